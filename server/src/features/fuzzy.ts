/**
 * Fuzzy search over a glossary's forms with fuse.js, shared by completion and the "Search
 * Glossary" command. fuse.js scans every entry on each search, which is fine for the bundled
 * glossary but not for 100,000 terms on every keystroke; above {@link NARROW_ABOVE} entries the
 * search first narrows to the entries that have a word starting like one of the typed words.
 */

import Fuse from 'fuse.js';
import type { CompiledGlossary, FormRef } from '../glossary/compiled';
import { tokenize } from '../text/tokens';

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

/** Length of the word prefixes the narrowing index is keyed by (shorter typed words use their own length). */
const PREFIX_LENGTH = 3;

const FUSE_OPTIONS = { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.4, useExtendedSearch: true };

interface FuzzyIndex {
  readonly entries: readonly FuzzyEntry[];
  fuse?: Fuse<FuzzyEntry>;
  /** Entry indexes by the first two and first three letters of each of their words. */
  byPrefix?: Map<string, number[]>;
}

const indexes = new WeakMap<CompiledGlossary, FuzzyIndex>();

function indexFor(glossary: CompiledGlossary): FuzzyIndex {
  let index = indexes.get(glossary);
  if (!index) {
    const entries: FuzzyEntry[] = [];
    glossary.concepts.forEach((concept, ci) =>
      concept.forms.forEach((form, fi) => entries.push({ text: form.text, ref: { concept: ci, form: fi }, words: tokenize(form.text).map((t) => t.norm) })),
    );
    index = { entries };
    indexes.set(glossary, index);
  }
  return index;
}

function prefixIndex(index: FuzzyIndex): Map<string, number[]> {
  if (index.byPrefix) return index.byPrefix;
  const byPrefix = new Map<string, number[]>();
  const add = (key: string, i: number) => {
    const list = byPrefix.get(key);
    if (!list) byPrefix.set(key, [i]);
    else if (list[list.length - 1] !== i) list.push(i);
  };
  index.entries.forEach((entry, i) => {
    for (const word of entry.words) {
      if (word.length >= 2) add(word.slice(0, 2), i);
      if (word.length >= PREFIX_LENGTH) add(word.slice(0, PREFIX_LENGTH), i);
    }
  });
  index.byPrefix = byPrefix;
  return byPrefix;
}

/**
 * The entries matching `query` best first (fuse.js extended search: each typed word is matched
 * fuzzily on its own), at most `limit`, keeping only forms `accept` allows. In a large glossary a
 * typo in the first letters of every typed word is not found: that is the price of narrowing.
 */
export function fuzzySearch(glossary: CompiledGlossary, query: string, limit: number, accept: (entry: FuzzyEntry) => boolean): FuzzyHit[] {
  const index = indexFor(glossary);
  let fuse: Fuse<FuzzyEntry>;
  if (index.entries.length <= NARROW_ABOVE) {
    fuse = index.fuse ??= new Fuse(index.entries as FuzzyEntry[], FUSE_OPTIONS);
  } else {
    const byPrefix = prefixIndex(index);
    let narrowest: number[] | undefined;
    for (const word of query.split(' ')) {
      if (word.length < 2) continue;
      const bucket = byPrefix.get(word.slice(0, PREFIX_LENGTH)) ?? [];
      if (!narrowest || bucket.length < narrowest.length) narrowest = bucket;
    }
    if (!narrowest || narrowest.length === 0) return [];
    fuse = new Fuse(narrowest.map((i) => index.entries[i]!), FUSE_OPTIONS);
  }
  const hits: FuzzyHit[] = [];
  for (const r of fuse.search(query, { limit: limit * 4 })) {
    if (!accept(r.item)) continue;
    hits.push({ entry: r.item, score: r.score ?? 1 });
    if (hits.length >= limit) break;
  }
  return hits;
}
