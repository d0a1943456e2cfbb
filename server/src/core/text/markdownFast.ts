/**
 * A fast path for the Markdown most notes are made of: paragraphs, ATX headings, flat lists, block
 * quotes, pipe tables, fenced code and thematic breaks, with code spans, inline links and images,
 * and simple emphasis. For a chunk made only of these it finds the same prose regions remark does,
 * at a fraction of the cost; for anything else (HTML, definitions, math, escapes, nesting,
 * autolinks, tabs, ...) it declines and remark parses the chunk. `markdownFast.test.ts` checks it
 * against remark on generated and mutated documents.
 */

import type { Region } from './regions';

/** A prose region, as the Markdown scanner yields them. */
type ProseRegion = { kind: 'prose'; start: number; end: number };

/** Thrown (and caught in {@link scanSimpleMarkdown}) when the chunk is not simple. */
const DECLINE = Symbol('decline');

/** A link whose text is a URL or an email address (`[https://x](https://x)`): not prose. */
export const URL_LIKE = /^(?:[a-z][a-z\d+.-]*:\S*|www\.\S*|[^\s@]+@[^\s@]+)$/i;
/** Text that remark could turn into something else than text: always declined. */
const UNSAFE_TEXT = /[\\<~@\t\0\]]|:\/\/|www\./i;
const BULLET_ITEM = /^[-+*] (?=\S)/;
const ORDERED_ITEM = /^\d{1,9}[.)] (?=\S)/;
const HEADING = /^(#{1,6}) +(?=\S)/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const THEMATIC_BREAK = /^(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,})$/;
const TABLE_DELIMITER = /^\|(?: *:?-+:? *\|)+ *$/;

function isAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Whether a line may start a paragraph (or a list item's or quote's content). */
function canStartParagraph(line: string, from: number): boolean {
  const c = line.charCodeAt(from);
  if (Number.isNaN(c)) return false;
  if (isAlnum(c)) return !/^\d{1,9}[.)](?: |$)/.test(line.slice(from));
  if (c >= 0x80) return c !== 0xa0 && c !== 0xfeff;
  switch (line[from]) {
    case '(':
    case '"':
    case "'":
    case '[':
    case '!':
      return true;
    case '*':
      return isAlnum(line.charCodeAt(from + 1)) || (line[from + 1] === '*' && isAlnum(line.charCodeAt(from + 2)));
    case '_':
      return isAlnum(line.charCodeAt(from + 1)) || (line[from + 1] === '_' && isAlnum(line.charCodeAt(from + 2)));
    case '`':
      return !line.startsWith('```', from);
    default:
      return false;
  }
}

/**
 * Whether a line (at column 0) continues a paragraph: it cannot start or be anything else (no
 * list item, heading, quote, fence, table row, thematic break or setext underline).
 */
function canContinueParagraph(line: string): boolean {
  return canStartParagraph(line, 0);
}

/** Whether a line ends a paragraph by starting a block of its own (without a blank line). */
function interruptsParagraph(line: string): boolean {
  return HEADING.test(line) || /^(?:```|~~~)/.test(line) || (BULLET_ITEM.test(line) && !THEMATIC_BREAK.test(line)) || /^1[.)] (?=\S)/.test(line);
}

/** One line of an inline context: the offsets of its content in the chunk. */
interface ContentLine {
  readonly start: number;
  /** End of the line's content, before trailing spaces. */
  readonly end: number;
  /** Offset of the line break after the line (or of the end of the chunk). */
  readonly lineEnd: number;
  /** Whether two or more trailing spaces make a hard break (only before another line). */
  readonly hardBreak: boolean;
}

/**
 * Builds the text nodes of one inline context (a paragraph, heading or table cell), as
 * mdast-util-from-markdown does: a text node grows over soft line breaks; a construct (code span,
 * emphasis delimiter, link syntax) or a hard break ends it; after a construct, a new text node may
 * start at a line break.
 */
class InlineScanner {
  private open: { start: number; end: number } | undefined;
  /** Dollar signs in the current context: two may make inline math. */
  private dollars = 0;

  constructor(
    private readonly text: string,
    private readonly out: ProseRegion[],
  ) {}

  scan(lines: readonly ContentLine[]): void {
    this.dollars = 0;
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      // Two dollar signs anywhere in the context (a link destination too) may make inline math.
      for (let i = this.text.indexOf('$', line.start); i !== -1 && i < line.end; i = this.text.indexOf('$', i + 1)) if (++this.dollars > 1) throw DECLINE;
      this.scanLine(line.start, line.end);
      if (k === lines.length - 1) break;
      if (line.hardBreak) this.close();
      else if (this.open) this.open.end = line.lineEnd + 1;
      else this.open = { start: line.lineEnd, end: line.lineEnd + 1 };
    }
    this.close();
  }

  /** Text from `start` to `end`, which must hold nothing remark could read as more than text. */
  private data(start: number, end: number): void {
    if (end <= start) return;
    const value = this.text.slice(start, end);
    if (UNSAFE_TEXT.test(value)) throw DECLINE;
    if (this.open) this.open.end = end;
    else this.open = { start, end };
  }

  private close(): void {
    if (!this.open) return;
    const last = this.out[this.out.length - 1];
    if (last && last.end === this.open.start) last.end = this.open.end;
    else this.out.push({ kind: 'prose', start: this.open.start, end: this.open.end });
    this.open = undefined;
  }

  /** Scans `text[from, to)`, one line: code spans, links, images, emphasis and text. */
  private scanLine(from: number, to: number): void {
    const text = this.text;
    let dataStart = from;
    let i = from;
    while (i < to) {
      const ch = text[i]!;
      if (ch === '`') {
        const run = runLength(text, i, to, '`');
        const close = findRun(text, i + run, to, '`', run);
        if (close < 0) throw DECLINE;
        this.data(dataStart, i);
        this.close();
        i = dataStart = close + run;
      } else if (ch === '[' || (ch === '!' && text[i + 1] === '[')) {
        const image = ch === '!';
        const open = image ? i + 1 : i;
        const link = parseLink(text, open, to);
        if (!link) throw DECLINE;
        this.data(dataStart, i);
        this.close();
        if (!image && !URL_LIKE.test(text.slice(open + 1, link.textEnd))) this.linkText(open + 1, link.textEnd);
        this.close();
        i = dataStart = link.end;
      } else if (ch === '*' || ch === '_') {
        this.data(dataStart, i);
        i = dataStart = this.emphasis(i, to);
      } else if (ch === '[' || ch === ']') {
        throw DECLINE;
      } else i++;
    }
    this.data(dataStart, to);
  }

  /**
   * An emphasis or strong span opening at `at`: `*a*`, `**a**`, `_a_` or `__a__`, opened after a
   * space, `(` or the start and before a letter or digit, closed after a letter or digit and before
   * a space, punctuation or the end, with no other delimiter, code or link inside. Returns the
   * offset after it.
   */
  private emphasis(at: number, to: number): number {
    const text = this.text;
    const ch = text[at]!;
    const run = runLength(text, at, to, ch);
    if (run > 2) throw DECLINE;
    const before = at === 0 ? ' ' : text[at - 1]!;
    if (!(before === ' ' || before === '(' || before === '\n' || at === this.lineStartOf(at)) || !isAlnum(text.charCodeAt(at + run))) throw DECLINE;
    const inner = at + run;
    let j = inner;
    while (j < to && !'*_`[]!'.includes(text[j]!)) j++;
    if (j >= to || text[j] !== ch || runLength(text, j, to, ch) !== run || !isAlnum(text.charCodeAt(j - 1))) throw DECLINE;
    const after = j + run < to ? text[j + run]! : ' ';
    if (!' .,;:!?)"\''.includes(after)) throw DECLINE;
    this.close();
    this.data(inner, j);
    this.close();
    return j + run;
  }

  /** Link text: text with simple emphasis only. */
  private linkText(from: number, to: number): void {
    let dataStart = from;
    let i = from;
    while (i < to) {
      const ch = this.text[i]!;
      if (ch === '*' || ch === '_') {
        this.data(dataStart, i);
        i = dataStart = this.emphasis(i, to);
      } else if ('`[]!'.includes(ch)) throw DECLINE;
      else i++;
    }
    this.data(dataStart, to);
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }
}

function runLength(text: string, at: number, to: number, ch: string): number {
  let n = 0;
  while (at + n < to && text[at + n] === ch) n++;
  return n;
}

/** The next run of exactly `length` characters `ch` in `text[from, to)`, or -1. */
function findRun(text: string, from: number, to: number, ch: string, length: number): number {
  for (let i = text.indexOf(ch, from); i !== -1 && i < to;) {
    const run = runLength(text, i, to, ch);
    if (run === length) return i;
    i = text.indexOf(ch, i + run);
  }
  return -1;
}

/** `[text](destination)` or `[text](destination "title")` at `open`, on one line; undefined otherwise. */
function parseLink(text: string, open: number, to: number): { textEnd: number; end: number } | undefined {
  const close = text.indexOf(']', open + 1);
  if (close < 0 || close >= to || close === open + 1) return undefined;
  const label = text.slice(open + 1, close);
  if (/[[`]/.test(label)) return undefined;
  const m = /^\(([^\s()<>"'\\`]+)(?: "[^"\\\n]*")?\)/.exec(text.slice(close + 1, to));
  if (!m) return undefined;
  return { textEnd: close, end: close + 1 + m[0].length };
}

/** A line of the chunk: its offsets and text. */
interface Line {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

function splitLines(chunk: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = chunk.indexOf('\n', start);
    const end = nl === -1 ? chunk.length : nl;
    lines.push({ start, end, text: chunk.slice(start, end) });
    if (nl === -1) return lines;
    start = nl + 1;
  }
}

/** A content line from `from` (offset in the chunk) to the end of `line`; hard breaks are set by {@link finishContent}. */
function contentLine(line: Line, from: number): ContentLine {
  return { start: from, end: line.start + line.text.replace(/ +$/, '').length, lineEnd: line.end, hardBreak: false };
}

/**
 * The prose regions of `chunk` (offsets in the chunk), or undefined when the chunk has anything the
 * fast path does not handle exactly like remark. `atStart`: the chunk starts the document (where
 * `---` opens front matter).
 */
export function scanSimpleMarkdown(chunk: string, atStart: boolean): Region[] | undefined {
  if (chunk.includes('\r') || (atStart && /^(?:---|\+\+\+)/.test(chunk))) return undefined;
  const lines = splitLines(chunk);
  const out: ProseRegion[] = [];
  const inline = new InlineScanner(chunk, out);
  const isBlank = (k: number): boolean => k < lines.length && lines[k]!.text.trim().length === 0;
  try {
    let k = 0;
    let afterBlank = true;
    while (k < lines.length) {
      const line = lines[k]!;
      const t = line.text;
      if (t.trim().length === 0) {
        if (t.length > 0) return undefined;
        afterBlank = true;
        k++;
        continue;
      }
      const fence = FENCE.exec(t);
      const heading = HEADING.exec(t);
      if (fence) {
        const marker = fence[1]!;
        if (marker[0] === '`' && fence[2]!.includes('`')) return undefined;
        let j = k + 1;
        while (j < lines.length && !isFenceClose(lines[j]!.text, marker)) j++;
        if (j >= lines.length) return undefined;
        k = j + 1;
      } else if (heading) {
        const from = line.start + heading[0].length;
        if (t.includes('#', heading[0].length) || t.includes('\t')) return undefined;
        inline.scan([contentLine(line, from)]);
        k++;
      } else if (afterBlank && THEMATIC_BREAK.test(t)) {
        k++;
      } else if (t.startsWith('|')) {
        const next = scanTable(lines, k, inline);
        if (next === undefined) return undefined;
        k = next;
      } else if (t.startsWith('>')) {
        if (!t.startsWith('> ') || !canStartParagraph(t, 2)) return undefined;
        const content: ContentLine[] = [contentLine(line, line.start + 2)];
        let j = k + 1;
        while (j < lines.length && lines[j]!.text.startsWith('> ') && canContinueParagraph(lines[j]!.text.slice(2))) {
          content.push(contentLine(lines[j]!, lines[j]!.start + 2));
          j++;
        }
        if (j < lines.length && !isBlank(j)) return undefined;
        finishContent(content, lines, k);
        inline.scan(content);
        k = j;
      } else if (BULLET_ITEM.test(t) || ORDERED_ITEM.test(t)) {
        const width = (BULLET_ITEM.exec(t) ?? ORDERED_ITEM.exec(t))![0].length;
        if (THEMATIC_BREAK.test(t) || !canStartParagraph(t, width) || /^\[[ xX]\]/.test(t.slice(width))) return undefined;
        const content: ContentLine[] = [contentLine(line, line.start + width)];
        let j = k + 1;
        for (; j < lines.length && !isBlank(j); j++) {
          const next = lines[j]!.text;
          if (BULLET_ITEM.test(next) || ORDERED_ITEM.test(next) || interruptsParagraph(next)) break;
          const indent = next.length - next.trimStart().length;
          if (indent === width && canContinueParagraph(next.slice(width))) content.push(contentLine(lines[j]!, lines[j]!.start + width));
          else if (indent === 0 && canContinueParagraph(next)) content.push(contentLine(lines[j]!, lines[j]!.start));
          else return undefined;
        }
        finishContent(content, lines, k);
        inline.scan(content);
        k = j;
      } else {
        if (!canStartParagraph(t, 0)) return undefined;
        const content: ContentLine[] = [contentLine(line, line.start)];
        let j = k + 1;
        for (; j < lines.length && !isBlank(j); j++) {
          const next = lines[j]!.text;
          if (interruptsParagraph(next)) break;
          if (!canContinueParagraph(next)) return undefined;
          content.push(contentLine(lines[j]!, lines[j]!.start));
        }
        finishContent(content, lines, k);
        inline.scan(content);
        k = j;
      }
      afterBlank = false;
    }
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
  return out;
}

/** Marks hard breaks now that it is known which lines are followed by another line of the same content. */
function finishContent(content: ContentLine[], lines: readonly Line[], first: number): void {
  for (let i = 0; i < content.length - 1; i++) {
    const line = lines[first + i]!;
    const c = content[i]!;
    content[i] = { ...c, hardBreak: line.text.length - line.text.replace(/ +$/, '').length >= 2 };
  }
}

/** A closing fence: up to three spaces, then at least as many fence characters as the opening, then spaces. */
function isFenceClose(line: string, marker: string): boolean {
  const indent = line.length - line.trimStart().length;
  if (indent > 3 || line.charCodeAt(indent) === 0x09) return false;
  const run = runLength(line, indent, line.length, marker[0]!);
  return run >= marker.length && line.slice(indent + run).trim().length === 0;
}

/**
 * A pipe table at line `k`: header, delimiter row and body rows, every row starting and ending
 * with `|` and having as many cells as the header. Returns the line after the table, or undefined.
 */
function scanTable(lines: readonly Line[], k: number, inline: InlineScanner): number | undefined {
  const header = lines[k]!;
  const delimiter = lines[k + 1];
  if (!delimiter || !TABLE_DELIMITER.test(delimiter.text)) return undefined;
  const columns = cellsOf(header)?.length;
  if (columns === undefined || delimiter.text.trim().split('|').length - 2 !== columns) return undefined;
  const rows = [header];
  let j = k + 2;
  for (; j < lines.length && lines[j]!.text.trim().length > 0; j++) rows.push(lines[j]!);
  for (const row of rows) {
    const cells = cellsOf(row);
    if (!cells || cells.length !== columns) return undefined;
    for (const cell of cells) if (cell.end > cell.start) inline.scan([{ start: cell.start, end: cell.end, lineEnd: row.end, hardBreak: false }]);
  }
  return j;
}

/** The cells of a table row `| a | b |`: content offsets (trimmed), or undefined when the row is not that simple. */
function cellsOf(row: Line): { start: number; end: number }[] | undefined {
  const t = row.text.replace(/ +$/, '');
  if (!t.startsWith('|') || !t.endsWith('|') || t.length < 2 || /[`\\]/.test(t)) return undefined;
  const cells: { start: number; end: number }[] = [];
  let from = 1;
  for (let bar = t.indexOf('|', 1); bar !== -1; bar = t.indexOf('|', bar + 1)) {
    let s = from;
    let e = bar;
    while (s < e && t[s] === ' ') s++;
    while (e > s && t[e - 1] === ' ') e--;
    cells.push({ start: row.start + s, end: row.start + e });
    from = bar + 1;
  }
  return cells;
}
