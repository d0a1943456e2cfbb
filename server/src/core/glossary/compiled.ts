/**
 * A compiled glossary: the merged concepts plus the indexes every feature needs — a token trie
 * for matching, a token vocabulary for near misses, and lookups by name and id. Built once per
 * glossary change; the heavier indexes (completion, near-miss neighbourhoods, fuzzy search) are
 * built lazily on first use so that the server is ready fast.
 *
 * A glossary may hold 100,000 concepts, so the trie is not a tree of objects: every form's words
 * are numbered (in sorted order) and the forms are sorted by their word numbers, so the forms
 * below a trie node are one run of that order. Trie nodes are made on demand, for the few
 * phrases a document actually contains.
 */

import type { Dictionary } from '../text/dictionary';
import { tokenize, type Token } from '../text/tokens';
import { preferredTerm, type Concept, type TermForm } from './model';

/** A reference to one form of one concept. */
export interface FormRef {
  readonly concept: number;
  readonly form: number;
}

/** What {@link TrieNode.children} offers: the node one word further. */
export interface TrieChildren {
  /** The node after `word` (a normalized token), if some form continues with it. */
  get(word: string): TrieNode | undefined;
}

/** What the features need to know about one form beyond its text. */
export interface FormInfo {
  readonly form: TermForm;
  readonly tokens: readonly Token[];
  /** Per token: a proper name or acronym whose spelling and case matter (`Heston`, `SPAN`, `Black` in `Black-Scholes`). */
  readonly proper: readonly boolean[];
  /** A single all-capitals token (`BSM`, `SPAN`): matched case-sensitively in prose. */
  readonly acronymOnly: boolean;
}

/** The key of a form or phrase: its normalized tokens joined by single spaces. */
export function phraseKey(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}

/** Whether a word is an acronym or has inner capitals: two or more capital letters (`SPAN`, `DeFi`). */
export function isAcronym(text: string): boolean {
  let upper = 0;
  for (const ch of text) if (ch !== ch.toLowerCase() && ch === ch.toUpperCase()) upper++;
  return upper >= 2;
}

/**
 * Classifies each token of a glossary form as proper (spelling and case matter) or common.
 * A token is proper when it has two or more capitals (`SPAN`, `DeFi`), or is capitalised, at
 * least three letters long and not an English word (`Heston`, `Scholes`). A hyphenated group
 * that contains a proper token is proper as a whole (`Black-Scholes-Merton`).
 */
export function classifyProper(text: string, tokens: readonly Token[], dictionary: Dictionary): boolean[] {
  const proper = tokens.map((t) => {
    const word = text.slice(t.start, t.wordEnd);
    if (/\d/.test(word)) return false;
    if (isAcronym(word)) return true;
    const first = word[0] ?? '';
    const capitalised = first !== first.toLowerCase();
    return capitalised && word.length >= 3 && !dictionary.has(t.norm);
  });
  let groupStart = 0;
  for (let i = 1; i <= tokens.length; i++) {
    if (i === tokens.length || tokens[i]!.sep !== 'hyphen') {
      if (i - groupStart > 1 && proper.slice(groupStart, i).some(Boolean)) proper.fill(true, groupStart, i);
      groupStart = i;
    }
  }
  return proper;
}

/**
 * The forms of a glossary in word order. Forms are numbered through all concepts in order (the
 * forms of concept 0, then of concept 1, …); words are numbered in sorted (UTF-16) order, so
 * comparing word numbers compares the words.
 */
class FormTable {
  /** Every distinct normalized word of any form, sorted. */
  readonly words: string[];
  readonly wordIds = new Map<string, number>();
  /** Form number of the first form of each concept, and the number of forms at the end. */
  readonly formBase: Int32Array;
  /** Word numbers of form `n` are `seq[seqStart[n] .. seqStart[n + 1]]`. */
  readonly seqStart: Int32Array;
  readonly seq: Int32Array;
  /** The forms with at least one word, by their word numbers, then by form number. */
  readonly order: Int32Array;

  constructor(concepts: readonly Concept[]) {
    this.formBase = new Int32Array(concepts.length + 1);
    let forms = 0;
    concepts.forEach((c, ci) => {
      this.formBase[ci] = forms;
      forms += c.forms.length;
    });
    this.formBase[concepts.length] = forms;

    // Words are numbered as met first, then renumbered in sorted order.
    const met: string[] = [];
    const ids = this.wordIds;
    this.seqStart = new Int32Array(forms + 1);
    let seq = new Int32Array(Math.max(16, forms * 4));
    let length = 0;
    let n = 0;
    for (const concept of concepts) {
      for (const form of concept.forms) {
        this.seqStart[n++] = length;
        for (const token of tokenize(form.text)) {
          let id = ids.get(token.norm);
          if (id === undefined) {
            id = met.length;
            met.push(token.norm);
            ids.set(token.norm, id);
          }
          if (length === seq.length) {
            const grown = new Int32Array(seq.length * 2);
            grown.set(seq);
            seq = grown;
          }
          seq[length++] = id;
        }
      }
    }
    this.seqStart[n] = length;
    this.seq = seq.slice(0, length);

    const sorted = met.map((_, i) => i).sort((a, b) => (met[a]! < met[b]! ? -1 : 1));
    const rank = new Int32Array(met.length);
    sorted.forEach((id, r) => (rank[id] = r));
    this.words = sorted.map((id) => met[id]!);
    for (const [word, id] of ids) ids.set(word, rank[id]!);
    for (let i = 0; i < this.seq.length; i++) this.seq[i] = rank[this.seq[i]!]!;

    this.order = this.sortForms(forms);
  }

  /**
   * The forms with words in word order: placed by first word (counting sort, keeping form order),
   * then each run of forms with the same first word sorted by the rest.
   */
  private sortForms(forms: number): Int32Array {
    const { seq, seqStart } = this;
    const starts = new Int32Array(this.words.length + 1);
    for (let f = 0; f < forms; f++) if (this.length(f) > 0) starts[seq[seqStart[f]!]! + 1]!++;
    for (let w = 1; w < starts.length; w++) starts[w]! += starts[w - 1]!;
    const order = new Int32Array(starts[this.words.length]!);
    const fill = starts.slice();
    for (let f = 0; f < forms; f++) if (this.length(f) > 0) order[fill[seq[seqStart[f]!]!]!++] = f;
    for (let w = 0; w < this.words.length; w++) {
      if (starts[w + 1]! - starts[w]! > 1) order.subarray(starts[w]!, starts[w + 1]!).sort((a, b) => this.compare(a, b) || a - b);
    }
    return order;
  }

  /** How many words form `n` has. */
  length(n: number): number {
    return this.seqStart[n + 1]! - this.seqStart[n]!;
  }

  /** Word number `d` of form `n`, or -1 when the form is shorter. */
  wordAt(n: number, d: number): number {
    return d < this.length(n) ? this.seq[this.seqStart[n]! + d]! : -1;
  }

  /** The concept and form of form number `n`. */
  ref(n: number): FormRef {
    let lo = 0;
    let hi = this.formBase.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.formBase[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return { concept: lo, form: n - this.formBase[lo]! };
  }

  /** The first index of `order` in `[lo, hi)` whose word `d` is at least `word` (forms without word `d` come first). */
  lowerBound(lo: number, hi: number, d: number, word: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.wordAt(this.order[mid]!, d) < word) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compare(a: number, b: number): number {
    const la = this.length(a);
    const lb = this.length(b);
    const sa = this.seqStart[a]!;
    const sb = this.seqStart[b]!;
    for (let i = 0; i < la && i < lb; i++) {
      const d = this.seq[sa + i]! - this.seq[sb + i]!;
      if (d !== 0) return d;
    }
    return la - lb;
  }
}

/**
 * A node of the token trie: the forms whose first `depth` words are the same, a run
 * `[lo, hi)` of the word order. Nodes are made on demand and hold nothing else.
 */
export class TrieNode implements TrieChildren {
  private terminalRefs: readonly FormRef[] | undefined | null = null;

  /** @internal Made by {@link CompiledGlossary} only. */
  constructor(
    private readonly table: FormTable,
    private readonly depth: number,
    private readonly lo: number,
    private readonly hi: number,
  ) {}

  /** The last word of the node's phrase (empty at the root). */
  get word(): string {
    return this.depth === 0 ? '' : this.table.words[this.table.wordAt(this.table.order[this.lo]!, this.depth - 1)]!;
  }

  /** The node answers for its children itself. */
  get children(): TrieChildren {
    return this;
  }

  get(word: string): TrieNode | undefined {
    const id = this.table.wordIds.get(word);
    if (id === undefined) return undefined;
    return this.child(id);
  }

  /** The forms that end here, in glossary order; undefined when none does. */
  get terminal(): readonly FormRef[] | undefined {
    if (this.terminalRefs === null) {
      const end = this.table.lowerBound(this.lo, this.hi, this.depth, 0);
      this.terminalRefs = end > this.lo ? Array.from(this.table.order.subarray(this.lo, end), (n) => this.table.ref(n)) : undefined;
    }
    return this.terminalRefs;
  }

  /** The child for word number `id`, if any form continues with it. */
  private child(id: number): TrieNode | undefined {
    const lo = this.table.lowerBound(this.lo, this.hi, this.depth, id);
    const hi = this.table.lowerBound(lo, this.hi, this.depth, id + 1);
    return lo < hi ? new TrieNode(this.table, this.depth + 1, lo, hi) : undefined;
  }

  /**
   * The children whose word starts with `prefix`, sorted by word; with an empty prefix, every
   * child, in the order the glossary first uses their words here.
   */
  childrenWithPrefix(prefix: string): TrieNode[] {
    const { table } = this;
    const out: TrieNode[] = [];
    const [first, last] = prefix === '' ? [0, table.words.length] : wordsWithPrefix(table.words, prefix);
    let i = table.lowerBound(this.lo, this.hi, this.depth, first);
    const end = table.lowerBound(i, this.hi, this.depth, last);
    while (i < end) {
      const next = table.lowerBound(i, end, this.depth, table.wordAt(table.order[i]!, this.depth) + 1);
      out.push(new TrieNode(table, this.depth + 1, i, next));
      i = next;
    }
    if (prefix === '' && out.length > 1) {
      // Each child's first form once (not per comparison): a node may have tens of thousands of children.
      const firsts = new Map(out.map((node) => [node, node.firstForm()]));
      out.sort((a, b) => firsts.get(a)! - firsts.get(b)!);
    }
    return out;
  }

  /**
   * Visits the forms at and below this node, a node's own forms before its children's, the
   * children last used first (`depth` counts from this node), until `limit` forms are visited;
   * a node's forms are visited all or none.
   */
  collect(limit: number, visit: (ref: FormRef, depth: number) => void): void {
    let count = 0;
    const walk = (node: TrieNode, depth: number): void => {
      if (count >= limit) return;
      for (const ref of node.terminal ?? []) {
        visit(ref, depth);
        count++;
      }
      const children = node.childrenWithPrefix('');
      for (let i = children.length - 1; i >= 0; i--) walk(children[i]!, depth + 1);
    };
    walk(this, 0);
  }

  /** The lowest form number below this node: where the glossary first used this node's words. */
  private firstForm(): number {
    let min = Infinity;
    for (let i = this.lo; i < this.hi; i++) min = Math.min(min, this.table.order[i]!);
    return min;
  }
}

/** The range `[first, last)` of sorted `words` that start with `prefix`. */
function wordsWithPrefix(words: readonly string[], prefix: string): [number, number] {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < words.length && words[end]!.startsWith(prefix)) end++;
  return [lo, end];
}

/** Longest word of the near-miss vocabulary: longer words are matched exactly only. */
export const MAX_VOCABULARY_WORD = 64;

/** The compiled glossary. Immutable once built. */
export class CompiledGlossary {
  readonly concepts: readonly Concept[];
  /** The trie over every form's normalized tokens. */
  readonly root: TrieNode;
  /** Most tokens in any form: bounds completion and near-miss windows. */
  readonly maxFormTokens: number;
  /** Number of forms served. */
  readonly termCount: number;
  /**
   * Every word of every multi-word preferred or admitted form, up to {@link MAX_VOCABULARY_WORD}
   * characters: the vocabulary near misses are measured against. (The near-miss index holds every
   * one-deletion shape of each word, so its size grows with the square of a word's length: one
   * 200,000-character "word" in a hostile glossary would take minutes and gigabytes.)
   */
  readonly vocabulary = new Set<string>();
  /** Number of forms of all concepts; form numbers run from 0 through the forms of each concept in turn. */
  readonly formCount: number;

  private readonly table: FormTable;
  private readonly byId = new Map<string, number>();
  private readonly infos = new Map<number, FormInfo>();
  /** Per word number, the forms using the word; built on first use. */
  private formsByWord: { readonly start: Int32Array; readonly forms: Int32Array } | undefined;

  constructor(
    concepts: readonly Concept[],
    readonly dictionary: Dictionary,
  ) {
    this.concepts = concepts;
    const table = (this.table = new FormTable(concepts));
    this.root = new TrieNode(table, 0, 0, table.order.length);
    this.formCount = table.formBase[concepts.length]!;
    let maxTokens = 1;
    concepts.forEach((concept, ci) => {
      this.byId.set(concept.id.toLowerCase(), ci);
      concept.forms.forEach((form, fi) => {
        const n = table.formBase[ci]! + fi;
        const length = table.length(n);
        maxTokens = Math.max(maxTokens, length);
        if (length > 1 && (form.status === 'preferred' || form.status === 'admitted')) {
          for (let d = 0; d < length; d++) {
            const word = table.words[table.wordAt(n, d)]!;
            if (word.length <= MAX_VOCABULARY_WORD) this.vocabulary.add(word);
          }
        }
      });
    });
    this.maxFormTokens = maxTokens;
    this.termCount = table.order.length;
  }

  /** The concept and form a reference points at. */
  form(ref: FormRef): TermForm {
    return this.concepts[ref.concept]!.forms[ref.form]!;
  }

  /** The number of a form (see {@link formCount}). */
  formNumber(ref: FormRef): number {
    return this.table.formBase[ref.concept]! + ref.form;
  }

  /** The form with number `n`. */
  formRef(n: number): FormRef {
    return this.table.ref(n);
  }

  /** How many words form number `n` has. */
  formWordCount(n: number): number {
    return this.table.length(n);
  }

  /** Normalized word `d` of form number `n` (`d` below {@link formWordCount}). */
  formWord(n: number, d: number): string {
    return this.table.words[this.table.wordAt(n, d)]!;
  }

  /** The normalized words of form number `n`. */
  formWords(n: number): string[] {
    const { table } = this;
    return Array.from(table.seq.subarray(table.seqStart[n]!, table.seqStart[n + 1]!), (id) => table.words[id]!);
  }

  /**
   * The numbers of the forms with a word starting with `prefix`, ascending. The index behind it
   * is built on the first call.
   */
  formsWithWordPrefix(prefix: string): Int32Array {
    const { table } = this;
    const index = (this.formsByWord ??= wordIndex(table));
    const [first, last] = wordsWithPrefix(table.words, prefix);
    const found = new Int32Array(index.start[last]! - index.start[first]!);
    found.set(index.forms.subarray(index.start[first]!, index.start[last]!));
    found.sort();
    let unique = 0;
    for (let i = 0; i < found.length; i++) if (i === 0 || found[i] !== found[i - 1]) found[unique++] = found[i]!;
    return found.subarray(0, unique);
  }

  /**
   * How many words of forms start with `prefix` (a form using two such words counts twice): an
   * upper bound of `formsWithWordPrefix(prefix).length`, found without listing the forms.
   */
  wordPrefixUses(prefix: string): number {
    const { table } = this;
    const index = (this.formsByWord ??= wordIndex(table));
    const [first, last] = wordsWithPrefix(table.words, prefix);
    return index.start[last]! - index.start[first]!;
  }

  /** Tokens, proper-name classification and acronym flag of a form (computed once, lazily). */
  formInfo(ref: FormRef): FormInfo {
    const n = this.formNumber(ref);
    let info = this.infos.get(n);
    if (!info) {
      const form = this.form(ref);
      const tokens = tokenize(form.text);
      const proper = classifyProper(form.text, tokens, this.dictionary);
      const acronymOnly = tokens.length === 1 && isAcronym(form.text.slice(tokens[0]!.start, tokens[0]!.wordEnd));
      info = { form, tokens, proper, acronymOnly };
      this.infos.set(n, info);
    }
    return info;
  }

  /** Finds a concept by any of its forms (any spelling) or by id. */
  lookup(nameOrId: string): Concept | undefined {
    let node: TrieNode | undefined;
    for (const token of tokenize(nameOrId)) {
      node = (node ?? this.root).get(token.norm);
      if (!node) break;
    }
    const ci = node?.terminal?.[0]?.concept ?? this.byId.get(nameOrId.toLowerCase());
    return ci === undefined ? undefined : this.concepts[ci];
  }

  /** Index of a concept by id. */
  indexOfId(id: string): number | undefined {
    return this.byId.get(id.toLowerCase());
  }

  /** The preferred term of concept `index`. */
  preferred(index: number): string {
    return preferredTerm(this.concepts[index]!);
  }
}

/** For each word number, the numbers of the forms using it (a form using a word twice is listed twice). */
function wordIndex(table: FormTable): { start: Int32Array; forms: Int32Array } {
  const start = new Int32Array(table.words.length + 1);
  for (const id of table.seq) start[id + 1]!++;
  for (let i = 1; i < start.length; i++) start[i]! += start[i - 1]!;
  const fill = start.slice(0, -1);
  const forms = new Int32Array(table.seq.length);
  for (let n = 0; n + 1 < table.seqStart.length; n++) {
    for (let k = table.seqStart[n]!; k < table.seqStart[n + 1]!; k++) forms[fill[table.seq[k]!]!++] = n;
  }
  return { start, forms };
}
