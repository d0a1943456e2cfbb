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
  /** The whole definition: from the first of the two forms through the closing parenthesis (or the later form). */
  readonly start: number;
  readonly end: number;
  /**
   * Whether `text[start, end)` is nothing but the two forms and the parentheses ("Long Form (LF)",
   * "LF (Long Form)", "Long Form (or LF)"), so a fix may replace it with the short form alone. False
   * for definitions woven into a sentence ("liquidity provider, or LP"; "SNX, the Synthetix Network Token").
   */
  readonly movable: boolean;
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
  // Full-width parentheses ("日本格付研究所（JCR）") are one UTF-16 unit each, like ASCII ones: mapping
  // them keeps every offset.
  if (text.includes('\uFF08')) text = text.replace(/\uFF08/g, '(').replace(/\uFF09/g, ')');
  const out: AbbreviationDefinition[] = [];
  for (let open = text.indexOf('(', start); open >= 0 && open < end; open = text.indexOf('(', open + 1)) {
    const close = closingParen(text, open, Math.min(end, open + 1 + MAX_INNER));
    if (close < 0) continue;
    const inner = text.slice(open + 1, close);
    if (inner.includes('(') || inner.includes('\n\n')) continue;
    const clauseStart = lastClauseBreak(text, start, open);
    const before = text.slice(clauseStart, open);
    const cut = inner.search(/[,;]/);
    // "(RSI, MACD, Bollinger)" is a list, not a definition: after a comma only a remark ("see below") may follow.
    const isList = cut >= 0 && inner[cut] === ',' && !/^\s*\p{Ll}/u.test(inner.slice(cut + 1));
    let shortRaw = cut >= 0 ? inner.slice(0, cut) : inner;
    // "(or LMSR)", "(\"GSI\")", "(the \"FMC Act\")", "(aka LP)": the short form after "or", "the" or "aka", or in quotes.
    const lead = /^(?:(?:or|aka|a\.k\.a\.)\s+(?:the\s+)?|the\s+)?["'“‘]?/u.exec(shortRaw)![0];
    const trail = /["'”’]?$/u.exec(shortRaw.slice(lead.length))![0];
    const shortOffset = lead.length;
    shortRaw = shortRaw.slice(lead.length, shortRaw.length - trail.length);
    const short = shortRaw.trim();
    if (!isList && isShortFormCandidate(short) && !/^\s/.test(inner) && before.trim() !== '') {
      const trimmedBefore = before.replace(/\s+$/, '');
      const latin = matchPair(short, trimmedBefore);
      const matched = latin !== undefined;
      const span = latin ?? nonLatinLongForm(short, trimmedBefore);
      if (span) {
        const shortStart = open + 1 + shortOffset + shortRaw.indexOf(short);
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
          // A long form in another script is a guess at its extent: never removed by a fix.
          movable: matched && text.slice(clauseStart + span.end, open).trim() === '',
        });
        continue;
      }
    }
    // `SF (long form)`: the word right before the parenthesis is the short form.
    // The word may be set as code or in bold ("<code>GTT</code> (Good til time)", "`GTT` (…)").
    const word = /([\p{L}\p{N}][\p{L}\p{N}-]*)(?:<\/[a-z]+>|[`*_]{1,2})?\s*$/u.exec(before);
    if (!word || !word[1]) continue;
    const sf = word[1];
    const innerTrimmed = inner.trim();
    if (words(innerTrimmed).length <= 2 && innerTrimmed.length <= 10) continue;
    if (!isShortFormCandidate(sf)) continue;
    // The long form must start at the parenthesis: matching it from there is what the window check needs.
    const span = matchPair(sf, innerTrimmed);
    if ((!span || span.start !== 0) && !looseTitleMatch(sf, innerTrimmed) && !NON_LATIN_START.test(innerTrimmed)) continue;
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
      movable: true,
    });
  }
  for (const d of proseDefinitions(text, start, end)) out.push(d);
  return out.sort((a, b) => a.start - b.start);
}

/** A letter of a script other than Latin: Hangul, Han, Kana, Cyrillic, Greek, Arabic, Hebrew, Thai, Devanagari. */
const NON_LATIN =
  '\\p{Script=Hangul}\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Cyrillic}\\p{Script=Greek}\\p{Script=Arabic}\\p{Script=Hebrew}\\p{Script=Thai}\\p{Script=Devanagari}';
const NON_LATIN_START = new RegExp(`^[${NON_LATIN}]`, 'u');
/** A run of non-Latin words (with the marks, digits and spaces between them) ending the text. */
const NON_LATIN_TAIL = new RegExp(`[${NON_LATIN}](?:[${NON_LATIN}\\p{M}\\p{N}\\s·ー-]*[${NON_LATIN}\\p{M}ー])?$`, 'u');

/**
 * A long form written in another script right before "(SF)" ("유동성 공급자 (LP)", "流動性プロバイダー(LP)"):
 * the letters cannot be matched, so any run of at least two non-Latin characters there is taken.
 */
function nonLatinLongForm(short: string, before: string): { start: number; end: number } | undefined {
  if (!/[A-Z]/.test(short)) return undefined;
  const m = NON_LATIN_TAIL.exec(before);
  if (!m || m[0].replace(/\s/g, '').length < 2) return undefined;
  return { start: m.index, end: before.length };
}

/**
 * "XDR (Synthetix Drawing Rights)": a long form in title case (two or more words, each content word
 * capitalised) whose letters hold the short form's in order.
 */
function looseTitleMatch(short: string, long: string): boolean {
  const ws = long.split(/\s+/);
  if (ws.length < 2 || ws.length > short.length + 5) return false;
  if (!ws.every((w) => /^[\p{Lu}\p{N}]/u.test(w) || /^(?:of|and|for|the|to|in|on|de|du|des)$/.test(w))) return false;
  const sf = short.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const lf = long.toLowerCase();
  let at = 0;
  for (const c of sf) {
    at = lf.indexOf(c, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/** A short form written in prose: at least two capitals, then letters or digits, 2 to 10 characters. */
const PROSE_SHORT = '(\\p{Lu}[\\p{L}\\p{N}]{1,9})(?![\\p{L}\\p{N}_])';
/** "liquidity provider, or LP": a comma, "or", and the short form. */
const COMMA_OR = new RegExp(`,\\s+or\\s+(?:the\\s+|an?\\s+)?${PROSE_SHORT}`, 'gu');
/**
 * "SNX, the Synthetix Network Token": a short form, a comma and "the" or "a(n)"; or "BPRR: Bulk PR
 * Reviewer", a short form and a colon (then the long form must be in title case).
 */
const SHORT_COMMA_THE = new RegExp(`(?<![\\p{L}\\p{N}_])${PROSE_SHORT}(?:,\\s+(?:the|an?)|:)\\s+`, 'gu');
/** "Liquidity provider / LP": a long form, a slash between spaces and the short form. */
const SLASH_SHORT = new RegExp(`\\s/\\s+${PROSE_SHORT}`, 'gu');
const CONNECTOR = /^(?:of|and|for|the|to|in|on|de)$/;

function capitals(s: string): number {
  return s.replace(/[^A-Z]/g, '').length;
}

/** The definitions written without parentheses: "Long Form, or SF" and "SF, the Long Form". */
function proseDefinitions(text: string, start: number, end: number): AbbreviationDefinition[] {
  const out: AbbreviationDefinition[] = [];
  const slice = text.slice(start, end);
  if (!slice.includes(',') && !slice.includes(':') && !slice.includes(' / ')) return out;
  for (const m of [...slice.matchAll(COMMA_OR), ...slice.matchAll(SLASH_SHORT)]) {
    const short = m[1]!;
    if (capitals(short) < 2 || !isShortFormCandidate(short)) continue;
    const comma = start + m.index;
    const clauseStart = Math.max(lastClauseBreak(text, start, comma), lastComma(text, start, comma));
    const before = text.slice(clauseStart, comma).replace(/\s+$/, '');
    if (before.trim() === '') continue;
    const span = matchPair(short, before);
    if (!span) continue;
    const shortStart = start + m.index + m[0].length - short.length;
    out.push({
      short,
      long: text.slice(clauseStart + span.start, clauseStart + span.end),
      shortStart,
      shortEnd: shortStart + short.length,
      longStart: clauseStart + span.start,
      longEnd: clauseStart + span.end,
      start: clauseStart + span.start,
      end: shortStart + short.length,
      movable: false,
    });
  }
  for (const m of slice.matchAll(SHORT_COMMA_THE)) {
    const short = m[1]!;
    if (capitals(short) < 2 || !isShortFormCandidate(short)) continue;
    const after = start + m.index + m[0].length;
    // The long form: the run of capitalised words (with "of", "and", … between) right after "the".
    const run = /^(?:[\p{Lu}][\p{L}\p{N}'’-]*(?:\s+(?:(?:of|and|for|the|to|in|on|de)\s+)*(?=[\p{Lu}]))?)+/u.exec(
      text.slice(after, Math.min(end, after + MAX_INNER)),
    );
    if (!run) continue;
    const long = run[0].replace(/\s+$/, '');
    const ws = long.split(/\s+/);
    if (ws.length < 2 || CONNECTOR.test(ws[ws.length - 1]!)) continue;
    const span = matchPair(short, long);
    if ((!span || span.start !== 0) && !looseTitleMatch(short, long)) continue;
    const shortStart = start + m.index;
    out.push({
      short,
      long,
      shortStart,
      shortEnd: shortStart + short.length,
      longStart: after,
      longEnd: after + long.length,
      start: shortStart,
      end: after + long.length,
      movable: false,
    });
  }
  return out;
}

/** Offset after the last `,` in `text[from, to)` that is not the one at `to`, or `from`. */
function lastComma(text: string, from: number, to: number): number {
  const at = text.lastIndexOf(',', to - 1);
  return at >= from ? at + 1 : from;
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
  const window = text.slice(base, to);
  let at = 0;
  // A parenthetical closed before `to` ("Goldman Sachs (Asia) L.L.C.") belongs to the clause: what
  // its "(" broke off is restored at its ")".
  const open: number[] = [];
  for (const m of window.matchAll(CLAUSE_BREAK)) {
    const c = m[0];
    if (c === '.' && NOT_A_FULL_STOP.test(window.slice(Math.max(0, m.index - 6), m.index))) continue;
    if (c === '(') {
      open.push(at);
    } else if (c === ')' && open.length > 0) {
      at = open.pop()!;
      continue;
    }
    at = m.index + c.length;
  }
  return base + at;
}

/** The word before a period that does not end a sentence: a single letter ("L.L.C.", "U.S.") or a short title or company form. */
const NOT_A_FULL_STOP = /(?:^|[^\p{L}])(?:\p{L}|Co|Corp|Inc|Ltd|Bros|No|Nos|vs|St|Mr|Mrs|Ms|Dr|Jr|Sr|approx|incl|cf)$/u;
