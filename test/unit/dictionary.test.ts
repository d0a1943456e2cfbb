import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDictionary, normalizeWordList } from '../../server/src/core/text/dictionary';
import { dictionary, repoRoot } from './helpers';

describe('dictionary', () => {
  it('answers for the production word list', () => {
    for (const w of ['model', 'modes', 'black', 'calibration']) expect(dictionary.has(w)).toBe(true);
    for (const w of ['heston', 'hesten', 'scholes', 'merton']) expect(dictionary.has(w)).toBe(false);
  });

  it("is given the build's list already normalized, as the entry points declare", () => {
    // The entry points pass { normalized: true } for dist/words.txt, so that it is searched unchecked.
    const built = path.join(repoRoot, 'dist', 'words.txt');
    expect(existsSync(built), 'dist/words.txt is missing: run `npm run build` first').toBe(true);
    const text = readFileSync(built, 'utf8');
    const raw = readFileSync(path.join(repoRoot, 'node_modules', 'word-list', 'words.txt'), 'utf8');
    expect(text === normalizeWordList(raw)).toBe(true);
    const trusted = createDictionary(() => text, { normalized: true });
    for (const w of ['model', 'modes', 'black', 'calibration', 'a', 'zyzzyva', 'heston', 'hesten', 'scholes', '']) {
      expect(trusted.has(w), w).toBe(dictionary.has(w));
    }
  });

  it('normalizes an unsorted, mixed-case list and searches it', () => {
    const d = createDictionary(() => 'Zebra\napple\n  Mango \napple\n');
    expect(['apple', 'mango', 'zebra'].map((w) => d.has(w))).toEqual([true, true, true]);
    expect(d.has('banana')).toBe(false);
    expect(normalizeWordList('b\nA\na\n')).toBe('a\nb\n');
  });

  // Lists that look normalized but are not in some one respect: each must be normalized first, so
  // that every word is found as in the normalized list.
  it.each([
    ['sorted but one capital', 'apple\nBanana\ncherry\n'],
    ['a duplicate', 'apple\napple\nbanana\n'],
    ['a prefix after its extension', 'ab\na\nb\n'],
    ['an empty line', 'apple\n\nbanana\n'],
    ['CRLF line ends', 'apple\r\nbanana\r\ncherry\r\n'],
    ['a trailing space', 'apple \nbanana\n'],
    ['a capital outside ASCII', 'apple\nÉcole\nzebra\n'],
    ['non-ASCII out of order', 'zèbre\nécole\n'],
    ['no final newline, out of order', 'b\na'],
    ['already normalized, with non-ASCII', 'apple\nbanana\nécole\nzèbre\n'],
  ])('finds every word of a list with %s, as in its normalized form', (_name, raw) => {
    const d = createDictionary(() => raw);
    const normal = createDictionary(() => normalizeWordList(raw));
    const words = [...new Set([...raw.split(/\r?\n/).map((w) => w.trim().toLowerCase()), 'missing', 'a', 'ab', 'b'])];
    expect(words.map((w) => [w, d.has(w)])).toEqual(words.map((w) => [w, normal.has(w)]));
  });

  it('is empty, not broken, when the list cannot be loaded', () => {
    const d = createDictionary(() => {
      throw new Error('missing');
    });
    expect(d.has('model')).toBe(false);
  });
});
