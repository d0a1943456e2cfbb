/**
 * termlens's own protocol messages beside standard LSP, shared by the client and the server.
 * Plain names and types only: importing this file pulls in no runtime code.
 */

/** Initialization options the client sends. */
export interface TermlensInitializationOptions {
  /** Whether the workspace is trusted; in an untrusted workspace glossary paths outside it are ignored. Default true. */
  readonly workspaceTrusted?: boolean;
  /**
   * The `termlens` settings, for clients that neither answer `workspace/configuration` nor send
   * `workspace/didChangeConfiguration` (e.g. Neovim 0.7). Default: none (defaults apply).
   */
  readonly settings?: unknown;
  /**
   * Whether the client runs {@link showReferencesCommand} (the VS Code client does): the code lens
   * of a glossary entry then shows its references when clicked. Default false: the lens is a label.
   */
  readonly showReferencesCommand?: boolean;
}

/**
 * The command of a glossary entry's code lens ("12 uses in 5 files"), run by the client with the
 * arguments `[uri, position]` (the entry's term, LSP shapes): it shows the references there.
 */
export const showReferencesCommand = 'termlens.showReferences';

/** One glossary file as the status bar and the output channel report it. */
export interface GlossaryFileStatus {
  readonly uri: string;
  /** Which layer the file belongs to; later layers override earlier ones. */
  readonly layer: 'bundled' | 'workspace' | 'settings';
  /** Concepts currently served from this file (its last good version). */
  readonly concepts: number;
  /** Errors in the file's current text. */
  readonly errors: number;
}

/** Server → client: the glossary's state, sent after every (re)load. */
export const statusNotification = 'termlens/status';
export interface GlossaryStatus {
  /** Concepts served. */
  readonly conceptCount: number;
  /** Written forms served (preferred, admitted, deprecated and forbidden). */
  readonly termCount: number;
  readonly files: readonly GlossaryFileStatus[];
  /** Total errors over all glossary files. */
  readonly errorCount: number;
  /** One line per error, `file:line: message`, for the status bar tooltip and the output channel. */
  readonly errorSummaries: readonly string[];
}

/** Client → server: fuzzy-search the glossary (the "Search Glossary" command). */
export const searchGlossaryRequest = 'termlens/searchGlossary';
export interface SearchGlossaryParams {
  readonly query: string;
  /** Maximum results; default 50. */
  readonly limit?: number;
}
export interface SearchGlossaryItem {
  readonly id: string;
  readonly term: string;
  readonly kind: string;
  /** The first definition, or an empty string. */
  readonly definition: string;
  /** The first definition's source, http(s) only. */
  readonly source?: string;
  readonly abbreviations: readonly string[];
  readonly areas: readonly string[];
}
export interface SearchGlossaryResult {
  readonly items: readonly SearchGlossaryItem[];
}

/** Client → server: reload every glossary file from disk; answers with the new status. */
export const reloadGlossaryRequest = 'termlens/reloadGlossary';

/** Client → server: the workspace's trust changed (VS Code grants trust without a reload). */
export const trustNotification = 'termlens/workspaceTrust';
export interface TrustParams {
  readonly trusted: boolean;
}

/**
 * Server → client, in the web build only (`browserMain.ts`): the editor's file system, as
 * `lsp/clientFs.ts` asks for it and `client/src/browser/workspaceFs.ts` answers with
 * `vscode.workspace.fs`. Paths are the paths of the `file:` URIs the server is sent (the browser
 * client maps its workspace's URIs to them, `client/src/browser/uris.ts`), absolute and posix.
 */
export const fsReadFileRequest = 'termlens/fs/readFile';
export const fsStatRequest = 'termlens/fs/stat';
export const fsGlobRequest = 'termlens/fs/glob';
export interface FsPathParams {
  readonly path: string;
}
/** The answer to {@link fsReadFileRequest}: the file's text (UTF-8), or null when there is no readable file. */
export type FsReadFileResult = string | null;
/** The answer to {@link fsStatRequest}, or null when nothing is at the path. */
export interface FsStatResult {
  readonly type: 'file' | 'directory' | 'other';
  /** Size in bytes (files). */
  readonly size: number;
  /** Whether the path itself is a symbolic link (its target is what `type` and `size` describe). */
  readonly symbolicLink: boolean;
}
export interface FsGlobParams {
  /** The folder the pattern is matched from (absolute). */
  readonly base: string;
  /** A glob relative to {@link base}, in `vscode.workspace.findFiles` syntax. */
  readonly pattern: string;
  /** Globs (each starting with `**` and so valid from any folder) of paths the client need not return; the server filters again. */
  readonly exclude: readonly string[];
}
/** The answer to {@link fsGlobRequest}: the absolute paths of the files found. */
export interface FsGlobResult {
  readonly paths: readonly string[];
}

/**
 * The folder the web build's server knows the extension's own files by (the bundled glossary):
 * the browser client maps paths below it to the extension's URI and back.
 */
export const extensionPathPrefix = '/.termlens-extension';
