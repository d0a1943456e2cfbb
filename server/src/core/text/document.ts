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
import { scanMarkdownChunks, type ChunkScanner, type MarkdownChunk, type MarkdownChunkScan, type MarkdownScan } from './markdown';
import { COMMON_CONTEXT, financeContextFlags } from './commonWords';
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
  /**
   * The document in the spans it was scanned in, in order, covering its regions and occurrences:
   * a Markdown document's chunks (see {@link MarkdownState}), one span for any other document.
   */
  readonly chunks: readonly DocumentChunk[];
  readonly suppressions: readonly Suppression[];
  /** For Markdown: the chunked scan and each chunk's tokens and occurrences, reused by the next version. */
  readonly markdown?: MarkdownState;
  /** The span scanned when only part of the document was (see {@link ParseOptions.window}). */
  readonly window?: { readonly start: number; readonly end: number };
}

/**
 * One span of a parsed document scanned as a unit, with its regions and occurrences moved to where
 * the span is now. A Markdown chunk that an edit did not touch keeps its {@link origin}: the
 * features cache what they compute about it there (by the origin's offsets), so that an edit costs
 * the chunk it touched.
 */
export interface DocumentChunk {
  readonly start: number;
  readonly end: number;
  /** The chunk's scan, shared by every version of the document that reuses the chunk. */
  readonly origin: ChunkOrigin;
  /** What to add to an offset of {@link origin} to get the offset in this version: `start - origin.base`. */
  readonly delta: number;
  /** The chunk's regions, at this version's offsets. */
  readonly regions: readonly ScannedRegion[];
  /** Every occurrence the chunk's regions hold, at this version's offsets, before `withFinanceContext` (`commonWords.ts`). */
  readonly occurrences: readonly Occurrence[];
  /**
   * Per occurrence (of {@link occurrences}, in the same order), 1 if the document's occurrences keep
   * it: 0 for a common word without finance context (see `commonWords.ts`).
   */
  readonly kept: Uint8Array;
  /** What features computed about the chunk in this version. */
  readonly memo: ChunkMemo;
}

/**
 * A chunk as first scanned, at offset `base` of the version that scanned it: the same object for
 * as long as later versions reuse the chunk, which they do only for the same text (and Markdown
 * context) and the same glossary. Anything computed from it alone may be cached by its identity.
 */
export interface ChunkOrigin {
  readonly base: number;
  readonly regions: readonly ScannedRegion[];
  readonly occurrences: readonly Occurrence[];
  /** What features computed from the origin (and its neighbours), kept for later versions. */
  readonly memo: ChunkMemo;
}

/** A key of a {@link ChunkMemo} entry, holding values of type `T`; made once per module by {@link memoKey}. */
export interface MemoKey<T> {
  readonly name: string;
  /** Never set: carries `T`. */
  readonly value?: T;
}

/** A new key of {@link ChunkMemo} entries; `name` is for debugging. */
export function memoKey<T>(name: string): MemoKey<T> {
  return { name };
}

/**
 * What features computed about one chunk, kept on the chunk's own object rather than in a module's
 * WeakMap keyed by it. V8's young-generation collector treats a WeakMap's values as strong, and
 * these memos refer to their chunk's occurrences and to its neighbours: keyed in WeakMaps, every
 * scanned document's tokens outlived it until the next full collection, so that linting the
 * 2,000 generated notes promoted 547 MB to the old generation (202 MB before the memos existed).
 */
export class ChunkMemo {
  private values: Map<MemoKey<unknown>, unknown> | undefined;

  get<T>(key: MemoKey<T>): T | undefined {
    return this.values?.get(key) as T | undefined;
  }

  set<T>(key: MemoKey<T>, value: T): T {
    (this.values ??= new Map()).set(key, value);
    return value;
  }
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
  /** Per chunk scan, the chunk of this version with that scan. */
  readonly chunks: ReadonlyMap<MarkdownChunkScan, DocumentChunk>;
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
  const origin = scanRegions(text, 0, wanted, glossary);
  const whole = new Chunk(0, text.length, origin, financeContextFlags(origin.occurrences, glossary));
  return new ScannedDocument(text, languageId, glossary, lines, [whole], scan.suppressions, undefined, window);
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
  const origins = scan.chunks.map((chunk) => {
    const known = reusable?.get(chunk.scan);
    if (known) return known.origin;
    const absolute = chunk.scan.regions.map((r) => ({ kind: r.kind, start: chunk.start + r.start, end: chunk.start + r.end }));
    return scanRegions(text, chunk.start, absolute, glossary);
  });
  const chunks: DocumentChunk[] = [];
  const byScan = new Map<MarkdownChunkScan, DocumentChunk>();
  for (let i = 0; i < scan.chunks.length; i++) {
    const { start, end, scan: chunkScan } = scan.chunks[i]!;
    const kept = keptInContext(scan.chunks, origins, i, glossary);
    const known = reusable?.get(chunkScan);
    // The chunk of the previous version, where nothing about it changed: its shifted lists stay.
    const chunk = known && known.start === start && known.kept === kept ? known : new Chunk(start, end, origins[i]!, kept);
    chunks.push(chunk);
    byScan.set(chunkScan, chunk);
  }
  return new ScannedDocument(text, languageId, glossary, lines, chunks, scan.suppressions, { scan, chunks: byScan }, window);
}

/** On a chunk origin, its occurrences' {@link DocumentChunk.kept} flags and the neighbours they were decided among. */
const KEPT = memoKey<{ readonly previous: ChunkOrigin | undefined; readonly next: ChunkOrigin | undefined; readonly kept: Uint8Array }>('kept');

/**
 * The {@link DocumentChunk.kept} flags of chunk `i`. Whether a common word is kept depends only on
 * the occurrences within `COMMON_CONTEXT` characters of it, and chunks are longer than that (all
 * but the last, see `scanMarkdownChunks`): then on the chunk and its two neighbours alone, which
 * is what the flags are cached by.
 */
function keptInContext(chunks: readonly MarkdownChunk[], origins: readonly ChunkOrigin[], i: number, glossary: CompiledGlossary): Uint8Array {
  const origin = origins[i]!;
  const previous = origins[i - 1];
  const next = origins[i + 1];
  let first = i - 1;
  while (first > 0 && chunks[first]!.start >= chunks[i]!.start - COMMON_CONTEXT) first--;
  let last = i + 1;
  while (last < chunks.length - 1 && chunks[last]!.end <= chunks[i]!.end + COMMON_CONTEXT) last++;
  const neighbours = first === i - 1 && last === i + 1;
  const memo = origin.memo.get(KEPT);
  if (neighbours && memo && memo.previous === previous && memo.next === next) return memo.kept;
  const context: Pick<Occurrence, 'start' | 'end' | 'ref' | 'tokens'>[] = [];
  let from = 0;
  let to = 0;
  for (let k = Math.max(0, first); k <= Math.min(last, chunks.length - 1); k++) {
    if (k === i) from = context.length;
    const o = origins[k]!;
    const delta = chunks[k]!.start - o.base;
    for (const occ of o.occurrences) context.push({ start: occ.start + delta, end: occ.end + delta, ref: occ.ref, tokens: occ.tokens });
    if (k === i) to = context.length;
  }
  const kept = financeContextFlags(context, glossary).slice(from, to);
  if (neighbours) origin.memo.set(KEPT, { previous, next, kept });
  return kept;
}

/** Tokenizes `regions` of `text` and finds the glossary's terms in them: a chunk's origin at `base`. */
function scanRegions(text: string, base: number, scanRegions: readonly Region[], glossary: CompiledGlossary): ChunkOrigin {
  const regions: ScannedRegion[] = [];
  const occurrences: Occurrence[] = [];
  for (const region of scanRegions) {
    const tokens = tokenizeRegion(text, region.kind, region.start, region.end, splitIdentifier);
    let hasParenthesis = false;
    for (let i = region.start; i < region.end && !hasParenthesis; i++) hasParenthesis = text.charCodeAt(i) === 0x28;
    const hasCapitals = tokens.some((t) => isCapital(text.charCodeAt(t.start)) && isCapital(text.charCodeAt(t.start + 1)));
    regions.push({ kind: region.kind, start: region.start, end: region.end, tokens, hasParenthesis, hasCapitals });
    if (tokens.length > 0) for (const o of findOccurrences(text, tokens, region.kind, glossary)) occurrences.push(o);
  }
  return { base, regions, occurrences, memo: new ChunkMemo() };
}

function isCapital(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

function shiftToken(t: Token, delta: number): Token {
  return { start: t.start + delta, end: t.end + delta, wordEnd: t.wordEnd + delta, norm: t.norm, sep: t.sep };
}

/** An occurrence moved by `delta`. */
export function shiftOccurrence(o: Occurrence, delta: number): Occurrence {
  if (delta === 0) return o;
  return { start: o.start + delta, end: o.end + delta, ref: o.ref, match: o.match, region: o.region, tokens: o.tokens.map((t) => shiftToken(t, delta)) };
}

/**
 * A chunk of one version. Its regions and occurrences are moved from the origin only when asked
 * for: most chunks of a long note are never visited between two edits (the features work from
 * what they cached about the origin), and moving every token after each edit would cost more than
 * the edit.
 */
class Chunk implements DocumentChunk {
  readonly delta: number;
  readonly memo = new ChunkMemo();
  private shiftedRegions: readonly ScannedRegion[] | undefined;
  private shiftedOccurrences: readonly Occurrence[] | undefined;

  constructor(
    readonly start: number,
    readonly end: number,
    readonly origin: ChunkOrigin,
    readonly kept: Uint8Array,
  ) {
    this.delta = start - origin.base;
  }

  get regions(): readonly ScannedRegion[] {
    if (this.delta === 0) return this.origin.regions;
    return (this.shiftedRegions ??= this.origin.regions.map((r) => new ShiftedRegion(r, this.delta)));
  }

  get occurrences(): readonly Occurrence[] {
    if (this.delta === 0) return this.origin.occurrences;
    return (this.shiftedOccurrences ??= this.origin.occurrences.map((o) => shiftOccurrence(o, this.delta)));
  }
}

/** A region moved by `delta`; its tokens are shifted only when asked for (see {@link Chunk}). */
class ShiftedRegion implements ScannedRegion {
  readonly kind: ScannedRegion['kind'];
  readonly start: number;
  readonly end: number;
  readonly hasParenthesis: boolean;
  readonly hasCapitals: boolean;
  private shifted: readonly Token[] | undefined;

  constructor(
    private readonly origin: ScannedRegion,
    private readonly delta: number,
  ) {
    this.kind = origin.kind;
    this.start = origin.start + delta;
    this.end = origin.end + delta;
    this.hasParenthesis = origin.hasParenthesis;
    this.hasCapitals = origin.hasCapitals;
  }

  get tokens(): readonly Token[] {
    this.shifted ??= this.origin.tokens.map((t) => shiftToken(t, this.delta));
    return this.shifted;
  }
}

/** A parsed document; its regions and occurrences are put together from its chunks when first asked for. */
class ScannedDocument implements ParsedDocument {
  private allRegions: readonly ScannedRegion[] | undefined;
  private keptOccurrences: readonly Occurrence[] | undefined;

  constructor(
    readonly text: string,
    readonly languageId: string,
    readonly glossary: CompiledGlossary,
    readonly lines: LineIndex,
    readonly chunks: readonly DocumentChunk[],
    readonly suppressions: readonly Suppression[],
    readonly markdown: MarkdownState | undefined,
    readonly window: { readonly start: number; readonly end: number } | undefined,
  ) {}

  get regions(): readonly ScannedRegion[] {
    if (!this.allRegions) {
      const regions: ScannedRegion[] = [];
      for (const chunk of this.chunks) for (const r of chunk.regions) regions.push(r);
      this.allRegions = regions;
    }
    return this.allRegions;
  }

  get occurrences(): readonly Occurrence[] {
    if (!this.keptOccurrences) {
      const occurrences: Occurrence[] = [];
      for (const chunk of this.chunks) {
        const all = chunk.occurrences;
        for (let i = 0; i < all.length; i++) if (chunk.kept[i]) occurrences.push(all[i]!);
      }
      this.keptOccurrences = occurrences;
    }
    return this.keptOccurrences;
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
