/** Hover: the glossary entry of the term under the cursor. */

import type { ParsedDocument } from '../text/document';
import { occurrenceAt } from '../text/document';
import type { Range } from '../text/lineIndex';
import { renderConceptHover } from './render';

/** A hover, shaped like an LSP `Hover` with Markdown contents. */
export interface TermHover {
  readonly contents: { readonly kind: 'markdown'; readonly value: string };
  readonly range: Range;
}

/** The hover for the term at `offset`, if any. Works in prose, comments, strings and identifiers. */
export function computeHover(doc: ParsedDocument, offset: number): TermHover | undefined {
  const occ = occurrenceAt(doc, offset);
  if (!occ) return undefined;
  const glossary = doc.glossary;
  const concept = glossary.concepts[occ.ref.concept]!;
  const form = glossary.form(occ.ref);
  const value = renderConceptHover(concept, {
    misspelledAs: occ.match === 'misspelled' ? doc.text.slice(occ.start, occ.end) : undefined,
    matchedForm: form.status === 'deprecated' || form.status === 'forbidden' ? form : undefined,
    resolveRelated: (name: string) => glossary.lookup(name),
  });
  return { contents: { kind: 'markdown', value }, range: doc.lines.range(occ.start, occ.end) };
}
