/**
 * Which glossary files a project folder has: the workspace files found by name and the files named
 * in settings (paths or globs). Plain async functions over the file system, shared by the language
 * server and the `termlens` command line so both serve the same glossary layers.
 *
 * In Restricted Mode (an untrusted workspace) a file is kept only if its **real** path (every
 * symlink resolved) is inside the real path of a workspace folder: comparing lexical paths would let
 * a `*.glossary.yaml` symlink, or a path or glob through a symlinked folder, read files outside.
 *
 * Files are found and resolved through a {@link ProjectFileSystem} (`options.fs`); the default, the
 * disk (`node/nodeFs.ts`), is the only use of Node's file system here.
 */

import * as path from 'node:path';
import type { ProjectFileSystem } from './fileSystem';

/** Glob of glossary files picked up in a project folder. */
export const GLOSSARY_GLOB = '**/*.glossary.{yaml,yml,json}';

/** Folders never searched for glossary files. */
export const GLOSSARY_IGNORE: readonly string[] = ['**/node_modules/**', '**/.git/**'];

/** Resolves every symlink of an absolute path (`fs.promises.realpath`); rejects when it cannot (missing file, broken link, loop). */
export type Realpath = (absolutePath: string) => Promise<string>;

/** How files are checked against the workspace in Restricted Mode; shared by both discovery functions. */
export interface RestrictedModeOptions {
  /** Whether files outside the project may be read; default true. When false, they are left out (and logged). */
  readonly trusted?: boolean;
  /**
   * The real paths (see {@link realpathOf}) of the folders files must be inside when not trusted;
   * default: the real path of `root`. Resolve them once, when the folders are set.
   */
  readonly roots?: readonly string[];
  /** Resolves a path's symlinks; default: `fs`'s `realpath`. */
  readonly realpath?: Realpath;
  /** Where files are searched (and, without `realpath`, resolved): the project's file system, passed in (`node/glossaryFilesOnDisk.ts` binds the disk). */
  readonly fs: Pick<ProjectFileSystem, 'glob' | 'realpath'>;
  /** Receives a line for every file left out; default: none. */
  log?(message: string): void;
}

/** Options of {@link expandGlossaryFileEntries}. */
export type ExpandGlossaryFileOptions = RestrictedModeOptions;

/** Whether a settings entry is a glob pattern rather than a path. */
function isGlob(entry: string): boolean {
  return /[*?{[]/.test(entry);
}

/** A path with forward slashes, as tinyglobby expects patterns. */
function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Whether absolute `p` is `dir` or inside it: a prefix check that stops at path separators (`/ws2` is not inside `/ws`). */
export function isPathInside(dir: string, p: string): boolean {
  if (p === dir) return true;
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  return p.startsWith(prefix);
}

/** The real path of `p`, or `undefined` when it cannot be resolved (missing, broken link, link loop). */
export async function realpathOf(p: string, realpath: Realpath): Promise<string | undefined> {
  try {
    return await realpath(p);
  } catch {
    return undefined;
  }
}

/** Whether the real path of `p` resolves and is inside one of `roots` (real paths). */
export async function isReallyInside(p: string, roots: readonly string[], realpath: Realpath): Promise<boolean> {
  const real = await realpathOf(path.resolve(p), realpath);
  return real !== undefined && roots.some((root) => isPathInside(root, real));
}

/**
 * `files` unchanged when trusted; otherwise only those whose real path resolves and is inside a
 * root, in their order, every other one logged.
 */
async function restrict(root: string, files: string[], options: RestrictedModeOptions): Promise<string[]> {
  if (options.trusted ?? true) return files;
  const realpath = options.realpath ?? ((p: string) => options.fs.realpath(p));
  const base = path.resolve(root);
  const roots = options.roots ?? [(await realpathOf(base, realpath)) ?? base];
  const reals = await Promise.all(files.map((f) => realpathOf(f, realpath)));
  return files.filter((file, i) => {
    const real = reals[i];
    if (real === undefined) {
      options.log?.(`ignored ${file}: its real path cannot be resolved, and the workspace is not trusted`);
      return false;
    }
    if (!roots.some((r) => isPathInside(r, real))) {
      options.log?.(`ignored ${file}${real === file ? '' : ` (${real})`}: outside the workspace, which is not trusted`);
      return false;
    }
    return true;
  });
}

/**
 * Every `*.glossary.{yaml,yml,json}` file under `root` (not in node_modules or .git, nor hidden
 * folders), absolute and sorted; symlinks are followed, and when not trusted only files whose real
 * path is inside the workspace are returned.
 */
export async function findWorkspaceGlossaryFiles(root: string, options: RestrictedModeOptions): Promise<string[]> {
  const found = await options.fs.glob(GLOSSARY_GLOB, { cwd: root, ignore: GLOSSARY_IGNORE, dot: false });
  return restrict(root, found.map((f) => path.resolve(f)).sort(), options);
}

/**
 * The files `entries` (settings `glossaryFiles`: paths or globs, relative to `root` or absolute)
 * name, absolute, in the order of the entries (each glob's matches sorted), without repeats. A
 * path is returned whether or not it exists (the caller reports unreadable files) when trusted;
 * when not, only files whose real path is inside the workspace. A glob yields only files that
 * exist, never under node_modules or .git.
 */
export async function expandGlossaryFileEntries(root: string, entries: readonly string[], options: ExpandGlossaryFileOptions): Promise<string[]> {
  const base = path.resolve(root);
  const out: string[] = [];
  for (const entry of entries) {
    const pattern = path.isAbsolute(entry) ? entry : path.join(base, entry);
    const matches = isGlob(entry) ? (await options.fs.glob(toPosix(pattern), { ignore: GLOSSARY_IGNORE })).sort() : [pattern];
    for (const file of matches) {
      const resolved = path.resolve(file);
      if (!out.includes(resolved)) out.push(resolved);
    }
  }
  return restrict(root, out, options);
}
