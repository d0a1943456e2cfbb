/**
 * The server stays responsive and in sync on hostile input, over stdio (`dist/server.js`, run
 * `npm run build` first): Markdown on which remark is superlinear is parsed on a worker with a
 * time budget, and a `didChange` batch with a malformed change is refused whole.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
// @ts-expect-error -- plain JavaScript helper shared with `npm run demo`; typed loosely below.
import { startLanguageServer } from '../../scripts/lsp-client.mjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Client = any;

const serverPath = path.resolve(__dirname, '..', '..', 'dist', 'server.js');
let client: Client;

beforeAll(async () => {
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `npm run build` first');
  client = await startLanguageServer(serverPath, {});
  await client.ready();
});

afterAll(async () => {
  await client?.stop();
});

const hoverText = (h: { contents: { value: string } } | null): string => h?.contents.value ?? '';

describe('responsiveness on pathological Markdown', () => {
  it('with a 100 KB line of *…a…* open, a hover in another document answers, and the block is reported skipped', async () => {
    const stars = '*'.repeat(50_000) + 'a' + '*'.repeat(50_000);
    const slowUri = 'file:///robust/stars.md';
    await client.open(slowUri, 'markdown', `${stars}\n\nThe Hesten Model is misspelled after it.\n`);
    await client.open('file:///robust/other.md', 'markdown', 'The Heston Model is a stochastic volatility model.\n');
    const started = performance.now();
    const hover = await client.hover('file:///robust/other.md', { line: 0, character: 6 });
    const elapsed = performance.now() - started;
    expect(hoverText(hover)).toContain('Heston Model');
    // Unbounded, remark takes minutes on this line; with the 250 ms budget the answer takes well under a second here.
    expect(elapsed).toBeLessThan(10_000);
    const diagnostics: { code: string; range: { start: { line: number } } }[] = await client.diagnosticsFor(slowUri);
    expect(diagnostics.map((d) => `${d.code}@${d.range.start.line}`).sort()).toEqual(['document.skipped@0', 'term.misspelled@2']);
  });

  it('nested lists of 460 KB are read by the fast path, down to the deepest item, without holding up a hover elsewhere', async () => {
    let nested = '';
    for (let d = 0; nested.length < 460_000; d++) nested += '  '.repeat(d) + '- a\n';
    const depth = nested.split('\n').length - 1;
    nested += '  '.repeat(depth) + '- The Hesten Model at the bottom.\n';
    await client.open('file:///robust/nested.md', 'markdown', nested);
    const hover = await client.hover('file:///robust/other.md', { line: 0, character: 6 });
    expect(hoverText(hover)).toContain('Heston Model');
    const diagnostics: { code: string; range: { start: { line: number } } }[] = await client.diagnosticsFor('file:///robust/nested.md');
    expect(diagnostics.map((d) => `${d.code}@${d.range.start.line}`)).toEqual([`term.misspelled@${depth}`]);
  });
});

describe('didChange is applied all or nothing', () => {
  it('a batch whose second change is malformed changes nothing; the next valid edit applies to the old text', async () => {
    const uri = 'file:///robust/sync.md';
    await client.open(uri, 'markdown', 'Heston Model here.\n');
    const start = { line: 0, character: 0 };
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [
        { range: { start, end: start }, text: 'XXXXXXXXXX ' },
        { range: { start: { line: 'zero' }, end: start }, text: 42 },
      ],
    });
    // Version 3, as a client that saw its version 2 refused would resend: an insertion at the start.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start, end: start }, text: 'The Hesten Model and ' }],
    });
    const hover = await client.hover(uri, { line: 0, character: 'The Hesten Model and '.length + 2 });
    expect(hoverText(hover)).toContain('Heston Model');
    await client.waitFor(() => client.diagnosticVersions.get(uri) === 3, 'diagnostics of version 3');
    const diagnostics: { code: string; range: { start: { character: number } } }[] = client.diagnostics.get(uri);
    expect(diagnostics.map((d) => `${d.code}@${d.range.start.character}`)).toEqual(['term.misspelled@4']);
    expect(client.stderr + client.logs.join('\n')).toMatch(/change 2 of 2 is malformed/);
  });
});

describe('one concept with 64,000 aliases', () => {
  it('a note that mentions it gets its diagnostics, and a hover in another document answers', { timeout: 60_000 }, async () => {
    const workspace = mkdtempSync(path.join(tmpdir(), 'termlens-aliases-'));
    const aliases = Array.from({ length: 64_000 }, (_, i) => `Zorbl Alias ${i.toString(36)}`);
    const glossary = { concepts: [{ term: 'Zorbl Rate', aliases, definitions: ['A made-up rate with very many aliases.'] }] };
    writeFileSync(path.join(workspace, 'many.glossary.json'), JSON.stringify(glossary));
    const big: Client = await startLanguageServer(serverPath, { rootPath: workspace });
    try {
      await big.ready();
      await big.waitFor(() => big.statuses.some((st: { termCount?: number }) => (st.termCount ?? 0) > 64_000), 'the 64,000 aliases loaded', 30_000);
      const noteUri = path.join(workspace, 'note.md');
      const uri = `file://${noteUri}`;
      const mentions = aliases.slice(0, 400).join(', ');
      await big.open(uri, 'markdown', `The Zorbl Rate, also ${mentions}, and the Zorbl Rate again.\n`);
      await big.open(`file://${path.join(workspace, 'other.md')}`, 'markdown', 'The Heston Model is a stochastic volatility model.\n');
      const hover = await big.hover(`file://${path.join(workspace, 'other.md')}`, { line: 0, character: 6 });
      expect(hoverText(hover)).toContain('Heston Model');
      const own = await big.hover(uri, { line: 0, character: 6 });
      expect(hoverText(own)).toContain('Zorbl Rate');
      expect(hoverText(own).length).toBeLessThan(5_000);
      const diagnostics: { code: string }[] = await big.diagnosticsFor(uri);
      expect(diagnostics.some((d) => d.code === 'term.inconsistent')).toBe(true);
    } finally {
      await big.stop();
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});
