/**
 * Following a concept through a workspace over stdio (the built `dist/server.js`): references of a
 * workspace glossary term reach a Markdown note (open), a Python and a TypeScript file (never
 * opened) and the glossary entry, and leave out what `.gitignore` and the config's `ignore` exclude;
 * one rename changes all four; prepareRename refuses a bundled term; workspace symbols list the
 * concepts; a glossary file has an outline and a code lens counting uses; in Restricted Mode a
 * file whose real path leads out of the workspace is not read.
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript helper shared with `npm run demo`; typed loosely below.
import { applyEdits, startLanguageServer } from '../../scripts/lsp-client.mjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Client = any;
interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}
interface Location {
  uri: string;
  range: Range;
}
interface TextEdit {
  range: Range;
  newText: string;
}

const root = path.resolve(__dirname, '..', '..');
const serverPath = path.join(root, 'dist', 'server.js');

const FILES: Record<string, string> = {
  'terms.glossary.yaml':
    'concepts:\n  - term: Varnak Volatility Model\n    abbreviations: [VVM]\n    definitions: [A made-up model for this test.]\n  - term: Quorvex Spread\n',
  'notes/note.md': '# Models\n\nThe Varnak Volatility Model (VVM) fits well.\nVarnak volatility models are new; the Heston Model is old.\n',
  'src/model.py': 'def calibrate_varnak_volatility_model():\n    # fit the Varnak Volatility Model\n    return VARNAK_VOLATILITY_MODEL\n',
  'src/model.ts': 'export class VarnakVolatilityModel {}\nconst varnakVolatilityModel = new VarnakVolatilityModel();\n',
  'build/out.md': 'The Varnak Volatility Model, in a folder .gitignore leaves out.\n',
  'ignored/note.md': 'The Varnak Volatility Model, in a folder the config ignores.\n',
  '.gitignore': 'build/\n',
  'termlens.config.yaml': 'ignore:\n  - ignored/**\n',
};

let workspace: string;
let client: Client;
const uriOf = (rel: string) => pathToFileURL(path.join(workspace, rel)).toString();
const read = (rel: string) => readFileSync(path.join(workspace, rel), 'utf8');
const request = <T>(method: string, params: unknown): Promise<T> => client.connection.sendRequest(method, params);

function positionOf(text: string, needle: string, delta = 1): Position {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset + delta).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** Locations as `file:line:text`, sorted. */
function describeLocations(locations: readonly Location[]): string[] {
  return locations
    .map((l) => {
      const rel = path.relative(workspace, new URL(l.uri).pathname).split(path.sep).join('/');
      const line = read(rel).split('\n')[l.range.start.line]!;
      return `${rel}:${l.range.start.line + 1}:${line.slice(l.range.start.character, l.range.end.character)}`;
    })
    .sort();
}

beforeAll(async () => {
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `npm run build` first');
  workspace = mkdtempSync(path.join(tmpdir(), 'termlens-nav-'));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    writeFileSync(path.join(workspace, rel), text);
  }
  client = await startLanguageServer(serverPath, { rootPath: workspace });
  await client.ready();
  await client.waitFor(
    () => client.statuses.some((s: { files: { layer: string }[] }) => s.files.some((f) => f.layer === 'workspace')),
    'the workspace glossary',
  );
  await client.open(uriOf('notes/note.md'), 'markdown', FILES['notes/note.md']);
});

afterAll(async () => {
  await client?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('following a concept over stdio', () => {
  it('declares references, rename with prepare, workspace and document symbols and code lenses', () => {
    const caps = client.initializeResult.capabilities;
    expect(caps.referencesProvider).toBeTruthy();
    expect(caps.renameProvider).toMatchObject({ prepareProvider: true });
    expect(caps.workspaceSymbolProvider).toBe(true);
    expect(caps.documentSymbolProvider).toBe(true);
    expect(caps.codeLensProvider).toBeTruthy();
  });

  it('finds references in the note, in files never opened and at the glossary entry, skipping ignored files', async () => {
    const locations = await request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf('notes/note.md') },
      position: positionOf(FILES['notes/note.md']!, 'Varnak Volatility'),
      context: { includeDeclaration: true },
    });
    expect(describeLocations(locations)).toEqual([
      'notes/note.md:3:VVM',
      'notes/note.md:3:Varnak Volatility Model',
      'notes/note.md:4:Varnak volatility models',
      'src/model.py:1:varnak_volatility_model',
      'src/model.py:2:Varnak Volatility Model',
      'src/model.py:3:VARNAK_VOLATILITY_MODEL',
      'src/model.ts:1:VarnakVolatilityModel',
      'src/model.ts:2:VarnakVolatilityModel',
      'src/model.ts:2:varnakVolatilityModel',
      'terms.glossary.yaml:2:Varnak Volatility Model',
    ]);
  });

  it('finds the same references from the glossary entry, without the declaration when not asked', async () => {
    const uri = uriOf('terms.glossary.yaml');
    await client.open(uri, 'yaml', FILES['terms.glossary.yaml']);
    const locations = await request<Location[]>('textDocument/references', {
      textDocument: { uri },
      position: positionOf(FILES['terms.glossary.yaml']!, 'made-up'),
      context: { includeDeclaration: false },
    });
    expect(locations).toHaveLength(9);
  });

  it('counts uses in a code lens on each entry of the workspace glossary file', async () => {
    const lenses = await request<{ range: Range; command: { title: string; command: string } }[]>('textDocument/codeLens', {
      textDocument: { uri: uriOf('terms.glossary.yaml') },
    });
    expect(lenses.map((l) => `${l.range.start.line + 1}: ${l.command.title}`)).toEqual(['2: 9 uses in 3 files', '5: no uses in the workspace']);
    // This client did not say it runs termlens.showReferences: the lens is a label.
    expect(lenses.every((l) => l.command.command === '')).toBe(true);
  });

  it('outlines the glossary file: one symbol per concept, its forms as children', async () => {
    const symbols = await request<{ name: string; children?: { name: string }[] }[]>('textDocument/documentSymbol', {
      textDocument: { uri: uriOf('terms.glossary.yaml') },
    });
    // This client has no hierarchical symbols: a flat list, forms named by their concept.
    expect(symbols.map((s) => `${s.name}${'containerName' in s ? ` < ${(s as { containerName: string }).containerName}` : ''}`)).toEqual([
      'Varnak Volatility Model',
      'Varnak Volatility Model < Varnak Volatility Model',
      'VVM < Varnak Volatility Model',
      'Quorvex Spread',
      'Quorvex Spread < Quorvex Spread',
    ]);
  });

  it('lists the concepts as workspace symbols, the workspace glossary first, the bundled one too', async () => {
    const found = await request<{ name: string; containerName: string; location: Location }[]>('workspace/symbol', { query: 'varnak' });
    expect(found[0]).toMatchObject({ name: 'Varnak Volatility Model', containerName: 'terms.glossary.yaml', location: { uri: uriOf('terms.glossary.yaml') } });
    expect(found[0]!.location.range.start).toEqual({ line: 1, character: 10 });
    const heston = await request<{ name: string; containerName: string }[]>('workspace/symbol', { query: 'heston model' });
    expect(heston.some((s) => s.name === 'Heston Model' && s.containerName === 'bundled glossary')).toBe(true);
    const all = await request<{ name: string }[]>('workspace/symbol', { query: '' });
    expect(all.slice(0, 2).map((s) => s.name)).toEqual(['Quorvex Spread', 'Varnak Volatility Model']);
  });

  it('refuses to rename off a term and a term only the bundled glossary defines', async () => {
    const note = FILES['notes/note.md']!;
    await expect(request('textDocument/prepareRename', { textDocument: { uri: uriOf('notes/note.md') }, position: positionOf(note, 'fits') })).rejects.toThrow(
      /put the cursor on a term/,
    );
    await expect(
      request('textDocument/prepareRename', { textDocument: { uri: uriOf('notes/note.md') }, position: positionOf(note, 'Heston') }),
    ).rejects.toThrow(/“Heston Model” is defined in the bundled glossary, not in a workspace glossary file/);
  });

  it('renames the term in the glossary entry, the note, the Python and the TypeScript file in one edit', async () => {
    const note = FILES['notes/note.md']!;
    const position = positionOf(note, 'Varnak Volatility');
    const prepared = await request<{ range: Range; placeholder: string }>('textDocument/prepareRename', {
      textDocument: { uri: uriOf('notes/note.md') },
      position,
    });
    expect(prepared).toEqual({ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 27 } }, placeholder: 'Varnak Volatility Model' });
    const edit = await request<{ changes: Record<string, TextEdit[]> }>('textDocument/rename', {
      textDocument: { uri: uriOf('notes/note.md') },
      position,
      newName: 'Rough Varnak Volatility Model',
    });
    const changed = Object.fromEntries(
      Object.entries(edit.changes).map(([uri, edits]) => {
        const rel = path.relative(workspace, new URL(uri).pathname).split(path.sep).join('/');
        return [rel, applyEdits(read(rel), edits)];
      }),
    );
    expect(Object.keys(changed).sort()).toEqual(['notes/note.md', 'src/model.py', 'src/model.ts', 'terms.glossary.yaml']);
    expect(changed['terms.glossary.yaml']).toBe(
      'concepts:\n  - term: Rough Varnak Volatility Model\n    abbreviations: [VVM]\n    deprecated: [Varnak Volatility Model]\n    definitions: [A made-up model for this test.]\n  - term: Quorvex Spread\n',
    );
    expect(changed['notes/note.md']).toBe(
      '# Models\n\nThe Rough Varnak Volatility Model (VVM) fits well.\nRough Varnak volatility models are new; the Heston Model is old.\n',
    );
    expect(changed['src/model.py']).toBe(
      'def calibrate_rough_varnak_volatility_model():\n    # fit the Rough Varnak Volatility Model\n    return ROUGH_VARNAK_VOLATILITY_MODEL\n',
    );
    expect(changed['src/model.ts']).toBe('export class RoughVarnakVolatilityModel {}\nconst roughVarnakVolatilityModel = new RoughVarnakVolatilityModel();\n');
  });

  it('refuses a new term another concept already uses', async () => {
    await expect(
      request('textDocument/rename', {
        textDocument: { uri: uriOf('notes/note.md') },
        position: positionOf(FILES['notes/note.md']!, 'Varnak Volatility'),
        newName: 'Quorvex Spread',
      }),
    ).rejects.toThrow(/already a form of “Quorvex Spread”/);
  });
});

describe('references in Restricted Mode', () => {
  let outside: string;
  let folder: string;
  beforeAll(() => {
    outside = mkdtempSync(path.join(tmpdir(), 'termlens-nav-outside-'));
    folder = mkdtempSync(path.join(tmpdir(), 'termlens-nav-restricted-'));
    writeFileSync(path.join(outside, 'secret.md'), 'The Varnak Volatility Model, outside the workspace.\n');
    writeFileSync(path.join(folder, 'terms.glossary.yaml'), FILES['terms.glossary.yaml']!);
    writeFileSync(path.join(folder, 'note.md'), 'The Varnak Volatility Model inside.\n');
    symlinkSync(path.join(outside, 'secret.md'), path.join(folder, 'linked.md'));
  });
  afterAll(() => {
    for (const dir of [outside, folder]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [true, ['linked.md', 'note.md']],
    [false, ['note.md']],
  ])('trusted %s: reads a file whose real path is outside the workspace only when trusted', async (trusted, expected) => {
    const server: Client = await startLanguageServer(serverPath, { rootPath: folder, initializationOptions: { workspaceTrusted: trusted } });
    try {
      await server.ready();
      await server.waitFor(
        () => server.statuses.some((s: { files: { layer: string }[] }) => s.files.some((f) => f.layer === 'workspace')),
        'the workspace glossary',
      );
      const uri = pathToFileURL(path.join(folder, 'terms.glossary.yaml')).toString();
      await server.open(uri, 'yaml', FILES['terms.glossary.yaml']);
      const locations: Location[] = await server.connection.sendRequest('textDocument/references', {
        textDocument: { uri },
        position: positionOf(FILES['terms.glossary.yaml']!, 'Varnak'),
        context: { includeDeclaration: false },
      });
      expect([...new Set(locations.map((l) => path.basename(new URL(l.uri).pathname)))].sort()).toEqual(expected);
    } finally {
      await server.stop();
    }
  });
});
