/**
 * Finding glossary terms in a run of tokens: leftmost-longest matching over the glossary's token
 * trie (linear in the number of tokens, whatever the glossary's size), plus near misses of
 * multi-word terms (`Hesten Model`) found through a deletion-neighbourhood index of the
 * glossary's vocabulary, so that no loop ever runs over the terms.
 */

import { isAcronym, MAX_VOCABULARY_WORD, type CompiledGlossary, type FormInfo, type FormRef, type TrieNode } from '../glossary/compiled';
import { editDistance } from './editDistance';
import type { RegionKind } from './regions';
import { joins, singularCandidates, type Token } from './tokens';

/** A glossary term found in a document. */
export interface Occurrence {
  /** Offsets of the matched text. */
  readonly start: number;
  readonly end: number;
  /** The concept matched and the form the text was matched against (for a near miss: the intended form). */
  readonly ref: FormRef;
  /** `exact`: the text is this form, up to case, separators and plural/possessive. `misspelled`: a near miss. */
  readonly match: 'exact' | 'misspelled';
  readonly region: RegionKind;
  /** The document tokens matched. */
  readonly tokens: readonly Token[];
}

/** Options for {@link findOccurrences}. */
export interface MatchOptions {
  /** Look for near misses of multi-word terms too. Default true. */
  readonly nearMisses?: boolean;
}

/**
 * Finds the terms in one region's tokens. `text` is the whole document; tokens index into it.
 * Overlaps are resolved leftmost-longest, exact matches winning ties over near misses.
 */
export function findOccurrences(
  text: string,
  tokens: readonly Token[],
  region: RegionKind,
  glossary: CompiledGlossary,
  options: MatchOptions = {},
): Occurrence[] {
  const candidates: Occurrence[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const found = longestAt(text, tokens, i, region, glossary);
    if (found) candidates.push(found);
  }
  const strong = new Set<Occurrence>();
  if (options.nearMisses !== false && region !== 'identifier') {
    candidates.push(...nearMisses(text, tokens, region, glossary, strong));
  }
  return resolveOverlaps(
    candidates,
    (c) => strong.has(c),
    (c) => c.match === 'exact' && !glossary.formInfo(c.ref).proper.some(Boolean),
  );
}

function longestAt(text: string, tokens: readonly Token[], i: number, region: RegionKind, glossary: CompiledGlossary): Occurrence | undefined {
  let node: TrieNode | undefined = glossary.root;
  let best: { end: number; ref: FormRef } | undefined;
  for (let j = i; j < tokens.length && node; j++) {
    const tok = tokens[j]!;
    if (j > i && !joins(tok.sep)) break;
    // The last word of a form may appear in the plural: try singular shapes as terminals.
    for (const singular of singularCandidates(tok.norm)) {
      const ref = acceptable(node.children.get(singular)?.terminal, text, tokens, i, j, region, glossary);
      if (ref) best = { end: j, ref };
    }
    node = node.children.get(tok.norm);
    const ref = acceptable(node?.terminal, text, tokens, i, j, region, glossary);
    if (ref) best = { end: j, ref };
  }
  if (!best) return undefined;
  const matched = tokens.slice(i, best.end + 1);
  return { start: matched[0]!.start, end: matched[matched.length - 1]!.end, ref: best.ref, match: 'exact', region, tokens: matched };
}

/**
 * Picks the form a match stands for among those ending at a trie node. A lone acronym (`BSM`,
 * `SPAN`) matches prose only in its own case, so the English word "span" is never the SPAN
 * acronym; in identifiers it matches in any case unless it is also an English word. A
 * case-sensitive form (`IPv4`, `Put`) matches only as written (see {@link writtenAsForm}).
 */
function acceptable(
  terminal: readonly FormRef[] | undefined,
  text: string,
  tokens: readonly Token[],
  i: number,
  j: number,
  region: RegionKind,
  glossary: CompiledGlossary,
): FormRef | undefined {
  if (!terminal) return undefined;
  let fallback: FormRef | undefined;
  for (const ref of terminal) {
    const info = glossary.formInfo(ref);
    if (info.acronymOnly) {
      const tok = tokens[i]!;
      const surface = text.slice(tok.start, tok.wordEnd);
      const formWord = info.form.text.slice(info.tokens[0]!.start, info.tokens[0]!.wordEnd);
      const ok = region === 'identifier' ? surface === formWord || !glossary.dictionary.has(tok.norm) : surface === formWord;
      if (!ok || i !== j) continue;
    }
    if (info.form.caseSensitive && !writtenAsForm(text, tokens, i, j, -1, info, region, glossary)) continue;
    // Prefer a form whose written shape equals the surface, so variant checks see the closest form.
    if (surfaceEquals(text, tokens, i, j, info.form.text)) return ref;
    fallback ??= ref;
  }
  return fallback;
}

/**
 * Whether document tokens `i..j` spell a case-sensitive form's words in its case (the last word
 * may add a plural ending: `Puts` for `Put`); token `skip` (a near miss's misspelt word) is not
 * compared. In identifiers, whose case the naming style decides (`ipv4_address`, `IPV4_ADDR`), a
 * word in another case also counts when it is not an English word, as for lone acronyms; so
 * `put_value` is not the term `Put`.
 */
function writtenAsForm(
  text: string,
  tokens: readonly Token[],
  i: number,
  j: number,
  skip: number,
  info: FormInfo,
  region: RegionKind,
  glossary: CompiledGlossary,
): boolean {
  if (j - i + 1 !== info.tokens.length) return false;
  for (let k = i; k <= j; k++) {
    if (k === skip) continue;
    const tok = tokens[k]!;
    const ft = info.tokens[k - i]!;
    const have = text.slice(tok.start, tok.wordEnd);
    const want = info.form.text.slice(ft.start, ft.wordEnd);
    if (have === want || (k === j && tok.norm !== ft.norm && have.startsWith(want))) continue;
    if (region === 'identifier' && !glossary.dictionary.has(ft.norm)) continue;
    return false;
  }
  return true;
}

function surfaceEquals(text: string, tokens: readonly Token[], i: number, j: number, formText: string): boolean {
  return text.slice(tokens[i]!.start, tokens[j]!.wordEnd) === formText;
}

/** Shortest word a near miss may differ in at the edge of a term: four-letter words are too often other names ("Stan" beside "SPAN"). */
const MIN_NEAR_MISS_LENGTH = 5;
/** Shortest odd word at the last word of a term whose exact words include a proper name (`Black-Scholes-Merton Modl`). */
const MIN_PROPER_TAIL_NEAR_MISS_LENGTH = 4;
/** Shortest odd word between two exact words of a term (`Black-Scholes Mdel Failure`). */
const MIN_INTERIOR_NEAR_MISS_LENGTH = 4;
/** Shortest odd word of all: between two exact words, with at least three exact words in the term (`Hybrid Order Bok Model`). */
const MIN_SHORT_INTERIOR_NEAR_MISS_LENGTH = 3;
/** Exact words a near miss with a three-letter odd word needs (three-letter words are mostly English: "bok", "mod"). */
const SHORT_INTERIOR_EXACT_WORDS = 3;

/**
 * Near misses of multi-word terms: every word but one is the term's, and that one is one edit
 * (insertion, deletion, substitution or transposition) away from the term's word and starts with
 * the same letter; the term's word is not an acronym (acronyms are not misspelt, they are other
 * acronyms). Where the odd word stands decides how much more evidence is needed:
 *
 * - between two exact words of the term (`Economic Deign Failure`): four letters or more, English
 *   or not; three letters (`Hybrid Order Bok Model`, "bok" is in the word list) only when at
 *   least three words of the term are exact;
 * - at the last word, when an exact word of the term is a proper name in the glossary
 *   (`Black-Scholes-Merton Modl`, `Heston Modl`): four letters or more and not an English word,
 *   so "Heston Mode" and "Black-Scholes-Merton modes" stay English;
 * - at any other edge: five letters or more and not an English word, so "security modes",
 *   "order book mode" and "Stan models" (no proper word, and "Stan" is first) stay English.
 *
 * A near miss is *strong* (see {@link resolveOverlaps}) when its odd word is written capitalised,
 * is not an English word, and stands for a word the glossary treats as a proper name (`Hesten`
 * for `Heston`): a misspelt name beside an exact partner word of its term. Strong near misses
 * are added to `strong`.
 */
function nearMisses(text: string, tokens: readonly Token[], region: RegionKind, glossary: CompiledGlossary, strong: Set<Occurrence>): Occurrence[] {
  const out: Occurrence[] = [];
  const vocabulary = glossary.vocabulary;
  if (vocabulary.size === 0) return out;
  // Words repeat within a region: look each one's neighbours up once.
  const neighbourCache = new Map<string, readonly string[]>();
  for (let p = 0; p < tokens.length; p++) {
    const tok = tokens[p]!;
    const w = tok.norm;
    if (w.length < MIN_SHORT_INTERIOR_NEAR_MISS_LENGTH || vocabulary.has(w) || /\d/.test(w)) continue;
    // A plural of a term's word ("K-Folds cross-validation" for "k-fold cross-validation") is the word, not a slip.
    if (singularCandidates(w).some((singular) => vocabulary.has(singular))) continue;
    // Cheap filter first: a misspelt word of a multi-word term stands next to one of its words.
    const prevKnown = p > 0 && joins(tok.sep) && vocabulary.has(tokens[p - 1]!.norm);
    const nextKnown = p + 1 < tokens.length && joins(tokens[p + 1]!.sep) && vocabulary.has(tokens[p + 1]!.norm);
    if (!prevKnown && !nextKnown) continue;
    if (w.length < MIN_INTERIOR_NEAR_MISS_LENGTH && !(prevKnown && nextKnown)) continue;
    let targets = neighbourCache.get(w);
    if (!targets) neighbourCache.set(w, (targets = neighbours(w, glossary)));
    if (targets.length === 0) continue;
    const english = glossary.dictionary.has(w);
    const edgeAllowed = w.length >= MIN_NEAR_MISS_LENGTH && !english;
    const first0 = text[tok.start] ?? '';
    const capitalised = first0 !== first0.toLowerCase();
    let first = p;
    while (first > 0 && p - first + 1 < glossary.maxFormTokens && joins(tokens[first]!.sep)) first--;
    for (let s = first; s <= p; s++) {
      // Walk the trie over the exact words before the misspelt one, then try each neighbour in its place.
      let node: TrieNode | undefined = glossary.root;
      for (let k = s; k < p && node; k++) node = node.children.get(tokens[k]!.norm);
      if (!node) continue;
      for (const target of targets) {
        const found = completeNearMiss(text, tokens, s, p, node.children.get(target), region, glossary);
        if (!found) continue;
        const interior = s < p && p < found.end;
        const exactWords = found.end - s;
        let allowed: boolean;
        if (interior) allowed = w.length >= MIN_INTERIOR_NEAR_MISS_LENGTH || exactWords >= SHORT_INTERIOR_EXACT_WORDS;
        else if (w.length < MIN_INTERIOR_NEAR_MISS_LENGTH) allowed = false;
        else if (edgeAllowed) allowed = true;
        else {
          const proper = glossary.formInfo(found.ref).proper;
          allowed = s < p && p === found.end && w.length >= MIN_PROPER_TAIL_NEAR_MISS_LENGTH && !english && proper.slice(0, p - s).some(Boolean);
        }
        if (!allowed) continue;
        const matched = tokens.slice(s, found.end + 1);
        const occurrence: Occurrence = {
          start: matched[0]!.start,
          end: matched[matched.length - 1]!.end,
          ref: found.ref,
          match: 'misspelled',
          region,
          tokens: matched,
        };
        if (capitalised && !english && glossary.formInfo(found.ref).proper[p - s]) strong.add(occurrence);
        out.push(occurrence);
      }
    }
  }
  return out;
}

/**
 * From the trie node reached through the misspelt word at `p`, continues over the exact words
 * after it and returns the longest multi-word preferred or admitted form that ends on the way.
 * The exact words of a case-sensitive form must be written in its case.
 */
function completeNearMiss(
  text: string,
  tokens: readonly Token[],
  s: number,
  p: number,
  start: TrieNode | undefined,
  region: RegionKind,
  glossary: CompiledGlossary,
): { end: number; ref: FormRef } | undefined {
  let best: { end: number; ref: FormRef } | undefined;
  const accept = (terminal: readonly FormRef[] | undefined, end: number) => {
    for (const ref of terminal ?? []) {
      const info = glossary.formInfo(ref);
      if (info.tokens.length < 2 || (info.form.status !== 'preferred' && info.form.status !== 'admitted')) continue;
      const word = info.tokens[p - s]!;
      if (isAcronym(info.form.text.slice(word.start, word.wordEnd))) continue;
      if (info.form.caseSensitive && !writtenAsForm(text, tokens, s, end, p, info, region, glossary)) continue;
      best = { end, ref };
      return;
    }
  };
  let node = start;
  accept(node?.terminal, p);
  for (let j = p + 1; j < tokens.length && node; j++) {
    if (!joins(tokens[j]!.sep)) break;
    for (const singular of singularCandidates(tokens[j]!.norm)) accept(node.children.get(singular)?.terminal, j);
    node = node.children.get(tokens[j]!.norm);
    accept(node?.terminal, j);
  }
  return best;
}

/** Vocabulary words one edit from `w` that start with the same letter. */
function neighbours(w: string, glossary: CompiledGlossary): string[] {
  // A word one edit from a vocabulary word is at most one letter longer; generating the deletions
  // of a longer one would cost the square of its length (a 100,000-letter word, a base64 blob).
  if (w.length > MAX_VOCABULARY_WORD + 1) return [];
  const index = deletionIndex(glossary);
  const seen = new Set<string>();
  const result: string[] = [];
  const consider = (key: string) => {
    for (const candidate of index.get(key) ?? []) {
      if (seen.has(candidate)) continue;
      seen.add(candidate);
      if (candidate[0] === w[0] && editDistance(w, candidate, 1) <= 1) result.push(candidate);
    }
  };
  consider(w);
  for (let i = 0; i < w.length; i++) consider(w.slice(0, i) + w.slice(i + 1));
  return result;
}

const deletionIndexes = new WeakMap<CompiledGlossary, Map<string, string[]>>();

/**
 * Maps each vocabulary word and each of its one-deletion shapes to the words it came from
 * (SymSpell's trick): two words one edit apart always share a key.
 */
function deletionIndex(glossary: CompiledGlossary): Map<string, string[]> {
  let index = deletionIndexes.get(glossary);
  if (index) return index;
  index = new Map();
  const add = (key: string, word: string) => {
    const list = index!.get(key);
    if (!list) index!.set(key, [word]);
    else if (list[list.length - 1] !== word) list.push(word);
  };
  for (const word of glossary.vocabulary.keys()) {
    if (word.length < MIN_INTERIOR_NEAR_MISS_LENGTH - 1) continue;
    add(word, word);
    for (let i = 0; i < word.length; i++) add(word.slice(0, i) + word.slice(i + 1), word);
  }
  deletionIndexes.set(glossary, index);
  return index;
}

/**
 * Keeps non-overlapping occurrences, leftmost-longest, exact before near miss on equal spans,
 * with one exception for compositional text. Finance terms chain ("Heston Model calibration" is
 * two terms sharing "Model"), so a near miss often overlaps an exact match of another term:
 * `The Hesten Model calibration` holds the exact common-noun term "Model calibration" and the
 * near miss `Hesten Model`. Longest-wins would keep "Model calibration" and hide the typo. So a
 * *strong* near miss (its odd word a capitalised non-English misspelling of a glossary proper
 * name, see {@link nearMisses}) beats an overlapping *weak* exact match (one of a different
 * concept whose form has no proper word: only common nouns, any case), whatever their lengths.
 * Both cannot be kept, since they share a token, so the exact match is dropped: the typo is the
 * finding that matters, and once fixed the text is matched again ("Heston Model calibration").
 * Every other overlap keeps the earlier candidate unless a later one that starts inside it is
 * longer overall; an exact match with a proper word (`Black-Scholes Model`) is never displaced
 * by a near miss of another term.
 */
function resolveOverlaps(candidates: Occurrence[], isStrong: (c: Occurrence) => boolean, isWeak: (c: Occurrence) => boolean): Occurrence[] {
  candidates.sort((a, b) => a.start - b.start || b.end - a.end || (a.match === b.match ? 0 : a.match === 'exact' ? -1 : 1));
  const overrides = (a: Occurrence, b: Occurrence) => a.ref.concept !== b.ref.concept && isStrong(a) && isWeak(b);
  const out: Occurrence[] = [];
  let lastEnd = -1;
  for (const c of candidates) {
    if (c.start < lastEnd) {
      // A longer candidate that starts inside the previous one replaces it only if it is longer overall.
      const prev = out[out.length - 1]!;
      const wins = overrides(c, prev) || (!overrides(prev, c) && c.end - c.start > prev.end - prev.start && c.start >= prev.start);
      if (wins) {
        out[out.length - 1] = c;
        lastEnd = c.end;
      }
      continue;
    }
    out.push(c);
    lastEnd = c.end;
  }
  return out;
}
