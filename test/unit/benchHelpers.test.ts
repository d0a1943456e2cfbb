import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { measureFloor } from '../../bench/lib/floor.mjs';
import { lintedExtensions } from '../../bench/lib/languages.mjs';
import { languageTable } from '../../server/src/shared/languages';

const repoRoot = path.resolve(__dirname, '..', '..');
const dir = mkdtempSync(path.join(tmpdir(), 'termlens-bench-floor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bench helpers', () => {
  test('the extensions the bench lists for real-docs are those of the language table', () => {
    const expected = new Map(languageTable.flatMap((l) => l.extensions.map((e) => [e, l.id] as const)));
    expect(lintedExtensions(repoRoot)).toEqual(expected);
  });

  test('the reading-only floor tokenizes every word and counts each word position that starts a form once', () => {
    const glossaryFile = path.join(dir, 'g.glossary.json');
    writeFileSync(
      glossaryFile,
      JSON.stringify({
        version: 1,
        name: 'floor test',
        concepts: [
          { term: 'Heston Model', definitions: [{ text: 'x' }] },
          { term: 'Vega', definitions: [{ text: 'x' }] },
          { term: 'Black-Scholes-Merton Model', aliases: ['Black-Scholes'], deprecated: [{ form: 'BS model', reason: 'x' }], definitions: [{ text: 'x' }] },
        ],
      }),
    );
    const notes = path.join(dir, 'notes');
    mkdirSync(path.join(notes, 'sub'), { recursive: true });
    mkdirSync(path.join(notes, '.hidden'), { recursive: true });
    // 9 words, 3 forms: Heston Model, heston model, vega ("Model" alone and "Heston" alone start none).
    const a = 'The Heston Model, the heston model and vega.\n';
    // 7 words, 2 forms: Black-Scholes (the alias, not the longer term) and BS model; "Black." alone starts none.
    const b = 'Black-Scholes is not Black. A BS model.\n';
    writeFileSync(path.join(notes, 'a.md'), a);
    writeFileSync(path.join(notes, 'sub', 'b.md'), b);
    writeFileSync(path.join(notes, '.hidden', 'c.md'), 'Vega Vega Vega\n');
    writeFileSync(path.join(notes, 'd.txt'), 'Vega\n');
    const floor = measureFloor({ dir: notes, glossaryFile, passes: 1 });
    expect(floor).toMatchObject({ files: 2, bytes: Buffer.byteLength(a + b), forms: 5, words: 16, matches: 5, passes: 1 });
    expect(floor.mbPerSec).toBeGreaterThan(0);
    expect(floor.withReadMbPerSec).toBeLessThanOrEqual(floor.mbPerSec);
  });
});
