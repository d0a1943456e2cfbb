/**
 * The LSP edge: the only module (with `main.ts`) that knows the protocol. It keeps documents,
 * settings and glossary files in sync with the client and adapts each request to a pure feature
 * of the {@link TermService}.
 */

import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type Diagnostic,
  type Disposable,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { findUnknownRelated } from './glossary/check';
import type { GlossaryProblem } from './glossary/model';
import { expandGlossaryFileEntries, findWorkspaceGlossaryFiles, GLOSSARY_GLOB, isReallyInside, realpathOf } from './project/glossaryFiles';
import {
  reloadGlossaryRequest,
  searchGlossaryRequest,
  statusNotification,
  trustNotification,
  type SearchGlossaryParams,
  type SearchGlossaryResult,
  type TermlensInitializationOptions,
  type TrustParams,
} from './protocolExtensions';
import { createTermService, type TermService } from './service';
import { CONFIG_FILE_NAMES, findProjectConfig, isIgnored, parseProjectConfig, resolveSettings, type ConfigProblem, type ProjectConfig } from './config/projectConfig';
import { diagnosticOptions, isEnabledFor, isTooLarge, type Settings } from './settings';
import type { Dictionary } from './text/dictionary';
import type { ParsedDocument } from './text/document';
import { isSupportedLanguage, skippedSpans } from './text/document';
import type { ChunkScanner } from './text/markdown';
import { count } from './text/count';
import { canonicalLanguageId } from './text/fileTypes';
import { LineIndex } from './text/lineIndex';
import type { TermCompletionItem } from './features/completion';
import type { TermDiagnostic } from './features/diagnostics';

/** Dependencies of the server, passed in by `main.ts` (and by tests). */
export interface ServerOptions {
  /** Path of the bundled glossary file. */
  readonly bundledGlossaryPath: string;
  readonly dictionary: Dictionary;
  /** Delay before diagnostics are recomputed after an edit, in ms. Default: adaptive (see `validationDelay`). */
  readonly diagnosticsDelay?: number;
  /** How Markdown chunks that need remark are parsed; `main.ts` passes a worker with a time budget. Default: in this thread. */
  readonly scanMarkdownChunk?: ChunkScanner;
}

/** Diagnostics that take less than this (ms) are recomputed at once after every edit. */
const QUICK_CHECK_MS = 50;
/** The longest wait (ms) before diagnostics are recomputed after an edit. */
const MAX_VALIDATION_DELAY_MS = 300;
/** Characters around the cursor scanned for hover and completion in a document over the size limit. */
const WINDOW_MARGIN = 4096;

/** The one diagnostic of a document over `termlens.maxDocumentSize`, at its start. */
function tooLargeDiagnostic(length: number, limit: number): Diagnostic {
  const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: 3,
    code: 'document.too-large',
    source: 'termlens',
    message: `termlens diagnostics are paused for this document: it is ${mb(length)}, over termlens.maxDocumentSize (${mb(limit)}). Hover, completion and go to definition still work.`,
  };
}

/** The note on a block of Markdown that was not checked because remark ran over its time budget there. */
function skippedDiagnostic(range: Diagnostic['range'], length: number): Diagnostic {
  return {
    range: { start: range.start, end: range.start },
    severity: 3,
    code: 'document.skipped',
    source: 'termlens',
    message: `termlens skipped this block of Markdown (${length} characters): it took too long to parse (deeply nested lists or quotes, or thousands of unmatched * or _), so its terms are not checked.`,
  };
}

/** How long glossary reload triggers are gathered before one reload runs, in ms. */
const RELOAD_DEBOUNCE_MS = 40;

const GLOSSARY_FILE = /\.glossary\.(ya?ml|json)$/i;
/** Glob of the files a project config can live in; `package.json` counts only with a `termlens` key. */
const CONFIG_GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;

function isConfigFile(uri: string): boolean {
  return CONFIG_FILE_NAMES.includes(path.posix.basename(URI.parse(uri).path));
}

/** The project config that applies in a folder, and the problems of its current text. */
interface ProjectState {
  /** The config served: the current text's, or the last good one while the file is broken. */
  readonly config?: ProjectConfig;
  readonly path?: string;
  readonly problems: readonly ConfigProblem[];
}

/** A term diagnostic as LSP sends it: related places become locations in the same document. */
function toDiagnostic(d: TermDiagnostic, uri: string): Diagnostic {
  const { relatedInformation, ...rest } = d;
  if (!relatedInformation || relatedInformation.length === 0) return rest as Diagnostic;
  return { ...rest, relatedInformation: relatedInformation.map((r) => ({ location: { uri, range: r.range }, message: r.message })) } as Diagnostic;
}

/** The canonical form of a file URI, as the glossary store keys files. */
function canonical(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? URI.file(parsed.fsPath).toString() : uri;
}

function isGlossaryDocument(uri: string): boolean {
  return GLOSSARY_FILE.test(URI.parse(uri).path);
}

function toDiagnosticSeverity(p: GlossaryProblem): 1 | 2 {
  return p.severity === 'error' ? 1 : 2;
}

/** Whether `p` is an LSP `Position`: two non-negative integers. */
function isPosition(p: unknown): boolean {
  if (typeof p !== 'object' || p === null) return false;
  const { line, character } = p as { line?: unknown; character?: unknown };
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

/** Whether `c` is a well-formed `TextDocumentContentChangeEvent`: a whole text, or a text replacing a range. */
function isWellFormedChange(c: unknown): boolean {
  if (typeof c !== 'object' || c === null) return false;
  const { text, range, rangeLength } = c as { text?: unknown; range?: unknown; rangeLength?: unknown };
  if (typeof text !== 'string') return false;
  if (range === undefined) return rangeLength === undefined;
  if (typeof range !== 'object' || range === null) return false;
  const { start, end } = range as { start?: unknown; end?: unknown };
  return isPosition(start) && isPosition(end) && (rangeLength === undefined || Number.isInteger(rangeLength));
}

/**
 * Applies a `didChange` batch all or nothing: `TextDocument.update` applies changes one by one and
 * throws at a malformed one, leaving the earlier ones applied under the old version, so that every
 * later answer would come from a text the client never had. A batch with any malformed change is
 * refused whole (the error is logged) and the document keeps its text and version.
 */
function updateAllOrNothing(document: TextDocument, changes: readonly unknown[], version: number): TextDocument {
  const bad = changes.findIndex((c) => !isWellFormedChange(c));
  if (bad >= 0 || !Number.isInteger(version)) {
    const what = bad >= 0 ? `change ${bad + 1} of ${changes.length} is malformed` : `its version ${String(version)} is not an integer`;
    throw new Error(`termlens ignored an edit of ${document.uri}: ${what}; the document stays at version ${document.version}`);
  }
  return TextDocument.update(document, changes as Parameters<typeof TextDocument.update>[1], version);
}

/** Wires `connection` to a new termlens service and starts listening. */
export function startServer(connection: Connection, options: ServerOptions): TermService {
  const service = createTermService({ dictionary: options.dictionary, scanMarkdownChunk: options.scanMarkdownChunk });
  const documents = new TextDocuments({ create: TextDocument.create, update: updateAllOrNothing });
  const settingsCache = new Map<string, Promise<Settings>>();
  const parsed = new Map<string, { version: number; glossary: unknown; doc: ParsedDocument }>();
  /** Partial parses of documents over the size limit, around the last request. */
  const windows = new Map<string, { version: number; glossary: unknown; doc: ParsedDocument }>();
  /** How long the last diagnostics of each document took, and when they were published. */
  const timings = new Map<string, { duration: number; at: number }>();
  const pending = new Map<string, NodeJS.Timeout>();
  /** Texts of glossary files as last read, to locate their problems by line. */
  const glossaryTexts = new Map<string, string>();
  /** Glossary files that currently have diagnostics published, so fixed ones get cleared. */
  const glossaryDiagnosticUris = new Set<string>();
  let workspaceFolders: string[] = [];
  /** The real paths of the workspace folders (symlinks resolved once, when the folders are set): Restricted Mode compares real paths. */
  let workspaceRealFolders: Promise<string[]> = Promise.resolve([]);
  let trusted = true;
  let hasConfiguration = false;
  let hasWatchedFilesRegistration = false;
  let hasConfigurationRegistration = false;
  let hasRelativePatterns = false;
  /** Settings sent without a request (initializationOptions, didChangeConfiguration), as raw as received. */
  let pushedSettings: unknown = undefined;
  const projects = new Map<string, Promise<ProjectState>>();
  /** The last config of each config file that read cleanly, served while the file is broken. */
  const goodConfigs = new Map<string, ProjectConfig>();
  /** Config files that currently have diagnostics published. */
  const configDiagnosticPaths = new Set<string>();
  let reloading: Promise<void> = Promise.resolve();

  const log = (message: string) => connection.console.log(message);

  /** The folder a document's project config is looked up from: its workspace folder, else its own folder. */
  function projectFolderOf(uri?: string): string | undefined {
    if (uri) {
      const parsedUri = URI.parse(uri);
      if (parsedUri.scheme === 'file' || parsedUri.scheme === 'vscode-notebook-cell') {
        const file = path.resolve(parsedUri.fsPath);
        const folder = workspaceFolders.filter((f) => file === f || file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0];
        return folder ?? path.dirname(file);
      }
    }
    return workspaceFolders[0];
  }

  function projectFor(folder: string | undefined): Promise<ProjectState> {
    if (folder === undefined) return Promise.resolve({ problems: [] });
    let state = projects.get(folder);
    if (!state) {
      state = loadProject(folder).catch((e): ProjectState => {
        log(`project config lookup failed in ${folder}: ${String(e)}`);
        return { problems: [] };
      });
      projects.set(folder, state);
    }
    return state;
  }

  async function loadProject(folder: string): Promise<ProjectState> {
    // In Restricted Mode a config file is read only if its real path is inside the workspace (not from parent folders, nor through a symlink).
    const readConfig = async (file: string) => ((await mayRead(file)) ? readTextFile(file) : undefined);
    const found = await findProjectConfig(folder, { readFile: readConfig, exists: fileExists });
    if (!found) return { problems: [] };
    const { config, problems } = parseProjectConfig(found.text, found.path);
    if (config && problems.length === 0) goodConfigs.set(found.path, config);
    const served = problems.length === 0 ? config : goodConfigs.get(found.path);
    if (problems.length > 0) log(`project config ${found.path} has ${count(problems.length, 'problem')}${served ? '; serving its last good version' : ''}`);
    await publishConfigProblems(found.path, found.text, problems);
    return { config: served, path: found.path, problems };
  }

  async function publishConfigProblems(file: string, text: string, problems: readonly ConfigProblem[]): Promise<void> {
    const lines = new LineIndex(text);
    const diagnostics: Diagnostic[] = problems.map((p) => ({
      range: lines.range(p.start, Math.max(p.end, p.start)),
      severity: 1,
      code: p.code,
      source: 'termlens',
      message: p.message,
    }));
    if (diagnostics.length === 0 && !configDiagnosticPaths.has(file)) return;
    if (diagnostics.length > 0) configDiagnosticPaths.add(file);
    else configDiagnosticPaths.delete(file);
    await connection.sendDiagnostics({ uri: URI.file(file).toString(), diagnostics });
  }

  /** The settings the client has for `uri`: only what the user set (see client/src/explicitSettings.ts). */
  async function explicitSettings(uri?: string): Promise<unknown> {
    if (!hasConfiguration) return pushedSettings;
    try {
      return await connection.workspace.getConfiguration(uri ? { scopeUri: uri, section: 'termlens' } : { section: 'termlens' });
    } catch {
      return pushedSettings;
    }
  }

  /** Effective settings for a document (or, without `uri`, for the first workspace folder): defaults < project config < editor settings. */
  function getSettings(uri?: string): Promise<Settings> {
    const key = uri ?? '';
    let result = settingsCache.get(key);
    if (!result) {
      result = (async () => {
        const [explicit, project] = await Promise.all([explicitSettings(uri), projectFor(projectFolderOf(uri))]);
        const filePath = uri && URI.parse(uri).scheme !== 'untitled' ? URI.parse(uri).fsPath : undefined;
        return resolveSettings({ config: project.config, explicit, filePath });
      })();
      settingsCache.set(key, result);
    }
    return result;
  }

  /** Whether the project's ignore globs exclude `uri` from diagnostics. */
  async function isIgnoredDoc(uri: string, settings: Settings): Promise<boolean> {
    const parsedUri = URI.parse(uri);
    if (parsedUri.scheme !== 'file' && parsedUri.scheme !== 'vscode-notebook-cell') return false;
    const folder = projectFolderOf(uri);
    const project = await projectFor(folder);
    return isIgnored(project.config, settings, path.resolve(parsedUri.fsPath), folder);
  }

  function parsedFor(document: TextDocument, languageId: string): ParsedDocument {
    const glossary = service.glossary();
    const cached = parsed.get(document.uri);
    if (cached && cached.version === document.version && cached.glossary === glossary) return cached.doc;
    // The editor's document keeps its line starts up to date edit by edit: positions come from it.
    const doc = service.parse(document.getText(), languageId, { previous: cached?.doc, positions: document });
    parsed.set(document.uri, { version: document.version, glossary, doc });
    return doc;
  }

  /**
   * The document parsed for a request at `offset`: whole, or around the offset when the document is
   * over `termlens.maxDocumentSize` (hover and completion need only the text near the cursor).
   */
  function parsedAt(target: { document: TextDocument; settings: Settings; languageId: string }, offset: number): ParsedDocument {
    const { document, settings, languageId } = target;
    if (!isTooLarge(settings, document.getText().length)) return parsedFor(document, languageId);
    const glossary = service.glossary();
    const cached = windows.get(document.uri);
    const w = cached?.doc.window;
    if (cached && cached.version === document.version && cached.glossary === glossary && w && offset >= w.start && offset <= w.end) return cached.doc;
    const window = { start: Math.max(0, offset - WINDOW_MARGIN), end: offset + WINDOW_MARGIN };
    const doc = service.parse(document.getText(), languageId, { positions: document, window });
    windows.set(document.uri, { version: document.version, glossary, doc });
    return doc;
  }

  async function enabledDoc(uri: string): Promise<{ document: TextDocument; settings: Settings; languageId: string } | undefined> {
    const document = documents.get(uri);
    const languageId = document && canonicalLanguageId(document.languageId);
    if (!document || !languageId || !isSupportedLanguage(languageId)) return undefined;
    const settings = await getSettings(uri);
    return isEnabledFor(settings, languageId) ? { document, settings, languageId } : undefined;
  }

  async function validate(uri: string): Promise<void> {
    const target = await enabledDoc(uri);
    if (!target) {
      if (documents.get(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const { document, settings } = target;
    const version = document.version;
    const started = performance.now();
    let diagnostics: Diagnostic[];
    if (await isIgnoredDoc(uri, settings)) diagnostics = [];
    else if (isTooLarge(settings, document.getText().length)) {
      parsed.delete(uri);
      diagnostics = [tooLargeDiagnostic(document.getText().length, settings.maxDocumentSize)];
    } else {
      const doc = parsedFor(document, target.languageId);
      diagnostics = service.diagnostics(doc, diagnosticOptions(settings)).map((d) => toDiagnostic(d, uri));
      for (const span of skippedSpans(doc)) diagnostics.push(skippedDiagnostic(doc.lines.range(span.start, span.start), span.end - span.start));
    }
    timings.set(uri, { duration: performance.now() - started, at: performance.now() });
    // A newer edit supersedes this result; its own validation will publish.
    if (documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /**
   * When to recompute a document's diagnostics after an edit: at once when the document is quick
   * to check or the user has paused, else after about as long as the last check took, so that a
   * burst of keystrokes in a long document costs one check, not one per keystroke.
   */
  function validationDelay(uri: string): number {
    if (options.diagnosticsDelay !== undefined) return options.diagnosticsDelay;
    const last = timings.get(uri);
    if (!last || last.duration < QUICK_CHECK_MS || performance.now() - last.at > 2 * last.duration + QUICK_CHECK_MS) return 0;
    return Math.min(last.duration, MAX_VALIDATION_DELAY_MS);
  }

  function scheduleValidation(uri: string, delay = validationDelay(uri)): void {
    clearTimeout(pending.get(uri));
    pending.set(
      uri,
      setTimeout(() => {
        pending.delete(uri);
        validate(uri).catch((e) => log(`diagnostics failed for ${uri}: ${String(e)}`));
      }, delay),
    );
  }

  function revalidateAll(): void {
    for (const document of documents.all()) if (!isGlossaryDocument(document.uri)) scheduleValidation(document.uri, 0);
  }

  function isInsideWorkspace(fsPath: string): boolean {
    const resolved = path.resolve(fsPath);
    return workspaceFolders.some((folder) => resolved === folder || resolved.startsWith(folder + path.sep));
  }

  /** Whether a file may be read now: always when trusted; in Restricted Mode only if its real path is inside a workspace folder's. */
  async function mayRead(fsPath: string): Promise<boolean> {
    return trusted || isReallyInside(fsPath, await workspaceRealFolders);
  }

  async function fileExists(fsPath: string): Promise<boolean> {
    try {
      await stat(fsPath);
      return true;
    } catch {
      return false;
    }
  }

  async function readTextFile(fsPath: string): Promise<string | undefined> {
    try {
      const info = await stat(fsPath);
      if (!info.isFile()) return undefined;
      return await readFile(fsPath, 'utf8');
    } catch {
      return undefined;
    }
  }

  /** Files named by `termlens.glossaryFiles` (paths or globs, relative to each folder), in order. */
  async function settingsGlossaryFiles(): Promise<string[]> {
    const out: string[] = [];
    const scopes = workspaceFolders.length > 0 ? workspaceFolders : [process.cwd()];
    for (const folder of scopes) {
      const settings = await getSettings(URI.file(folder).toString());
      const files = await expandGlossaryFileEntries(folder, settings.glossaryFiles, { trusted, roots: await workspaceRealFolders, log });
      for (const file of files) if (!out.includes(file)) out.push(file);
    }
    return out;
  }

  async function workspaceGlossaryFiles(): Promise<string[]> {
    const out: string[] = [];
    const roots = await workspaceRealFolders;
    for (const folder of workspaceFolders) out.push(...(await findWorkspaceGlossaryFiles(folder, { trusted, roots, log })));
    return out.sort();
  }

  /** (Re)reads every glossary layer from disk and publishes status and glossary diagnostics. */
  async function loadGlossaries(): Promise<void> {
    const settings = await getSettings(workspaceFolders[0] ? URI.file(workspaceFolders[0]).toString() : undefined);
    const bundledUri = URI.file(options.bundledGlossaryPath).toString();
    if (settings.bundledGlossary) {
      const text = await readTextFile(options.bundledGlossaryPath);
      if (text === undefined) log(`bundled glossary not found at ${options.bundledGlossaryPath}`);
      else {
        glossaryTexts.set(bundledUri, text);
        service.store.setFile(bundledUri, text, 'bundled');
      }
    } else service.store.deleteFile(bundledUri);

    const workspaceFiles = settings.workspaceGlossaries ? await workspaceGlossaryFiles() : [];
    const settingsFiles = await settingsGlossaryFiles();
    const wanted = new Map<string, 'workspace' | 'settings'>();
    for (const f of workspaceFiles) wanted.set(URI.file(f).toString(), 'workspace');
    for (const f of settingsFiles) wanted.set(URI.file(f).toString(), 'settings');
    for (const uri of service.store.snapshot().files.map((f) => f.uri)) {
      if (uri !== bundledUri && !wanted.has(uri)) {
        service.store.deleteFile(uri);
        glossaryTexts.delete(uri);
      }
    }
    service.store.setSettingsFiles(settingsFiles.map((f) => URI.file(f).toString()));
    await watchSettingsFiles(settingsFiles);
    const open = new Map(documents.all().map((d) => [canonical(d.uri), d.getText()]));
    for (const [uri, layer] of wanted) {
      const text = open.get(uri) ?? (await readTextFile(URI.parse(uri).fsPath));
      if (text === undefined) {
        service.store.deleteFile(uri);
        continue;
      }
      glossaryTexts.set(uri, text);
      service.store.setFile(uri, text, layer);
    }
    await glossaryChanged();
  }

  let settingsWatchers: Disposable | undefined;
  let watchedSettingsFiles = '';
  /** Asks the client to watch the files named in settings, which the workspace glob may not cover. */
  async function watchSettingsFiles(files: readonly string[]): Promise<void> {
    const key = files.join('\n');
    if (!hasWatchedFilesRegistration || key === watchedSettingsFiles) return;
    watchedSettingsFiles = key;
    settingsWatchers?.dispose();
    settingsWatchers = undefined;
    if (files.length === 0) return;
    const watchers = files.map((f) =>
      hasRelativePatterns ? { globPattern: { baseUri: URI.file(path.dirname(f)).toString(), pattern: path.basename(f) } } : { globPattern: f.split(path.sep).join('/') },
    );
    settingsWatchers = await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers });
  }

  async function glossaryChanged(): Promise<void> {
    // Related terms naming no concept are reported in workspace and settings files (the bundled one is checked by its tests).
    const bundledUri = URI.file(options.bundledGlossaryPath).toString();
    const problems = [...service.glossaryProblems(), ...findUnknownRelated(service.store.snapshot().concepts, { only: (uri) => uri !== bundledUri })];
    const byUri = new Map<string, Diagnostic[]>();
    for (const p of problems) {
      const lines = new LineIndex(glossaryTexts.get(p.uri) ?? '');
      const list = byUri.get(p.uri) ?? [];
      list.push({ range: lines.range(p.start, Math.max(p.end, p.start)), severity: toDiagnosticSeverity(p), code: p.code, source: 'termlens', message: p.message });
      byUri.set(p.uri, list);
    }
    for (const uri of glossaryDiagnosticUris) {
      if (!byUri.has(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    glossaryDiagnosticUris.clear();
    for (const [uri, diagnostics] of byUri) {
      glossaryDiagnosticUris.add(uri);
      await connection.sendDiagnostics({ uri, diagnostics });
    }
    const status = service.status(glossaryTexts);
    log(`glossary: ${count(status.conceptCount, 'concept')}, ${count(status.termCount, 'term')}, ${count(status.errorCount, 'error')}`);
    for (const file of status.files) log(`  ${file.layer}: ${URI.parse(file.uri).fsPath}: ${count(file.concepts, 'concept')}, ${count(file.errors, 'error')}`);
    for (const line of status.errorSummaries) log(`  ${line}`);
    await connection.sendNotification(statusNotification, status);
    revalidateAll();
    // Build the word list and completion indexes now, between requests, rather than during the first hover or edit.
    setImmediate(() => service.warm());
  }

  let reloadQueued = false;
  /**
   * Reloads every glossary layer. Triggers within {@link RELOAD_DEBOUNCE_MS} of each other, or
   * while a reload is still queued, share one load: at startup the client answers the server's
   * configuration registration with a configuration change right after the initial load request.
   */
  function reload(): Promise<void> {
    if (reloadQueued) return reloading;
    reloadQueued = true;
    reloading = reloading
      .then(() => new Promise((resolve) => setTimeout(resolve, RELOAD_DEBOUNCE_MS)))
      .then(() => {
        reloadQueued = false;
        return loadGlossaries();
      })
      .catch((e) => log(`glossary load failed: ${String(e)}`));
    return reloading;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as TermlensInitializationOptions;
    trusted = init.workspaceTrusted !== false;
    hasConfiguration = params.capabilities.workspace?.configuration === true;
    hasConfigurationRegistration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    // Clients that neither answer workspace/configuration nor send settings can pass them here.
    if (init.settings !== undefined) pushedSettings = init.settings;
    hasWatchedFilesRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    hasRelativePatterns = params.capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
    const folders = params.workspaceFolders?.map((f) => URI.parse(f.uri).fsPath) ?? (params.rootUri ? [URI.parse(params.rootUri).fsPath] : []);
    workspaceFolders = folders.map((f) => path.resolve(f));
    workspaceRealFolders = Promise.all(workspaceFolders.map(async (f) => (await realpathOf(f)) ?? f));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        definitionProvider: true,
        completionProvider: { resolveProvider: true },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'termlens-ls', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    if (hasConfiguration && hasConfigurationRegistration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'termlens' });
    if (hasWatchedFilesRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: GLOSSARY_GLOB }, { globPattern: CONFIG_GLOB }] });
    }
    void reload();
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const section = (change.settings as { termlens?: unknown } | undefined)?.termlens;
    if (section !== undefined) pushedSettings = section;
    void reload();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let changed = false;
    for (const change of params.changes) {
      const uri = canonical(change.uri);
      if (isConfigFile(uri)) {
        // A config file anywhere may be the one a folder uses (or become it): look them all up again.
        projects.clear();
        settingsCache.clear();
        const file = URI.parse(uri).fsPath;
        if (change.type === FileChangeType.Deleted) {
          goodConfigs.delete(file);
          if (configDiagnosticPaths.has(file)) await publishConfigProblems(file, '', []);
        }
        changed = true;
        continue;
      }
      const known = service.store.snapshot().files.some((f) => f.uri === uri);
      if (!known && !isGlossaryDocument(uri)) continue;
      changed = true;
      if (change.type === FileChangeType.Deleted) {
        service.store.deleteFile(uri);
        glossaryTexts.delete(uri);
      }
    }
    // Created and changed files are simply re-read with every layer, which also applies ordering and trust.
    if (changed) await reload();
  });

  connection.onNotification(trustNotification, (params: TrustParams) => {
    trusted = params.trusted;
    // Project configs outside the workspace are read only when trusted: look them up again.
    projects.clear();
    settingsCache.clear();
    void reload();
  });

  connection.onRequest(reloadGlossaryRequest, async () => {
    projects.clear();
    settingsCache.clear();
    await reload();
    return service.status(glossaryTexts);
  });

  connection.onRequest(searchGlossaryRequest, (params: SearchGlossaryParams): SearchGlossaryResult => {
    const query = typeof params?.query === 'string' ? params.query : '';
    const limit = typeof params?.limit === 'number' && params.limit > 0 ? Math.min(params.limit, 500) : 50;
    return { items: service.search(query, limit) };
  });

  const glossaryEdits = new Map<string, NodeJS.Timeout>();

  /**
   * A glossary file being edited in the editor takes effect as it is typed (debounced), before it is
   * saved: its diagnostics follow the text, and the glossary serves it while it reads cleanly.
   */
  function glossaryEdited(uri: string): void {
    clearTimeout(glossaryEdits.get(uri));
    glossaryEdits.set(
      uri,
      setTimeout(async () => {
        glossaryEdits.delete(uri);
        const key = canonical(uri);
        const known = service.store.snapshot().files.find((f) => f.uri === key);
        const layer = known?.layer ?? (isInsideWorkspace(URI.parse(key).fsPath) ? 'workspace' : undefined);
        // In Restricted Mode an open glossary is served only if its real path is inside the workspace too (not a symlink out of it).
        if (!layer || layer === 'bundled' || !(await mayRead(URI.parse(key).fsPath))) return;
        const document = documents.get(uri);
        if (!document) return;
        glossaryTexts.set(key, document.getText());
        service.store.setFile(key, document.getText(), layer);
        void glossaryChanged();
      }, 250),
    );
  }

  documents.onDidChangeContent((e) => (isGlossaryDocument(e.document.uri) ? glossaryEdited(e.document.uri) : scheduleValidation(e.document.uri)));
  documents.onDidClose((e) => {
    if (isGlossaryDocument(e.document.uri)) {
      // Unsaved edits are gone with the editor: serve the file as it is on disk again.
      clearTimeout(glossaryEdits.get(e.document.uri));
      void reload();
      return;
    }
    clearTimeout(pending.get(e.document.uri));
    pending.delete(e.document.uri);
    parsed.delete(e.document.uri);
    windows.delete(e.document.uri);
    timings.delete(e.document.uri);
    settingsCache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  connection.onHover(async (params) => {
    const target = await enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    return service.hover(parsedAt(target, offset), offset) ?? null;
  });

  connection.onDefinition(async (params) => {
    const target = await enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    return service.definition(parsedAt(target, offset), offset) ?? null;
  });

  connection.onCompletion(async (params) => {
    const target = await enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    const invoked = params.context?.triggerKind === 1;
    const list = service.completions(parsedAt(target, offset), offset, { identifierStyle: target.settings.identifierStyle, invoked });
    return list as { isIncomplete: boolean; items: CompletionItem[] };
  });

  connection.onCompletionResolve((item) => {
    // Items from another client or an older server may lack our data: return them unchanged.
    const data = item.data as { conceptId?: unknown } | undefined;
    if (typeof data?.conceptId !== 'string') return item;
    return service.resolveCompletion(item as unknown as TermCompletionItem) as unknown as CompletionItem;
  });

  connection.onCodeAction(async (params) => {
    const target = await enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const only = params.context.only;
    if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`))) return null;
    if (isTooLarge(target.settings, target.document.getText().length)) return null;
    const doc = parsedFor(target.document, target.languageId);
    if (await isIgnoredDoc(params.textDocument.uri, target.settings)) return null;
    return service.codeActions(doc, params.textDocument.uri, params.range, params.context.diagnostics, diagnosticOptions(target.settings)) as CodeAction[];
  });

  documents.listen(connection);
  connection.listen();
  return service;
}
