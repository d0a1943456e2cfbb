/**
 * `termlens import csv|tbx|skos` and `termlens export tbx|csv|markdown` run as a user runs them:
 * the built `dist/cli.js` (run `npm run build` first) in a temporary folder. Exit codes, where the
 * output goes, refusing to replace a file, errors without a stack trace, and an import that
 * `termlens glossary check` accepts.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const temps: string[] = [];

function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'termlens-interchange-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function termlens(cwd: string, args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
});

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

const CSV =
  'Term;Definition;Abbreviations;Source;Related\nzeta skew ratio;A made-up ratio of skews.;ZSR;https://example.org/zsr;omega drift\nomega drift;A made-up drift.;;;\n';

describe('termlens import and export', () => {
  it('import csv writes a glossary that glossary check accepts and that export reads back; an existing file is replaced only with --force', () => {
    const dir = folder({ 'terms.csv': CSV });
    const first = termlens(dir, ['import', 'csv', 'terms.csv', '--out', 'terms.glossary.yaml']);
    expect(first.status).toBe(0);
    expect(first.stdout).toBe('termlens import csv: 2 concepts (2 with definitions), 3 forms, 0 warnings; wrote terms.glossary.yaml\n');
    const written = readFileSync(path.join(dir, 'terms.glossary.yaml'), 'utf8');
    expect(written).toContain('  - term: zeta skew ratio\n    abbreviations:\n      - ZSR\n');
    const check = termlens(dir, ['glossary', 'check', 'terms.glossary.yaml']);
    expect(check.stdout).toBe('✔ 1 glossary file, 2 concepts, 3 terms: no problems\n');
    expect(check.status).toBe(0);

    // The project glossary without the bundled one: the workspace picks up terms.glossary.yaml.
    const csv = termlens(dir, ['export', 'csv', '--no-bundled']);
    expect(csv.status).toBe(0);
    expect(csv.stdout).toBe(
      'term,aliases,abbreviations,deprecated,forbidden,definition,source,examples,notes,related,areas\r\n' +
        'zeta skew ratio,,ZSR,,,A made-up ratio of skews.,https://example.org/zsr,,,omega drift,\r\n' +
        'omega drift,,,,,A made-up drift.,,,,,\r\n',
    );
    expect(termlens(dir, ['export', 'tbx', 'terms.glossary.yaml', '--out', 'desk.tbx']).stdout).toBe('termlens export tbx: 2 concepts; wrote desk.tbx\n');
    const back = termlens(dir, ['import', 'tbx', 'desk.tbx', '--name', 'Imported from terms.csv', '--no-bundled']);
    expect(back.status).toBe(0);
    expect(back.stdout.replace(/^# .*\n/, '')).toBe(written.replace(/^# .*\n/, ''));

    writeFileSync(path.join(dir, 'terms.csv'), 'term\nsomething else\n');
    const again = termlens(dir, ['import', 'csv', 'terms.csv', '--out', 'terms.glossary.yaml', '--no-bundled']);
    expect(again.status).toBe(2);
    expect(again.stderr).toBe('termlens: terms.glossary.yaml exists; pass --force to replace it\n');
    expect(readFileSync(path.join(dir, 'terms.glossary.yaml'), 'utf8')).toBe(written);
    expect(termlens(dir, ['import', 'csv', 'terms.csv', '--out', 'terms.glossary.yaml', '--force', '--no-bundled']).status).toBe(0);
    expect(readFileSync(path.join(dir, 'terms.glossary.yaml'), 'utf8')).toContain('term: something else');
  });

  it('import errors name the file and line, exit 1, write nothing and print no stack trace', () => {
    const dir = folder({ 'bad.csv': 'term,definition\nvega,x\n,orphan\nVega,y\n' });
    const run = termlens(dir, ['import', 'csv', 'bad.csv', '--out', 'bad.glossary.yaml', '--no-bundled']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(
      [
        'bad.csv:3: error interchange.empty-term: row 3: no term',
        'bad.csv:4: error interchange.duplicate-term: row 4: the term "Vega" is already the term of row 2',
        'termlens import csv: the input has errors; nothing written',
        '',
      ].join('\n'),
    );
    expect(existsSync(path.join(dir, 'bad.glossary.yaml'))).toBe(false);
    const laughs = termlens(dir, ['import', 'tbx', '-', '--no-bundled'], '<!DOCTYPE tbx [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><tbx>&b;</tbx>');
    expect(laughs.status).toBe(1);
    expect(laughs.stderr).toMatch(/^stdin:1: error interchange\.entities: the entity "b" refers to other entities/);
    expect(laughs.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('bad usage and unreadable files exit 2 with one line', () => {
    const dir = folder();
    expect(termlens(dir, ['import', 'csv', 'missing.csv', '--no-bundled'])).toMatchObject({ status: 2, stderr: 'termlens: cannot read missing.csv\n' });
    expect(termlens(dir, ['export', 'pdf'])).toMatchObject({
      status: 2,
      stderr: 'termlens export: unknown format "pdf"; expected tbx, csv or markdown (see termlens export --help)\n',
    });
  });

  it('import skos reads Turtle from stdin', () => {
    const ttl =
      '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n<https://example.org/zsr> skos:prefLabel "zeta skew ratio"@en ; skos:definition "Made up."@en .\n';
    const run = termlens(folder(), ['import', 'skos', '-', '--no-bundled'], ttl);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('concepts:\n  - term: zeta skew ratio\n    definitions:\n      - Made up.\n');
  });
});
