/**
 * Folder-scoped glossaries over stdio: the built server (`dist/server.js`, run `npm run build`
 * first) in a workspace whose two folders define one abbreviation differently. Each folder's
 * notes hover and get diagnostics with their own definition, as `termlens lint` gives them.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript helper shared with `npm run demo`; typed loosely below.
import { startLanguageServer } from '../../scripts/lsp-client.mjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Client = any;

const root = path.resolve(__dirname, '..', '..');
const serverPath = path.join(root, 'dist', 'server.js');
const cliPath = path.join(root, 'dist', 'cli.js');

const FILES: Record<string, string> = {
  'rates/rates.glossary.yaml':
    'concepts:\n  - term: Zorblax Basis Exchange\n    abbreviations: [ZBX]\n    definitions: ["Rates desk: two floating legs swapped."]\n',
  'fx/glossary/fx.glossary.yaml':
    'concepts:\n  - term: Zorblax FX Swap\n    deprecated: [{ form: ZBX, reason: Write the name out. }]\n    definitions: ["FX desk: a spot and a forward in one ticket."]\n',
  'rates/note.md': 'We booked a ZBX today, and a Zorblax Basis Exchnage.\n',
  'fx/note.md': 'We booked a ZBX today, and a Zorblax Basis Exchnage.\n',
};

let workspace: string;
let client: Client;
const uriOf = (rel: string) => pathToFileURL(path.join(workspace, rel)).toString();
/** A hover's Markdown with backslash escapes removed: what the reader sees. */
const hoverText = (hover: { contents: { value: string } } | null): string => (hover?.contents.value ?? '').replace(/\\([!-/:-@[-`{-~])/g, '$1');

beforeAll(async () => {
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `npm run build` first');
  workspace = mkdtempSync(path.join(tmpdir(), 'termlens-contexts-'));
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(workspace, rel)), { recursive: true });
    writeFileSync(path.join(workspace, rel), text);
  }
  client = await startLanguageServer(serverPath, { rootPath: workspace });
  await client.ready();
});

afterAll(async () => {
  await client?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
});

describe('two folders, two glossaries, over stdio', () => {
  it("hovers each folder's own definition, named by its folder", async () => {
    await client.open(uriOf('rates/note.md'), 'markdown', FILES['rates/note.md']);
    await client.open(uriOf('fx/note.md'), 'markdown', FILES['fx/note.md']);
    const rates = hoverText(await client.hover(uriOf('rates/note.md'), { line: 0, character: 13 }));
    const fx = hoverText(await client.hover(uriOf('fx/note.md'), { line: 0, character: 13 }));
    expect(rates).toMatch(/^\*\*Zorblax Basis Exchange\*\* · \*term\* · \*rates\/ glossary\*\n\nRates desk: two floating legs swapped\./);
    expect(rates).not.toContain('FX desk');
    expect(fx).toMatch(/^\*\*Zorblax FX Swap\*\* · \*term\* · \*fx\/ glossary\*/);
    expect(fx).toContain('"ZBX" is deprecated: Write the name out.');
    expect(fx).not.toContain('Rates desk');
  });

  it("publishes each folder's own diagnostics, as termlens lint reports them", async () => {
    const codes = async (rel: string) => ((await client.diagnosticsFor(uriOf(rel))) as { code: string }[]).map((d) => d.code);
    expect(await codes('rates/note.md')).toEqual(['term.misspelled']);
    expect(await codes('fx/note.md')).toEqual(['term.deprecated']);
    const run = spawnSync(process.execPath, [cliPath, 'lint', '--format', 'json', '--no-progress'], { cwd: workspace, encoding: 'utf8' });
    const files = JSON.parse(run.stdout) as { filePath: string; messages: { code: string }[] }[];
    expect(files.map((f) => [f.filePath, f.messages.map((m) => m.code)])).toEqual([
      ['fx/note.md', ['term.deprecated']],
      ['rates/note.md', ['term.misspelled']],
    ]);
  });
});
