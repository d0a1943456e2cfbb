/**
 * What a careful reader sees around an abbreviation that tells it is a *name* (of a model, a
 * token, a firm, a library) or is *spelled out on the same line*, so `acronym.undefined` leaves it
 * alone. A name is recognised at any of its uses and then holds for the whole note: "ABC's price
 * drops" makes "ABC" a name in the sentences before it too.
 */

import type { ParsedDocument } from '../text/document';
import { lineAround } from '../text/lines';
import type { Token } from '../text/tokens';

/** Glossary areas whose abbreviations are tickers: a word listed with one of them is a ticker too. */
const TICKER_AREAS: ReadonlySet<string> = new Set(['Crypto Assets', 'Equities', 'Stablecoins']);

/** Nouns that, right after the word, say what kind of named thing it is ("the NFTX contract", "the default GSMB prefix"). */
const CLASS_AFTER =
  /^(?:\s+(?:and|&)\s+\p{Lu}[\p{L}\p{N}-]*)?\s+(?:models?|framework|library|package|dataset|prefix|encoding|protocol|platform|pricer)(?![\p{L}\p{N}])/u;

/** Nouns that, right before the word, say what kind of named thing it is ("the dataset PBFA", "encoding MIK"). */
const CLASS_BEFORE = /(?<![\p{L}\p{N}])(?:dataset|encoding|library|framework|package|token|ticker|symbol|price of)\s+$/u;

/** A word joining two items of a list ("APPL and TSLA", "APPL 和 TSLA", "OSQTH for WETH"). */
const JOINING_WORD = /^(?:and|or|for|vs|和|或|與|и|или|y|o|ou|et|und|oder)$/u;

/** Words an expansion may skip without a letter of its own ("Bank *for* International Settlements"). */
const SKIPPABLE = new Set(['of', 'for', 'the', 'and', 'to', 'in', 'on', 'de', 'a', 'an', '&']);

/**
 * Whether the use of an abbreviation at `tokens[i]` shows it is a name:
 * - possessive ("QC's battle-tested infrastructure", "ABC’s price");
 * - a token with its contract address ("SAMB (0x1e2D…)") or its price ("the price of DG");
 * - followed or preceded by what kind of thing it is ("the NFTX contract", "dataset PBFA");
 * - hyphenated with another abbreviation into one name ("DDG-DA");
 * - listed with a ticker the glossary knows ("APPL and TSLA", "OSQTH for WETH");
 * - a list item of its own among items that are single names ("* SDL" between "* LinkForest" and "* Ztake");
 * - alone on its line in bold ("**TMKMS**"), a heading in all but name.
 */
export function namesAThing(doc: ParsedDocument, tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!;
  const text = doc.text;
  const after = text.slice(t.wordEnd, t.wordEnd + 24);
  const before = text.slice(Math.max(0, t.start - 24), t.start);
  // A possessive followed by what it owns ("QC's battle-tested infrastructure"), not a plural
  // ("SCCP's."), and with no article: "the CLOB's depth" is a thing's, not a name's.
  const article = /(?<![\p{L}\p{N}])(?:the|a|an|this|that|each|every|our|its)\s+$/iu.test(before);
  if (t.end > t.wordEnd && !article && /^ \p{L}/u.test(text.slice(t.end, t.end + 2))) return true;
  if (/^\s*\(\s*0x[0-9a-fA-F]{6}/.test(after) || CLASS_AFTER.test(after) || CLASS_BEFORE.test(before)) return true;
  if (hyphenatedName(text, tokens, i - 1) || hyphenatedName(text, tokens, i)) return true;
  if (listedWithTicker(doc, tokens, i)) return true;
  const line = lineAround(doc, t.start);
  const own = text.slice(line.start, line.end);
  if (/^\s*(\*\*|__)[^*_\s]+\1\s*$/.test(own)) return true;
  return /^\s*[-*+]\s+\S+\s*$/.test(own) && singleWordItem(doc, line.start - 1) && singleWordItem(doc, line.end + (text[line.end] === '\r' ? 2 : 1));
}

/**
 * Whether `key` is spelled out by the initials of consecutive words on the same line as its use
 * at `start` ("Post only reject? → PO reject", "| maintenance margin fraction | … MMF …",
 * "GTT (Good til time)" after markup): each word gives the next letters of the key from its own
 * start ("Goldman Sachs Identifier" for GSID), and small words may give none.
 */
export function spelledOutOnLine(doc: ParsedDocument, key: string, start: number): boolean {
  const text = doc.text;
  const line = lineAround(doc, start);
  if (line.end - line.start > 2000) return false;
  // Link targets and bare URLs are not read: "continuous-clearing-auction" in a link does not spell out CCA.
  const visible = text.slice(line.start, line.end).replace(/\]\([^)\s]*\)|[a-z][a-z0-9+.-]*:\/\/\S+/giu, ' ');
  const lower = key.toLowerCase();
  // An expansion is a phrase: words separated by spaces and hyphens only ("calculator; the calculator" is two).
  for (const phrase of visible.split(/[^\p{L}\p{N}&\s-]+/u)) {
    const words = phrase.split(/[\s-]+/).filter((w) => w.length > 0);
    for (let w = 0; w < words.length; w++) {
      if (words[w]![0]!.toLowerCase() === lower[0] && words[w] !== key && initialsFrom(words, w, lower)) return true;
    }
  }
  return false;
}

/** Whether words from `words[w]` on spell `key` (lower case) with at least two words contributing. */
function initialsFrom(words: readonly string[], w: number, key: string): boolean {
  const step = (wi: number, ki: number, used: number): boolean => {
    if (ki === key.length) return used >= 2;
    const word = words[wi]?.toLowerCase();
    // The abbreviation itself is no part of its expansion ("the context of CCA and how").
    if (word === undefined || word === key) return false;
    if (used > 0 && SKIPPABLE.has(word) && step(wi + 1, ki, used)) return true;
    // The word gives one or more letters from its start: "Identifier" gives "id" of GSID.
    for (let n = 1; n <= word.length && ki + n <= key.length && word[n - 1] === key[ki + n - 1]; n++) {
      if (step(wi + 1, ki + n, used + 1)) return true;
    }
    return false;
  };
  return step(w, 0, 0);
}

/**
 * Whether the use opens an entry that describes it: "- XAD - Automatic Differentiation Library
 * in Python", "**OPDS**: Method proposed by …", "[OPDS: \"Universal Trading for …\"]". The
 * entry is the explanation a directory or a paper list gives.
 */
export function describedInEntry(doc: ParsedDocument, start: number, end: number): boolean {
  const text = doc.text;
  const line = lineAround(doc, start);
  // Opened by a list marker, bold or a bracket, and followed by a title or a sentence: "QES: see the desk" is no entry.
  const opening = text.slice(line.start, start);
  if (!/^\s*(?:(?:[-*+]|\d+[.)])\s+)?[[*_]*$/.test(opening) || !/[-*+[_]|\d[.)]/.test(opening)) return false;
  return /^[*_]*\s*(?::|\s[-–—])\s+["“*_]*\p{Lu}\S*\s+\S+\s+\S+/u.test(text.slice(end, Math.min(line.end, end + 200)));
}

/**
 * Whether `key` abbreviates a one-word name the note writes at least twice, its letters taken in
 * order from that word ("VBT" for "vectorbt"): the name is written in lower case, is not an
 * English word, starts with the key's first letter and is longer than the key by three letters or more.
 */
export function abbreviatesNameInNote(doc: ParsedDocument, key: string): boolean {
  if (key.length < 3) return false;
  const first = key[0]!.toLowerCase();
  const letters = key.toLowerCase();
  const counts = new Map<string, number>();
  for (const m of doc.text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}_])${first}\\p{Ll}{${key.length + 2},30}(?![\\p{L}\\p{N}_])`, 'gu'))) {
    const word = m[0].toLowerCase();
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  for (const [word, count] of counts) {
    if (count < 2 || doc.glossary.dictionary.has(word)) continue;
    let k = 1;
    for (let w = 1; w < word.length && k < letters.length; w++) if (word[w] === letters[k]) k++;
    if (k === letters.length) return true;
  }
  return false;
}

/**
 * Whether `tokens[k]` and `tokens[k + 1]` are two abbreviations hyphenated into a name: no article
 * before and no lowercase word after, which would make the pair describe a thing ("the CLOB-AMM
 * bridge").
 */
function hyphenatedName(text: string, tokens: readonly Token[], k: number): boolean {
  const a = tokens[k];
  const b = tokens[k + 1];
  if (!a || !b || text.slice(a.end, b.start) !== '-') return false;
  const capitals = (t: Token): boolean => /^\p{Lu}{2,}$/u.test(text.slice(t.start, t.wordEnd));
  if (!capitals(a) || !capitals(b)) return false;
  const previous = tokens[k - 1];
  if (
    previous &&
    /^(?:the|a|an|this|that|each|every|our|its)$/i.test(text.slice(previous.start, previous.wordEnd)) &&
    /^\s+$/.test(text.slice(previous.end, a.start))
  ) {
    return false;
  }
  return !/^\s+\p{Ll}/u.test(text.slice(b.end, b.end + 3));
}

/**
 * Whether `tokens[i]` and a ticker the glossary knows are listed together: side by side with a
 * comma, slash or ampersand between, or with one joining word ("and", "or", "for", "和", "или").
 */
function listedWithTicker(doc: ParsedDocument, tokens: readonly Token[], i: number): boolean {
  const text = doc.text;
  // Two tokens are side by side with at most a comma, slash or ampersand and spaces between.
  const adjacent = (x: number, y: number): boolean => {
    const [a, b] = x < y ? [tokens[x]!, tokens[y]!] : [tokens[y]!, tokens[x]!];
    return b.start - a.end <= 3 && /^\s*[,/&]?\s*$/.test(text.slice(a.end, b.start));
  };
  const listMark = (x: number, y: number): boolean => /[,/&]/.test(text.slice(tokens[Math.min(x, y)]!.end, tokens[Math.max(x, y)]!.start));
  for (const d of [-1, 1]) {
    const near = tokens[i + d];
    if (!near || !adjacent(i, i + d)) continue;
    // "ETH GLV" is one name (the ETH vault), "ETH, GLV" a list.
    if (listMark(i, i + d) && isTicker(doc, near)) return true;
    const far = tokens[i + 2 * d];
    if (far && JOINING_WORD.test(text.slice(near.start, near.wordEnd)) && adjacent(i + d, i + 2 * d) && isTicker(doc, far)) return true;
  }
  return false;
}

function isTicker(doc: ParsedDocument, t: Token): boolean {
  const word = doc.text.slice(t.start, t.wordEnd);
  if (!/^[A-Z]{2,6}$/.test(word)) return false;
  const concept = doc.glossary.lookup(word);
  return concept !== undefined && concept.forms.some((f) => f.text === word) && concept.areas.some((a) => TICKER_AREAS.has(a));
}

/** Whether the line holding `offset` (none when it is past the text or the line is empty) is a list item of one word. */
function singleWordItem(doc: ParsedDocument, offset: number): boolean {
  if (offset < 0 || offset >= doc.text.length) return false;
  const line = lineAround(doc, offset);
  return /^\s*[-*+]\s+\S+\s*$/.test(doc.text.slice(line.start, line.end));
}
