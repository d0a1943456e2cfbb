/**
 * A fast path for the Markdown most notes are made of: paragraphs, ATX and setext headings, flat
 * lists, block quotes, pipe tables, fenced and indented code, HTML blocks, YAML/TOML front matter
 * and thematic breaks, with code spans, inline links and images, simple emphasis, raw inline HTML,
 * autolinks (`<…>`), GFM autolink literals (bare `https://…`, `www.…` and email addresses) and,
 * in a document without definitions, brackets that make no link. For a chunk
 * made only of these it finds the same prose regions remark does, at a fraction of the cost; for
 * anything else (definitions, math, escapes, strikethrough, nesting, tabs, HTML or literals it
 * cannot settle on one line, ...) it declines and remark parses the chunk. HTML, code, front
 * matter and URLs are not prose. The constructs remark reads differently from plain text are
 * ported from micromark state by state (see the grammar section below). `markdownFast.test.ts`
 * checks it against remark on generated and mutated documents, and
 * `test/corpus/markdown-fast-real.test.ts` on every chunk of the real-world corpus.
 */

import type { Region } from './regions';

/** A prose region, as the Markdown scanner yields them. */
type ProseRegion = { kind: 'prose'; start: number; end: number };

/**
 * Why the fast path declined a chunk (the first construct it is not sure of), for measurement:
 * see {@link scanSimpleMarkdown}'s `why`.
 */
export type DeclineReason =
  | 'carriage-return'
  | 'front-matter'
  | 'whitespace-line'
  | 'fence'
  | 'heading'
  | 'table'
  | 'quote'
  | 'list'
  | 'paragraph'
  | 'math'
  | 'code-span'
  | 'link'
  | 'emphasis'
  | 'bracket'
  | 'html'
  | 'autolink-literal'
  | 'escape'
  | 'tilde'
  | 'tab'
  | 'nul'
  | 'indented-code'
  | 'indentation'
  | 'entity'
  | 'directive';

/** Thrown (and caught in {@link scanSimpleMarkdown}) when the chunk is not simple. */
class Decline {
  constructor(readonly reason: DeclineReason) {}
}

function decline(reason: DeclineReason): never {
  throw new Decline(reason);
}

/** A link whose text is a URL or an email address (`[https://x](https://x)`): not prose. */
export const URL_LIKE = /^(?:[a-z][a-z\d+.-]*:\S*|www\.\S*|[^\s@]+@[^\s@]+)$/i;
/** Text that remark could turn into something else than text: always declined. */
const UNSAFE_TEXT = /[\\~\t\0]/;
/** {@link UNSAFE_TEXT} in an inline context where no `~` can close a strikethrough, so that every `~` is text. */
const UNSAFE_TEXT_BUT_TILDES = /[\\\t\0]/;
const BULLET_ITEM = /^[-+*] (?=\S)/;
const ORDERED_ITEM = /^\d{1,9}[.)] (?=\S)/;
const HEADING = /^(#{1,6}) +(?=\S)/;
const FENCE = /^(`{3,}|~{3,})(.*)$/;
const THEMATIC_BREAK = /^(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,})$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const TABLE_DELIMITER = /^\|(?: *:?-+:? *\|)+ *$/;
/** A link definition on one line at column 0: `[label]: destination`, maybe with a `"title"`; no escapes, entities, HTML or parentheses. */
const SIMPLE_DEFINITION = /^\[([^[\]\\<>&^\s][^[\]\\<>&]{0,998})\]: +[^\s()<>\\"'][^\s()<>\\]*(?: +"[^"\\]*")? *$/;

function isAlnum(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/**
 * Whether a line may start a paragraph (or a list item's or quote's content) at `from`, or with
 * `continuing`, go on with one (where `=` would be a setext underline and only HTML blocks of
 * kinds 1 to 6 interrupt).
 */
function canStartParagraph(line: string, from: number, continuing = false): boolean {
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
    case '?':
    case ';':
    case ',':
    case '.':
    case '/':
    case '%':
    case '&':
    case '@':
    case '^':
    case '{':
    case '}':
    case ')':
      return true;
    case '=':
      return !continuing;
    case ':':
      // `:-` may be a table's delimiter row, which makes the line before a table header.
      return line[from + 1] !== '-';
    case '+':
    case '-':
    case '#':
      return isAlnum(line.charCodeAt(from + 1));
    case '<':
      return htmlFlowKind(line, from, continuing) === 0;
    case '*':
    case '_':
      return canOpenEmphasis(line.charCodeAt(from + 1)) || (line[from + 1] === line[from] && canOpenEmphasis(line.charCodeAt(from + 2)));
    case '`':
      return !line.startsWith('```', from);
    default:
      return false;
  }
}

/**
 * What may follow an emphasis opener that is preceded by a space, `(` or the start: anything but
 * whitespace makes it left-flanking (another delimiter would make a longer run or a thematic break).
 */
/**
 * ASCII punctuation an emphasis opener may follow: before a letter or digit the run is then
 * left-flanking and not right-flanking, so `*` and `_` alike open. Not `*` or `_` (part of a
 * run), nor `\\` (an escape).
 */
function isOpenerPunctuation(code: number): boolean {
  return code < 0x80 && code !== 0x2a && code !== 0x5f && code !== 0x5c && OPENER_PUNCTUATION.includes(String.fromCharCode(code));
}

const OPENER_PUNCTUATION = '!"#$%&\'()+,-./:;<=>?@[]^`{|}~';

function canOpenEmphasis(code: number): boolean {
  return !Number.isNaN(code) && code !== 0x2a && code !== 0x5f && code !== 0x20 && !isUnicodeWhitespace(code);
}

/**
 * Whether a line (at column 0) continues a paragraph: it cannot start or be anything else (no
 * list item, heading, quote, fence, table row, thematic break, setext underline or HTML block).
 */
function canContinueParagraph(line: string): boolean {
  return canStartParagraph(line, 0, true);
}

/** Whether a line ends a paragraph by starting a block of its own (without a blank line). */
function interruptsParagraph(line: string): boolean {
  if (/^ {0,3}</.test(line)) return htmlFlowKind(line, line.indexOf('<'), true) !== 0;
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
 * emphasis delimiter, link syntax, HTML, autolink or autolink literal) or a hard break ends it;
 * after a construct, a new text node may start at a line break.
 */
class InlineScanner {
  private open: { start: number; end: number } | undefined;
  /** Whether the open text node has something the autolink-literal transform might link (checked when it closes). */
  private suspect = false;
  /** Inside link text, micromark finds no literal (the label is unbalanced) and the transform skips links. */
  private inLink = false;
  /** Dollar signs in the current context: two may make inline math. */
  private dollars = 0;
  /** Whether no `~` run of the current context can close a strikethrough: then none opens one either, and all are text. */
  private tildesAreText = false;

  /** Constructs (code spans, images, emphasis) met, to tell whether link text is a single text node. */
  private constructs = 0;

  constructor(
    private readonly text: string,
    private readonly out: ProseRegion[],
    /** Whether brackets that make no inline link are text (no definition could make them a reference). */
    private readonly literalBrackets: boolean,
    /**
     * The document's link labels (normalized as micromark matches them) when they are known and
     * none is a footnote's: then `[label]`, `[text][label]` and `[label][]` are references when the
     * label is defined, and brackets are text when it is not. Undefined: brackets that make no
     * inline link are text only if {@link literalBrackets}.
     */
    private readonly references?: ReadonlySet<string>,
  ) {}

  scan(lines: readonly ContentLine[]): void {
    this.dollars = 0;
    this.tildesAreText = lines.every((line) => !mayCloseStrikethrough(this.text, line.start, line.end));
    for (let k = 0; k < lines.length; k++) {
      const line = lines[k]!;
      // Two dollar signs anywhere in the context (a link destination too) may make inline math.
      for (let i = this.text.indexOf('$', line.start); i !== -1 && i < line.end; i = this.text.indexOf('$', i + 1)) if (++this.dollars > 1) decline('math');
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
    const unsafe = (this.tildesAreText ? UNSAFE_TEXT_BUT_TILDES : UNSAFE_TEXT).exec(value);
    if (unsafe) decline(unsafeReason(unsafe[0]));
    decodeReferences(value);
    if (!this.inLink && !this.suspect && MAY_HOLD_LITERAL.test(value)) this.suspect = true;
    if (this.open) this.open.end = end;
    else this.open = { start, end };
  }

  private close(): void {
    if (!this.open) return;
    if (this.suspect) {
      this.suspect = false;
      if (transformFindsLiteral(decodeReferences(this.text.slice(this.open.start, this.open.end)))) decline('autolink-literal');
    }
    const last = this.out[this.out.length - 1];
    if (last && last.end === this.open.start) last.end = this.open.end;
    else this.out.push({ kind: 'prose', start: this.open.start, end: this.open.end });
    this.open = undefined;
  }

  /** A construct that is not prose from `start` to `end`, after the text up to it. */
  private skip(dataStart: number, start: number, end: number): number {
    this.constructs++;
    this.data(dataStart, start);
    this.close();
    return end;
  }

  /** Scans `text[from, to)`, one line: code spans, links, images, emphasis, HTML, autolinks, literals and text. */
  private scanLine(from: number, to: number): void {
    const text = this.text;
    const literals = !this.inLink && MAY_HOLD_LITERAL.test(text.slice(from, to));
    let dataStart = from;
    let i = from;
    while (i < to) {
      if (literals) {
        const end = literalAt(text, i, to, i === from ? 0x20 : text.charCodeAt(i - 1));
        if (end > i) {
          i = dataStart = this.skip(dataStart, i, end);
          continue;
        }
      }
      const ch = text[i]!;
      if (ch === '`') {
        const run = runLength(text, i, to, '`');
        const close = findRun(text, i + run, to, '`', run);
        if (close < 0) decline('code-span');
        i = dataStart = this.skip(dataStart, i, close + run);
      } else if (ch === '[' || (ch === '!' && text[i + 1] === '[')) {
        const image = ch === '!';
        const open = image ? i + 1 : i;
        const link = parseLink(text, open, to);
        const reference = link || image || !this.references ? undefined : this.reference(open, to, literals);
        if (!link && !reference) {
          this.literalBracket(open, to, literals);
          i = open + 1;
          continue;
        }
        this.data(dataStart, i);
        this.link(open, (link ?? reference)!, image, reference !== undefined);
        i = dataStart = (link ?? reference)!.end;
      } else if (ch === '_' && i > from && isAlnum(text.charCodeAt(i - 1)) && isAlnum(text.charCodeAt(i + runLength(text, i, to, '_')))) {
        // Between letters or digits (`heston_model`), `_` neither opens nor closes emphasis: it is text.
        i += runLength(text, i, to, '_');
      } else if (ch === '*' || ch === '_') {
        this.data(dataStart, i);
        i = dataStart = this.emphasis(i, to);
      } else if (ch === '<') {
        let end = autolinkEnd(text, i, to);
        if (end === 0) end = htmlTextEnd(text, i, to);
        if (end < 0) decline('html');
        if (end > 0) i = dataStart = this.skip(dataStart, i, end);
        else i++;
      } else if (ch === ']') {
        // A `]` that closes no link is text.
        if (!this.literalBrackets && !this.references) decline('bracket');
        i++;
      } else i++;
    }
    this.data(dataStart, to);
  }

  /**
   * The link (or image, whose text is not prose) that {@link parseLink} or {@link reference} found
   * at `open`, after the text up to it.
   */
  private link(open: number, link: { textEnd: number }, image: boolean, reference = false): void {
    this.close();
    if (image) return;
    const regions = this.out.length;
    const constructs = this.constructs;
    this.inLink = true;
    this.linkText(open + 1, link.textEnd);
    this.close();
    this.inLink = false;
    // Inline link text that is one text node holding a URL or an email address is not prose (a reference's is).
    if (!reference && this.constructs === constructs && URL_LIKE.test(decodeReferences(this.text.slice(open + 1, link.textEnd)))) this.out.length = regions;
  }

  /**
   * The reference at `open` (a `[` that starts no inline link), on this line: `[label]` not
   * followed by `(` or `[`, `[label][]` or `[text][label]`, with the label defined; undefined when
   * the brackets are text (`[label]` or `[text]` of no definition, not followed by `(` or `[`,
   * which {@link literalBracket} then checks). Declines anything else: brackets inside, escapes,
   * entities, HTML, footnotes, a label of no definition in the second brackets.
   */
  private reference(open: number, to: number, literals: boolean): { textEnd: number; end: number } | undefined {
    if (literals) decline('link');
    const text = this.text;
    const close = labelEnd(text, open, to);
    const label = text.slice(open + 1, close);
    if (label.startsWith('^')) decline('link');
    const after = text[close + 1];
    if (after === '(') decline('link');
    if (after !== '[') return this.references!.has(normalizeLabel(label)) ? { textEnd: close, end: close + 1 } : undefined;
    if (text[close + 2] === ']') {
      if (!this.references!.has(normalizeLabel(label))) decline('link');
      return { textEnd: close, end: close + 3 };
    }
    const second = labelEnd(text, close + 1, to);
    if (!this.references!.has(normalizeLabel(text.slice(close + 2, second)))) decline('link');
    return { textEnd: close, end: second + 1 };
  }

  /**
   * A `[` at `open` that starts no inline link: text, when no definition can make it a reference
   * and its `]` on this line is not followed by `(` or `[` (a link or reference this scanner
   * does not read), with only plain text between.
   */
  private literalBracket(open: number, to: number, literals: boolean): void {
    // Inside an open bracket, micromark finds no autolink literal but the transform does.
    if ((!this.literalBrackets && !this.references) || literals) decline('link');
    const text = this.text;
    let close = open + 1;
    while (close < to && !'[]`<'.includes(text[close]!) && !(text[close] === '!' && text[close + 1] === '[')) close++;
    if (close >= to || text[close] !== ']' || text[close + 1] === '(' || text[close + 1] === '[') decline('link');
    // `![label]` of a definition is an image reference.
    if (this.references?.has(normalizeLabel(text.slice(open + 1, close)))) decline('link');
  }

  /**
   * An emphasis or strong span opening at `at`: `*a*`, `**a**`, `_a_` or `__a__`, opened after a
   * space, ASCII punctuation or the start and before anything but whitespace, closed after
   * anything but whitespace and before a space, punctuation or the end. Inside: text, code spans,
   * inline links and images (outside link text) and `_` between letters or digits; no other
   * delimiter or HTML. Code spans and links bind tighter than emphasis, so a delimiter inside them
   * closes nothing. Returns the offset after it.
   */
  private emphasis(at: number, to: number): number {
    const text = this.text;
    const ch = text[at]!;
    const run = runLength(text, at, to, ch);
    if (run > 2) decline('emphasis');
    const before = at === 0 ? 0x20 : text.charCodeAt(at - 1);
    if (!(before === 0x20 || before === 0x0a || isOpenerPunctuation(before) || at === this.lineStartOf(at)) || !canOpenEmphasis(text.charCodeAt(at + run)))
      decline('emphasis');
    const inner = at + run;
    let j = inner;
    for (;;) {
      while (j < to && !'*_`[]!<'.includes(text[j]!)) j++;
      const c = text[j];
      if (c === '`') {
        const ticks = runLength(text, j, to, '`');
        const close = findRun(text, j + ticks, to, '`', ticks);
        if (close < 0) decline('code-span');
        j = close + ticks;
      } else if (c === '_' && j > inner && isAlnum(text.charCodeAt(j - 1)) && isAlnum(text.charCodeAt(j + runLength(text, j, to, '_')))) {
        j += runLength(text, j, to, '_');
      } else if (!this.inLink && (c === '[' || (c === '!' && text[j + 1] === '['))) {
        const link = parseLink(text, c === '!' ? j + 1 : j, to);
        if (!link) decline('link');
        j = link.end;
      } else if (c === '!') j++;
      else break;
    }
    if (j >= to || text[j] !== ch || runLength(text, j, to, ch) !== run) decline(text[j] === '<' ? 'html' : 'emphasis');
    // Before the closer, anything but whitespace: after punctuation the closer is right-flanking only before a space or punctuation, as below.
    if (text[j - 1] === ' ' || isUnicodeWhitespace(text.charCodeAt(j - 1))) decline('emphasis');
    const after = j + run < to ? text[j + run]! : ' ';
    if (!' .,;:!?)"\''.includes(after)) decline('emphasis');
    this.constructs++;
    this.close();
    this.emphasisText(inner, j, to);
    this.close();
    return j + run;
  }

  /**
   * The text of an emphasis span, `text[from, to)`, on a line that ends at `lineTo`, as
   * {@link emphasis} found it: text and literals, code spans, links and images.
   */
  private emphasisText(from: number, to: number, lineTo: number): void {
    const text = this.text;
    let start = from;
    for (let i = from; i < to;) {
      const c = text[i]!;
      if (c === '`') {
        const ticks = runLength(text, i, to, '`');
        const end = findRun(text, i + ticks, to, '`', ticks) + ticks;
        this.literalText(start, i);
        start = i = this.skip(i, i, end);
      } else if (c === '_' && i > from && isAlnum(text.charCodeAt(i - 1))) {
        i += runLength(text, i, to, '_');
      } else if (!this.inLink && (c === '[' || (c === '!' && text[i + 1] === '['))) {
        const image = c === '!';
        const open = image ? i + 1 : i;
        const link = parseLink(text, open, to)!;
        this.literalText(start, i);
        this.constructs++;
        this.link(open, link, image);
        start = i = link.end;
      } else i++;
    }
    this.literalText(start, to, lineTo);
  }

  /**
   * Text from `from` to `to` inside an emphasis span, with the autolink literals in it skipped; a
   * literal must end by `to`, so that it does not run into what follows (the end of the span's
   * line, `lineTo`, bounds where it may end).
   */
  private literalText(from: number, to: number, lineTo: number = to): void {
    const text = this.text;
    let dataStart = from;
    if (!this.inLink && MAY_HOLD_LITERAL.test(text.slice(from, to))) {
      for (let i = from; i < to; i++) {
        const end = literalAt(text, i, lineTo, text.charCodeAt(i - 1));
        if (end <= i) continue;
        if (end > to) decline('autolink-literal');
        dataStart = this.skip(dataStart, i, end);
        i = end - 1;
      }
    }
    this.data(dataStart, to);
  }

  /** Link text (as {@link parseLink} found it): text, simple emphasis, code spans and images. */
  private linkText(from: number, to: number): void {
    const text = this.text;
    let dataStart = from;
    let i = from;
    while (i < to) {
      const ch = text[i]!;
      if (ch === '_' && i > from && isAlnum(text.charCodeAt(i - 1)) && isAlnum(text.charCodeAt(i + runLength(text, i, to, '_')))) {
        i += runLength(text, i, to, '_');
      } else if (ch === '*' || ch === '_') {
        this.data(dataStart, i);
        i = dataStart = this.emphasis(i, to);
      } else if (ch === '`') {
        const run = runLength(text, i, to, '`');
        i = dataStart = this.skip(dataStart, i, findRun(text, i + run, to, '`', run) + run);
      } else if (ch === '!' && text[i + 1] === '[') {
        i = dataStart = this.skip(dataStart, i, parseLink(text, i + 1, to, true)!.end);
      } else if ('[]<'.includes(ch)) decline(ch === '<' ? 'html' : 'link');
      else i++;
    }
    this.data(dataStart, to);
  }

  private lineStartOf(at: number): number {
    return this.text.lastIndexOf('\n', at - 1) + 1;
  }
}

/**
 * The `]` closing the label that opens at `open`, on this line, with code spans inside skipped;
 * declines a label that does not close there, is blank or too long, or holds brackets, an
 * image, an escape, an entity or HTML.
 */
function labelEnd(text: string, open: number, to: number): number {
  for (let i = open + 1; i < to; i++) {
    const c = text[i]!;
    if (c === ']') {
      if (i - open - 1 > 999 || text.slice(open + 1, i).trim().length === 0) decline('link');
      return i;
    }
    if (c === '`') {
      const run = runLength(text, i, to, '`');
      const end = findRun(text, i + run, to, '`', run);
      if (end < 0) decline('code-span');
      i = end + run - 1;
    } else if (c === '[' || c === '\\' || c === '&' || c === '<' || (c === '!' && text[i + 1] === '[')) decline('link');
  }
  decline('link');
}

/** A link label as micromark matches labels (`normalizeIdentifier`): whitespace runs as one space, trimmed, case folded. */
export function normalizeLabel(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .replace(/^ | $/g, '')
    .toLowerCase()
    .toUpperCase();
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

/**
 * `[text](destination)` or `[text](destination "title")` at `open`, on one line; undefined
 * otherwise. The text may hold code spans and (in a link, `nested` false) images, whose own `]`
 * do not end it.
 */
function parseLink(text: string, open: number, to: number, nested = false): { textEnd: number; end: number } | undefined {
  let close = open + 1;
  for (; close < to; close++) {
    const c = text[close]!;
    if (c === ']') break;
    if (c === '`') {
      const run = runLength(text, close, to, '`');
      const end = findRun(text, close + run, to, '`', run);
      if (end < 0) return undefined;
      close = end + run - 1;
    } else if (c === '!' && text[close + 1] === '[') {
      const image = nested ? undefined : parseLink(text, close + 1, to, true);
      if (!image) return undefined;
      close = image.end - 1;
    } else if (c === '[' || c === '\\' || c === '<') return undefined;
  }
  if (close >= to) return undefined;
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

/** The reason for declining a line that cannot start or continue a paragraph, by its first character. */
function lineReason(line: string): DeclineReason {
  switch (line[0]) {
    case ' ':
      return line.startsWith('    ') ? 'indented-code' : 'indentation';
    case '\t':
      return 'tab';
    case '<':
      return 'html';
    case '\\':
      return 'escape';
    case '~':
      return 'tilde';
    case '$':
      return 'math';
    case '>':
      return 'quote';
    case '#':
      return 'heading';
    default:
      return /^\d/.test(line) ? 'list' : 'paragraph';
  }
}

/** The reason for text that {@link UNSAFE_TEXT} matched. */
function unsafeReason(match: string): DeclineReason {
  switch (match) {
    case '\\':
      return 'escape';
    case '~':
      return 'tilde';
    case '\t':
      return 'tab';
    default:
      return 'nul';
  }
}

/** A content line from `from` (offset in the chunk) to the end of `line`; hard breaks are set by {@link finishContent}. */
function contentLine(line: Line, from: number): ContentLine {
  return { start: from, end: line.start + line.text.replace(/ +$/, '').length, lineEnd: line.end, hardBreak: false };
}

/** What the fast path knows of the document a chunk is in. */
export interface SimpleMarkdownContext {
  /**
   * The document has no link or footnote definitions, so that `[text]` not followed by `(` is
   * text (a reference to nothing). Default false: such brackets are declined.
   */
  readonly noDefinitions?: boolean;
  /**
   * The document's link and footnote definition labels, as written (`MarkdownScan.definitions`).
   * When given, references to them are read and brackets of no definition are text; a footnote
   * definition among them makes brackets declined as before.
   */
  readonly definitions?: readonly string[];
}

/**
 * The prose regions of `chunk` (offsets in the chunk), or undefined when the chunk has anything the
 * fast path does not handle exactly like remark. `atStart`: the chunk starts the document (where
 * `---` opens front matter). `why`, when given, receives the reason for declining (for
 * measurement; it costs nothing otherwise).
 */
export function scanSimpleMarkdown(
  chunk: string,
  atStart: boolean,
  why?: { reason?: DeclineReason },
  context: SimpleMarkdownContext = {},
): Region[] | undefined {
  return scanSimpleMarkdownChunk(chunk, atStart, why, context)?.regions;
}

/**
 * {@link scanSimpleMarkdown}, with the labels of the link definitions the chunk makes (as written,
 * as remark's `definition` nodes have them), which only a chunk read with known
 * {@link SimpleMarkdownContext.definitions} can make.
 */
export function scanSimpleMarkdownChunk(
  chunk: string,
  atStart: boolean,
  why?: { reason?: DeclineReason },
  context: SimpleMarkdownContext = {},
): { regions: Region[]; definitions: string[] } | undefined {
  try {
    const definitions: string[] = [];
    const regions = scanBlocks(
      chunk,
      atStart,
      context.noDefinitions === true || context.definitions?.length === 0,
      referenceLabels(context.definitions),
      definitions,
    );
    return { regions, definitions };
  } catch (e) {
    if (!(e instanceof Decline)) throw e;
    if (why) why.reason = e.reason;
    return undefined;
  }
}

/** The normalized labels of `definitions`, or undefined when they are not known or one is a footnote's. */
function referenceLabels(definitions: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!definitions || definitions.length === 0 || definitions.some((d) => d.startsWith('^'))) return undefined;
  // A document's chunks are scanned with one definitions array: normalize it once.
  if (definitions !== lastDefinitions) {
    lastDefinitions = definitions;
    lastLabels = new Set(definitions.map(normalizeLabel));
  }
  return lastLabels;
}

let lastDefinitions: readonly string[] | undefined;
let lastLabels: ReadonlySet<string> | undefined;

function scanBlocks(chunk: string, atStart: boolean, noDefinitions: boolean, references: ReadonlySet<string> | undefined, defined: string[]): Region[] {
  if (chunk.includes('\r')) decline('carriage-return');
  // remark reads directives from HTML comments; the fast path yields regions only.
  if (chunk.includes('termlens-') && chunk.includes('<!--')) decline('directive');
  const lines = splitLines(chunk);
  const out: ProseRegion[] = [];
  // A definition (`[label]:`, maybe with its label across lines) would make brackets references.
  // With the document's labels known, a chunk's own definitions are read when they are simple
  // lines (`[label]: destination "title"`) of a known label; any other line with `]:` declines.
  const definesHere = chunk.includes(']:');
  const inline = new InlineScanner(chunk, out, noDefinitions && !definesHere, references);
  const definitionLines = definesHere ? lines.filter((l) => l.text.includes(']:')).length : 0;
  if (definesHere && !references) decline('link');
  let definitionsRead = 0;
  const isBlank = (k: number): boolean => k < lines.length && lines[k]!.text.trim().length === 0;
  {
    let k = atStart ? frontMatterEnd(lines) : 0;
    // Whether the line before is blank or ends a block that is not a paragraph (so that `---` is a thematic break).
    let afterBlank = true;
    let lastBlock: 'none' | 'list' | 'other' = 'none';
    while (k < lines.length) {
      const line = lines[k]!;
      const t = line.text;
      if (t.trim().length === 0) {
        if (t.length > 0) decline('whitespace-line');
        afterBlank = true;
        k++;
        continue;
      }
      const indent = leadingSpaces(t);
      if (indent >= 4) {
        // Indented code (not content of a list item that a blank line left open), up to a line indented less.
        if (!afterBlank || lastBlock === 'list') decline('indented-code');
        let j = k + 1;
        while (j < lines.length && (lines[j]!.text.startsWith('    ') || /^[ \t]*$/.test(lines[j]!.text))) j++;
        // micromark reads the line right after the code as if it interrupted something (`2) x` is then no list).
        if (j < lines.length && !/^[ \t]*$/.test(lines[j - 1]!.text)) decline('indented-code');
        // Even after a blank line, micromark reads an ordered item not numbered 1 right after indented code as text.
        if (j < lines.length && /^ {0,3}(?!1[.)])\d{1,9}[.)] /.test(lines[j]!.text)) decline('indented-code');
        afterBlank = true;
        lastBlock = 'other';
        k = j;
        continue;
      }
      if (t.charCodeAt(indent) === 0x3c /* < */) {
        const kind = htmlFlowKind(t, indent, false);
        if (kind === 5) decline('html');
        if (kind !== 0) {
          // Kinds 1 to 4 end on the line of their end condition, 6 and 7 before a blank line; all of it is HTML.
          let end = k;
          if (kind <= 4) end = htmlFlowEnd(lines, k, indent, kind);
          else while (end + 1 < lines.length && !isHtmlBlank(lines[end + 1]!.text)) end++;
          if (end < 0) decline('html');
          afterBlank = true;
          lastBlock = 'other';
          k = end + 1;
          continue;
        }
      }
      const fence = FENCE.exec(t);
      const heading = HEADING.exec(t);
      if (fence) {
        const marker = fence[1]!;
        if (marker[0] === '`' && fence[2]!.includes('`')) decline('fence');
        let j = k + 1;
        while (j < lines.length && !isFenceClose(lines[j]!.text, marker)) j++;
        if (j >= lines.length) decline('fence');
        k = j + 1;
      } else if (heading) {
        const from = line.start + heading[0].length;
        if (t.includes('#', heading[0].length) || t.includes('\t')) decline('heading');
        inline.scan([contentLine(line, from)]);
        k++;
      } else if (afterBlank && THEMATIC_BREAK.test(t)) {
        k++;
      } else if (t.startsWith('|')) {
        k = scanTable(lines, k, inline);
      } else if (t.startsWith('>')) {
        if (!t.startsWith('> ') || !canStartParagraph(t, 2)) decline('quote');
        const content: ContentLine[] = [contentLine(line, line.start + 2)];
        let j = k + 1;
        while (j < lines.length && lines[j]!.text.startsWith('> ') && canContinueParagraph(lines[j]!.text.slice(2))) {
          content.push(contentLine(lines[j]!, lines[j]!.start + 2));
          j++;
        }
        if (j < lines.length && !isBlank(j)) decline('quote');
        finishContent(content, lines, k);
        inContainer(chunk, content);
        inline.scan(content);
        k = j;
      } else if (indent <= 3 && (BULLET_ITEM.test(t.slice(indent)) || ORDERED_ITEM.test(t.slice(indent)))) {
        // A list, its first item's marker indented by up to three spaces.
        const k0 = k;
        const item = (at: number, marker: number): OpenItem => {
          const text = lines[at]!.text;
          const rest = text.slice(marker);
          const m = (BULLET_ITEM.exec(rest) ?? ORDERED_ITEM.exec(rest))!;
          const width = m[0].length;
          if (THEMATIC_BREAK.test(rest) || !canStartParagraph(rest, width) || /^\[[ xX]\]/.test(rest.slice(width))) decline('list');
          return { marker, col: marker + width, kind: listKind(m[0]), first: at, content: [contentLine(lines[at]!, lines[at]!.start + marker + width)] };
        };
        // The items open at this line, outermost first; each holds its paragraph until it ends.
        const open: OpenItem[] = [item(k0, indent)];
        const end = (it: OpenItem): void => {
          if (it.content.length === 0) return;
          finishContent(it.content, lines, it.first);
          inContainer(chunk, it.content);
          inline.scan(it.content);
          it.content = [];
        };
        let j = k + 1;
        for (; j < lines.length && !isBlank(j); j++) {
          const next = lines[j]!.text;
          const indent = leadingSpaces(next);
          const top = open[open.length - 1]!;
          const rest = next.slice(indent);
          const marker = BULLET_ITEM.exec(rest) ?? ORDERED_ITEM.exec(rest);
          // The next item of the outer list (or of a new one), or a block that ends the list: read as the list's first line was.
          if ((marker && indent <= open[0]!.marker) || (indent === 0 && interruptsParagraph(next))) break;
          if (indent >= top.col && indent <= top.col + 3 && marker) {
            // An item of a list inside the top item; starting the list, it interrupts the item's paragraph.
            if (!interruptsParagraph(rest)) decline('list');
            end(top);
            open.push(item(j, indent));
            continue;
          }
          if (indent > 0 && indent < top.col && marker) {
            // The next item of an open inner list (the same kind of marker, at the same indent).
            const level = open.findIndex((it, i) => i > 0 && it.marker === indent);
            if (level < 0 || open[level]!.kind !== listKind(marker[0])) decline('list');
            for (const it of open.splice(level)) end(it);
            open.push(item(j, indent));
            continue;
          }
          if (indent === top.col && top.content.length > 0 && canContinueParagraph(rest)) top.content.push(contentLine(lines[j]!, lines[j]!.start + indent));
          // A lazy line (of a list one level deep): micromark lets HTML of kind 7 interrupt there, so `<` is declined.
          else if (open.length === 1 && indent === 0 && canContinueParagraph(next) && next[0] !== '<')
            top.content.push(contentLine(lines[j]!, lines[j]!.start));
          else decline(indent > 0 && indent !== top.col ? 'indentation' : 'list');
        }
        for (const it of open) end(it);
        lastBlock = 'list';
        k = j;
        afterBlank = false;
        continue;
      } else if (references && SIMPLE_DEFINITION.test(t)) {
        // Definitions, up to a blank line or the end; they hold no prose.
        let j = k;
        for (; j < lines.length && !isBlank(j); j++) {
          const m = SIMPLE_DEFINITION.exec(lines[j]!.text);
          if (!m || !references.has(normalizeLabel(m[1]!))) decline('link');
          defined.push(m[1]!);
          definitionsRead++;
        }
        afterBlank = false;
        lastBlock = 'other';
        k = j;
        continue;
      } else {
        if (!canStartParagraph(t, 0)) decline(lineReason(t));
        const content: ContentLine[] = [contentLine(line, line.start)];
        let j = k + 1;
        for (; j < lines.length && !isBlank(j); j++) {
          const next = lines[j]!.text;
          if (interruptsParagraph(next)) break;
          // A setext underline makes the paragraph a heading (the same text nodes) and ends it.
          if (SETEXT_UNDERLINE.test(next)) {
            j++;
            break;
          }
          // Continuation lines may be indented (any amount: indented code cannot interrupt a paragraph).
          const indent = leadingSpaces(next);
          if (!canStartParagraph(next, indent, true)) decline(lineReason(next.slice(indent)));
          content.push(contentLine(lines[j]!, lines[j]!.start + indent));
        }
        finishContent(content, lines, k);
        inline.scan(content);
        k = j;
      }
      afterBlank = false;
      lastBlock = 'other';
    }
  }
  // A `]:` the definition lines did not account for may be a definition read another way (in a list item, say).
  if (definitionsRead !== definitionLines) decline('link');
  return out;
}

/**
 * Checks content across lines of a container (a quote or list item): with a `$` in it (that
 * remark-math tried to read as math), a text node before a construct at the start of a line
 * takes the container's prefix too, which the scanner does not model.
 */
/** A list item open while the fast path reads a list: its marker's indent and its content's column, its kind of marker, and its paragraph (from line `first`) until it ends. */
interface OpenItem {
  readonly marker: number;
  readonly col: number;
  readonly kind: string;
  readonly first: number;
  content: ContentLine[];
}

/** Which list a marker (`- `, `* `, `+ `, `1. `, `1) `) continues: bullets by their character, ordered items by their delimiter. */
function listKind(marker: string): string {
  const c = marker[0]!;
  return c >= '0' && c <= '9' ? marker[marker.length - 2]! : c;
}

function inContainer(chunk: string, content: readonly ContentLine[]): void {
  if (content.length > 1 && chunk.slice(content[0]!.start, content[content.length - 1]!.end).includes('$')) decline('math');
}

function leadingSpaces(line: string): number {
  let n = 0;
  while (line.charCodeAt(n) === 0x20) n++;
  return n;
}

/**
 * YAML (`---`) or TOML (`+++`) front matter at the start of the document, as
 * micromark-extension-frontmatter reads it: the line after its closing fence, or 0 when the chunk
 * does not start with a fence. Declines a fence that does not open front matter, or one not closed
 * in the chunk.
 */
function frontMatterEnd(lines: readonly Line[]): number {
  const first = lines[0]!.text;
  if (!first.startsWith('---') && !first.startsWith('+++')) return 0;
  const fence = first[0] === '-' ? /^-{3}[ \t]*$/ : /^\+{3}[ \t]*$/;
  if (!fence.test(first)) decline('front-matter');
  for (let j = 1; j < lines.length; j++) if (fence.test(lines[j]!.text)) return j + 1;
  decline('front-matter');
}

/** Marks hard breaks now that it is known which lines are followed by another line of the same content. */
function finishContent(content: ContentLine[], lines: readonly Line[], first: number): void {
  for (let i = 0; i < content.length - 1; i++) {
    const line = lines[first + i]!;
    const c = content[i]!;
    content[i] = { ...c, hardBreak: line.text.length - line.text.replace(/ +$/, '').length >= 2 };
  }
}

/** A closing fence: up to three spaces, then at least as many fence characters as the opening, then spaces or tabs. */
function isFenceClose(line: string, marker: string): boolean {
  // A tab in the indentation takes it to four columns or more.
  const indent = leadingSpaces(line);
  if (indent > 3) return false;
  const run = runLength(line, indent, line.length, marker[0]!);
  return run >= marker.length && /^[ \t]*$/.test(line.slice(indent + run));
}

/**
 * A pipe table at line `k`: header, delimiter row and body rows, every row starting with `|`, the
 * delimiter row having as many cells as the header. Returns the line after the table.
 */
function scanTable(lines: readonly Line[], k: number, inline: InlineScanner): number {
  const header = lines[k]!;
  const delimiter = lines[k + 1];
  if (!delimiter || !TABLE_DELIMITER.test(delimiter.text)) decline('table');
  const columns = cellsOf(header)?.length;
  if (columns === undefined || delimiter.text.trim().split('|').length - 2 !== columns) decline('table');
  const rows = [header];
  let j = k + 2;
  for (; j < lines.length && lines[j]!.text.trim().length > 0; j++) rows.push(lines[j]!);
  for (const row of rows) {
    const cells = cellsOf(row);
    // Body rows may have fewer or more cells than the header: remark keeps them all.
    if (!cells || (row === header && cells.length !== columns) || cells.length === 0) decline('table');
    for (const cell of cells) if (cell.end > cell.start) inline.scan([{ start: cell.start, end: cell.end, lineEnd: row.end, hardBreak: false }]);
  }
  return j;
}

/**
 * The cells of a table row `| a | b |` (the closing `|` may be left out): content offsets
 * (trimmed), or undefined when the row is not that simple. Every `|` splits the row, in code spans
 * too, as in GFM.
 */
function cellsOf(row: Line): { start: number; end: number }[] | undefined {
  const t = row.text.replace(/ +$/, '');
  if (!t.startsWith('|') || t.length < 2 || t.includes('\\')) return undefined;
  const cells: { start: number; end: number }[] = [];
  let from = 1;
  for (let bar = t.indexOf('|', 1); ; bar = t.indexOf('|', bar + 1)) {
    if (bar === -1 && from >= t.length) break;
    let s = from;
    let e = bar === -1 ? t.length : bar;
    while (s < e && t[s] === ' ') s++;
    while (e > s && t[e - 1] === ' ') e--;
    cells.push({ start: row.start + s, end: row.start + e });
    if (bar === -1) break;
    from = bar + 1;
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// micromark's grammar for the constructs below, ported state by state from micromark 4
// (micromark-core-commonmark: html-flow, html-text, autolink; micromark-extension-gfm-autolink-
// literal) and mdast-util-gfm-autolink-literal. They read one line: a construct that may go on
// to the next line declines the chunk.
// ---------------------------------------------------------------------------------------------

/** The tag names of HTML blocks of kind 6 (CommonMark's list, as micromark has it). */
const HTML_BLOCK_NAMES: ReadonlySet<string> = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt fieldset figcaption figure ' +
    'footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link main menu menuitem nav noframes ol optgroup option ' +
    'p param search section summary table tbody td tfoot th thead title tr track ul'
  ).split(' '),
);
/** HTML blocks of kind 1, whose content is raw text. */
const HTML_RAW_NAMES: ReadonlySet<string> = new Set(['pre', 'script', 'style', 'textarea']);
const RAW_END = /<\/(?:pre|script|style|textarea)>/i;

function isAsciiAlpha(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** micromark's `markdownSpace` on a line: a space or a tab. */
function isSpaceOrTab(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * Whether a run of `~` in `text[from, to)` (one line of an inline context) may close a GFM
 * strikethrough, as micromark-extension-gfm-strikethrough decides it: after a letter or digit
 * (anything but whitespace and punctuation), or after punctuation and before whitespace,
 * punctuation or the line's end. A run of more than two tildes counts as one that may.
 */
function mayCloseStrikethrough(text: string, from: number, to: number): boolean {
  for (let i = text.indexOf('~', from); i !== -1 && i < to; i = text.indexOf('~', i)) {
    const run = runLength(text, i, to, '~');
    if (run > 2) return true;
    // The start of a line follows a line ending or a container's marker: whitespace.
    const before = i === from ? 0x20 : text.charCodeAt(i - 1);
    const after = i + run < to ? text.charCodeAt(i + run) : 0x20;
    const beforeSpace = isUnicodeWhitespace(before);
    if (!beforeSpace && (!isUnicodePunctuation(before) || isUnicodeWhitespace(after) || isUnicodePunctuation(after))) return true;
    i += run;
  }
  return false;
}

/** micromark's `unicodePunctuation` (punctuation and symbols), on one UTF-16 code unit as micromark reads them. */
function isUnicodePunctuation(code: number): boolean {
  return code >= 0 && PUNCTUATION.test(String.fromCharCode(code));
}
const PUNCTUATION = /\p{P}|\p{S}/u;

/** micromark's `unicodeWhitespace`, on one code unit; NaN (past the end) is not whitespace. */
function isUnicodeWhitespace(code: number): boolean {
  return code >= 0 && /\s/.test(String.fromCharCode(code));
}

/** gfm-autolink-literal's `atext`: ASCII alphanumerics and `+-._`. */
function isGfmAtext(code: number): boolean {
  return code === 0x2b || code === 0x2d || code === 0x2e || code === 0x5f || isAlnum(code);
}

/**
 * The kind (CommonMark's start conditions 1 to 7) of the HTML block the line starts with `<` at
 * `from`, or 0. `interrupt`: the line would interrupt a paragraph, which kind 7 cannot.
 */
function htmlFlowKind(line: string, from: number, interrupt: boolean): number {
  const at = (i: number): number => line.charCodeAt(i);
  let i = from + 1;
  let closing = false;
  if (at(i) === 0x21 /* ! */) {
    i++;
    if (at(i) === 0x2d) return at(i + 1) === 0x2d ? 2 : 0;
    if (at(i) === 0x5b) return line.startsWith('CDATA[', i + 1) ? 5 : 0;
    return isAsciiAlpha(at(i)) ? 4 : 0;
  }
  if (at(i) === 0x3f /* ? */) return 3;
  if (at(i) === 0x2f /* / */) {
    closing = true;
    i++;
  }
  if (!isAsciiAlpha(at(i))) return 0;
  const nameStart = i;
  while (at(i) === 0x2d || isAlnum(at(i))) i++;
  const c = at(i);
  if (!(Number.isNaN(c) || c === 0x2f || c === 0x3e || isSpaceOrTab(c))) return 0;
  const name = line.slice(nameStart, i).toLowerCase();
  const slash = c === 0x2f;
  if (!slash && !closing && HTML_RAW_NAMES.has(name)) return 1;
  if (HTML_BLOCK_NAMES.has(name)) return !slash || at(i + 1) === 0x3e ? 6 : 0;
  if (interrupt) return 0;
  return completeTagEnd(line, i, closing) >= 0 ? 7 : 0;
}

/**
 * html-flow's complete tag (kind 7) after its name at `i`: attributes and `>`, then only spaces to
 * the end of the line. Returns the offset after `>`, or -1.
 */
function completeTagEnd(line: string, i: number, closing: boolean): number {
  const at = (k: number): number => line.charCodeAt(k);
  const afterEnd = (k: number): number => {
    if (at(k) !== 0x3e) return -1;
    let e = k + 1;
    while (isSpaceOrTab(at(e))) e++;
    return e >= line.length ? k + 1 : -1;
  };
  if (closing) {
    while (isSpaceOrTab(at(i))) i++;
    return afterEnd(i);
  }
  let nameAfter = false;
  for (;;) {
    const c = at(i);
    if (!nameAfter) {
      // completeAttributeNameBefore
      if (c === 0x2f) return afterEnd(i + 1);
      if (isSpaceOrTab(c)) i++;
      else if (c === 0x3a || c === 0x5f || isAsciiAlpha(c)) {
        i++;
        while (at(i) === 0x2d || at(i) === 0x2e || at(i) === 0x3a || at(i) === 0x5f || isAlnum(at(i))) i++;
        nameAfter = true;
      } else return afterEnd(i);
      continue;
    }
    // completeAttributeNameAfter
    if (isSpaceOrTab(c)) {
      i++;
      continue;
    }
    if (c !== 0x3d /* = */) {
      nameAfter = false;
      continue;
    }
    i++;
    // completeAttributeValueBefore
    while (isSpaceOrTab(at(i))) i++;
    const v = at(i);
    if (Number.isNaN(v) || v === 0x3c || v === 0x3d || v === 0x3e || v === 0x60) return -1;
    if (v === 0x22 || v === 0x27) {
      const close = line.indexOf(String.fromCharCode(v), i + 1);
      if (close < 0) return -1;
      i = close + 1;
      const after = at(i);
      if (!(after === 0x2f || after === 0x3e || isSpaceOrTab(after))) return -1;
      nameAfter = false;
      continue;
    }
    // Unquoted, up to a quote, `/<=>`, a backtick, a space or the end; then completeAttributeNameAfter.
    while (i < line.length && !/["'/<=>`\t ]/.test(line[i]!)) i++;
  }
}

/** A line that is blank for html-flow (kinds 6 and 7 end before one): spaces and tabs only. */
function isHtmlBlank(line: string): boolean {
  return /^[ \t]*$/.test(line);
}

/**
 * The line (index into `lines`) where an HTML block of kind 1 to 4 that starts at `from` on line
 * `k` ends (the line holding its end condition), or -1 when it does not end in the chunk.
 */
function htmlFlowEnd(lines: readonly Line[], k: number, from: number, kind: number): number {
  const find = (text: string, offset: number): boolean => {
    switch (kind) {
      case 1:
        return RAW_END.test(offset === 0 ? text : text.slice(offset));
      case 2:
        return text.includes('-->', offset);
      case 3:
        return text.includes('?>', offset);
      default:
        return text.includes('>', offset);
    }
  };
  // Where the search starts on the first line, as micromark's continuation states start after the opener.
  const first = kind === 1 ? from + 1 : kind === 2 ? from + 2 : kind === 3 ? from + 1 : from + 3;
  if (find(lines[k]!.text, first)) return k;
  for (let j = k + 1; j < lines.length; j++) if (find(lines[j]!.text, 0)) return j;
  return -1;
}

/** What an inline construct at `<` is: its end, `0` when `<` is only text, or `-1` when it may go on to the next line. */
type Extent = number;

/** An autolink `<scheme:…>` or `<user@host>` at `from` (micromark's autolink, which is one line): its end, or 0. */
function autolinkEnd(text: string, from: number, to: number): Extent {
  const at = (k: number): number => (k < to ? text.charCodeAt(k) : NaN);
  let i = from + 1;
  let size = 0;
  // open
  if (isAsciiAlpha(at(i))) {
    i++;
    // schemeOrEmailAtext
    if (at(i) === 0x2b || at(i) === 0x2d || at(i) === 0x2e || isAlnum(at(i))) {
      size = 1;
      for (;;) {
        const c = at(i);
        if (c === 0x3a) {
          i++;
          // urlInside
          for (;;) {
            const u = at(i);
            if (u === 0x3e) return i + 1;
            if (Number.isNaN(u) || u === 0x20 || u === 0x3c || u < 0x20 || u === 0x7f) return 0;
            i++;
          }
        }
        if ((c === 0x2b || c === 0x2d || c === 0x2e || isAlnum(c)) && size++ < 32) {
          i++;
          continue;
        }
        break;
      }
    }
  } else if (at(i) === 0x40) return 0;
  // emailAtext
  for (;;) {
    const c = at(i);
    if (c === 0x40) break;
    if (!isAsciiAtext(c)) return 0;
    i++;
  }
  i++;
  // emailAtSignOrDot, emailLabel, emailValue
  for (;;) {
    if (!isAlnum(at(i))) return 0;
    size = 0;
    for (;;) {
      const c = at(i);
      if (c === 0x2e) {
        i++;
        break;
      }
      if (c === 0x3e) return i + 1;
      if ((c === 0x2d || isAlnum(c)) && size++ < 63) {
        i++;
        if (c === 0x2d) {
          // emailValue after `-`: must go on with `-` or an alphanumeric.
          while (at(i) === 0x2d && size++ < 63) i++;
          if (!(isAlnum(at(i)) && size++ < 63)) return 0;
          i++;
        }
        continue;
      }
      return 0;
    }
  }
}

/** micromark's `asciiAtext`. */
function isAsciiAtext(code: number): boolean {
  return code >= 0 && /[#-'*+\--9=?A-Z^-~]/.test(String.fromCharCode(code));
}

/**
 * Raw HTML (micromark's html-text) at `<` at `from`: an open or closing tag, comment, processing
 * instruction, declaration or CDATA section. Its end, 0 when `<` does not start one, or -1 when it
 * reaches the end of the line still open (it may go on across the line break).
 */
function htmlTextEnd(text: string, from: number, to: number): Extent {
  const at = (k: number): number => (k < to ? text.charCodeAt(k) : NaN);
  const eol = (k: number): boolean => k >= to;
  let i = from + 1;
  const c = at(i);
  if (c === 0x21 /* ! */) {
    i++;
    if (at(i) === 0x2d) {
      if (at(i + 1) !== 0x2d) return 0;
      const close = text.indexOf('-->', i);
      return close >= 0 && close + 3 <= to ? close + 3 : -1;
    }
    if (at(i) === 0x5b) {
      if (!text.startsWith('CDATA[', i + 1) || i + 7 > to) return 0;
      const close = text.indexOf(']]>', i + 7);
      return close >= 0 && close + 3 <= to ? close + 3 : -1;
    }
    if (!isAsciiAlpha(at(i))) return 0;
    const close = text.indexOf('>', i);
    return close >= 0 && close < to ? close + 1 : -1;
  }
  if (c === 0x3f /* ? */) {
    const close = text.indexOf('?>', i + 1);
    return close >= 0 && close + 2 <= to ? close + 2 : -1;
  }
  if (c === 0x2f /* / */) {
    i++;
    if (!isAsciiAlpha(at(i))) return 0;
    while (at(i) === 0x2d || isAlnum(at(i))) i++;
    while (isSpaceOrTab(at(i))) i++;
    if (eol(i)) return -1;
    return at(i) === 0x3e ? i + 1 : 0;
  }
  if (!isAsciiAlpha(c)) return 0;
  while (at(i) === 0x2d || isAlnum(at(i))) i++;
  if (eol(i)) return -1;
  if (!(at(i) === 0x2f || at(i) === 0x3e || isSpaceOrTab(at(i)))) return 0;
  // tagOpenBetween and the attribute states.
  for (;;) {
    if (eol(i)) return -1;
    const b = at(i);
    if (b === 0x2f) return at(i + 1) === 0x3e ? i + 2 : 0;
    if (isSpaceOrTab(b)) {
      i++;
      continue;
    }
    if (!(b === 0x3a || b === 0x5f || isAsciiAlpha(b))) return b === 0x3e ? i + 1 : 0;
    i++;
    while (at(i) === 0x2d || at(i) === 0x2e || at(i) === 0x3a || at(i) === 0x5f || isAlnum(at(i))) i++;
    // tagOpenAttributeNameAfter
    while (isSpaceOrTab(at(i))) i++;
    if (eol(i)) return -1;
    if (at(i) !== 0x3d) continue;
    i++;
    // tagOpenAttributeValueBefore
    while (isSpaceOrTab(at(i))) i++;
    if (eol(i)) return -1;
    const v = at(i);
    if (v === 0x3c || v === 0x3d || v === 0x3e || v === 0x60) return 0;
    if (v === 0x22 || v === 0x27) {
      const close = text.indexOf(String.fromCharCode(v), i + 1);
      if (close < 0 || close >= to) return -1;
      i = close + 1;
      if (eol(i)) return -1;
      const after = at(i);
      if (!(after === 0x2f || after === 0x3e || isSpaceOrTab(after))) return 0;
      continue;
    }
    i++;
    // tagOpenAttributeValueUnquoted
    for (;;) {
      if (eol(i)) return -1;
      const u = at(i);
      if (u === 0x22 || u === 0x27 || u === 0x3c || u === 0x3d || u === 0x60) return 0;
      if (u === 0x2f || u === 0x3e || isSpaceOrTab(u)) break;
      i++;
    }
  }
}

// GFM autolink literals, as micromark-extension-gfm-autolink-literal tokenizes them. `to` is the
// end of the line; every check past it sees the line ending (whitespace).

/** `previousWww`: what may come before `www.`. */
function previousWww(code: number): boolean {
  return code === 0x28 || code === 0x2a || code === 0x5f || code === 0x5b || code === 0x5d || code === 0x7e || code === 0x20 || code === 0x0a;
}

/** `previousEmail`: what may come before an email address. */
function previousEmail(code: number): boolean {
  return !(code === 0x2f || isGfmAtext(code));
}

/**
 * The trail check at `i` (a run of trailing punctuation, then the end): whether the punctuation
 * there is not part of the literal.
 */
function isTrail(text: string, i: number, to: number): boolean {
  for (;;) {
    if (i >= to) return true;
    const c = text.charCodeAt(i);
    switch (c) {
      case 0x21:
      case 0x22:
      case 0x27:
      case 0x29:
      case 0x2a:
      case 0x2c:
      case 0x2e:
      case 0x3a:
      case 0x3b:
      case 0x3f:
      case 0x5f:
      case 0x7e:
        i++;
        continue;
      case 0x26 /* & */: {
        i++;
        if (i >= to || !isAsciiAlpha(text.charCodeAt(i))) return false;
        while (i < to && isAsciiAlpha(text.charCodeAt(i))) i++;
        if (i >= to || text.charCodeAt(i) !== 0x3b) return false;
        i++;
        continue;
      }
      case 0x5d /* ] */: {
        i++;
        if (i >= to) return true;
        const n = text.charCodeAt(i);
        if (n === 0x28 || n === 0x5b || n === 0x20 || isUnicodeWhitespace(n)) return true;
        continue;
      }
      default:
        return c === 0x3c || c === 0x20 || isUnicodeWhitespace(c);
    }
  }
}

/** The domain of a literal from `i`: its end, or -1 when it is not one. */
function literalDomain(text: string, i: number, to: number): number {
  let underscoreInLast = false;
  let underscoreInLastButOne = false;
  let seen = false;
  for (;;) {
    if (i >= to) break;
    const c = text.charCodeAt(i);
    if (c === 0x2e || c === 0x5f) {
      if (isTrail(text, i, to)) break;
      if (c === 0x5f) underscoreInLast = true;
      else {
        underscoreInLastButOne = underscoreInLast;
        underscoreInLast = false;
      }
      i++;
      continue;
    }
    if (c === 0x20 || isUnicodeWhitespace(c) || (c !== 0x2d && isUnicodePunctuation(c))) break;
    seen = true;
    i++;
  }
  return underscoreInLast || underscoreInLastButOne || !seen ? -1 : i;
}

/** The path of a literal from `i`: its end. */
function literalPath(text: string, i: number, to: number): number {
  let open = 0;
  let close = 0;
  for (;;) {
    if (i >= to) return i;
    const c = text.charCodeAt(i);
    if (c === 0x28) {
      open++;
      i++;
      continue;
    }
    if (c === 0x29 && close < open) {
      close++;
      i++;
      continue;
    }
    if (PATH_PUNCTUATION.has(c)) {
      if (isTrail(text, i, to)) return i;
      if (c === 0x29) close++;
      i++;
      continue;
    }
    if (c === 0x20 || isUnicodeWhitespace(c)) return i;
    i++;
  }
}
/** `!"&')*,.:;<?]_~`: where the path checks for a trail. */
const PATH_PUNCTUATION: ReadonlySet<number> = new Set([0x21, 0x22, 0x26, 0x27, 0x29, 0x2a, 0x2c, 0x2e, 0x3a, 0x3b, 0x3c, 0x3f, 0x5d, 0x5f, 0x7e]);

/**
 * A GFM autolink literal (an email address, `http(s)://…` or `www.…`) that micromark starts at `i`,
 * where `previous` is the code before it (a space at the start of a line): its end, or -1.
 */
function literalAt(text: string, i: number, to: number, previous: number): number {
  const c = text.charCodeAt(i);
  if (isGfmAtext(c) && previousEmail(previous)) {
    let j = i;
    while (j < to && isGfmAtext(text.charCodeAt(j))) j++;
    if (j < to && text.charCodeAt(j) === 0x40) {
      j++;
      let dot = false;
      let data = false;
      for (;;) {
        const d = j < to ? text.charCodeAt(j) : NaN;
        if (d === 0x2e) {
          if (!isAlnum(j + 1 < to ? text.charCodeAt(j + 1) : NaN)) break;
          dot = true;
          j++;
        } else if (d === 0x2d || d === 0x5f || isAlnum(d)) {
          data = true;
          j++;
        } else break;
      }
      if (data && dot && isAsciiAlpha(text.charCodeAt(j - 1))) return j;
    }
  }
  if ((c === 0x68 || c === 0x48) && !isAsciiAlpha(previous)) {
    let j = i;
    while (j < to && j - i < 5 && isAsciiAlpha(text.charCodeAt(j))) j++;
    const protocol = text.slice(i, j).toLowerCase();
    if ((protocol === 'http' || protocol === 'https') && text.startsWith('://', j) && j + 3 <= to) {
      j += 3;
      const d = j < to ? text.charCodeAt(j) : NaN;
      if (!(Number.isNaN(d) || d < 0x20 || d === 0x7f || d === 0x20 || isUnicodeWhitespace(d) || isUnicodePunctuation(d))) {
        const end = literalDomain(text, j, to);
        if (end >= 0) return literalPath(text, end, to);
      }
    }
  }
  if ((c === 0x77 || c === 0x57) && previousWww(previous) && /^www\./i.test(text.slice(i, i + 4)) && i + 4 <= to) {
    // At the end of a line micromark sees the line ending (and links `www.`), at the end of the
    // paragraph it sees nothing (and does not): which one it is, this scanner does not know.
    if (i + 4 === to) decline('autolink-literal');
    const end = literalDomain(text, i, to);
    if (end >= 0) return literalPath(text, end, to);
  }
  return -1;
}

// mdast-util-gfm-autolink-literal then looks for literals in the text nodes micromark left (after
// a construct, say): where it finds one it splits the node into nodes without positions, which
// yield no region. The fast path declines such text instead.

const FIND_URL = /(?<![\da-z])(https?:\/\/|www(?=\.))([\w-]*\.[\w\-.]*)([^\t\n\r ]*)/gi;
const FIND_XMPP = /(?<![\w+\-.@])xmpp:([\w+\-.]+)@([\w-]+(?:\.[\w-]+)+)(\/(?:[\w\-/]|\.(?=[\dA-Za-z]))*)?/g;
const FIND_MAILTO = /(?<![\w+\-.@])mailto:([\w+\-.]+)@([\w-]+(?:\.[\w-]+)+)/g;
const FIND_EMAIL = /(?<![\w+\-.]|(?:^|[^\d@A-Za-z])(?:mailto|xmpp):)([\w+\-.]+)@([\w-]+(?:\.[\w-]+)+)/g;

/** Whether mdast-util-gfm-autolink-literal would turn part of a text node with this value into a link. */
function transformFindsLiteral(value: string): boolean {
  const each = (find: RegExp, accept: (m: RegExpExecArray) => boolean): boolean => {
    find.lastIndex = 0;
    for (let m = find.exec(value); m; m = find.exec(value)) {
      if (accept(m)) return true;
      find.lastIndex = m.index + 1;
    }
    return false;
  };
  const previousOk = (index: number): boolean => {
    const code = value.charCodeAt(index - 1);
    return index === 0 || isUnicodeWhitespace(code) || isUnicodePunctuation(code);
  };
  const badLabel = (label: string): boolean => /[\d\-_]$/.test(label);
  return (
    each(FIND_URL, (m) => {
      if (!previousOk(m.index)) return false;
      const domain = /^w/i.test(m[1]!) ? m[1]! + m[2]! : m[2]!;
      return !isUnicodePunctuation(domain.charCodeAt(0)) && isCorrectDomain(domain);
    }) ||
    each(FIND_XMPP, (m) => {
      const resource = m[3];
      return !(badLabel(m[2]!) || (resource && (!/[A-Za-z]$/.test(resource) || value.charAt(m.index + m[0].length) === '@')));
    }) ||
    each(FIND_MAILTO, (m) => !badLabel(m[2]!)) ||
    each(FIND_EMAIL, (m) => !badLabel(m[2]!))
  );
}

function isCorrectDomain(domain: string): boolean {
  const parts = domain.split('.');
  const last = parts[parts.length - 1];
  const lastButOne = parts[parts.length - 2];
  return !(
    parts.length < 2 ||
    (last && (/_/.test(last) || !/[\dA-Za-z]/.test(last))) ||
    (lastButOne && (/_/.test(lastButOne) || !/[\dA-Za-z]/.test(lastButOne)))
  );
}

/** Text that may hold a literal for {@link transformFindsLiteral}. */
const MAY_HOLD_LITERAL = /@|www\.|https?:\/\//i;

/**
 * Character references the fast path decodes (to check text for literals as the transform sees
 * it): none of them decodes to a letter, digit or `@.:/`. Any other reference declines the chunk.
 */
const NAMED_REFERENCES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  rarr: '\u2192',
  larr: '\u2190',
  times: '\u00d7',
  middot: '\u00b7',
  deg: '\u00b0',
  bull: '\u2022',
  euro: '\u20ac',
  pound: '\u00a3',
  plusmn: '\u00b1',
  le: '\u2264',
  ge: '\u2265',
  ne: '\u2260',
};
const REFERENCE = /&(?:#[xX]([\da-fA-F]{1,6})|#(\d{1,7})|([A-Za-z][A-Za-z\d]{0,31}));/g;

/** The value of text with the references the fast path knows decoded; declines on any other. */
function decodeReferences(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(REFERENCE, (_all, hex: string | undefined, decimal: string | undefined, name: string | undefined) => {
    if (name !== undefined) {
      const decoded = NAMED_REFERENCES[name];
      if (decoded === undefined) decline('entity');
      return decoded;
    }
    const code = hex !== undefined ? parseInt(hex, 16) : parseInt(decimal!, 10);
    // Letters, digits, `@.:/`, controls and what micromark replaces (surrogates, out of range) could change how literals are found.
    if (
      code < 0xa0
        ? !/[!-\-;-?[-`{-~]/.test(String.fromCharCode(code))
        : code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) || (code & 0xfffe) === 0xfffe || (code >= 0xfdd0 && code <= 0xfdef)
    ) {
      decline('entity');
    }
    return String.fromCodePoint(code);
  });
}
