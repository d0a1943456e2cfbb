/**
 * Rules for notes (Markdown and plain text, prose only): abbreviations used without a definition
 * (`acronym.undefined`) or before it (`acronym.before-definition`), and one concept written in two
 * different glossary forms (`term.inconsistent`). They return findings by offsets; severities,
 * suppressions and fix safety (from the registry, `rules.ts`) are applied by `computeDiagnostics`.
 */

import type { CompiledGlossary } from '../glossary/compiled';
import { findAbbreviationDefinitions, type AbbreviationDefinition } from '../text/abbreviations';
import { capitalisedEnglishWords, isCurrencyCode, wellKnownAbbreviations } from '../text/knownAbbreviations';
import { memoKey, shiftOccurrence, type ChunkOrigin, type DocumentChunk, type ParsedDocument } from '../text/document';
import { inHeading, lineAround } from '../text/lines';
import { abbreviatesNameInNote, describedInEntry, namesAThing, spelledOutOnLine } from './acronymNames';
import type { Occurrence } from '../text/matcher';
import { editDistance } from '../text/editDistance';
import { singularCandidates, type Token } from '../text/tokens';
import type { RuleFinding, TextEditSpan } from './rules';

/** Abbreviations never reported as undefined: see `text/knownAbbreviations.ts` for the criterion. */
export { wellKnownAbbreviations };

/** A note-rule finding, by offsets (its fix safety comes from the rule registry, `rules.ts`). */
export type NoteFinding = RuleFinding;

/** Options for {@link noteFindings}. */
export interface NoteRuleOptions {
  /** Abbreviations accepted without a definition, besides {@link wellKnownAbbreviations}. Default []. */
  readonly knownAcronyms?: readonly string[];
  /**
   * Whether an occurrence is a correct use of its form (not reported by the term rules). Only
   * correct uses count towards `term.inconsistent`. Default: every exact occurrence.
   */
  readonly isCorrectUse?: (occ: Occurrence) => boolean;
  /**
   * Instead of {@link isCorrectUse}, by place: an occurrence is a correct use unless its concept is
   * `proposed` or it is flagged, where `flagged(chunk)` gives, per occurrence of `chunk.origin`, a
   * truthy entry for each occurrence the term rules report (undefined: none).
   */
  readonly flagged?: (chunk: DocumentChunk) => ArrayLike<unknown> | undefined;
}

/** An all-capitals word of 2–6 letters, optionally with a lowercase plural `s`: the key is the capitals. */
const ABBREVIATION = /^([A-Z]{2,6})(s?)$/;

/** Roman numerals up to 39, written with I, V and X (the ones prose uses: "Part II", "Basel III"). */
const ROMAN = /^X{0,3}(?:IX|IV|V?I{0,3})$/;

/** The key (capitals without a plural `s`) of an abbreviation-shaped word, or undefined. */
export function abbreviationKey(word: string): string | undefined {
  return ABBREVIATION.exec(word)?.[1];
}

function quote(text: string): string {
  return `"${text.replace(/\s+/g, ' ')}"`;
}

/** One abbreviation-shaped word of the document. */
interface Use {
  readonly key: string;
  readonly start: number;
  /** Offset after the word (with a plural `s`, without a possessive). */
  readonly end: number;
}

/**
 * The findings of the three note rules in `doc`'s prose regions (the caller decides whether `doc` is a note).
 *
 * Most of the work is done chunk by chunk (see {@link ChunkNotes}) and cached with the chunk's
 * origin, so that after an edit only the chunks around it are looked at again; what is left is
 * putting the chunks' summaries together, which is linear in the occurrences and abbreviations.
 */
export function noteFindings(doc: ParsedDocument, options: NoteRuleOptions = {}): NoteFinding[] {
  const known = new Set([...wellKnownAbbreviations, ...(options.knownAcronyms ?? [])]);
  const knownKey = (options.knownAcronyms ?? []).join('\n');
  const notes = doc.chunks.map((_, i) => chunkNotes(doc, i, known, knownKey));
  const definitions = documentDefinitions(doc, notes);
  return [...acronymFindings(doc, notes, definitions), ...inconsistencyFindings(doc, notes, definitions, options)];
}

/**
 * What the note rules find in one chunk, by the offsets of its origin: everything that depends on
 * the chunk's text (and the few characters of its neighbours that the rules look at across its
 * ends), the glossary and the known abbreviations, and on nothing else in the document.
 */
interface ChunkNotes {
  /** The abbreviation definitions in the chunk's prose, in order. */
  readonly definitions: readonly AbbreviationDefinition[];
  /** Its abbreviation-shaped words, in order, that are not known, nor a definition's short form. */
  readonly candidates: readonly Candidate[];
  /** Its occurrences that count towards `term.inconsistent` if kept and correct, in order. */
  readonly consistency: ConsistencyCandidates;
}

/** An abbreviation-shaped word; whether it is a use depends on the document's definitions. */
interface Candidate {
  readonly key: string;
  readonly word: string;
  readonly start: number;
  /** Offset after the word (with a plural `s`, without a possessive). */
  readonly end: number;
  /** Whether this use shows the abbreviation to be a name (`namesAThing`). */
  readonly names: boolean;
  /** Whether it is a use: none of the other reasons to skip the word holds. */
  readonly use: boolean;
  /** Whether the author introduces it here in parentheses or glosses it (`introduced`). */
  readonly introduced: boolean;
  /** The index (in the origin's occurrences) of the exact occurrence the word is in, or -1. */
  readonly cover: number;
  /** Whether the entry it opens describes it or its line spells it out: computed when first needed. */
  explainedOnLine?: boolean;
}

/** A chunk's occurrences that may count towards `term.inconsistent`, in order, field by field. */
interface ConsistencyCandidates {
  /** Each one's index in the origin's occurrences. */
  readonly index: Int32Array;
  readonly concept: Int32Array;
  /** Its form (the index in its concept's forms). */
  readonly form: Int32Array;
  /** Its form's group (see {@link formGroups}). */
  readonly group: Int32Array;
  /** 1 if its concept is `proposed`. */
  readonly proposed: Uint8Array;
  /** For an occurrence of one word, the key an abbreviation definition of that word would have. */
  readonly definedKey: readonly (string | undefined)[];
}

/** On a chunk origin, its {@link ChunkNotes} and what they were computed with. */
const NOTES = memoKey<{
  readonly previous: ChunkOrigin | undefined;
  readonly next: ChunkOrigin | undefined;
  readonly knownKey: string;
  readonly notes: ChunkNotes;
}>('chunk notes');

/**
 * The {@link ChunkNotes} of chunk `i`. The rules look at most a few hundred characters beyond a
 * word (most stay on its line), and every chunk but the last is over a thousand (see
 * `scanMarkdownChunks`): so the chunk and its two neighbours decide them, which is what they are
 * cached by.
 */
function chunkNotes(doc: ParsedDocument, i: number, known: ReadonlySet<string>, knownKey: string): ChunkNotes {
  const chunk = doc.chunks[i]!;
  const previous = doc.chunks[i - 1]?.origin;
  const next = doc.chunks[i + 1]?.origin;
  const memo = chunk.origin.memo.get(NOTES);
  if (memo && memo.previous === previous && memo.next === next && memo.knownKey === knownKey) return memo.notes;
  const notes = computeChunkNotes(doc, chunk, known);
  chunk.origin.memo.set(NOTES, { previous, next, knownKey, notes });
  return notes;
}

function computeChunkNotes(doc: ParsedDocument, chunk: DocumentChunk, known: ReadonlySet<string>): ChunkNotes {
  const definitions: AbbreviationDefinition[] = [];
  // Definitions need a parenthesis or a capitalised short form ("liquidity provider, or LP").
  for (const region of chunk.regions) {
    if (region.kind !== 'prose' || !(region.hasParenthesis || region.hasCapitals)) continue;
    for (const d of findAbbreviationDefinitions(doc.text, region.start, region.end)) definitions.push(d);
  }
  definitions.sort((a, b) => a.start - b.start);
  const back = -chunk.delta;
  return {
    definitions: back === 0 ? definitions : definitions.map((d) => shiftDefinition(d, back)),
    candidates: abbreviationCandidates(doc, chunk, definitions, known),
    consistency: consistencyCandidates(doc, chunk, definitions),
  };
}

function shiftDefinition(d: AbbreviationDefinition, delta: number): AbbreviationDefinition {
  if (delta === 0) return d;
  return {
    short: d.short,
    long: d.long,
    shortStart: d.shortStart + delta,
    shortEnd: d.shortEnd + delta,
    longStart: d.longStart + delta,
    longEnd: d.longEnd + delta,
    start: d.start + delta,
    end: d.end + delta,
    movable: d.movable,
  };
}

function allCaps(doc: ParsedDocument, t: Token): boolean {
  const word = doc.text.slice(t.start, t.wordEnd);
  return word.length >= 3 && /^\p{Lu}+$/u.test(word);
}

/** An English word or a long word, in capitals: shouting, where a short non-word ("LIBOR") is an abbreviation. */
function shoutedWord(doc: ParsedDocument, t: Token): boolean {
  return allCaps(doc, t) && (t.wordEnd - t.start > 6 || doc.glossary.dictionary.has(t.norm));
}

/**
 * Whether `t` sits in text set in capitals ("RISK AND RETURN", "THE CLOB MECHANICS"): a neighbour
 * on the same line is in capitals too, and one of the two is an English or long word. Two
 * abbreviations side by side ("USD LIBOR") are not shouting.
 */
function inShoutedText(doc: ParsedDocument, t: Token, neighbour: Token | undefined): boolean {
  if (!neighbour || !allCaps(doc, neighbour)) return false;
  const [a, b] = neighbour.start < t.start ? [neighbour, t] : [t, neighbour];
  if (doc.text.slice(a.end, b.start).includes('\n')) return false;
  return shoutedWord(doc, neighbour) || shoutedWord(doc, t);
}

/**
 * Whether `t` is part of a compound name joined by a hyphen or slash to a known abbreviation
 * ("JSON-LD", "TCP/IP"): the compound is the name, and its parts are not separate abbreviations.
 */
function joinedToKnown(doc: ParsedDocument, t: Token, neighbour: Token | undefined, known: ReadonlySet<string>): boolean {
  if (!neighbour) return false;
  const [a, b] = neighbour.start < t.start ? [neighbour, t] : [t, neighbour];
  const between = doc.text.slice(a.wordEnd, b.start);
  if (between !== '-' && between !== '/') return false;
  const other = doc.text.slice(neighbour.start, neighbour.wordEnd);
  // "HS-Bootstrap", "QES-Marquee", "P/VP": joined by a hyphen to a capitalised word, or to a
  // single capital, the abbreviation is part of a compound name.
  const key = abbreviationKey(other);
  if (/^\p{Lu}/u.test(other) && ((between === '-' && !key) || other.length === 1)) return true;
  return key !== undefined && (known.has(key) || isCurrencyCode(key) || inGlossary(doc, key, other));
}

/**
 * Whether the word is one of a list of three or more codes ("XTZ, UMA, ENJ, ICP", "RSI/MACD/ADX",
 * "(SL, TSL, TP, etc.)"): a list of tickers, indicators or order types names them, it does not
 * introduce them.
 */
function inListOfCodes(doc: ParsedDocument, tokens: readonly Token[], i: number): boolean {
  const code = (k: number): boolean => {
    const t = tokens[k];
    return t !== undefined && /^[\p{Lu}\p{N}][\p{Lu}\p{N}-]*s?$/u.test(doc.text.slice(t.start, t.wordEnd)) && /\p{Lu}/u.test(doc.text[t.start]!);
  };
  const listed = (a: number, b: number): boolean => /^\s*[,/]\s*$/.test(doc.text.slice(tokens[a]!.wordEnd, tokens[b]!.start));
  let run = 1;
  for (let k = i; k > 0 && run < 3 && code(k - 1) && listed(k - 1, k); k--) run++;
  for (let k = i; k + 1 < tokens.length && run < 3 && code(k + 1) && listed(k, k + 1); k++) run++;
  return run >= 3;
}

/** Whether a number stands right after or before the word ("SIP 35", "NI 31-103", "31 CFR 356", "IJCAI 2020"): a numbered name. */
function numbered(text: string, start: number, end: number): boolean {
  return /^ \p{N}/u.test(text.slice(end, end + 2)) || /\p{N} $/u.test(text.slice(Math.max(0, start - 2), start));
}

/** Whether the word is all of an ATX heading ("# KRNN", "## GLV:"): the title names the page's subject. */
function aloneInHeading(doc: ParsedDocument, start: number, end: number): boolean {
  const line = lineAround(doc, start);
  if (line.end - end > 8 || !/^ {0,3}#{1,6}[ \t]+$/.test(doc.text.slice(line.start, start))) return false;
  return /^[\s:*`]*$/.test(doc.text.slice(end, line.end));
}

/**
 * Whether the word is in an entry of a link list ("- [pybbg](https://…) - Python interface to
 * Bloomberg COM APIs"): the entry describes what it links to, one click away, in the terse words
 * of a directory.
 */
function inLinkListEntry(doc: ParsedDocument, start: number): boolean {
  const lineStart = lineAround(doc, start).start;
  return /^\s*(?:[-*+]|\d+[.)])\s+\[[^\]\n]+\]\([^)\s]+\)/.test(doc.text.slice(lineStart, Math.min(start, lineStart + 400)));
}

/** A capitalised word that is not an abbreviation: "Barra", "Long", "Excel". */
function capitalisedWord(doc: ParsedDocument, t: Token | undefined): boolean {
  if (!t) return false;
  const word = doc.text.slice(t.start, t.wordEnd);
  return /^\p{Lu}\p{Ll}/u.test(word);
}

/**
 * Whether the word stands between two capitalised words on its line, outside a heading ("Barra
 * USSLOW Long", "Microsoft MS Excel"): part of a product's or a firm's name.
 */
function inNameRun(doc: ParsedDocument, t: Token, before: Token | undefined, after: Token | undefined): boolean {
  if (!capitalisedWord(doc, before) || !capitalisedWord(doc, after)) return false;
  if (doc.text.slice(before!.wordEnd, after!.start).includes('\n') || !/^ +$/.test(doc.text.slice(before!.wordEnd, t.start))) return false;
  return !/^ +$/.test(doc.text.slice(t.wordEnd, after!.start)) ? false : !inHeading(doc, t.start);
}

/** Bloomberg exchange codes that follow a ticker ("AAPL UW", "GS UN", "VOD LN"). */
const EXCHANGE_CODES: ReadonlySet<string> = new Set([
  'UW',
  'UN',
  'UQ',
  'UA',
  'UP',
  'US',
  'UR',
  'LN',
  'JP',
  'JT',
  'HK',
  'GY',
  'GR',
  'FP',
  'NA',
  'SW',
  'SE',
  'CN',
  'CT',
  'AU',
  'AT',
  'IM',
  'SM',
  'SS',
  'KS',
  'TT',
  'IN',
  'IB',
]);

/** Whether the word is a ticker and its exchange code ("FB UW -> META UW"), either of the two. */
function exchangeCode(doc: ParsedDocument, t: Token, before: Token | undefined, after: Token | undefined): boolean {
  const word = doc.text.slice(t.start, t.wordEnd);
  const ticker = (x: Token | undefined) => x !== undefined && /^[A-Z]{1,6}$/.test(doc.text.slice(x.start, x.wordEnd));
  if (EXCHANGE_CODES.has(word) && ticker(before) && doc.text.slice(before!.wordEnd, t.start) === ' ') return true;
  return after !== undefined && EXCHANGE_CODES.has(doc.text.slice(after.start, after.wordEnd)) && doc.text.slice(t.wordEnd, after.start) === ' ';
}

/** Whether the word opens a GitHub alert ("> [!TIP]", "[!NOTE]"). */
function alertMarker(text: string, start: number, end: number): boolean {
  return text.slice(start - 2, start) === '[!' && text[end] === ']';
}

/**
 * Whether the word names a model: followed on its line by a citation of its authors ("ALSTM (Yao
 * Qin, et al.)", "SFM based on pytorch (Liheng Zhang, et al. KDD 2017)") or by the word "model"
 * ("the ADARNN model", "IGMTF models"). The name points to the paper or the model's page.
 */
function cited(text: string, end: number): boolean {
  return /^[^\n]{0,40}\([^()\n]{0,60}\bet al\b/.test(text.slice(end, end + 120)) || /^\s+[Mm]odels?\b/.test(text.slice(end, end + 8));
}

/**
 * The abbreviation-shaped words of a chunk (at the document's offsets; returned by the origin's),
 * in order, outside known abbreviations and the short forms of its `definitions`; each with what
 * the rules need to know of it that depends on the chunk alone.
 */
function abbreviationCandidates(
  doc: ParsedDocument,
  chunk: DocumentChunk,
  definitions: readonly AbbreviationDefinition[],
  known: ReadonlySet<string>,
): Candidate[] {
  const defining = new Set(definitions.map((d) => d.shortStart));
  const occurrences = chunk.occurrences;
  let oi = 0;
  const back = -chunk.delta;
  const candidates: Candidate[] = [];
  // An abbreviation starts with two capitals: look only at the prose regions that have such a word.
  for (const region of chunk.regions) {
    if (region.kind !== 'prose' || !region.hasCapitals) continue;
    const tokens = region.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      // Most words do not start with a capital: skip them before slicing.
      const first = doc.text.charCodeAt(t.start);
      if (first < 0x41 || first > 0x5a) continue;
      const word = doc.text.slice(t.start, t.wordEnd);
      const key = abbreviationKey(word);
      if (!key || known.has(key) || known.has(word) || defining.has(t.start)) continue;
      while (oi < occurrences.length && (occurrences[oi]!.end <= t.start || occurrences[oi]!.match !== 'exact')) oi++;
      const cover = oi < occurrences.length && occurrences[oi]!.start <= t.start ? oi : -1;
      const use = isUse(doc, tokens, i, key, word, known);
      candidates.push({
        key,
        word,
        start: t.start + back,
        end: t.wordEnd + back,
        names: namesAThing(doc, tokens, i),
        use,
        introduced: use && introduced(doc.text, t.start, t.wordEnd),
        cover,
      });
    }
  }
  return candidates;
}

/** Whether the abbreviation-shaped word `tokens[i]` (`word`, of key `key`) is a use: none of the reasons to skip it holds. */
function isUse(doc: ParsedDocument, tokens: readonly Token[], i: number, key: string, word: string, known: ReadonlySet<string>): boolean {
  const t = tokens[i]!;
  if (ROMAN.test(word) && !inGlossary(doc, key, word)) return false;
  if (capitalisedEnglishWords.has(key) && !inGlossary(doc, key, word)) return false;
  if (inIdentifier(doc.text, t.start, t.wordEnd) || tlDr(doc.text, t.start, t.wordEnd) || inShortLinkText(doc.text, t.start, t.wordEnd)) return false;
  if (isCurrencyCode(key) || inQuotedValue(doc.text, t.start, t.wordEnd) || aloneInTableCell(doc.text, t.start, t.wordEnd)) return false;
  if (alertMarker(doc.text, t.start, t.wordEnd) || cited(doc.text, t.wordEnd) || inListOfCodes(doc, tokens, i)) return false;
  if (numbered(doc.text, t.start, t.wordEnd) || aloneInHeading(doc, t.start, t.wordEnd) || inLinkListEntry(doc, t.start)) return false;
  if (inNameRun(doc, t, tokens[i - 1], tokens[i + 1]) || exchangeCode(doc, t, tokens[i - 1], tokens[i + 1])) return false;
  // An English word set in capitals ("on the PATH", "NOTE:") is emphasis, not an abbreviation.
  if (key.length >= 4 && doc.glossary.dictionary.has(key.toLowerCase()) && !inGlossary(doc, key, word)) return false;
  if (inShoutedText(doc, t, tokens[i - 1]) || inShoutedText(doc, t, tokens[i + 1])) return false;
  if (joinedToKnown(doc, t, tokens[i - 1], known) || joinedToKnown(doc, t, tokens[i + 1], known)) return false;
  return true;
}

/**
 * The abbreviation uses of a document, in order, outside definitions' short forms. The keys of
 * abbreviations that some use shows to be names (`namesAThing`) are added to `names`. Each use
 * comes with its candidate and whether it is in a glossary term the document keeps.
 */
function abbreviationUses(
  doc: ParsedDocument,
  notes: readonly ChunkNotes[],
  shorts: readonly string[],
  names: Set<string>,
): { use: Use; candidate: Candidate; inTerm: boolean }[] {
  // A short form of two words ("the \"FMC Act\""): its first word followed by the rest is the defined name.
  const phrases = new Map<string, string[]>();
  for (const short of shorts) {
    const [head, ...rest] = short.split(/\s+/);
    if (head && rest.length > 0) phrases.set(head, [...(phrases.get(head) ?? []), rest.join(' ')]);
  }
  const namesPhrase = (word: string, end: number): boolean =>
    phrases
      .get(word)
      ?.some((rest) =>
        new RegExp(`^\\s+${rest.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u').test(doc.text.slice(end, end + rest.length + 4)),
      ) ?? false;
  const uses: { use: Use; candidate: Candidate; inTerm: boolean }[] = [];
  for (let k = 0; k < notes.length; k++) {
    const chunk = doc.chunks[k]!;
    for (const c of notes[k]!.candidates) {
      if (phrases.size > 0 && namesPhrase(c.word, c.end + chunk.delta)) continue;
      if (c.names) names.add(c.key);
      if (!c.use) continue;
      const use = { key: c.key, start: c.start + chunk.delta, end: c.end + chunk.delta };
      uses.push({ use, candidate: c, inTerm: c.cover >= 0 && chunk.kept[c.cover] === 1 });
    }
  }
  return uses;
}

/**
 * Whether the word is part of an identifier or a numbered name, not an abbreviation of its own:
 * joined by `_` or to letters or digits ("ONE_BD", "USDC_ADDRESS", "IWETH9"), or by a hyphen to a
 * number or a single letter ("SIP-37", "UTF-8", "ERC-20", "ADS-B").
 */
function inIdentifier(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 12), start);
  const after = text.slice(end, end + 12);
  if (/[\p{L}\p{N}_]$/u.test(before) || /^[\p{L}\p{N}_]/u.test(after)) return true;
  if (/^-(?:[\p{L}\p{N}]*\p{N}|\p{L}(?![\p{L}\p{N}]))/u.test(after)) return true;
  // A file or namespace part: "VB.NET", ".NET", "config.YAML".
  if (/(?:^|[\s\p{L}\p{N}])\.$/u.test(before) || /^\.[\p{L}\p{N}]/u.test(after)) return true;
  return /(?:\p{N}[\p{L}\p{N}]*|(?<![\p{L}\p{N}])\p{L})-$/u.test(before);
}

/**
 * Whether the word sits in a short quoted value on one line ("'BFIX LDN 4PM'", "'zh-CN'",
 * "the \"GS entities\""): a string being mentioned (a setting, a code, a defined name), not prose
 * using an abbreviation. The opening quote follows a space, a bracket or the line start, so an
 * apostrophe ("Sachs' QES") does not open one.
 */
function inQuotedValue(text: string, start: number, end: number): boolean {
  let open = -1;
  for (let i = start - 1; i >= Math.max(0, start - QUOTE_REACH); i--) {
    const c = text[i]!;
    if (c === '\n') return false;
    if (QUOTES.has(c)) {
      if (i === 0 || /[\s([{:=,]/.test(text[i - 1]!)) open = i;
      break;
    }
  }
  if (open < 0) return false;
  const closing = QUOTES.get(text[open]!)!;
  for (let i = end; i < Math.min(text.length, end + QUOTE_REACH); i++) {
    const c = text[i]!;
    if (c === '\n') return false;
    if (c === closing) return i + 1 >= text.length || !/[\p{L}\p{N}]/u.test(text[i + 1]!);
  }
  return false;
}

/** Opening quotes and the quote that closes each. */
const QUOTES: ReadonlyMap<string, string> = new Map([
  ["'", "'"],
  ['"', '"'],
  ['\u2018', '\u2019'],
  ['\u201C', '\u201D'],
]);
/** How far {@link inQuotedValue} looks for the quotes, in characters either way. */
const QUOTE_REACH = 60;

/**
 * Whether the word is the whole content of a Markdown table cell ("| GLP |", "| IC | ICIR |"):
 * a ticker, code or column name in a table is a value or a label, not prose to expand.
 */
function aloneInTableCell(text: string, start: number, end: number): boolean {
  let i = start - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t' || text[i] === '*' || text[i] === '`')) i--;
  if (text[i] !== '|') return false;
  let j = end;
  while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '*' || text[j] === '`')) j++;
  if (text[j] === '|') return true;
  // A row may leave out its closing pipe: then the cell ends the line, after at least one other cell.
  return (j === text.length || text[j] === '\n' || text[j] === '\r') && text.lastIndexOf('|', i - 1) > text.lastIndexOf('\n', i);
}

/** "TL;DR". */
function tlDr(text: string, start: number, end: number): boolean {
  const word = text.slice(start, end);
  return (word === 'TL' && text.startsWith(';DR', end)) || (word === 'DR' && text.slice(Math.max(0, start - 3), start) === 'TL;');
}

/**
 * Whether the word sits in the text of a Markdown link of at most four words ("[JVM](…)",
 * "[IBM Cloud](…)"): the link names what it points to, and the reader is one click from it.
 */
function inShortLinkText(text: string, start: number, end: number): boolean {
  // A link text of four words is short: look at most LINK_TEXT_REACH characters either way, so a
  // long line without brackets costs nothing per word.
  let open = -1;
  for (let i = start - 1; i >= Math.max(0, start - LINK_TEXT_REACH); i--) {
    const c = text[i];
    if (c === '\n' || c === ']') return false;
    if (c === '[') {
      open = i;
      break;
    }
  }
  if (open < 0) return false;
  let close = -1;
  for (let i = end; i < Math.min(text.length, end + LINK_TEXT_REACH); i++) {
    const c = text[i];
    if (c === '\n' || c === '[') return false;
    if (c === ']') {
      close = i;
      break;
    }
  }
  if (close < 0) return false;
  if (text[close + 1] !== '(' && text[close + 1] !== '[') return false;
  return (
    text
      .slice(open + 1, close)
      .trim()
      .split(/\s+/).length <= 4
  );
}

/** How far {@link inShortLinkText} looks for the brackets of a link text. */
const LINK_TEXT_REACH = 200;

/** Whether the glossary has a form written exactly `key` or `word` (case-sensitively). */
function inGlossary(doc: ParsedDocument, key: string, word: string): boolean {
  for (const name of [key, word]) {
    const concept = doc.glossary.lookup(name);
    if (concept?.forms.some((f) => f.text === name)) return true;
  }
  return false;
}

/** Whether the word stands alone in parentheses after a word, or is glossed right after it in lowercase parentheses. */
function introduced(text: string, start: number, end: number): boolean {
  if (text[start - 1] === '(' && text[end] === ')' && /[\p{L}\p{N}]\s?$/u.test(text.slice(Math.max(0, start - 3), start - 1))) return true;
  return /^ \(\p{Ll}[\p{Ll}-]*(?: \p{Ll}[\p{Ll}-]*)?\)/u.test(text.slice(end, end + 40));
}

/** Whether the glossary has a form that is `key` in another case ("dYdX" for "DYDX"). */
function inGlossaryAnyCase(doc: ParsedDocument, key: string): boolean {
  const concept = doc.glossary.lookup(key);
  return concept?.forms.some((f) => f.text.toUpperCase() === key) ?? false;
}

/** What the rules need of a document's abbreviation definitions, from its chunks' notes. */
interface Definitions {
  /** Every definition's short form, in order. */
  readonly shorts: readonly string[];
  /** Per abbreviation key, its first definition, at the document's offsets. */
  readonly first: ReadonlyMap<string, AbbreviationDefinition>;
}

function documentDefinitions(doc: ParsedDocument, notes: readonly ChunkNotes[]): Definitions {
  const shorts: string[] = [];
  const first = new Map<string, AbbreviationDefinition>();
  for (let k = 0; k < notes.length; k++) {
    for (const d of notes[k]!.definitions) {
      shorts.push(d.short);
      const key = abbreviationKey(d.short);
      if (key && !first.has(key)) first.set(key, shiftDefinition(d, doc.chunks[k]!.delta));
    }
  }
  return { shorts, first };
}

function acronymFindings(doc: ParsedDocument, notes: readonly ChunkNotes[], definitions: Definitions): NoteFinding[] {
  const firstDefinition = definitions.first;
  // An abbreviation the author introduces in parentheses after a phrase ("the Uniswap Backend
  // (URA)", "hedge fund positioning (PBFA)") or glosses right after it ("MPS (milli-bips)") is
  // explained there, even when its letters do not spell the phrase.
  const names = new Set<string>();
  const all = abbreviationUses(doc, notes, definitions.shorts, names);
  // Spelled out by the words around it on its line ("Post only reject? → PO reject") or described
  // by the entry it opens ("- XAD - Automatic Differentiation Library"), it is explained too.
  // A note that defines the abbreviation somewhere is judged by that definition alone.
  const explained = new Set([...names].filter((key) => !firstDefinition.has(key)));
  for (const { use, candidate } of all) {
    if (explained.has(use.key)) continue;
    if (candidate.introduced) explained.add(use.key);
    else if (!firstDefinition.has(use.key)) {
      candidate.explainedOnLine ??= describedInEntry(doc, use.start, use.end) || spelledOutOnLine(doc, use.key, use.start);
      if (candidate.explainedOnLine) explained.add(use.key);
    }
  }
  // Per abbreviation, its first use, and its first use outside a glossary term ("ESG" in "ESG Risk Model" is explained by the term).
  const first = new Map<string, Use>();
  const firstOutsideTerm = new Map<string, Use>();
  for (const { use, inTerm } of all) {
    if (explained.has(use.key)) continue;
    if (!first.has(use.key)) first.set(use.key, use);
    if (!inTerm && !firstOutsideTerm.has(use.key)) firstOutsideTerm.set(use.key, use);
  }
  const out: NoteFinding[] = [];
  for (const [key, use] of first) {
    const definition = firstDefinition.get(key);
    if (definition) {
      if (use.start < definition.start) out.push(beforeDefinition(doc, use, doc.text.slice(use.start, use.end), definition));
      continue;
    }
    const bare = firstOutsideTerm.get(key);
    if (!bare) continue;
    const surface = doc.text.slice(bare.start, bare.end);
    // "DYDX" for the glossary's "dYdX", "DAI" for "Dai": a name the glossary knows, set in capitals.
    if (inGlossary(doc, key, surface) || inGlossaryAnyCase(doc, key) || abbreviatesNameInNote(doc, key)) continue;
    out.push({
      code: 'acronym.undefined',
      start: bare.start,
      end: bare.end,
      message: `${quote(surface)} is not defined in this note or the glossary: write it out at its first use, as in "Full Name (${key})", or add it to the glossary or to knownAcronyms`,
    });
  }
  return out;
}

function beforeDefinition(doc: ParsedDocument, use: Use, surface: string, definition: AbbreviationDefinition): NoteFinding {
  const line = doc.lines.positionAt(definition.start).line + 1;
  // "CLOBs" before "Central Limit Order Book (CLOB)" becomes "Central Limit Order Books (CLOBs)".
  const plural = surface !== use.key && definition.short === use.key && !/s$/i.test(definition.long);
  const spelled = `${plural ? pluralOf(definition.long) : definition.long} (${surface})`;
  return {
    code: 'acronym.before-definition',
    start: use.start,
    end: use.end,
    message: `${quote(surface)} is used before it is defined on line ${line}: write it out at first use, as in ${quote(spelled)}`,
    fix: {
      title: `Write out ${quote(spelled)} at first use`,
      // Only the expansion moves: a definition that is nothing but "Long Form (LF)" becomes "LF";
      // one woven into a sentence ("liquidity provider, or LP") stays as the author wrote it.
      edits: definition.movable
        ? [
            { start: use.start, end: use.end, newText: spelled },
            { start: definition.start, end: definition.end, newText: definition.short },
          ]
        : [{ start: use.start, end: use.end, newText: spelled }],
    },
    related: [{ start: definition.start, end: definition.end, message: `${quote(definition.short)} is defined here` }],
  };
}

/**
 * Per form of a concept, the index of the first form that is the same up to a plural last word
 * ("Option Pricing Models" is "Option Pricing Model"): forms `a` and `b` are the same when they
 * have as many words, all equal except perhaps the last, and one last word is a singular
 * candidate (`singularCandidates`) of the other.
 *
 * That relation is not transitive ("bas" ~ "bases" ~ "base", but not "bas" ~ "base"), so the forms
 * cannot be grouped by one canonical singular key. Instead, in one pass, each exact word sequence
 * maps to the first form written with it, and a form looks up the few sequences it is the same as:
 * its own words with the last word as written, as each of its singular candidates, and as each
 * word whose singular candidates include it (its plurals: `+s`, `+es`, `y` → `ies`). The first form
 * among those is exactly the first form `j` with `same(j, i)`, so the result is what comparing every
 * pair of forms gives, in time linear in the number of forms (a concept may have tens of
 * thousands). Computed once per concept of a compiled glossary.
 */
function formGroups(doc: ParsedDocument, concept: number): Int32Array {
  let perConcept = groupCache.get(doc.glossary);
  if (!perConcept) groupCache.set(doc.glossary, (perConcept = new Map()));
  let groups = perConcept.get(concept);
  if (!groups) perConcept.set(concept, (groups = computeFormGroups(doc.glossary, concept)));
  return groups;
}

const groupCache = new WeakMap<CompiledGlossary, Map<number, Int32Array>>();

/** See {@link formGroups}. */
export function computeFormGroups(glossary: CompiledGlossary, concept: number): Int32Array {
  const count = glossary.concepts[concept]!.forms.length;
  const base = glossary.formNumber({ concept, form: 0 });
  const groups = new Int32Array(count);
  // Per word sequence (words joined by spaces: normalized words hold none), its first form.
  const first = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const n = base + i;
    const length = glossary.formWordCount(n);
    if (length === 0) {
      // Forms without words are all the same as each other.
      const key = '';
      groups[i] = first.get(key) ?? i;
      if (!first.has(key)) first.set(key, i);
      continue;
    }
    let prefix = '';
    for (let d = 0; d < length - 1; d++) prefix += glossary.formWord(n, d) + ' ';
    const last = glossary.formWord(n, length - 1);
    const own = prefix + last;
    let group = first.get(own) ?? i;
    for (const other of [...singularCandidates(last), ...pluralCandidates(last)]) {
      const j = first.get(prefix + other);
      if (j !== undefined && j < group) group = j;
    }
    groups[i] = group;
    if (!first.has(own)) first.set(own, i);
  }
  return groups;
}

/** The words whose `singularCandidates` include `word`: its possible plurals. */
function pluralCandidates(word: string): string[] {
  const shapes = [word + 's', word + 'es'];
  if (word.endsWith('y')) shapes.push(word.slice(0, -1) + 'ies');
  return shapes.filter((plural) => singularCandidates(plural).includes(word));
}

/**
 * The occurrences of a chunk (at the document's offsets, given by index) that count towards
 * `term.inconsistent` when the document keeps them, they are correct uses and no definition in
 * the document has their word as its short form.
 */
function consistencyCandidates(doc: ParsedDocument, chunk: DocumentChunk, definitions: readonly AbbreviationDefinition[]): ConsistencyCandidates {
  const shortSpans = new Map(definitions.map((d) => [d.shortStart, d.shortEnd]));
  const index: number[] = [];
  const definedKey: (string | undefined)[] = [];
  const occurrences = chunk.occurrences;
  for (let i = 0; i < occurrences.length; i++) {
    const occ = occurrences[i]!;
    if (occ.region !== 'prose' || occ.match !== 'exact') continue;
    // A common word ("margin") beside its term ("Initial Margin") is ordinary writing, not an inconsistency.
    if (occ.tokens.length === 1 && doc.glossary.concepts[occ.ref.concept]!.common) continue;
    const status = doc.glossary.form(occ.ref).status;
    if (status !== 'preferred' && status !== 'admitted') continue;
    if ((shortSpans.get(occ.start) ?? -1) >= occ.end) continue;
    // An abbreviation the note expands ("Black-Scholes-Merton Model (BSM)") is the usual way to write, not an inconsistency.
    const word = occ.tokens.length === 1 ? doc.text.slice(occ.start, occ.tokens[0]!.wordEnd) : undefined;
    index.push(i);
    definedKey.push(word === undefined ? undefined : (abbreviationKey(word) ?? word));
  }
  const refs = index.map((i) => occurrences[i]!.ref);
  return {
    index: Int32Array.from(index),
    concept: Int32Array.from(refs, (r) => r.concept),
    form: Int32Array.from(refs, (r) => r.form),
    group: Int32Array.from(refs, (r) => formGroups(doc, r.concept)[r.form]!),
    proposed: Uint8Array.from(refs, (r) => (doc.glossary.concepts[r.concept]!.status === 'proposed' ? 1 : 0)),
    definedKey,
  };
}

/**
 * Per glossary, per concept: the first counted occurrence, the second name found and whether the
 * concept is counted in more than one group of forms (-1 and 0: none). Scratch space of
 * {@link inconsistencyFindings}, reset by each call: a few arrays as long as the glossary, rather
 * than a map entry per occurrence, since a long note has tens of thousands of occurrences to count.
 */
const scratch = new WeakMap<CompiledGlossary, { readonly first: Int32Array; readonly second: Int32Array; readonly several: Uint8Array }>();

function inconsistencyFindings(doc: ParsedDocument, notes: readonly ChunkNotes[], definitions: Definitions, options: NoteRuleOptions): NoteFinding[] {
  const definedShort = new Set(definitions.shorts.map((short) => abbreviationKey(short) ?? short));
  const { flagged, isCorrectUse } = options;
  // The counted occurrences, in order: entry n is candidate `entries[2n + 1]` of chunk `entries[2n]`,
  // of concept `conceptOf[n]`, form `formOf[n]` and group `groupOf[n]`.
  let total = 0;
  for (const n of notes) total += n.consistency.index.length;
  const entries = new Int32Array(2 * total);
  const conceptOf = new Int32Array(total);
  const formOf = new Int32Array(total);
  const groupOf = new Int32Array(total);
  let count = 0;
  const occurrence = (n: number): Occurrence => {
    const chunk = doc.chunks[entries[2 * n]!]!;
    return shiftOccurrence(chunk.origin.occurrences[notes[entries[2 * n]!]!.consistency.index[entries[2 * n + 1]!]!]!, chunk.delta);
  };
  // The concepts in the order they are first counted.
  const concepts: number[] = [];
  let space = scratch.get(doc.glossary);
  if (!space) {
    const size = doc.glossary.concepts.length;
    scratch.set(doc.glossary, (space = { first: new Int32Array(size).fill(-1), second: new Int32Array(size).fill(-1), several: new Uint8Array(size) }));
  }
  const { first, second, several } = space;
  try {
    for (let k = 0; k < notes.length; k++) {
      const chunk = doc.chunks[k]!;
      const candidates = notes[k]!.consistency;
      const kept = chunk.kept;
      const flags = flagged?.(chunk);
      for (let i = 0; i < candidates.index.length; i++) {
        const index = candidates.index[i]!;
        if (!kept[index]) continue;
        const key = candidates.definedKey[i];
        if (key !== undefined && definedShort.has(key)) continue;
        if (flagged ? candidates.proposed[i] || flags?.[index] : isCorrectUse && !isCorrectUse(chunk.occurrences[index]!)) continue;
        const concept = candidates.concept[i]!;
        const group = candidates.group[i]!;
        entries[2 * count] = k;
        entries[2 * count + 1] = i;
        conceptOf[count] = concept;
        formOf[count] = candidates.form[i]!;
        groupOf[count] = group;
        const f = first[concept]!;
        if (f === -1) {
          first[concept] = count;
          concepts.push(concept);
        } else if (groupOf[f] !== group) several[concept] = 1;
        count++;
      }
    }
    // Only a concept counted in two groups of forms can be inconsistent: its second name is the
    // first occurrence that names it again, unless in the same table row as the first.
    for (let n = 0; n < count; n++) {
      const concept = conceptOf[n]!;
      if (!several[concept] || second[concept] !== -1) continue;
      const f = first[concept]!;
      if (groupOf[n] === groupOf[f] || !secondName(doc.glossary, concept, formOf[f]!, formOf[n]!)) continue;
      // Two forms in one table row ("| SEDOL | Stock Exchange Daily Official List |") explain each other.
      if (!sameTableRow(doc, occurrence(f).start, occurrence(n).start)) second[concept] = n;
    }
    // Every occurrence of the second name's group is rewritten by the fix.
    const edits = new Map<number, Occurrence[]>();
    for (const concept of concepts) if (second[concept] !== -1) edits.set(concept, []);
    if (edits.size === 0) return [];
    for (let n = 0; n < count; n++) {
      const s = second[conceptOf[n]!]!;
      if (s !== -1 && groupOf[n] === groupOf[s]) edits.get(conceptOf[n]!)!.push(occurrence(n));
    }
    const out: NoteFinding[] = [];
    for (const concept of concepts) {
      if (second[concept] === -1) continue;
      const firstAt = occurrence(first[concept]!);
      const secondAt = occurrence(second[concept]!);
      const firstText = doc.glossary.form(firstAt.ref).text;
      const secondText = doc.glossary.form(secondAt.ref).text;
      const firstSurface = doc.text.slice(firstAt.start, firstAt.tokens[firstAt.tokens.length - 1]!.wordEnd);
      const line = doc.lines.positionAt(firstAt.start).line + 1;
      const spans: TextEditSpan[] = edits.get(concept)!.map((o) => ({ start: o.start, end: o.end, newText: rewritten(doc, o, firstAt, firstSurface) }));
      out.push({
        code: 'term.inconsistent',
        start: secondAt.start,
        end: secondAt.end,
        conceptId: doc.glossary.concepts[concept]!.id,
        message: `${quote(secondText)} names the same concept as ${quote(firstText)} on line ${line}: write one form throughout the note`,
        fix: { title: `Replace every ${quote(secondText)} with ${quote(firstSurface)}`, edits: spans },
        related: [{ start: firstAt.start, end: firstAt.end, message: `first written ${quote(firstText)} here` }],
      });
    }
    return out;
  } finally {
    for (const concept of concepts) {
      first[concept] = -1;
      second[concept] = -1;
      several[concept] = 0;
    }
  }
}

/** Per glossary and concept, {@link secondName} of pairs of its forms, as far as asked. */
const secondNames = new WeakMap<CompiledGlossary, Map<number, Map<number, boolean>>>();

/**
 * Whether form `b` of a concept, written after its form `a` (of another group), names the concept
 * a second time: what `term.inconsistent` reports, unless the two are in one table row. A question
 * about the two forms alone, answered once per glossary.
 */
function secondName(glossary: CompiledGlossary, concept: number, a: number, b: number): boolean {
  let perConcept = secondNames.get(glossary);
  if (!perConcept) secondNames.set(glossary, (perConcept = new Map()));
  let pairs = perConcept.get(concept);
  if (!pairs) perConcept.set(concept, (pairs = new Map()));
  const pair = a * glossary.concepts[concept]!.forms.length + b;
  let answer = pairs.get(pair);
  if (answer === undefined) {
    const formA = glossary.form({ concept, form: a });
    const formB = glossary.form({ concept, form: b });
    // A form inside another ("order book" after "limit order book", "backtest" and "backtesting")
    // is the usual shorthand of the longer one, not a second name.
    const keyA = compactKey(formA.text);
    const keyB = compactKey(formB.text);
    // A one-word name and its ticker ("Synthetix" and "SNX") name a project and its token.
    const tickerPair = (x: number, y: number): boolean =>
      glossary.form({ concept, form: y }).type === 'abbreviation' &&
      glossary.formInfo({ concept, form: x }).tokens.length === 1 &&
      glossary.form({ concept, form: x }).type !== 'abbreviation';
    answer =
      !nested(keyA, keyB) &&
      !tickerPair(a, b) &&
      !tickerPair(b, a) &&
      // Two spellings of one word ("optimisation", "optimization") are always one to choose; two
      // words for a common noun ("gas fee", "network fee"; "ATM", "at the money") are ordinary
      // synonyms, and only two names of a named thing ("Black-Scholes-Merton Model", "BSM") are.
      (spellingVariants(keyA, keyB) || (named(formA.text) && named(formB.text)));
    pairs.set(pair, answer);
  }
  return answer;
}

/** A form's text lower-cased without spaces, hyphens and dashes. */
function compactKey(text: string): string {
  return text.toLowerCase().replace(/[\s\-\u2010-\u2014]+/g, '');
}

/** Whether two offsets are on one line of a Markdown table (one that starts with a pipe). */
function sameTableRow(doc: ParsedDocument, a: number, b: number): boolean {
  const line = lineAround(doc, a);
  if (b < line.start || b > line.end) return false;
  return /^\s*\|/.test(doc.text.slice(line.start, Math.min(line.end, line.start + 16)));
}

/** Whether two compact forms are spellings of one word or phrase: at most two edits apart, in words of five letters or more. */
function spellingVariants(a: string, b: string): boolean {
  if (a.length < 5 || b.length < 5) return false;
  const limit = Math.min(2, Math.floor(Math.min(a.length, b.length) / 5));
  return editDistance(a, b, limit) <= limit;
}

/** Whether a glossary form names something: it has a capital ("Heston Model", "BSM"), where a common noun has none. */
function named(text: string): boolean {
  return /\p{Lu}/u.test(text);
}

/** Whether one compact form contains the other. */
function nested(a: string, b: string): boolean {
  return a.includes(b) || b.includes(a);
}

/** Whether the occurrence's last word is a plural of its form's last word. */
function isPlural(doc: ParsedDocument, o: Occurrence): boolean {
  const info = doc.glossary.formInfo(o.ref);
  const have = o.tokens[o.tokens.length - 1]!.norm;
  const want = info.tokens[info.tokens.length - 1]?.norm ?? have;
  return have !== want && singularCandidates(have).includes(want);
}

/** A word's regular English plural ("Model" → "Models", "Strategy" → "Strategies"). */
function pluralOf(word: string): string {
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + 'ies';
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return word + 'es';
  return word + 's';
}

/** `o` rewritten to the first form as first written, keeping its plural and possessive. */
function rewritten(doc: ParsedDocument, o: Occurrence, first: Occurrence, firstSurface: string): string {
  const last = o.tokens[o.tokens.length - 1]!;
  const text = isPlural(doc, o) && !isPlural(doc, first) ? pluralOf(firstSurface) : firstSurface;
  return text + doc.text.slice(last.wordEnd, last.end);
}
