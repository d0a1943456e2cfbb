/**
 * Word tokens: the unit the matcher works on. Text is split into words; what lies between two
 * words decides whether a term may continue across it. Hyphen, en dash, spaces and line breaks
 * are alike (`Black-Scholes`, `Black Scholes`, `Black–Scholes` and `Black\nScholes` tokenize the same);
 * any other punctuation ends a term.
 */

import type { RegionKind } from './regions';

/** What separates a token from the one before it. */
export type Separator =
  /** Whitespace only (including line breaks, and block-quote markers after a line break). */
  | 'space'
  /** A hyphen or dash, possibly with whitespace. */
  | 'hyphen'
  /** A word boundary inside an identifier (`heston|Model`, `heston_|model`). */
  | 'ident'
  /** Anything else: the token starts a new phrase and no term continues across. */
  | 'break';

/** One word of a document or of a glossary form. */
export interface Token {
  /** Offset of the word's first character. */
  readonly start: number;
  /** Offset after the word, including a possessive suffix (`'s`, `'`). */
  readonly end: number;
  /** Offset after the word itself, excluding a possessive suffix. */
  readonly wordEnd: number;
  /** The word lower-cased, without a possessive suffix: the key the matcher uses. */
  readonly norm: string;
  /** What lies between this token and the previous one in the same region. */
  readonly sep: Separator;
}

const APOSTROPHES = new Set([0x27, 0x2019]);

function isWordChar(code: number, ch: string): boolean {
  if (code < 0x80) {
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39);
  }
  return /[\p{L}\p{N}\p{M}]/u.test(ch);
}

function isDash(code: number): boolean {
  return code === 0x2d || code === 0x2010 || code === 0x2011 || code === 0x2012 || code === 0x2013;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0xa0 || code === 0x0c || code === 0x202f;
}

/**
 * Classifies the gap `text[from, to)` between two words. A line break may be followed by
 * block-quote markers (`>`) and indentation, because Markdown paragraphs in quotes wrap that way.
 */
export function classifyGap(text: string, from: number, to: number): Separator {
  if (from === to) return 'break';
  let sawDash = false;
  let dashes = 0;
  let afterNewline = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      afterNewline = true;
      continue;
    }
    if (isSpace(c)) continue;
    if (c === 0x3e /* > */ && afterNewline) continue;
    afterNewline = false;
    if (isDash(c)) {
      sawDash = true;
      if (++dashes > 1) return 'break';
      continue;
    }
    return 'break';
  }
  return sawDash ? 'hyphen' : 'space';
}

/**
 * Splits `text[start, end)` into word tokens. A possessive `'s` / `’s` (or a bare trailing
 * apostrophe after `s`) is kept in the token's span but not in its `norm`.
 */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const tokens: Token[] = [];
  let i = start;
  let prevEnd = -1;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (!isWordChar(code, text[i]!)) {
      i++;
      continue;
    }
    const wordStart = i;
    while (i < end && isWordChar(text.charCodeAt(i), text[i]!)) i++;
    const wordEnd = i;
    let tokenEnd = wordEnd;
    if (i < end && APOSTROPHES.has(text.charCodeAt(i))) {
      const next = i + 1 < end ? text.charCodeAt(i + 1) : -1;
      const nextIsWord = next >= 0 && isWordChar(next, text[i + 1]!);
      if ((next === 0x73 || next === 0x53) && !(i + 2 < end && isWordChar(text.charCodeAt(i + 2), text[i + 2]!))) {
        tokenEnd = i + 2; // Heston's
        i += 2;
      } else if (!nextIsWord && (text.charCodeAt(wordEnd - 1) | 0x20) === 0x73) {
        tokenEnd = i + 1; // models'
        i += 1;
      }
    }
    const sep: Separator = prevEnd < 0 ? 'break' : classifyGap(text, prevEnd, wordStart);
    tokens.push({ start: wordStart, end: tokenEnd, wordEnd, norm: text.slice(wordStart, wordEnd).toLowerCase(), sep });
    prevEnd = tokenEnd;
  }
  return tokens;
}

/**
 * Splits an identifier region into word tokens on camelCase, PascalCase, snake_case, kebab-case
 * and SCREAMING_CASE boundaries, using `split` (from `identifiers.ts`) for the word parts.
 */
export function tokenizeIdentifier(text: string, start: number, end: number, split: (name: string) => ReadonlyArray<{ start: number; end: number }>): Token[] {
  const name = text.slice(start, end);
  return split(name).map((part, i) => ({
    start: start + part.start,
    end: start + part.end,
    wordEnd: start + part.end,
    norm: name.slice(part.start, part.end).toLowerCase(),
    sep: i === 0 ? ('break' as const) : ('ident' as const),
  }));
}

/** Tokenizes a region according to its kind. */
export function tokenizeRegion(
  text: string,
  kind: RegionKind,
  start: number,
  end: number,
  split: (name: string) => ReadonlyArray<{ start: number; end: number }>,
): Token[] {
  return kind === 'identifier' ? tokenizeIdentifier(text, start, end, split) : tokenize(text, start, end);
}

const NO_CANDIDATES: readonly string[] = Object.freeze([]);

/**
 * Singular candidates for a plural last word: `models` → `model`, `volatilities` → `volatility`,
 * `approaches` → `approach`. The matcher accepts a form's last word in any of these shapes.
 */
export function singularCandidates(norm: string): readonly string[] {
  const n = norm.length;
  // Most words are no plural: they share one empty list, as the matcher asks for every word.
  if (n < 3 || norm.charCodeAt(n - 1) !== 0x73 /* s */) return NO_CANDIDATES;
  if (norm.endsWith('ss') || norm.endsWith('us') || norm.endsWith('is')) return NO_CANDIDATES;
  const out: string[] = [];
  if (n > 4 && norm.endsWith('ies')) out.push(norm.slice(0, -3) + 'y');
  if (n > 3 && norm.endsWith('es')) out.push(norm.slice(0, -2));
  out.push(norm.slice(0, -1));
  return out;
}

/** Whether a separator lets a term continue across it. */
export function joins(sep: Separator): boolean {
  return sep !== 'break';
}
