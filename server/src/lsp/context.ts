/** What the parts of the language server share: the connection, the service, the project and what the client can do. */

import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Project, SettingsTarget } from '../project/workspace';
import type { TermService } from '../core/service';
import type { Settings } from '../settings';
import type { Dictionary } from '../core/text/dictionary';
import type { ChunkScanner } from '../core/text/markdown';
import type { ProjectFileSystem } from '../project/fileSystem';

/** A file of a workspace folder that references and renames search (see {@link ServerOptions.listFiles}). */
export interface ListedFile {
  /** Absolute path. */
  readonly path: string;
  /** Its language ID, by extension. */
  readonly languageId: string;
}

/** Dependencies of the server, passed in by `main.ts` (Node), `browserMain.ts` (the web build) and tests. */
export interface ServerOptions {
  /** Path of the bundled glossary file, read through {@link fs}. */
  readonly bundledGlossaryPath: string;
  readonly dictionary: Dictionary;
  /** Every file the server reads (glossaries, project configs, files searched for references): the disk in `main.ts`, the editor's in `browserMain.ts`. */
  readonly fs: ProjectFileSystem;
  /** The files of a workspace folder that references, rename and symbols search. Default: none, only open documents are searched. */
  listFiles?(folder: string): Promise<readonly ListedFile[]>;
  /** The folder relative `glossaryFiles` settings are resolved from when there is no workspace folder. Default `/`. */
  readonly cwd?: string;
  /** Delay before diagnostics are recomputed after an edit, in ms. Default: adaptive (see `validationDelay`). */
  readonly diagnosticsDelay?: number;
  /** How Markdown chunks that need remark are parsed; `main.ts` passes a worker with a time budget. Default: in this thread. */
  readonly scanMarkdownChunk?: ChunkScanner;
}

/** What the client can do, and the settings it sent without being asked. */
export interface ClientState {
  hasConfiguration: boolean;
  hasConfigurationRegistration: boolean;
  hasWatchedFilesRegistration: boolean;
  hasRelativePatterns: boolean;
  /** Settings sent without a request (initializationOptions, didChangeConfiguration), as raw as received. */
  pushedSettings: unknown;
}

/** What the parts of the server share. */
export interface ServerContext {
  readonly connection: Connection;
  readonly options: ServerOptions;
  readonly service: TermService;
  readonly documents: TextDocuments<TextDocument>;
  /** The workspace: folders, trust, configs, settings and glossary layers (`project/workspace.ts`). */
  readonly project: Project;
  readonly client: ClientState;
  /**
   * Settles when the first glossary load has finished (or failed): requests wait for it, so a
   * hover right after start-up answers from the glossary rather than from an empty one.
   */
  readonly glossaryLoaded: Promise<void>;
  log(message: string): void;
}

/**
 * The settings the client has for `uri` (a document, or a folder: resource settings are the
 * folder's): only what the user set (see client/src/explicitSettings.ts), or what the client
 * pushed when it cannot be asked or the request fails.
 */
export async function explicitSettings(connection: Connection, client: ClientState, uri?: string): Promise<unknown> {
  if (!client.hasConfiguration) return client.pushedSettings;
  try {
    return await connection.workspace.getConfiguration(uri ? { scopeUri: uri, section: 'termlens' } : { section: 'termlens' });
  } catch {
    return client.pushedSettings;
  }
}

/** A document termlens is enabled for, with its settings. */
export interface Target {
  readonly document: TextDocument;
  readonly settings: Settings;
  readonly languageId: string;
}

/**
 * What a document's settings are asked for: its URI as the scope, its path for config overrides
 * (none when untitled), and, for files and notebook cells, its path to choose its folder's config.
 */
export function settingsTarget(uri?: string): SettingsTarget {
  if (!uri) return {};
  const parsed = URI.parse(uri);
  const local = parsed.scheme === 'file' || parsed.scheme === 'vscode-notebook-cell';
  return { scope: uri, ...(parsed.scheme !== 'untitled' ? { file: parsed.fsPath } : {}), ...(local ? { at: parsed.fsPath } : {}) };
}
