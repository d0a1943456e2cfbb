/**
 * The fast paths of a large glossary: form-key hashing, and the compiled glossary's sorted-form
 * trie (checked against a plain tree of maps built the obvious way).
 */

import { describe, expect, it } from 'vitest';
import { CompiledGlossary, type FormRef } from '../../server/src/core/glossary/compiled';
import { formKey, formKeyHash } from '../../server/src/core/glossary/format';
import { FormKeyTable } from '../../server/src/core/glossary/keyTable';
import type { Concept } from '../../server/src/core/glossary/model';
import { tokenize } from '../../server/src/core/text/tokens';
import { dictionary } from './helpers';

describe('formKeyHash and FormKeyTable', () => {
  const texts = ['Black-Scholes Model', '  black scholes\t\tmodel ', 'Black–Scholes‑Model', 'ÉTÉ', 'été', 'K', '\u212a', '', '-', 'a - b', 'A\u00a0B'];
  it.each(texts)('hashes %j as its key', (text) => {
    expect(formKeyHash(text)).toBe(formKeyHash(formKey(text)));
  });

  it('maps keys, not spellings, and grows past its expected size', () => {
    const stored: string[] = [];
    const table = new FormKeyTable(2, (v) => stored[v]!);
    const put = (text: string): number => {
      stored.push(text);
      return table.set(text, stored.length - 1);
    };
    for (let i = 0; i < 100; i++) expect(put(`term ${i}`)).toBe(-1);
    expect(put('TERM-7')).toBe(7);
    expect(table.get('term  7')).toBe(100);
    expect(table.get('Black–Scholes')).toBe(-1);
    expect(put('Black Scholes')).toBe(-1);
    expect(table.get('black–scholes')).toBe(101);
  });
});

/** The token trie as it used to be built: a tree of maps in glossary order. */
interface MapNode {
  readonly children: Map<string, MapNode>;
  readonly terminal: FormRef[];
}

function mapTrie(concepts: readonly Concept[]): MapNode {
  const root: MapNode = { children: new Map(), terminal: [] };
  concepts.forEach((concept, ci) =>
    concept.forms.forEach((form, fi) => {
      const tokens = tokenize(form.text);
      if (tokens.length === 0) return;
      let node = root;
      for (const t of tokens) {
        let next = node.children.get(t.norm);
        if (!next) node.children.set(t.norm, (next = { children: new Map(), terminal: [] }));
        node = next;
      }
      node.terminal.push({ concept: ci, form: fi });
    }),
  );
  return root;
}

/** Forms below a map node, children last inserted first, at most `limit` (a node's forms all or none). */
function mapCollect(start: MapNode, limit: number): string[] {
  const out: string[] = [];
  const stack: Array<[MapNode, number]> = [[start, 0]];
  while (stack.length > 0 && out.length < limit) {
    const [node, depth] = stack.pop()!;
    for (const ref of node.terminal) out.push(`${ref.concept}.${ref.form}@${depth}`);
    for (const child of node.children.values()) stack.push([child, depth + 1]);
  }
  return out;
}

describe('the compiled trie', () => {
  const words = ['black', 'scholes', 'model', 'merton', 'heston', 'vol', 'volatility', 'smile', 'jump', "vega's", 'black-box'];
  // A deterministic jumble of multi-word forms, repeated prefixes and shared endings.
  const concepts: Concept[] = Array.from({ length: 60 }, (_, i) => {
    const term = [words[i % 11], words[(i * 7) % 11], words[(i * 5 + 3) % 11]].slice(0, 1 + (i % 3)).join(i % 2 ? ' ' : '-');
    const alias = `${words[(i * 3) % 11]} ${words[i % 11]}`;
    return {
      id: `c${i}`,
      kind: 'term',
      forms: [
        { text: `${term} ${i}`, status: 'preferred', type: 'fullForm' },
        { text: alias, status: 'admitted', type: 'variant' },
        { text: term, status: 'deprecated', type: 'variant' },
        { text: '%', status: 'admitted', type: 'abbreviation' },
      ],
      senses: [],
      facets: [],
      related: [],
      areas: [],
    };
  });
  const glossary = new CompiledGlossary(concepts, dictionary);
  const expected = mapTrie(concepts);

  it('finds the same nodes, forms and children as a tree of maps', () => {
    const paths: string[][] = [[]];
    for (const path of paths) {
      let node = glossary.root;
      let mapNode = expected;
      for (const word of path) {
        node = node.children.get(word)!;
        mapNode = mapNode.children.get(word)!;
      }
      expect(node.terminal ?? []).toEqual(mapNode.terminal);
      expect(node.childrenWithPrefix('').map((c) => c.word)).toEqual([...mapNode.children.keys()]);
      expect(node.childrenWithPrefix('v').map((c) => c.word)).toEqual([...mapNode.children.keys()].filter((k) => k.startsWith('v')).sort());
      for (const limit of [1, 5, 400]) {
        const got: string[] = [];
        node.collect(limit, (ref, depth) => got.push(`${ref.concept}.${ref.form}@${depth}`));
        expect(got).toEqual(mapCollect(mapNode, limit));
      }
      for (const key of mapNode.children.keys()) paths.push([...path, key]);
    }
    expect(paths.length).toBeGreaterThan(50);
    expect(glossary.root.get('nosuchword')).toBeUndefined();
  });

  it('numbers forms through the concepts and lists them by word prefix', () => {
    expect(glossary.formCount).toBe(240);
    expect(glossary.formRef(glossary.formNumber({ concept: 17, form: 2 }))).toEqual({ concept: 17, form: 2 });
    expect(glossary.formWords(glossary.formNumber({ concept: 1, form: 0 }))).toEqual(tokenize(concepts[1]!.forms[0]!.text).map((t) => t.norm));
    const withVol = [...glossary.formsWithWordPrefix('vol')];
    const naive = concepts.flatMap((c, ci) => c.forms.map((f, fi) => ({ f, n: glossary.formNumber({ concept: ci, form: fi }) })));
    expect(withVol).toEqual(naive.filter(({ f }) => tokenize(f.text).some((t) => t.norm.startsWith('vol'))).map(({ n }) => n));
  });

  it('looks concepts up by any spelling of a form, the first concept winning, else by id', () => {
    expect(glossary.lookup('BLACK model')?.id).toBe(concepts.find((c) => c.forms.some((f) => formKey(f.text) === 'black model'))?.id);
    expect(glossary.lookup('C5')?.id).toBe('c5');
    expect(glossary.lookup('%')).toBeUndefined();
  });
});
