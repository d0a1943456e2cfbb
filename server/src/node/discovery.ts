/**
 * Which files `termlens lint` reads, and which files the language server searches for references
 * and renames in: named files, folders walked recursively and glob patterns, honouring
 * `.gitignore` files at every level and `.git/info/exclude`, always skipping `.git` and
 * `node_modules`. (Moved from `cli/files.ts` so that the server, which may not import the CLI,
 * lists a workspace exactly as `termlens lint` does.)
 */

import { existsSync, type Dirent } from 'node:fs';
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { glob } from 'tinyglobby';
import { languageIdForPath } from '../core/text/fileTypes';

/** Folders never walked into or matched by globs. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);

/** A file to lint. */
export interface FoundFile {
  /** Absolute path. */
  readonly path: string;
  /** Its language ID, by extension. */
  readonly languageId: string;
  /** Whether it was named on the command line (rather than found in a folder or by a glob). */
  readonly explicit: boolean;
}

/** What {@link discoverFiles} found. */
export interface Discovery {
  /** Files to lint, sorted by path, without repeats. */
  readonly files: readonly FoundFile[];
  /** One line per named file left out or glob matching nothing, e.g. `skipped notes/a.png: not a Markdown or supported code file`. */
  readonly notes: readonly string[];
  /** Arguments that are neither an existing path nor a glob pattern. */
  readonly missing: readonly string[];
}

/** Options of {@link discoverFiles}. */
export interface DiscoveryOptions {
  /** Folder arguments are relative to and paths are shown relative to. */
  readonly cwd: string;
}

/** Whether an argument is a glob pattern rather than a path. */
export function isGlobPattern(arg: string): boolean {
  return /[*?{}[\]]/.test(arg);
}

/** A path relative to `from` with forward slashes (`.` for `from` itself), for messages. */
export function displayPath(from: string, target: string): string {
  return path.relative(from, target).split(path.sep).join('/') || '.';
}

/**
 * Expands `termlens lint` arguments (files, folders, globs; none means the current folder) into
 * the files to lint. Folders are walked and globs expanded skipping `.git`, `node_modules` and what
 * `.gitignore` files (and `.git/info/exclude`) exclude; found files of an unsupported extension
 * are left out silently, named ones with a note. A named file that `.gitignore` excludes is left
 * out with a note as well, and so is a folder that cannot be read. A file reached by several paths
 * (symbolic links, loops, overlapping arguments) is linted once, by the path named on the command
 * line if any, else the one not through a symbolic link if any, else the shortest.
 */
export async function discoverFiles(args: readonly string[], options: DiscoveryOptions): Promise<Discovery> {
  const cwd = path.resolve(options.cwd);
  const gitignore = new GitIgnore(cwd);
  /** By real path. */
  const found = new Map<string, FoundFile & { readonly rank: readonly [number, number, number, string] }>();
  const notes: string[] = [];
  const missing: string[] = [];
  const visitedFolders = new Set<string>();
  const add = async (file: string, explicit: boolean, realOf?: Promise<string>): Promise<void> => {
    const languageId = languageIdForPath(file);
    if (!languageId) {
      if (explicit) notes.push(`skipped ${displayPath(cwd, file)}: not a Markdown or supported code file`);
      return;
    }
    const real = await (realOf ?? realPath(file));
    // Lower ranks first: named on the command line, then the file's own path, then fewer segments, then by path.
    const rank = [explicit ? 0 : 1, real === file ? 0 : 1, file.split(path.sep).length, file] as const;
    const prior = found.get(real);
    if (!prior || compareRanks(rank, prior.rank) < 0) found.set(real, { path: file, languageId, explicit: explicit || (prior?.explicit ?? false), rank });
  };

  for (const arg of args.length > 0 ? args : ['.']) {
    const target = path.resolve(cwd, arg);
    const info = await stat(target).catch(() => undefined);
    if (info?.isDirectory()) {
      const walked = await walk(target, gitignore, visitedFolders);
      for (const folder of walked.unreadable)
        notes.push(`skipped ${displayPath(cwd, folder.path)}: cannot read the folder${folder.code ? ` (${folder.code})` : ''}`);
      const reals = realPaths(walked.files.map((f) => (f.real === undefined ? f.path : undefined)));
      for (const [i, file] of walked.files.entries()) await add(file.path, false, file.real !== undefined ? Promise.resolve(file.real) : reals[i]);
    } else if (info?.isFile()) {
      if (await gitignore.ignores(target, false)) notes.push(`skipped ${displayPath(cwd, target)}: ignored by .gitignore`);
      else await add(target, true);
    } else if (isGlobPattern(arg)) {
      const matches = await glob(arg.split(path.sep).join('/'), { cwd, absolute: true, dot: false, ignore: ['**/node_modules/**', '**/.git/**'] });
      if (matches.length === 0) notes.push(`no files match ${arg}`);
      const files: string[] = [];
      for (const match of matches) {
        const file = path.resolve(match);
        if (!(await gitignore.ignores(file, false))) files.push(file);
      }
      const reals = realPaths(files);
      for (const [i, file] of files.entries()) await add(file, false, reals[i]);
    } else {
      missing.push(arg);
    }
  }
  const files = [...found.values()]
    .map(({ path: p, languageId, explicit }): FoundFile => ({ path: p, languageId, explicit }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, notes, missing };
}

/** A file's real path (symbolic links resolved), or the path itself when it cannot be resolved. */
function realPath(file: string): Promise<string> {
  return realpath(file).catch(() => file);
}

/** Real paths resolved at once (32): a folder of thousands of files is not resolved one after the other. */
const REALPATH_CONCURRENCY = 32;

/**
 * The {@link realPath} of each file (none for undefined), in order, each resolution starting when
 * the one {@link REALPATH_CONCURRENCY} before it is done.
 */
function realPaths(files: readonly (string | undefined)[]): (Promise<string> | undefined)[] {
  const out: (Promise<string> | undefined)[] = [];
  const started: Promise<string>[] = [];
  for (const file of files) {
    if (file === undefined) {
      out.push(undefined);
      continue;
    }
    const before = started[started.length - REALPATH_CONCURRENCY];
    const real = before ? before.then(() => realPath(file)) : realPath(file);
    started.push(real);
    out.push(real);
  }
  return out;
}

function compareRanks(a: readonly [number, number, number, string], b: readonly [number, number, number, string]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : 0;
}

/** A file found by {@link walk}, and its real path when it is no symbolic link (its folder's real path and its name). */
interface WalkedFile {
  readonly path: string;
  readonly real?: string;
}

/**
 * Every file under `dir` (absolute), not descending into `.git`, `node_modules`, symbolic links,
 * ignored folders or folders already walked (`visited`, by real path); and the folders that could
 * not be read.
 */
async function walk(dir: string, gitignore: GitIgnore, visited: Set<string>): Promise<{ files: WalkedFile[]; unreadable: { path: string; code?: string }[] }> {
  const files: WalkedFile[] = [];
  const unreadable: { path: string; code?: string }[] = [];
  const visit = async (folder: string): Promise<void> => {
    const real = await realpath(folder).catch(() => folder);
    if (visited.has(real)) return;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      unreadable.push({ path: folder, ...(code ? { code } : {}) });
      return;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (ALWAYS_SKIPPED.has(entry.name) || (await gitignore.ignores(full, true))) continue;
        await visit(full);
      } else if (entry.isFile() || (entry.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isFile())) {
        // Folders below `dir` are walked only when they are no symbolic links: a file that is none has its folder's real path and its name.
        if (!(await gitignore.ignores(full, false))) files.push(entry.isFile() ? { path: full, real: path.join(real, entry.name) } : { path: full });
      }
    }
  };
  await visit(dir);
  return { files, unreadable };
}

/**
 * `.gitignore` rules as git applies them: each folder's file matches paths relative to that
 * folder, deeper files override shallower ones, and `.git/info/exclude` applies at the repository
 * root. Rules are read from the repository root (the nearest folder above `cwd` with a `.git`) down,
 * or from `cwd` down when there is no repository.
 */
class GitIgnore {
  private readonly top: string;
  private readonly rules = new Map<string, Promise<Ignore | undefined>>();

  constructor(cwd: string) {
    this.top = findGitRoot(cwd) ?? cwd;
  }

  /** Whether `file` (absolute; `isDir` for a folder) is ignored. Paths outside the top folder never are. */
  async ignores(file: string, isDir: boolean): Promise<boolean> {
    const rel = path.relative(this.top, file);
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const parts = rel.split(path.sep);
    let ignored = false;
    let folder = this.top;
    for (let i = 0; i < parts.length; i++) {
      const rules = await this.rulesOf(folder);
      if (rules) {
        const sub = parts.slice(i).join('/') + (isDir ? '/' : '');
        const result = rules.test(sub);
        if (result.ignored) ignored = true;
        else if (result.unignored) ignored = false;
      }
      folder = path.join(folder, parts[i]!);
    }
    return ignored;
  }

  private rulesOf(folder: string): Promise<Ignore | undefined> {
    let rules = this.rules.get(folder);
    if (!rules) {
      rules = (async () => {
        const texts = [await readFile(path.join(folder, '.gitignore'), 'utf8').catch(() => '')];
        if (folder === this.top) texts.unshift(await readFile(path.join(folder, '.git', 'info', 'exclude'), 'utf8').catch(() => ''));
        const text = texts.join('\n');
        return text.trim() === '' ? undefined : ignore().add(text);
      })();
      this.rules.set(folder, rules);
    }
    return rules;
  }
}

/** The nearest folder at or above `dir` that contains `.git`. */
function findGitRoot(dir: string): string | undefined {
  for (let current = dir; ;) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
