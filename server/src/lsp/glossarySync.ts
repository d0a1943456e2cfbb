/** Keeping the glossary in sync with the project, and publishing its status and the problems of glossary and config files. */

import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, type Diagnostic, type Disposable } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import type { ConfigProblem } from '../config/projectConfig';
import { findUnknownRelated } from '../core/glossary/check';
import { statusNotification } from '../protocolExtensions';
import { count } from '../core/text/count';
import { LineIndex } from '../core/text/lineIndex';
import type { ServerContext } from './context';
import { problemDiagnostic } from './convert';

/** How long after a glossary change (ms) the completion indexes are built, if no request built them first. */
const WARM_AFTER_MS = 300;
/** How long glossary reload triggers are gathered before one reload runs, in ms. */
const RELOAD_DEBOUNCE_MS = 40;
/** How long a glossary document's edits are gathered before its text is served, in ms. */
const GLOSSARY_EDIT_DELAY_MS = 250;

/** Keeps the glossary in sync with the project and publishes its status and the problems of glossary and config files. */
export class GlossarySync {
  /** Glossary files that currently have diagnostics published, so fixed ones get cleared. */
  private readonly glossaryDiagnosticUris = new Set<string>();
  /** Config files that currently have diagnostics published. */
  private readonly configDiagnosticPaths = new Set<string>();
  private readonly glossaryEdits = new Map<string, NodeJS.Timeout>();
  private readonly watchSettingsFiles: (files: readonly string[]) => Promise<void>;
  private reloading: Promise<void> = Promise.resolve();
  private reloadQueued = false;

  constructor(
    private readonly ctx: ServerContext,
    private readonly revalidateAll: () => void,
  ) {
    this.watchSettingsFiles = settingsFileWatcher(ctx);
    ctx.project.onDidChange((change) => {
      if (change.kind === 'config') void this.publishConfigProblems(change.path, change.text, change.problems);
    });
  }

  /**
   * Reloads every glossary layer. Triggers within {@link RELOAD_DEBOUNCE_MS} of each other, or while
   * a reload is still queued, share one load: at startup the client answers the server's
   * configuration registration with a configuration change right after the initial load request.
   */
  reload(): Promise<void> {
    if (this.reloadQueued) return this.reloading;
    this.reloadQueued = true;
    this.reloading = this.reloading
      .then(() => new Promise((resolve) => setTimeout(resolve, RELOAD_DEBOUNCE_MS)))
      .then(() => {
        this.reloadQueued = false;
        return this.loadGlossaries();
      })
      .catch((e) => this.ctx.log(`glossary load failed: ${String(e)}`));
    return this.reloading;
  }

  /** A glossary file being edited takes effect as it is typed (debounced), before it is saved: its diagnostics follow the text, and the glossary serves it while it reads cleanly. */
  edited(uri: string): void {
    clearTimeout(this.glossaryEdits.get(uri));
    this.glossaryEdits.set(
      uri,
      setTimeout(async () => {
        this.glossaryEdits.delete(uri);
        if (await this.ctx.project.applyOpenDocument(uri)) void this.glossaryChanged();
      }, GLOSSARY_EDIT_DELAY_MS),
    );
  }

  closed(uri: string): void {
    clearTimeout(this.glossaryEdits.get(uri));
  }

  private async publishConfigProblems(file: string, text: string, problems: readonly ConfigProblem[]): Promise<void> {
    const lines = new LineIndex(text);
    const diagnostics = problems.map((p) => problemDiagnostic(lines, p, 'error'));
    if (diagnostics.length === 0 && !this.configDiagnosticPaths.has(file)) return;
    if (diagnostics.length > 0) this.configDiagnosticPaths.add(file);
    else this.configDiagnosticPaths.delete(file);
    await this.ctx.connection.sendDiagnostics({ uri: URI.file(file).toString(), diagnostics });
  }

  /** The glossary files' diagnostics, by URI: their problems, and related terms naming no concept. */
  private glossaryDiagnostics(): Map<string, Diagnostic[]> {
    const { service, project } = this.ctx;
    // Related terms naming no concept are reported in workspace and settings files (the bundled one is checked by its tests).
    const bundledUri = project.bundledUri();
    const concepts = service.store.snapshot().concepts;
    // The compiled glossary resolves related names as the check does; reuse its index when it serves these very concepts.
    const compiled = service.glossary();
    const resolves = compiled.concepts === concepts ? (name: string) => compiled.lookup(name) !== undefined : undefined;
    const problems = [...service.glossaryProblems(), ...findUnknownRelated(concepts, { only: (uri) => uri !== bundledUri, ...(resolves ? { resolves } : {}) })];
    const texts = project.glossaryTexts();
    const byUri = new Map<string, Diagnostic[]>();
    // One line index per file, not per problem: indexing is linear in the file.
    const indexes = new Map<string, LineIndex>();
    for (const p of problems) {
      let lines = indexes.get(p.uri);
      if (!lines) indexes.set(p.uri, (lines = new LineIndex(texts.get(p.uri) ?? '')));
      const list = byUri.get(p.uri) ?? [];
      list.push(problemDiagnostic(lines, p, p.severity));
      byUri.set(p.uri, list);
    }
    return byUri;
  }

  private async publishGlossaryProblems(): Promise<void> {
    const { connection } = this.ctx;
    const byUri = this.glossaryDiagnostics();
    for (const uri of this.glossaryDiagnosticUris) {
      if (!byUri.has(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.glossaryDiagnosticUris.clear();
    for (const [uri, diagnostics] of byUri) {
      this.glossaryDiagnosticUris.add(uri);
      await connection.sendDiagnostics({ uri, diagnostics });
    }
  }

  private async glossaryChanged(): Promise<void> {
    const { connection, service, project, log } = this.ctx;
    await this.publishGlossaryProblems();
    const status = service.status(project.glossaryTexts());
    log(`glossary: ${count(status.conceptCount, 'concept')}, ${count(status.termCount, 'term')}, ${count(status.errorCount, 'error')}`);
    for (const file of status.files) log(`  ${file.layer}: ${URI.parse(file.uri).fsPath}: ${count(file.concepts, 'concept')}, ${count(file.errors, 'error')}`);
    for (const line of status.errorSummaries) log(`  ${line}`);
    await connection.sendNotification(statusNotification, status);
    this.revalidateAll();
    // Build the word list and completion indexes between requests rather than during the first
    // completion or edit; but not at once: a client answers the status with its first hovers, which
    // need neither and would wait behind them (170 ms with the bundled glossary, 350 ms at 100,000
    // terms). A request that needs them sooner builds them itself.
    setTimeout(() => service.warm(), WARM_AFTER_MS).unref();
  }

  /** (Re)reads every glossary layer and publishes status and glossary diagnostics. */
  private async loadGlossaries(): Promise<void> {
    const load = await this.ctx.project.reload();
    await this.watchSettingsFiles(load.settingsFiles);
    await this.glossaryChanged();
  }
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
