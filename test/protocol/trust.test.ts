/**
 * Restricted Mode and symlinks over stdio: the built server (`dist/server.js`, run
 * `node scripts/build.mjs` first) in an untrusted workspace whose glossaries reach outside only
 * through symlinks (a `*.glossary.yaml` file link, a `glossaryFiles` path through a folder link,
 * a `glossaryFiles` glob through one) serves none of them until the workspace is trusted.
 */

import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript helper shared with `npm run demo`; typed loosely below.
import { startLanguageServer } from '../../scripts/lsp-client.mjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Client = any;

const repo = path.resolve(__dirname, '..', '..');
const serverPath = path.join(repo, 'dist', 'server.js');
const fixture = path.join(repo, 'test', 'fixtures', 'workspace');

const glossaryYaml = (term: string) => `concepts:\n  - term: ${term}\n    definitions: [A test definition of ${term}.]\n`;
const TERMS = { inside: 'Quokka Inside Term', file: 'Wombat Linked File Term', path: 'Numbat Linked Path Term', glob: 'Bilby Linked Glob Term' };
const NOTE = `# Note\n\nWe use ${TERMS.inside} here.\n\nWe use ${TERMS.file} here.\n\nWe use ${TERMS.path} here.\n\nWe use ${TERMS.glob} here.\n`;

/** A workspace (reached through a symlinked folder itself) whose only routes to the outside terms are symlinks. */
function makeTree(): { root: string; ws: string } {
  const root = mkdtempSync(path.join(tmpdir(), 'termlens-trust-links-'));
  const real = path.join(root, 'real-ws');
  const ws = path.join(root, 'ws');
  cpSync(fixture, real, { recursive: true });
  symlinkSync(real, ws);
  mkdirSync(path.join(root, 'outside', 'paths'), { recursive: true });
  mkdirSync(path.join(root, 'outside', 'globs'), { recursive: true });
  writeFileSync(path.join(real, 'inside.glossary.yaml'), glossaryYaml(TERMS.inside));
  // (a) a glossary-named file link to a file outside (named so that nothing else picks it up).
  writeFileSync(path.join(root, 'outside', 'file.yaml'), glossaryYaml(TERMS.file));
  symlinkSync(path.join(root, 'outside', 'file.yaml'), path.join(real, 'evil.glossary.yaml'));
  // (b) a settings path and (c) a settings glob through folder links (files not named *.glossary.*, so discovery never sees them).
  writeFileSync(path.join(root, 'outside', 'paths', 'p.yaml'), glossaryYaml(TERMS.path));
  writeFileSync(path.join(root, 'outside', 'globs', 'g.yaml'), glossaryYaml(TERMS.glob));
  symlinkSync(path.join(root, 'outside', 'paths'), path.join(real, 'linkp'));
  symlinkSync(path.join(root, 'outside', 'globs'), path.join(real, 'linkg'));
  writeFileSync(path.join(real, 'notes', 'trust.md'), NOTE);
  return { root, ws };
}

async function start(trusted: boolean): Promise<{ client: Client; ws: string; cleanup: () => Promise<void> }> {
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `node scripts/build.mjs` first');
  const { root, ws } = makeTree();
  const client = await startLanguageServer(serverPath, {
    rootPath: ws,
    initializationOptions: { workspaceTrusted: trusted },
    settings: { glossaryFiles: ['linkp/p.yaml', 'linkg/*.yaml'] },
  });
  await client.ready();
  return { client, ws, cleanup: async () => (await client.stop(), rmSync(root, { recursive: true, force: true })) };
}

/** The hover text of each term in the note, by key (empty when nothing hovers). */
async function hovers(client: Client, ws: string): Promise<Record<keyof typeof TERMS, string>> {
  const uri = pathToFileURL(path.join(ws, 'notes', 'trust.md')).toString();
  const out = {} as Record<keyof typeof TERMS, string>;
  for (const [key, term] of Object.entries(TERMS) as Array<[keyof typeof TERMS, string]>) {
    const offset = NOTE.indexOf(term) + 2;
    const before = NOTE.slice(0, offset).split('\n');
    const hover = await client.hover(uri, { line: before.length - 1, character: before[before.length - 1]!.length });
    out[key] = hover?.contents?.value ?? '';
  }
  return out;
}

const served = (c: Client) => (c.statuses[c.statuses.length - 1].files as Array<{ uri: string }>).map((f) => path.basename(f.uri));

describe('Restricted Mode follows symlinks to their real paths', () => {
  it('an untrusted workspace serves none of the three symlink routes, even an open glossary editor; all once trusted', async () => {
    const { client, ws, cleanup } = await start(false);
    try {
      await client.open(pathToFileURL(path.join(ws, 'notes', 'trust.md')).toString(), 'markdown', NOTE);
      const before = await hovers(client, ws);
      expect(before.inside).toContain(TERMS.inside);
      expect(before.file).toBe('');
      expect(before.path).toBe('');
      expect(before.glob).toBe('');
      expect(served(client)).not.toEqual(expect.arrayContaining(['evil.glossary.yaml']));
      expect(served(client)).not.toContain('p.yaml');
      expect(served(client)).not.toContain('g.yaml');

      // The linked glossary opened and edited in the editor is not served either (its real path is outside).
      const evilUri = pathToFileURL(path.join(ws, 'evil.glossary.yaml')).toString();
      const evilText = readFileSync(path.join(ws, 'evil.glossary.yaml'), 'utf8');
      await client.open(evilUri, 'yaml', evilText);
      await client.change(evilUri, evilText + '\n');
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect((await hovers(client, ws)).file).toBe('');

      const statuses = client.statuses.length;
      await client.connection.sendNotification('termlens/workspaceTrust', { trusted: true });
      await client.waitFor(() => client.statuses.length > statuses && served(client).includes('g.yaml'), 'a status after trust');
      const after = await hovers(client, ws);
      expect(after.file).toContain(TERMS.file);
      expect(after.path).toContain(TERMS.path);
      expect(after.glob).toContain(TERMS.glob);
    } finally {
      await cleanup();
    }
  });

  it('a trusted workspace serves all three routes from the start', async () => {
    const { client, ws, cleanup } = await start(true);
    try {
      await client.open(pathToFileURL(path.join(ws, 'notes', 'trust.md')).toString(), 'markdown', NOTE);
      const h = await hovers(client, ws);
      expect(h.inside).toContain(TERMS.inside);
      expect(h.file).toContain(TERMS.file);
      expect(h.path).toContain(TERMS.path);
      expect(h.glob).toContain(TERMS.glob);
    } finally {
      await cleanup();
    }
  });
});
