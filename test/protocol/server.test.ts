/**
 * Protocol tests: the built server (`dist/server.js`, run `npm run build` first) started over
 * stdio and driven by a minimal LSP client, as an editor drives it.
 */

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript helper shared with `npm run demo`; typed loosely below.
import { applyEdits, startLanguageServer } from '../../scripts/lsp-client.mjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Client = any;
interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code: string;
  message: string;
  severity: number;
  data?: unknown;
}

const root = path.resolve(__dirname, '..', '..');
const serverPath = path.join(root, 'dist', 'server.js');
const fixture = path.join(root, 'test', 'fixtures', 'workspace');

let workspace: string;
let client: Client;
const uriOf = (rel: string) => pathToFileURL(path.join(workspace, rel)).toString();
const read = (rel: string) => readFileSync(path.join(workspace, rel), 'utf8');

/** Position of the first occurrence of `needle` (plus `delta` characters) in `text`. */
function positionOf(text: string, needle: string, delta = 0): { line: number; character: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** A hover's Markdown with backslash escapes removed: what the reader sees. */
function hoverText(hover: { contents: { value: string } } | null): string {
  return (hover?.contents.value ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

beforeAll(async () => {
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `npm run build` first');
  workspace = mkdtempSync(path.join(tmpdir(), 'termlens-ws-'));
  cpSync(fixture, workspace, { recursive: true });
  client = await startLanguageServer(serverPath, { rootPath: workspace });
  await client.ready();
});

afterAll(async () => {
  await client?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('termlens-ls over stdio', () => {
  it('answers a hover sent right after start-up from the glossary, not from an empty one', async () => {
    const fresh = await startLanguageServer(serverPath, { rootPath: workspace });
    try {
      const uri = pathToFileURL(path.join(workspace, 'early.md')).toString();
      const text = 'The Heston Model is calibrated daily.';
      await fresh.open(uri, 'markdown', text);
      // No wait for the glossary status: the request is queued behind the first load.
      expect(hoverText(await fresh.hover(uri, positionOf(text, 'Heston', 2)))).toContain('**Heston Model**');
    } finally {
      await fresh.stop();
    }
  });

  it('initializes with hover, completion, resolve and quick-fix capabilities', () => {
    const caps = client.initializeResult.capabilities;
    expect(caps.hoverProvider).toBe(true);
    expect(caps.completionProvider.resolveProvider).toBe(true);
    expect(caps.codeActionProvider.codeActionKinds).toContain('quickfix');
    expect(client.statuses[0].conceptCount).toBeGreaterThan(100);
  });

  it('publishes the three diagnostic codes on a note, nothing in code, URLs or front matter', async () => {
    const uri = uriOf('notes/research-note.md');
    const text = read('notes/research-note.md');
    await client.open(uri, 'markdown', text);
    const diags: Diag[] = await client.diagnosticsFor(uri);
    const summary = diags.map(
      (d) => `${d.range.start.line + 1}:${d.code}:${text.split('\n')[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)}`,
    );
    expect(summary).toEqual([
      '9:term.misspelled:Hesten Model',
      '11:term.variant:Black Scholes Merton model',
      '11:term.variant:span model',
      '12:term.deprecated:BS Model',
    ]);
    expect(diags[0]!.message).toContain('Heston Model');
  });

  it('hovers a term in prose with its definition and source', async () => {
    const uri = uriOf('notes/research-note.md');
    const text = read('notes/research-note.md');
    const hover = await client.hover(uri, positionOf(text, 'Heston Model daily', 3));
    expect(hoverText(hover)).toContain('**Heston Model**');
    expect(hoverText(hover)).toMatch(/\(https:\/\/term\.greeks\.live\/[^)]*heston-model\/\)/);
  });

  it('applies a quick fix from a code action', async () => {
    const uri = uriOf('notes/research-note.md');
    const text = read('notes/research-note.md');
    const diags: Diag[] = await client.diagnosticsFor(uri);
    const variant = diags.find((d) => d.code === 'term.variant')!;
    const actions = await client.codeActions(uri, variant.range, [variant]);
    // Besides the fix, the glossary-writing actions (test/protocol/glossary-edit.test.ts) are offered.
    const fixes = actions.filter((a: { title: string }) => a.title.startsWith('Replace with'));
    expect(fixes).toHaveLength(1);
    const fixed = applyEdits(text, fixes[0].edit.changes[uri]);
    expect(fixed).toContain('The Black-Scholes-Merton model assumes');
  });

  it('completes a multi-word prefix, a fuzzy query and an abbreviation', async () => {
    const uri = uriOf('notes/draft.md');
    const labelsAt = async (line: string) => {
      await client.change(uri, line);
      const list = await client.completion(uri, { line: 0, character: line.length });
      return list.items as Array<{ label: string; textEdit: { newText: string; range: { start: { character: number } } } }>;
    };
    await client.open(uri, 'markdown', '');
    const prefix = await labelsAt('We price with black sch');
    expect(prefix[0]!.label).toMatch(/^Black-Scholes/);
    expect(prefix[0]!.textEdit.range.start.character).toBe('We price with '.length);
    expect((await labelsAt('We use stoch vol jump')).map((i) => i.label)).toContain('Stochastic Volatility Jump-Diffusion Model');
    expect((await labelsAt('Compare bsm')).map((i) => i.label)[0]).toBe('Black-Scholes-Merton Model');
    const resolved = await client.resolve(prefix[0]);
    expect(hoverText({ contents: resolved.documentation })).toContain('**Black-Scholes');
  });

  it('works in code: hover in a comment, identifier-style completion, diagnostics only in comments and strings', async () => {
    const uri = uriOf('src/pricing.py');
    const text = read('src/pricing.py');
    await client.open(uri, 'python', text);
    const diags: Diag[] = await client.diagnosticsFor(uri);
    expect(diags.map((d) => d.code).sort()).toEqual(['term.misspelled', 'term.variant']);
    const hover = await client.hover(uri, positionOf(text, 'Heston Model.', 2));
    expect(hoverText(hover)).toContain('**Heston Model**');
    const identHover = await client.hover(uri, positionOf(text, 'heston_model, spot', 2));
    expect(hoverText(identHover)).toContain('**Heston Model**');

    const codeUri = uriOf('src/new.py');
    await client.open(codeUri, 'python', 'x = heston_mo');
    const list = await client.completion(codeUri, { line: 0, character: 'x = heston_mo'.length });
    expect(list.items[0].textEdit.newText).toBe('heston_model');
  });

  it('picks up a new workspace glossary, reports a broken one at the right line and keeps serving', async () => {
    const file = path.join(workspace, 'desk.glossary.yaml');
    writeFileSync(file, 'concepts:\n  - term: Gamma Scalping\n    definitions: [Trading the underlying against a long gamma position.]\n');
    const fileUri = pathToFileURL(file).toString();
    const before = client.statuses.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri, type: 1 }] });
    await client.waitFor(() => client.statuses.length > before, 'a new status');

    const uri = uriOf('notes/desk.md');
    const text = 'Gamma scalping and the Heston Model.';
    await client.open(uri, 'markdown', text);
    expect(hoverText(await client.hover(uri, positionOf(text, 'Gamma', 1)))).toContain('long gamma position');
    const definition = await client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: positionOf(text, 'Gamma', 1) });
    expect(definition).toMatchObject({ uri: fileUri, range: { start: { line: 1 } } });

    writeFileSync(file, 'concepts:\n  - term: Gamma Scalping\n    definitions: [ok]\n  - term: [not, a, string]\n');
    const mid = client.statuses.length;
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri, type: 2 }] });
    await client.waitFor(() => client.statuses.length > mid && client.diagnostics.has(fileUri), 'the broken glossary diagnostics');
    const broken: Diag[] = client.diagnostics.get(fileUri);
    expect(broken.length).toBeGreaterThan(0);
    expect(broken[0]!.code).toBe('glossary.schema');
    expect(broken[0]!.range.start.line).toBe(3);
    expect(client.statuses[client.statuses.length - 1].errorCount).toBeGreaterThan(0);
    // The last good version of the file and the bundled glossary keep serving.
    expect(hoverText(await client.hover(uri, positionOf(text, 'Gamma', 1)))).toContain('long gamma position');
    expect(hoverText(await client.hover(uri, positionOf(text, 'Heston', 1)))).toContain('**Heston Model**');
  });

  it('follows a glossary file as it is edited, before it is saved', async () => {
    const file = path.join(workspace, 'live.glossary.yaml');
    writeFileSync(file, 'concepts:\n  - term: Vanna Volga Method\n');
    const fileUri = pathToFileURL(file).toString();
    await client.open(fileUri, 'yaml', 'concepts:\n  - term: Vanna Volga Method\n    aliases: 42\n');
    await client.waitFor(() => (client.diagnostics.get(fileUri) ?? []).length > 0, 'diagnostics in the edited glossary');
    const [problem] = client.diagnostics.get(fileUri) as Diag[];
    expect(problem!.code).toBe('glossary.schema');
    expect(problem!.range.start.line).toBe(2);

    await client.change(fileUri, 'concepts:\n  - term: Vanna Volga Method\n    definitions: [A smile-consistent FX option pricing rule.]\n');
    await client.waitFor(() => client.diagnostics.get(fileUri)?.length === 0, 'the glossary diagnostics to clear');
    const uri = uriOf('notes/fx.md');
    const text = 'We use the Vanna Volga Method for FX.';
    await client.open(uri, 'markdown', text);
    expect(hoverText(await client.hover(uri, positionOf(text, 'Vanna', 1)))).toContain('smile-consistent');
  });

  it('honours a severity setting and a disabled language without a restart', async () => {
    const uri = uriOf('notes/research-note.md');
    await client.setSettings({ diagnostics: { severity: { 'term.variant': 'off' } } });
    await client.change(uri, read('notes/research-note.md'));
    const diags: Diag[] = await client.diagnosticsFor(uri);
    expect(diags.map((d) => d.code)).not.toContain('term.variant');
    expect(diags.map((d) => d.code)).toContain('term.misspelled');

    await client.setSettings({ languages: ['python'] });
    await client.change(uri, read('notes/research-note.md'));
    expect(await client.diagnosticsFor(uri)).toEqual([]);
    expect(await client.hover(uri, positionOf(read('notes/research-note.md'), 'Heston Model daily', 3))).toBeNull();
    await client.setSettings({});
  });
});

describe('documents over termlens.maxDocumentSize', () => {
  it('pauses diagnostics with one note while hover and completion keep working', async () => {
    const uri = uriOf('notes/research-note.md');
    const text = read('notes/research-note.md');
    await client.setSettings({ maxDocumentSize: 200 });
    await client.change(uri, text);
    // The re-diagnosis the settings change starts may publish once more for this version.
    const diags: Diag[] = await client.diagnosticsFor(uri, (d: Diag[]) => d.length > 0);
    expect(diags.map((d) => [d.code, d.severity, d.range.start.line])).toEqual([['document.too-large', 3, 0]]);
    expect(diags[0]!.message).toMatch(/paused.*maxDocumentSize/);
    expect(hoverText(await client.hover(uri, positionOf(text, 'Heston Model daily', 3)))).toContain('Heston Model');
    const items = (await client.completion(uri, positionOf(text, 'Heston Model daily', 4))) as { items: { label: string }[] };
    expect(items.items.map((i) => i.label)).toContain('Heston Model');

    await client.setSettings({});
    await client.change(uri, text);
    expect(((await client.diagnosticsFor(uri)) as Diag[]).map((d) => d.code)).not.toContain('document.too-large');
  });
});

describe('glossary files from settings and Restricted Mode', () => {
  const glossaryYaml = (term: string) => `concepts:\n  - term: ${term}\n    definitions: [A test definition of ${term}.]\n`;

  async function serverWith(trusted: boolean): Promise<{ client: Client; root: string; cleanup: () => Promise<void> }> {
    const root = mkdtempSync(path.join(tmpdir(), 'termlens-trust-'));
    const ws = path.join(root, 'ws');
    cpSync(fixture, ws, { recursive: true });
    writeFileSync(path.join(ws, 'inside.yaml'), glossaryYaml('Inside Desk Term'));
    writeFileSync(path.join(root, 'outside.yaml'), glossaryYaml('Outside Desk Term'));
    const c = await startLanguageServer(serverPath, {
      rootPath: ws,
      initializationOptions: { workspaceTrusted: trusted },
      settings: { glossaryFiles: ['inside.yaml', path.join(root, 'outside.yaml')] },
    });
    await c.ready();
    return { client: c, root, cleanup: async () => (await c.stop(), rmSync(root, { recursive: true, force: true })) };
  }

  const servedFiles = (c: Client) =>
    (c.statuses[c.statuses.length - 1].files as Array<{ uri: string; layer: string }>).map((f) => `${f.layer}:${path.basename(f.uri)}`);

  it('serves files named in termlens.glossaryFiles, inside and outside a trusted workspace', async () => {
    const { client: c, cleanup } = await serverWith(true);
    try {
      expect(servedFiles(c)).toEqual(expect.arrayContaining(['settings:inside.yaml', 'settings:outside.yaml']));
    } finally {
      await cleanup();
    }
  });

  it('ignores glossary files outside an untrusted workspace until it is trusted', async () => {
    const { client: c, cleanup } = await serverWith(false);
    try {
      expect(servedFiles(c)).toContain('settings:inside.yaml');
      expect(servedFiles(c)).not.toContain('settings:outside.yaml');
      const before = c.statuses.length;
      await c.connection.sendNotification('termlens/workspaceTrust', { trusted: true });
      await c.waitFor(() => c.statuses.length > before, 'a status after trust');
      expect(servedFiles(c)).toContain('settings:outside.yaml');
    } finally {
      await cleanup();
    }
  });
});
