/**
 * Which glossary files a project folder has: the workspace files found by name (and where each
 * applies) and the files named in settings (paths, globs, or `npm:` packages installed in the
 * project). Plain async functions over the file system, shared by the language server and the
 * `termlens` command line so both serve the same glossary layers.
 *
 * In Restricted Mode (an untrusted workspace) a file is kept only if its **real** path (every
 * symlink resolved) is inside the real path of a workspace folder: comparing lexical paths would let
 * a `*.glossary.yaml` symlink, or a path or glob through a symlinked folder, read files outside.
 *
 * Files are found and resolved through a {@link ProjectFileSystem} (`options.fs`); the default, the
 * disk (`node/nodeFs.ts`), is the only use of Node's file system here.
 */

import * as path from 'node:path';
import { matchesOverride, NPM_PREFIX } from '../config/projectConfig';
import type { GlossaryPackage, GlossaryPlace, GlossaryScopeTests } from '../core/glossary/store';
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

/** Options of {@link expandGlossaryFileEntries} and {@link resolveGlossaryFileEntries}. */
export interface ExpandGlossaryFileOptions extends RestrictedModeOptions {
  /** `readFile` reads package.json files for `npm:` entries (without it, such an entry is a problem); `stat` checks their size first. */
  readonly fs: Pick<ProjectFileSystem, 'glob' | 'realpath'> & Partial<Pick<ProjectFileSystem, 'readFile' | 'stat'>>;
  /** The folder `npm:` entries are resolved from (the nearest `node_modules` up from it): the config's folder; default `root`. */
  readonly packageBase?: string;
}

/** A glossary file named by an entry, and the npm package it comes from. */
export interface ResolvedGlossaryFile {
  readonly path: string;
  readonly package?: GlossaryPackage;
}

/** An entry that names no usable file: an npm package not installed, without a glossary, or outside the workspace in Restricted Mode. */
export interface GlossaryEntryProblem {
  /** The entry as written, e.g. `npm:@acme/finance-glossary`. */
  readonly entry: string;
  /** One line saying what is wrong and what to do. */
  readonly message: string;
}

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
  const resolved = await resolveGlossaryFileEntries(root, entries, options);
  for (const problem of resolved.problems) options.log?.(`glossary ${problem.entry}: ${problem.message}`);
  return resolved.files.map((f) => f.path);
}

/**
 * {@link expandGlossaryFileEntries}, with `npm:` entries resolved to files of installed packages
 * (each file with its package's name and version) and what could not be resolved as problems.
 *
 * `npm:NAME` (or `npm:@SCOPE/NAME`) names the files of the package's `termlens.glossary` field
 * (a path or a list of paths inside the package); `npm:NAME/FILE` names one file of it. The
 * package is the one in the nearest `node_modules` up from `options.packageBase`, found by reading
 * its `package.json` through the project's file system: never `require`d, nothing fetched. In
 * Restricted Mode a package whose real path is outside the workspace is not read (a problem).
 */
export async function resolveGlossaryFileEntries(
  root: string,
  entries: readonly string[],
  options: ExpandGlossaryFileOptions,
): Promise<{ files: ResolvedGlossaryFile[]; problems: GlossaryEntryProblem[] }> {
  const base = path.resolve(root);
  const out: string[] = [];
  const packages = new Map<string, GlossaryPackage>();
  const problems: GlossaryEntryProblem[] = [];
  const add = (file: string, pkg?: GlossaryPackage): void => {
    const resolved = path.resolve(file);
    if (out.includes(resolved)) return;
    out.push(resolved);
    if (pkg) packages.set(resolved, pkg);
  };
  for (const entry of entries) {
    if (entry.startsWith(NPM_PREFIX)) {
      const roots = options.roots ?? [(await realpathOf(base, options.realpath ?? ((p: string) => options.fs.realpath(p)))) ?? base];
      const found = await resolvePackageEntry(entry, path.resolve(options.packageBase ?? base), { ...options, roots });
      if ('problem' in found) problems.push({ entry, message: found.problem });
      else for (const file of found.files) add(file, found.package);
      continue;
    }
    const pattern = path.isAbsolute(entry) ? entry : path.join(base, entry);
    const matches = isGlob(entry) ? (await options.fs.glob(toPosix(pattern), { ignore: GLOSSARY_IGNORE })).sort() : [pattern];
    for (const file of matches) add(file);
  }
  const kept = await restrict(root, out, options);
  return { files: kept.map((file) => ({ path: file, ...(packages.has(file) ? { package: packages.get(file)! } : {}) })), problems };
}

/** npm package names: `name` or `@scope/name`, URL-safe characters, at most 214 characters. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/i;
/** A package.json larger than this (1 MB) is not read. */
const MAX_PACKAGE_JSON = 1024 * 1024;
/** Files one package's `termlens.glossary` may name (100). */
const MAX_PACKAGE_FILES = 100;

/** Whether `p` is a relative path that stays inside the folder it is joined to (no `..`, not absolute, no backslash or NUL). */
function isInnerPath(p: string): boolean {
  if (p === '' || p.startsWith('/') || /[\\\0]/.test(p) || /^[A-Za-z]:/.test(p)) return false;
  return p.split('/').every((part) => part !== '..') && p.split('/').some((part) => part !== '' && part !== '.');
}

/** The glossary files an `npm:` entry names, or why it names none. */
async function resolvePackageEntry(
  entry: string,
  from: string,
  options: ExpandGlossaryFileOptions,
): Promise<{ files: string[]; package: GlossaryPackage } | { problem: string }> {
  const spec = entry.slice(NPM_PREFIX.length);
  const match = /^((?:@[^/]*\/)?[^/]*)(?:\/(.*))?$/.exec(spec);
  const name = match?.[1] ?? '';
  const file = match?.[2];
  if (!PACKAGE_NAME.test(name) || name.length > 214)
    return { problem: 'not an npm package name; write npm:NAME or npm:@SCOPE/NAME, optionally followed by /FILE' };
  if (file !== undefined && !isInnerPath(file)) return { problem: `"${file}" is not a path inside the package` };
  const { fs } = options;
  if (!fs.readFile) return { problem: 'npm packages cannot be read here' };
  const realpath = options.realpath ?? ((p: string) => options.fs.realpath(p));
  for (let dir = from; ;) {
    const folder = path.join(dir, 'node_modules', ...name.split('/'));
    const manifest = path.join(folder, 'package.json');
    const real = await realpathOf(manifest, realpath);
    if (real !== undefined) {
      if (!(options.trusted ?? true)) {
        if (!(options.roots ?? []).some((r) => isPathInside(r, real)))
          return { problem: `the package at ${folder}${real === manifest ? '' : ` (${path.dirname(real)})`} is outside the workspace, which is not trusted` };
      }
      const size = (await fs.stat?.(manifest))?.size ?? 0;
      if (size > MAX_PACKAGE_JSON) return { problem: `${manifest} is larger than 1 MB and was not read` };
      const text = await fs.readFile(manifest);
      if (text === undefined) return { problem: `cannot read ${manifest}` };
      return packageFiles(name, folder, manifest, text, file);
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return { problem: `the npm package ${name} is not installed: no node_modules/${name} in ${from} or a folder above it (run npm install)` };
}

/** The files a package's manifest names (or `file`), with its name and version. */
function packageFiles(
  name: string,
  folder: string,
  manifest: string,
  text: string,
  file: string | undefined,
): { files: string[]; package: GlossaryPackage } | { problem: string } {
  if (text.length > MAX_PACKAGE_JSON) return { problem: `${manifest} is larger than 1 MB and was not read` };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: `${manifest} is not valid JSON` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { problem: `${manifest} is not a JSON object` };
  const record = data as Record<string, unknown>;
  const version = typeof record.version === 'string' && record.version.length <= 64 ? record.version : 'unknown version';
  const pkg: GlossaryPackage = { name, version };
  if (file !== undefined) return { files: [path.join(folder, ...file.split('/'))], package: pkg };
  const termlens = record.termlens;
  const field = typeof termlens === 'object' && termlens !== null && !Array.isArray(termlens) ? (termlens as Record<string, unknown>).glossary : undefined;
  const list = typeof field === 'string' ? [field] : Array.isArray(field) && field.every((f) => typeof f === 'string') ? (field as string[]) : undefined;
  if (list && list.length > MAX_PACKAGE_FILES) return { problem: `${name} ${version}: "termlens.glossary" names more than ${MAX_PACKAGE_FILES} files` };
  if (!list || list.length === 0)
    return { problem: `${name} ${version} names no glossary: its package.json has no "termlens": { "glossary": "FILE" }; name a file with npm:${name}/FILE` };
  const bad = list.find((f) => !isInnerPath(f.replace(/^\.\//, '')));
  if (bad !== undefined) return { problem: `${name} ${version}: "termlens.glossary" entry "${bad}" is not a path inside the package` };
  return { files: list.map((f) => path.join(folder, ...f.replace(/^\.\//, '').split('/'))), package: pkg };
}

/**
 * Folders whose glossary files are the glossary of the folder above them: `glossary/team.glossary.yaml`
 * at the root serves the whole workspace, `desk/glossary/desk.glossary.yaml` serves `desk/`.
 */
const GLOSSARY_FOLDERS: ReadonlySet<string> = new Set(['glossary', 'glossaries']);

/**
 * Where a workspace glossary file applies and how hovers name it: its folder and below (the folder
 * above a `glossary/` or `glossaries/` folder); a file of a workspace folder's root (`roots`, the
 * folders searched) applies everywhere (`workspace glossary`), any other one to its folder, named
 * by the folder's path from its workspace folder (`desk/ glossary`).
 */
export function workspaceGlossaryPlace(roots: readonly string[], file: string): GlossaryPlace {
  const resolved = path.resolve(file);
  const root = roots
    .map((r) => path.resolve(r))
    .filter((r) => isPathInside(r, resolved))
    .sort((a, b) => b.length - a.length)[0];
  if (root === undefined) return { label: 'workspace glossary' };
  let home = path.dirname(resolved);
  if (home !== root && GLOSSARY_FOLDERS.has(path.basename(home).toLowerCase())) home = path.dirname(home);
  if (home === root || !isPathInside(root, home)) return { label: 'workspace glossary' };
  return { scope: { kind: 'folder', folder: home }, label: `${toPosix(path.relative(root, home))}/ glossary` };
}

/** How the store matches scoped glossary files to document paths: the project's own path and glob semantics. */
export const glossaryScopeTests: GlossaryScopeTests = {
  inFolder: (folder, p) => isPathInside(folder, p),
  matches: (rule, p) => matchesOverride(rule, p),
};
