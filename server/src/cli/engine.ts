/**
 * Linting one text, shared by the `termlens lint` main thread and its workers: the service is built
 * from the same glossary layers as the language server's, and a text's diagnostics are computed
 * exactly as the server computes the ones it publishes.
 */

import type { Position, Range } from '../core/text/lineIndex';
import type { RelatedSpan, TermDiagnostic, TermFix } from '../core/features/diagnostics';
import type { GlossaryLayer, GlossaryPlace } from '../core/glossary/store';
import { createTermService, type TermService } from '../core/service';
import { diagnosticOptions, type Settings } from '../settings';
import type { Dictionary } from '../core/text/dictionary';
import type { ChunkScanner } from '../core/text/markdown';
import { NOTEBOOK_LANGUAGE_ID } from '../core/text/fileTypes';
import { LineIndex } from '../core/text/lineIndex';
import { canEditInPlace, joinCells, jsonEscape, notebookRange, parseNotebook, type NotebookCell } from '../core/text/notebook';
import { isEnabledFor } from '../settings';
import { glossaryScopeTests } from '../project/glossaryFiles';
import { contentHash, readLintableBytes, replaceFileIfUnchanged, type BytesRead, type FileStamp, type WriteFailure } from './files';
import { applySafeFixesToBytes } from './fix';

/** A glossary file's text and layer, as the main thread reads it and sends it to workers. */
export interface GlossaryInput {
  /** The file URI it is known by (problems are reported under it). */
  readonly uri: string;
  readonly text: string;
  readonly layer: GlossaryLayer;
  /** Where it applies (a folder, an override's paths) and how hovers name it; default everywhere. */
  readonly place?: GlossaryPlace;
}

/** Whether and how `--fix` applies: not at all, to the file, or only to report what would change. */
export type FixMode = 'off' | 'fix' | 'dry-run';

/** The lint of one text. */
export interface LintedText {
  /** The text the diagnostics refer to: after fixes, the fixed text. */
  readonly text: string;
  readonly diagnostics: readonly TermDiagnostic[];
  /** Present when fixes changed the text. */
  readonly fixes?: { readonly applied: number; readonly original: string };
  /** Present when the bytes start with a UTF-8 BOM, which `text` leaves out (as editors do); diffs show it. */
  readonly bom?: true;
}

/**
 * A service serving `glossaries` (merged in layer order, settings files in the order given), each
 * where its place says, as the project model's store serves them: a file is linted with the
 * glossaries that apply to its path.
 */
export function buildService(dictionary: Dictionary, glossaries: readonly GlossaryInput[], scanMarkdownChunk?: ChunkScanner): TermService {
  const service = createTermService({ dictionary, ...(scanMarkdownChunk ? { scanMarkdownChunk } : {}) });
  service.store.setScopeTests(glossaryScopeTests);
  service.store.setSettingsFiles(glossaries.filter((g) => g.layer === 'settings' && !g.place?.scope).map((g) => g.uri));
  for (const g of glossaries) service.store.setFile(g.uri, g.text, g.layer, g.place);
  return service;
}

/**
 * A text's diagnostics under `settings`: what the language server publishes for it. A leading BOM
 * (U+FEFF) is left out of what is linted, as editors leave it out of the document the server
 * sees, so the findings are the server's; their offsets and ranges stay those of `text` (see
 * {@link withoutBom} for reporting them as the editor does). `path` (the file's absolute path)
 * picks the glossary that applies to it; without it, the glossary of documents without a path.
 */
export function lintText(service: TermService, text: string, languageId: string, settings: Settings, path?: string): TermDiagnostic[] {
  return skippingBom(text, (t) => service.diagnostics(service.parse(t, languageId, path !== undefined ? { path } : {}), diagnosticOptions(settings)));
}

/** `lint` of `text` without a leading U+FEFF, its diagnostics shifted back to offsets in `text`. */
function skippingBom(text: string, lint: (text: string) => TermDiagnostic[]): TermDiagnostic[] {
  if (text.charCodeAt(0) !== 0xfeff) return lint(text);
  return lint(text.slice(1)).map((d) => shiftDiagnostic(d, 1));
}

/** A diagnostic with every offset moved by `delta`, and the characters of line 0 with them (a BOM added or removed). */
function shiftDiagnostic(d: TermDiagnostic, delta: number): TermDiagnostic {
  const pos = (p: Position): Position => (p.line === 0 ? { line: 0, character: p.character + delta } : p);
  const range = (r: Range): Range => ({ start: pos(r.start), end: pos(r.end) });
  const fix = d.data.fix && { ...d.data.fix, edits: d.data.fix.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })) };
  const shifted: TermDiagnostic = {
    ...d,
    range: range(d.range),
    data: { ...d.data, start: d.data.start + delta, end: d.data.end + delta, ...(fix ? { fix } : {}) },
  };
  if (!d.relatedInformation) return shifted;
  return { ...shifted, relatedInformation: d.relatedInformation.map((r) => ({ ...r, start: r.start + delta, end: r.end + delta, range: range(r.range) })) };
}

/**
 * A lint as the editor shows it: when `text` starts with a BOM, the text without it and the
 * diagnostics shifted to match (so line 1's columns are the editor's), and `bom` set.
 */
export function withoutBom(linted: LintedText, initial: readonly TermDiagnostic[]): { linted: LintedText; initialDiagnostics: readonly TermDiagnostic[] } {
  if (linted.text.charCodeAt(0) !== 0xfeff) return { linted, initialDiagnostics: initial };
  const fixes = linted.fixes && { ...linted.fixes, original: linted.fixes.original.slice(1) };
  return {
    linted: { text: linted.text.slice(1), diagnostics: linted.diagnostics.map((d) => shiftDiagnostic(d, -1)), ...(fixes ? { fixes } : {}), bom: true },
    initialDiagnostics: initial.map((d) => shiftDiagnostic(d, -1)),
  };
}

/**
 * A notebook's diagnostics: each Markdown and code cell (whose language `settings` enable) linted
 * as its own document by {@link lintText}, every range mapped back to the notebook text, the cell
 * number added to the message (`… (cell 3)`). A fix is kept, its edits at notebook offsets with
 * their text JSON-escaped, only when every edit can be made in place (covers no escape and stays
 * within one string of a source array). `error` when the text is not a notebook.
 */
export function lintNotebookText(service: TermService, text: string, settings: Settings, path?: string): { diagnostics: TermDiagnostic[]; error?: string } {
  let error: string | undefined;
  const diagnostics = skippingBom(text, (t) => {
    const result = lintNotebookCells(service, t, settings, path);
    error = result.error;
    return result.diagnostics;
  });
  return error === undefined ? { diagnostics } : { diagnostics, error };
}

function lintNotebookCells(service: TermService, text: string, settings: Settings, path?: string): { diagnostics: TermDiagnostic[]; error?: string } {
  const notebook = parseNotebook(text);
  if ('error' in notebook) return { diagnostics: [], error: notebook.error };
  const lines = new LineIndex(text);
  const out: TermDiagnostic[] = [];
  // The Markdown cells are one note: an abbreviation defined in one cell is defined in the cells
  // after it, and one concept written two ways across cells is one inconsistency. They are joined
  // with blank lines, so no term or paragraph runs from one cell into the next.
  const prose = notebook.cells.filter((c) => c.kind === 'markdown' && isEnabledFor(settings, c.languageId));
  if (prose.length > 0) {
    const { text: joined, locate } = joinCells(prose);
    const joinedLines = new LineIndex(joined);
    // A message naming a line of the joined note ("defined on line 35") names the notebook's line.
    const notebookLine = (line: number): number => {
      const at = locate(joinedLines.offsetAt({ line: line - 1, character: 0 }));
      return lines.positionAt(notebookRange(at.cell, at.local, at.local).start).line + 1;
    };
    for (const d of lintText(service, joined, 'markdown', settings, path)) {
      const mapped = mapJoinedDiagnostic(locate, lines, d);
      if (mapped) out.push({ ...mapped, message: mapped.message.replace(/\bon line (\d+)\b/g, (_, n: string) => `on line ${notebookLine(Number(n))}`) });
    }
  }
  for (const cell of notebook.cells) {
    if (cell.kind === 'markdown' || !isEnabledFor(settings, cell.languageId)) continue;
    for (const d of lintText(service, cell.text, cell.languageId, settings, path)) out.push(mapCellDiagnostic(cell, lines, d));
  }
  return { diagnostics: out.sort((a, b) => a.data.start - b.data.start || a.data.end - b.data.end) };
}

/**
 * A diagnostic of the joined Markdown cells at the notebook's offsets, or undefined when it spans
 * two cells (which the blank line between them keeps from happening). Related spans are mapped
 * to their own cells.
 */
function mapJoinedDiagnostic(
  locate: (offset: number) => { cell: NotebookCell; local: number },
  lines: LineIndex,
  d: TermDiagnostic,
): TermDiagnostic | undefined {
  const from = locate(d.data.start);
  const to = locate(Math.max(d.data.start, d.data.end - 1));
  if (from.cell !== to.cell) return undefined;
  const base = d.data.start - from.local;
  const shift = (start: number, end: number) => ({ start: start - base, end: end - base });
  const edits = d.data.fix?.edits;
  if (edits && !edits.every((e) => locate(e.start).cell === from.cell && locate(Math.max(e.start, e.end - 1)).cell === from.cell)) {
    const { fix: _fix, ...data } = d.data;
    d = { ...d, data };
  }
  const local: TermDiagnostic = {
    ...d,
    data: {
      ...d.data,
      ...shift(d.data.start, d.data.end),
      ...(d.data.fix ? { fix: { ...d.data.fix, edits: d.data.fix.edits.map((e) => ({ ...e, ...shift(e.start, e.end) })) } } : {}),
    },
  };
  const { relatedInformation, ...rest } = local;
  const mapped = mapCellDiagnostic(from.cell, lines, rest);
  if (!relatedInformation) return mapped;
  const related = relatedInformation.map((r): RelatedSpan => {
    const at = locate(r.start);
    const span = notebookRange(at.cell, at.local, at.local + (r.end - r.start));
    return { ...r, start: span.start, end: span.end, range: lines.range(span.start, span.end) };
  });
  return { ...mapped, relatedInformation: related };
}

function mapCellDiagnostic(cell: NotebookCell, lines: LineIndex, d: TermDiagnostic): TermDiagnostic {
  const at = notebookRange(cell, d.data.start, d.data.end);
  const { fix: cellFix, ...data } = d.data;
  const fix = cellFix && mapFix(cell, cellFix);
  const mapped: TermDiagnostic = {
    ...d,
    range: lines.range(at.start, at.end),
    message: `${d.message} (cell ${cell.number})`,
    data: { ...data, start: at.start, end: at.end, ...(fix ? { fix } : {}) },
  };
  if (!d.relatedInformation) return mapped;
  const related = d.relatedInformation.map((r): RelatedSpan => {
    const span = notebookRange(cell, r.start, r.end);
    return { ...r, start: span.start, end: span.end, range: lines.range(span.start, span.end) };
  });
  return { ...mapped, relatedInformation: related };
}

function mapFix(cell: NotebookCell, fix: TermFix): TermFix | undefined {
  if (!fix.edits.every((e) => canEditInPlace(cell, e.start, e.end))) return undefined;
  return { ...fix, edits: fix.edits.map((e) => ({ ...notebookRange(cell, e.start, e.end), newText: jsonEscape(e.newText) })) };
}

/** The diagnostics of a file's text: {@link lintNotebookText} for notebooks (none when invalid), else {@link lintText}. */
export function lintFileText(service: TermService, text: string, languageId: string, settings: Settings, path?: string): TermDiagnostic[] {
  return languageId === NOTEBOOK_LANGUAGE_ID
    ? lintNotebookText(service, text, settings, path).diagnostics
    : lintText(service, text, languageId, settings, path);
}

/** What {@link lintBytes} did: the lint, and the bytes to write (BOM kept) when fixes changed them. */
export interface LintedBytes {
  readonly linted: LintedText;
  readonly bytes?: Buffer;
  /** Whether the bytes were valid UTF-8. */
  readonly valid: boolean;
  /** The diagnostics of the bytes as given (before fixes). */
  readonly initialDiagnostics: readonly TermDiagnostic[];
  /** When the file is a notebook that cannot be read as one. */
  readonly error?: string;
}

/**
 * Lints a file's bytes and with `fix` other than `off` applies the safe fixes to the bytes
 * ({@link applySafeFixesToBytes}). A leading BOM is kept in the bytes, left out of what is linted
 * ({@link lintText}) and of the text and ranges returned ({@link withoutBom}). `path` picks the
 * glossary (see {@link lintText}).
 */
export function lintBytes(service: TermService, bytes: Buffer, languageId: string, settings: Settings, fix: FixMode, path?: string): LintedBytes {
  const lint = (t: string): TermDiagnostic[] => lintFileText(service, t, languageId, settings, path);
  if (fix === 'off' || languageId === NOTEBOOK_LANGUAGE_ID) {
    const text = bytes.toString('utf8');
    const first = languageId === NOTEBOOK_LANGUAGE_ID ? lintNotebookText(service, text, settings, path) : { diagnostics: lint(text) };
    if (first.error !== undefined) return { linted: { text, diagnostics: [] }, valid: true, initialDiagnostics: [], error: first.error };
    if (fix === 'off') return { ...withoutBom({ text, diagnostics: first.diagnostics }, first.diagnostics), valid: true };
  }
  const fixed = applySafeFixesToBytes(bytes, lint);
  const changed = !fixed.bytes.equals(bytes);
  const linted: LintedText = {
    text: fixed.output,
    diagnostics: fixed.diagnostics,
    ...(changed ? { fixes: { applied: fixed.applied, original: fixed.original } } : {}),
  };
  return { ...withoutBom(linted, fixed.initialDiagnostics), ...(changed ? { bytes: fixed.bytes } : {}), valid: fixed.valid };
}

/** One file to lint, as the main thread plans it and hands it to a worker. */
export interface LintJob {
  /** Its place in the run's file order, which output follows whatever thread linted it. */
  readonly index: number;
  readonly path: string;
  readonly languageId: string;
  readonly settings: Settings;
  /** Set under `--cache`: the result carries the {@link contentHash} of the bytes linted (default: no hash). */
  readonly hash?: true;
}

/** What became of a {@link LintJob}: its lint, or why it was skipped. */
export type LintJobResult =
  | {
      readonly index: number;
      readonly linted: LintedText;
      /** A note on the file for stderr, e.g. that it is not valid UTF-8 and how it was fixed. */
      readonly note?: string;
      /** Why the fixed file was not written (then `linted` is the lint of the file as it was read). */
      readonly notWritten?: WriteFailure;
      /** With {@link LintJob.hash}: the hash of the bytes read, which the lint is of, and the file's stamp from before they were read. */
      readonly hash?: string;
      readonly stamp?: FileStamp;
    }
  | { readonly index: number; readonly skipped: string; readonly hash?: string; readonly stamp?: FileStamp };

/** The stderr note on fixing a file that is not valid UTF-8 (after `PATH: `). */
export function invalidUtf8Note(fix: 'fix' | 'dry-run'): string {
  return fix === 'fix'
    ? 'not valid UTF-8; fixed around the findings, other bytes kept as they are'
    : 'not valid UTF-8; the diff shows invalid bytes as U+FFFD, --fix keeps them as they are';
}

/** Test hooks of {@link lintJob}. */
export interface LintJobHooks {
  /** Runs when the fixed file is ready to replace the original, just before the original is read again and compared. */
  readonly beforeReplace?: (path: string) => void | Promise<void>;
}

/**
 * Reads, lints and (with `fix: 'fix'`) rewrites one file: the same step on the main thread and in
 * workers. Fixes are made to the file's bytes ({@link applySafeFixesToBytes}: bytes that are not
 * valid UTF-8 are kept); the file is replaced atomically and only if it still holds the bytes read
 * ({@link replaceFileIfUnchanged}). `read`: the file read already (by a {@link ReadAhead}).
 */
export async function lintJob(
  service: TermService,
  job: LintJob,
  maxFileSize: number,
  fix: FixMode,
  hooks: LintJobHooks = {},
  markdown?: { skippedCount(): number },
  read?: Promise<BytesRead>,
): Promise<LintJobResult> {
  const bytes = await (read ?? readLintableBytes(job.path, maxFileSize));
  if ('skipped' in bytes) return { index: job.index, skipped: bytes.skipped };
  const skippedBefore = markdown?.skippedCount() ?? 0;
  const linted = await lintRead(service, job, bytes.bytes, fix, hooks);
  // The hash of the very bytes linted, not of a second read: the file may change in between.
  const result: LintJobResult = job.hash ? { ...linted, hash: contentHash(bytes.bytes), stamp: bytes.stamp } : linted;
  if ('skipped' in result || (markdown?.skippedCount() ?? 0) === skippedBefore) return result;
  const note = `${SKIPPED_NOTE}${result.note === undefined ? '' : `; ${result.note}`}`;
  return { ...result, note };
}

/** Files a {@link ReadAhead} reads ahead of the one being linted (8). */
export const READ_AHEAD = 8;

/**
 * Reads files before they are linted, so that a thread linting one file after another never waits
 * for the disk: the next `limit` files queued are read (by the thread pool) while it lints.
 * Files are taken in the order queued.
 */
export class ReadAhead {
  private readonly queued: LintJob[] = [];
  private next = 0;
  private readonly reads = new Map<LintJob, Promise<BytesRead>>();

  constructor(
    private readonly maxFileSize: number,
    private readonly limit: number = READ_AHEAD,
  ) {}

  /** Jobs to be taken after those queued before. */
  queue(jobs: readonly LintJob[]): void {
    this.queued.push(...jobs);
    this.fill();
  }

  /** The read of `job` (the first queued job not yet taken; any other job is read now). */
  take(job: LintJob): Promise<BytesRead> {
    const read = this.reads.get(job) ?? readLintableBytes(job.path, this.maxFileSize);
    this.reads.delete(job);
    this.fill();
    return read;
  }

  private fill(): void {
    while (this.reads.size < this.limit && this.next < this.queued.length) {
      const job = this.queued[this.next++]!;
      // Reading never rejects: a file that cannot be read is skipped with the reason.
      this.reads.set(job, readLintableBytes(job.path, this.maxFileSize));
    }
    if (this.next === this.queued.length) {
      this.queued.length = 0;
      this.next = 0;
    }
  }
}

/** The note on a file in which a Markdown block ran over the parse budget. */
export const SKIPPED_NOTE = 'a Markdown block took too long to parse (deeply nested lists or quotes, or thousands of unmatched * or _) and was not checked';

async function lintRead(service: TermService, job: LintJob, bytes: Buffer, fix: FixMode, hooks: LintJobHooks): Promise<LintJobResult> {
  const result = lintBytes(service, bytes, job.languageId, job.settings, fix, job.path);
  if (result.error !== undefined) return { index: job.index, skipped: result.error };
  const { linted } = result;
  if (!result.bytes || !linted.fixes) return { index: job.index, linted };
  const note = result.valid ? {} : { note: invalidUtf8Note(fix === 'fix' ? 'fix' : 'dry-run') };
  if (fix === 'dry-run') return { index: job.index, linted, ...note };
  const failure = await replaceFileIfUnchanged(job.path, bytes, result.bytes, hooks.beforeReplace && (() => hooks.beforeReplace!(job.path)));
  if (failure) return { index: job.index, linted: { text: linted.fixes.original, diagnostics: result.initialDiagnostics }, notWritten: failure };
  return { index: job.index, linted, ...note };
}
