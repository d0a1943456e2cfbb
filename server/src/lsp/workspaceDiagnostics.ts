/**
 * Workspace diagnostics: the findings of files that are not open, for the Problems panel, through
 * LSP pull diagnostics (`workspace/diagnostic`), with `termlens.diagnostics.workspace` on (off by
 * default, as in ESLint and cspell).
 *
 * **No finding is shown twice.** vscode-languageclient (lib/common/diagnostic.js) keeps pulled
 * diagnostics in a collection of their own, named by the provider's `identifier`, beside the one
 * pushed diagnostics go to, and the Problems panel lists both; Neovim keeps pull and push in two
 * namespaces likewise. So each document is reported one way only:
 * - **Open documents are pushed**, as before (`lsp/documents.ts`: debounced by cost, versioned), and
 *   pulled empty. `textDocument/diagnostic` always answers an empty report: clients pull the
 *   documents they open (VS Code on open, on each edit, and once more on close, before `didClose`),
 *   and an empty answer even before `didOpen` arrives keeps a pulled copy from standing beside the
 *   pushed one (VS Code prefers a document's pulled result over the workspace pull's while it
 *   tracks the document, so a copy there would stay). `workspace/diagnostic` reports an open file
 *   with no items; a pull being answered gets that report the moment the file opens, before its
 *   findings are pushed (VS Code pulls a document only once its tab shows, which can come later).
 * - **Files that are not open are pulled**: the files of each workspace folder that `termlens lint`
 *   would check (`ServerOptions.listFiles`, in Node `node/discovery.ts`: `.gitignore` and
 *   `.git/info/exclude` honoured, `.git` and `node_modules` skipped; read through
 *   `ServerOptions.fs`), less what the settings disable and the `ignore` globs exclude, binary
 *   files, files over `termlens.maxDocumentSize` and, in Restricted Mode, files whose real path
 *   leads out of the workspace; at most `termlens.diagnostics.workspaceMaxFiles` per folder, in path
 *   order (the log says when it cuts). Each is linted as the server lints an open document of that
 *   text (its folder's config, overrides and glossary context; a leading BOM left out, as editors
 *   do), which is what `termlens lint` reports. Notebooks are left out: VS Code shows a notebook's
 *   findings on its cells (pushed while it is open), and a report on the `.ipynb` file would show
 *   them a second time, at JSON offsets. When a file is closed, the server stops pushing for it and
 *   the workspace pull brings its findings from the disk again (VS Code forgets the file's result
 *   ID on close, so it gets a full report).
 *
 * **Result IDs** are a hash of the items reported, so `unchanged` means exactly "the same
 * diagnostics": a glossary edit that changes nothing in a file sends nothing for it, and an open
 * file's empty report and a clean file's share one ID. Behind them, a file is read again only when
 * the editor reported a change (a file watcher on the lintable extensions and `.gitignore`,
 * registered while the setting is on, where the client lets the server register watchers; a
 * document closed), its size changed, or its glossary or settings changed, and linted again only
 * when its content hash, its glossary or its settings did.
 *
 * **A workspace pull stays open while things change.** VS Code sends `workspace/diagnostic` again
 * 2 s after each answer, for as long as it runs. A client that gives a partial result token (VS
 * Code does) gets every report as a partial result, as files are checked, and then the request is
 * held: each change — a file event, a document opened or closed, a glossary, config, settings or
 * trust change — is checked and what it changed streamed, and the request is answered (empty, as
 * partial results require) after {@link HOLD_MS} without a change; without a watcher, the folders
 * are then listed and read again, which is how changes on disk are seen. A client without a token
 * is answered at once. Work is sliced (the event loop runs between slices, so hovers and edits are
 * not kept waiting), cancellation is read between slices, and a work-done token gets progress.
 * After a glossary, config, settings or trust change the server also sends
 * `workspace/diagnostic/refresh` when the client supports it (Neovim pulls the workspace on it).
 *
 * Clients that do not announce `textDocument.diagnostic` get no `diagnosticProvider`, and so only
 * the pushed diagnostics of open documents, as before.
 */

import * as path from 'node:path';
import {
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type Disposable,
  type FileEvent,
  type InitializeParams,
  type ResultProgressReporter,
  type ServerCapabilities,
  type WorkDoneProgressReporter,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDiagnosticReportPartialResult,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { resolveSettings } from '../config/projectConfig';
import type { CompiledGlossary } from '../core/glossary/compiled';
import type { TermService } from '../core/service';
import { skippedSpans } from '../core/text/document';
import { canonicalLanguageId, NOTEBOOK_LANGUAGE_ID } from '../core/text/fileTypes';
import { count } from '../core/text/count';
import { diagnosticOptions, isEnabledFor, isTooLarge, type Settings } from '../settings';
import { languageTable } from '../shared/languages';
import { explicitSettings, type ServerContext } from './context';
import { skippedDiagnostic, toLspDiagnostic } from './convert';

/** The `identifier` of termlens's diagnostic provider (VS Code names the pulled diagnostics' collection by it). */
export const DIAGNOSTIC_PROVIDER_ID = 'termlens';

/** How long a streamed workspace pull stays open without a change, in ms, before it is answered (and, without a watcher, the disk looked at again). */
export const HOLD_MS = 30_000;
/** How long change signals are gathered before a held pull looks again, in ms (a checkout changes many files). */
const SETTLE_MS = 100;
/** Work between two yields to the event loop, in ms. */
const SLICE_MS = 10;
/** Files stat'ed and read at once. */
const READ_BATCH = 32;
/** Reports per partial result. */
const PARTIAL_CHUNK = 100;
/** A file is binary when its first this many characters hold a NUL (as `termlens lint` judges). */
const BINARY_SNIFF = 8192;

// The pure part: result IDs and which reports a pull sends.

/**
 * A 64-bit hash of a string, as 16 hex digits (two 32-bit multiply-xorshift lanes, cyrb53's mix).
 * Not cryptographic; used to tell whether a text or a report changed, and free of Node's `crypto`
 * so that the web build of the server has it too.
 */
export function hashText(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** The result ID of a report: a hash of exactly the diagnostics it carries. */
export function resultIdOf(items: readonly Diagnostic[]): string {
  return hashText(JSON.stringify(items));
}

/** The result ID of an empty report: an open document's, a clean file's, a file no longer checked. */
export const EMPTY_RESULT_ID = resultIdOf([]);

/** What one file currently shows by pull. */
export interface FileReport {
  readonly uri: string;
  /** The open document's version, or null for a file on disk. */
  readonly version: number | null;
  readonly items: readonly Diagnostic[];
  readonly resultId: string;
}

/**
 * The reports a workspace pull sends, given what each file shows now (`current`, by URI) and the
 * result IDs the client has (`known`, by URI): a `full` report for every file whose result
 * differs, an `unchanged` one for the others when `withUnchanged`, and an empty `full` report for
 * every URI the client shows something for that is no longer checked (deleted, ignored, past the
 * cap, the setting turned off).
 */
export function workspaceReports(
  current: ReadonlyMap<string, FileReport>,
  known: ReadonlyMap<string, string>,
  withUnchanged: boolean,
): WorkspaceDocumentDiagnosticReport[] {
  const out: WorkspaceDocumentDiagnosticReport[] = [];
  for (const r of current.values()) {
    const report = fileReport(r, known, withUnchanged);
    if (report) out.push(report);
  }
  return [...out, ...clearedReports(current, known)];
}

/** The report of one file for a client that has `known`: `full` when its result differs, else `unchanged` when `withUnchanged`, else none. */
export function fileReport(r: FileReport, known: ReadonlyMap<string, string>, withUnchanged: boolean): WorkspaceDocumentDiagnosticReport | undefined {
  if (known.get(r.uri) !== r.resultId)
    return { kind: DocumentDiagnosticReportKind.Full, uri: r.uri, version: r.version, resultId: r.resultId, items: [...r.items] };
  return withUnchanged ? { kind: DocumentDiagnosticReportKind.Unchanged, uri: r.uri, version: r.version, resultId: r.resultId } : undefined;
}

/** An empty `full` report for every URI in `known` that shows something and is not in `current`. */
export function clearedReports(current: ReadonlyMap<string, FileReport>, known: ReadonlyMap<string, string>): WorkspaceDocumentDiagnosticReport[] {
  const out: WorkspaceDocumentDiagnosticReport[] = [];
  for (const [uri, id] of known) {
    if (!current.has(uri) && id !== EMPTY_RESULT_ID)
      out.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, resultId: EMPTY_RESULT_ID, items: [] });
  }
  return out;
}

/** A document report for `items`: `unchanged` when the client already has them. */
export function documentReport(items: readonly Diagnostic[], previousResultId: string | undefined): DocumentDiagnosticReport {
  const resultId = resultIdOf(items);
  return previousResultId === resultId
    ? { kind: DocumentDiagnosticReportKind.Unchanged, resultId }
    : { kind: DocumentDiagnosticReportKind.Full, resultId, items: [...items] };
}

/** A file URI as the server spells it (clients may encode a drive letter or a character differently); other URIs as they are. */
export function canonicalUri(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? URI.file(parsed.fsPath).toString() : uri;
}

/** The extensions of the files workspace diagnostics read: the language table's, less notebooks'. */
const LINTABLE_EXTENSIONS: ReadonlySet<string> = new Set(languageTable.filter((l) => l.kind !== 'notebook').flatMap((l) => l.extensions));

/** The watcher globs of the files workspace diagnostics read, and of `.gitignore` files. */
export const WATCHED_GLOBS: readonly string[] = [`**/*.{${[...LINTABLE_EXTENSIONS].join(',')}}`, '**/.gitignore'];

// The LSP edge.

/** What the client can do, as far as pull diagnostics care. */
interface PullClient {
  /** It announced `textDocument.diagnostic`: the provider is advertised. */
  readonly pull: boolean;
  /** It answers `workspace/diagnostic/refresh`. */
  readonly refresh: boolean;
}

/** A file of the workspace to check, with its settings. */
interface Listed {
  readonly path: string;
  readonly uri: string;
  readonly languageId: string;
  readonly settings: Settings;
  /** What its diagnostics depend on in its settings, as a string. */
  readonly settingsKey: string;
}

/** What a file was last read and linted as. */
interface Cached {
  readonly size: number;
  readonly hash: string;
  /** The glossary generation and settings key it was linted with. */
  readonly key: string;
  readonly items: readonly Diagnostic[];
  readonly resultId: string;
}

/** A file read because it changed, to be linted. */
interface Unlinted {
  readonly text: string;
  readonly hash: string;
  readonly key: string;
  readonly size: number;
}

/** What one pass saw, for the log. */
interface PassStats {
  read: number;
  linted: number;
}

const instances = new WeakMap<ServerContext, WorkspaceDiagnostics>();

/**
 * Registers the `textDocument/diagnostic` and `workspace/diagnostic` handlers (answered only once
 * the client was told of the provider, see {@link workspaceDiagnosticsCapabilities}).
 */
export function registerWorkspaceDiagnostics(ctx: ServerContext): void {
  const instance = new WorkspaceDiagnostics(ctx);
  instances.set(ctx, instance);
  instance.register();
}

/** Records what the client can do and returns the provider's capability (none for clients that cannot pull). */
export function workspaceDiagnosticsCapabilities(ctx: ServerContext, params: InitializeParams): ServerCapabilities {
  const client: PullClient = {
    pull: params.capabilities.textDocument?.diagnostic !== undefined,
    refresh: params.capabilities.workspace?.diagnostics?.refreshSupport === true,
  };
  instances.get(ctx)?.setClient(client);
  if (!client.pull) return {};
  return { diagnosticProvider: { identifier: DIAGNOSTIC_PROVIDER_ID, interFileDependencies: true, workspaceDiagnostics: true, workDoneProgress: true } };
}

/** The glossary, a config, the settings or trust changed (after every reload): files are listed and checked again, the client asked to pull. */
export function workspaceDiagnosticsChanged(ctx: ServerContext): void {
  instances.get(ctx)?.changed();
}

/** Watched files changed on disk (`workspace/didChangeWatchedFiles`). */
export function workspaceFilesChanged(ctx: ServerContext, changes: readonly FileEvent[]): void {
  instances.get(ctx)?.filesChanged(changes);
}

class WorkspaceDiagnostics {
  private client: PullClient = { pull: false, refresh: false };
  /** Whether a pull was answered: a refresh before that would only repeat the first pull. */
  private pulled = false;
  private listing: Promise<Listed[]> | undefined;
  /** Files to read again (a file event, a document closed), by path. */
  private readonly dirty = new Set<string>();
  private readonly cache = new Map<string, Cached>();
  /** The explicit settings of each folder, by folder URI, until the settings change. */
  private readonly explicit = new Map<string, Promise<unknown>>();
  private readonly glossaryGenerations = new WeakMap<CompiledGlossary, number>();
  private nextGeneration = 0;
  /** The last cap line logged per folder, so that it is said once. */
  private readonly capLines = new Map<string, string>();
  private watcher: Promise<Disposable | undefined> | undefined;
  /** Bumped (after {@link SETTLE_MS}) by every change signal; held pulls wait for it to move. */
  private generation = 0;
  private settle: NodeJS.Timeout | undefined;
  private readonly waiters = new Set<() => void>();
  /** The URIs of open documents as the client sent them, by canonical URI. */
  private readonly open = new Map<string, string>();
  /** The workspace pulls being answered. */
  private readonly held = new Set<{ opened(uri: string, version: number): void }>();
  /** Whether the next pass reads every file again (no watcher says what changed). */
  private rescan = false;
  /** Passes run one at a time (they share the cache). */
  private passes: Promise<unknown> = Promise.resolve();

  constructor(private readonly ctx: ServerContext) {}

  setClient(client: PullClient): void {
    this.client = client;
  }

  register(): void {
    const { connection, documents } = this.ctx;
    connection.languages.diagnostics.on((params) => this.pullDocument(params));
    connection.languages.diagnostics.onWorkspace((params, token, progress, partial) => this.pullWorkspace(params, token, progress, partial));
    documents.onDidOpen((e) => {
      const uri = canonicalUri(e.document.uri);
      this.open.set(uri, e.document.uri);
      // Before its findings are pushed (validation waits for a timer): held pulls drop their copy now.
      for (const held of this.held) held.opened(uri, e.document.version);
      this.signal();
    });
    documents.onDidClose((e) => {
      this.open.delete(canonicalUri(e.document.uri));
      // The editor may have saved it on the way out: read it again.
      const parsed = URI.parse(e.document.uri);
      if (parsed.scheme === 'file') this.dirty.add(parsed.fsPath);
      this.signal();
    });
  }

  changed(): void {
    this.listing = undefined;
    this.explicit.clear();
    this.signal();
    if (this.client.refresh && this.pulled) this.ctx.connection.languages.diagnostics.refresh().catch(() => undefined);
  }

  filesChanged(changes: readonly FileEvent[]): void {
    let relevant = false;
    for (const change of changes) {
      const parsed = URI.parse(change.uri);
      if (parsed.scheme !== 'file') continue;
      const file = parsed.fsPath;
      const ignoreRules = path.basename(file) === '.gitignore';
      if (!ignoreRules && !LINTABLE_EXTENSIONS.has(path.extname(file).slice(1).toLowerCase())) continue;
      relevant = true;
      // A new or deleted file, or new ignore rules: list the folders again.
      if (ignoreRules || change.type !== FileChangeType.Changed) this.listing = undefined;
      if (!ignoreRules) this.dirty.add(file);
    }
    if (relevant) this.signal();
  }

  // Requests.

  /**
   * A document pull: always empty. Clients pull the documents they open (VS Code on open, on each
   * edit and once more on close, before `didClose`), whose findings are pushed; answering empty
   * even when `didOpen` has not arrived yet keeps a pulled copy from ever standing beside the
   * pushed one (VS Code prefers a document's pulled result over the workspace pull's while it is
   * tracked).
   */
  private async pullDocument(params: DocumentDiagnosticParams): Promise<DocumentDiagnosticReport> {
    await this.ctx.glossaryLoaded;
    this.pulled = true;
    return documentReport([], params.previousResultId);
  }

  private async pullWorkspace(
    params: WorkspaceDiagnosticParams,
    token: CancellationToken,
    progress: WorkDoneProgressReporter,
    partial: ResultProgressReporter<WorkspaceDiagnosticReportPartialResult> | undefined,
  ): Promise<WorkspaceDiagnosticReport> {
    await this.ctx.glossaryLoaded;
    this.pulled = true;
    const known = new Map<string, string>();
    for (const p of params.previousResultIds ?? []) known.set(canonicalUri(p.uri), p.value);
    // The library takes the token out of the params and hands a reporter for it.
    const streaming = partial !== undefined;
    let pending: WorkspaceDocumentDiagnosticReport[] = [];
    let lastChange = performance.now();
    const flush = () => {
      if (streaming && pending.length > 0) partial.report({ items: pending.splice(0) });
    };
    const send = (report: WorkspaceDocumentDiagnosticReport) => {
      if (report.kind === DocumentDiagnosticReportKind.Full) lastChange = performance.now();
      known.set(report.uri, report.resultId ?? EMPTY_RESULT_ID);
      pending.push(report);
      // Streamed as files are checked, so a large workspace fills the Problems panel as it goes.
      if (pending.length >= PARTIAL_CHUNK) flush();
    };
    const held = {
      opened: (uri: string, version: number) => {
        pending = pending.filter((r) => r.uri !== uri);
        if (known.has(uri) && known.get(uri) !== EMPTY_RESULT_ID)
          send({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId: EMPTY_RESULT_ID, items: [] });
        flush();
      },
    };
    this.held.add(held);
    try {
      for (let round = 0, last = false; ; round++) {
        const since = this.generation;
        const withUnchanged = round === 0;
        const current = await this.exclusive(() =>
          this.checkAll(token, withUnchanged ? progress : undefined, (r) => {
            const report = fileReport(r, known, withUnchanged);
            if (report) send(report);
          }),
        );
        for (const report of clearedReports(current, known)) send(report);
        flush();
        // A client that does not stream gets its answer now; one that does is answered as things change, until a quiet spell.
        if (!streaming || last) break;
        const woke = await this.waitForChange(since, token, lastChange + HOLD_MS - performance.now());
        if (woke === 'cancelled') throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
        if (woke === 'timeout') {
          // A last look, then the answer. Without a watcher this is how changes on disk are seen: list and read everything again.
          if (this.watcher === undefined) {
            this.listing = undefined;
            this.rescan = true;
          }
          last = true;
        }
      }
    } finally {
      this.held.delete(held);
    }
    return { items: streaming ? [] : pending };
  }

  // Checking files.

  /** What every listed file shows now, by URI: open ones empty, the others as linted. Throws a cancellation error when `token` is. */
  private async checkAll(
    token: CancellationToken,
    progress: WorkDoneProgressReporter | undefined,
    onFile: (r: FileReport) => void,
  ): Promise<Map<string, FileReport>> {
    const started = performance.now();
    const rescan = this.rescan;
    this.rescan = false;
    const files = await this.files();
    const out = new Map<string, FileReport>();
    const stats: PassStats = { read: 0, linted: 0 };
    progress?.begin('termlens: checking the workspace', 0, `${files.length} files`, true);
    let slice = performance.now();
    const report = (r: FileReport) => {
      out.set(r.uri, r);
      onFile(r);
    };
    const openReport = (file: Listed): FileReport | undefined => {
      const sent = this.open.get(file.uri);
      const document = sent === undefined ? undefined : this.ctx.documents.get(sent);
      return document && { uri: file.uri, version: document.version, items: [], resultId: EMPTY_RESULT_ID };
    };
    // Open files first: they need no reading, and their pulled copies must go before anything else.
    for (const file of files) {
      const r = openReport(file);
      if (r) report(r);
    }
    try {
      for (let i = 0; i < files.length; i += READ_BATCH) {
        const batch = files.slice(i, i + READ_BATCH).filter((f) => !out.has(f.uri));
        const reads = await Promise.all(batch.map((f) => this.readIfChanged(f, stats, rescan)));
        for (let j = 0; j < batch.length; j++) {
          if (performance.now() - slice > SLICE_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            slice = performance.now();
            if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
            progress?.report(Math.round((100 * (i + j)) / files.length), `${i + j} of ${files.length} files`);
          }
          const file = batch[j]!;
          // Opened meanwhile: reported empty, not with what the disk says.
          const r = openReport(file) ?? this.lintRead(file, reads[j], stats);
          if (r) report(r);
        }
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      }
    } finally {
      progress?.done();
    }
    if (stats.linted > 0) {
      const withFindings = [...out.values()].filter((r) => r.items.length > 0).length;
      this.ctx.log(
        `workspace diagnostics: ${count(files.length, 'file')} (${stats.read} read, ${stats.linted} checked), ${withFindings} with findings, in ${Math.round(performance.now() - started)} ms`,
      );
    }
    return out;
  }

  /**
   * The file's cached result when it is known not to have changed (no file event, the same size,
   * the same glossary and settings, and no full rescan asked for); else its text (read through the
   * project's file system, binary and size checked, BOM left out) and content hash, or the cached
   * result when the text hashes the same; `skip` when it is not checked.
   */
  private async readIfChanged(file: Listed, stats: PassStats, rescan: boolean): Promise<Cached | Unlinted | 'skip'> {
    const { fs } = this.ctx.options;
    const info = await fs.stat(file.path);
    if (!info?.isFile || isTooLarge(file.settings, info.size)) return 'skip';
    const key = this.keyOf(file);
    const cached = this.cache.get(file.path);
    if (cached && !rescan && cached.key === key && cached.size === info.size && !this.dirty.has(file.path)) return cached;
    this.dirty.delete(file.path);
    const read = await fs.readFile(file.path);
    if (read === undefined || read.slice(0, BINARY_SNIFF).includes('\0')) return 'skip';
    stats.read++;
    // Editors leave a leading BOM out of the document, so positions on line 1 are theirs without it.
    const text = read.charCodeAt(0) === 0xfeff ? read.slice(1) : read;
    if (isTooLarge(file.settings, text.length)) return 'skip';
    const hash = hashText(text);
    if (cached && cached.key === key && cached.hash === hash) {
      const same = { ...cached, size: info.size };
      this.cache.set(file.path, same);
      return same;
    }
    return { text, hash, key, size: info.size };
  }

  /** The file's report from what {@link readIfChanged} gave: the cached one, or a fresh lint of its text. */
  private lintRead(file: Listed, read: Cached | Unlinted | 'skip' | undefined, stats: PassStats): FileReport | undefined {
    if (read === undefined || read === 'skip') {
      if (read === 'skip') this.cache.delete(file.path);
      return undefined;
    }
    let cached: Cached;
    if ('items' in read) cached = read;
    else {
      stats.linted++;
      const items = lintFile(this.ctx.service, read.text, file);
      cached = { size: read.size, hash: read.hash, key: read.key, items, resultId: resultIdOf(items) };
      this.cache.set(file.path, cached);
    }
    return { uri: file.uri, version: null, items: cached.items, resultId: cached.resultId };
  }

  /** What a file's diagnostics depend on besides its text: the glossary that applies to it and its settings. */
  private keyOf(file: Listed): string {
    const glossary = this.ctx.service.glossary(file.path);
    let generation = this.glossaryGenerations.get(glossary);
    if (generation === undefined) this.glossaryGenerations.set(glossary, (generation = this.nextGeneration++));
    return `${generation}|${file.settingsKey}`;
  }

  // Listing files.

  /** The files to check, listed again after a change (see {@link listFiles}). */
  private files(): Promise<Listed[]> {
    if (!this.listing) {
      const listing = this.listFiles().catch((e) => {
        this.ctx.log(`workspace diagnostics: listing the workspace failed: ${String(e)}`);
        if (this.listing === listing) this.listing = undefined;
        return [];
      });
      this.listing = listing;
    }
    return this.listing;
  }

  /**
   * The files of each workspace folder whose setting is on, as `termlens lint` lists them there,
   * each with its own settings (the folder's explicit settings over its config and the overrides
   * matching the file), less what they disable or ignore, notebooks and, in Restricted Mode, files
   * whose real path is outside; at most `workspaceMaxFiles` per folder.
   */
  private async listFiles(): Promise<Listed[]> {
    const { project } = this.ctx;
    const out: Listed[] = [];
    const folders = project.folders();
    let watching = false;
    for (const folder of folders) {
      const explicit = await this.explicitSettings(URI.file(folder).toString());
      const config = (await project.config(folder)).config;
      const folderSettings = resolveSettings({ config, explicit, filePath: folder });
      if (!folderSettings.enable || !folderSettings.workspaceDiagnostics) {
        this.capLines.delete(folder);
        continue;
      }
      watching = true;
      const kept: Listed[] = [];
      for (const found of (await this.ctx.options.listFiles?.(folder)) ?? []) {
        // A file of a nested workspace folder is listed with that folder's settings.
        if (found.languageId === NOTEBOOK_LANGUAGE_ID || project.folderOf(found.path) !== folder) continue;
        const languageId = canonicalLanguageId(found.languageId);
        const settings = resolveSettings({ config, explicit, filePath: found.path });
        if (!isEnabledFor(settings, languageId) || (await project.isIgnored(found.path, settings))) continue;
        if (!project.trusted() && !(await project.mayRead(found.path))) continue;
        const settingsKey = JSON.stringify([languageId, diagnosticOptions(settings), settings.maxDocumentSize]);
        kept.push({ path: found.path, uri: URI.file(found.path).toString(), languageId, settings, settingsKey });
      }
      const max = folderSettings.workspaceDiagnosticsMaxFiles;
      const capped = max > 0 && kept.length > max;
      const line = capped
        ? `workspace diagnostics: ${folder}: checking the first ${max.toLocaleString('en-US')} of ${kept.length.toLocaleString('en-US')} files (termlens.diagnostics.workspaceMaxFiles); the others only when opened`
        : '';
      if (line !== (this.capLines.get(folder) ?? '')) {
        if (capped) this.ctx.log(line);
        this.capLines.set(folder, line);
      }
      out.push(...(capped ? kept.slice(0, max) : kept));
    }
    const listed = new Set(out.map((f) => f.path));
    for (const file of this.cache.keys()) if (!listed.has(file)) this.cache.delete(file);
    this.watch(watching);
    return out;
  }

  /** The settings the client has for a folder (see {@link explicitSettings}), asked once until the settings change. */
  private explicitSettings(folderUri: string): Promise<unknown> {
    let settings = this.explicit.get(folderUri);
    if (!settings) {
      settings = explicitSettings(this.ctx.connection, this.ctx.client, folderUri);
      this.explicit.set(folderUri, settings);
    }
    return settings;
  }

  /** Asks the client to watch the lintable files while some folder has workspace diagnostics on (where it lets the server register watchers). */
  private watch(on: boolean): void {
    if (!this.ctx.client.hasWatchedFilesRegistration || on === (this.watcher !== undefined)) return;
    if (on) {
      this.watcher = this.ctx.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
        .catch(() => undefined);
    } else {
      const watcher = this.watcher;
      this.watcher = undefined;
      void watcher?.then((d) => d?.dispose());
    }
  }

  // Waiting for changes.

  /** Something may have changed: held pulls look again after {@link SETTLE_MS}. */
  private signal(): void {
    if (this.settle) return;
    this.settle = setTimeout(() => {
      this.settle = undefined;
      this.generation++;
      for (const wake of [...this.waiters]) wake();
    }, SETTLE_MS);
  }

  /** Resolves when a change signal came after `since`, `token` is cancelled, or `ms` passed. */
  private waitForChange(since: number, token: CancellationToken, ms: number): Promise<'changed' | 'cancelled' | 'timeout'> {
    if (this.generation !== since) return Promise.resolve('changed');
    if (ms <= 0) return Promise.resolve('timeout');
    return new Promise((resolve) => {
      const done = (how: 'changed' | 'cancelled' | 'timeout') => {
        clearTimeout(timer);
        cancel.dispose();
        this.waiters.delete(wake);
        resolve(how);
      };
      const wake = () => done('changed');
      const timer = setTimeout(() => done('timeout'), ms);
      (timer as { unref?: () => void }).unref?.();
      const cancel = token.onCancellationRequested(() => done('cancelled'));
      this.waiters.add(wake);
    });
  }

  /** Runs `pass` after the passes before it. */
  private exclusive<T>(pass: () => Promise<T>): Promise<T> {
    const run = this.passes.then(pass, pass);
    this.passes = run.catch(() => undefined);
    return run;
  }
}

/** A file's diagnostics as LSP objects: what `DocumentPipeline` publishes for an open document of that text. */
function lintFile(service: TermService, text: string, file: Listed): Diagnostic[] {
  const doc = service.parse(text, file.languageId, { path: file.path });
  const items = service.diagnostics(doc, diagnosticOptions(file.settings)).map((d) => toLspDiagnostic(d, file.uri));
  for (const span of skippedSpans(doc)) items.push(skippedDiagnostic(doc.lines.positionAt(span.start), span.end - span.start));
  return items;
}
