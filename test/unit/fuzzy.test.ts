/** Fuzzy search over a glossary large enough to be narrowed by word prefix first. */

import { describe, expect, it } from 'vitest';
import { fuzzySearch } from '../../server/src/core/features/fuzzy';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import type { Concept } from '../../server/src/core/glossary/model';
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
