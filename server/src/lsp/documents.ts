/** Open documents: parsing (cached per version and glossary), the targets of requests, and publishing their diagnostics. */

import type { Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { isGlossaryFileUri } from '../project/workspace';
import { diagnosticOptions, isEnabledFor, isTooLarge, type Settings } from '../settings';
import { isSupportedLanguage, skippedSpans, type ParsedDocument } from '../core/text/document';
import { canonicalLanguageId } from '../core/text/fileTypes';
import { settingsTarget, type ServerContext, type Target } from './context';
import { skippedDiagnostic, toLspDiagnostic, tooLargeDiagnostic } from './convert';

/** Diagnostics that take less than this (ms) are recomputed at once after every edit. */
const QUICK_CHECK_MS = 50;
/** The longest wait (ms) before diagnostics are recomputed after an edit. */
const MAX_VALIDATION_DELAY_MS = 300;
/** Characters around the cursor scanned for hover and completion in a document over the size limit. */
const WINDOW_MARGIN = 4096;

/** A parse of one version of a document against one compiled glossary. */
interface CachedParse {
  readonly version: number;
  readonly glossary: unknown;
  readonly doc: ParsedDocument;
}

/** Parsing, caching and validating open documents. */
export class DocumentPipeline {
  private readonly parsed = new Map<string, CachedParse>();
  /** Partial parses of documents over the size limit, around the last request. */
  private readonly windows = new Map<string, CachedParse>();
  /** How long the last diagnostics of each document took, and when they were published. */
  private readonly timings = new Map<string, { duration: number; at: number }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ctx: ServerContext) {}

  parsedFor(document: TextDocument, languageId: string): ParsedDocument {
    const { service } = this.ctx;
    // The glossary that applies to the document's path (folder-scoped glossaries differ by folder).
    const path = settingsTarget(document.uri).at;
    const glossary = service.glossary(path);
    const cached = this.parsed.get(document.uri);
    if (cached && cached.version === document.version && cached.glossary === glossary) return cached.doc;
    // The editor's document keeps its line starts up to date edit by edit: positions come from it.
    const doc = service.parse(document.getText(), languageId, { previous: cached?.doc, positions: document, ...(path !== undefined ? { path } : {}) });
    this.parsed.set(document.uri, { version: document.version, glossary, doc });
    return doc;
  }

  /**
   * The document parsed for a request at `offset`: whole, or around the offset when the document is
   * over `termlens.maxDocumentSize` (hover and completion need only the text near the cursor).
   */
  parsedAt(target: Target, offset: number): ParsedDocument {
    const { document, settings, languageId } = target;
    if (!isTooLarge(settings, document.getText().length)) return this.parsedFor(document, languageId);
    const { service } = this.ctx;
    const path = settingsTarget(document.uri).at;
    const glossary = service.glossary(path);
    const cached = this.windows.get(document.uri);
    const w = cached?.doc.window;
    if (cached && cached.version === document.version && cached.glossary === glossary && w && offset >= w.start && offset <= w.end) return cached.doc;
    const window = { start: Math.max(0, offset - WINDOW_MARGIN), end: offset + WINDOW_MARGIN };
    const doc = service.parse(document.getText(), languageId, { positions: document, window, ...(path !== undefined ? { path } : {}) });
    this.windows.set(document.uri, { version: document.version, glossary, doc });
    return doc;
  }

  async enabledDoc(uri: string): Promise<Target | undefined> {
    const document = this.ctx.documents.get(uri);
    const languageId = document && canonicalLanguageId(document.languageId);
    if (!document || !languageId || !isSupportedLanguage(languageId)) return undefined;
    await this.ctx.glossaryLoaded;
    const settings = await this.ctx.project.settings(settingsTarget(uri));
    return isEnabledFor(settings, languageId) ? { document, settings, languageId } : undefined;
  }

  /** Whether the project's ignore globs exclude `uri` from diagnostics. */
  async isIgnoredDoc(uri: string, settings: Settings): Promise<boolean> {
    const parsedUri = URI.parse(uri);
    if (parsedUri.scheme !== 'file' && parsedUri.scheme !== 'vscode-notebook-cell') return false;
    return this.ctx.project.isIgnored(parsedUri.fsPath, settings);
  }

  scheduleValidation(uri: string, delay = this.validationDelay(uri)): void {
    clearTimeout(this.pending.get(uri));
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        this.validate(uri).catch((e) => this.ctx.log(`diagnostics failed for ${uri}: ${String(e)}`));
      }, delay),
    );
  }

  revalidateAll(): void {
    for (const document of this.ctx.documents.all()) if (!isGlossaryFileUri(document.uri)) this.scheduleValidation(document.uri, 0);
  }

  forget(uri: string): void {
    clearTimeout(this.pending.get(uri));
    this.pending.delete(uri);
    this.parsed.delete(uri);
    this.windows.delete(uri);
    this.timings.delete(uri);
  }

  private async diagnosticsOf(uri: string, target: Target): Promise<Diagnostic[]> {
    const { document, settings } = target;
    if (await this.isIgnoredDoc(uri, settings)) return [];
    if (isTooLarge(settings, document.getText().length)) {
      this.parsed.delete(uri);
      return [tooLargeDiagnostic(document.getText().length, settings.maxDocumentSize)];
    }
    const doc = this.parsedFor(document, target.languageId);
    const diagnostics = this.ctx.service.diagnostics(doc, diagnosticOptions(settings)).map((d) => toLspDiagnostic(d, uri));
    for (const span of skippedSpans(doc)) diagnostics.push(skippedDiagnostic(doc.lines.positionAt(span.start), span.end - span.start));
    return diagnostics;
  }

  private async validate(uri: string): Promise<void> {
    const { connection, documents } = this.ctx;
    const target = await this.enabledDoc(uri);
    if (!target) {
      if (documents.get(uri)) await connection.sendDiagnostics({ uri, diagnostics: [] });
      return;
    }
    const version = target.document.version;
    const started = performance.now();
    const diagnostics = await this.diagnosticsOf(uri, target);
    this.timings.set(uri, { duration: performance.now() - started, at: performance.now() });
    // A newer edit supersedes this result; its own validation will publish.
    if (documents.get(uri)?.version !== version) return;
    await connection.sendDiagnostics({ uri, version, diagnostics });
  }

  /**
   * When to recompute a document's diagnostics after an edit: at once when the document is quick
   * to check or the user has paused, else after about as long as the last check took, so that a
   * burst of keystrokes in a long document costs one check, not one per keystroke.
   */
  private validationDelay(uri: string): number {
    if (this.ctx.options.diagnosticsDelay !== undefined) return this.ctx.options.diagnosticsDelay;
    const last = this.timings.get(uri);
    if (!last || last.duration < QUICK_CHECK_MS || performance.now() - last.at > 2 * last.duration + QUICK_CHECK_MS) return 0;
    return Math.min(last.duration, MAX_VALIDATION_DELAY_MS);
  }
}
