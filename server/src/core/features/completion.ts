/**
 * Completion of glossary terms: by prefix over several typed words ("black sch"), by abbreviation
 * or initials ("bsm", "svjd"), and fuzzily with fuse.js ("stoch vol jump"); exact prefix matches
 * rank first. In prose, comments and strings the preferred term is inserted; in a code identifier
 * the term is written in the identifier's style (`heston_model`, `hestonModel`), and the word being
 * typed completes inside a compound name (`calibrate_hes` → `calibrate_heston_model`).
 */

import type { CompiledGlossary, TrieNode } from '../glossary/compiled';
import { preferredTerm } from '../glossary/model';
import { regionAt, type ParsedDocument } from '../text/document';
import { continueIdentifier, defaultIdentifierStyle, detectIdentifierStyle, splitIdentifier, termWords, type IdentifierStyle } from '../text/identifiers';
import { joins, tokenize } from '../text/tokens';
import { fuzzySearch, type FuzzyEntry } from './fuzzy';
import { renderConceptHover, summarizeDefinition } from './render';

/** Options for {@link computeCompletions}. */
export interface CompletionOptions {
  /** Identifier style for code identifiers; `auto` (the default) follows what is typed, then the language. */
  readonly identifierStyle?: 'auto' | IdentifierStyle;
  /** Most items returned. Default 50. */
  readonly limit?: number;
  /** Whether the user asked explicitly (Ctrl+Space): then one typed character is enough. Default false. */
  readonly invoked?: boolean;
}

/**
 * What a completion item is: a term written as text in prose, comments and strings, or a term
 * written as a code identifier.
 */
export type TermCompletionKind = 'term' | 'identifier';

/** A completion item as plain data: the text to insert in place of the document text from `start` to `end` (offsets). */
export interface TermCompletionItem {
  /** What the list shows: the text inserted. */
  readonly label: string;
  readonly insertText: string;
  readonly start: number;
  readonly end: number;
  readonly kind: TermCompletionKind;
  /** The concept's kind and first area ("model · pricing"). */
  readonly detail: string;
  /** The term (or the form that matched) when it differs from what is inserted. */
  readonly shownAfter?: string;
  /** The start of the definition. */
  readonly description?: string;
  /** The replaced text as typed, what editors filter on. */
  readonly filterText: string;
  /** The glossary concept, which `completionItem/resolve` fills the documentation from. */
  readonly conceptId: string;
  /** The concept's full hover rendering (Markdown), filled on resolve. */
  readonly documentation?: string;
}

/** A completion list, best items first. */
export interface TermCompletionList {
  /** Always true when there are items: the list is recomputed as the user types, since ranking depends on every word. */
  readonly isIncomplete: boolean;
  readonly items: TermCompletionItem[];
}

/** How a candidate was found; lower ranks first among candidates covering as many typed words. */
const enum Tier {
  /** The typed words start the term ("black sch"). */
  Prefix = 0,
  /** Each typed word starts a word of the term, in order ("stoch vol jump"). */
  WordPrefix = 1,
  /** An abbreviation or the term's initials ("bsm", "svjd"). */
  Abbreviation = 2,
  /** A typo-tolerant fuse.js match ("hestn"): ranked after every other kind. */
  Fuzzy = 3,
}

interface Candidate {
  readonly concept: number;
  readonly form: number;
  readonly tier: Tier;
  /** Offset where the replaced text starts. */
  readonly from: number;
  /** How many typed words the candidate accounts for: more is better. */
  readonly words: number;
  /** Lower is better within a tier. */
  readonly score: number;
}

/**
 * Ranking: typo-tolerant matches last; otherwise the candidate that accounts for more of the typed
 * words first ("stoch vol jump" beats a prefix match of "jump" alone), then by tier and score.
 */
function compareCandidates(a: Candidate, b: Candidate): number {
  const fuzzyA = a.tier === Tier.Fuzzy ? 1 : 0;
  const fuzzyB = b.tier === Tier.Fuzzy ? 1 : 0;
  return fuzzyA - fuzzyB || b.words - a.words || a.tier - b.tier || a.score - b.score || a.from - b.from;
}

const EMPTY: TermCompletionList = { isIncomplete: false, items: [] };

/** Characters before the cursor that completion in prose looks at: more than any term's few words. */
const QUERY_WINDOW = 1024;
/** The longest word completion takes as typed; no glossary word is this long. */
const MAX_QUERY_WORD = 64;
/** The longest identifier completion takes as typed. */
const MAX_TYPED_IDENTIFIER = 256;

/** Completions at `offset`. */
export function computeCompletions(doc: ParsedDocument, offset: number, options: CompletionOptions = {}): TermCompletionList {
  const region = regionAt(doc, offset);
  if (!region || offset < region.start) return EMPTY;
  const limit = options.limit ?? 50;
  const glossary = doc.glossary;

  if (region.kind === 'identifier') {
    const typed = doc.text.slice(region.start, offset);
    if (typed.length < 2 || typed.length > MAX_TYPED_IDENTIFIER) return EMPTY;
    return identifierCompletions(doc, region.start, offset, typed, options, limit);
  }

  // Prose, comments and strings: the query is the last few words before the cursor on this line.
  const lineStart = doc.lines.lineStart(doc.lines.positionAt(offset).line);
  const from = Math.max(region.start, lineStart, offset - QUERY_WINDOW);
  const tokens = tokenize(doc.text, from, offset);
  // A word cut by the window is not what was typed; a word longer than any term's word (a base64
  // blob, a run of one letter) matches nothing, and fuzzy matching would cost per character.
  if (from === offset - QUERY_WINDOW && tokens[0]?.start === from) tokens.shift();
  let tooLong = tokens.length - 1;
  while (tooLong >= 0 && tokens[tooLong]!.end - tokens[tooLong]!.start <= MAX_QUERY_WORD) tooLong--;
  if (tooLong === tokens.length - 1 && tooLong >= 0) return EMPTY;
  if (tooLong >= 0) tokens.splice(0, tooLong + 1);
  const endsWithSpace = tokens.length === 0 || tokens[tokens.length - 1]!.end < offset;
  let first = tokens.length;
  while (first > 0 && tokens.length - first < glossary.maxFormTokens) {
    first--;
    if (!joins(tokens[first]!.sep)) break;
  }
  const trailing = tokens.slice(first);
  if (trailing.length === 0) return EMPTY;
  const typedChars = doc.text.slice(trailing[0]!.start, offset).trim().length;
  if (typedChars < (options.invoked ? 1 : 2)) return EMPTY;

  const candidates: Candidate[] = [];
  for (let k = trailing.length; k >= 1; k--) {
    const words = trailing.slice(trailing.length - k).map((t) => t.norm);
    if (endsWithSpace) words.push('');
    candidates.push(...prefixCandidates(glossary, words, trailing[trailing.length - k]!.start, true));
  }
  if (!endsWithSpace) {
    const last = trailing[trailing.length - 1]!;
    candidates.push(...initialsCandidates(glossary, last.norm, last.start));
  }
  candidates.push(...fuzzyCandidates(glossary, trailing, offset));
  return toList(doc, offset, candidates, limit, (c) => preferredTerm(glossary.concepts[c.concept]!), 'term');
}

/**
 * Completion inside a code identifier: the typed identifier (from the start of its region to the
 * cursor) is split into words, and the last k of them, for every k, are the query, so the word
 * being typed completes inside a compound name (`calibrate_hes` → `calibrate_heston_model`,
 * `priceBlackSch` → `priceBlackScholesMertonModel`). Candidates matching more typed words rank
 * first, so the whole identifier, when it starts a term, behaves as before. Every item replaces
 * the typed identifier up to the cursor, with the words before the match re-emitted as typed: the
 * replaced text and the filter text are the same for every item, which is what editors filter on.
 */
function identifierCompletions(
  doc: ParsedDocument,
  start: number,
  offset: number,
  typed: string,
  options: CompletionOptions,
  limit: number,
): TermCompletionList {
  const glossary = doc.glossary;
  const parts = splitIdentifier(typed);
  if (parts.length === 0) return EMPTY;
  const words = parts.map((p) => typed.slice(p.start, p.end).toLowerCase());
  const candidates: Candidate[] = [];
  for (let k = Math.min(words.length, glossary.maxFormTokens); k >= 1; k--) {
    const suffix = words.slice(words.length - k);
    // A query of the trailing words alone needs two characters, like any query as typed.
    if (k < words.length && suffix.join('').length < 2) continue;
    const from = start + parts[words.length - k]!.start;
    candidates.push(...prefixCandidates(glossary, suffix, from, false));
    candidates.push(...initialsCandidates(glossary, suffix.join(''), from).map((c) => ({ ...c, words: k })));
  }
  const style =
    options.identifierStyle && options.identifierStyle !== 'auto'
      ? options.identifierStyle
      : (detectIdentifierStyle(typed) ?? defaultIdentifierStyle(doc.languageId));
  const insert = (c: Candidate) => continueIdentifier(doc.text.slice(start, c.from), termWords(preferredTerm(glossary.concepts[c.concept]!)), style);
  return toList(doc, offset, candidates, limit, insert, 'identifier', start);
}

/**
 * Builds the lazy indexes completion uses (initials, fuzzy narrowing), so that the first
 * completion in a large glossary does not pay for them.
 */
export function prepareCompletion(glossary: CompiledGlossary): void {
  initialsIndex(glossary);
  fuzzySearch(glossary, 'warm', 1, () => true);
}

/** A completion item's documentation, as Markdown: the full hover rendering of the concept `conceptId`, if the glossary has it. */
export function completionDocumentation(glossary: CompiledGlossary, conceptId: string): string | undefined {
  const index = glossary.indexOfId(conceptId);
  if (index === undefined) return undefined;
  return renderConceptHover(glossary.concepts[index]!, { resolveRelated: (n: string) => glossary.lookup(n) });
}

/** Fills an item's documentation: the full hover rendering of its concept. */
export function resolveCompletion(glossary: CompiledGlossary, item: TermCompletionItem): TermCompletionItem {
  const documentation = completionDocumentation(glossary, item.conceptId);
  return documentation === undefined ? item : { ...item, documentation };
}

function toList(
  doc: ParsedDocument,
  offset: number,
  candidates: Candidate[],
  limit: number,
  insert: (candidate: Candidate) => string,
  kind: TermCompletionKind,
  /** Where every item's replaced range starts; by default where each candidate's match starts. */
  replaceFrom?: number,
): TermCompletionList {
  const items: TermCompletionItem[] = [];
  const glossary = doc.glossary;
  // Two concepts can give the same text (Risk Model Calibration for `risk_model_cal`, and Model
  // Calibration after `risk_`): only the first, better ranked, is offered.
  const inserted = new Set<string>();
  for (const c of bestPerConcept(candidates).sort(compareCandidates)) {
    const concept = glossary.concepts[c.concept]!;
    const preferred = preferredTerm(concept);
    const form = concept.forms[c.form]!;
    const from = replaceFrom ?? c.from;
    const typed = doc.text.slice(from, offset);
    const newText = insert(c);
    if (inserted.has(newText)) continue;
    inserted.add(newText);
    // The label is what gets inserted; the term (or the form that matched) follows it, and every
    // row shows the start of the definition on the right.
    const shownAfter = newText !== preferred ? preferred : form.text !== preferred ? form.text : undefined;
    const definition = summarizeDefinition(concept, 60);
    items.push({
      label: newText,
      insertText: newText,
      start: from,
      end: offset,
      kind,
      detail: [concept.kind, ...concept.areas.slice(0, 1)].join(' · '),
      ...(shownAfter ? { shownAfter } : {}),
      ...(definition ? { description: definition } : {}),
      filterText: typed,
      conceptId: concept.id,
    });
    if (items.length >= limit) break;
  }
  return { isIncomplete: items.length > 0, items };
}

/**
 * Each concept's best candidate (the first of the lowest by {@link compareCandidates}), in the
 * order of `candidates`: sorting these gives the concepts in the order that sorting every
 * candidate and keeping each concept's first would, without sorting every form of a concept with
 * thousands of aliases.
 */
function bestPerConcept(candidates: readonly Candidate[]): Candidate[] {
  const best = new Map<number, number>();
  candidates.forEach((c, i) => {
    const j = best.get(c.concept);
    if (j === undefined || compareCandidates(c, candidates[j]!) < 0) best.set(c.concept, i);
  });
  const keep = new Uint8Array(candidates.length);
  for (const i of best.values()) keep[i] = 1;
  return candidates.filter((_, i) => keep[i] === 1);
}

/**
 * Forms whose first words are `words` and whose next word starts with the last of `words`
 * (an empty last word matches any next word), at most {@link COLLECT_LIMIT}. They are collected
 * breadth first, in the order they rank (fewer words after the typed ones first, a next word
 * typed in full before longer ones), so that when there are more (a short, common prefix at
 * 100,000 terms) the ones left out are ones that would rank after them; and a concept's second
 * form of the same tier is left out, as it never ranks above its first.
 */
function prefixCandidates(glossary: CompiledGlossary, words: readonly string[], from: number, anyForm: boolean): Candidate[] {
  let node: TrieNode | undefined = glossary.root;
  for (let i = 0; i < words.length - 1 && node; i++) node = node.get(words[i]!);
  if (!node) return [];
  const last = words[words.length - 1]!;
  const typedWords = words.filter((w) => w !== '').length;
  const out: Candidate[] = [];
  // Per concept, a bit per tier it has a candidate of.
  const tiers = new Map<number, number>();
  const visit = (at: TrieNode, depth: number, exact: boolean): void => {
    for (const ref of at.terminal ?? []) {
      const form = glossary.form(ref);
      if (!anyForm && form.status !== 'preferred' && form.status !== 'admitted') continue;
      const tier = form.type === 'abbreviation' ? Tier.Abbreviation : Tier.Prefix;
      const has = tiers.get(ref.concept) ?? 0;
      if (has & (1 << tier)) continue;
      tiers.set(ref.concept, has | (1 << tier));
      out.push({ concept: ref.concept, form: ref.form, tier, from, words: typedWords, score: depth * 10 + (exact ? 0 : 1) });
      if (out.length >= COLLECT_LIMIT) return;
    }
  };
  // The children sorted by word: the one equal to the typed word, if any, is first, and so are its
  // nodes on every level below; each node's children are visited last used first.
  let level = node.childrenWithPrefix(last).map((child) => ({ node: child, exact: child.word === last }));
  for (const { node: child, exact } of level) {
    visit(child, 0, exact);
    if (out.length >= COLLECT_LIMIT) return out;
  }
  for (let depth = 1; level.length > 0; depth++) {
    const next: typeof level = [];
    for (const { node: parent, exact } of level) {
      const children = parent.childrenWithPrefix('');
      for (let i = children.length - 1; i >= 0; i--) {
        visit(children[i]!, depth, exact);
        if (out.length >= COLLECT_LIMIT) return out;
        next.push({ node: children[i]!, exact });
      }
    }
    level = next;
  }
  return out;
}

/** Most candidates one prefix search collects (see {@link prefixCandidates}) and one initials search. */
const COLLECT_LIMIT = 400;

/** Multi-word preferred or admitted forms by their initials (then glossary order), as form numbers. */
const initialsIndexes = new WeakMap<CompiledGlossary, Int32Array>();

/** The initials of form number `n`: the first letter of each of its words. */
function initialsOf(glossary: CompiledGlossary, n: number): string {
  const codes: number[] = [];
  for (let d = 0; d < glossary.formWordCount(n); d++) codes.push(glossary.formWord(n, d).charCodeAt(0));
  return String.fromCharCode(...codes);
}

function initialsIndex(glossary: CompiledGlossary): Int32Array {
  let index = initialsIndexes.get(glossary);
  if (index) return index;
  // Forms grouped by initials (each group in glossary order), then the groups sorted.
  const groups = new Map<string, number[]>();
  let n = 0;
  for (const concept of glossary.concepts) {
    for (const form of concept.forms) {
      if ((form.status === 'preferred' || form.status === 'admitted') && glossary.formWordCount(n) >= 2) {
        const initials = initialsOf(glossary, n);
        const group = groups.get(initials);
        if (group) group.push(n);
        else groups.set(initials, [n]);
      }
      n++;
    }
  }
  index = new Int32Array(n);
  let length = 0;
  for (const initials of [...groups.keys()].sort()) {
    for (const form of groups.get(initials)!) index[length++] = form;
  }
  index = index.slice(0, length);
  initialsIndexes.set(glossary, index);
  return index;
}

/** Forms whose initials start with `typed` ("svjd" → Stochastic Volatility Jump-Diffusion Model). */
function initialsCandidates(glossary: CompiledGlossary, typed: string, from: number): Candidate[] {
  if (typed.length < 2 || !/^[\p{L}]+$/u.test(typed)) return [];
  const index = initialsIndex(glossary);
  let lo = 0;
  let hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (initialsOf(glossary, index[mid]!) < typed) lo = mid + 1;
    else hi = mid;
  }
  const out: Candidate[] = [];
  for (let i = lo; i < index.length && out.length < COLLECT_LIMIT; i++) {
    const initials = initialsOf(glossary, index[i]!);
    if (!initials.startsWith(typed)) break;
    const ref = glossary.formRef(index[i]!);
    out.push({ concept: ref.concept, form: ref.form, tier: Tier.Abbreviation, from, words: 1, score: initials.length - typed.length });
  }
  return out;
}

/** Whether each typed word starts a distinct word of `words`, in order (words may be skipped). */
function wordPrefixesInOrder(typed: readonly string[], words: readonly string[]): boolean {
  let j = 0;
  for (const t of typed) {
    while (j < words.length && !words[j]!.startsWith(t)) j++;
    if (j === words.length) return false;
    j++;
  }
  return true;
}

/** Highest fuse.js score (0 perfect, 1 no match) accepted. */
const FUZZY_THRESHOLD = 0.4;

/**
 * Fuzzy matches with fuse.js's extended search, where each typed word is matched fuzzily on its
 * own: "stoch vol jump" finds Stochastic Volatility Jump-Diffusion Model. The longest run of
 * trailing words that matches anything wins, so earlier words of the sentence are left alone.
 */
function fuzzyCandidates(glossary: CompiledGlossary, trailing: readonly { start: number; norm: string }[], offset: number): Candidate[] {
  const usable = (e: FuzzyEntry) => {
    const form = glossary.form(e.ref);
    return form.status === 'preferred' || form.status === 'admitted';
  };
  for (let k = Math.min(trailing.length, 4); k >= 1; k--) {
    const words = trailing.slice(trailing.length - k);
    if (words.some((w, i) => w.norm.length < 2 && i < words.length - 1)) continue;
    const query = words.map((w) => w.norm).join(' ');
    if (query.replace(/ /g, '').length < 3) continue;
    const results = fuzzySearch(glossary, query, 50, usable).filter((r) => r.score <= FUZZY_THRESHOLD);
    if (results.length === 0) continue;
    const from = words[0]!.start;
    if (from > offset) continue;
    const typed = words.map((w) => w.norm);
    return results.map(({ entry, score }) => {
      const inOrder = wordPrefixesInOrder(typed, entry.words);
      return { concept: entry.ref.concept, form: entry.ref.form, tier: inOrder ? Tier.WordPrefix : Tier.Fuzzy, from, words: inOrder ? k : 1, score };
    });
  }
  return [];
}
