/**
 * The termlens service: the one entry object the LSP server and the CLI both build on, in the
 * shape of `createLanguageService(...)` from vscode-markdown-languageservice. Its dependencies (the
 * word list, where the bundled glossary comes from) are passed in; it holds the glossary store and
 * the compiled glossary, and exposes every feature as a plain function of a parsed document.
 */

import { CompiledGlossary } from './glossary/compiled';
import type { GlossaryProblem } from './glossary/model';
import { GlossaryStore, type GlossaryContext } from './glossary/store';
import { computeCodeActions, type TermCodeAction } from './features/codeActions';
import { completionDocumentation, computeCompletions, prepareCompletion, type CompletionOptions, type TermCompletionList } from './features/completion';
import { computeDiagnostics, type DiagnosticOptions, type TermDiagnostic } from './features/diagnostics';
import { computeDefinition, type TermLocation } from './features/definition';
import { computeHover, type HoverContexts, type TermHover } from './features/hover';
import { searchGlossary } from './features/search';
import type { GlossaryStatus, SearchGlossaryItem } from '../protocolExtensions';
import type { Dictionary } from './text/dictionary';
import { URI } from 'vscode-uri';
import { LineIndex } from './text/lineIndex';
import { parseDocument, type ParsedDocument, type ParseOptions } from './text/document';
import type { ChunkScanner } from './text/markdown';

/** Dependencies of the service. */
export interface TermServiceOptions {
  /** The English word list used to keep false positives down. */
  readonly dictionary: Dictionary;
  /**
   * How Markdown chunks that need remark are parsed. Default: in this thread, unbounded; the server
   * and the CLI pass a worker-backed scanner with a time budget (`node/markdownBudget.ts`).
   */
  readonly scanMarkdownChunk?: ChunkScanner;
  /** The glossary store to serve (e.g. a project model's, `project/workspace.ts`); default a new, empty one. */
  readonly store?: GlossaryStore;
}

/** The termlens service. See {@link createTermService}. */
export interface TermService {
  /** The glossary files and their layers. Change it, then features see the new glossary. */
  readonly store: GlossaryStore;
  /**
   * The compiled glossary for the store's current state (rebuilt only when the store changed) that
   * applies to a document at `path` (absolute; see `GlossaryStore.context`): without folder-scoped
   * glossary files, one glossary for every document; with them, one per context, a few kept.
   */
  glossary(path?: string): CompiledGlossary;
  /** Problems in glossary files, current texts. */
  glossaryProblems(): readonly GlossaryProblem[];
  /** Counts and errors for the status bar. `texts` gives glossary files' texts to locate errors by line. */
  status(texts?: ReadonlyMap<string, string>): GlossaryStatus;
  /**
   * Scans a document once; pass the result to the features below. Given the document's previous
   * version (`options.previous`), only what an edit touched is scanned again. `options.path` (the
   * document's absolute path; none for untitled documents) picks the glossary that applies there.
   */
  parse(text: string, languageId: string, options?: ServiceParseOptions): ParsedDocument;
  /** The hover of the term at `offset`: its glossary entry as Markdown, and its offsets. */
  hover(doc: ParsedDocument, offset: number): TermHover | undefined;
  /** The glossary entry of the term at `offset`. */
  definition(doc: ParsedDocument, offset: number): TermLocation | undefined;
  completions(doc: ParsedDocument, offset: number, options?: CompletionOptions): TermCompletionList;
  /**
   * The documentation of a completion item for the concept `conceptId` (Markdown), filled in on
   * `completionItem/resolve`: from the glossary at `path`, else from the glossary of the last
   * completion (the document the item was offered in), else the one of documents without a path.
   */
  completionDocumentation(conceptId: string, path?: string): string | undefined;
  diagnostics(doc: ParsedDocument, options?: DiagnosticOptions): TermDiagnostic[];
  /** Quick fixes for the diagnostics `options` produce in `doc` overlapping the offsets `start`..`end`. */
  codeActions(doc: ParsedDocument, start: number, end: number, options?: DiagnosticOptions): TermCodeAction[];
  search(query: string, limit?: number): SearchGlossaryItem[];
  /** Builds what the first requests would otherwise build: the word list and the completion indexes. */
  warm(): void;
}

/** {@link ParseOptions} and the document's path, which picks its glossary. */
export interface ServiceParseOptions extends ParseOptions {
  /** The document's absolute path (as the project's file system spells it); none for untitled documents. */
  readonly path?: string;
}

/** Creates the service with an empty store (or `options.store`): add the bundled glossary and files through `store`. */
export function createTermService(options: TermServiceOptions): TermService {
  const store = options.store ?? new GlossaryStore();
  // One compiled glossary per context object: the store keeps a context while it is current (and a few recent ones).
  const compiledOf = new WeakMap<GlossaryContext, CompiledGlossary>();
  const contextOf = new WeakMap<CompiledGlossary, GlossaryContext>();
  // Weak: an old glossary must not stay in memory after a reload for the sake of a resolve.
  let lastCompleted: WeakRef<CompiledGlossary> | undefined;
  // Diagnostics are asked for after each edit and again by every code action request (on each
  // cursor move in VS Code): compute them once per parsed document and options.
  const diagnosed = new WeakMap<ParsedDocument, { key: string; result: TermDiagnostic[] }>();
  const diagnose = (doc: ParsedDocument, opts?: DiagnosticOptions): TermDiagnostic[] => {
    const key = JSON.stringify([opts?.severities ?? {}, opts?.knownAcronyms ?? []]);
    const cached = diagnosed.get(doc);
    if (cached?.key === key) return cached.result;
    const result = computeDiagnostics(doc, opts);
    diagnosed.set(doc, { key, result });
    return result;
  };

  const glossary = (path?: string): CompiledGlossary => {
    const context = store.context(path);
    let compiled = compiledOf.get(context);
    if (!compiled) {
      compiled = new CompiledGlossary(context.concepts, options.dictionary);
      compiledOf.set(context, compiled);
      contextOf.set(compiled, context);
    }
    return compiled;
  };
  const hoverContexts = (g: CompiledGlossary): HoverContexts | undefined => {
    const context = contextOf.get(g);
    if (!context) return undefined;
    return {
      contextOf: (concept, alternatives) => {
        const place = context.placeOf(concept);
        return place && (place.notable || alternatives) ? place.context : undefined;
      },
      alternatives: (form) => (context.scoped ? context.shadowed(form.text) : []),
    };
  };

  return {
    store,
    glossary,
    glossaryProblems: () => store.snapshot().problems,
    status(texts) {
      const snapshot = store.snapshot();
      const g = glossary();
      const errors = snapshot.problems.filter((p) => p.severity === 'error');
      // One line index per file, not per problem: indexing is linear in the file.
      const indexes = new Map<string, LineIndex>();
      const summaries = errors.map((p) => {
        const text = texts?.get(p.uri);
        let lines = indexes.get(p.uri);
        if (text !== undefined && !lines) indexes.set(p.uri, (lines = new LineIndex(text)));
        const line = lines === undefined ? 1 : lines.lineOf(p.start) + 1;
        return `${displayPath(p.uri)}:${line}: ${p.message}`;
      });
      return {
        conceptCount: g.concepts.length,
        termCount: g.termCount,
        files: snapshot.files,
        errorCount: errors.length,
        errorSummaries: summaries,
      };
    },
    parse: (text, languageId, { path, ...opts } = {}) =>
      parseDocument(text, languageId, glossary(path), {
        ...opts,
        previous: opts.previous?.languageId === languageId ? opts.previous : undefined,
        scanChunk: opts.scanChunk ?? options.scanMarkdownChunk,
      }),
    hover: (doc, offset) => computeHover(doc, offset, hoverContexts(doc.glossary)),
    definition: (doc, offset) => computeDefinition(doc, offset),
    completions: (doc, offset, opts) => {
      lastCompleted = new WeakRef(doc.glossary);
      return computeCompletions(doc, offset, opts);
    },
    completionDocumentation: (conceptId, path) => {
      const last = lastCompleted?.deref();
      const candidates = [...(path !== undefined ? [glossary(path)] : []), ...(last ? [last] : []), glossary()];
      for (const g of candidates) {
        const documentation = completionDocumentation(g, conceptId);
        if (documentation !== undefined) return documentation;
      }
      return undefined;
    },
    diagnostics: diagnose,
    codeActions: (doc, start, end, opts) => computeCodeActions(diagnose(doc, opts), start, end),
    search: (query, limit) => searchGlossary(glossary(), query, limit),
    warm() {
      options.dictionary.has('warm');
      prepareCompletion(glossary());
    },
  };
}

/** A file URI as a path, other URIs as they are. */
function displayPath(uri: string): string {
  return uri.startsWith('file:') ? URI.parse(uri).fsPath : uri;
}
