/**
 * Fuzzing Restricted Mode against symlinks: seeded small trees (a workspace and an outside folder)
 * with random links — to files and folders inside and outside, relative and absolute, chains,
 * loops, self links and broken links — and random `glossaryFiles` entries (paths and globs).
 * Untrusted, every file returned has its real path inside the workspace's real path; trusted
 * returns a superset; nothing throws and nothing hangs on link loops.
 */

import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/lib/generate.mjs';
import { expandGlossaryFileEntries, findWorkspaceGlossaryFiles, isPathInside } from '../../server/src/node/glossaryFilesOnDisk';

const SEEDS = 80;
const BUDGET_MS = 4000;
const CALL_TIMEOUT_MS = 5000;

const base = mkdtempSync(path.join(tmpdir(), 'termlens-trust-fuzz-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Tree {
  /** The folder handed to the functions (maybe a link to the workspace). */
  readonly root: string;
  /** The workspace's real path. */
  readonly realWs: string;
  readonly entries: string[];
  readonly description: string[];
}

/** Builds one random tree under `base/<seed>`. */
function makeTree(seed: number): Tree {
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const top = path.join(base, String(seed));
  const ws = path.join(top, 'ws');
  const out = path.join(top, 'out');
  const description: string[] = [];
  const dirs: string[] = [ws, out];
  for (let i = 0; i < 2 + int(4); i++) {
    const dir = path.join(pick(dirs), `d${i}`);
    mkdirSync(dir, { recursive: true });
    dirs.push(dir);
  }
  mkdirSync(ws, { recursive: true });
  mkdirSync(out, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < 2 + int(5); i++) {
    const file = path.join(pick(dirs), pick([`f${i}.glossary.yaml`, `f${i}.glossary.json`, `f${i}.yaml`]));
    writeFileSync(file, `concepts:\n  - term: T${i}\n`);
    files.push(file);
  }
  const links: string[] = [];
  for (let i = 0; i < 1 + int(6); i++) {
    const at = path.join(pick(dirs), pick([`l${i}.glossary.yaml`, `l${i}`, `l${i}.glossary.json`]));
    const kind = pick(['file', 'dir', 'chain', 'ancestor', 'self', 'broken', 'top'] as const);
    let target: string;
    if (kind === 'file') target = pick(files);
    else if (kind === 'dir') target = pick(dirs);
    else if (kind === 'chain') target = links.length > 0 ? pick(links) : path.join(out, 'later');
    else if (kind === 'ancestor') target = path.dirname(path.dirname(at));
    else if (kind === 'self') target = at;
    else if (kind === 'top') target = top;
    else target = path.join(pick(dirs), `missing${i}.glossary.yaml`);
    const relative = random() < 0.5;
    try {
      symlinkSync(relative ? path.relative(path.dirname(at), target) || '.' : target, at);
      links.push(at);
      description.push(`${path.relative(top, at)} -> ${path.relative(top, target) || '.'} (${kind}${relative ? ', relative' : ''})`);
    } catch {
      // The name is taken: skip this link.
    }
  }
  // Sometimes a link closes a cycle through `out/later`, created only now.
  if (random() < 0.3) {
    try {
      symlinkSync(pick(links.length > 0 ? links : [ws]), path.join(out, 'later'));
      description.push('out/later -> a link');
    } catch {
      // Already there.
    }
  }
  let root = ws;
  if (random() < 0.3) {
    root = path.join(top, 'ws-link');
    symlinkSync(ws, root);
    description.push('root is ws-link -> ws');
  }
  const rel = (p: string) => path.relative(ws, p).split(path.sep).join('/') || '.';
  const entries: string[] = [];
  const candidates = [...files, ...links, ...dirs];
  for (let i = 0; i < int(6); i++) {
    const target = pick(candidates);
    const form = pick(['relative', 'absolute', 'glob-dir', 'glob-deep', 'glob-all'] as const);
    if (form === 'relative') entries.push(rel(target));
    else if (form === 'absolute') entries.push(target);
    else if (form === 'glob-dir') entries.push(`${rel(path.dirname(target))}/*.{yaml,json}`);
    else if (form === 'glob-deep') entries.push(`${rel(path.dirname(target))}/**/*.glossary.yaml`);
    else entries.push('**/*.yaml');
  }
  description.push(`entries: ${JSON.stringify(entries)}`);
  return { root, realWs: realpathSync(ws), entries, description };
}

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** Rejects when `promise` takes longer than {@link CALL_TIMEOUT_MS} (a link loop followed forever). */
function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not finish`)), CALL_TIMEOUT_MS)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

describe('Restricted Mode against random symlink trees', () => {
  it(`untrusted results stay inside by real path, trusted ones are a superset (${SEEDS} seeds, bounded)`, async () => {
    const started = Date.now();
    let runs = 0;
    /** Calls where Restricted Mode left something out: the generator does reach outside. */
    let restricted = 0;
    for (let seed = 1; seed <= SEEDS && Date.now() - started < BUDGET_MS; seed++) {
      const tree = makeTree(seed);
      const context = `seed ${seed}:\n  ${tree.description.join('\n  ')}`;
      const roots = [tree.realWs];
      const calls: Array<[string, (trusted: boolean) => Promise<string[]>]> = [
        ['findWorkspaceGlossaryFiles', (trusted) => findWorkspaceGlossaryFiles(tree.root, { trusted, roots })],
        ['expandGlossaryFileEntries', (trusted) => expandGlossaryFileEntries(tree.root, tree.entries, { trusted, roots })],
        // Default roots: the functions resolve the root themselves.
        ['expandGlossaryFileEntries (default roots)', (trusted) => expandGlossaryFileEntries(tree.root, tree.entries, { trusted })],
      ];
      for (const [name, call] of calls) {
        let trustedFiles: string[];
        let untrustedFiles: string[];
        try {
          trustedFiles = await bounded(call(true), `${name} trusted`);
          untrustedFiles = await bounded(call(false), `${name} untrusted`);
        } catch (e) {
          throw new Error(`${name} failed: ${String(e)}\n${context}`);
        }
        for (const file of untrustedFiles) {
          const real = realOrUndefined(file);
          expect(real !== undefined && isPathInside(tree.realWs, real), `${name}: ${file} (real ${real}) is outside\n${context}`).toBe(true);
        }
        expect(new Set(untrustedFiles).size, `${name}: repeats\n${context}`).toBe(untrustedFiles.length);
        for (const file of untrustedFiles) expect(trustedFiles, `${name}: trusted lacks ${file}\n${context}`).toContain(file);
        // Nothing inside is lost either: untrusted is exactly the trusted files whose real path is inside.
        const expected = trustedFiles.filter((f) => {
          const real = realOrUndefined(f);
          return real !== undefined && isPathInside(tree.realWs, real);
        });
        expect(untrustedFiles, `${name}\n${context}`).toEqual(expected);
        if (untrustedFiles.length < trustedFiles.length) restricted++;
      }
      runs++;
    }
    expect(runs).toBeGreaterThanOrEqual(20);
    expect(restricted).toBeGreaterThanOrEqual(runs / 4);
  }, 30000);
});
