/** Fuzzy search over a glossary large enough to be narrowed by word prefix first. */

import { describe, expect, it } from 'vitest';
import { fuzzySearch, NARROWED_LIMIT, narrowedEntries } from '../../server/src/core/features/fuzzy';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import type { Concept, TermForm } from '../../server/src/core/glossary/model';
import { dictionary } from './helpers';

function concept(id: string, term: string): Concept {
  return { id, kind: 'term', forms: [{ text: term, status: 'preferred', type: 'fullForm' }], senses: [], facets: [], related: [], areas: [] };
}

const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi'];
/** 6,000 three-word terms of made-up words (deterministic), plus the terms the tests look for. */
const concepts = Array.from({ length: 6000 }, (_, i) => {
  const word = (n: number) => syllables[n % 8]! + syllables[Math.floor(n / 8) % 8]! + syllables[Math.floor(n / 64) % 8]!;
  return concept(`c${i}`, `${word(i)} ${word(i * 7 + 3)} ${word(i * 13 + 5)}`);
});
concepts.push(concept('svjd', 'Stochastic Volatility Jump-Diffusion Model'), concept('heston', 'Heston Model'));
const glossary = new CompiledGlossary(concepts, dictionary);
const top = (query: string) => fuzzySearch(glossary, query, 5, () => true).map((h) => h.entry.text);

describe('fuzzy search in a large glossary', () => {
  it('finds words typed by their beginnings', () => {
    expect(top('stoch vol jump')[0]).toBe('Stochastic Volatility Jump-Diffusion Model');
  });

  it('finds a typo after the first letters', () => {
    expect(top('hestn')[0]).toBe('Heston Model');
  });

  it('finds nothing for words no term starts like', () => {
    expect(top('qqqq')).toEqual([]);
  });
});

/** A concept whose forms are `forms` (the first preferred, the others admitted unless given). */
function conceptOf(id: string, forms: readonly (string | TermForm)[]): Concept {
  const list = forms.map((f, i): TermForm => (typeof f === 'string' ? { text: f, status: i === 0 ? 'preferred' : 'admitted', type: 'fullForm' } : f));
  return { id, kind: 'term', forms: list, senses: [], facets: [], related: [], areas: [] };
}

describe('narrowing a large glossary whose forms share a prefix', () => {
  const word = (n: number) => syllables[n % 8]! + syllables[Math.floor(n / 8) % 8]! + syllables[Math.floor(n / 64) % 8]! + syllables[Math.floor(n / 512) % 8]!;
  // 20,000 two-word terms whose first word starts with "con", then the terms the tests look for,
  // last in the glossary: glossary order, the last tie-break, works against them.
  const shared = Array.from({ length: 20000 }, (_, i) => conceptOf(`s${i}`, [`Con${word(i)} ${word(i * 7 + 3)}`]));
  const many = conceptOf('many', ['Conzzz', ...Array.from({ length: 2000 }, (_, i) => `Conzzz Alias ${i}`)]);
  const deprecated: TermForm = { text: 'Conold', status: 'deprecated', type: 'variant' };
  const large = new CompiledGlossary(
    [
      ...shared,
      many,
      conceptOf('convexity', ['Convexity Adjustment']),
      conceptOf('zappa', ['Conzappatron Kalomiruta']),
      conceptOf('conduit', ['Conduit', deprecated]),
      conceptOf('zeta', ['Zeta Kalo']),
    ],
    dictionary,
  );
  const search = (query: string) => fuzzySearch(large, query, 5, () => true).map((h) => h.entry.text);

  it('hands fuse.js at most the cap, whatever the query', () => {
    for (const query of ['con', 'co', 'conv', 'convexty', 'con kalo', 'conkalo lomi']) {
      expect(narrowedEntries(large, query).length, query).toBe(NARROWED_LIMIT);
    }
    expect(narrowedEntries(large, 'zet')).toHaveLength(1);
    expect(narrowedEntries(large, 'q x')).toEqual([]);
  });

  it('puts forms whose word starts with the whole typed word first', () => {
    expect(narrowedEntries(large, 'convex')[0]!.text).toBe('Convexity Adjustment');
    expect(search('convex')[0]).toBe('Convexity Adjustment');
    expect(search('convexity adj')[0]).toBe('Convexity Adjustment');
    expect(search('con adj')[0]).toBe('Convexity Adjustment');
  });

  it('counts every typed word, not only the one that narrows', () => {
    // "kal" narrows to the 313 forms with a word starting "kalo"; the longest of them is the last
    // in glossary order, and only the first typed word brings it within the cap.
    expect(narrowedEntries(large, 'kalo').map((e) => e.text)).not.toContain('Conzappatron Kalomiruta');
    expect(narrowedEntries(large, 'conzappa kalo')[0]!.text).toBe('Conzappatron Kalomiruta');
    expect(search('conzappa kalo')[0]).toBe('Conzappatron Kalomiruta');
  });

  it('still finds a typo after the first letters when the form is within the cap', () => {
    const entries = narrowedEntries(large, 'convexty').map((e) => e.text);
    expect(entries).toContain('Convexity Adjustment');
    expect(search('convexty')[0]).toBe('Convexity Adjustment');
  });

  it('orders what the typed word does not tell apart: offered forms, fewer words, shorter, glossary order', () => {
    const texts = narrowedEntries(large, 'con').map((e) => e.text);
    // The single-word preferred terms first (shorter first), then two-word terms in glossary order.
    expect(texts.slice(0, 2)).toEqual(['Conzzz', 'Conduit']);
    expect(texts[2]).toBe(shared[0]!.forms[0]!.text);
    expect(texts.slice(2, 10)).toEqual(shared.slice(0, 8).map((c) => c.forms[0]!.text));
    // A deprecated form waits behind 20,000 offered ones, and is found once typed further.
    expect(texts).not.toContain('Conold');
    expect(narrowedEntries(large, 'conol').map((e) => e.text)).toContain('Conold');
  });

  it('gives one concept at most 32 of the places', () => {
    const texts = narrowedEntries(large, 'conzzz').map((e) => e.text);
    expect(texts.filter((t) => t.startsWith('Conzzz'))).toHaveLength(32);
    expect(texts.slice(0, 32).every((t) => t.startsWith('Conzzz'))).toBe(true);
  });

  it('keeps narrowing from changing with the order of queries (cached lists are not reused for other words)', () => {
    const fresh = new CompiledGlossary(large.concepts, dictionary);
    const first = ['convex', 'con', 'cond', 'con adj'].map((q) => narrowedEntries(fresh, q).map((e) => e.text));
    const again = ['con adj', 'cond', 'con', 'convex'].map((q) => narrowedEntries(fresh, q).map((e) => e.text)).reverse();
    expect(again).toEqual(first);
    expect(fuzzySearch(fresh, 'cond', 5, () => true)[0]!.entry.text).toBe('Conduit');
  });
});
