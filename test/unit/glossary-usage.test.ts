/**
 * `termlens glossary usage`: the aggregation of `core/features/usage.ts` on inline documents parsed
 * and linted as `termlens lint` does (uses, files, first places, forms, the forms written wrong,
 * unused concepts), and the command itself on a temporary project (with `glossary suggest`).
 */

import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runGlossary } from '../../server/src/cli/glossaryCommand';
import { findDiagnostics } from '../../server/src/core/features/diagnostics';
import { UsageCollector, type UsageReport } from '../../server/src/core/features/usage';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { glossaryFrom, parse } from './helpers';
import { diskLintIo } from './lintIo';

const glossary = glossaryFrom(`
concepts:
  - term: Heston Model
  - term: Black-Scholes-Merton Model
    abbreviations: [BSM]
    deprecated: [BS Model]
  - term: funding rate
  - term: Variance Gamma Model
  - term: Rough Bergomi Model
    status: proposed
`);

/** The report of documents given as `name: text` (language by extension); `unused` lists every concept unless told. */
function usage(files: Record<string, string>, unusedOf: (term: string) => boolean = () => true): UsageReport {
  const collector = new UsageCollector(glossary);
  for (const [name, text] of Object.entries(files)) {
    const doc = parse(text, name.endsWith('.py') ? 'python' : 'markdown', glossary);
    collector.add({ name, doc, findings: findDiagnostics(doc) });
  }
  return collector.report((c) => unusedOf(c.forms[0]!.text));
}

const notes = {
  'a.md': 'We calibrate the Heston Model daily; the Hesten Model in old tickets is a typo.\nThe BS Model and the BSM price the same call.',
  'b.md':
    'The Black Scholes Merton model assumes constant volatility. The Heston Model does not.\nThe funding rate is paid hourly, and the BS Model is still quoted.',
  'c.py': '# Calibrate the Heston Model.\nheston_model = fit(quotes)\n',
};

describe('usage per concept', () => {
  it.each([
    // term, uses, files, first places
    ['Heston Model', 5, 3, ['a.md:1:18', 'a.md:1:42', 'b.md:1:65']],
    ['Black-Scholes-Merton Model', 4, 2, ['a.md:2:5', 'a.md:2:22', 'b.md:1:5']],
    ['funding rate', 1, 1, ['b.md:2:5']],
  ])('%s: uses, files and first places', (term, count, files, locations) => {
    const u = usage(notes).used.find((x) => x.term === term)!;
    expect([u.count, u.files, u.locations.map((l) => `${l.file}:${l.line}:${l.column}`)]).toEqual([count, files, locations]);
  });

  it('ranks concepts by files, then uses', () => {
    expect(usage(notes).used.map((u) => u.term)).toEqual(['Heston Model', 'Black-Scholes-Merton Model', 'funding rate']);
  });

  it('counts the glossary forms used, a near miss under the form meant', () => {
    const u = usage(notes).used.find((x) => x.term === 'Black-Scholes-Merton Model')!;
    expect(u.forms).toEqual([
      { text: 'BS Model', count: 2 },
      { text: 'BSM', count: 1 },
      { text: 'Black-Scholes-Merton Model', count: 1 },
    ]);
    expect(usage(notes).used.find((x) => x.term === 'Heston Model')!.forms).toEqual([{ text: 'Heston Model', count: 5 }]);
  });

  it('counts the forms written wrong, by code, with the text as written', () => {
    const report = usage(notes);
    expect(report.wrong.map((u) => [u.term, u.wrongCount, u.wrong.map((w) => [w.code, w.count, w.forms.map((f) => `${f.text} ×${f.count}`)])])).toEqual([
      [
        'Black-Scholes-Merton Model',
        3,
        [
          ['term.variant', 1, ['Black Scholes Merton model ×1']],
          ['term.deprecated', 2, ['BS Model ×2']],
        ],
      ],
      ['Heston Model', 1, [['term.misspelled', 1, ['Hesten Model ×1']]]],
    ]);
  });

  it('lists the unused concepts that unusedOf asks about, a proposed one marked', () => {
    expect(usage(notes).unused.map((u) => [u.term, u.status])).toEqual([
      ['Variance Gamma Model', undefined],
      ['Rough Bergomi Model', 'proposed'],
    ]);
    expect(usage(notes, (term) => term !== 'Variance Gamma Model').unused.map((u) => u.term)).toEqual(['Rough Bergomi Model']);
    expect(usage({ 'x.md': 'Nothing here.' }, () => false).unused).toEqual([]);
  });

  it('names where an unused concept is defined', () => {
    const loaded = parseGlossaryText('concepts:\n  - term: Heston Model\n  - term: Variance Gamma Model\n', 'file:///desk.glossary.yaml');
    const collector = new UsageCollector(glossaryFrom('concepts:\n  - term: Heston Model\n  - term: Variance Gamma Model\n'));
    expect(loaded.problems).toEqual([]);
    expect(collector.report(() => true).unused.map((u) => u.origin)).toEqual([
      { uri: 'file:///test.glossary.yaml', line: 1 },
      { uri: 'file:///test.glossary.yaml', line: 2 },
    ]);
  });

  it('counts a file of several documents (a notebook) once', () => {
    const collector = new UsageCollector(glossary);
    for (const text of ['The Heston Model.', 'heston_model = 1']) {
      const doc = parse(text, text.startsWith('The') ? 'markdown' : 'python', glossary);
      collector.add({ name: 'n.ipynb', file: 'n.ipynb', doc, findings: [], positionAt: () => ({ line: 9, character: 2 }) });
    }
    const [u] = collector.report(() => false).used;
    expect([u!.count, u!.files, u!.locations]).toEqual([
      2,
      1,
      [
        { file: 'n.ipynb', line: 10, column: 3 },
        { file: 'n.ipynb', line: 10, column: 3 },
      ],
    ]);
  });
});

describe('termlens glossary usage and suggest', () => {
  const temps: string[] = [];
  afterAll(() => {
    for (const dir of temps) rmSync(dir, { recursive: true, force: true });
  });

  /** A project: a workspace glossary and notes. */
  function project(): string {
    const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'termlens-usage-')));
    temps.push(dir);
    mkdirSync(path.join(dir, 'notes'));
    writeFileSync(path.join(dir, 'desk.glossary.yaml'), 'concepts:\n  - term: Heston Model\n  - term: Variance Gamma Model\n');
    writeFileSync(path.join(dir, 'notes', 'a.md'), 'We calibrate the Heston Model. Orders go to the Smart Order Router first.\n');
    writeFileSync(path.join(dir, 'notes', 'b.md'), 'The Hesten Model is a typo. The Smart Order Router splits the parent order.\n');
    writeFileSync(path.join(dir, 'notes', 'c.md'), 'Only the Smart Order Router knows the venues it routes the child orders to.\n');
    return dir;
  }

  async function run(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out = { code: 0, stdout: '', stderr: '' };
    out.code = await runGlossary(args, diskLintIo(cwd, { stdout: (t) => void (out.stdout += t), stderr: (t) => void (out.stderr += t) }));
    return out;
  }

  it('usage --format json: uses, the forms written wrong, and the workspace glossary concepts unused', async () => {
    const dir = project();
    const { code, stdout, stderr } = await run(dir, ['usage', '--format', 'json', 'notes']);
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(stdout) as {
      files: number;
      used: { term: string; count: number }[];
      wrong: { term: string }[];
      unused: { term: string; origin: unknown }[];
    };
    expect(report.files).toBe(3);
    expect(report.used.find((u) => u.term === 'Heston Model')!.count).toBe(2);
    expect(report.wrong.map((u) => u.term)).toEqual(['Heston Model']);
    // Not the bundled glossary's thousand unused concepts: only the workspace file's.
    expect(report.unused).toEqual([{ id: 'variance-gamma-model', term: 'Variance Gamma Model', origin: { file: 'desk.glossary.yaml', line: 3 } }]);
  });

  it('usage --unused prints only the unused concepts, and --bundled adds the bundled ones', async () => {
    const dir = project();
    const own = await run(dir, ['usage', '--unused', 'notes']);
    expect(own.stdout).toBe('unused: 1 concept of the workspace glossaries\n  Variance Gamma Model  desk.glossary.yaml:3\n');
    const all = await run(dir, ['usage', '--unused', '--bundled', '--format', 'json', 'notes']);
    expect((JSON.parse(all.stdout) as { unused: unknown[] }).unused.length).toBeGreaterThan(500);
  });

  it('suggest prints glossary YAML of what the glossary does not know', async () => {
    const dir = project();
    const { code, stdout } = await run(dir, ['suggest', 'notes']);
    expect(code).toBe(0);
    expect(stdout).toContain('  # notes/a.md:1:49  capitalised phrase; 3 files, 3 uses');
    const loaded = parseGlossaryText(stdout, 'file:///s.glossary.yaml');
    expect(loaded.problems).toEqual([]);
    expect(loaded.concepts.map((c) => [c.forms[0]!.text, c.status])).toEqual([['Smart Order Router', 'proposed']]);
  });

  it.each([
    [['suggest', '--limit', 'x'], 'termlens glossary suggest: --limit must be an integer of at least 0, got x (see termlens glossary suggest --help)\n'],
    [['suggest', '--format', 'csv'], 'termlens glossary suggest: unknown format "csv"; expected yaml or json (see termlens glossary suggest --help)\n'],
    [['usage', '--frobnicate'], 'termlens glossary usage: unknown option --frobnicate (see termlens glossary usage --help)\n'],
    [['usage', 'no-such-folder'], 'termlens glossary usage: no such file or folder: no-such-folder (see termlens glossary usage --help)\n'],
  ])('%j: exit code 2 and one line', async (args, message) => {
    const dir = project();
    const { code, stderr } = await run(dir, args);
    expect([code, stderr]).toEqual([2, message]);
  });
});
