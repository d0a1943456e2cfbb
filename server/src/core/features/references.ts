/**
 * Find All References for a glossary concept: which concept a request names (a term in a
 * document, or an entry in a glossary file), its occurrences in one parsed document, and a cheap
 * test of whether a text could hold one at all, so that a workspace search parses only the files
 * that may. Pure: documents, glossaries and offsets in, offsets out; the language server walks the
 * workspace (`lsp/navigation.ts`).
 */

import type { CompiledGlossary } from '../glossary/compiled';
import { preferredTerm } from '../glossary/model';
import { occurrenceAt, type ParsedDocument } from '../text/document';
import type { RegionKind } from '../text/regions';
import type { GlossaryOutlineEntry } from './symbols';

/** One use of a concept in a document. */
export interface TermReference {
  /** Offsets of the text, `end` exclusive. */
  readonly start: number;
  readonly end: number;
  /** Index of the concept's form the text was matched as (`Concept.forms`). */
  readonly form: number;
  readonly region: RegionKind;
}

/** Where a concept's glossary entry writes its preferred term. */
export interface TermDeclaration {
  readonly uri: string;
  /** Offsets of the preferred term in the file, when they are known; else only the entry's line. */
  readonly start?: number;
  readonly end?: number;
  /** Zero-based line of the entry. */
  readonly line: number;
}

/**
 * The concept of the term at `offset` (its index in `doc.glossary`), near misses included (the
 * hover names the concept they were meant as); undefined off every term.
 */
export function conceptAt(doc: ParsedDocument, offset: number): number | undefined {
  return occurrenceAt(doc, offset)?.ref.concept;
}

/**
 * The concept of the glossary entry around `offset` in a glossary file: `entries` is the file's
 * outline (see `symbols.ts`), `uri` its URI. The entry is matched to the served concept defined in
 * that file with the same preferred term, else to whatever concept the glossary serves for that
 * term (the entry may be overridden by a later layer). Undefined outside every entry.
 */
export function conceptAtEntry(glossary: CompiledGlossary, uri: string, entries: readonly GlossaryOutlineEntry[], offset: number): number | undefined {
  const entry = entries.find((e) => offset >= e.start && offset <= e.end);
  return entry?.term === undefined ? undefined : conceptOfEntry(glossary, uri, entry.term.text);
}

/** The served concept a glossary entry of `uri` with the preferred term `term` stands for (see {@link conceptAtEntry}). */
export function conceptOfEntry(glossary: CompiledGlossary, uri: string, term: string): number | undefined {
  const wanted = term.trim();
  const own = glossary.concepts.findIndex((c) => c.origin?.uri === uri && preferredTerm(c) === wanted);
  if (own >= 0) return own;
  const found = glossary.lookup(wanted);
  return found ? glossary.indexOfId(found.id) : undefined;
}

/**
 * Every use of concept `concept` in `doc`, in document order: the text matched exactly as one of
 * its forms (any case, plural or possessive; near misses are not uses).
 */
export function findReferences(doc: ParsedDocument, concept: number): TermReference[] {
  const out: TermReference[] = [];
  for (const o of doc.occurrences) {
    if (o.ref.concept === concept && o.match === 'exact') out.push({ start: o.start, end: o.end, form: o.ref.form, region: o.region });
  }
  return out;
}

/** Where concept `concept` is declared: its preferred term in its glossary file, or undefined when it was not read from a file. */
export function declarationOf(glossary: CompiledGlossary, concept: number): TermDeclaration | undefined {
  const c = glossary.concepts[concept];
  const origin = c?.origin;
  if (!c || !origin) return undefined;
  const loc = c.forms[0]?.loc;
  return loc ? { uri: origin.uri, line: origin.line, start: loc.start, end: loc.end } : { uri: origin.uri, line: origin.line };
}

/** The shortest word worth searching for: shorter words are in almost every text, so they filter nothing. */
const MIN_NEEDLE = 3;

/**
 * Lower-case ASCII words of which a text holding any of `concepts`' forms must contain at least
 * one (one word per form, its longest), or undefined when some form has no such word (e.g. only
 * non-ASCII or two-letter words: every text must then be parsed). A form's words appear whole in
 * any match, except that its last word may be a plural (`volatilities` for `volatility`), so a
 * last word is searched without a final `y`.
 */
export function mentionNeedles(glossary: CompiledGlossary, concepts: Iterable<number>): string[] | undefined {
  const needles = new Set<string>();
  for (const ci of concepts) {
    const concept = glossary.concepts[ci];
    if (!concept) continue;
    for (let fi = 0; fi < concept.forms.length; fi++) {
      const words = glossary.formWords(glossary.formNumber({ concept: ci, form: fi }));
      let best = '';
      words.forEach((word, i) => {
        const w = i === words.length - 1 && word.endsWith('y') ? word.slice(0, -1) : word;
        if (/^[a-z0-9]+$/.test(w) && w.length > best.length) best = w;
      });
      if (best.length < MIN_NEEDLE) return undefined;
      needles.add(best);
    }
  }
  return [...needles];
}

/**
 * Whether `text` may hold a form whose needle is one of `needles` (see {@link mentionNeedles}):
 * false only when it surely does not. `lowerText` is the text in lower case.
 */
export function mayMention(lowerText: string, needles: readonly string[] | undefined): boolean {
  return needles === undefined || needles.some((n) => lowerText.includes(n));
}
