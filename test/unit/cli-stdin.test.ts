/**
 * `termlens lint -` (stdin) and files with a BOM: stdin is read and fixed as bytes (invalid UTF-8,
 * a BOM and CRLF come out as they went in), a BOM does not shift columns (the editor strips it, so
 * the CLI reports what the server reports for the text without it), and stdin reads no folder but
 * the cwd's project.
 */

import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildService, lintJob, lintText } from '../../server/src/cli/engine';
import { runLint } from '../../server/src/cli/lint';
import { defaultSettings } from '../../server/src/settings';
import { dictionary, repoRoot } from './helpers';
import { diskLintIo } from './lintIo';

const bundledPath = path.join(repoRoot, 'glossary', 'bundled.glossary.json');
const service = buildService(dictionary, [{ uri: 'file:///bundled.glossary.json', text: readFileSync(bundledPath, 'utf8'), layer: 'bundled' }]);
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'termlens-stdin-')));
  temps.push(dir);
  return dir;
}

const bytes = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
const BOM = [0xef, 0xbb, 0xbf];

interface Run {
  code: number;
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  /** Every path the run asked `readFile` for. */
  reads: string[];
}

/** Runs `termlens lint ARGS` in `cwd` in this process with `input` on stdin. */
async function lintRun(cwd: string, args: string[], input: Buffer): Promise<Run> {
  const run: Run = { code: 0, stdout: '', stdoutBytes: Buffer.alloc(0), stderr: '', reads: [] };
  const io = diskLintIo(
    cwd,
    {
      readStdin: async () => input,
      stdout: (t) => void (run.stdout += t),
      stdoutBytes: (b) => void (run.stdoutBytes = Buffer.concat([run.stdoutBytes, b])),
      stderr: (t) => void (run.stderr += t),
    },
    (file) => run.reads.push(file),
  );
  run.code = await runLint(args, io);
  return run;
}

interface JsonMessage {
  line: number;
  column: number;
  code: string;
  message: string;
}
const messages = (json: string): JsonMessage[] => (JSON.parse(json) as { messages: JsonMessage[] }[]).flatMap((f) => f.messages);

describe('lint - --fix', () => {
  it('writes the fixed bytes: bytes that are not valid UTF-8, CRLF and a BOM are kept around the fixes', async () => {
    const dir = tempDir();
    const input = bytes(BOM, 'The Hesten Model ', [0xff, 0xc3], ' and caf', [0xe9], '.\r\nAgain the Hesten Model.\r\n');
    const run = await lintRun(dir, ['-', '--fix', '--no-config'], input);
    expect(run.stdoutBytes).toEqual(bytes(BOM, 'The Heston Model ', [0xff, 0xc3], ' and caf', [0xe9], '.\r\nAgain the Heston Model.\r\n'));
    expect(run.stdout).toBe('');
    expect(run.code).toBe(0);
  });

  it('writes stdin back unchanged when there is nothing to fix', async () => {
    const dir = tempDir();
    const input = bytes('Nothing ', [0xfe], ' to fix.\n');
    expect((await lintRun(dir, ['-', '--fix', '--no-config'], input)).stdoutBytes).toEqual(input);
  });

  it('reads a notebook from stdin named by --stdin-filename', async () => {
    const dir = tempDir();
    const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', metadata: {}, source: ['# Notes\n', 'The Hesten Model.\n'] }], metadata: {} }, null, 1) + '\n';
    const run = await lintRun(dir, ['-', '--stdin-filename', 'nb/calibration.ipynb', '--format', 'json', '--no-config'], Buffer.from(nb));
    const lines = nb.split('\n');
    const line = lines.findIndex((l) => l.includes('Hesten'));
    const column = lines[line]!.indexOf('Hesten') + 1;
    expect(messages(run.stdout).map((m) => [m.line, m.column, m.code, m.message.endsWith('(cell 1)')])).toEqual([[line + 1, column, 'term.misspelled', true]]);
    const fixed = await lintRun(dir, ['-', '--stdin-filename', 'nb/calibration.ipynb', '--fix', '--no-config'], Buffer.from(nb));
    expect(fixed.stdoutBytes.toString('utf8')).toBe(nb.replace('Hesten', 'Heston'));
  });
});

describe('a UTF-8 BOM', () => {
  const text = 'The Hesten Model, line one.\nThe Hesten Model, line two.\n';
  /** What the server publishes: VS Code gives it the text without the BOM. */
  const server = lintText(service, text, 'markdown', defaultSettings).map((d) => d.range);

  it('does not shift the columns of line 1 in files: the CLI reports what the server does', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'note.md');
    writeFileSync(file, bytes(BOM, text));
    const result = await lintJob(service, { index: 0, path: file, languageId: 'markdown', settings: defaultSettings }, 1 << 24, 'off');
    if (!('linted' in result)) throw new Error('skipped');
    expect(result.linted.diagnostics.map((d) => d.range)).toEqual(server);
    expect(server[0]!.start).toEqual({ line: 0, character: 4 });
    const run = await lintRun(dir, ['--format', 'json', '--no-config'], Buffer.alloc(0));
    expect(messages(run.stdout).map((m) => [m.line, m.column])).toEqual([
      [1, 5],
      [2, 5],
    ]);
  });

  it('is left out of what is linted, so it changes no finding; offsets stay those of the text given', () => {
    const withBom = lintText(service, '\ufeff' + text, 'markdown', defaultSettings);
    const plain = lintText(service, text, 'markdown', defaultSettings);
    expect(withBom.map((d) => [d.code, d.data.start - 1, d.data.end - 1])).toEqual(plain.map((d) => [d.code, d.data.start, d.data.end]));
    expect(withBom[0]!.range.start).toEqual({ line: 0, character: 5 });
    expect(withBom[1]!.range.start).toEqual({ line: 1, character: 4 });
  });

  it('is kept by --fix in files, and on stdin columns match too', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'note.md');
    writeFileSync(file, bytes(BOM, text));
    await lintRun(dir, ['--fix', '--no-config'], Buffer.alloc(0));
    expect(readFileSync(file)).toEqual(bytes(BOM, text.replace(/Hesten/g, 'Heston')));
    const run = await lintRun(dir, ['-', '--format', 'json', '--no-config'], bytes(BOM, text));
    expect(messages(run.stdout).map((m) => [m.line, m.column])).toEqual([
      [1, 5],
      [2, 5],
    ]);
  });
});

describe('lint - reads only the project of the cwd', () => {
  it('looks for the config from the cwd up to the repository root only, and reads no folder --stdin-filename names', async () => {
    const outer = tempDir();
    // Outside the repository: a config above it and a sibling project with its own config and glossary.
    writeFileSync(path.join(outer, 'termlens.config.json'), JSON.stringify({ rules: { 'term.misspelled': 'error' } }));
    mkdirSync(path.join(outer, 'other'));
    writeFileSync(path.join(outer, 'other', 'termlens.config.json'), JSON.stringify({ rules: { 'term.misspelled': 'error' } }));
    writeFileSync(path.join(outer, 'other', 'desk.glossary.yaml'), 'concepts:\n  - term: Zorblax Spread\n');
    const repo = path.join(outer, 'repo');
    mkdirSync(path.join(repo, '.git'), { recursive: true });
    for (const args of [
      ['-', '--format', 'json'],
      ['-', '--format', 'json', '--stdin-filename', '../other/note.md'],
      ['-', '--format', 'json', '--stdin-filename', path.join(outer, 'other', 'note.md')],
    ]) {
      const run = await lintRun(repo, args, Buffer.from('The Hesten Model and the Zorbla Spread.\n'));
      // Only the bundled glossary's term is found, as a warning (no config made it an error).
      expect(messages(run.stdout).map((m) => m.code)).toEqual(['term.misspelled']);
      expect(run.code).toBe(0);
      const outside = run.reads.filter((p) => p !== bundledPath && !p.startsWith(repo + path.sep));
      expect(outside).toEqual([]);
    }
  });

  it('uses the config of the cwd (found upwards within the repository) for stdin', async () => {
    const repo = tempDir();
    mkdirSync(path.join(repo, '.git'));
    mkdirSync(path.join(repo, 'notes'));
    writeFileSync(path.join(repo, 'termlens.config.json'), JSON.stringify({ rules: { 'term.misspelled': 'error' } }));
    const run = await lintRun(path.join(repo, 'notes'), ['-', '--format', 'json'], Buffer.from('The Hesten Model.\n'));
    expect(run.code).toBe(1);
    expect(run.reads).toContain(path.join(repo, 'termlens.config.json'));
  });
});
