/**
 * Offsets ↔ zero-based line/character positions (UTF-16, as LSP counts them): the one line index
 * of the code base. `\n`, `\r\n` and a lone `\r` all end a line, and positions are clamped exactly
 * as vscode-languageserver-textdocument clamps them (`test/unit/lineIndex.test.ts` compares the
 * two), so an index built here and the editor's document model always agree. Pure: no LSP, no I/O.
 */

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

const LF = 10;
const CR = 13;

function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

/**
 * The offsets where the lines of `text` start (the first is 0), in an `Int32Array`: 4 bytes a
 * line, so that a word list of 274,000 lines stays small.
 */
function computeLineStarts(text: string): Int32Array {
  if (!/\r(?!\n)/.test(text)) {
    // No lone \r (so every line ends with \n or \r\n): indexOf finds every line far faster than a character loop.
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const starts = new Int32Array(count);
    let n = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
    return starts;
  }
  const starts: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    if (c === LF || c === CR) starts.push(i + 1);
  }
  return Int32Array.from(starts);
}

/**
 * Line starts of a text, for offset ↔ position conversion in O(log lines). Build one per text
 * (never one per lookup: indexing is linear in the text) and pass it around.
 */
export class LineIndex implements PositionMapper {
  private readonly mapper: PositionMapper | undefined;
  private starts: Int32Array | undefined;

  /**
   * Indexes `text` (lazily, on the first lookup), or uses `mapper`, which must map `text` (the
   * LSP server passes the editor's document, whose line starts it already keeps up to date edit
   * by edit).
   */
  constructor(
    private readonly text: string,
    mapper?: PositionMapper,
  ) {
    this.mapper = mapper;
  }

  private lineStarts(): Int32Array {
    return (this.starts ??= computeLineStarts(this.text));
  }

  /** Number of lines (a text without line breaks, even an empty one, has one). */
  get lineCount(): number {
    return this.lineStarts().length;
  }

  /** Zero-based line of an offset (clamped to the text). */
  lineOf(offset: number): number {
    if (this.mapper) return this.mapper.positionAt(offset).line;
    const starts = this.lineStarts();
    const at = Math.max(Math.min(offset, this.text.length), 0);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /**
   * Position of an offset (clamped to the text; an offset inside a `\r\n` is at the end of its
   * line's text).
   */
  positionAt(offset: number): Position {
    if (this.mapper) return this.mapper.positionAt(offset);
    const at = Math.max(Math.min(offset, this.text.length), 0);
    const line = this.lineOf(at);
    const start = this.lineStarts()[line]!;
    return { line, character: this.beforeLineBreak(at, start) - start };
  }

  /** Offset of a position (clamped to its line, without the line break, and to the text). */
  offsetAt(position: Position): number {
    if (this.mapper) return this.mapper.offsetAt(position);
    const starts = this.lineStarts();
    if (position.line >= starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = starts[position.line]!;
    if (position.character <= 0) return start;
    const next = position.line + 1 < starts.length ? starts[position.line + 1]! : this.text.length;
    return this.beforeLineBreak(Math.min(start + position.character, next), start);
  }

  /** Range of offsets `[start, end)`. */
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset where zero-based `line` starts (the text's length past the last line, 0 before the first). */
  lineStart(line: number): number {
    if (this.mapper) return this.mapper.offsetAt({ line, character: 0 });
    const starts = this.lineStarts();
    return line >= starts.length ? this.text.length : line < 0 ? 0 : starts[line]!;
  }

  /** The text of zero-based `line`, without its line break (`''` for a line outside the text). */
  lineText(line: number): string {
    if (!this.mapper) {
      const starts = this.lineStarts();
      if (line < 0 || line >= starts.length) return '';
      const start = starts[line]!;
      return this.text.slice(start, this.beforeLineBreak(line + 1 < starts.length ? starts[line + 1]! : this.text.length, start));
    }
    if (line < 0) return '';
    const start = this.lineStart(line);
    const next = this.lineStart(line + 1);
    const end = next > start ? next : this.text.length;
    return this.text.slice(start, this.beforeLineBreak(end, start));
  }

  /** `offset` moved back over line break characters, but not before `lineStart`. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart && isLineBreak(this.text.charCodeAt(at - 1))) at--;
    return at;
  }
}
