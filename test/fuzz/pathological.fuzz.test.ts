/**
 * Pathological input, with linear-size controls: each family is timed at two sizes in one run
 * (in alternation, the fastest of five runs each) and the ratio is compared with the ratio of the sizes, never
 * with a wall-clock threshold. Markdown on which remark is superlinear goes through the same
 * worker with a time budget the server and the CLI use, so its cost is bounded, not linear.
 *
 * Needs `dist/markdown-worker.js` (`npm test` builds it first).
 */

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { computeCompletions } from '../../server/src/core/features/completion';
import { computeDiagnostics } from '../../server/src/core/features/diagnostics';
import { computeHover } from '../../server/src/core/features/hover';
import { createBudgetedChunkScanner } from '../../server/src/node/markdownBudget';
import { parseDocument, skippedSpans } from '../../server/src/core/text/document';
import { bundled, fastestAlternating, repoRoot } from '../unit/helpers';

const workerPath = path.join(repoRoot, 'dist', 'markdown-worker.js');
if (!existsSync(workerPath)) throw new Error('dist/markdown-worker.js is missing: run `npm run build` first');
const budget = createBudgetedChunkScanner({ workerPath, budgetMs: 100 });
afterAll(() => budget.dispose());

/** The fastest of `runs` timings of `work`, in ms. */
function fastest(work: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    work();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** Asserts that `work(4n)` costs less than 8 times `work(n)` (linear: about 4; quadratic: 16). */
function expectLinear(name: string, work: (n: number) => () => void, n: number): void {
  // Small inputs cost next to nothing: pad both with a fixed floor so that noise cannot decide.
  const floor = 2;
  const times = fastestAlternating(work(n), work(4 * n));
  const small = times.small + floor;
  const large = times.large + floor;
  expect(large / small, `${name}: ${small.toFixed(1)} ms at n=${n}, ${large.toFixed(1)} ms at 4n`).toBeLessThan(8);
}

const stars = (n: number) => '*'.repeat(n / 2) + 'a' + '*'.repeat(n / 2);
const nestedList = (n: number) => {
  let s = '';
  for (let d = 0; s.length < n; d++) s += '  '.repeat(d) + '- a\n';
  return s;
};
const mixedDelimiters = (n: number) => '_a '.repeat(n / 6) + 'a* '.repeat(n / 6);
const nestedQuotes = (n: number) => {
  let s = '';
  for (let d = 1; s.length < n; d++) s += '>'.repeat(d) + ' a\n';
  return s;
};

describe('Markdown remark is slow on, with a time budget per block', () => {
  for (const [name, family] of [
    ['a line of n/2 *, a, n/2 *', stars],
    ['lists nested by indentation', nestedList],
    ['unmatched _ openers then * closers', mixedDelimiters],
    ['block quotes nested deeper on each line', nestedQuotes],
  ] as const) {
    it(`${name}: bounded, and the rest of the note is still checked`, () => {
      const note = (n: number) => `The Hesten Model diverged.\n\n${'Filler prose about calibration. '.repeat(40)}\n\n${family(n)}\n\nThe Hesten Model again.\n`;
      const parse = (n: number) => () => void parseDocument(note(n), 'markdown', bundled(), { scanChunk: budget.scan });
      expectLinear(name, parse, 25_000);
      const doc = parseDocument(note(100_000), 'markdown', bundled(), { scanChunk: budget.scan });
      const misspelled = computeDiagnostics(doc).filter((d) => d.code === 'term.misspelled');
      expect(misspelled.map((d) => d.range.start.line)).toContain(doc.lines.positionAt(doc.text.lastIndexOf('Hesten')).line);
    });
  }

  it('marks a block over the budget skipped, and parses the next document normally (the worker is restarted)', () => {
    const slow = parseDocument(`${stars(100_000)}\n`, 'markdown', bundled(), { scanChunk: budget.scan });
    expect(skippedSpans(slow)).toEqual([{ start: 0, end: slow.text.length }]);
    expect(slow.occurrences).toEqual([]);
    const text = 'The **Heston Model** and *implied* [volatility](x).\n\n- a [^1] list\n\n[^1]: Heston Model note\n';
    const viaWorker = parseDocument(text, 'markdown', bundled(), { scanChunk: budget.scan });
    const inThread = parseDocument(text, 'markdown', bundled());
    expect(skippedSpans(viaWorker)).toEqual([]);
    expect(viaWorker.regions.map((r) => [r.start, r.end])).toEqual(inThread.regions.map((r) => [r.start, r.end]));
    expect(viaWorker.occurrences.length).toBeGreaterThan(0);
  });
});

describe('features are linear in the document', () => {
  it('completion at the end of one long word (or a base64 blob) costs no more than after a short one', () => {
    const at = (text: string) => {
      const doc = parseDocument(text, 'markdown', bundled());
      return () => void computeCompletions(doc, text.length, { invoked: true });
    };
    const short = fastest(at('Some text heston'));
    let seed = 7;
    const base64 = Array.from({ length: 300_000 }, () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'[seed % 64];
    }).join('');
    for (const [name, text] of [
      ['one 300,000-letter word', `Some text ${'x'.repeat(300_000)}`],
      ['a 300,000-character base64 blob', `Some text ${base64}`],
    ] as const) {
      const long = fastest(at(text));
      expect(long, `${name}: ${long.toFixed(1)} ms against ${short.toFixed(1)} ms`).toBeLessThan(20 * short + 20);
    }
  });

  it('hover, diagnostics and completion grow linearly with a note of repeated terms', () => {
    const note = (n: number) => 'The Heston Model (HM) and the Hesten Model, BSM and Black-Scholes. '.repeat(n / 68);
    expectLinear('parse and diagnostics', (n) => () => void computeDiagnostics(parseDocument(note(n), 'markdown', bundled())), 50_000);
    const doc = parseDocument(note(200_000), 'markdown', bundled());
    expect(computeHover(doc, 6)).toBeDefined();
  });

  it('the acronym rule is linear on one long line of abbreviations in every shape it looks at', () => {
    const piece = "- [x](y) QES | GLV | FB UW 'LDN' (PBFA) SIP 35 # KRNN Barra USSLOW Long ALSTM (Qin, et al.) RUNE, ZEC, XTZ ";
    const note = (n: number) => piece.repeat(Math.ceil(n / piece.length));
    expectLinear('acronym heuristics', (n) => () => void computeDiagnostics(parseDocument(note(n), 'markdown', bundled())), 50_000);
  });

  it('a huge odd word beside a term costs what a short one does (no deletion neighbourhood of it)', () => {
    const note = (n: number) => `We ran the X${'x'.repeat(n)} Model today, and the Hestonq${'q'.repeat(n)} Model.\n`;
    expectLinear('long odd word', (n) => () => void computeDiagnostics(parseDocument(note(n), 'markdown', bundled())), 20_000);
  });

  it('code: one huge string, comment and identifier are linear', () => {
    for (const [name, make] of [
      ['string', (n: number) => `x = "${'heston model '.repeat(n / 13)}"\n`],
      ['comment', (n: number) => `# ${'heston model '.repeat(n / 13)}\n`],
      ['identifier', (n: number) => `${'heston_model_'.repeat(n / 13)} = 1\n`],
      ['unclosed string', (n: number) => `x = """${'a "b" '.repeat(n / 6)}`],
    ] as const) {
      expectLinear(name, (n) => () => void computeDiagnostics(parseDocument(make(n), 'python', bundled())), 50_000);
    }
  });
});
