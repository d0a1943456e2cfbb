/**
 * Which glossary files a project folder has: the workspace files found by name and the files named
 * in settings (paths or globs). Plain async functions over the file system, shared by the language
 * server and the `termlens` command line so both serve the same glossary layers.
 */

import * as path from 'node:path';
import { glob } from 'tinyglobby';

/** Glob of glossary files picked up in a project folder. */
export const GLOSSARY_GLOB = '**/*.glossary.{yaml,yml,json}';

/** Folders never searched for glossary files. */
export const GLOSSARY_IGNORE: readonly string[] = ['**/node_modules/**', '**/.git/**'];

/** Whether a settings entry is a glob pattern rather than a path. */
function isGlob(entry: string): boolean {
  return /[*?{[]/.test(entry);
}

/** A path with forward slashes, as tinyglobby expects patterns. */
function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Every `*.glossary.{yaml,yml,json}` file under `root` (not in node_modules or .git, nor hidden folders), absolute and sorted. */
export async function findWorkspaceGlossaryFiles(root: string): Promise<string[]> {
  const found = await glob(GLOSSARY_GLOB, { cwd: root, absolute: true, ignore: [...GLOSSARY_IGNORE], dot: false });
  return found.map((f) => path.resolve(f)).sort();
}

/** Options of {@link expandGlossaryFileEntries}. */
export interface ExpandGlossaryFileOptions {
  /** Whether files outside the project may be read; default true. When false, they are left out (and logged). */
  readonly trusted?: boolean;
  /** Whether an absolute path is inside the project; default: inside `root` (or `root` itself). */
  readonly isInside?: (absolutePath: string) => boolean;
  /** Receives a line for every file left out; default: none. */
  log?(message: string): void;
}

/**
 * The files `entries` (settings `glossaryFiles`: paths or globs, relative to `root` or absolute)
 * name, absolute, in the order of the entries (each glob's matches sorted), without repeats. A
 * path is returned whether or not it exists (the caller reports unreadable files); a glob yields
 * only files that exist, never under node_modules or .git.
 */
export async function expandGlossaryFileEntries(root: string, entries: readonly string[], options: ExpandGlossaryFileOptions = {}): Promise<string[]> {
  const trusted = options.trusted ?? true;
  const base = path.resolve(root);
  const isInside = options.isInside ?? ((p: string) => p === base || p.startsWith(base + path.sep));
  const out: string[] = [];
  for (const entry of entries) {
    const pattern = path.isAbsolute(entry) ? entry : path.join(base, entry);
    const matches = isGlob(entry) ? (await glob(toPosix(pattern), { absolute: true, ignore: [...GLOSSARY_IGNORE] })).sort() : [pattern];
    for (const file of matches) {
      const resolved = path.resolve(file);
      if (!trusted && !isInside(resolved)) {
        options.log?.(`ignored ${resolved}: outside the workspace, which is not trusted`);
        continue;
      }
      if (!out.includes(resolved)) out.push(resolved);
    }
  }
  return out;
}
