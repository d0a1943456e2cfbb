/**
 * A compiled glossary: the merged concepts plus the indexes every feature needs — a token trie
 * for matching, a token vocabulary for near misses, and lookups by name and id. Built once per
 * glossary change; the heavier indexes (completion, near-miss neighbourhoods, fuzzy search) are
 * built lazily on first use so that the server is ready fast.
 */

import type { Dictionary } from '../text/dictionary';
import { tokenize, type Token } from '../text/tokens';
import { preferredTerm, type Concept, type TermForm } from './model';

/** A reference to one form of one concept. */
export interface FormRef {
  readonly concept: number;
  readonly form: number;
}

/** A node of the token trie; `terminal` lists the forms that end here. */
export interface TrieNode {
  readonly children: Map<string, TrieNode>;
  terminal?: FormRef[];
  /** Child keys sorted, built lazily for prefix queries. */
  sortedKeys?: string[];
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

/** The compiled glossary. Immutable once built. */
export class CompiledGlossary {
  readonly concepts: readonly Concept[];
  /** The trie over every form's normalized tokens. */
  readonly root: TrieNode = { children: new Map() };
  /** Most tokens in any form: bounds completion and near-miss windows. */
  readonly maxFormTokens: number;
  /** Number of forms served. */
  readonly termCount: number;
  /** Every word of every multi-word preferred or admitted form: the vocabulary near misses are measured against. */
  readonly vocabulary = new Set<string>();

  private readonly byKey = new Map<string, number>();
  private readonly byId = new Map<string, number>();
  private readonly infos: Array<Array<FormInfo | undefined>>;

  constructor(
    concepts: readonly Concept[],
    readonly dictionary: Dictionary,
  ) {
    this.concepts = concepts;
    this.infos = concepts.map((c) => new Array<FormInfo | undefined>(c.forms.length));
    let maxTokens = 1;
    let termCount = 0;
    concepts.forEach((concept, ci) => {
      this.byId.set(concept.id.toLowerCase(), ci);
      concept.forms.forEach((form, fi) => {
        const tokens = tokenize(form.text);
        if (tokens.length === 0) return;
        termCount++;
        maxTokens = Math.max(maxTokens, tokens.length);
        const key = tokens.map((t) => t.norm).join(' ');
        if (!this.byKey.has(key)) this.byKey.set(key, ci);
        let node = this.root;
        for (const t of tokens) {
          let next = node.children.get(t.norm);
          if (!next) {
            next = { children: new Map() };
            node.children.set(t.norm, next);
          }
          node = next;
        }
        (node.terminal ??= []).push({ concept: ci, form: fi });
        if (tokens.length > 1 && (form.status === 'preferred' || form.status === 'admitted')) {
          for (const t of tokens) this.vocabulary.add(t.norm);
        }
      });
    });
    this.maxFormTokens = maxTokens;
    this.termCount = termCount;
  }

  /** The concept and form a reference points at. */
  form(ref: FormRef): TermForm {
    return this.concepts[ref.concept]!.forms[ref.form]!;
  }

  /** Tokens, proper-name classification and acronym flag of a form (computed once, lazily). */
  formInfo(ref: FormRef): FormInfo {
    const row = this.infos[ref.concept]!;
    let info = row[ref.form];
    if (!info) {
      const form = this.form(ref);
      const tokens = tokenize(form.text);
      const proper = classifyProper(form.text, tokens, this.dictionary);
      const acronymOnly = tokens.length === 1 && isAcronym(form.text.slice(tokens[0]!.start, tokens[0]!.wordEnd));
      info = { form, tokens, proper, acronymOnly };
      row[ref.form] = info;
    }
    return info;
  }

  /** Finds a concept by any of its forms (any spelling) or by id. */
  lookup(nameOrId: string): Concept | undefined {
    const ci = this.byKey.get(phraseKey(nameOrId)) ?? this.byId.get(nameOrId.toLowerCase());
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
