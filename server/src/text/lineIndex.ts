/** Converts between offsets and zero-based line/character positions (UTF-16), as LSP counts them. */

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

/** Line starts of a text, for offset ↔ position conversion in O(log lines). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) this.starts.push(i + 1);
      else if (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a) this.starts.push(i + 1);
    }
  }

  /** Number of lines. */
  get lineCount(): number {
    return this.starts.length;
  }

  /** Position of an offset (clamped to the text). */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  /** Offset of a position (clamped to its line and to the text). */
  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = this.starts[position.line]!;
    const nextStart = position.line + 1 < this.starts.length ? this.starts[position.line + 1]! : this.text.length;
    return Math.max(lineStart, Math.min(lineStart + position.character, nextStart));
  }

  /** Range of offsets `[start, end)`. */
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset where zero-based `line` starts. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }
}
