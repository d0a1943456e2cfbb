/**
 * Abbreviation definitions written out in text — "Central Limit Order Book (CLOB)" and
 * "CLOB (Central Limit Order Book)" — found with the algorithm of Schwartz & Hearst (2003),
 * "A simple algorithm for identifying abbreviation definitions in biomedical text".
 * Pure text processing: offsets in, spans out.
 */

/** One abbreviation definition found in text. Offsets are into the whole text, `end`s exclusive. */
export interface AbbreviationDefinition {
  /** The short form as written, e.g. `CLOB` or `CLOBs`. */
  readonly short: string;
  /** The long form as written, e.g. `Central Limit Order Book`. */
  readonly long: string;
  readonly shortStart: number;
  readonly shortEnd: number;
  readonly longStart: number;
  readonly longEnd: number;
  /** The whole definition: from the first of the two forms through the closing parenthesis. */
  readonly start: number;
  readonly end: number;
}

/**
 * Bounds that keep the scan linear: the text inside parentheses (a long form in the `SF (long
 * form)` pattern) and the text looked back over for a long form, in characters. A long form has
 * at most 2·10 words, so these never cut a real one.
 */
const MAX_INNER = 300;
const MAX_LOOKBACK = 400;

/** Characters that end the sentence (or clause) a long form may be taken from. */
const CLAUSE_BREAK = /[.!?;:](?=\s)|[()[\]{}]|\n\s*\n/g;

function isAlnum(ch: string | undefined): boolean {
  return ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
}

/** A plausible short form: 2 to 10 characters, at most two words, starting with a letter or digit, with a letter. */
function isShortFormCandidate(s: string): boolean {
  if (s.length < 2 || s.length > 10) return false;
  if (s.split(/\s+/).length > 2) return false;
  return isAlnum(s[0]) && /\p{L}/u.test(s);
}

/** Whitespace-separated words of `s`, as offsets into it. */
function words(s: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const m of s.matchAll(/\S+/g)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

/**
 * The longest-allowed window's best long form for `short` inside `candidate`: matching the short
 * form's letters and digits right to left, each found further left in the candidate, the first
 * one at the start of a word (after a non-alphanumeric character, so "Black-Scholes-Merton"
 * contributes three word starts). Case-insensitive. Returns the offset in `candidate` where the
 * long form starts, or -1.
 */
function bestLongFormStart(short: string, candidate: string): number {
  const sf = short.toLowerCase();
  const lf = candidate.toLowerCase();
  let s = sf.length - 1;
  let l = lf.length - 1;
  for (; s >= 0; s--) {
    const c = sf[s]!;
    if (!isAlnum(c)) continue;
    while (l >= 0 && (lf[l] !== c || (s === firstAlnum(sf) && l > 0 && isAlnum(lf[l - 1])))) l--;
    if (l < 0) return -1;
    l--;
  }
  return l + 1;
}

function firstAlnum(s: string): number {
  for (let i = 0; i < s.length; i++) if (isAlnum(s[i])) return i;
  return -1;
}

/**
 * Checks one (short form, long-form candidate) pair as Schwartz & Hearst do and returns the long
 * form's span inside `candidate`, or undefined. The candidate is cut to the last
 * min(|SF| + 5, 2·|SF|) words; the long form must be longer than the short form, must not contain
 * it as a word, and must not use more words than that window.
 */
function matchPair(short: string, candidate: string): { start: number; end: number } | undefined {
  const limit = Math.min(short.length + 5, short.length * 2);
  const ws = words(candidate);
  if (ws.length === 0) return undefined;
  const from = ws[Math.max(0, ws.length - limit)]!.start;
  const window = candidate.slice(from, ws[ws.length - 1]!.end);
  const at = bestLongFormStart(short, window);
  if (at < 0) return undefined;
  const long = window.slice(at);
  if (long.length <= short.length) return undefined;
  if (words(long).some((w) => long.slice(w.start, w.end).replace(/[^\p{L}\p{N}]/gu, '') === short)) return undefined;
  return { start: from + at, end: from + window.length };
}

/**
 * Finds the abbreviation definitions in `text[start, end)`, in text order. Two patterns:
 * `long form (SF)` — the short form in parentheses (cut at a `,` or `;`: "(CLOB, below)"), the
 * long form among the words before it in the same clause — and `SF (long form)` — a short form
 * word right before parentheses holding more than two words or more than ten characters.
 */
export function findAbbreviationDefinitions(text: string, start = 0, end = text.length): AbbreviationDefinition[] {
  const out: AbbreviationDefinition[] = [];
  for (let open = text.indexOf('(', start); open >= 0 && open < end; open = text.indexOf('(', open + 1)) {
    const close = closingParen(text, open, Math.min(end, open + 1 + MAX_INNER));
    if (close < 0) continue;
    const inner = text.slice(open + 1, close);
    if (inner.includes('(') || inner.includes('\n\n')) continue;
    const clauseStart = lastClauseBreak(text, start, open);
    const before = text.slice(clauseStart, open);
    const cut = inner.search(/[,;]/);
    const shortRaw = cut >= 0 ? inner.slice(0, cut) : inner;
    const short = shortRaw.trim();
    if (isShortFormCandidate(short) && !/^\s/.test(inner) && before.trim() !== '') {
      const span = matchPair(short, before.replace(/\s+$/, ''));
      if (span) {
        const shortStart = open + 1 + shortRaw.indexOf(short);
        const longStart = clauseStart + span.start;
        out.push({
          short,
          long: text.slice(longStart, clauseStart + span.end),
          shortStart,
          shortEnd: shortStart + short.length,
          longStart,
          longEnd: clauseStart + span.end,
          start: longStart,
          end: close + 1,
        });
        continue;
      }
    }
    // `SF (long form)`: the word right before the parenthesis is the short form.
    const word = /([\p{L}\p{N}][\p{L}\p{N}-]*)\s*$/u.exec(before);
    if (!word || !word[1]) continue;
    const sf = word[1];
    const innerTrimmed = inner.trim();
    if (words(innerTrimmed).length <= 2 && innerTrimmed.length <= 10) continue;
    if (!isShortFormCandidate(sf)) continue;
    // The long form must start at the parenthesis: matching it from there is what the window check needs.
    const span = matchPair(sf, innerTrimmed);
    if (!span || span.start !== 0) continue;
    const longStart = open + 1 + inner.indexOf(innerTrimmed);
    const shortStart = clauseStart + word.index;
    out.push({
      short: sf,
      long: innerTrimmed,
      shortStart,
      shortEnd: shortStart + sf.length,
      longStart,
      longEnd: longStart + innerTrimmed.length,
      start: shortStart,
      end: close + 1,
    });
  }
  return out;
}

/** Offset of the `)` closing the `(` at `open`, searched before `limit`, or -1. */
function closingParen(text: string, open: number, limit: number): number {
  for (let i = open + 1; i < limit; i++) if (text.charCodeAt(i) === 0x29) return i;
  return -1;
}

/**
 * Where the clause holding `to` starts: after the last clause break in `text[from, to)`, looking
 * back at most {@link MAX_LOOKBACK} characters (then from the first word boundary there).
 */
function lastClauseBreak(text: string, from: number, to: number): number {
  let base = Math.max(from, to - MAX_LOOKBACK);
  if (base > from) {
    const space = text.slice(base, to).search(/\s/);
    base = space < 0 ? to : base + space;
  }
  let at = 0;
  for (const m of text.slice(base, to).matchAll(CLAUSE_BREAK)) at = m.index + m[0].length;
  return base + at;
}
