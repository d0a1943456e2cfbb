/**
 * Completion when a typed prefix matches more forms than are collected: the prefix matches are
 * collected breadth first (the forms ranked first are kept), and in a large glossary the fuzzy
 * matches come from the narrowed, capped candidates (test/unit/fuzzy.test.ts tests those).
 */

import { describe, expect, it } from 'vitest';
import { computeCompletions } from '../../server/src/core/features/completion';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import type { Concept } from '../../server/src/core/glossary/model';
import { parseDocument } from '../../server/src/core/text/document';
import { dictionary } from './helpers';

function concept(id: string, term: string): Concept {
  return { id, kind: 'term', forms: [{ text: term, status: 'preferred', type: 'fullForm' }], senses: [], facets: [], related: [], areas: [] };
}

const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'zi'];
const word = (n: number) => syllables[n % 8]! + syllables[Math.floor(n / 8) % 8]! + syllables[Math.floor(n / 64) % 8]! + syllables[Math.floor(n / 512) % 8]!;

function labels(glossary: CompiledGlossary, text: string): string[] {
  return computeCompletions(parseDocument(text, 'markdown', glossary), text.length).items.map((i) => i.label);
}

describe('completion of a prefix with more matches than are collected', () => {
  it('offers the shortest continuation first, wherever the glossary has it', () => {
    // One two-word term, then 600 longer terms after the same first word: collecting depth first
    // (the last-used continuation first) spent the budget on those before reaching it.
    const glossary = new CompiledGlossary(
      [concept('rate', 'Forward Rate'), ...Array.from({ length: 600 }, (_, i) => concept(`f${i}`, `Forward ${word(i)} Curve`))],
      dictionary,
    );
    const list = labels(glossary, 'We quote the Forw');
    expect(list[0]).toBe('Forward Rate');
    expect(list).toHaveLength(50);
    expect(new Set(list).size).toBe(50);
  });

  it('offers the term typed in full before longer words it starts', () => {
    const glossary = new CompiledGlossary(
      [...Array.from({ length: 600 }, (_, i) => concept(`v${i}`, `Volatile ${word(i)}`)), concept('vol', 'Vol Surface')],
      dictionary,
    );
    expect(labels(glossary, 'A vol')[0]).toBe('Vol Surface');
  });
});

describe('completion in a large glossary whose forms share a prefix', () => {
  const glossary = new CompiledGlossary(
    [...Array.from({ length: 20000 }, (_, i) => concept(`s${i}`, `Con${word(i)} ${word(i * 7 + 3)}`)), concept('convexity', 'Convexity Adjustment')],
    dictionary,
  );

  it('completes the prefix and finds a typo after the first letters', () => {
    expect(labels(glossary, 'We add a Convex')[0]).toBe('Convexity Adjustment');
    expect(labels(glossary, 'We add a Convexty')).toContain('Convexity Adjustment');
    expect(labels(glossary, 'We add a Con')).toHaveLength(50);
  });
});
