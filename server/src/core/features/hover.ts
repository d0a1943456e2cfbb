/** Hover: the glossary entry of the term under the cursor. */

import type { CompiledGlossary } from '../glossary/compiled';
import type { Concept, TermForm } from '../glossary/model';
import type { ParsedDocument } from '../text/document';
import { occurrenceAt } from '../text/document';
import { renderConceptHover, renderOtherContexts, type OtherContextDefinition } from './render';

/** A hover as plain data: the Markdown explaining the term and the offsets of the term in the document text. */
export interface TermHover {
  readonly markdown: string;
  readonly start: number;
  readonly end: number;
}

/** Where the definitions of a document's glossary come from (glossary contexts: folders, packages), for {@link computeHover}. */
export interface HoverContexts {
  /** The context to name for `concept` (`desk/ glossary`), or undefined; `others`: whether other contexts' definitions follow. */
  contextOf?(concept: Concept, others: boolean): string | undefined;
  /** The definitions `form` has in farther contexts that also apply, nearest first. */
  alternatives?(form: TermForm): readonly OtherContextDefinition[];
}

/**
 * Rendered entries per glossary and concept, by context: a glossary is immutable once compiled
 * (a reload makes a new one), so an entry renders the same until its glossary is dropped.
 */
const renderedEntries = new WeakMap<CompiledGlossary, WeakMap<Concept, Map<string, string>>>();

function rendered(glossary: CompiledGlossary, concept: Concept, context: string, render: () => string): string {
  let byConcept = renderedEntries.get(glossary);
  if (!byConcept) renderedEntries.set(glossary, (byConcept = new WeakMap()));
  let byContext = byConcept.get(concept);
  if (!byContext) byConcept.set(concept, (byContext = new Map()));
  let markdown = byContext.get(context);
  if (markdown === undefined) byContext.set(context, (markdown = render()));
  return markdown;
}

/**
 * The hover for the term at `offset`, if any. Works in prose, comments, strings and identifiers.
 * With `contexts`, the definition is named by its context when it should be, and the definitions
 * the matched form has in farther contexts follow it, nearest first.
 */
export function computeHover(doc: ParsedDocument, offset: number, contexts?: HoverContexts): TermHover | undefined {
  const occ = occurrenceAt(doc, offset);
  if (!occ) return undefined;
  const glossary = doc.glossary;
  const concept = glossary.concepts[occ.ref.concept]!;
  const form = glossary.form(occ.ref);
  const others = contexts?.alternatives?.(form) ?? [];
  const context = contexts?.contextOf?.(concept, others.length > 0);
  const misspelledAs = occ.match === 'misspelled' ? doc.text.slice(occ.start, occ.end) : undefined;
  const matchedForm = form.status === 'deprecated' || form.status === 'forbidden' ? form : undefined;
  const render = (): string =>
    renderConceptHover(concept, {
      misspelledAs,
      matchedForm,
      resolveRelated: (name: string) => glossary.lookup(name),
      ...(context !== undefined ? { context } : {}),
    });
  // Most hovers are of correctly written terms, whose entry renders the same every time.
  const markdown = misspelledAs === undefined && matchedForm === undefined ? rendered(glossary, concept, context ?? '', render) : render();
  return { markdown: others.length > 0 ? `${markdown}\n\n${renderOtherContexts(others)}` : markdown, start: occ.start, end: occ.end };
}
