/**
 * Offsets ↔ zero-based line/character positions (UTF-16, as LSP counts them), backed by
 * vscode-languageserver-textdocument: a plain text utility, not the LSP runtime.
 */

import { TextDocument } from 'vscode-languageserver-textdocument';

/** A zero-based line and UTF-16 character. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A range of positions, end exclusive. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** Converts between offsets and positions of one text; an editor's document model is one. */
export interface PositionMapper {
  positionAt(offset: number): Position;
  offsetAt(position: Position): number;
}

/** Line starts of a text, for offset ↔ position conversion in O(log lines). */
export class LineIndex {
  private readonly doc: PositionMapper;

  /**
   * Indexes `text`, or uses `mapper`, which must map `text` (the LSP server passes the editor's
   * document, whose line starts it already keeps up to date edit by edit).
   */
  constructor(text: string, mapper?: PositionMapper) {
    this.doc = mapper ?? TextDocument.create('', '', 0, text);
  }

  /** Position of an offset (clamped to the text). */
  positionAt(offset: number): Position {
    return this.doc.positionAt(offset);
  }

  /** Offset of a position (clamped to its line and to the text). */
  offsetAt(position: Position): number {
    return this.doc.offsetAt(position);
  }

  /** Range of offsets `[start, end)`. */
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset where zero-based `line` starts. */
  lineStart(line: number): number {
    return this.doc.offsetAt({ line, character: 0 });
  }
}
