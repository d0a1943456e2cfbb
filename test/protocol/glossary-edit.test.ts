/**
 * Writing the glossary from the editor, over stdio against the built server (`npm run build`
 * first): the code actions for an undefined abbreviation and a near miss, their workspace edits
 * applied to files in a temporary folder as a client applies them (then the file-change
 * notification a file watcher sends, or the open document's text), and what the server serves
 * afterwards: the glossary reads cleanly, every other byte of it is unchanged, the new term hovers
 * and the diagnostic is gone.
 *
 * Two clients: one like VS Code (edits resolved on `codeAction/resolve`, `documentChanges` with
 * resource operations), one with neither (edits in the action, plain `changes`).
 */

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic as LspDiagnostic, Hover, MarkupContent, Position, TextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript helper shared with `npm run demo`; typed loosely below.
import { applyEdits, startLanguageServer } from '../../scripts/lsp-client.mjs';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { preferredTerm } from '../../server/src/core/glossary/model';

const root = path.resolve(__dirname, '..', '..');
const serverPath = path.join(root, 'dist', 'server.js');
const cliPath = path.join(root, 'dist', 'cli.js');

const NOTE = `# Desk notes

We route client flow to the Quokka Wombat Exchange every morning.
The QWE book is thin after lunch.

The ZQX limits apply to every desk.

The Hesten Model is calibrated daily.
`;

/** A workspace glossary as people write them: comments, a flow list, a block list, no final line break. */
const TERMS = `# Desk glossary (kept by hand)
concepts:
  # Models first.
  - term: Quokka Pricing Rule # house model
    aliases: [QPR rule]
    definitions:
      - A smile-consistent FX option pricing rule.
  - term: Wombat Spread
    definitions: [The spread between two quotes.]`;

/** A diagnostic as termlens publishes it: its message is plain text. */
type Diagnostic = Omit<LspDiagnostic, 'message'> & { message: string };

const FILE_CHANGED = 2;
const FILE_CREATED = 1;

/** The position of the first `needle` in `text`, `delta` characters in. */
function positionOf(text: string, needle: string, delta = 0): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** The offset of an LSP position in a text with `\n` line breaks. */
function offsetOf(text: string, p: Position): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

function hoverText(hover: Hover | null): string {
  return ((hover?.contents as MarkupContent | undefined)?.value ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** The text edits a workspace edit makes to `uri`, and whether it creates the file first. */
function editsFor(edit: WorkspaceEdit, uri: string): { creates: boolean; edits: TextEdit[] } {
  if (edit.changes) return { creates: false, edits: edit.changes[uri] ?? [] };
  let creates = false;
  const edits: TextEdit[] = [];
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create' && change.uri === uri) creates = true;
      continue;
    }
    if (change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
  }
  return { creates, edits };
}

/** The URIs a workspace edit touches. */
function urisOf(edit: WorkspaceEdit): string[] {
  if (edit.changes) return Object.keys(edit.changes);
  return [...new Set((edit.documentChanges ?? []).map((c) => ('kind' in c ? (c.kind === 'rename' ? c.newUri : c.uri) : c.textDocument.uri)))];
}

/** Checks that `after` is `before` with only `edits` inserted (nothing replaced), and returns the inserted text. */
function onlyInserted(before: string, after: string, edits: readonly TextEdit[]): string {
  expect(edits).toHaveLength(1);
  const { range, newText } = edits[0]!;
  expect(range.start).toEqual(range.end);
  const at = offsetOf(before, range.start);
  expect(after).toBe(before.slice(0, at) + newText + before.slice(at));
  return newText;
}

/** `termlens glossary check FILE`: exit code and output. */
function glossaryCheck(file: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [cliPath, 'glossary', 'check', file], { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A client that resolves code action edits and applies `documentChanges` with file creation, as VS Code does. */
async function startVsCodeLikeClient(folder: string) {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const connection: MessageConnection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = new Map<string, Diagnostic[]>();
  let statuses = 0;
  const waiters: Array<() => void> = [];
  const notify = () => waiters.splice(0).forEach((w) => w());
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string; diagnostics: Diagnostic[] }) => {
    diagnostics.set(p.uri, p.diagnostics);
    notify();
  });
  connection.onNotification('termlens/status', () => {
    statuses++;
    notify();
  });
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('window/showMessage', () => undefined);
  connection.listen();
  const rootUri = pathToFileURL(folder).toString();
  const init = await connection.sendRequest<{ capabilities: { codeActionProvider: { codeActionKinds: string[]; resolveProvider: boolean } } }>('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'ws' }],
    initializationOptions: {},
    capabilities: {
      workspace: {
        configuration: true,
        workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
        didChangeWatchedFiles: { dynamicRegistration: false },
      },
      textDocument: {
        hover: { contentFormat: ['markdown'] },
        codeAction: {
          codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'refactor.rewrite'] } },
          resolveSupport: { properties: ['edit'] },
          dataSupport: true,
        },
      },
    },
  });
  await connection.sendNotification('initialized', {});
  const waitFor = (check: () => boolean, what: string, timeout = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for ${what}; last diagnostics: ${JSON.stringify([...diagnostics.values()].map((l) => l.map((d) => d.message.slice(0, 60))))}; server stderr: ${stderr}`,
            ),
          ),
        timeout,
      );
      const poll = () => (check() ? (clearTimeout(timer), resolve()) : waiters.push(poll));
      poll();
    });
  await waitFor(() => statuses > 0, 'the glossary status');
  const versions = new Map<string, number>();
  return {
    capabilities: init.capabilities,
    get statuses() {
      return statuses;
    },
    waitFor,
    async open(uri: string, languageId: string, text: string) {
      versions.set(uri, 1);
      diagnostics.delete(uri);
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    async diagnosticsFor(uri: string, accept: (d: Diagnostic[]) => boolean = () => true): Promise<Diagnostic[]> {
      await waitFor(() => diagnostics.has(uri) && accept(diagnostics.get(uri)!), `diagnostics for ${uri}`);
      return diagnostics.get(uri)!;
    },
    codeActions: (uri: string, range: Diagnostic['range'], diags: Diagnostic[]) =>
      connection.sendRequest<CodeAction[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: diags } }),
    resolve: (action: CodeAction) => connection.sendRequest<CodeAction>('codeAction/resolve', action),
    hover: (uri: string, position: Position) => connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position }),
    filesChanged: (changes: { uri: string; type: number }[]) => connection.sendNotification('workspace/didChangeWatchedFiles', { changes }),
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // The server may already be gone.
      }
      connection.dispose();
      child.kill();
    },
  };
}

beforeAll(() => {
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `npm run build` first');
});

describe('glossary edits from a client like VS Code (resolve, documentChanges)', () => {
  let folder: string;
  let client: Awaited<ReturnType<typeof startVsCodeLikeClient>>;
  const uriOf = (rel: string) => pathToFileURL(path.join(folder, rel)).toString();
  const noteUri = () => uriOf('notes/desk.md');

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'termlens-write-'));
    mkdirSync(path.join(folder, 'notes'));
    writeFileSync(path.join(folder, 'notes', 'desk.md'), NOTE);
    writeFileSync(path.join(folder, 'terms.glossary.yaml'), TERMS);
    client = await startVsCodeLikeClient(folder);
    await client.open(noteUri(), 'markdown', NOTE);
  });

  afterAll(async () => {
    await client?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('declares quick fixes, glossary refactorings and resolving', () => {
    expect(client.capabilities.codeActionProvider.codeActionKinds).toEqual(expect.arrayContaining(['quickfix', 'refactor.glossary']));
    expect(client.capabilities.codeActionProvider.resolveProvider).toBe(true);
  });

  it('"Add QWE to the glossary" writes the expansion into the workspace glossary, which then hovers', async () => {
    const diags = await client.diagnosticsFor(noteUri(), (d) => d.some((x) => x.code === 'acronym.undefined'));
    const qwe = diags.find((d) => d.code === 'acronym.undefined' && d.message.startsWith('"QWE"'))!;
    expect(hoverText(await client.hover(noteUri(), positionOf(NOTE, 'QWE book', 1)))).toBe('');
    const actions = (await client.codeActions(noteUri(), qwe.range, [qwe]))!;
    const titles = actions.map((a) => a.title);
    expect(titles).toContain('Add "QWE" to the glossary as "Quokka Wombat Exchange" (terms.glossary.yaml)');
    expect(titles).toContain('Accept "QWE" for this project (knownAcronyms in termlens.config.yaml)');
    const add = actions.find((a) => a.title.startsWith('Add "QWE"'))!;
    expect(add.kind).toBe('quickfix');
    expect(add.diagnostics?.[0]?.code).toBe('acronym.undefined');
    // Nothing is read or written until the action is chosen: the edit comes on resolve.
    expect(add.edit).toBeUndefined();
    const resolved = await client.resolve(add);
    const glossaryUri = uriOf('terms.glossary.yaml');
    expect(urisOf(resolved.edit!)).toEqual([glossaryUri]);
    const { creates, edits } = editsFor(resolved.edit!, glossaryUri);
    expect(creates).toBe(false);

    // The client applies the edit and saves; its file watcher reports the change.
    const before = readFileSync(path.join(folder, 'terms.glossary.yaml'), 'utf8');
    const after = applyEdits(before, edits);
    writeFileSync(path.join(folder, 'terms.glossary.yaml'), after);
    const inserted = onlyInserted(before, after, edits);
    expect(inserted).toBe('\n  - term: Quokka Wombat Exchange\n    abbreviations: [QWE]');
    const parsed = parseGlossaryText(after, glossaryUri);
    expect(parsed.problems).toEqual([]);
    expect(parsed.concepts.map(preferredTerm)).toEqual(['Quokka Pricing Rule', 'Wombat Spread', 'Quokka Wombat Exchange']);
    expect(glossaryCheck(path.join(folder, 'terms.glossary.yaml')).status).toBe(0);

    const seen = client.statuses;
    await client.filesChanged([{ uri: glossaryUri, type: FILE_CHANGED }]);
    await client.waitFor(() => client.statuses > seen, 'the glossary to reload');
    expect(hoverText(await client.hover(noteUri(), positionOf(NOTE, 'QWE book', 1)))).toContain('**Quokka Wombat Exchange**');
    await client.diagnosticsFor(noteUri(), (d) => !d.some((x) => x.code === 'acronym.undefined' && x.message.startsWith('"QWE"')));
  });

  it('offers a capitalised phrase and a selection as new concepts, and deprecates an alias in its own file', async () => {
    const other = 'notes/phrases.md';
    const body = 'We launched the Liquidity Mining Program last week.\nDesks still say QPR rule when they mean it.\n';
    writeFileSync(path.join(folder, other), body);
    await client.open(uriOf(other), 'markdown', body);
    await client.diagnosticsFor(uriOf(other));
    const at = positionOf(body, 'Mining', 2);
    const phrase = (await client.codeActions(uriOf(other), { start: at, end: at }, []))!;
    expect(phrase.map((a) => [a.title, a.kind])).toEqual([['Add "Liquidity Mining Program" to the glossary (terms.glossary.yaml)', 'refactor.glossary']]);
    const selection = { start: positionOf(body, 'last week'), end: positionOf(body, 'last week', 'last week'.length) };
    const selected = (await client.codeActions(uriOf(other), selection, []))!;
    expect(selected.map((a) => a.title)).toEqual(['Add "last week" to the glossary (terms.glossary.yaml)']);

    // The alias is used as written: no diagnostic, and the refactoring moves it to the deprecated forms.
    const alias = positionOf(body, 'QPR rule', 1);
    const actions = (await client.codeActions(uriOf(other), { start: alias, end: alias }, []))!;
    const deprecate = actions.find((a) => a.title === 'Mark "QPR rule" as deprecated (use "Quokka Pricing Rule") (terms.glossary.yaml)');
    expect(deprecate, actions.map((a) => a.title).join(' | ')).toBeDefined();
    expect(deprecate!.kind).toBe('refactor.glossary');
    const glossaryUri = uriOf('terms.glossary.yaml');
    const before = readFileSync(path.join(folder, 'terms.glossary.yaml'), 'utf8');
    const after = applyEdits(before, editsFor((await client.resolve(deprecate!)).edit!, glossaryUri).edits);
    expect(after).toBe(before.replace('    aliases: [QPR rule]\n', '    aliases: []\n    deprecated: [QPR rule]\n'));
    writeFileSync(path.join(folder, 'terms.glossary.yaml'), after);
    await client.filesChanged([{ uri: glossaryUri, type: FILE_CHANGED }]);
    const diags = await client.diagnosticsFor(uriOf(other), (d) => d.some((x) => x.code === 'term.deprecated'));
    expect(diags.find((x) => x.code === 'term.deprecated')!.message).toContain('Use "Quokka Pricing Rule"');
  });

  it('resolves no edit for a plan sent back naming a file outside the workspace', async () => {
    const outsideFile = path.join(tmpdir(), 'termlens-not-in-workspace.glossary.yaml');
    const forged: CodeAction = {
      title: 'Add "X" to the glossary',
      data: { termlensGlossaryEdit: { file: 'glossary', path: outsideFile, change: { kind: 'addConcept', entry: { term: 'X' } } } },
    };
    expect((await client.resolve(forged)).edit).toBeUndefined();
    const malformed: CodeAction = {
      title: 'Add',
      data: { termlensGlossaryEdit: { file: 'glossary', path: path.join(folder, 'a.glossary.yaml'), change: { kind: 'addConcept' } } },
    };
    expect((await client.resolve(malformed)).edit).toBeUndefined();
  });

  it('"Accept ZQX for this project" creates termlens.config.yaml, and the diagnostic goes', async () => {
    const diags = await client.diagnosticsFor(noteUri(), (d) => d.some((x) => x.message.startsWith('"ZQX"')));
    const zqx = diags.find((d) => d.message.startsWith('"ZQX"'))!;
    const actions = (await client.codeActions(noteUri(), zqx.range, [zqx]))!;
    const accept = actions.find((a) => a.title === 'Accept "ZQX" for this project (knownAcronyms in termlens.config.yaml)');
    expect(accept, actions.map((a) => a.title).join(' | ')).toBeDefined();
    const resolved = await client.resolve(accept!);
    const configUri = uriOf('termlens.config.yaml');
    const { creates, edits } = editsFor(resolved.edit!, configUri);
    expect(creates).toBe(true);
    const text = applyEdits('', edits);
    expect(text).toMatch(/^knownAcronyms: \[ZQX\]$/m);
    writeFileSync(path.join(folder, 'termlens.config.yaml'), text);
    await client.filesChanged([{ uri: configUri, type: FILE_CREATED }]);
    await client.diagnosticsFor(noteUri(), (d) => !d.some((x) => x.message.startsWith('"ZQX"')));
  });

  it('"Accept" adds to an existing config, keeping the rest of it', async () => {
    const config = path.join(folder, 'termlens.config.yaml');
    const text = `${readFileSync(config, 'utf8')}rules:\n  term.misspelled: warning # as it is\n`;
    writeFileSync(config, text);
    await client.filesChanged([{ uri: uriOf('termlens.config.yaml'), type: FILE_CHANGED }]);
    const other = 'notes/other.md';
    const body = 'The VQX desk and the ZQX desk.\n';
    writeFileSync(path.join(folder, other), body);
    await client.open(uriOf(other), 'markdown', body);
    const diags = await client.diagnosticsFor(uriOf(other), (d) => d.some((x) => x.message.startsWith('"VQX"')));
    expect(diags.some((x) => x.message.startsWith('"ZQX"'))).toBe(false);
    const vqx = diags.find((d) => d.message.startsWith('"VQX"'))!;
    const accept = (await client.codeActions(uriOf(other), vqx.range, [vqx]))!.find((a) => a.title.startsWith('Accept "VQX"'))!;
    const { creates, edits } = editsFor((await client.resolve(accept)).edit!, uriOf('termlens.config.yaml'));
    expect(creates).toBe(false);
    const after = applyEdits(text, edits);
    expect(after).toBe(text.replace('knownAcronyms: [ZQX]', 'knownAcronyms: [ZQX, VQX]'));
  });
});

describe('glossary edits from a client without resolve or documentChanges', () => {
  let folder: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any;
  const uriOf = (rel: string) => pathToFileURL(path.join(folder, rel)).toString();
  const noteUri = () => uriOf('notes/desk.md');
  const glossaryPath = () => path.join(folder, 'project.glossary.yaml');

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'termlens-write-'));
    mkdirSync(path.join(folder, 'notes'));
    writeFileSync(path.join(folder, 'notes', 'desk.md'), NOTE);
    client = await startLanguageServer(serverPath, { rootPath: folder });
    await client.ready();
    await client.open(noteUri(), 'markdown', NOTE);
  });

  afterAll(async () => {
    await client?.stop();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('"Add ZQX to the glossary" creates project.glossary.yaml with a placeholder to fill', async () => {
    const diags: Diagnostic[] = await client.diagnosticsFor(noteUri());
    const zqx = diags.find((d) => d.message.startsWith('"ZQX"'))!;
    const actions: CodeAction[] = await client.codeActions(noteUri(), zqx.range, [zqx]);
    const add = actions.find((a) => a.title === 'Add "ZQX" to the glossary (project.glossary.yaml)');
    expect(add, actions.map((a) => a.title).join(' | ')).toBeDefined();
    // No resolve support: the edit is in the action, as plain changes to the new file.
    const uri = uriOf('project.glossary.yaml');
    expect(Object.keys(add!.edit!.changes!)).toEqual([uri]);
    const text = applyEdits('', add!.edit!.changes![uri]);
    writeFileSync(glossaryPath(), text);
    expect(parseGlossaryText(text, uri).problems).toEqual([]);
    expect(glossaryCheck(glossaryPath())).toMatchObject({ status: 0 });
    const seen = client.statuses.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: FILE_CREATED }] });
    await client.waitFor(() => client.statuses.length > seen, 'the glossary to reload');
    expect(hoverText(await client.hover(noteUri(), positionOf(NOTE, 'ZQX', 1)))).toContain('TODO: what ZQX stands for');
  });

  it('"Add Hesten Model as an alias" of a bundled concept copies its entry, keeping the definition; typed into the open glossary, it hovers at once', async () => {
    const diags: Diagnostic[] = await client.diagnosticsFor(noteUri());
    const near = diags.find((d) => d.code === 'term.misspelled')!;
    const actions: CodeAction[] = await client.codeActions(noteUri(), near.range, [near]);
    const alias = actions.find((a) => a.title === 'Add "Hesten Model" as an alias of "Heston Model" (project.glossary.yaml)');
    expect(alias, actions.map((a) => a.title).join(' | ')).toBeDefined();
    expect(actions.map((a) => a.title)).toContain('Mark "Hesten Model" as a deprecated form of "Heston Model" (project.glossary.yaml)');
    const uri = uriOf('project.glossary.yaml');
    const before = readFileSync(glossaryPath(), 'utf8');
    const edits = alias!.edit!.changes![uri]!;
    const after = applyEdits(before, edits);
    const inserted = onlyInserted(before, after, edits);
    expect(inserted).toMatch(
      /^  # "Heston Model" copied from the bundled glossary by termlens; this entry replaces the bundled one\.\n  - term: Heston Model\n/,
    );
    const parsed = parseGlossaryText(after, uri);
    expect(parsed.problems).toEqual([]);
    const heston = parsed.concepts.find((c) => preferredTerm(c) === 'Heston Model')!;
    expect(heston.forms.map((f) => f.text)).toContain('Hesten Model');
    expect(heston.senses[0]?.text).toMatch(/^Stochastic model assuming variance mean-reverts/);

    // The client applies the edit in an editor without saving: the open document's text is served.
    await client.open(uri, 'yaml', before);
    await client.change(uri, after);
    await client.waitFor(() => !(client.diagnostics.get(noteUri()) ?? []).some((d: Diagnostic) => d.code === 'term.misspelled'), 'the near miss to go');
    const hover = hoverText(await client.hover(noteUri(), positionOf(NOTE, 'Hesten Model', 2)));
    expect(hover).toContain('**Heston Model**');
    expect(hover).toContain('Stochastic model assuming variance mean-reverts');
  });
});

describe('glossary edits never write outside the workspace', () => {
  let outside: string;
  let folder: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let client: any;
  const body = 'The Quokka Pricng Rule and the Capybara Pricng Rule, and the ZQX desk.\n';
  const uriOf = (rel: string) => pathToFileURL(path.join(folder, rel)).toString();

  beforeAll(async () => {
    outside = mkdtempSync(path.join(tmpdir(), 'termlens-outside-'));
    folder = mkdtempSync(path.join(tmpdir(), 'termlens-write-'));
    // A glossary named in settings outside the workspace, and one reached through a symlink out of it.
    writeFileSync(path.join(outside, 'desk.glossary.yaml'), 'concepts:\n  - term: Quokka Pricing Rule\n');
    writeFileSync(path.join(outside, 'linked-target.glossary.yaml'), 'concepts:\n  - term: Capybara Pricing Rule\n');
    symlinkSync(path.join(outside, 'linked-target.glossary.yaml'), path.join(folder, 'linked.glossary.yaml'));
    writeFileSync(path.join(folder, 'note.md'), body);
    client = await startLanguageServer(serverPath, { rootPath: folder, settings: { glossaryFiles: [path.join(outside, 'desk.glossary.yaml')] } });
    await client.ready();
    await client.open(uriOf('note.md'), 'markdown', body);
  });

  afterAll(async () => {
    await client?.stop();
    for (const dir of [folder, outside]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('offers no alias for a concept of a file outside the workspace, and puts new concepts in the workspace', async () => {
    const diags: Diagnostic[] = await client.diagnosticsFor(uriOf('note.md'));
    const titlesAt = async (d: Diagnostic) => ((await client.codeActions(uriOf('note.md'), d.range, [d])) as CodeAction[]).map((a) => a.title);
    const [quokka, capybara] = diags.filter((d) => d.code === 'term.misspelled');
    // Both glossaries are served (the workspace is trusted), but neither may be written.
    expect(await titlesAt(quokka!)).toEqual(['Replace with "Quokka Pricing Rule"']);
    expect(await titlesAt(capybara!)).toEqual(['Replace with "Capybara Pricing Rule"']);
    const zqx = diags.find((d) => d.message.startsWith('"ZQX"'))!;
    const actions: CodeAction[] = await client.codeActions(uriOf('note.md'), zqx.range, [zqx]);
    const add = actions.find((a) => a.title.startsWith('Add "ZQX"'))!;
    // The symlinked glossary is the nearest one, but its real path is outside: a new file is created instead.
    expect(add.title).toBe('Add "ZQX" to the glossary (project.glossary.yaml)');
    expect(urisOf(add.edit!)).toEqual([uriOf('project.glossary.yaml')]);
  });
});
