/**
 * A table-driven lexer that finds the comments, string literals and identifiers of source code.
 * It runs in linear time with `charCodeAt` loops, never throws and always terminates, whatever the
 * input (unterminated strings and comments simply run to the end of their line or of the text).
 */

import { LineIndex } from '../lineIndex';
import type { Region, RegionKind, ScanResult, Suppression } from '../regions';
import { familyForLanguage, type LanguageFamily, type QuotedRule, type SpecialStringRule } from './languages';

export { supportedCodeLanguages } from './languages';

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const QUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const DASH = 45;
const DOT = 46;
const SLASH = 47;
const EQUALS = 61;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;
const LBRACE = 123;
const RBRACE = 125;

const DIRECTIVE_NEXT_LINE = 'termlens-disable-next-line';
const DIRECTIVE_LINE = 'termlens-disable-line';
const DIRECTIVE_RE = /termlens-disable-(next-line|line)(?![\w-])([^\r\n]*)/g;
const CODE_RE = /^[A-Za-z][\w.-]*$/;

const ID_START_RE = /[\p{L}\p{Nl}]/u;
const ID_CONTINUE_RE = /[\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]/u;

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

/**
 * Scans `text` as code of VS Code language `languageId`. Returns regions (sorted by start, never
 * overlapping, never empty) for comment text without its markers and surrounding white space,
 * string content without quotes or prefixes (one region per template-literal text part), and each
 * non-keyword identifier. Returns undefined when the language is not supported.
 *
 * Suppressions come from comments containing `termlens-disable-next-line` (for the line after the
 * comment's last line) or `termlens-disable-line` (for the line the directive is written on),
 * followed by optional codes separated by spaces or commas; codes stop at the first word that is
 * not a code (e.g. `-- reason`). No codes means all codes.
 */
export function scanCode(text: string, languageId: string): ScanResult | undefined {
  const family = familyForLanguage(languageId);
  return family === undefined ? undefined : new Scanner(text, family).run();
}

/** Which ASCII characters may begin a string rule (prefix or opener), per family. */
const openerTables = new WeakMap<LanguageFamily, Uint8Array>();

function openerTable(family: LanguageFamily): Uint8Array {
  let table = openerTables.get(family);
  if (table !== undefined) return table;
  table = new Uint8Array(128);
  const mark = (s: string, caseInsensitive: boolean): void => {
    const ch = s.charAt(0);
    for (const v of caseInsensitive ? [ch.toLowerCase(), ch.toUpperCase()] : [ch]) {
      const code = v.charCodeAt(0);
      if (code < 128) table![code] = 1;
    }
  };
  for (const rule of family.strings) {
    if (rule.type === 'quoted') {
      for (const prefix of rule.prefixes ?? ['']) mark(prefix + rule.open, rule.prefixCaseInsensitive === true);
    } else if (rule.type === 'rRaw') {
      mark('r', true);
    } else if (rule.type === 'quoteRun') {
      mark('$', false);
      mark('"', false);
    } else if (rule.type === 'template') {
      mark('`', false);
    } else {
      for (const prefix of rule.prefixes ?? []) mark(prefix, false);
    }
  }
  openerTables.set(family, table);
  return table;
}

class Scanner {
  private pos = 0;
  private readonly n: number;
  private readonly regions: Region[] = [];
  private readonly suppressions: Suppression[] = [];
  private readonly openers: Uint8Array;
  /** Whether the last significant token ends a value (identifier, literal, `)`, `]`, `}`). */
  private prevValue = false;
  /** Open brace counts of the JavaScript template substitutions being lexed, innermost last. */
  private readonly templateBraces: number[] = [];
  private lines: LineIndex | undefined;
  /** A failed regex scan reached this line end; no regex is tried again before it (keeps lexing linear). */
  private noRegexBefore = 0;

  constructor(
    private readonly text: string,
    private readonly family: LanguageFamily,
  ) {
    this.n = text.length;
    this.openers = openerTable(family);
  }

  run(): ScanResult {
    this.skipShebang();
    while (this.pos < this.n) this.step();
    return { regions: this.regions, suppressions: this.suppressions };
  }

  private skipShebang(): void {
    const t = this.text;
    if (t.charCodeAt(0) === HASH && t.charCodeAt(1) === BANG && t.charCodeAt(2) !== LBRACKET) {
      this.pos = this.lineEnd(0);
    }
  }

  /** Lexes one token (or one whitespace character) at `pos`; always advances. */
  private step(): void {
    const t = this.text;
    const f = this.family;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (c <= SPACE || c === 0xa0 || c === 0xfeff) {
      this.pos++;
      return;
    }
    if (c === HASH && f.preprocessor === true && this.atLineStart(start)) {
      this.preprocessorDirective();
      return;
    }
    if (this.comment()) return;
    if (c < 128 && this.openers[c] === 1 && this.stringLiteral()) return;
    if (c === QUOTE && f.charLiterals !== undefined) {
      this.charOrQuote();
      return;
    }
    if (c === SLASH && f.regexLiterals === true && !this.prevValue && start >= this.noRegexBefore && this.regexLiteral()) {
      return;
    }
    const raw = f.rawIdentifierPrefix;
    if (raw !== undefined && t.startsWith(raw, start)) {
      const end = this.identifierEnd(start + raw.length);
      if (end > start + raw.length) {
        this.pushRegion('identifier', start + raw.length, end);
        this.pos = end;
        this.prevValue = true;
        return;
      }
    }
    const idEnd = this.identifierEnd(start);
    if (idEnd > start) {
      this.identifier(start, idEnd);
      return;
    }
    if (isDigit(c) || (c === DOT && isDigit(t.charCodeAt(start + 1)))) {
      this.number();
      return;
    }
    this.punctuation(c);
  }

  // ---- comments ---------------------------------------------------------------------------------

  private comment(): boolean {
    const t = this.text;
    const start = this.pos;
    for (const block of this.family.blockComments) {
      if (!t.startsWith(block.open, start)) continue;
      const contentStart = start + block.open.length;
      let contentEnd: number;
      let end: number;
      if (block.nested) {
        let depth = 1;
        let i = contentStart;
        contentEnd = this.n;
        end = this.n;
        while (i < this.n) {
          if (t.startsWith(block.close, i)) {
            if (--depth === 0) {
              contentEnd = i;
              end = i + block.close.length;
              break;
            }
            i += block.close.length;
          } else if (t.startsWith(block.open, i)) {
            depth++;
            i += block.open.length;
          } else {
            i++;
          }
        }
      } else {
        const close = t.indexOf(block.close, contentStart);
        contentEnd = close < 0 ? this.n : close;
        end = close < 0 ? this.n : close + block.close.length;
      }
      this.emitComment(start, contentStart, contentEnd, end);
      this.pos = end;
      return true;
    }
    for (const marker of this.family.lineComments) {
      if (!t.startsWith(marker, start)) continue;
      const end = this.lineEnd(start);
      this.emitComment(start, start + marker.length, end, end);
      this.pos = end;
      return true;
    }
    return false;
  }

  /**
   * Emits the comment region for `[contentStart, contentEnd)`, trimmed of white space and leftover
   * marker characters (`///`, `/**`, `//!`, `#=`...), and records any suppression directive.
   */
  private emitComment(commentStart: number, contentStart: number, contentEnd: number, commentEnd: number): void {
    const t = this.text;
    let s = contentStart;
    let e = contentEnd;
    while (s < e) {
      const ch = t.charCodeAt(s);
      if (ch > SPACE && ch !== SLASH && ch !== STAR && ch !== BANG && ch !== HASH && ch !== EQUALS && ch !== DASH) break;
      s++;
    }
    while (e > s) {
      const ch = t.charCodeAt(e - 1);
      if (ch > SPACE && ch !== STAR) break;
      e--;
    }
    // Doc comments are Markdown (JSDoc, TSDoc, rustdoc, docstrings' reST aside): `code spans` in
    // them hold identifiers, slugs and examples, not prose, just like inline code in a note.
    let from = s;
    for (let open = t.indexOf('`', s); open >= 0 && open < e; open = t.indexOf('`', from)) {
      let run = 1;
      while (t.charCodeAt(open + run) === BACKTICK) run++;
      const close = t.indexOf('`'.repeat(run), open + run);
      if (close < 0 || close + run > e) break;
      this.pushRegion('comment', from, open);
      from = close + run;
    }
    this.pushRegion('comment', from, e);
    if (e > s) this.suppression(s, e, commentStart, commentEnd);
  }

  private suppression(start: number, end: number, commentStart: number, commentEnd: number): void {
    const body = this.text.slice(start, end);
    if (!body.includes('termlens-disable-')) return;
    for (const match of body.matchAll(DIRECTIVE_RE)) {
      const codes: string[] = [];
      for (const token of (match[2] ?? '').split(/[\s,]+/)) {
        if (token === '') continue;
        if (!CODE_RE.test(token)) break;
        codes.push(token);
      }
      const directive = match[1] === 'line' ? DIRECTIVE_LINE : DIRECTIVE_NEXT_LINE;
      const line = directive === DIRECTIVE_LINE ? this.lineOf(start + (match.index ?? 0)) : this.lineOf(Math.max(commentStart, commentEnd - 1)) + 1;
      this.suppressions.push({ line, codes });
    }
  }

  // ---- strings ----------------------------------------------------------------------------------

  private stringLiteral(): boolean {
    for (const rule of this.family.strings) {
      if (rule.type === 'quoted' ? this.quoted(rule) : this.special(rule)) {
        this.prevValue = true;
        return true;
      }
    }
    return false;
  }

  private quoted(rule: QuotedRule): boolean {
    if (rule.notAfterValue === true && this.prevValue) return false;
    const t = this.text;
    const start = this.pos;
    let contentStart = -1;
    for (const prefix of rule.prefixes ?? ['']) {
      if (this.matchesAt(start, prefix, rule.prefixCaseInsensitive === true) && t.startsWith(rule.open, start + prefix.length)) {
        contentStart = start + prefix.length + rule.open.length;
        break;
      }
    }
    if (contentStart < 0) return false;
    const close = rule.close;
    const closeCode = close.charCodeAt(0);
    let i = contentStart;
    while (i < this.n) {
      const ch = t.charCodeAt(i);
      if (ch === BACKSLASH && rule.escape === 'backslash') {
        i += t.charCodeAt(i + 1) === CR && t.charCodeAt(i + 2) === LF ? 3 : 2;
        continue;
      }
      if (ch === closeCode && t.startsWith(close, i)) {
        if (rule.escape === 'doubled' && t.startsWith(close, i + close.length)) {
          i += 2 * close.length;
          continue;
        }
        this.pushRegion(rule.region, contentStart, i);
        this.pos = i + close.length;
        return true;
      }
      if (!rule.multiline && isLineBreak(ch)) break;
      i++;
    }
    i = Math.min(i, this.n);
    this.pushRegion(rule.region, contentStart, i);
    this.pos = i;
    return true;
  }

  private special(rule: SpecialStringRule): boolean {
    switch (rule.type) {
      case 'template':
        if (this.text.charCodeAt(this.pos) !== BACKTICK) return false;
        this.pos++;
        this.templateBody();
        return true;
      case 'rustRaw':
        return this.rustRaw(rule.prefixes ?? []);
      case 'cppRaw':
        return this.cppRaw(rule.prefixes ?? []);
      case 'rRaw':
        return this.rRaw();
      case 'quoteRun':
        return this.quoteRun();
    }
  }

  /** Lexes template text from `pos` up to the closing backtick or the next `${`. */
  private templateBody(): void {
    const t = this.text;
    const contentStart = this.pos;
    let i = contentStart;
    while (i < this.n) {
      const ch = t.charCodeAt(i);
      if (ch === BACKSLASH) {
        i += 2;
        continue;
      }
      if (ch === BACKTICK) {
        this.pushRegion('string', contentStart, i);
        this.pos = i + 1;
        this.prevValue = true;
        return;
      }
      if (ch === DOLLAR && t.charCodeAt(i + 1) === LBRACE) {
        this.pushRegion('string', contentStart, i);
        this.templateBraces.push(0);
        this.pos = i + 2;
        this.prevValue = false;
        return;
      }
      i++;
    }
    this.pushRegion('string', contentStart, this.n);
    this.pos = this.n;
  }

  /** Rust `r"..."`, `r#"..."#`, `br##"..."##`. */
  private rustRaw(prefixes: readonly string[]): boolean {
    const t = this.text;
    for (const prefix of prefixes) {
      if (!t.startsWith(prefix, this.pos)) continue;
      let i = this.pos + prefix.length;
      const hashStart = i;
      while (t.charCodeAt(i) === HASH) i++;
      if (t.charCodeAt(i) !== DQUOTE) continue;
      const closer = '"' + '#'.repeat(i - hashStart);
      this.delimited(i + 1, closer);
      return true;
    }
    return false;
  }

  /** C++ `R"delim(...)delim"`; the delimiter is at most 16 characters. */
  private cppRaw(prefixes: readonly string[]): boolean {
    const t = this.text;
    for (const prefix of prefixes) {
      if (!t.startsWith(prefix, this.pos) || t.charCodeAt(this.pos + prefix.length) !== DQUOTE) continue;
      const delimStart = this.pos + prefix.length + 1;
      let i = delimStart;
      while (i < this.n && i - delimStart <= 16) {
        const ch = t.charCodeAt(i);
        if (ch === LPAREN || ch === RPAREN || ch === BACKSLASH || ch <= SPACE) break;
        i++;
      }
      if (t.charCodeAt(i) !== LPAREN || i - delimStart > 16) continue;
      this.delimited(i + 1, ')' + t.slice(delimStart, i) + '"');
      return true;
    }
    return false;
  }

  /** R `r"(...)"`, `R'[...]'`, `r"--{...}--"`. */
  private rRaw(): boolean {
    const t = this.text;
    const start = this.pos;
    if ((t.charCodeAt(start) | 0x20) !== 0x72) return false;
    const quote = t.charCodeAt(start + 1);
    if (quote !== DQUOTE && quote !== QUOTE) return false;
    let i = start + 2;
    while (t.charCodeAt(i) === DASH) i++;
    const bracket = t.charCodeAt(i);
    const closing = bracket === LPAREN ? ')' : bracket === LBRACKET ? ']' : bracket === LBRACE ? '}' : '';
    if (closing === '') return false;
    this.delimited(i + 1, closing + t.slice(start + 2, i) + String.fromCharCode(quote));
    return true;
  }

  /** C# 11 raw strings: up to eight `$`s, then three or more quotes, closed by the same number. */
  private quoteRun(): boolean {
    const t = this.text;
    let i = this.pos;
    // Bounded so that a long run of `$` stays linear to lex.
    while (t.charCodeAt(i) === DOLLAR && i - this.pos < 8) i++;
    const quotesStart = i;
    while (t.charCodeAt(i) === DQUOTE) i++;
    if (i - quotesStart < 3) return false;
    this.delimited(i, t.slice(quotesStart, i));
    return true;
  }

  /** Emits a string region from `contentStart` to `closer` (or the end of text) and moves past it. */
  private delimited(contentStart: number, closer: string): void {
    const close = this.text.indexOf(closer, contentStart);
    const contentEnd = close < 0 ? this.n : close;
    this.pushRegion('string', contentStart, contentEnd);
    this.pos = close < 0 ? this.n : close + closer.length;
  }

  /** A `'` no string rule claimed: a Rust char literal or lifetime, a Julia char or adjoint. */
  private charOrQuote(): void {
    const start = this.pos;
    const isAdjoint = this.family.charLiterals === 'julia' && this.prevValue;
    if (!isAdjoint) {
      const end = this.charLiteralEnd(start + 1);
      if (end > 0) {
        this.pos = end;
        this.prevValue = true;
        return;
      }
    }
    // A Rust lifetime: its name is lexed next as an ordinary identifier.
    this.pos = start + 1;
    this.prevValue = isAdjoint;
  }

  /** The end of a char literal whose content starts at `i`, or -1 when the quote does not close there. */
  private charLiteralEnd(i: number): number {
    const t = this.text;
    const ch = t.charCodeAt(i);
    if (ch === BACKSLASH) {
      // Escapes are short: `\n`, `\x41`, `\u{10FFFF}`, `\U0010FFFF`.
      const limit = Math.min(this.n, i + 12);
      for (let j = i + 2; j < limit; j++) {
        const cj = t.charCodeAt(j);
        if (cj === QUOTE) return j + 1;
        if (isLineBreak(cj)) return -1;
      }
      return -1;
    }
    if (i >= this.n || isLineBreak(ch) || ch === QUOTE) return -1;
    const width = ch >= 0xd800 && ch <= 0xdbff && i + 1 < this.n ? 2 : 1;
    return t.charCodeAt(i + width) === QUOTE ? i + width + 1 : -1;
  }

  /** Skips a `/.../flags` regex literal; false (nothing consumed) when unterminated on its line. */
  private regexLiteral(): boolean {
    const t = this.text;
    let i = this.pos + 1;
    let inClass = false;
    while (i < this.n) {
      const ch = t.charCodeAt(i);
      if (isLineBreak(ch)) break;
      if (ch === BACKSLASH) {
        if (isLineBreak(t.charCodeAt(i + 1))) break;
        i += 2;
        continue;
      }
      if (ch === LBRACKET) inClass = true;
      else if (ch === RBRACKET) inClass = false;
      else if (ch === SLASH && !inClass) break;
      i++;
    }
    if (i >= this.n || t.charCodeAt(i) !== SLASH) {
      this.noRegexBefore = i;
      return false;
    }
    this.pos = Math.max(i + 1, this.identifierEnd(i + 1));
    this.prevValue = true;
    return true;
  }

  // ---- identifiers, numbers, punctuation --------------------------------------------------------

  /** The end of the identifier starting at `start`, or `start` when none starts there. */
  private identifierEnd(start: number): number {
    const t = this.text;
    const dollar = this.family.dollarInIdentifiers === true;
    let i = start;
    while (i < this.n) {
      const ch = t.charCodeAt(i);
      if (ch < 128) {
        if (isAsciiLetter(ch) || ch === UNDERSCORE || (dollar && ch === DOLLAR) || (i > start && isDigit(ch))) {
          i++;
          continue;
        }
        break;
      }
      let width = 1;
      let cp = ch;
      if (ch >= 0xd800 && ch <= 0xdbff) {
        const low = t.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = (ch - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          width = 2;
        }
      }
      if (!isIdentifierCodePoint(cp, i > start)) break;
      i += width;
    }
    return i;
  }

  private identifier(start: number, end: number): void {
    const f = this.family;
    const raw = this.text.slice(start, end);
    const word = f.caseInsensitiveKeywords === true ? raw.toLowerCase() : raw;
    this.pos = end;
    if (f.keywords.has(word)) {
      this.prevValue = f.valueKeywords.has(word);
      return;
    }
    this.pushRegion('identifier', start, end);
    this.prevValue = true;
  }

  private number(): void {
    const t = this.text;
    const separators = this.family.quoteDigitSeparators === true;
    let i = this.pos + 1;
    while (i < this.n) {
      const ch = t.charCodeAt(i);
      if (isDigit(ch) || isAsciiLetter(ch) || ch === UNDERSCORE) i++;
      else if (ch === DOT && isDigit(t.charCodeAt(i + 1))) i += 2;
      else if (ch === QUOTE && separators && isAlphanumeric(t.charCodeAt(i + 1))) i += 2;
      else break;
    }
    this.pos = i;
    this.prevValue = true;
  }

  private punctuation(c: number): void {
    const braces = this.templateBraces;
    this.pos++;
    if (c === LBRACE) {
      if (braces.length > 0) braces[braces.length - 1]!++;
    } else if (c === RBRACE && braces.length > 0) {
      const depth = braces[braces.length - 1]!;
      if (depth === 0) {
        braces.pop();
        this.templateBody();
        return;
      }
      braces[braces.length - 1] = depth - 1;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const low = this.text.charCodeAt(this.pos);
      if (low >= 0xdc00 && low <= 0xdfff) this.pos++;
    }
    this.prevValue = c === RPAREN || c === RBRACKET || c === RBRACE;
  }

  /** `#include <x>` and `#import` lines are skipped; C# `#region` text is a comment; others lex on. */
  private preprocessorDirective(): void {
    const t = this.text;
    let i = this.pos + 1;
    while (t.charCodeAt(i) === SPACE || t.charCodeAt(i) === TAB) i++;
    const nameStart = i;
    while (isAsciiLetter(t.charCodeAt(i))) i++;
    const name = t.slice(nameStart, i);
    this.prevValue = false;
    if (name === 'include' || name === 'import') {
      this.pos = this.lineEnd(i);
    } else if (name === 'region' || name === 'endregion') {
      const end = this.lineEnd(i);
      this.emitComment(this.pos, i, end, end);
      this.pos = end;
    } else {
      this.pos = i;
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private pushRegion(kind: RegionKind | 'none', start: number, end: number): void {
    if (kind !== 'none' && end > start) this.regions.push({ kind, start, end });
  }

  private matchesAt(at: number, s: string, caseInsensitive: boolean): boolean {
    if (!caseInsensitive) return this.text.startsWith(s, at);
    for (let k = 0; k < s.length; k++) {
      if ((this.text.charCodeAt(at + k) | 0x20) !== (s.charCodeAt(k) | 0x20)) return false;
    }
    return true;
  }

  private lineEnd(from: number): number {
    const t = this.text;
    let i = from;
    while (i < this.n && !isLineBreak(t.charCodeAt(i))) i++;
    return i;
  }

  /** Whether only spaces and tabs precede `at` on its line. */
  private atLineStart(at: number): boolean {
    let i = at - 1;
    while (i >= 0 && (this.text.charCodeAt(i) === SPACE || this.text.charCodeAt(i) === TAB)) i--;
    return i < 0 || isLineBreak(this.text.charCodeAt(i));
  }

  /** Zero-based line of `offset` (`\n`, `\r\n` and `\r` all end lines). */
  private lineOf(offset: number): number {
    this.lines ??= new LineIndex(this.text);
    return this.lines.lineOf(offset);
  }
}

function isAlphanumeric(c: number): boolean {
  return isDigit(c) || isAsciiLetter(c);
}

/** Identifier classes of BMP code points, filled lazily: bit 1 may start, bit 2 may continue, bit 4 known. */
let bmpClasses: Uint8Array | undefined;

/** Unicode identifier test for non-ASCII code points. */
function isIdentifierCodePoint(cp: number, continuing: boolean): boolean {
  const mask = continuing ? 2 : 1;
  if (cp > 0xffff) return (identifierBits(cp) & mask) !== 0;
  bmpClasses ??= new Uint8Array(0x10000);
  let bits = bmpClasses[cp]!;
  if (bits === 0) {
    bits = identifierBits(cp) | 4;
    bmpClasses[cp] = bits;
  }
  return (bits & mask) !== 0;
}

function identifierBits(cp: number): number {
  const s = String.fromCodePoint(cp);
  return (ID_START_RE.test(s) ? 1 : 0) | (ID_CONTINUE_RE.test(s) ? 2 : 0);
}
