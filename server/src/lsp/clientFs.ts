/**
 * The editor's file system as a {@link ProjectFileSystem}, for the web build of the language
 * server (`browserMain.ts`), which has no disk: every read is a `termlens/fs/*` request
 * (`protocolExtensions.ts`) that the browser client answers with `vscode.workspace.fs` and
 * `vscode.workspace.findFiles` (`client/src/browser/workspaceFs.ts`). Glob patterns are matched
 * again here with picomatch, so that the client's search only has to find too much, never too
 * little, and patterns mean what they mean on the disk (`node/nodeFs.ts`).
 */

import * as path from 'node:path';
import picomatch from 'picomatch';
import { languageIdForPath } from '../core/text/fileTypes';
import { languageTable } from '../shared/languages';
import {
  fsGlobRequest,
  fsReadFileRequest,
  fsStatRequest,
  type FsGlobParams,
  type FsGlobResult,
  type FsPathParams,
  type FsReadFileResult,
  type FsStatResult,
} from '../protocolExtensions';
import type { FileStat, GlobOptions, ProjectFileSystem } from '../project/fileSystem';
import type { ListedFile } from './context';

const posix = path.posix;

/** What the adapter sends its requests through: the server's connection, or a test's stand-in. */
export interface FsRequester {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/** Folders never searched, as `node/discovery.ts` skips them. */
const ALWAYS_IGNORED = ['**/node_modules/**', '**/.git/**'];

/** A request's answer, or `undefined` when the client failed it (an unreadable file is not an error of the server). */
async function ask<R>(requester: FsRequester, method: string, params: unknown): Promise<R | undefined> {
  try {
    return await requester.sendRequest<R>(method, params);
  } catch {
    return undefined;
  }
}

/** Whether an answer has the shape of an {@link FsStatResult} (the client is another process: its answers are checked). */
function isStat(value: unknown): value is FsStatResult {
  const v = value as Partial<FsStatResult> | null | undefined;
  return typeof v === 'object' && v !== null && typeof v.type === 'string' && typeof v.size === 'number';
}

/**
 * The {@link ProjectFileSystem} answered by the client. `realpath` cannot resolve symbolic links
 * through `vscode.workspace.fs`, which has no such call: it returns the normalised path when
 * neither the path nor a folder above it is a link, and rejects otherwise, so that in Restricted
 * Mode a link is never followed out of the workspace (the file is left out instead).
 */
export function createClientFileSystem(requester: FsRequester): ProjectFileSystem {
  const statOf = async (p: string): Promise<FsStatResult | undefined> => {
    const answer = await ask<unknown>(requester, fsStatRequest, { path: posix.resolve(p) } satisfies FsPathParams);
    return isStat(answer) ? answer : undefined;
  };
  const fs: ProjectFileSystem = {
    async readFile(p) {
      const text = await ask<FsReadFileResult>(requester, fsReadFileRequest, { path: posix.resolve(p) } satisfies FsPathParams);
      return typeof text === 'string' ? text : undefined;
    },
    async stat(p): Promise<FileStat | undefined> {
      const info = await statOf(p);
      return info && { isFile: info.type === 'file', isDirectory: info.type === 'directory', size: info.size };
    },
    async realpath(p) {
      const file = posix.resolve(p);
      const chain: string[] = [];
      for (let at = file; ; at = posix.dirname(at)) {
        chain.push(at);
        if (at === '/') break;
      }
      const stats = await Promise.all(chain.map(statOf));
      if (stats[0] === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
      // A folder above the workspace may not be readable at all (a virtual file system's root): only a link counts.
      const link = stats.findIndex((s) => s?.symbolicLink === true);
      if (link >= 0) throw Object.assign(new Error(`cannot resolve the symbolic link ${chain[link]} through the editor's file system`), { code: 'ELINK' });
      return file;
    },
    glob: (pattern, options) => globThrough(requester, fs, pattern, options),
  };
  return fs;
}

/** {@link ProjectFileSystem.glob} over {@link fsGlobRequest}: the client searches from the pattern's static folder, picomatch decides. */
async function globThrough(requester: FsRequester, fs: ProjectFileSystem, pattern: string, options: GlobOptions = {}): Promise<string[]> {
  const cwd = posix.resolve(options.cwd ?? '/');
  const absolute = posix.isAbsolute(pattern) ? posix.normalize(pattern) : posix.join(cwd, pattern);
  const scan = picomatch.scan(absolute);
  if (!scan.isGlob) return (await fs.stat(absolute))?.isFile ? [absolute] : [];
  const base = scan.base || '/';
  const ignore = options.ignore ?? [];
  const params: FsGlobParams = { base, pattern: scan.glob, exclude: ignore.filter((g) => g.startsWith('**/')) };
  const answer = await ask<FsGlobResult>(requester, fsGlobRequest, params);
  const paths = Array.isArray(answer?.paths) ? answer.paths.filter((p): p is string => typeof p === 'string' && posix.isAbsolute(p)) : [];
  const matches = picomatch(absolute, { dot: options.dot ?? false });
  const ignored = ignore.length > 0 ? picomatch([...ignore], { dot: true }) : () => false;
  const found = new Set<string>();
  for (const p of paths.map((p) => posix.normalize(p))) {
    if (matches(p) && !ignored(posix.relative(cwd, p)) && !ignored(posix.relative(base, p))) found.add(p);
  }
  return [...found];
}

/** `**` globs of every file extension the language table reads. */
const SUPPORTED_FILES = `**/*.{${[...new Set(languageTable.flatMap((l) => l.extensions))].join(',')}}`;

/**
 * The files of a workspace folder termlens reads, found through `fs` (`ServerOptions.listFiles` of
 * the web build): every file of a supported extension outside `node_modules` and `.git`. Unlike
 * `node/discovery.ts`, `.gitignore` files are not read.
 */
export async function listFilesThrough(fs: ProjectFileSystem, folder: string): Promise<ListedFile[]> {
  const files = await fs.glob(SUPPORTED_FILES, { cwd: folder, ignore: ALWAYS_IGNORED, dot: false });
  const out: ListedFile[] = [];
  for (const file of files.sort()) {
    const languageId = languageIdForPath(file);
    if (languageId !== undefined) out.push({ path: file, languageId });
  }
  return out;
}

/**
 * `fs` with `files` (absolute path → text) laid over it, read-only: what the web build ships in
 * its bundle (the bundled glossary) is read as if from the extension's folder.
 */
export function withFiles(fs: ProjectFileSystem, files: Readonly<Record<string, string>>): ProjectFileSystem {
  const own = new Map(Object.entries(files).map(([p, text]) => [posix.resolve(p), text]));
  const encoder = new TextEncoder();
  return {
    readFile: async (p) => own.get(posix.resolve(p)) ?? fs.readFile(p),
    stat: async (p) => {
      const text = own.get(posix.resolve(p));
      return text === undefined ? fs.stat(p) : { isFile: true, isDirectory: false, size: encoder.encode(text).length };
    },
    realpath: async (p) => (own.has(posix.resolve(p)) ? posix.resolve(p) : fs.realpath(p)),
    glob: (pattern, options) => fs.glob(pattern, options),
  };
}
