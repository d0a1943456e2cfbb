/**
 * The project model: one implementation of "the workspace" for the language server and the CLI.
 * Given a {@link ProjectFileSystem} (the disk, or memory in tests), it owns
 *
 * - the workspace folders and trust: in Restricted Mode nothing is read whose **real** path is
 *   outside the real path of a workspace folder (`glossaryFiles.ts`), realpath going through `fs`;
 * - the project config per folder (or one for the whole project, as the CLI has it) with its
 *   **last good** version: a broken config keeps serving the last good one and yields problems;
 * - the effective settings (defaults < config < overrides < explicit settings, `resolveSettings`);
 * - the glossary layers (bundled → workspace → settings) with their texts and problems, in a
 *   `GlossaryStore` (a broken file yields problems in that file while its last good version serves);
 * - open-document overrides: the text of an open editor buffer wins over the disk;
 * - change events: listeners hear when the glossary or a config changes.
 *
 * It knows no LSP, and reads no file but through `fs`.
 */

import * as path from 'node:path';
import { URI } from 'vscode-uri';
import {
  CONFIG_FILE_NAMES,
  findProjectConfig,
  isIgnored,
  parseProjectConfig,
  resolveSettings,
  type ConfigProblem,
  type ProjectConfig,
} from '../config/projectConfig';
import { GlossaryStore, type GlossaryLayer } from '../core/glossary/store';
import type { Settings } from '../settings';
import { count } from '../core/text/count';
import type { ProjectFileSystem } from './fileSystem';
import { expandGlossaryFileEntries, findWorkspaceGlossaryFiles, isReallyInside, realpathOf, type RestrictedModeOptions } from './glossaryFiles';

/**
 * Where the project config comes from: `'per-folder'` (the editor), each workspace folder's own,
 * looked up from the folder (or, for a file outside every folder, from its own folder) up to the
 * repository root; or one config for every file (the CLI): looked up from `lookupFrom`, read from
 * `file`, or `'none'`. With one config, glossaries are searched in its folder (else the first folder).
 */
export type ConfigSource = 'per-folder' | 'none' | { readonly lookupFrom: string } | { readonly file: string };

/** Dependencies and settings of {@link createProject}. */
export interface ProjectOptions {
  readonly fs: ProjectFileSystem;
  /** Workspace folders (absolute); default none. See {@link Project.setFolders}. */
  readonly folders?: readonly string[];
  /** Whether the workspace is trusted; default true. See {@link Project.setTrusted}. */
  readonly trusted?: boolean;
  /** Path of the bundled glossary; none without it. */
  readonly bundled?: string;
  /** Default `'per-folder'`. */
  readonly config?: ConfigSource;
  /** Glossary files (absolute paths or globs) after the settings' ones, in every folder (`termlens lint --glossary`). */
  readonly extraGlossaryFiles?: readonly string[];
  /** The folder `glossaryFiles` are relative to when there is no workspace folder; default `/`. */
  readonly cwd?: string;
  /** The store the glossary layers go into; default a new one. */
  readonly store?: GlossaryStore;
  /**
   * The explicit settings (the editor's, or the command line's: the highest precedence) for a
   * scope: a document's URI, a folder's URI, or `undefined` for the project. Default none.
   */
  explicitSettings?(scope: string | undefined): unknown;
  /** The URI a file is known by in the store; default `URI.file(path).toString()`. */
  uriOf?(path: string): string;
  /** Receives a line for every file left out, every broken config, every failure; default none. */
  log?(message: string): void;
}

/** The config that applies in a folder. */
export interface ConfigState {
  /** The config served: the current text's, or the last good one while the file is broken. */
  readonly config?: ProjectConfig;
  /** The config file, when one was found (or named). */
  readonly path?: string;
  /** Its current text. */
  readonly text?: string;
  /** Problems of the current text (empty when it reads cleanly). */
  readonly problems: readonly ConfigProblem[];
  /** Set when the file named by `{ file }` cannot be read. */
  readonly unreadable?: true;
}

/** What effective settings are asked for. */
export interface SettingsTarget {
  /** The scope explicit settings are asked for (the document's URI) and the cache key; default {@link file}. */
  readonly scope?: string;
  /** The file's path, matched against the config's `overrides`; none for untitled documents. */
  readonly file?: string;
  /** The path whose folder's config applies; default the first workspace folder's. */
  readonly at?: string;
}

/** A glossary file's text and layer, as a service or a CLI worker is built from. */
export interface GlossaryFileInput {
  readonly uri: string;
  readonly text: string;
  readonly layer: GlossaryLayer;
}

/** What {@link Project.reload} found. */
export interface GlossaryLoad {
  /** Files named by settings (`glossaryFiles`), in order: the editor is asked to watch them. */
  readonly settingsFiles: readonly string[];
  /** Files wanted but not readable (the bundled one first), which serve nothing. */
  readonly unreadable: readonly { readonly path: string; readonly layer: GlossaryLayer }[];
}

/** A change listeners hear of. */
export type ProjectChange =
  | { readonly kind: 'glossary' }
  /** A config file was read (or deleted: `text` empty): the problems of its current text, possibly none. */
  | { readonly kind: 'config'; readonly path: string; readonly text: string; readonly problems: readonly ConfigProblem[] };

/** The project model. See the module comment. */
export interface Project {
  /** The glossary layers; a service serves it. */
  readonly store: GlossaryStore;
  folders(): readonly string[];
  /** Sets the workspace folders (their real paths are resolved once, now) and forgets configs and settings. */
  setFolders(folders: readonly string[]): void;
  trusted(): boolean;
  /** Sets trust and forgets configs and settings (configs outside the workspace are read only when trusted). Call {@link reload} after. */
  setTrusted(trusted: boolean): void;
  /** Whether a file may be read: always when trusted; in Restricted Mode only if its real path is inside a workspace folder's. */
  mayRead(file: string): Promise<boolean>;
  /** The folder whose config applies at `file`: its workspace folder, else its own folder; without `file` the first workspace folder. */
  folderOf(file?: string): string | undefined;
  /** The config that applies at `file` (see {@link folderOf}), looked up once until it is forgotten. */
  config(file?: string): Promise<ConfigState>;
  /** Effective settings, cached by scope until configs or settings are forgotten. */
  settings(target?: SettingsTarget): Promise<Settings>;
  /** Whether the config's or the settings' `ignore` globs exclude `file` from diagnostics. */
  isIgnored(file: string, settings: Settings): Promise<boolean>;
  /** Forgets cached settings (the explicit settings changed); with `configs`, looked-up configs too. */
  forget(what?: { configs?: boolean; scope?: string }): void;
  /**
   * A file changed on disk (or was created or deleted): forgets configs when it is a config file,
   * drops a deleted glossary file. Returns whether the glossary must be reloaded.
   */
  fileChanged(uri: string, deleted: boolean): boolean;
  /** (Re)reads every glossary layer (open documents' texts win over the disk) into the store. */
  reload(): Promise<GlossaryLoad>;
  /** The text of an open document, which wins over the file on disk. */
  setOpenDocument(uri: string, text: string): void;
  closeDocument(uri: string): void;
  /**
   * Serves an open glossary document's current text, before it is saved: a file of a known layer,
   * or inside the workspace (as a workspace file), never the bundled one, and in Restricted Mode
   * only if its real path is inside. Returns whether it was applied.
   */
  applyOpenDocument(uri: string): Promise<boolean>;
  /** Texts of glossary files as last read (or typed), by URI, to locate their problems by line. */
  glossaryTexts(): ReadonlyMap<string, string>;
  /** Every glossary file served, in merge order, with its text. */
  glossaryInputs(): GlossaryFileInput[];
  /** The URI of the bundled glossary, if there is one. */
  bundledUri(): string | undefined;
  /** Calls `listener` on every change; returns a function that stops it. */
  onDidChange(listener: (change: ProjectChange) => void): () => void;
}

/** Glossary file names: `*.glossary.{yaml,yml,json}`. */
const GLOSSARY_FILE = /\.glossary\.(ya?ml|json)$/i;

/** Whether a URI names a glossary file by its file name. */
export function isGlossaryFileUri(uri: string): boolean {
  return GLOSSARY_FILE.test(URI.parse(uri).path);
}

/** Whether a URI names a project config file (`termlens.config.*`, `package.json`). */
export function isConfigFileUri(uri: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.posix.basename(URI.parse(uri).path));
}

/** Creates the project model. Nothing is read until asked for. */
export function createProject(options: ProjectOptions): Project {
  const { fs } = options;
  const store = options.store ?? new GlossaryStore();
  const source = options.config ?? 'per-folder';
  const perFolder = source === 'per-folder';
  const uriOf = options.uriOf ?? ((p: string) => URI.file(p).toString());
  const log = (message: string) => options.log?.(message);
  const listeners = new Set<(change: ProjectChange) => void>();
  const emit = (change: ProjectChange) => {
    for (const listener of [...listeners]) listener(change);
  };

  let folders: string[] = [];
  /** The real paths of the folders (symlinks resolved once, when the folders are set): Restricted Mode compares real paths. */
  let realFolders: Promise<string[]> = Promise.resolve([]);
  let trusted = options.trusted ?? true;
  const configs = new Map<string, Promise<ConfigState>>();
  /** The last config of each config file that read cleanly, served while the file is broken. */
  const goodConfigs = new Map<string, ProjectConfig>();
  const settingsCache = new Map<string, Promise<Settings>>();
  const texts = new Map<string, string>();
  const open = new Map<string, string>();

  const setFolders = (list: readonly string[]) => {
    folders = list.map((f) => path.resolve(f));
    realFolders = Promise.all(folders.map(async (f) => (await realpathOf(f, (p) => fs.realpath(p))) ?? f));
    configs.clear();
    settingsCache.clear();
  };
  setFolders(options.folders ?? []);

  /** The canonical form of a file URI, as the store keys files. */
  const canonical = (uri: string): string => {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? uriOf(parsed.fsPath) : uri;
  };
  const mayRead = async (file: string): Promise<boolean> => trusted || isReallyInside(file, await realFolders, (p) => fs.realpath(p));
  const isInside = (file: string): boolean => {
    const resolved = path.resolve(file);
    return folders.some((folder) => resolved === folder || resolved.startsWith(folder + path.sep));
  };
  const folderOf = (file?: string): string | undefined => {
    if (file === undefined) return folders[0];
    const resolved = path.resolve(file);
    const folder = folders.filter((f) => resolved === f || resolved.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
    return folder ?? path.dirname(resolved);
  };
  const restricted = async (): Promise<RestrictedModeOptions> => ({ trusted, roots: await realFolders, log, fs });

  /** Reads and parses the config for `folder` (see {@link ConfigSource}), remembering the last good version. */
  async function loadConfig(folder: string | undefined): Promise<ConfigState> {
    let found: { path: string; text: string } | undefined;
    if (source === 'none') return { problems: [] };
    if (typeof source === 'object' && 'file' in source) {
      const text = await fs.readFile(source.file);
      if (text === undefined) return { path: source.file, problems: [], unreadable: true };
      found = { path: source.file, text };
    } else {
      const start = typeof source === 'object' ? source.lookupFrom : folder;
      if (start === undefined) return { problems: [] };
      // In Restricted Mode a config file is read only if its real path is inside the workspace (not from parent folders, nor through a symlink).
      const readFile = async (file: string) => ((await mayRead(file)) ? fs.readFile(file) : undefined);
      found = await findProjectConfig(start, { readFile, exists: async (p) => (await fs.stat(p)) !== undefined });
    }
    if (!found) return { problems: [] };
    const { config, problems } = parseProjectConfig(found.text, found.path);
    if (config && problems.length === 0) goodConfigs.set(found.path, config);
    const served = problems.length === 0 ? config : goodConfigs.get(found.path);
    if (problems.length > 0) log(`project config ${found.path} has ${count(problems.length, 'problem')}${served ? '; serving its last good version' : ''}`);
    emit({ kind: 'config', path: found.path, text: found.text, problems });
    return { ...(served ? { config: served } : {}), path: found.path, text: found.text, problems };
  }

  function configOfFolder(folder: string | undefined): Promise<ConfigState> {
    if (perFolder && folder === undefined) return Promise.resolve({ problems: [] });
    const key = perFolder ? folder! : '';
    let state = configs.get(key);
    if (!state) {
      state = loadConfig(folder).catch((e): ConfigState => {
        log(`project config lookup failed in ${folder}: ${String(e)}`);
        return { problems: [] };
      });
      configs.set(key, state);
    }
    return state;
  }

  function settings(target: SettingsTarget = {}): Promise<Settings> {
    const key = target.scope ?? target.file ?? '';
    let result = settingsCache.get(key);
    if (!result) {
      result = (async () => {
        const [explicit, state] = await Promise.all([options.explicitSettings?.(target.scope), configOfFolder(folderOf(target.at))]);
        return resolveSettings({ config: state.config, explicit, filePath: target.file });
      })();
      settingsCache.set(key, result);
    }
    return result;
  }

  /** The settings of a folder as a whole: the folder as scope and file in the editor; the project's with one config. */
  const folderSettings = (folder: string | undefined): Promise<Settings> =>
    settings(perFolder && folder !== undefined ? { scope: uriOf(folder), file: folder, at: folder } : {});

  /** The folders workspace glossaries are searched in, and the folders `glossaryFiles` are relative to. */
  async function glossaryFolders(): Promise<{ workspace: string[]; settings: string[] }> {
    if (perFolder) return { workspace: folders, settings: folders.length > 0 ? folders : [options.cwd ?? '/'] };
    const root = (await configOfFolder(undefined)).config?.dir ?? folders[0] ?? options.cwd ?? '/';
    return { workspace: [root], settings: [root] };
  }

  /** The glossary files wanted, by URI: workspace files not named in settings, then settings files in order. */
  async function wantedFiles(first: Settings): Promise<{ wanted: Map<string, { path: string; layer: GlossaryLayer }>; settingsFiles: string[] }> {
    const where = await glossaryFolders();
    const settingsFiles: string[] = [];
    for (const folder of where.settings) {
      const entries = [...(await folderSettings(folder)).glossaryFiles, ...(options.extraGlossaryFiles ?? [])];
      for (const file of await expandGlossaryFileEntries(folder, entries, await restricted())) if (!settingsFiles.includes(file)) settingsFiles.push(file);
    }
    const workspaceFiles: string[] = [];
    if (first.workspaceGlossaries) for (const folder of where.workspace) workspaceFiles.push(...(await findWorkspaceGlossaryFiles(folder, await restricted())));
    const wanted = new Map<string, { path: string; layer: GlossaryLayer }>();
    for (const file of workspaceFiles.sort()) if (!settingsFiles.includes(file)) wanted.set(uriOf(file), { path: file, layer: 'workspace' });
    for (const file of settingsFiles) wanted.set(uriOf(file), { path: file, layer: 'settings' });
    return { wanted, settingsFiles };
  }

  async function reload(): Promise<GlossaryLoad> {
    let changed = false;
    const unreadable: { path: string; layer: GlossaryLayer }[] = [];
    const first = await folderSettings(perFolder ? folders[0] : undefined);
    const bundledUri = options.bundled === undefined ? undefined : uriOf(options.bundled);
    if (options.bundled !== undefined && bundledUri !== undefined) {
      if (first.bundledGlossary) {
        const text = await fs.readFile(options.bundled);
        if (text === undefined) {
          log(`bundled glossary not found at ${options.bundled}`);
          unreadable.push({ path: options.bundled, layer: 'bundled' });
        } else {
          texts.set(bundledUri, text);
          changed = store.setFile(bundledUri, text, 'bundled') || changed;
        }
      } else changed = store.deleteFile(bundledUri) || changed;
    }
    const { wanted, settingsFiles } = await wantedFiles(first);
    for (const uri of store.snapshot().files.map((f) => f.uri)) {
      if (uri !== bundledUri && !wanted.has(uri)) {
        changed = store.deleteFile(uri) || changed;
        texts.delete(uri);
      }
    }
    changed = store.setSettingsFiles(settingsFiles.map(uriOf)) || changed;
    for (const [uri, { path: file, layer }] of wanted) {
      const text = open.get(uri) ?? (await fs.readFile(file));
      if (text === undefined) {
        unreadable.push({ path: file, layer });
        changed = store.deleteFile(uri) || changed;
        texts.delete(uri);
        continue;
      }
      texts.set(uri, text);
      changed = store.setFile(uri, text, layer) || changed;
    }
    if (changed) emit({ kind: 'glossary' });
    return { settingsFiles, unreadable };
  }

  async function applyOpenDocument(uri: string): Promise<boolean> {
    const key = canonical(uri);
    const file = URI.parse(key).fsPath;
    const known = store.snapshot().files.find((f) => f.uri === key);
    const layer = known?.layer ?? (isInside(file) ? 'workspace' : undefined);
    // In Restricted Mode an open glossary is served only if its real path is inside the workspace too (not a symlink out of it).
    if (!layer || layer === 'bundled' || !(await mayRead(file))) return false;
    const text = open.get(key);
    if (text === undefined) return false;
    texts.set(key, text);
    if (store.setFile(key, text, layer)) emit({ kind: 'glossary' });
    return true;
  }

  function fileChanged(uri: string, deleted: boolean): boolean {
    const key = canonical(uri);
    if (isConfigFileUri(key)) {
      // A config file anywhere may be the one a folder uses (or become it): look them all up again.
      configs.clear();
      settingsCache.clear();
      if (deleted) {
        const file = URI.parse(key).fsPath;
        goodConfigs.delete(file);
        emit({ kind: 'config', path: file, text: '', problems: [] });
      }
      return true;
    }
    const known = store.snapshot().files.some((f) => f.uri === key);
    if (!known && !isGlossaryFileUri(key)) return false;
    if (deleted) {
      texts.delete(key);
      if (store.deleteFile(key)) emit({ kind: 'glossary' });
    }
    return true;
  }

  return {
    store,
    folders: () => folders,
    setFolders,
    trusted: () => trusted,
    setTrusted(value) {
      trusted = value;
      configs.clear();
      settingsCache.clear();
    },
    mayRead,
    folderOf,
    config: (file) => configOfFolder(folderOf(file)),
    settings,
    async isIgnored(file, current) {
      const folder = perFolder ? folderOf(file) : (await glossaryFolders()).settings[0];
      const state = await configOfFolder(folder);
      return isIgnored(state.config, current, path.resolve(file), folder);
    },
    forget(what = {}) {
      if (what.configs) configs.clear();
      if (what.scope !== undefined && !what.configs) settingsCache.delete(what.scope);
      else settingsCache.clear();
    },
    fileChanged,
    reload,
    setOpenDocument: (uri, text) => void open.set(canonical(uri), text),
    closeDocument: (uri) => void open.delete(canonical(uri)),
    applyOpenDocument,
    glossaryTexts: () => texts,
    glossaryInputs: () =>
      store.snapshot().files.flatMap((f) => {
        const text = texts.get(f.uri);
        return text === undefined ? [] : [{ uri: f.uri, text, layer: f.layer }];
      }),
    bundledUri: () => (options.bundled === undefined ? undefined : uriOf(options.bundled)),
    onDidChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}
