/** Hover: the glossary entry of the term under the cursor. */

import type { ParsedDocument } from '../text/document';
import { occurrenceAt } from '../text/document';
import { renderConceptHover } from './render';

/** A hover as plain data: the Markdown explaining the term and the offsets of the term in the document text. */
export interface TermHover {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/** The hover for the term at `offset`, if any. Works in prose, comments, strings and identifiers. */
export function computeHover(doc: ParsedDocument, offset: number): TermHover | undefined {
  const occ = occurrenceAt(doc, offset);
  if (!occ) return undefined;
  const glossary = doc.glossary;
  const concept = glossary.concepts[occ.ref.concept]!;
  const form = glossary.form(occ.ref);
  const markdown = renderConceptHover(concept, {
    misspelledAs: occ.match === 'misspelled' ? doc.text.slice(occ.start, occ.end) : undefined,
    matchedForm: form.status === 'deprecated' || form.status === 'forbidden' ? form : undefined,
    resolveRelated: (name: string) => glossary.lookup(name),
  });
  return { markdown, start: occ.start, end: occ.end };
}
