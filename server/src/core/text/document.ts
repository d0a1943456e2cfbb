/**
 * A parsed document: the text scanned once into regions, tokens and term occurrences, then handed
 * to every feature (hover, completion, diagnostics, code actions), as vscode-css-languageservice
 * hands its stylesheet around. Nothing here knows about LSP.
 */

import type { CompiledGlossary } from '../glossary/compiled';
import { languageIdsOfKind } from '../../shared/languages';
import { scanCode } from './code/lexer';
import { splitIdentifier } from './identifiers';
import { LineIndex, type PositionMapper } from './lineIndex';
import { scanMarkdownChunks, type ChunkScanner, type MarkdownChunkScan, type MarkdownScan } from './markdown';
import { withFinanceContext } from './commonWords';
import { findOccurrences, type Occurrence } from './matcher';
import type { Region, Suppression } from './regions';
import { tokenizeRegion, type Token } from './tokens';

/** Languages scanned as prose: the whole text is one region (plain text) or Markdown; from the language table. */
const MARKDOWN_LANGUAGES: ReadonlySet<string> = new Set(languageIdsOfKind('markdown'));
const PLAIN_LANGUAGES: ReadonlySet<string> = new Set(languageIdsOfKind('plaintext'));

/** A region with its tokens. */
export interface ScannedRegion extends Region {
  readonly tokens: readonly Token[];
  /** Whether the region holds a `(` (where abbreviations are defined): lets the note rules skip the rest. */
  readonly hasParenthesis: boolean;
  /** Whether a token starts with two capitals (an abbreviation's shape): lets the note rules skip the rest. */
  readonly hasCapitals: boolean;
}

/** A document scanned against one glossary. */
export interface ParsedDocument {
  readonly text: string;
  readonly languageId: string;
  /** The glossary the occurrences were found with. */
  readonly glossary: CompiledGlossary;
  readonly lines: LineIndex;
  /** Regions in document order, each with its tokens. */
  readonly regions: readonly ScannedRegion[];
  /** Term occurrences in document order. */
  readonly occurrences: readonly Occurrence[];
  readonly suppressions: readonly Suppression[];
  /** For Markdown: the chunked scan and each chunk's tokens and occurrences, reused by the next version. */
  readonly markdown?: MarkdownState;
  /** The span scanned when only part of the document was (see {@link ParseOptions.window}). */
  readonly window?: { readonly start: number; readonly end: number };
}

/** Options for {@link parseDocument}. */
export interface ParseOptions {
  /** The document's previous version, whose unchanged parts are reused. */
  readonly previous?: ParsedDocument;
  /** Maps offsets of the text to positions, when the caller keeps such a map (see {@link LineIndex}). */
  readonly positions?: PositionMapper;
  /**
   * Scan only the regions (for Markdown, the chunks of blocks) that meet this span: enough for
   * hover and completion there in a document too large to scan whole. Default: everything.
   */
  readonly window?: { readonly start: number; readonly end: number };
  /** How Markdown chunks that need remark are parsed (see {@link ChunkScanner}). Default: in this thread, unbounded. */
  readonly scanChunk?: ChunkScanner;
}

/** What a Markdown document's next version can reuse: see {@link parseDocument}. */
export interface MarkdownState {
  readonly scan: MarkdownScan;
  readonly chunks: ReadonlyMap<MarkdownChunkScan, ScannedChunk>;
}

/** The regions (with tokens) and occurrences of one Markdown chunk, at offset `base`. */
interface ScannedChunk {
  readonly base: number;
  readonly regions: readonly ScannedRegion[];
  readonly occurrences: readonly Occurrence[];
}

/** Whether termlens can scan documents of this language. */
export function isSupportedLanguage(languageId: string): boolean {
  return MARKDOWN_LANGUAGES.has(languageId) || PLAIN_LANGUAGES.has(languageId) || scanCode('', languageId) !== undefined;
}

/** Whether documents of this language are notes (Markdown or plain text), not code. */
export function isNoteLanguage(languageId: string): boolean {
  return MARKDOWN_LANGUAGES.has(languageId) || PLAIN_LANGUAGES.has(languageId);
}

/**
 * Scans `text` of language `languageId` and finds the glossary's terms in it. With the `previous`
 * version of a Markdown document, only the chunks an edit touched are parsed, tokenized and
 * matched again; the result is the same as scanning from scratch.
 */
export function parseDocument(text: string, languageId: string, glossary: CompiledGlossary, options: ParseOptions = {}): ParsedDocument {
  const lines = new LineIndex(text, options.positions);
  const window = options.window;
  if (MARKDOWN_LANGUAGES.has(languageId)) return parseMarkdown(text, languageId, glossary, lines, options);
  const scan: { regions: readonly Region[]; suppressions: readonly Suppression[] } = PLAIN_LANGUAGES.has(languageId)
    ? { regions: [window ? plainWindow(text, window) : { kind: 'prose', start: 0, end: text.length }], suppressions: [] }
    : (scanCode(text, languageId) ?? { regions: [], suppressions: [] });
  const wanted = window ? scan.regions.filter((r) => r.end >= window.start && r.start <= window.end) : scan.regions;
  const { regions, occurrences } = scanRegions(text, wanted, glossary);
  return { text, languageId, glossary, lines, regions, occurrences: withFinanceContext(occurrences, glossary), suppressions: scan.suppressions, window };
}

/** The paragraphs of plain text around a window: from the blank line before it to the one after. */
function plainWindow(text: string, window: { readonly start: number; readonly end: number }): Region {
  const before = text.lastIndexOf('\n\n', window.start);
  const after = text.indexOf('\n\n', window.end);
  return { kind: 'prose', start: before === -1 ? 0 : before + 2, end: after === -1 ? text.length : after };
}

function parseMarkdown(text: string, languageId: string, glossary: CompiledGlossary, lines: LineIndex, options: ParseOptions): ParsedDocument {
  const { window } = options;
  // A partial scan has nothing to offer the next version, and a window needs no previous version.
  const previous = options.previous?.window || window ? undefined : options.previous;
  const before = previous?.markdown;
  const scan = scanMarkdownChunks(text, before?.scan, { window, scanChunk: options.scanChunk });
  const reusable = previous?.glossary === glossary ? before?.chunks : undefined;
  const chunks = new Map<MarkdownChunkScan, ScannedChunk>();
  const regions: ScannedRegion[] = [];
  const occurrences: Occurrence[] = [];
  for (const chunk of scan.chunks) {
    const known = reusable?.get(chunk.scan);
    let scanned: ScannedChunk;
    if (known) scanned = known.base === chunk.start ? known : shiftChunk(known, chunk.start);
    else {
      const absolute = chunk.scan.regions.map((r) => ({ kind: r.kind, start: chunk.start + r.start, end: chunk.start + r.end }));
      scanned = { base: chunk.start, ...scanRegions(text, absolute, glossary) };
    }
    chunks.set(chunk.scan, scanned);
    for (const r of scanned.regions) regions.push(r);
    for (const o of scanned.occurrences) occurrences.push(o);
  }
  return {
    text,
    languageId,
    glossary,
    lines,
    regions,
    occurrences: withFinanceContext(occurrences, glossary),
    suppressions: scan.suppressions,
    markdown: { scan, chunks },
    window,
  };
}

/** Tokenizes `regions` of `text` and finds the glossary's terms in them. */
function scanRegions(text: string, scanRegions: readonly Region[], glossary: CompiledGlossary): { regions: ScannedRegion[]; occurrences: Occurrence[] } {
  const regions: ScannedRegion[] = [];
  const occurrences: Occurrence[] = [];
  for (const region of scanRegions) {
    const tokens = tokenizeRegion(text, region.kind, region.start, region.end, splitIdentifier);
    let hasParenthesis = false;
    for (let i = region.start; i < region.end && !hasParenthesis; i++) hasParenthesis = text.charCodeAt(i) === 0x28;
    const hasCapitals = tokens.some((t) => isCapital(text.charCodeAt(t.start)) && isCapital(text.charCodeAt(t.start + 1)));
    regions.push({ ...region, tokens, hasParenthesis, hasCapitals });
    if (tokens.length > 0) for (const o of findOccurrences(text, tokens, region.kind, glossary)) occurrences.push(o);
  }
  return { regions, occurrences };
}

/** A chunk's scan moved to `base` (an edit before it changed the text's length). */
function shiftChunk(chunk: ScannedChunk, base: number): ScannedChunk {
  const delta = base - chunk.base;
  return {
    base,
    regions: chunk.regions.map((r) => new ShiftedRegion(r, delta)),
    occurrences: chunk.occurrences.map((o) => ({ ...o, start: o.start + delta, end: o.end + delta, tokens: o.tokens.map((t) => shiftToken(t, delta)) })),
  };
}

function isCapital(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

function shiftToken(t: Token, delta: number): Token {
  return { start: t.start + delta, end: t.end + delta, wordEnd: t.wordEnd + delta, norm: t.norm, sep: t.sep };
}

/**
 * A region moved by `delta`. Its tokens are shifted only when asked for: most regions of a long
 * note are never visited between two edits (the note rules look only at regions with capitals or
 * parentheses), and shifting every token after each edit would cost more than the edit.
 */
class ShiftedRegion implements ScannedRegion {
  readonly kind: ScannedRegion['kind'];
  readonly start: number;
  readonly end: number;
  readonly hasParenthesis: boolean;
  readonly hasCapitals: boolean;
  private readonly origin: ScannedRegion;
  private readonly delta: number;
  private shifted: readonly Token[] | undefined;

  constructor(region: ScannedRegion, delta: number) {
    // Shift from the first scan, so that regions moved by many edits keep one level of indirection.
    const origin = region instanceof ShiftedRegion ? region.origin : region;
    this.delta = region instanceof ShiftedRegion ? region.delta + delta : delta;
    this.origin = origin;
    this.kind = origin.kind;
    this.start = origin.start + this.delta;
    this.end = origin.end + this.delta;
    this.hasParenthesis = origin.hasParenthesis;
    this.hasCapitals = origin.hasCapitals;
  }

  get tokens(): readonly Token[] {
    this.shifted ??= this.origin.tokens.map((t) => shiftToken(t, this.delta));
    return this.shifted;
  }
}

/** The item of a sorted, non-overlapping list whose span covers `offset` (both ends inclusive). */
function covering<T extends { readonly start: number; readonly end: number }>(list: readonly T[], offset: number): T | undefined {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = list[mid]!;
    if (item.end < offset) lo = mid + 1;
    else if (item.start > offset) hi = mid - 1;
    else return item;
  }
  return undefined;
}

/** The spans of a Markdown document left unscanned because remark ran over its time budget there. */
export function skippedSpans(doc: ParsedDocument): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  for (const chunk of doc.markdown?.scan.chunks ?? []) if (chunk.scan.skipped) out.push({ start: chunk.start, end: chunk.end });
  return out;
}

/** The occurrence covering `offset`; a cursor right after a term still finds it. */
export function occurrenceAt(doc: ParsedDocument, offset: number): Occurrence | undefined {
  return covering(doc.occurrences, offset);
}

/** The region containing `offset`; an offset at a region's end counts as inside it. */
export function regionAt(doc: ParsedDocument, offset: number): ScannedRegion | undefined {
  return covering(doc.regions, offset);
}
