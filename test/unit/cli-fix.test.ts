/**
 * `termlens lint --fix`: the safe quick fixes applied by the real engine (bundled glossary) to a
 * note and a Python file, which touch nothing but the flagged terms; the dry run's diff; files
 * that are not valid UTF-8 fixed byte for byte; files changed while they are fixed; and the cost
 * of many fixes.
 */

import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildService, lintJob, type LintJob } from '../../server/src/cli/engine';
import { applySafeFixes, applySafeFixesToBytes, unifiedDiff } from '../../server/src/cli/fix';
import { decodeUtf8 } from '../../server/src/cli/utf8';
import { runLint, type LintIo } from '../../server/src/cli/lint';
import type { DiagnosticCode, TermDiagnostic } from '../../server/src/core/features/diagnostics';
import { createTermService } from '../../server/src/core/service';
import { defaultSettings } from '../../server/src/settings';
import { dictionary, repoRoot } from './helpers';
import { diskLintIo } from './lintIo';

const service = createTermService({ dictionary });
service.store.setFile('file:///bundled.glossary.json', readFileSync(path.join(repoRoot, 'glossary', 'bundled.glossary.json'), 'utf8'), 'bundled');

/** The engine's diagnostics for a text. */
function linter(languageId: string): (text: string) => TermDiagnostic[] {
  return (text) => service.diagnostics(service.parse(text, languageId));
}

const TERM_CODES: readonly DiagnosticCode[] = ['term.misspelled', 'term.variant', 'term.deprecated'];

/** Fixes `before` and checks the result is `after`, clean of the term codes, with `applied` fixes. */
function expectFixed(before: string, languageId: string, after: string, applied: number): void {
  const lint = linter(languageId);
  const result = applySafeFixes(before, lint);
  expect(result.output).toBe(after);
  expect(result.applied).toBe(applied);
  expect(result.diagnostics.filter((d) => TERM_CODES.includes(d.code))).toEqual([]);
  expect(result.diagnostics).toEqual(lint(after));
}

describe('applySafeFixes on the real engine', () => {
  it('fixes misspelled, variant and deprecated terms in a note, not its code, URLs or link targets', () => {
    const note = [
      '# Pricing notes',
      '',
      'We calibrate the Hesten Model daily, compare it with the Black Scholes Merton model',
      'and avoid the BS Model in reports. The span model sets margins.',
      '',
      '```python',
      'hesten_model = "Hesten Model"  # the Hesten Model',
      '```',
      '',
      'Inline `Hesten Model` stays, as does https://example.com/Hesten-Model and',
      '[the Hesten Model paper](https://example.com/Hesten-Model).',
      '<https://example.com/Hesten-Model>',
      '',
    ].join('\n');
    const fixed = [
      '# Pricing notes',
      '',
      'We calibrate the Heston Model daily, compare it with the Black-Scholes-Merton model',
      'and avoid the Black-Scholes-Merton Model in reports. The SPAN model sets margins.',
      '',
      '```python',
      'hesten_model = "Hesten Model"  # the Hesten Model',
      '```',
      '',
      'Inline `Hesten Model` stays, as does https://example.com/Hesten-Model and',
      '[the Heston Model paper](https://example.com/Hesten-Model).',
      '<https://example.com/Hesten-Model>',
      '',
    ].join('\n');
    expectFixed(note, 'markdown', fixed, 5);
  });

  it('fixes comments and strings in code, not identifiers', () => {
    const py = [
      '# Calibrates the Hesten Model, not the BS Model.',
      'def hesten_model_price(spot):',
      '    label = "Hesten Model price"',
      '    key = "hesten_model"',
      '    return hestenModel(spot, "The span model")',
      '',
    ].join('\n');
    const fixed = [
      '# Calibrates the Heston Model, not the Black-Scholes-Merton Model.',
      'def hesten_model_price(spot):',
      '    label = "Heston Model price"',
      '    key = "hesten_model"',
      '    return hestenModel(spot, "The SPAN model")',
      '',
    ].join('\n');
    expectFixed(py, 'python', fixed, 4);
  });

  it('changes nothing in a clean text', () => {
    expectFixed('The Heston Model is fine.\n', 'markdown', 'The Heston Model is fine.\n', 0);
  });
});

/** A diagnostic carrying a fix of `edits` (as `[start, end, newText]`), for a scripted linter. */
function fixDiagnostic(edits: ReadonlyArray<readonly [number, number, string]>, safe = true): TermDiagnostic {
  const [start, end] = edits[0]!;
  return {
    range: { start: { line: 0, character: start }, end: { line: 0, character: end } },
    severity: 2,
    code: 'term.misspelled',
    source: 'termlens',
    message: 'm',
    data: { start, end, fix: { title: 't', edits: edits.map(([s, e, newText]) => ({ start: s, end: e, newText })), safe } },
  };
}

/** A linter that flags every occurrence of each key (overlapping ones too) with a safe or unsafe fix to its value. */
function wordLinter(fixes: Readonly<Record<string, string>>, safe = true): (text: string) => TermDiagnostic[] {
  return (text) => {
    const out: TermDiagnostic[] = [];
    for (const [from, to] of Object.entries(fixes)) {
      for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) out.push(fixDiagnostic([[i, i + from.length, to]], safe));
    }
    return out.sort((a, b) => a.data.start - b.data.start);
  };
}

describe('applySafeFixes passes', () => {
  it.each([
    ['applies fixes right to left in one pass', { ab: 'X', cd: 'YYY' }, 'ab cd ab', 'X YYY X', 3],
    ['defers an overlapping fix to the next pass', { abc: 'Q', bcd: 'R' }, 'abcd', 'Qd', 1],
    ['re-lints: a fix that reveals another is applied in a later pass', { aa: 'b', bb: 'c' }, 'aaaa', 'c', 3],
    ['ignores fixes that change nothing', { ab: 'ab' }, 'ab', 'ab', 0],
  ])('%s', (_name, fixes, before, after, applied) => {
    const result = applySafeFixes(before, wordLinter(fixes));
    expect([result.output, result.applied]).toEqual([after, applied]);
  });

  it('ignores unsafe fixes', () => {
    const result = applySafeFixes('ab', wordLinter({ ab: 'X' }, false));
    expect(result).toMatchObject({ output: 'ab', applied: 0 });
    expect(result.diagnostics).toHaveLength(1);
  });

  it('stops after maxPasses and returns the last text’s diagnostics', () => {
    const result = applySafeFixes('a', wordLinter({ a: 'aa' }), 3);
    expect(result.output).toBe('aaaaaaaa');
    expect(result.applied).toBe(1 + 2 + 4);
    expect(result.diagnostics).toHaveLength(8);
  });

  it('takes a fix with several edits whole or not at all', () => {
    let calls = 0;
    const lint = (): TermDiagnostic[] =>
      calls++ === 0
        ? [
            fixDiagnostic([[0, 1, 'X']]),
            fixDiagnostic([
              [1, 2, 'Y'],
              [0, 1, 'Z'],
            ]),
            fixDiagnostic([
              [3, 4, 'W'],
              [5, 6, 'V'],
            ]),
          ]
        : [];
    expect(applySafeFixes('abcdef', lint).output).toBe('XbcWeV');
  });
});

describe('unifiedDiff', () => {
  it('writes a git-style diff', () => {
    expect(unifiedDiff('docs/a.md', 'one\nthe Hesten Model\nthree\n', 'one\nthe Heston Model\nthree\n')).toBe(
      ['--- a/docs/a.md', '+++ b/docs/a.md', '@@ -1,3 +1,3 @@', ' one', '-the Hesten Model', '+the Heston Model', ' three', ''].join('\n'),
    );
  });

  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a.md', 'x\n', 'x\n')).toBe('');
  });
});

const bundledPath = path.join(repoRoot, 'glossary', 'bundled.glossary.json');
const fileService = buildService(dictionary, [{ uri: 'file:///bundled.glossary.json', text: readFileSync(bundledPath, 'utf8'), layer: 'bundled' }]);
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A temp folder holding `files` (name → bytes). */
function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'termlens-fix-'));
  temps.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

/** Runs the fix step of `termlens lint` on one file. */
function fixFile(file: string, fix: 'fix' | 'dry-run' = 'fix', hooks?: Parameters<typeof lintJob>[4]) {
  const job: LintJob = { index: 0, path: file, languageId: 'markdown', settings: defaultSettings };
  return lintJob(fileService, job, 1 << 24, fix, hooks);
}

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('lint --fix on bytes that are not valid UTF-8', () => {
  it('keeps every invalid byte and changes only the fixed term (Latin-1 é)', async () => {
    const dir = folder({ 'note.md': bytes('Latin-1 caf', [0xe9], ' and the Hesten Model.\n') });
    const result = await fixFile(path.join(dir, 'note.md'));
    expect(readFileSync(path.join(dir, 'note.md'))).toEqual(bytes('Latin-1 caf', [0xe9], ' and the Heston Model.\n'));
    expect(result).toMatchObject({ note: 'not valid UTF-8; fixed around the findings, other bytes kept as they are' });
    expect(result).toMatchObject({
      linted: { text: 'Latin-1 caf\ufffd and the Heston Model.\n', fixes: { applied: 1, original: 'Latin-1 caf\ufffd and the Hesten Model.\n' } },
    });
  });

  it('keeps a BOM, CRLF line ends, astral characters and every kind of invalid sequence byte for byte', async () => {
    const invalid = [[0x80], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x98], [0xff], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]];
    const before: (string | number[])[] = [[0xef, 0xbb, 0xbf]];
    const after: (string | number[])[] = [[0xef, 0xbb, 0xbf]];
    for (const seq of invalid) {
      before.push('x ', seq, ' the Hesten Model \u{1d538}\u{1f600}\r\n');
      after.push('x ', seq, ' the Heston Model \u{1d538}\u{1f600}\r\n');
    }
    const dir = folder({ 'note.md': bytes(...before) });
    const result = await fixFile(path.join(dir, 'note.md'));
    expect(readFileSync(path.join(dir, 'note.md'))).toEqual(bytes(...after));
    expect(result).toMatchObject({ linted: { fixes: { applied: invalid.length } } });
  });

  it('leaves out a fix whose edit covers an invalid byte, and does not join invalid bytes', () => {
    // A scripted linter: "A\uFFFDB" → "X" (covers an invalid byte), "-" deleted (between two invalid bytes), "ok" → "OK".
    const lint = wordLinter({ 'A\ufffdB': 'X', '-': '', ok: 'OK' });
    const input = bytes('A', [0xff], 'B ', [0xe2], '-', [0x82, 0xac], ' ok');
    const fixed = applySafeFixesToBytes(input, lint);
    expect(fixed.bytes).toEqual(bytes('A', [0xff], 'B ', [0xe2], '-', [0x82, 0xac], ' OK'));
    expect(fixed.applied).toBe(1);
  });

  it('fixes valid UTF-8 exactly as the text fix does, and returns the same bytes when nothing changes', () => {
    const text = '\ufeffThe Hesten Model\r\nand \u{1f600} the BS Model.\r\n';
    const fixed = applySafeFixesToBytes(Buffer.from(text), linter('markdown'));
    expect(fixed.bytes).toEqual(Buffer.from(applySafeFixes(text, linter('markdown')).output));
    expect(fixed.valid).toBe(true);
    const clean = bytes('caf', [0xe9], ' Heston Model\n');
    expect(applySafeFixesToBytes(clean, linter('markdown')).bytes).toBe(clean);
  });

  it('decodes exactly as Buffer#toString does, listing where each invalid stretch came from', () => {
    const input = bytes('a', [0xe2, 0x82], 'b', [0xf0, 0x9f, 0x98, 0x80], [0xc0, 0xaf], '\ufffd', [0xed, 0xa0, 0x80], [0xf4, 0x90], 'z', [0xe2]);
    const decoded = decodeUtf8(input);
    expect(decoded.text).toBe(input.toString('utf8'));
    expect(decoded.invalid.map((i) => [i.at, i.byteStart, i.byteLength])).toEqual([
      [1, 1, 2],
      [5, 8, 1],
      [6, 9, 1],
      [8, 13, 1],
      [9, 14, 1],
      [10, 15, 1],
      [11, 16, 1],
      [12, 17, 1],
      [14, 19, 1],
    ]);
  });

  it('--fix-dry-run reports the decoded texts and writes nothing', async () => {
    const original = bytes('caf', [0xe9], ' Hesten Model\n');
    const dir = folder({ 'note.md': original });
    const result = await fixFile(path.join(dir, 'note.md'), 'dry-run');
    expect(readFileSync(path.join(dir, 'note.md'))).toEqual(original);
    expect(result).toMatchObject({ linted: { text: 'caf\ufffd Heston Model\n', fixes: { original: 'caf\ufffd Hesten Model\n' } } });
    expect(unifiedDiff('note.md', 'caf\ufffd Hesten Model\n', 'caf\ufffd Heston Model\n')).toContain('+caf\ufffd Heston Model');
  });
});

describe('lint --fix writes', () => {
  it('does not overwrite a file changed while it was being fixed, and says so', async () => {
    const dir = folder({ 'note.md': 'The Hesten Model.\n' });
    const file = path.join(dir, 'note.md');
    const result = await fixFile(file, 'fix', { beforeReplace: () => writeFileSync(file, 'Edited meanwhile: Hesten Model.\n') });
    expect(readFileSync(file, 'utf8')).toBe('Edited meanwhile: Hesten Model.\n');
    expect(result).toMatchObject({ notWritten: { reason: 'changed' }, linted: { text: 'The Hesten Model.\n' } });
    expect(result).not.toHaveProperty('linted.fixes');
    expect(readdirSync(dir)).toEqual(['note.md']);
  });

  it('exits 2 with one line naming the file when it changed during the run', async () => {
    const dir = folder({ 'note.md': 'The Hesten Model.\n', 'other.md': 'The Hesten Model.\n' });
    const file = path.join(dir, 'note.md');
    const run = await lintRun(dir, ['--fix', '--no-config'], { beforeReplace: (p) => (p === file ? writeFileSync(file, 'changed\n') : undefined) });
    expect(run.stderr).toBe('termlens: note.md changed while termlens was fixing it; not written, run again\n');
    expect(run.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('changed\n');
    expect(readFileSync(path.join(dir, 'other.md'), 'utf8')).toBe('The Heston Model.\n');
  });

  it('replaces the file atomically: same mode, through a symbolic link, no temporary file left', async () => {
    const dir = folder({ 'note.md': 'The Hesten Model.\n' });
    const file = path.join(dir, 'note.md');
    chmodSync(file, 0o640);
    symlinkSync('note.md', path.join(dir, 'link.md'));
    const seen: string[] = [];
    await fixFile(path.join(dir, 'link.md'), 'fix', { beforeReplace: () => void seen.push(...readdirSync(dir)) });
    expect(seen.some((name) => /^\.note\.md\.termlens-\d+-[0-9a-f]+\.tmp$/.test(name))).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('The Heston Model.\n');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(lstatSync(path.join(dir, 'link.md')).isSymbolicLink()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['link.md', 'note.md']);
  });

  it('removes the temporary file and keeps the original when writing fails', async () => {
    const dir = folder({ 'note.md': 'The Hesten Model.\n' });
    const fail = (): never => {
      throw Object.assign(new Error('disk on fire'), { code: 'EIO' });
    };
    const result = await fixFile(path.join(dir, 'note.md'), 'fix', { beforeReplace: fail });
    expect(result).toMatchObject({ notWritten: { reason: 'unwritable', code: 'EIO' } });
    expect(readFileSync(path.join(dir, 'note.md'), 'utf8')).toBe('The Hesten Model.\n');
    expect(readdirSync(dir)).toEqual(['note.md']);
  });
});

/** Runs `termlens lint ARGS` in `cwd` in this process (one thread), with `hooks`. */
async function lintRun(cwd: string, args: string[], hooks?: LintIo['lintJobHooks']): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io = diskLintIo(cwd, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    ...(hooks ? { lintJobHooks: hooks } : {}),
  });
  const code = await runLint(args, io);
  return { code, stdout, stderr };
}

describe('applySafeFixes cost', () => {
  /** A text with `n` fixes ("Hesten" → "Heston") and a linter finding them in linear time. */
  function workload(n: number): { text: string; lint: (text: string) => TermDiagnostic[] } {
    const text = 'a line about the Hesten calibration\n'.repeat(n);
    const lint = (t: string): TermDiagnostic[] => {
      const out: TermDiagnostic[] = [];
      for (let i = t.indexOf('Hesten'); i >= 0; i = t.indexOf('Hesten', i + 6)) out.push(fixDiagnostic([[i, i + 6, 'Heston']]));
      return out;
    };
    return { text, lint };
  }

  /** The fastest of five runs, in ms. */
  function timeOf(n: number): number {
    const { text, lint } = workload(n);
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const t0 = performance.now();
      const result = applySafeFixes(text, lint);
      best = Math.min(best, performance.now() - t0);
      expect(result.applied).toBe(n);
    }
    return best;
  }

  it('grows about linearly with the number of fixes (4× the fixes take well under 8× the time)', () => {
    // Sizes large enough that a few milliseconds of collector or compiler noise cannot decide.
    timeOf(4000); // warm up
    const small = timeOf(16000);
    const large = timeOf(64000);
    expect(large / small, `${small.toFixed(1)} ms for 16000 fixes, ${large.toFixed(1)} ms for 64000`).toBeLessThan(8);
  });
});
