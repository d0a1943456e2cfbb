import { describe, expect, it } from 'vitest';
import { createDictionary, normalizeWordList } from '../../server/src/core/text/dictionary';
import { dictionary } from './helpers';

describe('dictionary', () => {
  it('answers for the production word list', () => {
    for (const w of ['model', 'modes', 'black', 'calibration']) expect(dictionary.has(w)).toBe(true);
    for (const w of ['heston', 'hesten', 'scholes', 'merton']) expect(dictionary.has(w)).toBe(false);
  });

  it('normalizes an unsorted, mixed-case list and searches it', () => {
    const d = createDictionary(() => 'Zebra\napple\n  Mango \napple\n');
    expect(['apple', 'mango', 'zebra'].map((w) => d.has(w))).toEqual([true, true, true]);
    expect(d.has('banana')).toBe(false);
    expect(normalizeWordList('b\nA\na\n')).toBe('a\nb\n');
  });

  it('is empty, not broken, when the list cannot be loaded', () => {
    const d = createDictionary(() => {
      throw new Error('missing');
    });
    expect(d.has('model')).toBe(false);
  });
});
