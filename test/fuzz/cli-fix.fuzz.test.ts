/**
 * Fuzzing `termlens lint --fix` on bytes: seeded random files built from pieces — prose, glossary
 * misspellings with safe fixes, invalid UTF-8 (lone continuation bytes, truncated sequences, 0xff,
 * overlong forms, surrogates, code points above U+10FFFF, Latin-1), CRLF, a BOM, astral
 * characters — fixed through the real fix step on disk (bundled glossary). Every byte outside the
 * reported edits is unchanged (the edits reverted give back the input, the invalid stretches are
 * the same), a file with no fix is not written, and fixing again changes nothing.
 */

import { isUtf8 } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/lib/generate.mjs';
import { buildService, lintJob, lintText, type LintJob } from '../../server/src/cli/engine';
import { applySafeFixes, applySafeFixesToBytes, type ByteEdit } from '../../server/src/cli/fix';
import { decodeUtf8 } from '../../server/src/cli/utf8';
import type { TermDiagnostic } from '../../server/src/core/features/diagnostics';
import { defaultSettings } from '../../server/src/settings';
import { dictionary, repoRoot } from '../unit/helpers';

const SEED = 0x7e51f1;
const FILES = 100;

const service = buildService(dictionary, [
  { uri: 'file:///bundled.glossary.json', text: readFileSync(path.join(repoRoot, 'glossary', 'bundled.glossary.json'), 'utf8'), layer: 'bundled' },
]);
const lint = (text: string) => lintText(service, text, 'markdown', defaultSettings);

const dir = mkdtempSync(path.join(tmpdir(), 'termlens-fix-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Piece = string | readonly number[];
const PROSE: readonly Piece[] = [
  'We calibrate ',
  'the vol surface',
  ' daily',
  'café ',
  '€5 ',
  'naïve ',
  'Heston Model',
  ' and ',
  '# Notes',
  '- item',
  '> quoted',
  '`Hesten Model`',
  'SPAN model',
  ', ',
  '. ',
];
const FIXABLE: readonly Piece[] = ['Hesten Model', 'the Hesten Model', 'Hesten\r\nModel', 'the BS Model', 'span model', 'Black Scholes Merton model'];
const INVALID: readonly Piece[] = [
  [0x80],
  [0xbf],
  [0xc3],
  [0xe2, 0x82],
  [0xf0, 0x9f, 0x98],
  [0xff],
  [0xfe],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe9],
  [0x82, 0xac],
  [0x9f, 0x98, 0x80],
];
const OTHER: readonly Piece[] = ['\n', '\r\n', '\r\n\r\n', ' ', '\u{1f600}', '\u{1d538}', '\u{10ffff}', '\ufffd'];

/** File `i`: some files get no fixable piece, some no invalid piece. */
function makeFile(random: () => number, i: number): Buffer {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const fixable = i % 5 !== 0;
  const invalid = i % 4 !== 1;
  const parts: Piece[] = random() < 0.3 ? [[0xef, 0xbb, 0xbf]] : [];
  for (let n = 3 + int(40); n > 0; n--) {
    const roll = random();
    if (roll < 0.45) parts.push(pick(PROSE));
    else if (roll < 0.65) parts.push(fixable ? pick(FIXABLE) : pick(PROSE));
    else if (roll < 0.8) parts.push(invalid ? pick(INVALID) : pick(OTHER));
    else parts.push(pick(OTHER));
  }
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
}

/** The bytes of each invalid stretch, in order. */
function invalidStretches(bytes: Buffer): string[] {
  return decodeUtf8(bytes).invalid.map((s) => bytes.subarray(s.byteStart, s.byteStart + s.byteLength).toString('hex'));
}

/** `edits` made to `bytes` the obvious way, checking they are sorted and apart; also returns what each replaced. */
function applyNaively(bytes: Buffer, edits: readonly ByteEdit[]): { out: Buffer; replaced: Buffer[] } {
  let out = Buffer.from(bytes);
  const replaced: Buffer[] = [];
  for (let i = edits.length - 1; i >= 0; i--) {
    const e = edits[i]!;
    expect(e.start).toBeLessThanOrEqual(e.end);
    if (i > 0) expect(edits[i - 1]!.end).toBeLessThanOrEqual(e.start);
    replaced.unshift(Buffer.from(out.subarray(e.start, e.end)));
    out = Buffer.concat([out.subarray(0, e.start), e.newBytes, out.subarray(e.end)]);
  }
  return { out, replaced };
}

/**
 * Checks that `fixed` is `input` with exactly its reported edits made, each replacing valid UTF-8
 * by valid UTF-8 (so reverting them gives `input` back), keeping every invalid stretch as it is.
 */
function expectOnlyReportedEdits(input: Buffer, fixed: ReturnType<typeof applySafeFixesToBytes>, label: string): number {
  let current = input;
  let count = 0;
  const undo: { edits: readonly ByteEdit[]; replaced: Buffer[] }[] = [];
  for (const edits of fixed.passes) {
    const { out, replaced } = applyNaively(current, edits);
    for (const [k, old] of replaced.entries()) {
      expect(isUtf8(old), `${label}: edit ${k} replaces invalid bytes ${old.toString('hex')}`).toBe(true);
      expect(isUtf8(edits[k]!.newBytes), label).toBe(true);
    }
    undo.push({ edits, replaced });
    count += edits.length;
    current = out;
  }
  expect(current, label).toEqual(fixed.bytes);
  for (const { edits, replaced } of undo.reverse()) {
    let shift = 0;
    const reverts = edits.map((e, k) => {
      const start = e.start + shift;
      shift += e.newBytes.length - (e.end - e.start);
      return { start, end: start + e.newBytes.length, newBytes: replaced[k]! };
    });
    current = applyNaively(current, reverts).out;
  }
  expect(current, label).toEqual(input);
  expect(invalidStretches(fixed.bytes), label).toEqual(invalidStretches(input));
  expect(fixed.output, label).toBe(fixed.bytes.toString('utf8'));
  return count;
}

/** Runs the fix step on the file; its inode and mtime before and after. */
async function fixOnDisk(file: string, fix: 'fix' | 'dry-run' = 'fix') {
  const before = statSync(file);
  const job: LintJob = { index: 0, path: file, languageId: 'markdown', settings: defaultSettings };
  const result = await lintJob(service, job, 1 << 24, fix);
  const after = statSync(file);
  return { result, rewritten: before.ino !== after.ino || before.mtimeMs !== after.mtimeMs, bytes: readFileSync(file) };
}

describe('lint --fix on random bytes', () => {
  it(`keeps every byte outside the fixes, leaves clean files alone and is idempotent (${FILES} files, seed ${SEED})`, async () => {
    const random = mulberry32(SEED);
    const stats = { fixed: 0, untouched: 0, invalid: 0, invalidFixed: 0, edits: 0 };
    for (let i = 0; i < FILES; i++) {
      const input = makeFile(random, i);
      const label = `file ${i}: ${input.toString('hex')}`;
      const file = path.join(dir, `f${i}.md`);
      writeFileSync(file, input);

      // The text the linter sees is what Buffer#toString gives.
      expect(decodeUtf8(input).text, label).toBe(input.toString('utf8'));

      const fixed = applySafeFixesToBytes(input, lint);
      expect(fixed.output, label).toBe(fixed.bytes.toString('utf8'));
      if (decodeUtf8(input).valid) expect(fixed.bytes, label).toEqual(Buffer.from(applySafeFixes(input.toString('utf8'), lint).output, 'utf8'));
      else stats.invalid++;

      // The output is the input with exactly the reported edits made; reverting them gives the input back.
      stats.edits += expectOnlyReportedEdits(input, fixed, label);
      const bom = input.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
      expect(fixed.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), label).toBe(bom);
      expect(fixed.bytes.toString('latin1').split('\r\n').length, label).toBe(input.toString('latin1').split('\r\n').length);

      // On disk: a dry run writes nothing; --fix writes exactly those bytes, and only when they differ.
      if (i % 10 === 0) expect((await fixOnDisk(file, 'dry-run')).rewritten, label).toBe(false);
      const first = await fixOnDisk(file);
      expect(first.bytes, label).toEqual(fixed.bytes);
      const changed = !fixed.bytes.equals(input);
      expect(first.rewritten, label).toBe(changed);
      if (changed) {
        stats.fixed++;
        if (!decodeUtf8(input).valid) stats.invalidFixed++;
      } else stats.untouched++;
      if (i % 5 === 0) expect(changed, `${label}: has no fixable piece`).toBe(false);

      // Fixing again finds nothing to do and does not touch the file.
      const again = applySafeFixesToBytes(fixed.bytes, lint);
      expect(again.passes, label).toEqual([]);
      expect(again.bytes, label).toBe(fixed.bytes);
      const second = await fixOnDisk(file);
      expect(second.rewritten, label).toBe(false);
      expect(second.bytes, label).toEqual(fixed.bytes);
    }
    // The generator exercises what it should.
    expect(stats.fixed).toBeGreaterThan(50);
    expect(stats.untouched).toBeGreaterThanOrEqual(20);
    expect(stats.invalidFixed).toBeGreaterThan(30);
    expect(stats.edits).toBeGreaterThan(100);
  });
});

/** A linter proposing safe fixes at random places of the text (never inside a surrogate pair), seeded by the text. */
function randomLinter(text: string): TermDiagnostic[] {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  const random = mulberry32(hash);
  const int = (n: number) => Math.floor(random() * n);
  const boundary = (at: number) => (at > 0 && at < text.length && /[\udc00-\udfff]/.test(text[at]!) && /[\ud800-\udbff]/.test(text[at - 1]!) ? at - 1 : at);
  const marks: number[] = [];
  for (let i = text.indexOf('\ufffd'); i >= 0; i = text.indexOf('\ufffd', i + 1)) marks.push(i);
  const out: TermDiagnostic[] = [];
  for (let n = int(6); n > 0; n--) {
    let start = boundary(int(text.length + 1));
    let end = boundary(Math.min(text.length, start + int(4)));
    let newText = ['', '', 'x', 'é', '\u{1f600}', 'Heston'][int(6)]!;
    if (marks.length > 1 && random() < 0.5) {
      // Delete what lies between two U+FFFD: joining invalid bytes must not happen.
      const k = int(marks.length - 1);
      [start, end, newText] = [marks[k]! + 1, marks[k + 1]!, ''];
    }
    out.push({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      severity: 2,
      code: 'term.misspelled',
      source: 'termlens',
      message: 'm',
      data: { start, end, fix: { title: 't', edits: [{ start, end: Math.max(start, end), newText }], safe: true } },
    });
  }
  return out.sort((a, b) => a.data.start - b.data.start);
}

describe('fixes at random places of random bytes', () => {
  it(`never touch or join invalid bytes (${FILES} files, seed ${SEED + 1})`, () => {
    const random = mulberry32(SEED + 1);
    let edits = 0;
    for (let i = 0; i < FILES; i++) {
      const input = makeFile(random, i);
      const fixed = applySafeFixesToBytes(input, randomLinter, 4);
      edits += expectOnlyReportedEdits(input, fixed, `file ${i}: ${input.toString('hex')}`);
    }
    expect(edits).toBeGreaterThan(300);
  });
});
