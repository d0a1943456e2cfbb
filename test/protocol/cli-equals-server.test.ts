/**
 * Same engine, same results: for every lintable file of a fixture project, the diagnostics
 * `termlens lint --format json` prints equal the ones the language server (dist/server.js over
 * stdio) publishes when an editor opens the file with the same settings — codes, ranges,
 * severities, messages and related places. Run `npm run build` first (`npm test` does).
 */

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { languageIdForPath } from '../../server/src/core/text/fileTypes';
// @ts-expect-error -- plain JavaScript helper shared with `npm run demo`; typed loosely below.
import { startLanguageServer } from '../../scripts/lsp-client.mjs';

const root = path.resolve(__dirname, '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const serverPath = path.join(root, 'dist', 'server.js');

/** One finding, in the shape both sides are compared in (1-based lines and columns). */
interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  code: string;
  message: string;
  related: string[];
}

interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: number;
  code: string;
  message: string;
  relatedInformation?: { location: { range: { start: { line: number; character: number } } }; message: string }[];
}

const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];
const temps: string[] = [];

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `termlens-same-${name}-`));
  temps.push(dir);
  cpSync(path.join(root, 'test', 'fixtures', name), dir, { recursive: true });
  return dir;
}

/** Every file the CLI would consider, relative to `dir` (what the server is asked about). */
function lintableFiles(dir: string, rel = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...lintableFiles(dir, child));
    else if (languageIdForPath(entry.name)) out.push(child);
  }
  return out.sort();
}

function cliFindings(dir: string, args: readonly string[]): Finding[] {
  const run = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', '--no-progress', ...args], { cwd: dir, encoding: 'utf8' });
  expect(run.status === 0 || run.status === 1, `exit ${run.status}: ${run.stderr}`).toBe(true);
  const files = JSON.parse(run.stdout) as {
    filePath: string;
    messages: {
      line: number;
      column: number;
      endLine: number;
      endColumn: number;
      severity: string;
      code: string;
      message: string;
      related?: { line: number; column: number; message: string }[];
    }[];
  }[];
  const findings = files.flatMap((f) =>
    f.messages.map((m) => ({
      file: f.filePath,
      line: m.line,
      column: m.column,
      endLine: m.endLine,
      endColumn: m.endColumn,
      severity: m.severity,
      code: m.code,
      message: m.message,
      related: (m.related ?? []).map((r) => `${r.line}:${r.column} ${r.message}`),
    })),
  );
  return findings;
}

async function serverFindings(dir: string, files: readonly string[], settings: object): Promise<Finding[]> {
  const client = await startLanguageServer(serverPath, { rootPath: dir, settings });
  try {
    await client.ready();
    const out: Finding[] = [];
    for (const file of files) {
      const uri = pathToFileURL(path.join(dir, file)).toString();
      await client.open(uri, languageIdForPath(file), readFileSync(path.join(dir, file), 'utf8'));
      const diagnostics = (await client.diagnosticsFor(uri)) as LspDiagnostic[];
      for (const d of diagnostics) {
        out.push({
          file,
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: SEVERITY[d.severity]!,
          code: d.code,
          message: d.message,
          related: (d.relatedInformation ?? []).map((r) => `${r.location.range.start.line + 1}:${r.location.range.start.character + 1} ${r.message}`),
        });
      }
    }
    return out;
  } finally {
    await client.stop();
  }
}

const order = (a: Finding, b: Finding) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);

/**
 * Compares the CLI and the server on a fixture. `gitignored` folders are left out of the server's
 * side: .gitignore applies to the command line only. Files the config ignores are opened in the
 * server too, which must publish nothing for them, as the CLI reports nothing.
 */
async function assertSameFindings(fixture: string, options: { cliArgs?: string[]; settings?: object; gitignored?: string[] } = {}): Promise<Finding[]> {
  const dir = copyFixture(fixture);
  const fromCli = cliFindings(dir, options.cliArgs ?? []);
  const files = lintableFiles(dir).filter((f) => !(options.gitignored ?? []).some((g) => f.startsWith(g)));
  const fromServer = await serverFindings(dir, files, options.settings ?? {});
  expect(fromServer.sort(order)).toEqual(fromCli.sort(order));
  return fromCli;
}

describe('the CLI and the language server give the same diagnostics', () => {
  it('requires the built CLI and server', () => {
    expect(existsSync(cliPath) && existsSync(serverPath)).toBe(true);
  });

  it('on a project with a config file, overrides, an ignored folder and a workspace glossary', async () => {
    const findings = await assertSameFindings('project');
    // Not a vacuous comparison: the config's rules, overrides and team glossary all show.
    expect(findings.length).toBeGreaterThanOrEqual(4);
    expect(findings.some((f) => f.severity === 'error' && f.code === 'term.misspelled')).toBe(true);
    expect(findings.some((f) => f.file.startsWith('legacy/'))).toBe(false);
  });

  it('with settings from the editor on top of the config (and the same flags on the command line)', async () => {
    const findings = await assertSameFindings('project', {
      cliArgs: ['--rule', 'term.variant=error', '--rule', 'acronym.undefined=off'],
      settings: { diagnostics: { severity: { 'term.variant': 'error', 'acronym.undefined': 'off' } } },
    });
    expect(findings.some((f) => f.code === 'acronym.undefined')).toBe(false);
  });

  it('on a folder of notes and code without a config', async () => {
    const findings = await assertSameFindings('unseen-notes', { gitignored: ['drafts/'] });
    expect(new Set(findings.map((f) => f.code)).size).toBeGreaterThanOrEqual(4);
  });
});
