/**
 * Jupyter notebooks (`.ipynb`): the cells of a notebook's JSON, each cell's `source` decoded (a
 * string or an array of strings, JSON-escaped) with, for every decoded UTF-16 code unit, the span
 * of the notebook text it came from, so that findings in a cell can be reported, and fixed, at the
 * notebook's own offsets. Pure: no file system, no LSP.
 */

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { canonicalLanguageId } from './fileTypes';
import { LineIndex } from './lineIndex';

/** One Markdown or code cell of a notebook (raw cells are left out). */
export interface NotebookCell {
  /** 1-based position of the cell in the notebook's `cells` (raw cells counted). */
  readonly number: number;
  readonly kind: 'markdown' | 'code';
  /** `markdown`, or the notebook's language for code cells. */
  readonly languageId: string;
  /** The decoded source. */
  readonly text: string;
  /** Per code unit of `text`: where it starts and ends in the notebook text. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Per code unit of `text`: which string of a source array it came from. */
  readonly segments: Int32Array;
  /** Per code unit of `text`: 1 when it came from a JSON escape (`\n`, `\"`, `\u00e9`). */
  readonly escaped: Uint8Array;
  /** A notebook offset inside the source (after the first string's opening quote), for an empty source. */
  readonly anchor: number;
}

/** A parsed notebook, or why it is not one. */
export type ParsedNotebook = { readonly languageId: string; readonly cells: readonly NotebookCell[] } | { readonly error: string };

/** The language of a notebook's code cells: `metadata.kernelspec.language`, else `metadata.language_info.name`, else python. */
function notebookLanguage(root: Node): string {
  const metadata = property(root, 'metadata');
  for (const [outer, inner] of [
    ['kernelspec', 'language'],
    ['language_info', 'name'],
  ] as const) {
    const value = metadata && property(property(metadata, outer), inner);
    if (value?.type === 'string' && typeof value.value === 'string' && value.value.trim() !== '') return canonicalLanguageId(value.value.trim());
  }
  return 'python';
}

/** The value node of property `key` of an object node. */
function property(node: Node | undefined, key: string): Node | undefined {
  if (node?.type !== 'object') return undefined;
  for (const p of node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (k?.value === key) return v;
  }
  return undefined;
}

/** Parses a notebook's text; never throws. */
export function parseNotebook(text: string): ParsedNotebook {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const [first] = errors;
  if (first) {
    const at = new LineIndex(text).positionAt(first.offset);
    return { error: `not a valid notebook: JSON error ${printParseErrorCode(first.error)} at ${at.line + 1}:${at.character + 1}` };
  }
  const cellsNode = property(root, 'cells');
  if (cellsNode?.type !== 'array') return { error: 'not a Jupyter notebook (no "cells" array)' };
  const languageId = notebookLanguage(root!);
  const cells: NotebookCell[] = [];
  (cellsNode.children ?? []).forEach((cell, i) => {
    const type = property(cell, 'cell_type')?.value;
    if (type !== 'markdown' && type !== 'code') return;
    const source = property(cell, 'source');
    const strings = source?.type === 'string' ? [source] : source?.type === 'array' ? (source.children ?? []) : [];
    if (strings.some((s) => s.type !== 'string')) return;
    cells.push(decodeCell(text, strings, i + 1, type, type === 'markdown' ? 'markdown' : languageId, source?.offset ?? 0));
  });
  return { languageId, cells };
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function decodeCell(text: string, strings: readonly Node[], number: number, kind: 'markdown' | 'code', languageId: string, sourceOffset: number): NotebookCell {
  const units: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const segments: number[] = [];
  const escaped: number[] = [];
  strings.forEach((node, segment) => {
    const end = node.offset + node.length - 1; // the closing quote
    for (let p = node.offset + 1; p < end;) {
      const ch = text[p]!;
      if (ch === '\\') {
        const next = text[p + 1]!;
        const simple = SIMPLE_ESCAPES[next];
        const length = simple !== undefined ? 2 : 6;
        units.push(simple ?? String.fromCharCode(parseInt(text.slice(p + 2, p + 6), 16)));
        starts.push(p);
        ends.push(p + length);
        escaped.push(1);
        p += length;
      } else {
        units.push(ch);
        starts.push(p);
        ends.push(p + 1);
        escaped.push(0);
        p++;
      }
      segments.push(segment);
    }
  });
  const anchor = strings.length > 0 ? strings[0]!.offset + 1 : sourceOffset;
  return {
    number,
    kind,
    languageId,
    text: units.join(''),
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    segments: Int32Array.from(segments),
    escaped: Uint8Array.from(escaped),
    anchor,
  };
}

/** The notebook offsets of the cell text range `[start, end)`: from the first code unit's start to the last one's end. */
export function notebookRange(cell: NotebookCell, start: number, end: number): { start: number; end: number } {
  const n = cell.text.length;
  const at = (o: number): number => (n === 0 ? cell.anchor : o < n ? cell.starts[Math.max(0, o)]! : cell.ends[n - 1]!);
  const from = at(start);
  if (end <= start) return { start: from, end: from };
  return { start: from, end: cell.ends[Math.min(end, n) - 1]! };
}

/**
 * Whether an edit of cell text `[start, end)` can be made to the notebook text in place: it covers
 * no code unit that came from an escape and lies within one string of a source array.
 */
export function canEditInPlace(cell: NotebookCell, start: number, end: number): boolean {
  if (end <= start) return true;
  if (end > cell.text.length || cell.segments[start] !== cell.segments[end - 1]) return false;
  for (let k = start; k < end; k++) if (cell.escaped[k]) return false;
  return true;
}

/** `text` escaped for the inside of a JSON string (without the quotes). */
export function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** A notebook's Markdown cells joined into one note, and where each offset of the note came from. */
export interface JoinedCells {
  readonly text: string;
  /** The cell an offset of {@link text} lies in, and the offset within that cell's text. */
  locate(offset: number): { cell: NotebookCell; local: number };
}

/**
 * Joins `cells` into one note, separated by a blank line so that no term or paragraph runs from
 * one cell into the next: an abbreviation defined in one cell is then defined in the cells after
 * it, as a reader of the notebook sees it. `cells` must not be empty.
 */
export function joinCells(cells: readonly NotebookCell[]): JoinedCells {
  const bases: number[] = [];
  let text = '';
  for (const cell of cells) {
    bases.push(text.length);
    text += cell.text + '\n\n';
  }
  const locate = (offset: number): { cell: NotebookCell; local: number } => {
    let lo = 0;
    let hi = bases.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (bases[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    const cell = cells[lo]!;
    return { cell, local: Math.min(offset - bases[lo]!, cell.text.length) };
  };
  return { text, locate };
}
