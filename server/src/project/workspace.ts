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
 *   `GlossaryStore` (a broken file yields problems in that file while its last good version serves),
 *   and where each file applies: everywhere, a workspace file in a subfolder to that folder and
 *   below, a config override's `glossaryFiles` to the files the override matches;
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
import { GlossaryStore, type GlossaryLayer, type GlossaryPackage, type GlossaryPlace, type PathRule } from '../core/glossary/store';
import type { Settings } from '../settings';
import { count } from '../core/text/count';
import type { ProjectFileSystem } from './fileSystem';
import {
  findWorkspaceGlossaryFiles,
  glossaryScopeTests,
  isPathInside,
  isReallyInside,
  realpathOf,
  resolveGlossaryFileEntries,
  workspaceGlossaryPlace,
  type GlossaryEntryProblem,
  type RestrictedModeOptions,
} from './glossaryFiles';

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

/** A glossary file's text, layer and place, as a service or a CLI worker is built from. */
export interface GlossaryFileInput {
  readonly uri: string;
  readonly text: string;
  readonly layer: GlossaryLayer;
  /** Where it applies and how hovers name it (plain data); default everywhere. */
  readonly place?: GlossaryPlace;
}

/** What {@link Project.reload} found. */
export interface GlossaryLoad {
  /** Files named by settings (`glossaryFiles`), in order: the editor is asked to watch them. */
  readonly settingsFiles: readonly string[];
  /** Files wanted but not readable (the bundled one first), which serve nothing. */
  readonly unreadable: readonly { readonly path: string; readonly layer: GlossaryLayer }[];
  /** Entries that name no file (an `npm:` package not installed, say); present only when there are some. */
  readonly problems?: readonly GlossaryEntryProblem[];
}

/**
 * The glossary layers as read from disk and open documents, not yet parsed or served: what
 * {@link Project.reload} puts into the store, or a CLI builds a service from itself.
 */
export interface GlossaryLayers extends GlossaryLoad {
  /**
   * Every readable file wanted, with its text: the bundled one, the workspace ones (by path),
   * then settings files in `settingsFiles` order, then files named by config overrides.
   */
  readonly files: readonly GlossaryFileInput[];
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
  /**
   * Reads every glossary layer as {@link reload} does (open documents' texts win over the disk)
   * but leaves the store and {@link glossaryTexts} as they are: nothing is parsed.
   */
  readGlossaryLayers(): Promise<GlossaryLayers>;
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
  /**
   * The workspace glossary files (found by name, as of the last reload) that apply to a document
   * at `path`: the ones that apply everywhere, then those of the folders containing it, nearest
   * last. Where a new entry for that document belongs is the last one.
   */
  glossaryFilesFor(path: string): readonly string[];
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

/** The place of a settings (or override) file: named by its file name, or by its npm package. */
function settingsPlace(file: string, pkg: GlossaryPackage | undefined): GlossaryPlace {
  return pkg ? { package: pkg } : { label: path.basename(file) };
}

/** Creates the project model. Nothing is read until asked for. */
export function createProject(options: ProjectOptions): Project {
  return new ProjectModel(options);
}

type WantedFile = { path: string; layer: GlossaryLayer; place?: GlossaryPlace };

/** The {@link Project} behind {@link createProject}: its state, and a method for each part of the model. */
class ProjectModel implements Project {
  readonly store: GlossaryStore;
  private readonly fs: ProjectFileSystem;
  private readonly source: ConfigSource;
  private readonly perFolder: boolean;
  private readonly uriOf: (path: string) => string;
  private readonly listeners = new Set<(change: ProjectChange) => void>();
  private folderPaths: string[] = [];
  /** The real paths of the folders (symlinks resolved once, when the folders are set): Restricted Mode compares real paths. */
  private realFolders: Promise<string[]> = Promise.resolve([]);
  private isTrusted: boolean;
  private readonly configs = new Map<string, Promise<ConfigState>>();
  /** The last config of each config file that read cleanly, served while the file is broken. */
  private readonly goodConfigs = new Map<string, ProjectConfig>();
  private readonly settingsCache = new Map<string, Promise<Settings>>();
  private readonly texts = new Map<string, string>();
  private readonly open = new Map<string, string>();
  /** The folders workspace glossaries were searched in at the last reload, and the workspace files found (or opened) there, by URI. */
  private workspaceRoots: readonly string[] = [];
  private readonly workspaceFiles = new Map<string, string>();

  constructor(private readonly options: ProjectOptions) {
    this.fs = options.fs;
    this.store = options.store ?? new GlossaryStore();
    this.store.setScopeTests(glossaryScopeTests);
    this.source = options.config ?? 'per-folder';
    this.perFolder = this.source === 'per-folder';
    this.uriOf = options.uriOf ?? ((p: string) => URI.file(p).toString());
    this.isTrusted = options.trusted ?? true;
    this.setFolders(options.folders ?? []);
  }

  private readonly log = (message: string): void => this.options.log?.(message);

  private emit(change: ProjectChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }

  onDidChange(listener: (change: ProjectChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  // Folders and trust.

  folders(): readonly string[] {
    return this.folderPaths;
  }

  setFolders(list: readonly string[]): void {
    this.folderPaths = list.map((f) => path.resolve(f));
    this.realFolders = Promise.all(this.folderPaths.map(async (f) => (await realpathOf(f, (p) => this.fs.realpath(p))) ?? f));
    this.configs.clear();
    this.settingsCache.clear();
  }

  trusted(): boolean {
    return this.isTrusted;
  }

  setTrusted(value: boolean): void {
    this.isTrusted = value;
    this.configs.clear();
    this.settingsCache.clear();
  }

  async mayRead(file: string): Promise<boolean> {
    return this.isTrusted || isReallyInside(file, await this.realFolders, (p) => this.fs.realpath(p));
  }

  private async restricted(): Promise<RestrictedModeOptions> {
    return { trusted: this.isTrusted, roots: await this.realFolders, log: this.log, fs: this.fs };
  }

  private isInside(file: string): boolean {
    const resolved = path.resolve(file);
    return this.folderPaths.some((folder) => resolved === folder || resolved.startsWith(folder + path.sep));
  }

  folderOf(file?: string): string | undefined {
    if (file === undefined) return this.folderPaths[0];
    const resolved = path.resolve(file);
    const folder = this.folderPaths.filter((f) => resolved === f || resolved.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
    return folder ?? path.dirname(resolved);
  }

  /** The canonical form of a file URI, as the store keys files. */
  private canonical(uri: string): string {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? this.uriOf(parsed.fsPath) : uri;
  }

  // Configs and settings.

  config(file?: string): Promise<ConfigState> {
    return this.configOfFolder(this.folderOf(file));
  }

  private configOfFolder(folder: string | undefined): Promise<ConfigState> {
    if (this.perFolder && folder === undefined) return Promise.resolve({ problems: [] });
    const key = this.perFolder ? folder! : '';
    let state = this.configs.get(key);
    if (!state) {
      state = this.loadConfig(folder).catch((e): ConfigState => {
        this.log(`project config lookup failed in ${folder}: ${String(e)}`);
        return { problems: [] };
      });
      this.configs.set(key, state);
    }
    return state;
  }

  /** Finds the config file for `folder` (see {@link ConfigSource}) and its text; `done` when there is nothing to parse. */
  private async findConfig(folder: string | undefined): Promise<{ path: string; text: string } | { done: ConfigState }> {
    const source = this.source;
    if (source === 'none') return { done: { problems: [] } };
    if (typeof source === 'object' && 'file' in source) {
      const text = await this.fs.readFile(source.file);
      return text === undefined ? { done: { path: source.file, problems: [], unreadable: true } } : { path: source.file, text };
    }
    const start = typeof source === 'object' ? source.lookupFrom : folder;
    if (start === undefined) return { done: { problems: [] } };
    // In Restricted Mode a config file is read only if its real path is inside the workspace (not from parent folders, nor through a symlink).
    const readFile = async (file: string) => ((await this.mayRead(file)) ? this.fs.readFile(file) : undefined);
    const found = await findProjectConfig(start, { readFile, exists: async (p) => (await this.fs.stat(p)) !== undefined });
    return found ?? { done: { problems: [] } };
  }

  /** Reads and parses the config for `folder`, remembering the last good version. */
  private async loadConfig(folder: string | undefined): Promise<ConfigState> {
    const found = await this.findConfig(folder);
    if ('done' in found) return found.done;
    const { config, problems } = parseProjectConfig(found.text, found.path);
    if (config && problems.length === 0) this.goodConfigs.set(found.path, config);
    const served = problems.length === 0 ? config : this.goodConfigs.get(found.path);
    if (problems.length > 0)
      this.log(`project config ${found.path} has ${count(problems.length, 'problem')}${served ? '; serving its last good version' : ''}`);
    this.emit({ kind: 'config', path: found.path, text: found.text, problems });
    return { ...(served ? { config: served } : {}), path: found.path, text: found.text, problems };
  }

  settings(target: SettingsTarget = {}): Promise<Settings> {
    const key = target.scope ?? target.file ?? '';
    let result = this.settingsCache.get(key);
    if (!result) {
      result = (async () => {
        const [explicit, state] = await Promise.all([this.options.explicitSettings?.(target.scope), this.configOfFolder(this.folderOf(target.at))]);
        return resolveSettings({ config: state.config, explicit, filePath: target.file });
      })();
      this.settingsCache.set(key, result);
    }
    return result;
  }

  /** The settings of a folder as a whole: the folder as scope and file in the editor; the project's with one config. */
  private folderSettings(folder: string | undefined): Promise<Settings> {
    return this.settings(this.perFolder && folder !== undefined ? { scope: this.uriOf(folder), file: folder, at: folder } : {});
  }

  async isIgnored(file: string, current: Settings): Promise<boolean> {
    const folder = this.perFolder ? this.folderOf(file) : (await this.glossaryFolders()).settings[0];
    const state = await this.configOfFolder(folder);
    return isIgnored(state.config, current, path.resolve(file), folder);
  }

  forget(what: { configs?: boolean; scope?: string } = {}): void {
    if (what.configs) this.configs.clear();
    if (what.scope !== undefined && !what.configs) this.settingsCache.delete(what.scope);
    else this.settingsCache.clear();
  }

  // Glossary layers.

  /** The folders workspace glossaries are searched in, and the folders `glossaryFiles` are relative to. */
  private async glossaryFolders(): Promise<{ workspace: string[]; settings: string[] }> {
    const folders = this.folderPaths;
    if (this.perFolder) return { workspace: folders, settings: folders.length > 0 ? folders : [this.options.cwd ?? '/'] };
    const root = (await this.configOfFolder(undefined)).config?.dir ?? folders[0] ?? this.options.cwd ?? '/';
    return { workspace: [root], settings: [root] };
  }

  /**
   * The glossary files wanted, by URI: workspace files named neither in settings nor by an
   * override (each applying to its folder, see `workspaceGlossaryPlace`), then settings files in
   * order, then the files of config overrides' `glossaryFiles` (applying where the override does).
   */
  private async wantedFiles(first: Settings): Promise<{ wanted: Map<string, WantedFile>; settingsFiles: string[]; problems: GlossaryEntryProblem[] }> {
    const where = await this.glossaryFolders();
    const settingsFiles: string[] = [];
    const packages = new Map<string, GlossaryPackage>();
    const problems: GlossaryEntryProblem[] = [];
    for (const folder of where.settings) {
      const entries = [...(await this.folderSettings(folder)).glossaryFiles, ...(this.options.extraGlossaryFiles ?? [])];
      const packageBase = (await this.configOfFolder(this.perFolder ? folder : undefined)).config?.dir ?? folder;
      const resolved = await resolveGlossaryFileEntries(folder, entries, { ...(await this.restricted()), packageBase });
      problems.push(...resolved.problems);
      for (const file of resolved.files) {
        if (settingsFiles.includes(file.path)) continue;
        settingsFiles.push(file.path);
        if (file.package) packages.set(file.path, file.package);
      }
    }
    const overrides = await this.overrideFiles(where.workspace, settingsFiles, problems);
    const workspaceFiles: string[] = [];
    if (first.workspaceGlossaries)
      for (const folder of where.workspace) workspaceFiles.push(...(await findWorkspaceGlossaryFiles(folder, await this.restricted())));
    this.workspaceRoots = where.workspace;
    this.workspaceFiles.clear();
    const wanted = new Map<string, WantedFile>();
    for (const file of workspaceFiles.sort()) {
      if (settingsFiles.includes(file) || overrides.has(file)) continue;
      const uri = this.uriOf(file);
      this.workspaceFiles.set(uri, file);
      wanted.set(uri, { path: file, layer: 'workspace', place: workspaceGlossaryPlace(where.workspace, file) });
    }
    for (const file of settingsFiles) wanted.set(this.uriOf(file), { path: file, layer: 'settings', place: settingsPlace(file, packages.get(file)) });
    for (const [file, place] of overrides) wanted.set(this.uriOf(file), { path: file, layer: 'settings', place });
    return { wanted, settingsFiles, problems };
  }

  /**
   * The files config overrides name in `glossaryFiles` (not already settings files, which apply
   * everywhere), each scoped to the paths of every override naming it, in the configs' order.
   */
  private async overrideFiles(
    folders: readonly string[],
    settingsFiles: readonly string[],
    problems: GlossaryEntryProblem[],
  ): Promise<Map<string, GlossaryPlace>> {
    const configs = new Map<string, ProjectConfig>();
    for (const folder of this.perFolder ? folders : [undefined]) {
      const config = (await this.configOfFolder(folder)).config;
      if (config && !configs.has(config.path)) configs.set(config.path, config);
    }
    const found = new Map<string, { rules: PathRule[]; group: string; order: number; package?: GlossaryPackage }>();
    let order = 0;
    for (const config of configs.values()) {
      for (const [i, o] of config.overrides.entries()) {
        if (!o.glossaryFiles) continue;
        const resolved = await resolveGlossaryFileEntries(config.dir, o.glossaryFiles, { ...(await this.restricted()), packageBase: config.dir });
        problems.push(...resolved.problems);
        const rule: PathRule = { dir: config.dir, files: o.files, ...(o.excludedFiles ? { excludedFiles: o.excludedFiles } : {}) };
        for (const file of resolved.files) {
          if (settingsFiles.includes(file.path)) continue;
          const known = found.get(file.path);
          if (known) known.rules.push(rule);
          else found.set(file.path, { rules: [rule], group: `${config.path}#${i}`, order, ...(file.package ? { package: file.package } : {}) });
        }
        order++;
      }
    }
    const places = new Map<string, GlossaryPlace>();
    for (const [file, f] of found) {
      places.set(file, {
        scope: { kind: 'paths', group: f.group, order: f.order, rules: f.rules },
        ...settingsPlace(file, f.package),
      });
    }
    return places;
  }

  /** The bundled glossary's text; undefined when the settings turn it off or there is none. */
  private async readBundled(first: Settings, unreadable: WantedFile[]): Promise<GlossaryFileInput | undefined> {
    const bundled = this.options.bundled;
    if (bundled === undefined || !first.bundledGlossary) return undefined;
    const text = await this.fs.readFile(bundled);
    if (text === undefined) {
      this.log(`bundled glossary not found at ${bundled}`);
      unreadable.push({ path: bundled, layer: 'bundled' });
      return undefined;
    }
    return { uri: this.uriOf(bundled), text, layer: 'bundled', place: { label: 'bundled glossary' } };
  }

  async readGlossaryLayers(): Promise<GlossaryLayers> {
    const unreadable: WantedFile[] = [];
    const first = await this.folderSettings(this.perFolder ? this.folderPaths[0] : undefined);
    const bundled = await this.readBundled(first, unreadable);
    const files: GlossaryFileInput[] = bundled ? [bundled] : [];
    const { wanted, settingsFiles, problems } = await this.wantedFiles(first);
    for (const problem of problems) this.log(`glossary ${problem.entry}: ${problem.message}`);
    for (const [uri, { path: file, layer, place }] of wanted) {
      const text = this.open.get(uri) ?? (await this.fs.readFile(file));
      if (text === undefined) unreadable.push({ path: file, layer });
      else files.push({ uri, text, layer, ...(place ? { place } : {}) });
    }
    return { files, settingsFiles, unreadable, ...(problems.length > 0 ? { problems } : {}) };
  }

  async reload(): Promise<GlossaryLoad> {
    const { files, ...load } = await this.readGlossaryLayers();
    const keep = new Set(files.map((f) => f.uri));
    // An unreadable bundled glossary keeps serving what it last read; an unreadable wanted file serves nothing.
    const bundledUri = this.bundledUri();
    if (bundledUri !== undefined && load.unreadable.some((f) => f.layer === 'bundled')) keep.add(bundledUri);
    let changed = false;
    for (const uri of this.store.snapshot().files.map((f) => f.uri)) {
      if (keep.has(uri)) continue;
      changed = this.store.deleteFile(uri) || changed;
      this.texts.delete(uri);
    }
    changed = this.store.setSettingsFiles(load.settingsFiles.map(this.uriOf)) || changed;
    for (const f of files) {
      this.texts.set(f.uri, f.text);
      changed = this.store.setFile(f.uri, f.text, f.layer, f.place) || changed;
    }
    if (changed) this.emit({ kind: 'glossary' });
    return load;
  }

  glossaryTexts(): ReadonlyMap<string, string> {
    return this.texts;
  }

  glossaryInputs(): GlossaryFileInput[] {
    return this.store.snapshot().files.flatMap((f) => {
      const text = this.texts.get(f.uri);
      const place = this.store.placeOf(f.uri);
      return text === undefined ? [] : [{ uri: f.uri, text, layer: f.layer, ...(place ? { place } : {}) }];
    });
  }

  glossaryFilesFor(file: string): readonly string[] {
    const target = path.resolve(file);
    const applying: { path: string; depth: number }[] = [];
    for (const [uri, p] of this.workspaceFiles) {
      const scope = this.store.placeOf(uri)?.scope;
      if (!scope || scope.kind === 'everywhere') applying.push({ path: p, depth: -1 });
      else if (scope.kind === 'folder' && isPathInside(scope.folder, target)) applying.push({ path: p, depth: scope.folder.length });
    }
    return applying.sort((a, b) => a.depth - b.depth || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)).map((f) => f.path);
  }

  bundledUri(): string | undefined {
    return this.options.bundled === undefined ? undefined : this.uriOf(this.options.bundled);
  }

  // Open documents and watched files.

  setOpenDocument(uri: string, text: string): void {
    this.open.set(this.canonical(uri), text);
  }

  closeDocument(uri: string): void {
    this.open.delete(this.canonical(uri));
  }

  async applyOpenDocument(uri: string): Promise<boolean> {
    const key = this.canonical(uri);
    const file = URI.parse(key).fsPath;
    const known = this.store.snapshot().files.find((f) => f.uri === key);
    const layer = known?.layer ?? (this.isInside(file) ? 'workspace' : undefined);
    // In Restricted Mode an open glossary is served only if its real path is inside the workspace too (not a symlink out of it).
    if (!layer || layer === 'bundled' || !(await this.mayRead(file))) return false;
    const text = this.open.get(key);
    if (text === undefined) return false;
    this.texts.set(key, text);
    // A new file applies where a workspace file in its folder would.
    const roots = this.workspaceRoots.length > 0 ? this.workspaceRoots : this.folderPaths;
    const place = known ? this.store.placeOf(key) : workspaceGlossaryPlace(roots, file);
    if (!known) this.workspaceFiles.set(key, file);
    if (this.store.setFile(key, text, layer, place)) this.emit({ kind: 'glossary' });
    return true;
  }

  fileChanged(uri: string, deleted: boolean): boolean {
    const key = this.canonical(uri);
    if (isConfigFileUri(key)) {
      this.configFileChanged(key, deleted);
      return true;
    }
    const known = this.store.snapshot().files.some((f) => f.uri === key);
    if (!known && !isGlossaryFileUri(key)) return false;
    if (deleted) {
      this.texts.delete(key);
      this.workspaceFiles.delete(key);
      if (this.store.deleteFile(key)) this.emit({ kind: 'glossary' });
    }
    return true;
  }

  /** A config file anywhere may be the one a folder uses (or become it): looks them all up again. */
  private configFileChanged(key: string, deleted: boolean): void {
    this.configs.clear();
    this.settingsCache.clear();
    if (!deleted) return;
    const file = URI.parse(key).fsPath;
    this.goodConfigs.delete(file);
    this.emit({ kind: 'config', path: file, text: '', problems: [] });
  }
}
