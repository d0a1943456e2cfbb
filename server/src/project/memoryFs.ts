/**
 * A {@link ProjectFileSystem} in memory, for tests: files, folders and symlinks (absolute or
 * relative targets, chains, loops, broken links), posix paths only. `realpath` resolves links
 * component by component as `realpath(3)` does; `glob` walks folders following links (each real
 * folder at most once per branch, so loops end) and matches with picomatch.
 */

import * as path from 'node:path';
import picomatch from 'picomatch';
import type { FileStat, GlobOptions, ProjectFileSystem } from './fileSystem';

const posix = path.posix;
/** Symlinks followed in one resolution before it fails, as `ELOOP` (40, Linux's limit). */
const MAX_LINKS = 40;

type Entry = { readonly kind: 'file'; text: string } | { readonly kind: 'dir' } | { readonly kind: 'link'; readonly target: string };

function fsError(code: string, p: string): Error {
  return Object.assign(new Error(`${code}: ${p}`), { code });
}

/** An in-memory file tree. Every path given is absolute; parents of written files are created. */
export class InMemoryFileSystem implements ProjectFileSystem {
  private readonly entries = new Map<string, Entry>([['/', { kind: 'dir' }]]);

  /** A tree with `files` (path → text) written. */
  constructor(files: Readonly<Record<string, string>> = {}) {
    for (const [p, text] of Object.entries(files)) this.writeFile(p, text);
  }

  /** Writes (or replaces) a file; its folders are created. */
  writeFile(p: string, text: string): this {
    const file = posix.resolve(p);
    this.mkdir(posix.dirname(file));
    this.entries.set(file, { kind: 'file', text });
    return this;
  }

  /** Creates a folder and its parents. */
  mkdir(p: string): this {
    const dir = posix.resolve(p);
    if (dir !== '/') this.mkdir(posix.dirname(dir));
    if (!this.entries.has(dir)) this.entries.set(dir, { kind: 'dir' });
    return this;
  }

  /** Creates a symlink at `p` pointing at `target` (absolute, or relative to the link's folder); it may dangle. */
  symlink(target: string, p: string): this {
    const link = posix.resolve(p);
    this.mkdir(posix.dirname(link));
    this.entries.set(link, { kind: 'link', target });
    return this;
  }

  /** Removes a file, link or folder (with everything under it). */
  delete(p: string): this {
    const target = posix.resolve(p);
    for (const key of [...this.entries.keys()]) if (key === target || key.startsWith(target + '/')) this.entries.delete(key);
    return this;
  }

  async readFile(p: string): Promise<string | undefined> {
    const entry = this.resolved(p);
    return entry?.entry.kind === 'file' ? entry.entry.text : undefined;
  }

  async stat(p: string): Promise<FileStat | undefined> {
    const entry = this.resolved(p)?.entry;
    if (!entry) return undefined;
    return { isFile: entry.kind === 'file', isDirectory: entry.kind === 'dir', size: entry.kind === 'file' ? Buffer.byteLength(entry.text) : 0 };
  }

  async realpath(p: string): Promise<string> {
    return this.real(p);
  }

  async glob(pattern: string, options: GlobOptions = {}): Promise<string[]> {
    const cwd = posix.resolve(options.cwd ?? '/');
    const absolute = posix.isAbsolute(pattern) ? pattern : posix.join(cwd, pattern);
    const scan = picomatch.scan(absolute);
    const base = scan.isGlob ? scan.base || '/' : posix.dirname(absolute);
    const matches = picomatch(absolute, { dot: options.dot ?? false });
    const ignored = (options.ignore ?? []).length > 0 ? picomatch([...(options.ignore ?? [])], { dot: true }) : () => false;
    const isIgnored = (p: string): boolean => ignored(posix.relative(cwd, p)) || ignored(posix.relative(base, p));
    const out: string[] = [];
    const walk = (dir: string, stack: ReadonlySet<string>, depth: number): void => {
      if (depth > 64) return;
      let real: string;
      try {
        real = this.real(dir);
      } catch {
        return;
      }
      if (stack.has(real)) return;
      const inner = new Set(stack).add(real);
      for (const name of this.children(real)) {
        if (!options.dot && name.startsWith('.')) continue;
        const child = posix.join(dir, name);
        if (isIgnored(child)) continue;
        const entry = this.resolved(child)?.entry;
        if (entry?.kind === 'file' && matches(child)) out.push(child);
        else if (entry?.kind === 'dir' && !isIgnored(child + '/x')) walk(child, inner, depth + 1);
      }
    };
    if (!scan.isGlob) return (await this.stat(absolute))?.isFile ? [absolute] : [];
    walk(base, new Set(), 0);
    return out;
  }

  /** The names directly inside real folder `dir`. */
  private children(dir: string): string[] {
    const prefix = dir === '/' ? '/' : dir + '/';
    const out: string[] = [];
    for (const key of this.entries.keys()) {
      if (key !== dir && key.startsWith(prefix) && !key.slice(prefix.length).includes('/')) out.push(key.slice(prefix.length));
    }
    return out.sort();
  }

  private resolved(p: string): { real: string; entry: Entry } | undefined {
    try {
      const real = this.real(p);
      const entry = this.entries.get(real);
      return entry ? { real, entry } : undefined;
    } catch {
      return undefined;
    }
  }

  /** `realpath(3)`: each component in turn, links replaced by their (resolved) targets, `..` applied to what is resolved so far. */
  private real(p: string, hops = { count: 0 }): string {
    const parts = (p.startsWith('/') ? p : `/${p}`).split('/').filter((part) => part !== '' && part !== '.');
    let current = '/';
    parts.forEach((part, i) => {
      if (part === '..') {
        current = posix.dirname(current);
        return;
      }
      const next = posix.join(current, part);
      const entry = this.entries.get(next);
      if (!entry) throw fsError('ENOENT', p);
      if (entry.kind === 'link') {
        if (++hops.count > MAX_LINKS) throw fsError('ELOOP', p);
        current = this.real(entry.target.startsWith('/') ? entry.target : `${current}/${entry.target}`, hops);
      } else if (entry.kind === 'file' && i < parts.length - 1) {
        throw fsError('ENOTDIR', p);
      } else current = next;
    });
    return current;
  }
}
