/**
 * A parsed document: the text scanned once into regions, tokens and term occurrences, then handed
 * to every feature (hover, completion, diagnostics, code actions), as vscode-css-languageservice
 * hands its stylesheet around. Nothing here knows about LSP.
 */

import type { CompiledGlossary } from '../glossary/compiled';
import { scanCode } from './code/lexer';
import { splitIdentifier } from './identifiers';
import { LineIndex } from './lineIndex';
import { scanMarkdown } from './markdown';
import { findOccurrences, type Occurrence } from './matcher';
import type { Region, Suppression } from './regions';
import { tokenizeRegion, type Token } from './tokens';

/** Languages scanned as prose: the whole text is one region (plain text) or Markdown. */
const MARKDOWN_LANGUAGES = new Set(['markdown', 'mdx', 'quarto', 'rmd']);
const PLAIN_LANGUAGES = new Set(['plaintext', 'text']);

/** A region with its tokens. */
export interface ScannedRegion extends Region {
  readonly tokens: readonly Token[];
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
}

/** Whether termlens can scan documents of this language. */
export function isSupportedLanguage(languageId: string): boolean {
  return MARKDOWN_LANGUAGES.has(languageId) || PLAIN_LANGUAGES.has(languageId) || scanCode('', languageId) !== undefined;
}

/** Whether documents of this language are notes (Markdown or plain text), not code. */
export function isNoteLanguage(languageId: string): boolean {
  return MARKDOWN_LANGUAGES.has(languageId) || PLAIN_LANGUAGES.has(languageId);
}

/** Scans `text` of language `languageId` and finds the glossary's terms in it. */
export function parseDocument(text: string, languageId: string, glossary: CompiledGlossary): ParsedDocument {
  let scan: { regions: readonly Region[]; suppressions: readonly Suppression[] };
  if (MARKDOWN_LANGUAGES.has(languageId)) scan = scanMarkdown(text);
  else if (PLAIN_LANGUAGES.has(languageId)) scan = { regions: [{ kind: 'prose', start: 0, end: text.length }], suppressions: [] };
  else scan = scanCode(text, languageId) ?? { regions: [], suppressions: [] };

  const regions: ScannedRegion[] = [];
  const occurrences: Occurrence[] = [];
  for (const region of scan.regions) {
    const tokens = tokenizeRegion(text, region.kind, region.start, region.end, splitIdentifier);
    regions.push({ ...region, tokens });
    if (tokens.length > 0) occurrences.push(...findOccurrences(text, tokens, region.kind, glossary));
  }
  return { text, languageId, glossary, lines: new LineIndex(text), regions, occurrences, suppressions: scan.suppressions };
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

/** The occurrence covering `offset`; a cursor right after a term still finds it. */
export function occurrenceAt(doc: ParsedDocument, offset: number): Occurrence | undefined {
  return covering(doc.occurrences, offset);
}

/** The region containing `offset`; an offset at a region's end counts as inside it. */
export function regionAt(doc: ParsedDocument, offset: number): ScannedRegion | undefined {
  return covering(doc.regions, offset);
}
