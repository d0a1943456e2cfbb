/**
 * `termlens lint --cache`: on a small realistic tree (notes, code, notebooks, a BOM, a config with
 * an override, folder-scoped glossaries), a run with the cache prints byte for byte what a run
 * without it prints, in every format and on worker threads; a second run lints nothing; an edit
 * re-lints exactly what it can change; `--fix` never serves a stale result; a corrupt cache is
 * a warning; the cache file holds no file text.
 */

import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CacheReport } from '../../server/src/cli/cache';
import { runLint, type LintIo } from '../../server/src/cli/lint';
import { repoRoot } from './helpers';
import { diskLintIo } from './lintIo';

const fixtures = path.join(repoRoot, 'test', 'fixtures');
const workerPath = path.join(repoRoot, 'dist', 'lint-worker.js');
const temps: string[] = [];

beforeAll(() => {
  if (!existsSync(workerPath)) throw new Error('dist/lint-worker.js is missing: run `npm run build` first');
});

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'termlens-cache-'));
  temps.push(dir);
  return dir;
}

function write(dir: string, files: Record<string, string | Buffer>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

/** A tree of the fixtures' notes, code and notebooks, with a config, two folder glossaries and a BOM. */
function tree(): string {
  const dir = tempDir();
  cpSync(path.join(fixtures, 'unseen-notes'), dir, { recursive: true });
  cpSync(path.join(fixtures, 'notebooks'), path.join(dir, 'nb'), { recursive: true });
  write(dir, {
    'termlens.config.yaml': 'rules:\n  term.variant: warning\noverrides:\n  - files: ["src/**"]\n    rules:\n      term.misspelled: error\n',
    'rates/rates.glossary.yaml':
      'concepts:\n  - term: Zorblax Basis Exchange\n    abbreviations: [ZBX]\n    definitions: ["Rates desk: two floating legs swapped."]\n',
    'fx/glossary/fx.glossary.yaml':
      'concepts:\n  - term: Zorblax FX Swap\n    deprecated: [{ form: ZBX, reason: Write the name out. }]\n    definitions: ["FX desk: a spot and a forward in one ticket."]\n',
    'rates/note.md': 'We booked a ZBX today, and a Zorblax Basis Exchnage.\n',
    'rates/desk/deep.md': 'The deep desk books a Zorblax Basis Exchnage too.\n',
    'fx/note.md': 'We booked a ZBX today, and a Zorblax Basis Exchnage.\n',
    'bom.md': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('The Hesten Model and the span model.\n\nWe quote the CVA.\n')]),
    'src/greeks.ts': '// Computes the Hesten Model greeks.\nexport const label = "Black Scholes Merton model";\n',
  });
  return dir;
}

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly report?: CacheReport;
}

/** `termlens lint ARGS` in `cwd` in this process; `workers` lets it start worker threads (2 CPUs). */
async function lint(cwd: string, args: string[], options: { workers?: boolean; io?: Partial<LintIo> } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  let report: CacheReport | undefined;
  const io = diskLintIo(cwd, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    onCacheReport: (r) => void (report = r),
    ...(options.workers ? { workerPath, cpus: 2 } : {}),
    ...options.io,
  });
  const code = await runLint(args, io);
  return { code, stdout, stderr, ...(report ? { report } : {}) };
}

/** The same output, exit code and stderr. */
function expectSameRun(actual: Run, expected: Run, what: string): void {
  expect(actual.stdout, what).toBe(expected.stdout);
  expect(actual.stderr, what).toBe(expected.stderr);
  expect(actual.code, what).toBe(expected.code);
}

const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;

describe('termlens lint --cache', () => {
  it('prints exactly what a run without the cache prints, in every format, with 1 and 3 jobs; the second run lints no file', async () => {
    const dir = tree();
    const baseline = new Map<string, Run>();
    for (const format of FORMATS) baseline.set(format, await lint(dir, ['--format', format, '--no-color']));
    expect(baseline.get('json')!.stdout).toContain('"filePath": "fx/note.md"');
    expect(baseline.get('stylish')!.stderr).toContain('broken.ipynb');

    for (const jobs of ['1', '3']) {
      const location = path.join(tempDir(), 'cache.json');
      const cacheArgs = ['--cache', '--cache-location', location, '--jobs', jobs, '--no-color'];
      const first = await lint(dir, ['--format', jobs === '1' ? 'stylish' : 'json', ...cacheArgs], { workers: true });
      expectSameRun(first, baseline.get(jobs === '1' ? 'stylish' : 'json')!, `first run, ${jobs} jobs`);
      expect(first.report!.cached).toEqual([]);
      expect(first.report!.linted.length).toBeGreaterThan(10);
      expect(first.report!.linted).toContain('bom.md');
      for (const format of FORMATS) {
        const again = await lint(dir, ['--format', format, ...cacheArgs], { workers: true });
        expectSameRun(again, baseline.get(format)!, `${format} from the cache, ${jobs} jobs`);
        expect(again.report, format).toEqual({ cached: first.report!.linted, linted: [] });
      }
    }
  });

  it('re-lints only an edited file, on the workers too, and the output stays that of a run without the cache', async () => {
    const dir = tree();
    const cacheArgs = ['--cache', '--format', 'json', '--jobs', '3'];
    const first = await lint(dir, cacheArgs, { workers: true });
    expect(existsSync(path.join(dir, '.termlenscache'))).toBe(true);
    appendFileSync(path.join(dir, 'desk', 'model-zoo.md'), '\nWe also tried the Hesten Model.\n');
    const edited = await lint(dir, cacheArgs, { workers: true });
    expect(edited.report!.linted).toEqual(['desk/model-zoo.md']);
    expect(edited.report!.cached).toEqual(first.report!.linted.filter((f) => f !== 'desk/model-zoo.md'));
    expectSameRun(edited, await lint(dir, ['--format', 'json']), 'after the edit');
    expect(edited.stdout).toContain('"endColumn": 28');

    // Three edited files, linted on a worker thread: still only they are linted.
    for (const rel of ['rates/note.md', 'fx/note.md', 'src/pricing.py']) appendFileSync(path.join(dir, rel), '\n# The Hesten Model again.\n');
    const three = await lint(dir, cacheArgs, { workers: true });
    expect([...three.report!.linted].sort()).toEqual(['fx/note.md', 'rates/note.md', 'src/pricing.py']);
    expectSameRun(three, await lint(dir, ['--format', 'json']), 'after three edits');
  });

  it('re-lints the files a glossary applies to when it changes, and the files a config change can change', async () => {
    const dir = tree();
    const all = (await lint(dir, ['--cache'])).report!.linted;
    const rates = path.join(dir, 'rates', 'rates.glossary.yaml');
    writeFileSync(rates, readFileSync(rates, 'utf8') + '  - term: Quorbel Spread\n    definitions: ["A made-up spread."]\n');
    const afterRates = await lint(dir, ['--cache', '--format', 'json']);
    expect(afterRates.report!.linted).toEqual(all.filter((f) => f.startsWith('rates/')));
    expect(afterRates.report!.linted).toEqual(['rates/desk/deep.md', 'rates/note.md']);
    expectSameRun(afterRates, await lint(dir, ['--format', 'json']), 'after the rates glossary changed');

    // A glossary at the root applies everywhere.
    write(dir, { 'desk.glossary.yaml': 'concepts:\n  - term: Quorbel Ladder\n    definitions: ["A made-up ladder."]\n' });
    expect((await lint(dir, ['--cache'])).report!.linted).toEqual(all);

    // An override for src/** changes the settings of those files only; --rule those of all.
    const config = path.join(dir, 'termlens.config.yaml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('term.misspelled: error', 'term.misspelled: information'));
    const afterOverride = await lint(dir, ['--cache', '--format', 'json']);
    expect(afterOverride.report!.linted).toEqual(all.filter((f) => f.startsWith('src/')));
    expectSameRun(afterOverride, await lint(dir, ['--format', 'json']), 'after the override changed');
    expect((await lint(dir, ['--cache', '--rule', 'term.variant=error'])).report!.linted).toEqual(all);
    expect((await lint(dir, ['--cache', '--rule', 'term.variant=error'])).report!.linted).toEqual([]);

    // Another termlens version drops the cache, silently.
    const upgraded = await lint(dir, ['--cache', '--format', 'json'], { io: { version: '0.0.1' } });
    expect(upgraded.report!.linted).toEqual(all);
    expectSameRun(upgraded, await lint(dir, ['--format', 'json']), 'another version');
  });

  it('ignores a corrupt or unreadable cache with one warning, prints the right output and writes a good cache', async () => {
    const dir = tree();
    const baseline = await lint(dir, ['--format', 'json']);
    const cache = path.join(dir, '.termlenscache');
    await lint(dir, ['--cache']);
    const good = JSON.parse(readFileSync(cache, 'utf8')) as { files: Record<string, { diagnostics?: unknown[] }> };
    const withDiagnostics = Object.keys(good.files).find((f) => (good.files[f]!.diagnostics?.length ?? 0) > 0)!;
    const badEntry = structuredClone(good);
    badEntry.files[withDiagnostics]!.diagnostics = [{ range: 'nowhere' }];
    const cases: [string, string][] = [
      ['{"termlens": "lint cache", "format": 1, "files": {', 'not valid JSON'],
      ['', 'not valid JSON'],
      ['[1, 2, 3]', 'not a termlens cache file'],
      [JSON.stringify(badEntry), `bad entry for ${withDiagnostics}`],
    ];
    for (const [text, problem] of cases) {
      writeFileSync(cache, text);
      const run = await lint(dir, ['--cache', '--format', 'json']);
      expect(run.stderr, text).toBe(`termlens: ignoring the cache .termlenscache: ${problem}\n${baseline.stderr}`);
      expect(run.stdout, text).toBe(baseline.stdout);
      expect(run.report!.cached, text).toEqual([]);
      const again = await lint(dir, ['--cache', '--format', 'json']);
      expectSameRun(again, baseline, `${text}: again`);
      expect(again.report!.linted, text).toEqual([]);
    }

    // A folder where the file should be: not readable as a file; writing it fails too, one warning each.
    rmSync(cache);
    mkdirSync(path.join(dir, 'as-dir', '.termlenscache'), { recursive: true });
    const folder = await lint(dir, ['--cache', '--cache-location', 'as-dir', '--format', 'json']);
    expect(folder.stdout).toBe(baseline.stdout);
    expect(folder.stderr).toBe(
      `termlens: ignoring the cache as-dir/.termlenscache: cannot read it (EISDIR)\ntermlens: cannot write the cache as-dir/.termlenscache (EISDIR)\n${baseline.stderr}`,
    );
  });

  it('holds no text of the files it caches, only their results', async () => {
    const dir = tree();
    const run = await lint(dir, ['--cache']);
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          strings.push(k);
          collect(x);
        }
      }
    };
    collect(JSON.parse(readFileSync(path.join(dir, '.termlenscache'), 'utf8')));
    let lines = 0;
    for (const rel of run.report!.linted) {
      for (const line of readFileSync(path.join(dir, rel), 'utf8').split('\n')) {
        const text = line.trim();
        if (text.length < 24) continue;
        lines++;
        expect(
          strings.find((s) => s.includes(text)),
          `${rel}: ${text}`,
        ).toBeUndefined();
      }
    }
    expect(lines).toBeGreaterThan(50);
    expect(statSync(path.join(dir, '.termlenscache')).size).toBeGreaterThan(0);
  });

  it('--fix re-lints and fixes the files with safe fixes, serves only the others from the cache, and the next run re-lints the fixed ones', async () => {
    const dir = tree();
    const copy = tempDir();
    cpSync(dir, copy, { recursive: true });
    const warm = await lint(dir, ['--cache', '--format', 'json']);

    const dry = await lint(dir, ['--cache', '--fix-dry-run']);
    expectSameRun(dry, await lint(copy, ['--fix-dry-run']), '--fix-dry-run');
    expect(dry.stdout).toContain('+\ufeffThe Heston Model and the SPAN model.');

    const fixed = await lint(dir, ['--cache', '--fix', '--format', 'json']);
    const plain = await lint(copy, ['--fix', '--format', 'json']);
    expectSameRun(fixed, plain, '--fix');
    for (const rel of warm.report!.linted) expect(readFileSync(path.join(dir, rel)), rel).toEqual(readFileSync(path.join(copy, rel)));
    // The files --fix changed were linted, the others served; which ones changed is what the copy shows.
    const fixedFiles = JSON.parse(plain.stdout) as { filePath: string; fixed?: number }[];
    const touched = fixedFiles.filter((f) => (f.fixed ?? 0) > 0).map((f) => f.filePath);
    expect(touched).toContain('bom.md');
    for (const rel of touched) expect(fixed.report!.linted, rel).toContain(rel);
    expect(fixed.report!.cached.length).toBeGreaterThan(0);
    expect(fixed.report!.cached.filter((rel) => touched.includes(rel))).toEqual([]);

    const next = await lint(dir, ['--cache', '--format', 'json']);
    expectSameRun(next, await lint(copy, ['--format', 'json']), 'after --fix');
    expect([...next.report!.linted].sort()).toEqual([...touched].sort());
  });

  it('parses the glossary only to lint a file or to check glossary files new to the cache, and fails on a broken one even when every file is cached', async () => {
    const dir = tree();
    let parsed = 0;
    const io = { onGlossaryParsed: () => void parsed++ };
    const run = async (args: string[] = []): Promise<Run & { parsed: number }> => {
      parsed = 0;
      const r = await lint(dir, ['--cache', '--format', 'json', ...args], { io });
      return { ...r, parsed };
    };
    const first = await run();
    expect(first.parsed).toBe(1);
    const second = await run();
    expect(second.parsed).toBe(0);
    expect(second.report!.linted).toEqual([]);
    expectSameRun(second, first, 'every file from the cache');

    appendFileSync(path.join(dir, 'rates', 'note.md'), '\nAnd a Zorblax Basis Exchnage.\n');
    const edited = await run();
    expect([edited.parsed, edited.report!.linted]).toEqual([1, ['rates/note.md']]);
    expect((await run()).parsed).toBe(0);

    // A glossary scoped to a folder with no file to lint changes no file's fingerprint: it is checked once, being new.
    const empty = path.join(dir, 'empty', 'empty.glossary.yaml');
    write(dir, { 'empty/empty.glossary.yaml': 'concepts:\n  - term: Quorbel Spread\n' });
    const added = await run();
    expect([added.parsed, added.report!.linted]).toEqual([1, []]);
    expect((await run()).parsed).toBe(0);

    writeFileSync(empty, 'concepts:\n  - definitions: [A concept with no term.]\n');
    const plain = await lint(dir, ['--format', 'json']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toMatch(/^termlens: glossary empty\/empty\.glossary\.yaml:2:\d+: /);
    const broken = await run();
    expect(broken.parsed).toBe(1);
    expectSameRun(broken, plain, 'a broken glossary, every file cached');
    // Mended, the glossary files are those of a run that checked them: nothing to parse again.
    write(dir, { 'empty/empty.glossary.yaml': 'concepts:\n  - term: Quorbel Spread\n' });
    expect((await run()).parsed).toBe(0);
  });

  it('tells unchanged files by size and time (--cache-strategy metadata, the default), or by content', async () => {
    const dir = tree();
    const file = path.join(dir, 'rates', 'note.md');
    const cacheFile = path.join(dir, '.termlenscache');
    type Stored = { files: Record<string, { size?: number; mtimeMs?: number; diagnostics?: unknown[] }> };
    const stored = (): Stored['files'][string] => (JSON.parse(readFileSync(cacheFile, 'utf8')) as Stored).files[file]!;
    await lint(dir, ['--cache']);
    expect(stored()).toMatchObject({ size: statSync(file).size, mtimeMs: statSync(file).mtimeMs });

    // Only touched: the stamp differs, the content does not; served, and the new stamp stored.
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    const touched = await lint(dir, ['--cache', '--format', 'json']);
    expect(touched.report!.linted).toEqual([]);
    expect(stored().mtimeMs).toBe(statSync(file).mtimeMs);

    // Other bytes of the same size under the stored stamp (as a clock that did not tick would leave
    // them): metadata serves the stored result without reading the file; content reads and re-lints it.
    const text = readFileSync(file, 'utf8');
    const swapped = text.replace('Exchnage', 'Exchange');
    expect(swapped.length).toBe(text.length);
    writeFileSync(file, swapped);
    const data = JSON.parse(readFileSync(cacheFile, 'utf8')) as Stored;
    data.files[file]!.mtimeMs = statSync(file).mtimeMs;
    writeFileSync(cacheFile, JSON.stringify(data));
    const trusted = await lint(dir, ['--cache', '--format', 'json']);
    expect(trusted.report!.linted).toEqual([]);
    const ratesNote = (r: Run): string => JSON.stringify((JSON.parse(r.stdout) as { filePath: string }[]).find((f) => f.filePath === 'rates/note.md'));
    expect(ratesNote(trusted)).toContain('Exchnage');
    const content = await lint(dir, ['--cache', '--cache-strategy', 'content', '--format', 'json']);
    expect(content.report!.linted).toEqual(['rates/note.md']);
    expectSameRun(content, await lint(dir, ['--format', 'json']), 'content strategy');
    expect(ratesNote(content)).not.toContain('Exchnage');

    const bad = await lint(dir, ['--cache', '--cache-strategy', 'mtime']);
    expect([bad.code, bad.stderr]).toEqual([2, 'termlens lint: bad --cache-strategy "mtime"; expected metadata or content (see termlens lint --help)\n']);
    const alone = await lint(dir, ['--cache-strategy', 'content']);
    expect([alone.code, alone.stderr]).toEqual([2, 'termlens lint: --cache-strategy needs --cache (see termlens lint --help)\n']);
  });

  it('takes a folder for --cache-location, ignores stdin, and refuses --cache-location without --cache', async () => {
    const dir = tree();
    await lint(dir, ['--cache', '--cache-location', 'build/cache/']);
    expect(existsSync(path.join(dir, 'build', 'cache', '.termlenscache'))).toBe(true);
    expect((await lint(dir, ['--cache', '--cache-location', 'build/cache'])).report!.linted).toEqual([]);

    const stdin = await lint(dir, ['--cache', '--cache-location', 'stdin-cache', '-'], { io: { readStdin: async () => Buffer.from('The Hesten Model.\n') } });
    expect(stdin.stdout).toContain('term.misspelled');
    expect(existsSync(path.join(dir, 'stdin-cache'))).toBe(false);

    const usage = await lint(dir, ['--cache-location', 'x']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toBe('termlens lint: --cache-location needs --cache (see termlens lint --help)\n');
  });
});
