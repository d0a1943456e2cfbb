/**
 * Restricted Mode and symlinks: in an untrusted workspace a glossary file is read only if its REAL
 * path is inside the real path of a workspace folder, for workspace discovery, `glossaryFiles`
 * paths and `glossaryFiles` globs alike (project/glossaryFiles.ts, shared by server and CLI).
 */

import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandGlossaryFileEntries, findWorkspaceGlossaryFiles, isPathInside, isReallyInside } from '../../server/src/node/glossaryFilesOnDisk';

let root: string;
let ws: string;
let outside: string;

const yaml = (term: string) => `concepts:\n  - term: ${term}\n`;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'termlens-trust-unit-'));
  ws = path.join(root, 'ws');
  outside = path.join(root, 'outside');
  mkdirSync(path.join(ws, 'sub'), { recursive: true });
  mkdirSync(path.join(outside, 'dir'), { recursive: true });
  writeFileSync(path.join(ws, 'inside.glossary.yaml'), yaml('Inside'));
  writeFileSync(path.join(ws, 'sub', 'deep.glossary.yaml'), yaml('Deep'));
  writeFileSync(path.join(outside, 'secret.yaml'), yaml('Secret'));
  writeFileSync(path.join(outside, 'dir', 'x.glossary.yaml'), yaml('X'));
  writeFileSync(path.join(outside, 'dir', 'y.glossary.yaml'), yaml('Y'));
  // (a) a glossary-named symlink to a file outside; and one chained through an inside link.
  symlinkSync(path.join(outside, 'secret.yaml'), path.join(ws, 'evil.glossary.yaml'));
  symlinkSync(path.join(ws, 'evil.glossary.yaml'), path.join(ws, 'sub', 'chain.glossary.yaml'));
  // (b), (c) a symlinked folder to outside.
  symlinkSync(path.join(outside, 'dir'), path.join(ws, 'linked'));
  // Links that stay inside, a broken one and a loop.
  symlinkSync(path.join(ws, 'inside.glossary.yaml'), path.join(ws, 'alias.glossary.yaml'));
  symlinkSync(path.join(ws, 'nothing.yaml'), path.join(ws, 'broken.glossary.yaml'));
  symlinkSync('..', path.join(ws, 'sub', 'loop'));
  // The workspace reached through a symlink (as /tmp is on some systems), and a sibling sharing its prefix.
  symlinkSync(ws, path.join(root, 'ws-link'));
  mkdirSync(path.join(root, 'ws2'));
  writeFileSync(path.join(root, 'ws2', 'z.glossary.yaml'), yaml('Z'));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const names = (files: readonly string[]) => files.map((f) => path.relative(ws, f).split(path.sep).join('/'));
const realRoots = () => [realpathSync(ws)];

describe('workspace discovery (findWorkspaceGlossaryFiles)', () => {
  it('untrusted: no file whose real path is outside, through a file link, a chain or a folder link', async () => {
    const logs: string[] = [];
    const files = await findWorkspaceGlossaryFiles(ws, { trusted: false, roots: realRoots(), log: (m) => logs.push(m) });
    expect(names(files)).not.toContain('evil.glossary.yaml');
    expect(names(files)).not.toContain('sub/chain.glossary.yaml');
    expect(names(files).filter((f) => f.includes('linked/'))).toEqual([]);
    expect(names(files)).toEqual(expect.arrayContaining(['inside.glossary.yaml', 'sub/deep.glossary.yaml', 'alias.glossary.yaml']));
    for (const f of files) expect(isPathInside(realpathSync(ws), realpathSync(f))).toBe(true);
    expect(logs.some((l) => l.includes('evil.glossary.yaml') && l.includes('not trusted'))).toBe(true);
  });

  it('trusted: every route is read, as before', async () => {
    const files = names(await findWorkspaceGlossaryFiles(ws, { trusted: true, roots: realRoots() }));
    expect(files).toEqual(
      expect.arrayContaining(['evil.glossary.yaml', 'sub/chain.glossary.yaml', 'linked/x.glossary.yaml', 'linked/y.glossary.yaml', 'inside.glossary.yaml']),
    );
    expect(names(await findWorkspaceGlossaryFiles(ws))).toEqual(files);
  });

  it('untrusted with default roots: the root is resolved, so a workspace reached through a symlink keeps its own files', async () => {
    const viaLink = path.join(root, 'ws-link');
    const files = await findWorkspaceGlossaryFiles(viaLink, { trusted: false });
    const rel = files.map((f) => path.relative(viaLink, f).split(path.sep).join('/'));
    expect(rel).toEqual(expect.arrayContaining(['inside.glossary.yaml', 'sub/deep.glossary.yaml']));
    expect(rel).not.toContain('evil.glossary.yaml');
    expect(rel.filter((f) => f.startsWith('linked/'))).toEqual([]);
  });
});

describe('settings entries (expandGlossaryFileEntries)', () => {
  const entries = () => [
    'inside.glossary.yaml',
    'evil.glossary.yaml',
    'linked/x.glossary.yaml',
    'linked/*.glossary.yaml',
    '../outside/secret.yaml',
    path.join(outside, 'secret.yaml'),
  ];

  it('untrusted: neither a file link, a path through a folder link, nor a glob through it', async () => {
    const logs: string[] = [];
    const files = await expandGlossaryFileEntries(ws, entries(), { trusted: false, roots: realRoots(), log: (m) => logs.push(m) });
    expect(names(files)).toEqual(['inside.glossary.yaml']);
    expect(logs).toHaveLength(4); // evil, linked/x (path and glob), linked/y, and secret.yaml (by ../ and absolute path)
  });

  it('untrusted: each route alone yields nothing', async () => {
    for (const entry of [
      'evil.glossary.yaml',
      'sub/chain.glossary.yaml',
      'linked/x.glossary.yaml',
      'linked/*.glossary.yaml',
      'sub/loop/linked/*.glossary.yaml',
    ]) {
      expect(await expandGlossaryFileEntries(ws, [entry], { trusted: false, roots: realRoots() }), entry).toEqual([]);
    }
  });

  it('trusted: every route is read', async () => {
    const files = names(await expandGlossaryFileEntries(ws, entries(), { trusted: true, roots: realRoots() }));
    expect(files).toEqual(['inside.glossary.yaml', 'evil.glossary.yaml', 'linked/x.glossary.yaml', 'linked/y.glossary.yaml', '../outside/secret.yaml']);
  });

  it('missing paths and broken links: kept when trusted (the caller reports them), left out when not', async () => {
    const missing = ['missing.glossary.yaml', 'broken.glossary.yaml'];
    expect(names(await expandGlossaryFileEntries(ws, missing))).toEqual(missing);
    expect(await expandGlossaryFileEntries(ws, missing, { trusted: false, roots: realRoots() })).toEqual([]);
  });

  it('untrusted: links that stay inside are kept, and a sibling folder sharing the prefix is outside', async () => {
    const files = await expandGlossaryFileEntries(ws, ['alias.glossary.yaml', '../ws2/z.glossary.yaml'], { trusted: false, roots: realRoots() });
    expect(names(files)).toEqual(['alias.glossary.yaml']);
  });

  it('untrusted: several workspace folders count as inside, compared by real path', async () => {
    const roots = [realpathSync(ws), realpathSync(path.join(root, 'ws2'))];
    const files = await expandGlossaryFileEntries(path.join(root, 'ws-link'), ['inside.glossary.yaml', '../ws2/z.glossary.yaml', 'linked/x.glossary.yaml'], {
      trusted: false,
      roots,
    });
    expect(files.map((f) => path.basename(f))).toEqual(['inside.glossary.yaml', 'z.glossary.yaml']);
  });

  it('uses an injected realpath', async () => {
    const files = await expandGlossaryFileEntries(ws, ['inside.glossary.yaml'], {
      trusted: false,
      roots: ['/elsewhere'],
      realpath: async (p) => `/elsewhere/${path.basename(p)}`,
    });
    expect(names(files)).toEqual(['inside.glossary.yaml']);
  });
});

describe('helpers', () => {
  it('isPathInside is separator-aware', () => {
    expect(isPathInside('/ws', '/ws')).toBe(true);
    expect(isPathInside('/ws', '/ws/a')).toBe(true);
    expect(isPathInside('/ws', '/ws2/a')).toBe(false);
    expect(isPathInside('/', '/a')).toBe(true);
  });

  it('isReallyInside resolves links and rejects what cannot be resolved', async () => {
    expect(await isReallyInside(path.join(ws, 'alias.glossary.yaml'), realRoots())).toBe(true);
    expect(await isReallyInside(path.join(ws, 'evil.glossary.yaml'), realRoots())).toBe(false);
    expect(await isReallyInside(path.join(ws, 'broken.glossary.yaml'), realRoots())).toBe(false);
    expect(await isReallyInside(path.join(root, 'ws-link', 'inside.glossary.yaml'), realRoots())).toBe(true);
  });
});
