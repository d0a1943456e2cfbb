/**
 * Random protocol sequences against the built server (`dist/server.js`): seeded opens, incremental
 * and whole edits (some batches malformed on purpose), closes, and hover, completion, definition
 * and code action requests at random (sometimes out-of-range) positions. The client's copy of each
 * document is kept with vscode-languageserver-textdocument, the reference implementation of the
 * sync, with a malformed batch refused whole. At each checkpoint every open document is opened
 * again under a fresh URI, and its diagnostics and hovers must equal the edited document's.
 */

import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/lib/generate.mjs';
// @ts-expect-error -- plain JavaScript helper shared with `npm run demo`; typed loosely below.
import { startLanguageServer } from '../../scripts/lsp-client.mjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Client = any;
interface Diag {
  code: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
}

const serverPath = path.resolve(__dirname, '..', '..', 'dist', 'server.js');
const PIECES = [
  'The Heston Model ',
  'Hesten Model ',
  'implied volatility ',
  'Black-Scholes-Merton Model (BSM) ',
  'BSM ',
  'CLOB ',
  'Central Limit Order Book (CLOB) ',
  'black scholes ',
  '**',
  '*',
  '_',
  '`',
  '\n\n',
  '\n',
  '- ',
  '# ',
  '> ',
  '```\n',
  '<!-- termlens-disable-line -->',
  'é',
  '😀',
  '\r\n',
  '[a](https://x.org) ',
  '$x$ ',
  '| a | b |\n|---|---|\n',
  'word ',
];
const SEEDS = [101, 202, 303];
const OPS = 140;

function piece(random: () => number, count = 1 + Math.floor(random() * 4)): string {
  let s = '';
  for (let i = 0; i < count; i++) s += PIECES[Math.floor(random() * PIECES.length)];
  return s;
}

/** A position in `doc` at a random offset, never inside a CRLF pair. */
function randomPosition(doc: TextDocument, random: () => number): { line: number; character: number } {
  const text = doc.getText();
  let offset = Math.floor(random() * (text.length + 1));
  if (offset > 0 && text[offset - 1] === '\r' && text[offset] === '\n') offset--;
  return doc.positionAt(offset);
}

/** Diagnostics as comparable strings. */
const shape = (ds: readonly Diag[]) =>
  ds.map((d) => `${d.code} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`).sort();

async function diagnosticsOf(client: Client, uri: string, version: number): Promise<Diag[]> {
  await client.waitFor(() => client.diagnosticVersions.get(uri) === version && client.diagnostics.has(uri), `diagnostics of ${uri} v${version}`, 15_000);
  return client.diagnostics.get(uri);
}

describe('random protocol sequences', () => {
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `npm run build` first');

  for (const seed of SEEDS) {
    it(`seed ${seed}: the server answers every request and agrees with a fresh open of the same text`, { timeout: 90_000 }, async () => {
      const random = mulberry32(seed);
      const client: Client = await startLanguageServer(serverPath, { settings: {} });
      try {
        await client.ready();
        const docs = new Map<string, TextDocument>();
        let fresh = 0;
        const checkpoint = async () => {
          for (const [uri, doc] of docs) {
            const edited = await diagnosticsOf(client, uri, doc.version);
            const freshUri = `file:///fresh/${seed}-${fresh++}.md`;
            client.diagnosticVersions.delete(freshUri);
            await client.open(freshUri, 'markdown', doc.getText());
            const opened = await diagnosticsOf(client, freshUri, 1);
            expect(shape(edited), `seed ${seed}, ${uri} v${doc.version}:\n${JSON.stringify(doc.getText())}`).toEqual(shape(opened));
            for (let k = 0; k < 3; k++) {
              const at = randomPosition(doc, random);
              const [a, b] = await Promise.all([client.hover(uri, at), client.hover(freshUri, at)]);
              expect(a?.contents, `hover at ${JSON.stringify(at)}`).toEqual(b?.contents);
            }
            await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: freshUri } });
          }
        };

        for (let op = 0; op < OPS; op++) {
          const r = random();
          const uris = [...docs.keys()];
          const uri = uris[Math.floor(random() * uris.length)];
          const doc = uri ? docs.get(uri)! : undefined;
          if (!doc || r < 0.08) {
            const newUri = `file:///fuzz/${seed}/doc${op}.md`;
            const text = piece(random, 5 + Math.floor(random() * 20));
            docs.set(newUri, TextDocument.create(newUri, 'markdown', 1, text));
            await client.open(newUri, 'markdown', text);
          } else if (r < 0.5) {
            const changes = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
              const a = randomPosition(doc, random);
              const b = random() < 0.5 ? a : randomPosition(doc, random);
              const [start, end] = doc.offsetAt(a) <= doc.offsetAt(b) ? [a, b] : [b, a];
              return { range: { start, end }, text: random() < 0.3 ? '' : piece(random) };
            });
            // Each change applies to the text left by the one before, as LSP orders them.
            const model = TextDocument.create(doc.uri, 'markdown', doc.version, doc.getText());
            for (const c of changes) TextDocument.update(model, [c], doc.version);
            const version = doc.version + 1;
            TextDocument.update(doc, changes, version);
            await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: doc.uri, version }, contentChanges: changes });
          } else if (r < 0.56) {
            // A malformed batch: a valid change, then one the protocol does not allow. Nothing may change.
            const at = randomPosition(doc, random);
            const bad = [{ text: 7 }, { range: { start: at }, text: 'x' }, { range: { start: { line: -1, character: 'a' }, end: at }, text: 'x' }, null][
              Math.floor(random() * 4)
            ];
            await client.connection.sendNotification('textDocument/didChange', {
              textDocument: { uri: doc.uri, version: doc.version + 1 },
              contentChanges: [{ range: { start: at, end: at }, text: 'Hesten Model ' }, bad],
            });
          } else if (r < 0.62) {
            const text = piece(random, 3 + Math.floor(random() * 10));
            TextDocument.update(doc, [{ text }], doc.version + 1);
            await client.connection.sendNotification('textDocument/didChange', {
              textDocument: { uri: doc.uri, version: doc.version },
              contentChanges: [{ text }],
            });
          } else if (r < 0.66) {
            docs.delete(doc.uri);
            await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
          } else {
            // A request, sometimes at a position past the end of the document.
            const at = random() < 0.15 ? { line: doc.lineCount + 3, character: 9 } : randomPosition(doc, random);
            const kind = Math.floor(random() * 4);
            const result =
              kind === 0
                ? client.hover(doc.uri, at)
                : kind === 1
                  ? client.completion(doc.uri, at)
                  : kind === 2
                    ? client.connection.sendRequest('textDocument/definition', { textDocument: { uri: doc.uri }, position: at })
                    : client.codeActions(doc.uri, { start: at, end: at }, []);
            await expect(result).resolves.not.toThrow();
          }
          if (op % 35 === 34) await checkpoint();
        }
        await checkpoint();
        expect(client.stderr).not.toMatch(/Unhandled|TypeError|RangeError/);
      } finally {
        await client.stop();
      }
    });
  }
});
