/**
 * Fuzzy search over a glossary's forms with fuse.js, shared by completion and the "Search
 * Glossary" command. fuse.js scans every entry on each search, which is fine for the bundled
 * glossary but not for 100,000 terms on every keystroke; above {@link NARROW_ABOVE} entries the
 * search first narrows to the entries that have a word starting like one of the typed words (the
 * compiled glossary indexes forms by word), and makes entries for those only.
 */

import Fuse from 'fuse.js';
import type { CompiledGlossary, FormRef } from '../glossary/compiled';

/** One form of one concept, as fuse.js sees it. */
export interface FuzzyEntry {
  readonly text: string;
  readonly ref: FormRef;
  /** The form's normalized words. */
  readonly words: readonly string[];
}

/** A search result; `score` is fuse.js's (0 perfect, 1 no match). */
export interface FuzzyHit {
  readonly entry: FuzzyEntry;
  readonly score: number;
}

/** Glossaries with more forms than this are narrowed by word prefix before fuse.js runs. */
const NARROW_ABOVE = 5000;

/** Length of the word prefixes large glossaries are narrowed by (shorter typed words use their own length). */
const PREFIX_LENGTH = 3;

const FUSE_OPTIONS = { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.4, useExtendedSearch: true };

/**
 * Most forms of one concept a narrowed search looks at. A concept with tens of thousands of
 * aliases that share a word ("Alias Term 1" … "Alias Term 64000") would otherwise put every one of
 * them into fuse.js on each keystroke (fuse.js builds its index per search here), and one concept
 * appears once in a completion list anyway. Its first forms are kept (the preferred term first);
 * the others are still found by prefix, only not with typos.
 */
const MAX_FORMS_PER_CONCEPT = 32;

/** The entries of the forms numbered `forms` (ascending), at most `max` per concept. */
function perConcept(glossary: CompiledGlossary, forms: Int32Array, max: number): FuzzyEntry[] {
  const entries: FuzzyEntry[] = [];
  let concept = -1;
  let end = 0;
  let kept = 0;
  for (const n of forms) {
    if (n >= end) {
      // Forms are numbered through the concepts in order: find the one this form starts.
      const ref = glossary.formRef(n);
      concept = ref.concept;
      end = glossary.formNumber({ concept, form: 0 }) + glossary.concepts[concept]!.forms.length;
      kept = 0;
    }
    if (kept++ < max) entries.push(entryOf(glossary, n));
  }
  return entries;
}

/** Small glossaries: every entry, and fuse.js's index over them, kept for the next search. */
const smallIndexes = new WeakMap<CompiledGlossary, Fuse<FuzzyEntry>>();

/** The entry of form number `n`. */
function entryOf(glossary: CompiledGlossary, n: number): FuzzyEntry {
  const ref = glossary.formRef(n);
  return { text: glossary.form(ref).text, ref, words: glossary.formWords(n) };
}

/**
 * The entries matching `query` best first (fuse.js extended search: each typed word is matched
 * fuzzily on its own), at most `limit`, keeping only forms `accept` allows. In a large glossary a
 * typo in the first letters of every typed word is not found: that is the price of narrowing.
 */
export function fuzzySearch(glossary: CompiledGlossary, query: string, limit: number, accept: (entry: FuzzyEntry) => boolean): FuzzyHit[] {
  let fuse = smallIndexes.get(glossary);
  if (!fuse && glossary.formCount <= NARROW_ABOVE) {
    fuse = new Fuse(
      Array.from({ length: glossary.formCount }, (_, n) => entryOf(glossary, n)),
      FUSE_OPTIONS,
    );
    smallIndexes.set(glossary, fuse);
  }
  if (!fuse) {
    let narrowest: Int32Array | undefined;
    for (const word of query.split(' ')) {
      if (word.length < 2) continue;
      const bucket = glossary.formsWithWordPrefix(word.slice(0, PREFIX_LENGTH));
      if (!narrowest || bucket.length < narrowest.length) narrowest = bucket;
    }
    if (!narrowest || narrowest.length === 0) return [];
    fuse = new Fuse(perConcept(glossary, narrowest, MAX_FORMS_PER_CONCEPT), FUSE_OPTIONS);
  }
  const hits: FuzzyHit[] = [];
  for (const r of fuse.search(query, { limit: limit * 4 })) {
    if (!accept(r.item)) continue;
    hits.push({ entry: r.item, score: r.score ?? 1 });
    if (hits.length >= limit) break;
  }
  return hits;
}
