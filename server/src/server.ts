/**
 * The LSP edge: the only module (with `main.ts`) that knows the protocol. It keeps documents,
 * settings and glossary files in sync with the client and adapts each request to a pure feature
 * of the {@link TermService}.
 */

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
import { nodeFileSystem } from './node/nodeFs';
import { GLOSSARY_GLOB } from './project/glossaryFiles';
import { createProject, isGlossaryFileUri, type Project, type SettingsTarget } from './project/workspace';
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
import { CONFIG_FILE_NAMES, type ConfigProblem } from './config/projectConfig';
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

/** Glob of the files a project config can live in; `package.json` counts only with a `termlens` key. */
const CONFIG_GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;
/** How long a glossary document's edits are gathered before its text is served, in ms. */
const GLOSSARY_EDIT_DELAY_MS = 250;

/** A term diagnostic as LSP sends it: related places become locations in the same document. */
function toDiagnostic(d: TermDiagnostic, uri: string): Diagnostic {
  const { relatedInformation, ...rest } = d;
  if (!relatedInformation || relatedInformation.length === 0) return rest as Diagnostic;
  return { ...rest, relatedInformation: relatedInformation.map((r) => ({ location: { uri, range: r.range }, message: r.message })) } as Diagnostic;
}

const isGlossaryDocument = isGlossaryFileUri;

/**
 * What a document's settings are asked for: its URI as the scope, its path for config overrides
 * (none when untitled), and, for files and notebook cells, its path to choose its folder's config.
 */
function settingsTarget(uri?: string): SettingsTarget {
  if (!uri) return {};
  const parsed = URI.parse(uri);
  const local = parsed.scheme === 'file' || parsed.scheme === 'vscode-notebook-cell';
  return { scope: uri, ...(parsed.scheme !== 'untitled' ? { file: parsed.fsPath } : {}), ...(local ? { at: parsed.fsPath } : {}) };
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

/** What the client can do, and the settings it sent without being asked. */
interface ClientState {
  hasConfiguration: boolean;
  hasConfigurationRegistration: boolean;
  hasWatchedFilesRegistration: boolean;
  hasRelativePatterns: boolean;
  /** Settings sent without a request (initializationOptions, didChangeConfiguration), as raw as received. */
  pushedSettings: unknown;
}

/** What the parts of the server share. */
interface ServerContext {
  readonly connection: Connection;
  readonly options: ServerOptions;
  readonly service: TermService;
  readonly documents: TextDocuments<TextDocument>;
  /** The workspace: folders, trust, configs, settings and glossary layers (`project/workspace.ts`). */
  readonly project: Project;
  readonly client: ClientState;
  log(message: string): void;
}

/** A document termlens is enabled for, with its settings. */
interface Target {
  readonly document: TextDocument;
  readonly settings: Settings;
  readonly languageId: string;
}

/** Wires `connection` to a new termlens service and starts listening. */
export function startServer(connection: Connection, options: ServerOptions): TermService {
  const service = createTermService({ dictionary: options.dictionary, scanMarkdownChunk: options.scanMarkdownChunk });
  const documents = new TextDocuments({ create: TextDocument.create, update: updateAllOrNothing });
  const client: ClientState = {
    hasConfiguration: false,
    hasConfigurationRegistration: false,
    hasWatchedFilesRegistration: false,
    hasRelativePatterns: false,
    pushedSettings: undefined,
  };
  const log = (message: string) => connection.console.log(message);
  const project = createProject({
    fs: nodeFileSystem,
    bundled: options.bundledGlossaryPath,
    cwd: process.cwd(),
    store: service.store,
    explicitSettings: (scope) => explicitSettings(connection, client, scope),
    log,
  });
  const ctx: ServerContext = { connection, options, service, documents, project, client, log };
  const docs = createDocumentPipeline(ctx);
  const glossary = createGlossarySync(ctx, docs.revalidateAll);

  registerLifecycle(ctx, glossary.reload);
  registerFeatures(ctx, docs);
  documents.onDidChangeContent((e) => {
    project.setOpenDocument(e.document.uri, e.document.getText());
    if (isGlossaryDocument(e.document.uri)) glossary.edited(e.document.uri);
    else docs.scheduleValidation(e.document.uri);
  });
  documents.onDidClose((e) => {
    project.closeDocument(e.document.uri);
    if (isGlossaryDocument(e.document.uri)) {
      // Unsaved edits are gone with the editor: serve the file as it is on disk again.
      glossary.closed(e.document.uri);
      void glossary.reload();
      return;
    }
    docs.forget(e.document.uri);
    project.forget({ scope: e.document.uri });
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
  return service;
}

/** The settings the client has for `uri`: only what the user set (see client/src/explicitSettings.ts). */
async function explicitSettings(connection: Connection, client: ClientState, uri?: string): Promise<unknown> {
  if (!client.hasConfiguration) return client.pushedSettings;
  try {
    return await connection.workspace.getConfiguration(uri ? { scopeUri: uri, section: 'termlens' } : { section: 'termlens' });
  } catch {
    return client.pushedSettings;
  }
}

/** Parsing, caching and validating open documents. */
interface DocumentPipeline {
  enabledDoc(uri: string): Promise<Target | undefined>;
  parsedFor(document: TextDocument, languageId: string): ParsedDocument;
  parsedAt(target: Target, offset: number): ParsedDocument;
  isIgnoredDoc(uri: string, settings: Settings): Promise<boolean>;
  scheduleValidation(uri: string, delay?: number): void;
  revalidateAll(): void;
  forget(uri: string): void;
}

function createDocumentPipeline(ctx: ServerContext): DocumentPipeline {
  const { service, documents, project } = ctx;
  const parsed = new Map<string, { version: number; glossary: unknown; doc: ParsedDocument }>();
  /** Partial parses of documents over the size limit, around the last request. */
  const windows = new Map<string, { version: number; glossary: unknown; doc: ParsedDocument }>();
  /** How long the last diagnostics of each document took, and when they were published. */
  const timings = new Map<string, { duration: number; at: number }>();
  const pending = new Map<string, NodeJS.Timeout>();

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
  function parsedAt(target: Target, offset: number): ParsedDocument {
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

  async function enabledDoc(uri: string): Promise<Target | undefined> {
    const document = documents.get(uri);
    const languageId = document && canonicalLanguageId(document.languageId);
    if (!document || !languageId || !isSupportedLanguage(languageId)) return undefined;
    const settings = await project.settings(settingsTarget(uri));
    return isEnabledFor(settings, languageId) ? { document, settings, languageId } : undefined;
  }

  /** Whether the project's ignore globs exclude `uri` from diagnostics. */
  async function isIgnoredDoc(uri: string, settings: Settings): Promise<boolean> {
    const parsedUri = URI.parse(uri);
    if (parsedUri.scheme !== 'file' && parsedUri.scheme !== 'vscode-notebook-cell') return false;
    return project.isIgnored(parsedUri.fsPath, settings);
  }

  async function diagnosticsOf(uri: string, target: Target): Promise<Diagnostic[]> {
    const { document, settings } = target;
    if (await isIgnoredDoc(uri, settings)) return [];
    if (isTooLarge(settings, document.getText().length)) {
      parsed.delete(uri);
      return [tooLargeDiagnostic(document.getText().length, settings.maxDocumentSize)];
    }
    const doc = parsedFor(document, target.languageId);
    const diagnostics = service.diagnostics(doc, diagnosticOptions(settings)).map((d) => toDiagnostic(d, uri));
    for (const span of skippedSpans(doc)) diagnostics.push(skippedDiagnostic(doc.lines.range(span.start, span.start), span.end - span.start));
    return diagnostics;
  }

  async function validate(uri: string): Promise<void> {
    const target = await enabledDoc(uri);
    if (!target) {
      if (documents.get(uri)) await ctx.connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const version = target.document.version;
    const started = performance.now();
    const diagnostics = await diagnosticsOf(uri, target);
    timings.set(uri, { duration: performance.now() - started, at: performance.now() });
    // A newer edit supersedes this result; its own validation will publish.
    if (documents.get(uri)?.version !== version) return;
    await ctx.connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /**
   * When to recompute a document's diagnostics after an edit: at once when the document is quick
   * to check or the user has paused, else after about as long as the last check took, so that a
   * burst of keystrokes in a long document costs one check, not one per keystroke.
   */
  function validationDelay(uri: string): number {
    if (ctx.options.diagnosticsDelay !== undefined) return ctx.options.diagnosticsDelay;
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
        validate(uri).catch((e) => ctx.log(`diagnostics failed for ${uri}: ${String(e)}`));
      }, delay),
    );
  }

  return {
    enabledDoc,
    parsedFor,
    parsedAt,
    isIgnoredDoc,
    scheduleValidation,
    revalidateAll() {
      for (const document of documents.all()) if (!isGlossaryDocument(document.uri)) scheduleValidation(document.uri, 0);
    },
    forget(uri) {
      clearTimeout(pending.get(uri));
      pending.delete(uri);
      parsed.delete(uri);
      windows.delete(uri);
      timings.delete(uri);
    },
  };
}

/** Keeping the glossary in sync with the project, and publishing its status and the problems of glossary and config files. */
interface GlossarySync {
  /** Reloads every glossary layer (debounced, see {@link RELOAD_DEBOUNCE_MS}). */
  reload(): Promise<void>;
  /** A glossary document was edited: its text is served after {@link GLOSSARY_EDIT_DELAY_MS}. */
  edited(uri: string): void;
  closed(uri: string): void;
}

function createGlossarySync(ctx: ServerContext, revalidateAll: () => void): GlossarySync {
  const { connection, service, project, log } = ctx;
  /** Glossary files that currently have diagnostics published, so fixed ones get cleared. */
  const glossaryDiagnosticUris = new Set<string>();
  /** Config files that currently have diagnostics published. */
  const configDiagnosticPaths = new Set<string>();
  const glossaryEdits = new Map<string, NodeJS.Timeout>();
  const watchSettingsFiles = settingsFileWatcher(ctx);
  let reloading: Promise<void> = Promise.resolve();
  let reloadQueued = false;

  project.onDidChange((change) => {
    if (change.kind === 'config') void publishConfigProblems(change.path, change.text, change.problems);
  });

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

  async function publishGlossaryProblems(): Promise<void> {
    // Related terms naming no concept are reported in workspace and settings files (the bundled one is checked by its tests).
    const bundledUri = project.bundledUri();
    const problems = [...service.glossaryProblems(), ...findUnknownRelated(service.store.snapshot().concepts, { only: (uri) => uri !== bundledUri })];
    const texts = project.glossaryTexts();
    const byUri = new Map<string, Diagnostic[]>();
    const indexes = new Map<string, LineIndex>();
    for (const p of problems) {
      let lines = indexes.get(p.uri);
      if (!lines) indexes.set(p.uri, (lines = new LineIndex(texts.get(p.uri) ?? '')));
      const list = byUri.get(p.uri) ?? [];
      list.push({
        range: lines.range(p.start, Math.max(p.end, p.start)),
        severity: toDiagnosticSeverity(p),
        code: p.code,
        source: 'termlens',
        message: p.message,
      });
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
  }

  async function glossaryChanged(): Promise<void> {
    await publishGlossaryProblems();
    const status = service.status(project.glossaryTexts());
    log(`glossary: ${count(status.conceptCount, 'concept')}, ${count(status.termCount, 'term')}, ${count(status.errorCount, 'error')}`);
    for (const file of status.files) log(`  ${file.layer}: ${URI.parse(file.uri).fsPath}: ${count(file.concepts, 'concept')}, ${count(file.errors, 'error')}`);
    for (const line of status.errorSummaries) log(`  ${line}`);
    await connection.sendNotification(statusNotification, status);
    revalidateAll();
    // Build the word list and completion indexes now, between requests, rather than during the first hover or edit.
    setImmediate(() => service.warm());
  }

  /** (Re)reads every glossary layer and publishes status and glossary diagnostics. */
  async function loadGlossaries(): Promise<void> {
    const load = await project.reload();
    await watchSettingsFiles(load.settingsFiles);
    await glossaryChanged();
  }

  /**
   * Triggers within {@link RELOAD_DEBOUNCE_MS} of each other, or while a reload is still queued,
   * share one load: at startup the client answers the server's configuration registration with a
   * configuration change right after the initial load request.
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

  return {
    reload,
    /** A glossary file being edited takes effect as it is typed (debounced), before it is saved: its diagnostics follow the text, and the glossary serves it while it reads cleanly. */
    edited(uri) {
      clearTimeout(glossaryEdits.get(uri));
      glossaryEdits.set(
        uri,
        setTimeout(async () => {
          glossaryEdits.delete(uri);
          if (await project.applyOpenDocument(uri)) void glossaryChanged();
        }, GLOSSARY_EDIT_DELAY_MS),
      );
    },
    closed(uri) {
      clearTimeout(glossaryEdits.get(uri));
    },
  };
}

/** Asks the client to watch the files named in settings, which the workspace glob may not cover (when the list changes). */
function settingsFileWatcher(ctx: ServerContext): (files: readonly string[]) => Promise<void> {
  let watchers: Disposable | undefined;
  let watched = '';
  return async (files) => {
    const key = files.join('\n');
    if (!ctx.client.hasWatchedFilesRegistration || key === watched) return;
    watched = key;
    watchers?.dispose();
    watchers = undefined;
    if (files.length === 0) return;
    const patterns = files.map((f) =>
      ctx.client.hasRelativePatterns
        ? { globPattern: { baseUri: URI.file(path.dirname(f)).toString(), pattern: path.basename(f) } }
        : { globPattern: f.split(path.sep).join('/') },
    );
    watchers = await ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: patterns });
  };
}

/** Initialization, settings, watched files, trust and the reload request. */
function registerLifecycle(ctx: ServerContext, reload: () => Promise<void>): void {
  const { connection, project, client, service } = ctx;
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as TermlensInitializationOptions;
    const workspace = params.capabilities.workspace;
    client.hasConfiguration = workspace?.configuration === true;
    client.hasConfigurationRegistration = workspace?.didChangeConfiguration?.dynamicRegistration === true;
    // Clients that neither answer workspace/configuration nor send settings can pass them here.
    if (init.settings !== undefined) client.pushedSettings = init.settings;
    client.hasWatchedFilesRegistration = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    client.hasRelativePatterns = workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
    const folders = params.workspaceFolders?.map((f) => URI.parse(f.uri).fsPath) ?? (params.rootUri ? [URI.parse(params.rootUri).fsPath] : []);
    project.setTrusted(init.workspaceTrusted !== false);
    project.setFolders(folders);
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
    if (client.hasConfiguration && client.hasConfigurationRegistration)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'termlens' });
    if (client.hasWatchedFilesRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: GLOSSARY_GLOB }, { globPattern: CONFIG_GLOB }] });
    }
    void reload();
  });

  connection.onDidChangeConfiguration((change) => {
    project.forget();
    const section = (change.settings as { termlens?: unknown } | undefined)?.termlens;
    if (section !== undefined) client.pushedSettings = section;
    void reload();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let changed = false;
    for (const change of params.changes) if (project.fileChanged(change.uri, change.type === FileChangeType.Deleted)) changed = true;
    // Created and changed files are simply re-read with every layer, which also applies ordering and trust.
    if (changed) await reload();
  });

  connection.onNotification(trustNotification, (params: TrustParams) => {
    // Project configs outside the workspace are read only when trusted: the model looks them up again.
    project.setTrusted(params.trusted);
    void reload();
  });

  connection.onRequest(reloadGlossaryRequest, async () => {
    project.forget({ configs: true });
    await reload();
    return service.status(project.glossaryTexts());
  });
}

/** Hover, definition, completion, code actions and glossary search. */
function registerFeatures(ctx: ServerContext, docs: DocumentPipeline): void {
  const { connection, service } = ctx;
  connection.onRequest(searchGlossaryRequest, (params: SearchGlossaryParams): SearchGlossaryResult => {
    const query = typeof params?.query === 'string' ? params.query : '';
    const limit = typeof params?.limit === 'number' && params.limit > 0 ? Math.min(params.limit, 500) : 50;
    return { items: service.search(query, limit) };
  });

  connection.onHover(async (params) => {
    const target = await docs.enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    return service.hover(docs.parsedAt(target, offset), offset) ?? null;
  });

  connection.onDefinition(async (params) => {
    const target = await docs.enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    return service.definition(docs.parsedAt(target, offset), offset) ?? null;
  });

  connection.onCompletion(async (params) => {
    const target = await docs.enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    const invoked = params.context?.triggerKind === 1;
    const list = service.completions(docs.parsedAt(target, offset), offset, { identifierStyle: target.settings.identifierStyle, invoked });
    return list as { isIncomplete: boolean; items: CompletionItem[] };
  });

  connection.onCompletionResolve((item) => {
    // Items from another client or an older server may lack our data: return them unchanged.
    const data = item.data as { conceptId?: unknown } | undefined;
    if (typeof data?.conceptId !== 'string') return item;
    return service.resolveCompletion(item as unknown as TermCompletionItem) as unknown as CompletionItem;
  });

  connection.onCodeAction(async (params) => {
    const target = await docs.enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const only = params.context.only;
    if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`))) return null;
    if (isTooLarge(target.settings, target.document.getText().length)) return null;
    const doc = docs.parsedFor(target.document, target.languageId);
    if (await docs.isIgnoredDoc(params.textDocument.uri, target.settings)) return null;
    return service.codeActions(doc, params.textDocument.uri, params.range, params.context.diagnostics, diagnosticOptions(target.settings)) as CodeAction[];
  });
}
