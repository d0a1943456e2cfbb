/**
 * Fuzzy search over a glossary's forms with fuse.js, shared by completion and the "Search
 * Glossary" command. fuse.js scans every entry on each search, which is fine for the bundled
 * glossary but not for 100,000 terms on every keystroke; above {@link NARROW_ABOVE} entries the
 * search first narrows to the entries that have a word starting like the typed word that narrows
 * most (the compiled glossary indexes forms by word), and of those fuse.js searches the
 * {@link NARROWED_LIMIT} best placed (see {@link narrowedEntries}).
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

/**
 * Most entries fuse.js searches in a narrowed search. A short, common prefix ("con", "vol") leaves
 * thousands of forms at 100,000 terms, and fuse.js costs per entry searched (and per entry indexed:
 * its index is built per narrowed query); a completion list shows 50.
 */
export const NARROWED_LIMIT = 256;

const FUSE_OPTIONS = { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.4, useExtendedSearch: true };

/**
 * Most forms of one concept a narrowed search looks at. A concept with tens of thousands of
 * aliases that share a word ("Alias Term 1" … "Alias Term 64000") would otherwise fill the
 * narrowed entries on its own, and one concept appears once in a completion list anyway. Its
 * first forms are kept (the preferred term first); the others are still found by prefix, only not
 * with typos.
 */
const MAX_FORMS_PER_CONCEPT = 32;

/** Word prefixes whose ranked forms a large glossary keeps, and narrowed queries whose fuse.js index it keeps (least recently used dropped). */
const PREFIXES_KEPT = 128;
const QUERIES_KEPT = 32;

/** What a large glossary keeps between narrowed searches. */
interface Narrowing {
  readonly facts: FormFacts;
  /** Per word prefix: its {@link rankedForms}. */
  readonly prefixes: Map<string, Int32Array>;
  /** Per query: fuse.js over its narrowed entries (null: none). */
  readonly queries: Map<string, Fuse<FuzzyEntry> | null>;
}

const narrowings = new WeakMap<CompiledGlossary, Narrowing>();

/** Small glossaries: every entry, and fuse.js's index over them, kept for the next search. */
const smallIndexes = new WeakMap<CompiledGlossary, Fuse<FuzzyEntry>>();

/** The value of `key`, made by `make` when absent, in a map kept to `max` entries by recency of use. */
function cached<V>(map: Map<string, V>, key: string, max: number, make: () => V): V {
  let value = map.get(key);
  if (value !== undefined) {
    map.delete(key);
  } else {
    value = make();
    if (map.size >= max) map.delete(map.keys().next().value!);
  }
  map.set(key, value);
  return value;
}

/** The entry of form number `n`. */
function entryOf(glossary: CompiledGlossary, n: number): FuzzyEntry {
  const ref = glossary.formRef(n);
  return { text: glossary.form(ref).text, ref, words: glossary.formWords(n) };
}

/**
 * The entry of form number `n` of concept `concept` in a large glossary: its words are listed
 * when asked for, as few of the entries fuse.js searches are among the results.
 */
class NarrowedEntry implements FuzzyEntry {
  readonly text: string;
  readonly ref: FormRef;
  private listed: readonly string[] | undefined;

  constructor(
    private readonly glossary: CompiledGlossary,
    private readonly n: number,
    concept: number,
  ) {
    const form = n - glossary.formNumber({ concept, form: 0 });
    this.ref = { concept, form };
    this.text = glossary.concepts[concept]!.forms[form]!.text;
  }

  get words(): readonly string[] {
    return (this.listed ??= this.glossary.formWords(this.n));
  }
}

/** The entries of form numbers `forms` of a large glossary. */
function narrowedEntriesOf(glossary: CompiledGlossary, conceptOf: Int32Array, forms: Int32Array): FuzzyEntry[] {
  const entries: FuzzyEntry[] = [];
  for (const n of forms) entries.push(new NarrowedEntry(glossary, n, conceptOf[n]!));
  return entries;
}

/**
 * Per form number of a large glossary, its concept and its rank key: the order in which forms
 * compete for the {@link NARROWED_LIMIT} places when what is typed does not tell them apart.
 * Forms completion offers (preferred and admitted) come before the others, then fewer words
 * (fuse.js ranks shorter texts higher too, and a short term is the general one that longer ones
 * refine), then shorter text; glossary order breaks ties. Made in one pass over the concepts on
 * the first narrowed search: reading the forms in order costs a tenth of reading a prefix's forms
 * scattered through the glossary on every new prefix.
 */
interface FormFacts {
  readonly conceptOf: Int32Array;
  readonly rankKey: Int32Array;
}

function formFacts(glossary: CompiledGlossary): FormFacts {
  const conceptOf = new Int32Array(glossary.formCount);
  const rankKey = new Int32Array(glossary.formCount);
  let n = 0;
  glossary.concepts.forEach((concept, ci) => {
    for (const form of concept.forms) {
      const offered = form.status === 'preferred' || form.status === 'admitted' ? 0 : 1;
      rankKey[n] = ((offered * 256 + Math.min(glossary.formWordCount(n), 255)) << 16) + Math.min(form.text.length, 65535);
      conceptOf[n++] = ci;
    }
  });
  return { conceptOf, rankKey };
}

/** The forms with a word starting with `prefix`, at most {@link MAX_FORMS_PER_CONCEPT} per concept (its first ones), in {@link FormFacts} rank order. */
function rankedForms(glossary: CompiledGlossary, facts: FormFacts, prefix: string): Int32Array {
  const { conceptOf, rankKey } = facts;
  const forms = glossary.formsWithWordPrefix(prefix);
  // Each kept form's rank key and number in one float (integers below 2^53), so a typed-array sort orders them.
  const scale = 2 ** Math.ceil(Math.log2(glossary.formCount + 1));
  const keys = new Float64Array(forms.length);
  let length = 0;
  let concept = -1;
  let count = 0;
  for (const n of forms) {
    // Ascending form numbers: the forms of one concept are together.
    if (conceptOf[n] !== concept) {
      concept = conceptOf[n]!;
      count = 0;
    }
    if (count++ < MAX_FORMS_PER_CONCEPT) keys[length++] = rankKey[n]! * scale + n;
  }
  const sorted = keys.subarray(0, length).sort();
  const ranked = new Int32Array(length);
  for (let i = 0; i < length; i++) ranked[i] = sorted[i]! % scale;
  return ranked;
}

/** Most typed words that count for a form's agreement with the query (see {@link narrowedForms}). */
const MAX_AGREEING_WORDS = 8;

/** Length of the common prefix of `a` and `b`. */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/**
 * The form numbers fuse.js searches for `query` in a large glossary: of the forms with a word
 * starting with the prefix of the typed word that narrows most, the {@link NARROWED_LIMIT} that
 * agree best with what was typed — for each typed word, the most characters any word of the form
 * starts with — then in {@link rankedForms} order. So a form whose words start with the whole typed
 * words comes first, and a typo after the first letters still finds forms that share the letters
 * before it. Undefined when no typed word has two characters.
 */
function narrowedForms(glossary: CompiledGlossary, narrowing: Narrowing, typed: readonly string[]): Int32Array | undefined {
  let narrowest: string | undefined;
  let uses = Infinity;
  for (const word of typed) {
    if (word.length < 2) continue;
    const prefix = word.slice(0, PREFIX_LENGTH);
    const n = glossary.wordPrefixUses(prefix);
    if (n < uses) [narrowest, uses] = [prefix, n];
  }
  if (narrowest === undefined) return undefined;
  const prefix = narrowest;
  const ranked = cached(narrowing.prefixes, prefix, PREFIXES_KEPT, () => rankedForms(glossary, narrowing.facts, prefix));
  if (ranked.length <= NARROWED_LIMIT) return ranked;
  // A single typed word no longer than the prefix agrees equally with every form of it.
  if (typed.length === 1 && typed[0] === prefix) return ranked.subarray(0, NARROWED_LIMIT);
  const agreement = new Int32Array(ranked.length);
  let most = 0;
  // A query as long as a paragraph (the search command takes what is typed) is placed by its first words.
  const agreeing = typed.slice(0, MAX_AGREEING_WORDS);
  ranked.forEach((n, i) => {
    let sum = 0;
    for (const t of agreeing) {
      let best = 0;
      for (let d = 0; d < glossary.formWordCount(n) && best < t.length; d++) best = Math.max(best, commonPrefix(t, glossary.formWord(n, d)));
      sum += best;
    }
    agreement[i] = sum;
    most = Math.max(most, sum);
  });
  // Counting sort by agreement, most first, keeping the ranked order within each.
  const counts = new Int32Array(most + 2);
  for (const a of agreement) counts[most - a + 1]!++;
  for (let i = 1; i < counts.length; i++) counts[i]! += counts[i - 1]!;
  const out = new Int32Array(ranked.length);
  ranked.forEach((n, i) => (out[counts[most - agreement[i]!]!++] = n));
  return out.subarray(0, NARROWED_LIMIT);
}

/** The words of a query as fuse.js's extended search splits it (single spaces). */
function queryWords(query: string): string[] {
  return query.split(' ').filter((w) => w !== '');
}

/**
 * The entries a search for `query` hands to fuse.js in order: every form in a small glossary;
 * in a large one (more than 5,000 forms) at most {@link NARROWED_LIMIT}, the best placed of the
 * forms with a word starting like one typed word (none when no typed word has two characters).
 */
export function narrowedEntries(glossary: CompiledGlossary, query: string): FuzzyEntry[] {
  if (glossary.formCount <= NARROW_ABOVE) return Array.from({ length: glossary.formCount }, (_, n) => entryOf(glossary, n));
  const narrowing = narrowingOf(glossary);
  const forms = narrowedForms(glossary, narrowing, queryWords(query));
  return forms ? narrowedEntriesOf(glossary, narrowing.facts.conceptOf, forms) : [];
}

function narrowingOf(glossary: CompiledGlossary): Narrowing {
  let narrowing = narrowings.get(glossary);
  if (!narrowing) narrowings.set(glossary, (narrowing = { facts: formFacts(glossary), prefixes: new Map(), queries: new Map() }));
  return narrowing;
}

/**
 * The entries matching `query` best first (fuse.js extended search: each typed word is matched
 * fuzzily on its own), at most `limit`, keeping only forms `accept` allows. In a large glossary a
 * typo in the first letters of every typed word is not found, nor a form outside the best placed
 * {@link NARROWED_LIMIT}: that is the price of narrowing.
 */
export function fuzzySearch(glossary: CompiledGlossary, query: string, limit: number, accept: (entry: FuzzyEntry) => boolean): FuzzyHit[] {
  let fuse = smallIndexes.get(glossary);
  if (!fuse && glossary.formCount <= NARROW_ABOVE) {
    fuse = new Fuse(narrowedEntries(glossary, query), FUSE_OPTIONS);
    smallIndexes.set(glossary, fuse);
  }
  if (!fuse) {
    const narrowing = narrowingOf(glossary);
    // Completion asks again for the same query as the user types on (the list is incomplete) and
    // for every run of trailing words: the index over a query's narrowed entries is kept.
    const narrowed = cached(narrowing.queries, query, QUERIES_KEPT, () => {
      const forms = narrowedForms(glossary, narrowing, queryWords(query));
      return forms && forms.length > 0 ? new Fuse(narrowedEntriesOf(glossary, narrowing.facts.conceptOf, forms), FUSE_OPTIONS) : null;
    });
    if (!narrowed) return [];
    fuse = narrowed;
  }
  const hits: FuzzyHit[] = [];
  for (const r of fuse.search(query, { limit: limit * 4 })) {
    if (!accept(r.item)) continue;
    hits.push({ entry: r.item, score: r.score ?? 1 });
    if (hits.length >= limit) break;
  }
  return hits;
}
