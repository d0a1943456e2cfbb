/**
 * Workspace diagnostics over stdio (the built `dist/server.js`; run `npm run build` first): with
 * `termlens.diagnostics.workspace` on, a client that pulls diagnostics gets the findings of files
 * it never opened from `workspace/diagnostic` — the files and findings `termlens lint` reports,
 * nothing `.gitignore` or the config's `ignore` leaves out — then `unchanged` for them; opening a
 * file hands its findings to the pushed diagnostics without showing any twice, and a held pull
 * answers when the file is closed again; a change on disk, the file cap, Restricted Mode and the
 * setting turned off are honoured; a client without pull support gets no provider. The pure part
 * (which reports a pull sends) and the setting's registration are checked first.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MessageConnection } from 'vscode-jsonrpc/node';
import type { Diagnostic } from 'vscode-languageserver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearedReports, EMPTY_RESULT_ID, resultIdOf, workspaceReports, type FileReport } from '../../server/src/lsp/workspaceDiagnostics';
import { defaultSettings, sanitizePartialSettings } from '../../server/src/settings';
// @ts-expect-error -- plain JavaScript helper shared with `npm run demo`; typed below (SharedClient).
import { startLanguageServer } from '../../scripts/lsp-client.mjs';

const root = path.resolve(__dirname, '..', '..');
const serverPath = path.join(root, 'dist', 'server.js');
const cliPath = path.join(root, 'dist', 'cli.js');

interface Report {
  kind: 'full' | 'unchanged';
  uri: string;
  resultId?: string;
  version?: number | null;
  items?: Diagnostic[];
}

const HESTEN = '# Note\n\nThe Hesten Model is calibrated daily.\n';
const FILES: Record<string, string> = {
  'notes/unopened.md': HESTEN,
  'notes/clean.md': '# Clean\n\nNothing here but ordinary words.\n',
  // A BOM, which editors leave out of the document: the finding on line 3 is unaffected, line 1's columns are the editor's.
  'notes/bom.md': '\uFEFFThe Hesten Model again.\n\nAnd once more the Hesten Model.\n',
  'src/model.py': 'def fit():\n    # calibrate the Hesten Model\n    return 1\n',
  'build/out.md': 'The Hesten Model, in a folder .gitignore leaves out.\n',
  'ignored/note.md': 'The Hesten Model, in a folder the config ignores.\n',
  '.gitignore': 'build/\n',
  'termlens.config.yaml': 'ignore:\n  - ignored/**\n',
};
const CHECKED = ['notes/bom.md', 'notes/clean.md', 'notes/unopened.md', 'src/model.py'];

const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function makeWorkspace(files: Record<string, string> = FILES): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'termlens-workspace-diagnostics-'));
  temps.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

/** Options of {@link startPullClient}. */
interface PullClientOptions {
  /** The `termlens` section `workspace/configuration` answers, for every scope. */
  settings: object;
  /** Whether the client lets the server register file watchers; default false. */
  watchedFiles?: boolean;
  initializationOptions?: object;
}

/** What a client that pulls diagnostics (as vscode-languageclient does) announces beyond the shared client's capabilities. */
const PULL_CAPABILITIES = {
  workspace: { didChangeConfiguration: { dynamicRegistration: true }, diagnostics: { refreshSupport: true } },
  textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } },
};

/** What these tests use of the shared client (scripts/lsp-client.mjs, plain JavaScript that this project does not type-check here). */
interface SharedClient {
  connection: MessageConnection;
  initializeResult: { capabilities: { diagnosticProvider?: object } };
  /** The diagnostics pushed last, by URI. */
  diagnostics: Map<string, Diagnostic[]>;
  logs: string[];
  configurationScopes: (string | undefined)[];
  registrations: { method: string; registerOptions?: { watchers?: { globPattern: string }[] } }[];
  ready(): Promise<void>;
  waitFor(check: () => boolean, what: string, timeout?: number): Promise<void>;
  requestWithPartialResults<P, R>(method: string, params: object, onPartial?: (partial: P) => void): { partials: P[]; answer: Promise<R>; cancel(): void };
  open(uri: string, languageId: string, text: string): Promise<void>;
  close(uri: string): Promise<void>;
  setSettings(next: object): Promise<void>;
  stop(): Promise<void>;
}

/** The shared client, announcing pull diagnostics, with the pulls of these tests. */
async function startPullClient(workspace: string, options: PullClientOptions) {
  let refreshes = 0;
  /** What arrived, in order: `push URI N` and `partial KIND URI N` lines. */
  const events: string[] = [];
  const client = (await startLanguageServer(serverPath, {
    rootPath: workspace,
    ...options,
    capabilities: PULL_CAPABILITIES,
    requests: {
      'workspace/diagnostic/refresh': () => {
        refreshes++;
        return null;
      },
    },
    onNotification: (method: string, p: { uri: string; diagnostics: Diagnostic[] }) => {
      if (method === 'textDocument/publishDiagnostics') events.push(`push ${p.uri} ${p.diagnostics.length}`);
    },
  })) as SharedClient;
  await client.ready();
  return Object.assign(client, {
    events,
    /** How many times the server asked the client to pull again. */
    refreshes: () => refreshes,
    /** `workspace/diagnostic` with these previous result IDs, answered at once (no partial result token). */
    async pull(previous: readonly Report[] = []): Promise<Report[]> {
      return (
        await client.connection.sendRequest<{ items: Report[] }>('workspace/diagnostic', { identifier: 'termlens', previousResultIds: resultIds(previous) })
      ).items;
    },
    /** `workspace/diagnostic` as VS Code sends it, with a partial result token: the reports streamed so far, the answer, and a way to cancel. */
    stream(previous: readonly Report[] = []) {
      const streamed: Report[] = [];
      const request = client.requestWithPartialResults<{ items: Report[] }, { items: Report[] }>(
        'workspace/diagnostic',
        { identifier: 'termlens', previousResultIds: resultIds(previous) },
        (p) => {
          streamed.push(...p.items);
          for (const r of p.items) events.push(`partial ${r.kind} ${r.uri} ${r.items?.length ?? '-'}`);
        },
      );
      return { streamed, answer: request.answer, cancel: request.cancel };
    },
    pullDocument: (uri: string, previousResultId?: string) =>
      client.connection.sendRequest<Report>('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) }),
    filesChanged: (changes: { uri: string; type: number }[]) => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes }),
  });
}
type PullClient = Awaited<ReturnType<typeof startPullClient>>;

/** The previous result IDs of some reports, as a client sends them. */
const resultIds = (reports: readonly Report[]) => reports.filter((r) => r.resultId !== undefined).map((r) => ({ uri: r.uri, value: r.resultId! }));

const ON = { diagnostics: { workspace: true } };
const FILE_CHANGED = 2;

/** Each report by its path relative to `workspace`. */
function byFile(workspace: string, reports: readonly Report[]): Map<string, Report> {
  return new Map(reports.map((r) => [path.relative(workspace, fileURLToPath(r.uri)).split(path.sep).join('/'), r]));
}

/** A diagnostic as `termlens lint --format json` locates it: code and 1-based line and columns. */
const located = (d: Diagnostic) => `${d.code} ${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;

/** The text the editor's document has for a file on disk: without its BOM. */
const editorText = (workspace: string, rel: string) => readFileSync(path.join(workspace, rel), 'utf8').replace(/^\uFEFF/, '');

describe('which reports a workspace pull sends (pure)', () => {
  const finding: Diagnostic = { range: { start: { line: 2, character: 4 }, end: { line: 2, character: 16 } }, code: 'term.misspelled', message: 'm' };
  const file = (uri: string, items: Diagnostic[]): FileReport => ({ uri, version: null, items, resultId: resultIdOf(items) });
  const current = new Map([
    ['file:///a.md', file('file:///a.md', [finding])],
    ['file:///b.md', file('file:///b.md', [])],
  ]);

  it('sends full reports for what the client lacks, unchanged for what it has, and clears what is no longer checked', () => {
    const known = new Map([
      ['file:///a.md', resultIdOf([finding])],
      ['file:///gone.md', resultIdOf([finding])],
      ['file:///clean-gone.md', EMPTY_RESULT_ID],
    ]);
    expect(workspaceReports(current, known, true)).toEqual([
      { kind: 'unchanged', uri: 'file:///a.md', version: null, resultId: resultIdOf([finding]) },
      { kind: 'full', uri: 'file:///b.md', version: null, resultId: EMPTY_RESULT_ID, items: [] },
      { kind: 'full', uri: 'file:///gone.md', version: null, resultId: EMPTY_RESULT_ID, items: [] },
    ]);
    expect(workspaceReports(current, known, false).map((r) => r.uri)).toEqual(['file:///b.md', 'file:///gone.md']);
    expect(clearedReports(current, new Map([['file:///a.md', 'old']]))).toEqual([]);
  });

  it('gives a result ID that changes with what the report shows, and only then', () => {
    expect(resultIdOf([finding])).toBe(resultIdOf([{ ...finding }]));
    expect(resultIdOf([finding])).not.toBe(resultIdOf([{ ...finding, range: { ...finding.range, end: { line: 2, character: 17 } } }]));
    expect(resultIdOf([finding])).not.toBe(EMPTY_RESULT_ID);
  });
});

describe('the termlens.diagnostics.workspace settings', () => {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, { type: string; default: unknown; scope: string }> } };
  };
  const props = pkg.contributes.configuration.properties;

  it('are declared in package.json with the defaults of settings.ts, per folder', () => {
    expect(props['termlens.diagnostics.workspace']).toMatchObject({ type: 'boolean', default: defaultSettings.workspaceDiagnostics, scope: 'resource' });
    expect(props['termlens.diagnostics.workspaceMaxFiles']).toMatchObject({
      type: 'integer',
      default: defaultSettings.workspaceDiagnosticsMaxFiles,
      scope: 'resource',
    });
    expect(defaultSettings.workspaceDiagnostics).toBe(false);
  });

  it('are read nested or dotted, and malformed values are left out', () => {
    expect(sanitizePartialSettings({ diagnostics: { workspace: true, workspaceMaxFiles: 12.7 } })).toEqual({
      workspaceDiagnostics: true,
      workspaceDiagnosticsMaxFiles: 12,
    });
    expect(sanitizePartialSettings({ 'diagnostics.workspace': false })).toEqual({ workspaceDiagnostics: false });
    expect(sanitizePartialSettings({ diagnostics: { workspace: 'yes', workspaceMaxFiles: -1 } })).toEqual({});
  });
});

describe('workspace diagnostics over stdio', () => {
  let workspace: string;
  let client: PullClient;
  let first: Map<string, Report>;

  beforeAll(async () => {
    workspace = makeWorkspace();
    client = await startPullClient(workspace, { settings: ON });
    first = byFile(workspace, await client.pull());
  });
  afterAll(() => client?.stop());

  it('advertises a termlens provider with workspace diagnostics', () => {
    expect(client.initializeResult.capabilities.diagnosticProvider).toMatchObject({
      identifier: 'termlens',
      interFileDependencies: true,
      workspaceDiagnostics: true,
    });
  });

  it('reports a finding in a file that was never opened, and exactly the files termlens lint checks', () => {
    expect([...first.keys()].sort()).toEqual(CHECKED);
    const unopened = first.get('notes/unopened.md')!;
    expect(unopened.kind).toBe('full');
    expect(unopened.items!.map(located)).toEqual(['term.misspelled 3:5-3:17']);
    expect(first.get('notes/clean.md')).toMatchObject({ kind: 'full', items: [] });
    expect(client.diagnostics.size, 'nothing was opened, so nothing is pushed').toBe(0);
    // The settings were asked for the workspace folder's scope.
    expect(client.configurationScopes).toContain(pathToFileURL(workspace).toString());
  });

  it('reports what termlens lint --format json reports, file by file', () => {
    const run = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', '.'], { cwd: workspace, encoding: 'utf8' });
    const cli = JSON.parse(run.stdout) as {
      filePath: string;
      messages: { code: string; line: number; column: number; endLine: number; endColumn: number }[];
    }[];
    const fromCli = Object.fromEntries(cli.map((f) => [f.filePath, f.messages.map((m) => `${m.code} ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`)]));
    // Line 1 of the BOM file: the CLI counts the BOM as a column, the editor does not.
    const pulled = Object.fromEntries(
      [...first]
        .filter(([, r]) => r.items!.length > 0)
        .map(([file, r]) => [file, r.items!.filter((d) => file !== 'notes/bom.md' || d.range.start.line > 0).map(located)]),
    );
    fromCli['notes/bom.md'] = fromCli['notes/bom.md']!.filter((m) => !/ 1:\d+-/.test(m));
    expect(pulled).toEqual(fromCli);
    expect(Object.keys(pulled).sort()).toEqual(['notes/bom.md', 'notes/unopened.md', 'src/model.py']);
  });

  it('answers unchanged on the next pull; document pulls are empty, as open documents are pushed', async () => {
    const second = byFile(workspace, await client.pull([...first.values()]));
    expect([...second.keys()].sort()).toEqual(CHECKED);
    for (const [file, r] of second)
      expect(r, file).toEqual({ kind: 'unchanged', uri: first.get(file)!.uri, version: null, resultId: first.get(file)!.resultId });
    const unopened = first.get('notes/unopened.md')!;
    expect(await client.pullDocument(unopened.uri)).toEqual({ kind: 'full', resultId: EMPTY_RESULT_ID, items: [] });
    expect(await client.pullDocument(unopened.uri, EMPTY_RESULT_ID)).toEqual({ kind: 'unchanged', resultId: EMPTY_RESULT_ID });
  });

  it('reports each file once: opened, its pulled copy is dropped and its findings pushed; closed, pulled again', async () => {
    const rel = 'notes/bom.md';
    const uri = first.get(rel)!.uri;
    const pulledItems = first.get(rel)!.items!;
    // A pull as VS Code keeps one open: everything unchanged, so it streams that and waits.
    const held = client.stream([...first.values()]);
    await client.waitFor(() => held.streamed.length === CHECKED.length, 'the streamed unchanged reports');
    expect(held.streamed.every((r) => r.kind === 'unchanged')).toBe(true);
    await client.open(uri, 'markdown', editorText(workspace, rel));
    await client.waitFor(() => client.diagnostics.has(uri), 'the pushed diagnostics of the open document');
    // What the server pushes for the open file is what it pulled for it from the disk (BOM and all).
    expect(client.diagnostics.get(uri)!).toEqual(pulledItems);
    // The pulled copy was dropped before the findings were pushed: never both at once.
    const cleared = client.events.indexOf(`partial full ${uri} 0`);
    expect(cleared, client.events.join('\n')).toBeGreaterThanOrEqual(0);
    expect(cleared).toBeLessThan(client.events.indexOf(`push ${uri} ${pulledItems.length}`));
    // As VS Code does once the tab shows: a document pull, empty.
    expect(await client.pullDocument(uri, first.get(rel)!.resultId)).toEqual({ kind: 'full', resultId: EMPTY_RESULT_ID, items: [] });
    // What a client shows for the file: the pushed diagnostics and the latest pulled ones, together.
    const latestPulled = held.streamed.filter((r) => r.uri === uri).at(-1)!;
    expect([...client.diagnostics.get(uri)!, ...(latestPulled.items ?? [])].map(located)).toEqual(pulledItems.map(located));
    // A pull that is answered at once says the same.
    expect(byFile(workspace, await client.pull([...first.values()])).get(rel)).toMatchObject({
      kind: 'full',
      items: [],
      resultId: EMPTY_RESULT_ID,
      version: 1,
    });

    // Closed: the server clears what it pushed, and the held pull brings the findings from the disk.
    await client.close(uri);
    await client.waitFor(() => held.streamed.filter((r) => r.uri === uri).at(-1)!.items?.length === pulledItems.length, 'the findings pulled again');
    expect(held.streamed.filter((r) => r.uri === uri).at(-1)!.items).toEqual(pulledItems);
    expect(client.diagnostics.get(uri)!).toEqual([]);
    held.cancel();
    await expect(held.answer).rejects.toThrow();
  });

  it('sees a file changed on disk once the editor reports it', async () => {
    const rel = 'notes/clean.md';
    writeFileSync(path.join(workspace, rel), '# Clean\n\nNow the Hesten Model is here too.\n');
    await client.filesChanged([{ uri: first.get(rel)!.uri, type: FILE_CHANGED }]);
    const next = byFile(workspace, await client.pull([...first.values()]));
    expect(next.get(rel)!.kind).toBe('full');
    expect(next.get(rel)!.items!.map(located)).toEqual(['term.misspelled 3:9-3:21']);
    expect(next.get('notes/unopened.md')!.kind).toBe('unchanged');
  });

  it('checks at most workspaceMaxFiles files per folder, says so, and clears the others', async () => {
    const refreshes = client.refreshes();
    await client.setSettings({ diagnostics: { workspace: true, workspaceMaxFiles: 2 } });
    // The server asks the client to pull again once the new settings apply.
    await client.waitFor(() => client.refreshes() > refreshes, 'a refresh request');
    const capped = byFile(workspace, await client.pull([...first.values()]));
    expect(client.logs.filter((l) => l.includes('checking the first 2 of 4 files'))).toHaveLength(1);
    // The first two in path order are checked; the files past the cap that showed findings are cleared.
    expect(capped.get('notes/bom.md')!.kind).toBe('unchanged');
    expect(capped.get('notes/unopened.md')).toMatchObject({ kind: 'full', items: [], resultId: EMPTY_RESULT_ID });
    expect(capped.get('src/model.py')).toMatchObject({ kind: 'full', items: [], resultId: EMPTY_RESULT_ID });
  });

  it('reports nothing for unopened files with the setting off, and clears what it showed', async () => {
    const refreshes = client.refreshes();
    await client.setSettings({});
    await client.waitFor(() => client.refreshes() > refreshes, 'a refresh request');
    const off = byFile(workspace, await client.pull([...first.values()]));
    for (const rel of ['notes/bom.md', 'notes/unopened.md', 'src/model.py']) expect(off.get(rel), rel).toMatchObject({ kind: 'full', items: [] });
    expect(await client.pull()).toEqual([]);
    const unopened = first.get('notes/unopened.md')!;
    expect(await client.pullDocument(unopened.uri)).toEqual({ kind: 'full', resultId: EMPTY_RESULT_ID, items: [] });
  });
});

describe('workspace diagnostics and the client', () => {
  it('registers a watcher for the files it reads, when the client lets it', async () => {
    const workspace = makeWorkspace({ 'note.md': HESTEN });
    const client = await startPullClient(workspace, { settings: ON, watchedFiles: true });
    try {
      await client.pull();
      const globs = client.registrations.flatMap((r) => r.registerOptions?.watchers?.map((w) => w.globPattern) ?? []);
      expect(globs).toContain('**/.gitignore');
      expect(globs.find((g) => g.startsWith('**/*.{'))).toMatch(/[{,]md[,}].*[{,]py[,}]/);
    } finally {
      await client.stop();
    }
  });

  it('gives a client without pull support no provider: open documents are pushed as before', async () => {
    const workspace = makeWorkspace({ 'note.md': HESTEN });
    const client = await startLanguageServer(serverPath, { rootPath: workspace, settings: ON });
    try {
      await client.ready();
      expect(client.initializeResult.capabilities.diagnosticProvider).toBeUndefined();
      const uri = pathToFileURL(path.join(workspace, 'note.md')).toString();
      await client.open(uri, 'markdown', HESTEN);
      expect(((await client.diagnosticsFor(uri)) as Diagnostic[]).map(located)).toEqual(['term.misspelled 3:5-3:17']);
    } finally {
      await client.stop();
    }
  });

  it('in Restricted Mode, reads no file whose real path is outside the workspace', async () => {
    const workspace = makeWorkspace({ 'inside.md': HESTEN });
    const outside = makeWorkspace({ 'outside.md': HESTEN });
    symlinkSync(path.join(outside, 'outside.md'), path.join(workspace, 'linked.md'));
    const untrusted = await startPullClient(workspace, { settings: ON, initializationOptions: { workspaceTrusted: false } });
    try {
      expect([...byFile(workspace, await untrusted.pull()).keys()]).toEqual(['inside.md']);
    } finally {
      await untrusted.stop();
    }
    const trusted = await startPullClient(workspace, { settings: ON });
    try {
      const reports = byFile(workspace, await trusted.pull());
      expect([...reports.keys()].sort()).toEqual(['inside.md', 'linked.md']);
      expect(reports.get('linked.md')!.items!.map(located)).toEqual(['term.misspelled 3:5-3:17']);
    } finally {
      await trusted.stop();
    }
  });
});
