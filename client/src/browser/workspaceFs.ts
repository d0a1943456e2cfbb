/**
 * The client's half of the web build's file system (`server/src/lsp/clientFs.ts` is the server's):
 * answers the server's `termlens/fs/*` requests from the editor's file system. Written against
 * {@link EditorFileSystem}, which `extension.ts` implements with `vscode.workspace.fs` and
 * `vscode.workspace.findFiles` and the unit tests with a map.
 */

import type { FsGlobParams, FsGlobResult, FsPathParams, FsReadFileResult, FsStatResult } from '../../../server/src/protocolExtensions';
import type { UriMapper } from './uris';

/** `vscode.FileType`'s bits. */
export const FILE_TYPE = { file: 1, directory: 2, symbolicLink: 64 } as const;

/** The few calls of the editor's file system the answers need, by URI string. Each rejects when there is nothing to answer (no file). */
export interface EditorFileSystem {
  readFile(uri: string): Promise<Uint8Array>;
  /** `type` is a `vscode.FileType` bit set: a link to a file is `File | SymbolicLink`. */
  stat(uri: string): Promise<{ readonly type: number; readonly size: number }>;
  /** The files matching `pattern` below the folder `base` (`vscode.workspace.findFiles` with a `RelativePattern`), less `exclude`. */
  findFiles(base: string, pattern: string, exclude: string | undefined): Promise<readonly string[]>;
}

/** The answers to the three requests. */
export interface FsRequestHandlers {
  readFile(params: FsPathParams): Promise<FsReadFileResult>;
  stat(params: FsPathParams): Promise<FsStatResult | null>;
  glob(params: FsGlobParams): Promise<FsGlobResult>;
}

/** The path of a request, when it is an absolute path (the server is another process: its requests are checked). */
function pathOf(params: unknown): string | undefined {
  const p = (params as Partial<FsPathParams> | null | undefined)?.path;
  return typeof p === 'string' && p.startsWith('/') ? p : undefined;
}

/** One `exclude` glob for `findFiles` from several (`{a,b}`); only brace-free globs are combined. */
function excludeGlob(exclude: unknown): string | undefined {
  const globs = Array.isArray(exclude) ? exclude.filter((g): g is string => typeof g === 'string' && g !== '' && !/[{}]/.test(g)) : [];
  if (globs.length === 0) return undefined;
  return globs.length === 1 ? globs[0] : `{${globs.join(',')}}`;
}

/** The answers to the server's file-system requests through `editor`, with URIs translated by `uris`. */
export function fsRequestHandlers(editor: EditorFileSystem, uris: UriMapper): FsRequestHandlers {
  // Node's readFile keeps a byte order mark; so does this decoder.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const stat = async (path: string): Promise<FsStatResult | null> => {
    try {
      const info = await editor.stat(uris.pathToCode(path));
      const type = info.type & FILE_TYPE.directory ? 'directory' : info.type & FILE_TYPE.file ? 'file' : 'other';
      return { type, size: type === 'file' ? info.size : 0, symbolicLink: (info.type & FILE_TYPE.symbolicLink) !== 0 };
    } catch {
      return null;
    }
  };
  return {
    async readFile(params) {
      const path = pathOf(params);
      if (path === undefined || (await stat(path))?.type !== 'file') return null;
      try {
        return decoder.decode(await editor.readFile(uris.pathToCode(path)));
      } catch {
        return null;
      }
    },
    async stat(params) {
      const path = pathOf(params);
      return path === undefined ? null : stat(path);
    },
    async glob(params) {
      const base = pathOf({ path: params?.base });
      const pattern = params?.pattern;
      if (base === undefined || typeof pattern !== 'string' || pattern === '') return { paths: [] };
      try {
        const found = await editor.findFiles(uris.pathToCode(base), pattern, excludeGlob(params.exclude));
        return { paths: found.map((uri) => uris.codeToPath(uri)).filter((p): p is string => p !== undefined) };
      } catch {
        return { paths: [] };
      }
    },
  };
}
