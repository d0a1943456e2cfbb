/**
 * Following a concept through the workspace: Find All References, Rename Symbol (with
 * prepareRename), Workspace Symbols, the outline of glossary files and the code lens of their
 * entries ("12 uses in 5 files"). The features are the core's (`features/references.ts`,
 * `rename.ts`, `symbols.ts`); this module finds the documents: the open ones (their current text)
 * and the files of the workspace folders `ServerOptions.listFiles` gives (in Node every file
 * `termlens lint` would read, `node/discovery.ts`, `.gitignore` honoured), less what the project's `ignore` globs exclude, files over
 * `termlens.maxDocumentSize`, binary files and, in Restricted Mode, files whose real path leads out
 * of the workspace. Files are read through the project's file system and parsed only when their
 * text may mention the concept; a parse is reused until the file or the glossary changes. A scan
 * yields to the event loop every few milliseconds, honours cancellation and reports progress when
 * the client gave a progress token.
 */

import * as path from 'node:path';
import {
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type CodeLens,
  type InitializeParams,
  type Location,
  type ServerCapabilities,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { conceptAt, conceptAtEntry, conceptOfEntry, declarationOf, mayMention, mentionNeedles } from '../core/features/references';
import {
  checkNewTerm,
  renameEditsIn,
  renameEntry,
  renameTargetAt,
  renameTargetAtEntry,
  type EditableCheck,
  type OffsetEdit,
  type RenameTarget,
} from '../core/features/rename';
import { glossaryDocumentSymbols, glossaryOutline, usesTitle, workspaceSymbols } from '../core/features/symbols';
import type { CompiledGlossary } from '../core/glossary/compiled';
import { editRefusal } from '../core/glossary/edit';
import { preferredTerm } from '../core/glossary/model';
import type { ParsedDocument } from '../core/text/document';
import { canonicalLanguageId, NOTEBOOK_LANGUAGE_ID } from '../core/text/fileTypes';
import { LineIndex } from '../core/text/lineIndex';
import { canEditInPlace, jsonEscape, notebookRange, parseNotebook } from '../core/text/notebook';
import { isPathInside, realpathOf } from '../project/glossaryFiles';
import { isGlossaryFileUri } from '../project/workspace';
import { showReferencesCommand, type TermlensInitializationOptions } from '../protocolExtensions';
import { isEnabledFor, isTooLarge, type Settings } from '../settings';
import { settingsTarget, type ServerContext } from './context';
import { toLspDocumentSymbol, toLspLocationAt, toLspSymbolInformation, toLspWorkspaceEdit, toLspWorkspaceSymbol, type FileEdits } from './convert';
import type { DocumentPipeline } from './documents';

/** What the client can do, as far as these features care. */
interface NavigationClient {
  readonly documentChanges: boolean;
  readonly hierarchicalSymbols: boolean;
  readonly showReferences: boolean;
}

const clients = new WeakMap<ServerContext, NavigationClient>();

/** A file is binary when its first this many characters hold a NUL (as `termlens lint` judges). */
const BINARY_SNIFF = 8192;
/** Work between two yields to the event loop, in ms: requests (and cancellations) are read meanwhile. */
const SLICE_MS = 10;
/** Files read at once. */
const READ_BATCH = 32;
/** How long a listing of the workspace's files is reused, in ms. */
const LISTING_TTL_MS = 3000;
/** Most workspace symbols returned. */
const MAX_WORKSPACE_SYMBOLS = 100;

/**
 * Records what the client can do and returns the capabilities of these features, for the
 * initialize result.
 */
export function navigationCapabilities(ctx: ServerContext, params: InitializeParams): ServerCapabilities {
  const init = (params.initializationOptions ?? {}) as TermlensInitializationOptions;
  clients.set(ctx, {
    documentChanges: params.capabilities.workspace?.workspaceEdit?.documentChanges === true,
    hierarchicalSymbols: params.capabilities.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
    showReferences: init.showReferencesCommand === true,
  });
  return {
    referencesProvider: { workDoneProgress: true },
    renameProvider: { prepareProvider: true, workDoneProgress: true },
    workspaceSymbolProvider: true,
    documentSymbolProvider: true,
    codeLensProvider: { resolveProvider: false },
  };
}

/** Registers references, rename, workspace and document symbols and code lenses. */
export function registerNavigation(ctx: ServerContext, docs: DocumentPipeline): void {
  const nav = new Navigation(ctx, docs);
  const { connection } = ctx;
  connection.onReferences((params, token, progress) =>
    nav.references(params.textDocument.uri, params.position, params.context.includeDeclaration, token, progress),
  );
  connection.onPrepareRename(async (params) => {
    const target = await nav.renameTarget(params.textDocument.uri, params.position);
    return target && { range: target.lines.range(target.start, target.end), placeholder: target.placeholder };
  });
  connection.onRenameRequest((params, token, progress) => nav.rename(params.textDocument.uri, params.position, params.newName, token, progress));
  connection.onWorkspaceSymbol((params) => nav.workspaceSymbols(typeof params.query === 'string' ? params.query : ''));
  connection.onDocumentSymbol((params) => nav.documentSymbols(params.textDocument.uri));
  connection.onCodeLens((params, token) => nav.codeLenses(params.textDocument.uri, token));
}

/** One use of a concept in a file, by offsets into the file's text. */
interface FileRef {
  readonly concept: number;
  readonly form: number;
  readonly start: number;
  readonly end: number;
}

/** A document a scan looks at: an open one, or a file of the workspace. */
interface Candidate {
  readonly uri: string;
  readonly languageId: string;
  /** The open document, whose text and version win over the disk. */
  readonly open?: TextDocument;
  /** The file's path (files on disk). */
  readonly path?: string;
  readonly settings: Settings;
}

/** A document scanned: its text and the concept's uses in it. */
interface Scanned {
  readonly candidate: Candidate;
  readonly text: string;
  readonly refs: readonly FileRef[];
}

/** What a scan saw, for the log. */
interface ScanStats {
  files: number;
  parsed: number;
  skipped: number;
}

/** A rename target with the line index of the document it was found in. */
type LocatedTarget = RenameTarget & { readonly lines: LineIndex };

class Navigation {
  /** Uses found per document, while its text and the glossary stay the same. */
  private readonly cache = new Map<string, { text: string; glossary: CompiledGlossary; refs: FileRef[] }>();
  /** Line indexes of glossary files' texts, by URI. */
  private readonly glossaryLines = new Map<string, { text: string; lines: LineIndex }>();
  private realFolders: { folders: readonly string[]; real: Promise<string[]> } | undefined;
  private listing: { folders: readonly string[]; at: number; files: Candidate[] } | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly docs: DocumentPipeline,
  ) {}

  private get client(): NavigationClient {
    return clients.get(this.ctx) ?? { documentChanges: false, hierarchicalSymbols: false, showReferences: false };
  }

  // Requests.

  async references(
    uri: string,
    position: { line: number; character: number },
    includeDeclaration: boolean,
    token: CancellationToken,
    progress: WorkDoneProgressReporter,
  ): Promise<Location[] | null> {
    const glossary = this.ctx.service.glossary();
    const concept = await this.conceptAt(uri, position);
    if (concept === undefined) return null;
    const started = performance.now();
    const found = await this.scan(glossary, [concept], token, progress, `Finding references of “${shown(glossary.preferred(concept))}”`);
    const out: Location[] = [];
    if (includeDeclaration) {
      const declaration = this.declaration(glossary, concept);
      if (declaration) out.push(declaration);
    }
    for (const s of found.scanned) {
      const lines = new LineIndex(s.text);
      for (const r of s.refs) if (r.concept === concept) out.push(toLspLocationAt(s.candidate.uri, lines, r.start, r.end));
    }
    const ms = Math.round(performance.now() - started);
    this.ctx.log(
      `references of “${shown(glossary.preferred(concept))}”: ${out.length} in ${found.scanned.length} documents (${found.stats.files} read, ${found.stats.parsed} parsed, ${found.stats.skipped} skipped) in ${ms} ms`,
    );
    return out;
  }

  async renameTarget(uri: string, position: { line: number; character: number }): Promise<LocatedTarget> {
    const glossary = this.ctx.service.glossary();
    const at = await this.targetFinder(uri, position, glossary);
    const probe = at.find(() => true);
    if ('error' in probe) throw new ResponseError(ErrorCodes.InvalidRequest, probe.error);
    const originUri = glossary.concepts[probe.concept]!.origin!.uri;
    const reason = await this.refusalFor(originUri);
    const target = at.find(() => (reason === undefined ? true : { reason }));
    if ('error' in target) throw new ResponseError(ErrorCodes.InvalidRequest, target.error);
    return { ...target, lines: at.lines };
  }

  async rename(uri: string, position: { line: number; character: number }, newName: string, token: CancellationToken, progress: WorkDoneProgressReporter) {
    const glossary = this.ctx.service.glossary();
    const target = await this.renameTarget(uri, position);
    const checked = checkNewTerm(glossary, target.concept, newName);
    if ('error' in checked) throw new ResponseError(ErrorCodes.InvalidParams, checked.error);
    const concept = glossary.concepts[target.concept]!;
    const files: FileEdits[] = [this.entryEdits(concept.origin!.uri, concept.forms[0]!.loc!.start, preferredTerm(concept), checked.term)];
    const found = await this.scan(glossary, [target.concept], token, progress, `Renaming “${shown(preferredTerm(concept))}”`);
    for (const s of found.scanned) {
      const edits = this.documentEdits(s, target.concept, checked.term);
      if (edits && edits.edits.length > 0) files.push(edits);
    }
    this.ctx.log(
      `rename of “${shown(preferredTerm(concept))}” to “${shown(checked.term)}”: ${files.reduce((n, f) => n + f.edits.length, 0)} edits in ${files.length} files`,
    );
    return toLspWorkspaceEdit(files, this.client.documentChanges);
  }

  workspaceSymbols(query: string) {
    const glossary = this.ctx.service.glossary();
    const layers = this.layers();
    const isWorkspace = (i: number) => {
      const layer = layers.get(glossary.concepts[i]!.origin?.uri ?? '');
      return layer !== undefined && layer !== 'bundled';
    };
    return workspaceSymbols(glossary, query, { isWorkspace, limit: MAX_WORKSPACE_SYMBOLS }).flatMap((i) => {
      const location = this.declaration(glossary, i);
      if (!location) return [];
      const concept = glossary.concepts[i]!;
      const layer = layers.get(concept.origin!.uri);
      const container = layer === 'bundled' ? 'bundled glossary' : path.posix.basename(URI.parse(concept.origin!.uri).path);
      return [toLspWorkspaceSymbol(preferredTerm(concept), concept.kind === 'area' ? 'area' : 'concept', location, container)];
    });
  }

  documentSymbols(uri: string) {
    const document = this.ctx.documents.get(uri);
    if (!document || !isGlossaryFileUri(uri)) return null;
    const text = document.getText();
    const symbols = glossaryDocumentSymbols(glossaryOutline(text, uri));
    const lines = new LineIndex(text);
    return this.client.hierarchicalSymbols ? symbols.map((s) => toLspDocumentSymbol(s, lines)) : toLspSymbolInformation(symbols, uri, lines);
  }

  async codeLenses(uri: string, token: CancellationToken): Promise<CodeLens[] | null> {
    const document = this.ctx.documents.get(uri);
    if (!document || !isGlossaryFileUri(uri)) return null;
    const key = canonicalUri(uri);
    if ((await this.refusalFor(key)) !== undefined) return null;
    const glossary = this.ctx.service.glossary();
    const text = document.getText();
    const entries = glossaryOutline(text, uri).flatMap((e) => {
      const concept = e.term && conceptOfEntry(glossary, key, e.term.text);
      return e.term && concept !== undefined ? [{ term: e.term, concept }] : [];
    });
    if (entries.length === 0) return [];
    const found = await this.scan(glossary, new Set(entries.map((e) => e.concept)), token);
    const uses = new Map<number, { count: number; files: number }>();
    for (const s of found.scanned) {
      const seen = new Set<number>();
      for (const r of s.refs) {
        const u = uses.get(r.concept) ?? { count: 0, files: 0 };
        u.count++;
        if (!seen.has(r.concept)) u.files++;
        seen.add(r.concept);
        uses.set(r.concept, u);
      }
    }
    const lines = new LineIndex(text);
    return entries.map(({ term, concept }) => {
      const u = uses.get(concept) ?? { count: 0, files: 0 };
      const range = lines.range(term.start, term.end);
      // The command is ours, never the glossary's: a label for clients that do not run it.
      const command = this.client.showReferences && u.count > 0 ? showReferencesCommand : '';
      return { range, command: { title: usesTitle(u.count, u.files), command, ...(command ? { arguments: [uri, range.start] } : {}) } };
    });
  }

  // The concept a request names.

  private async conceptAt(uri: string, position: { line: number; character: number }): Promise<number | undefined> {
    const glossary = this.ctx.service.glossary();
    if (isGlossaryFileUri(uri)) {
      const document = this.ctx.documents.get(uri);
      if (!document) return undefined;
      const text = document.getText();
      return conceptAtEntry(glossary, canonicalUri(uri), glossaryOutline(text, uri), document.offsetAt(position));
    }
    const target = await this.docs.enabledDoc(uri);
    if (!target) return undefined;
    const offset = target.document.offsetAt(position);
    const doc = this.docs.parsedAt(target, offset);
    return doc.glossary === glossary ? conceptAt(doc, offset) : undefined;
  }

  /** A rename target finder for the document `uri` (a glossary file's entry, or a term), with its line index. */
  private async targetFinder(uri: string, position: { line: number; character: number }, glossary: CompiledGlossary) {
    const refuse = { error: 'Rename works on a glossary term: put the cursor on a term the glossary defines.' };
    if (isGlossaryFileUri(uri)) {
      const document = this.ctx.documents.get(uri);
      const text = document?.getText() ?? '';
      const entries = glossaryOutline(text, uri);
      const offset = document?.offsetAt(position) ?? 0;
      const lines = new LineIndex(text);
      return { lines, find: (editable: EditableCheck) => (document ? renameTargetAtEntry(glossary, canonicalUri(uri), entries, offset, editable) : refuse) };
    }
    const target = await this.docs.enabledDoc(uri);
    const offset = target?.document.offsetAt(position) ?? 0;
    const doc: ParsedDocument | undefined = target && this.docs.parsedAt(target, offset);
    const lines = doc?.lines ?? new LineIndex('');
    return { lines, find: (editable: EditableCheck) => (doc && doc.glossary === glossary ? renameTargetAt(doc, offset, editable) : refuse) };
  }

  // Glossary files.

  /** The layer of every glossary file served, by URI. */
  private layers(): Map<string, string> {
    return new Map(this.ctx.service.store.snapshot().files.map((f) => [f.uri, f.layer]));
  }

  /**
   * Why the glossary file `uri` may not be edited by a rename, as the place it names ("the bundled
   * glossary", "terms.glossary.yaml (the file is outside the workspace)"), or undefined when it may.
   */
  private async refusalFor(uri: string): Promise<string | undefined> {
    const layer = this.layers().get(uri) as 'bundled' | 'workspace' | 'settings' | undefined;
    if (layer === 'bundled') return 'the bundled glossary';
    const parsed = URI.parse(uri);
    const name = path.posix.basename(parsed.path);
    if (layer === undefined) return `${name}, which termlens does not serve`;
    const file = parsed.scheme === 'file' ? parsed.fsPath : undefined;
    const folders = this.ctx.project.folders();
    if (!this.realFolders || this.realFolders.folders !== folders) {
      this.realFolders = { folders, real: Promise.all(folders.map(async (f) => (await realpathOf(f, (p) => this.ctx.options.fs.realpath(p))) ?? f)) };
    }
    const real = file === undefined ? undefined : await realpathOf(file, (p) => this.ctx.options.fs.realpath(p));
    const realFolders = await this.realFolders.real;
    const refusal = editRefusal({
      uri,
      layer,
      insideWorkspace: file !== undefined && folders.some((f) => isPathInside(f, file)),
      realPathInsideWorkspace: real !== undefined && realFolders.some((f) => isPathInside(f, real)),
      trusted: this.ctx.project.trusted(),
    });
    if (refusal === undefined && file !== undefined && file.split(path.sep).includes('node_modules')) return `${name} (a glossary package in node_modules)`;
    return refusal === undefined ? undefined : `${name} (${refusal})`;
  }

  /** The text a served glossary file was read with (the open editor's when applied, else the disk's), and its line index. */
  private glossaryText(uri: string): { text: string; lines: LineIndex } | undefined {
    const text = this.ctx.project.glossaryTexts().get(uri);
    if (text === undefined) return undefined;
    const cached = this.glossaryLines.get(uri);
    if (cached?.text === text) return cached;
    const entry = { text, lines: new LineIndex(text) };
    this.glossaryLines.set(uri, entry);
    return entry;
  }

  /** Where concept `concept` is declared: its preferred term in its glossary file. */
  private declaration(glossary: CompiledGlossary, concept: number): Location | undefined {
    const d = declarationOf(glossary, concept);
    if (!d) return undefined;
    const file = this.glossaryText(d.uri);
    if (file && d.start !== undefined && d.end !== undefined && d.end <= file.text.length) return toLspLocationAt(d.uri, file.lines, d.start, d.end);
    const at = { line: d.line, character: 0 };
    return { uri: d.uri, range: { start: at, end: at } };
  }

  /** The edits of the concept's glossary entry, against the text it was read with (and the open document's version). */
  private entryEdits(uri: string, termStart: number, oldTerm: string, newTerm: string): FileEdits {
    const file = this.glossaryText(uri);
    const open = this.openDocument(uri);
    if (!file || (open && open.getText() !== file.text)) {
      throw new ResponseError(ErrorCodes.InvalidRequest, `${path.posix.basename(URI.parse(uri).path)} is being edited: try again in a moment.`);
    }
    const result = renameEntry({ uri, text: file.text, termStart, oldTerm, newTerm });
    if ('error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, `Cannot rename: ${result.error}`);
    return { uri: open?.uri ?? uri, version: open?.version ?? null, lines: file.lines, edits: result.edits };
  }

  private openDocument(uri: string): TextDocument | undefined {
    return this.ctx.documents.get(uri) ?? this.ctx.documents.all().find((d) => canonicalUri(d.uri) === uri);
  }

  // Scanning the workspace.

  /**
   * The documents that use any of `concepts`, with their uses (of every concept the scan parsed
   * them for; callers filter). Throws a cancellation error when `token` is cancelled.
   */
  private async scan(
    glossary: CompiledGlossary,
    concepts: Iterable<number>,
    token: CancellationToken,
    progress?: WorkDoneProgressReporter,
    title = 'Scanning the workspace',
  ): Promise<{ scanned: Scanned[]; stats: ScanStats }> {
    const wanted = new Set(concepts);
    const needles = mentionNeedles(glossary, wanted);
    const stats: ScanStats = { files: 0, parsed: 0, skipped: 0 };
    const candidates = await this.candidates();
    progress?.begin(title, 0, `${candidates.length} files`, true);
    const scanned: Scanned[] = [];
    let slice = performance.now();
    try {
      for (let i = 0; i < candidates.length; i += READ_BATCH) {
        // Files are read a batch at a time (the disk works in parallel), parsed one at a time.
        const batch = candidates.slice(i, i + READ_BATCH);
        const texts = await Promise.all(batch.map((c) => this.textOf(c, stats)));
        for (let j = 0; j < batch.length; j++) {
          if (performance.now() - slice > SLICE_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            slice = performance.now();
            if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
            // Concept numbers are the glossary's: a reload meanwhile makes them mean other concepts.
            if (this.ctx.service.glossary() !== glossary) throw new ResponseError(LSPErrorCodes.ContentModified, 'the glossary changed; try again');
            progress?.report(Math.round((100 * (i + j)) / candidates.length), `${i + j} of ${candidates.length} files`);
          }
          const text = texts[j];
          if (text === undefined) continue;
          stats.files++;
          const refs = this.usesIn(batch[j]!, text, glossary, needles, stats).filter((r) => wanted.has(r.concept));
          if (refs.length > 0) scanned.push({ candidate: batch[j]!, text, refs });
        }
        if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
      }
    } finally {
      progress?.done();
    }
    return { scanned, stats };
  }

  /**
   * The documents a scan looks at: open documents termlens is enabled for (not glossary files, not
   * notebook cells: a notebook is read from its file), then the files of each workspace folder as
   * `termlens lint` lists them, without the open ones.
   */
  private async candidates(): Promise<Candidate[]> {
    const { project, documents } = this.ctx;
    const out: Candidate[] = [];
    const openPaths = new Set<string>();
    for (const document of documents.all()) {
      const parsed = URI.parse(document.uri);
      if (isGlossaryFileUri(document.uri) || parsed.scheme === 'vscode-notebook-cell') continue;
      const target = await this.docs.enabledDoc(document.uri);
      if (parsed.scheme === 'file') openPaths.add(parsed.fsPath);
      if (!target || isTooLarge(target.settings, document.getText().length) || (await this.docs.isIgnoredDoc(document.uri, target.settings))) continue;
      if (parsed.scheme === 'file' && !project.trusted() && !(await project.mayRead(parsed.fsPath))) continue;
      out.push({ uri: document.uri, languageId: target.languageId, open: document, settings: target.settings });
    }
    for (const file of await this.workspaceFiles()) if (!openPaths.has(file.path!)) out.push(file);
    return out;
  }

  /**
   * The files of the workspace folders termlens reads, as `termlens lint` lists them, less those
   * the settings disable or the `ignore` globs exclude. Listed again when asked for after
   * {@link LISTING_TTL_MS}, so that the requests of one gesture (prepare rename, rename) list once.
   */
  private async workspaceFiles(): Promise<Candidate[]> {
    const { project } = this.ctx;
    const folders = project.folders();
    if (this.listing && this.listing.folders === folders && performance.now() - this.listing.at < LISTING_TTL_MS) return this.listing.files;
    const files: Candidate[] = [];
    const seen = new Set<string>();
    for (const folder of folders) {
      const settings = await project.settings(settingsTarget(URI.file(folder).toString()));
      if (!settings.enable) continue;
      for (const file of (await this.ctx.options.listFiles?.(folder)) ?? []) {
        if (seen.has(file.path)) continue;
        seen.add(file.path);
        const notebook = file.languageId === NOTEBOOK_LANGUAGE_ID;
        if (!notebook && !isEnabledFor(settings, canonicalLanguageId(file.languageId))) continue;
        if (await project.isIgnored(file.path, settings)) continue;
        files.push({ uri: URI.file(file.path).toString(), languageId: file.languageId, path: file.path, settings });
      }
    }
    this.listing = { folders, at: performance.now(), files };
    return files;
  }

  /** A candidate's text: the open document's, else the file's unless it is too large, binary or (in Restricted Mode) leads outside. */
  private async textOf(candidate: Candidate, stats: ScanStats): Promise<string | undefined> {
    if (candidate.open) return candidate.open.getText();
    const file = candidate.path!;
    const { project } = this.ctx;
    if (!project.trusted() && !(await project.mayRead(file))) return skip();
    const info = await this.ctx.options.fs.stat(file);
    if (!info?.isFile || isTooLarge(candidate.settings, info.size)) return skip();
    const text = await this.ctx.options.fs.readFile(file);
    if (text === undefined || text.slice(0, BINARY_SNIFF).includes('\0') || isTooLarge(candidate.settings, text.length)) return skip();
    return text;
    function skip(): undefined {
      stats.skipped++;
      return undefined;
    }
  }

  /** Every use of a concept in `text` (a notebook's at its own offsets), parsed once per text and glossary. */
  private usesIn(candidate: Candidate, text: string, glossary: CompiledGlossary, needles: readonly string[] | undefined, stats: ScanStats): FileRef[] {
    const cached = this.cache.get(candidate.uri);
    if (cached && cached.text === text && cached.glossary === glossary) return cached.refs;
    if (!mayMention(text.toLowerCase(), needles)) return [];
    stats.parsed++;
    const refs: FileRef[] = [];
    const collect = (doc: ParsedDocument, map: (start: number, end: number) => { start: number; end: number } = (start, end) => ({ start, end })) => {
      for (const o of doc.occurrences) if (o.match === 'exact') refs.push({ concept: o.ref.concept, form: o.ref.form, ...map(o.start, o.end) });
    };
    if (candidate.languageId === NOTEBOOK_LANGUAGE_ID) {
      const notebook = parseNotebook(text);
      if ('error' in notebook) return [];
      for (const cell of notebook.cells) {
        if (!isEnabledFor(candidate.settings, cell.languageId)) continue;
        collect(this.ctx.service.parse(cell.text, cell.languageId), (start, end) => notebookRange(cell, start, end));
      }
    } else {
      collect(candidate.open ? this.docs.parsedFor(candidate.open, candidate.languageId) : this.ctx.service.parse(text, candidate.languageId));
    }
    this.cache.set(candidate.uri, { text, glossary, refs });
    return refs;
  }

  /** The rename edits of one scanned document; a notebook's only where a cell's text maps onto its JSON one to one, and none while it is open. */
  private documentEdits(s: Scanned, concept: number, newTerm: string): FileEdits | undefined {
    const { candidate, text } = s;
    if (candidate.languageId !== NOTEBOOK_LANGUAGE_ID) {
      const doc = candidate.open ? this.docs.parsedFor(candidate.open, candidate.languageId) : this.ctx.service.parse(text, candidate.languageId);
      return { uri: candidate.uri, version: candidate.open?.version ?? null, lines: doc.lines, edits: renameEditsIn(doc, concept, newTerm) };
    }
    if (this.ctx.documents.all().some((d) => d.uri.startsWith('vscode-notebook-cell:') && URI.parse(d.uri).fsPath === candidate.path)) {
      this.ctx.log(`rename: ${candidate.path} is open as a notebook; its cells were not renamed`);
      return undefined;
    }
    const notebook = parseNotebook(text);
    if ('error' in notebook) return undefined;
    const edits: OffsetEdit[] = [];
    for (const cell of notebook.cells) {
      if (!isEnabledFor(candidate.settings, cell.languageId)) continue;
      for (const e of renameEditsIn(this.ctx.service.parse(cell.text, cell.languageId), concept, newTerm)) {
        if (!canEditInPlace(cell, e.start, e.end)) continue;
        edits.push({ ...notebookRange(cell, e.start, e.end), newText: jsonEscape(e.newText) });
      }
    }
    return { uri: candidate.uri, version: null, lines: new LineIndex(text), edits };
  }
}

/** A term as progress and log lines show it: at most 80 characters (glossary text is untrusted and may be long). */
function shown(term: string): string {
  return term.length > 80 ? `${term.slice(0, 79)}…` : term;
}

/** A file URI as the glossary store keys it; other URIs as they are. */
function canonicalUri(uri: string): string {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' ? URI.file(parsed.fsPath).toString() : uri;
}
