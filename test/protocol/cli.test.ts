/**
 * The built command line (`node dist/cli.js`, run `npm run build` first) run as a user runs it, in
 * temporary copies of the fixtures: findings, exit codes, stdin, workers, --fix, SARIF and
 * `termlens glossary check`.
 */

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sarifErrors } from '../sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const cli = path.join(root, 'dist', 'cli.js');
const fixtures = path.join(root, 'test', 'fixtures');
const temps: string[] = [];

/** A temp folder holding a copy of `fixture` (a folder under test/fixtures), or empty. */
function workspace(fixture?: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'termlens-cli-'));
  temps.push(dir);
  if (fixture) cpSync(path.join(fixtures, fixture), dir, { recursive: true });
  return dir;
}

/** Writes `files` (relative path → text) under `dir`. */
function write(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

/** Runs `termlens ARGS` in `cwd`. */
function termlens(cwd: string, args: string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, ...args], {
    cwd,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface JsonFile {
  filePath: string;
  messages: { line: number; column: number; code: string; severity: string }[];
}

/** `{file, line, column, code}` of every finding of a `--format json` report. */
function findings(json: string): { file: string; line: number; column: number; code: string }[] {
  return (JSON.parse(json) as JsonFile[]).flatMap((f) => f.messages.map((m) => ({ file: f.filePath, line: m.line, column: m.column, code: m.code })));
}

beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first');
});

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('termlens lint', () => {
  it('reports exactly the expected findings on notes it has never seen (not in code blocks, inline code, URLs, identifiers or ignored folders)', () => {
    const dir = workspace('unseen-notes');
    const run = termlens(dir, ['lint', '--format', 'json']);
    const expected = JSON.parse(readFileSync(path.join(fixtures, 'unseen-notes.expected.json'), 'utf8')) as unknown[];
    expect(findings(run.stdout)).toEqual(expected);
    // Warnings and infos only: exit 0. The unsupported chart.png is skipped silently.
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('prints the import usage for import --help, and exits 2 with it on stderr for a bare import', () => {
    const dir = workspace();
    const help = termlens(dir, ['import', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('termlens import csv FILE');
    expect(help.stdout).toContain('termlens import greeks-live');
    const bare = termlens(dir, ['import']);
    expect(bare.status).toBe(2);
    expect(bare.stderr).toContain('termlens import csv FILE');
  });

  it('exits 0 on a clean tree', () => {
    const dir = workspace();
    write(dir, { 'notes/log.md': readFileSync(path.join(fixtures, 'unseen-notes', 'desk', 'calibration-log.md'), 'utf8') });
    const run = termlens(dir, ['lint']);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(/notes\/log\.md:/);
  });

  it('exits 1 on a finding made an error by the project config, with overrides per glob and ignored folders', () => {
    const dir = workspace('project');
    const run = termlens(dir, ['lint', '--format', 'json']);
    expect(run.status).toBe(1);
    const got = findings(run.stdout);
    expect(got.map((f) => `${f.file}:${f.line}:${f.column} ${f.code}`)).toEqual([
      'notes/autocall-review.md:7:46 term.deprecated',
      'notes/autocall-review.md:8:1 term.misspelled',
      'notes/autocall-review.md:9:5 acronym.undefined',
      'notes/drafts-hedging.md:4:5 term.misspelled',
      'src/autocall.ts:1:14 term.misspelled',
    ]);
    const severities = (JSON.parse(run.stdout) as JsonFile[]).flatMap((f) => f.messages.map((m) => `${f.filePath} ${m.code} ${m.severity}`));
    expect(severities).toContain('notes/autocall-review.md term.misspelled error');
    expect(severities).toContain('src/autocall.ts term.misspelled warning');
  });

  it('exits 1 with more warnings than --max-warnings', () => {
    const dir = workspace('unseen-notes');
    expect(termlens(dir, ['lint', '--max-warnings', '6']).status).toBe(0);
    const run = termlens(dir, ['lint', '--max-warnings', '5']);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('termlens: too many warnings (6; --max-warnings is 5)\n');
  });

  it('--rule overrides the config, --quiet keeps errors only', () => {
    const dir = workspace('project');
    expect(termlens(dir, ['lint', '--rule', 'term.misspelled=warning']).status).toBe(0);
    const quiet = termlens(dir, ['lint', '--quiet', '--format', 'json']);
    expect(findings(quiet.stdout).map((f) => f.code)).toEqual(['term.misspelled', 'term.misspelled']);
  });

  it('exits 2 with one line on bad usage', () => {
    const dir = workspace('unseen-notes');
    for (const args of [['--bogus'], ['--format', 'xml'], ['--max-warnings', 'many'], ['--rule', 'term.typo=error'], ['missing-folder']]) {
      const run = termlens(dir, ['lint', ...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(/^termlens lint: [^\n]+ \(see termlens lint --help\)\n$/);
      expect(run.stdout).toBe('');
    }
  });

  it('says what a numeric option needs when given a negative or other bad number', () => {
    const dir = workspace();
    write(dir, { 'note.md': 'Heston Model\n' });
    for (const [args, message] of [
      [['--jobs', '-1'], '--jobs must be a positive integer, got -1'],
      [['--jobs=-1'], '--jobs must be a positive integer, got -1'],
      [['--jobs', '0'], '--jobs must be a positive integer, got 0'],
      [['--jobs', '1.5'], '--jobs must be a positive integer, got 1.5'],
      [['--max-warnings', '-3'], '--max-warnings must be a non-negative integer, got -3'],
      [['--max-file-size', '-10'], '--max-file-size must be a positive integer, got -10'],
      [['--max-file-size', '-.5'], '--max-file-size must be a positive integer, got -.5'],
    ] as const) {
      const run = termlens(dir, ['lint', ...args]);
      expect(run.stderr, args.join(' ')).toBe(`termlens lint: ${message} (see termlens lint --help)\n`);
      expect(run.status, args.join(' ')).toBe(2);
    }
    // A following option is still not taken as the value.
    expect(termlens(dir, ['lint', '--jobs', '--quiet']).stderr).toBe('termlens lint: --jobs needs a value (see termlens lint --help)\n');
  });

  it('lints a file reached through symbolic links and a link loop once', () => {
    const dir = workspace();
    write(dir, { 'docs/a.md': 'The Hesten Model.\n' });
    symlinkSync('a.md', path.join(dir, 'docs', 'b.md'));
    mkdirSync(path.join(dir, 'docs', 'sub'));
    symlinkSync('..', path.join(dir, 'docs', 'sub', 'up'));
    for (const args of [[], ['**/*.md']]) {
      const run = termlens(dir, ['lint', '--format', 'json', ...args]);
      expect(findings(run.stdout), args.join(' ')).toEqual([{ file: 'docs/a.md', line: 1, column: 5, code: 'term.misspelled' }]);
    }
  });

  it('--fix keeps the bytes of a file that is not valid UTF-8 and changes only the findings, with a note', () => {
    const dir = workspace();
    const before = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Latin-1 caf'), Buffer.from([0xe9]), Buffer.from(' and the Hesten Model.\r\n')]);
    writeFileSync(path.join(dir, 'note.md'), before);
    const dry = termlens(dir, ['lint', '--fix-dry-run', 'note.md']);
    expect(dry.stdout).toContain('-\ufeffLatin-1 caf\ufffd and the Hesten Model.\r\n+\ufeffLatin-1 caf\ufffd and the Heston Model.\r\n');
    expect(dry.stderr).toBe('termlens: note.md: not valid UTF-8; the diff shows invalid bytes as U+FFFD, --fix keeps them as they are\n');
    expect(readFileSync(path.join(dir, 'note.md'))).toEqual(before);
    const fix = termlens(dir, ['lint', '--fix', 'note.md']);
    expect(fix.status).toBe(0);
    expect(fix.stderr).toBe('termlens: note.md: not valid UTF-8; fixed around the findings, other bytes kept as they are\n');
    expect(readFileSync(path.join(dir, 'note.md')).toString('latin1')).toBe(before.toString('latin1').replace('Hesten', 'Heston'));
    expect(readdirSync(dir)).toEqual(['note.md']);
  });

  it('exits 2 with one line naming file:line:col on a broken glossary', () => {
    const dir = workspace();
    write(dir, { 'note.md': 'Heston Model\n', 'terms/desk.glossary.yaml': 'concepts:\n  - term: Vega\n    aliases: Vanna\n' });
    const run = termlens(dir, ['lint']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^termlens: glossary terms\/desk\.glossary\.yaml:3:14: concepts\[0\]\.aliases: [^\n]+\n$/);
  });

  it('exits 2 with one line naming file:line:col on a broken config, and on a glossary file that cannot be read', () => {
    const dir = workspace();
    write(dir, { 'note.md': 'Heston Model\n', 'termlens.config.yaml': 'rules:\n  term.misspelled: loud\n' });
    const run = termlens(dir, ['lint']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^termlens: termlens\.config\.yaml:2:20: [^\n]+\n$/);
    const missing = termlens(dir, ['lint', '--no-config', '--glossary', 'nope.glossary.yaml']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe('termlens: glossary nope.glossary.yaml: cannot read the file\n');
  });

  it('reads stdin with -, as --stdin-filename says; --fix prints the fixed text', () => {
    const dir = workspace();
    const note = 'We fit the Hesten Model.\n';
    const md = termlens(dir, ['lint', '-', '--format', 'json'], note);
    expect(findings(md.stdout)).toEqual([{ file: 'stdin.md', line: 1, column: 12, code: 'term.misspelled' }]);
    const py = termlens(dir, ['lint', '-', '--stdin-filename', 'src/fit.py', '--format', 'json'], `hesten_model = 1  # the Hesten Model\n`);
    expect(findings(py.stdout)).toEqual([{ file: 'src/fit.py', line: 1, column: 25, code: 'term.misspelled' }]);
    const fixed = termlens(dir, ['lint', '-', '--fix'], note);
    expect(fixed.stdout).toBe('We fit the Heston Model.\n');
    expect(fixed.status).toBe(0);
    const diff = termlens(dir, ['lint', '-', '--fix-dry-run'], note);
    expect(diff.stdout).toContain('-We fit the Hesten Model.\n+We fit the Heston Model.\n');
    // Bytes that are not valid UTF-8 (and a BOM, CRLF) come out of --fix as they went in.
    const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('caf'), Buffer.from([0xe9, 0xff]), Buffer.from(' and the Hesten Model.\r\n')]);
    const raw = spawnSync(process.execPath, [cli, 'lint', '-', '--fix'], { cwd: dir, input, env: { ...process.env, NO_COLOR: '1' } });
    expect(raw.stdout).toEqual(Buffer.from(input.toString('latin1').replace('Hesten', 'Heston'), 'latin1'));
    expect(raw.status).toBe(0);
  });

  it('lints Jupyter notebooks cell by cell at the notebook line and column; --fix changes only the fixed words; a broken notebook is skipped with a note', () => {
    const dir = workspace('notebooks');
    const expected = [
      { file: 'r/spread.ipynb', line: 12, column: 28, code: 'term.misspelled' },
      { file: 'research/heston.ipynb', line: 7, column: 24, code: 'term.misspelled' },
      { file: 'research/heston.ipynb', line: 19, column: 16, code: 'term.misspelled' },
    ];
    const json = termlens(dir, ['lint', '--format', 'json']);
    expect(findings(json.stdout)).toEqual(expected);
    expect(
      (JSON.parse(json.stdout) as { messages: { message: string }[] }[]).flatMap((f) => f.messages.map((m) => /\(cell (\d+)\)$/.exec(m.message)?.[1])),
    ).toEqual(['2', '1', '2']);
    expect(json.stderr).toBe('termlens: skipped broken.ipynb: not a valid notebook: JSON error CloseBraceExpected at 4:1\n');
    expect(json.status).toBe(0);

    const stylish = termlens(dir, ['lint']);
    expect(stylish.stdout).toContain('research/heston.ipynb:7:24  warning  term.misspelled');
    expect(stylish.stdout).toContain('    "# Calibrating the Hesten Model\\n",\n                       ^^^^^^^^^^^^\n');
    expect(stylish.stdout).toContain('r/spread.ipynb:12:28  warning  term.misspelled');

    const sarif = JSON.parse(termlens(dir, ['lint', '--format', 'sarif']).stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    const regions = sarif.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation).map((l) => ({
      file: l.artifactLocation.uri,
      line: l.region.startLine,
      column: l.region.startColumn,
    }));
    expect(regions).toEqual(expected.map(({ file, line, column }) => ({ file, line, column })));
    const github = termlens(dir, ['lint', '--format', 'github']).stdout;
    expect(github).toContain('::warning file=research/heston.ipynb,line=19,col=16,endLine=19,endColumn=28,');

    const before = readFileSync(path.join(dir, 'research', 'heston.ipynb'), 'utf8');
    const fixed = termlens(dir, ['lint', '--fix']);
    expect(fixed.status).toBe(0);
    expect(readFileSync(path.join(dir, 'research', 'heston.ipynb'), 'utf8')).toBe(before.replace(/Hesten Model/g, 'Heston Model'));
    expect(readFileSync(path.join(dir, 'r', 'spread.ipynb'), 'utf8')).toBe(
      readFileSync(path.join(fixtures, 'notebooks', 'r', 'spread.ipynb'), 'utf8').replace('Hesten Model in R', 'Heston Model in R'),
    );
    expect(readFileSync(path.join(dir, 'broken.ipynb'), 'utf8')).toBe(readFileSync(path.join(fixtures, 'notebooks', 'broken.ipynb'), 'utf8'));
  });

  it('prints the same output with --jobs 1 and --jobs 2 on a larger tree, and fixes the same on workers', () => {
    const dir = workspace();
    for (let i = 0; i < 30; i++) cpSync(path.join(fixtures, 'unseen-notes', 'desk'), path.join(dir, `team-${String(i).padStart(2, '0')}`), { recursive: true });
    const one = termlens(dir, ['lint', '--jobs', '1', '--no-color']);
    const two = termlens(dir, ['lint', '--jobs', '2', '--no-color']);
    expect(one.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(one.stdout).toContain('team-29/vol-surface-review.md:10:65');
    const json = termlens(dir, ['lint', '--jobs', '2', '--format', 'json']);
    expect(findings(json.stdout)).toHaveLength(7 * 30);

    const copy = workspace();
    cpSync(dir, copy, { recursive: true });
    expect(termlens(dir, ['lint', '--fix', '--jobs', '1']).status).toBe(0);
    expect(termlens(copy, ['lint', '--fix', '--jobs', '2']).status).toBe(0);
    for (const team of readdirSync(dir)) {
      for (const file of readdirSync(path.join(dir, team))) {
        expect(readFileSync(path.join(copy, team, file), 'utf8'), `${team}/${file}`).toBe(readFileSync(path.join(dir, team, file), 'utf8'));
      }
    }
  });

  it('--fix applies the safe fixes, after which only the note rules (whose fixes are not safe) remain', () => {
    const dir = workspace('unseen-notes');
    const fix = termlens(dir, ['lint', '--fix', '--format', 'json']);
    expect(fix.status).toBe(0);
    expect(readFileSync(path.join(dir, 'desk', 'vol-surface-review.md'), 'utf8')).toContain('compared it with the Heston Model\nfit');
    expect(readFileSync(path.join(dir, 'src', 'pricing.py'), 'utf8')).toContain('# Falls back to the Merton Jump Diffusion Model');
    const again = termlens(dir, ['lint', '--format', 'json']);
    expect(findings(again.stdout).map((f) => `${f.file} ${f.code}`)).toEqual([
      'desk/margin-methodology.md acronym.before-definition',
      'desk/margin-methodology.md acronym.undefined',
      'desk/model-zoo.md term.inconsistent',
    ]);
  });

  it('--format sarif is a valid SARIF 2.1.0 log', () => {
    const dir = workspace('unseen-notes');
    const run = termlens(dir, ['lint', '--format', 'sarif']);
    const log = JSON.parse(run.stdout) as { runs: { results: unknown[] }[] };
    expect(sarifErrors(log)).toBe('No errors');
    expect(log.runs[0]?.results).toHaveLength(8);
  });

  it('notes skipped binary and oversized files on stderr without changing the exit code', () => {
    const dir = workspace();
    write(dir, { 'big.md': 'Heston Model\n'.repeat(100), 'ok.md': 'Heston Model\n' });
    writeFileSync(path.join(dir, 'blob.md'), Buffer.from([0x41, 0, 0x42]));
    const run = termlens(dir, ['lint', '--max-file-size', '1000']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('termlens: skipped big.md: larger than 1000 bytes\ntermlens: skipped blob.md: binary file\n');
  });
});

describe('termlens glossary', () => {
  it('check exits 1 on a broken glossary with line:col, and 0 on a clean one', () => {
    const dir = workspace('project');
    expect(termlens(dir, ['glossary', 'check']).stdout).toBe('✔ 1 glossary file, 3 concepts, 7 terms: no problems\n');
    write(dir, {
      'bad.glossary.yaml': 'concepts:\n  - term: Vega\n    defintions: [x]\n  - term: Vanna\n    related: [Zorbl Greek]\n  - term: Vega\n',
    });
    const run = termlens(dir, ['glossary', 'check', 'bad.glossary.yaml']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      /^bad\.glossary\.yaml:3:5 {2}error {2}glossary\.schema {2}concepts\[0\]: unknown field "defintions" \(did you mean "definitions"\?\)\n/,
    );
    const related = termlens(dir, ['glossary', 'check', 'glossary/desk.glossary.yaml', '--format', 'json']);
    expect(related.status).toBe(0);
    write(dir, { 'rel.glossary.yaml': 'concepts:\n  - term: Vanna\n    related: [Zorbl Greek, Heston Model]\n' });
    const unknown = termlens(dir, ['glossary', 'check', 'rel.glossary.yaml']);
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toContain(
      'rel.glossary.yaml:3:15  warning  glossary.unknown-related  Related term "Zorbl Greek" of "Vanna" names no concept of the glossary.\n',
    );
  });

  it('stats counts the project glossary', () => {
    const dir = workspace('project');
    const run = termlens(dir, ['glossary', 'stats', '--no-bundled', '--format', 'json']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      concepts: 3,
      terms: 7,
      termsByStatus: { preferred: 3, admitted: 3, deprecated: 1, forbidden: 0 },
      conceptsByArea: { 'Structured Products': 3 },
      files: [{ file: 'glossary/desk.glossary.yaml', layer: 'workspace', concepts: 3, errors: 0 }],
    });
  });
});
