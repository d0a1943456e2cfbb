/**
 * An English word list, used only to keep false positives down: a near miss that is itself an
 * English word ("modes" beside "Model") is not a misspelling, and a capitalised glossary word that
 * is not an English word ("Heston", "Scholes") is a proper name whose spelling matters.
 * The list is loaded lazily, on first use, from a loader passed in by the entry point.
 */

import { LineIndex } from './lineIndex';

/** Answers whether a lower-case word is an ordinary English word. */
export interface Dictionary {
  has(lowerCaseWord: string): boolean;
}

/**
 * The words as one sorted, newline-separated string and its {@link LineIndex}, searched by
 * bisection: a few megabytes, where a `Set` of 274,000 strings costs about ten times as much.
 */
interface SortedWords {
  readonly lines: LineIndex;
  /** Number of words: the lines of the text, none for an empty text. */
  readonly count: number;
}

function sortedWords(text: string): SortedWords {
  const lines = new LineIndex(text);
  return { lines, count: text === '' ? 0 : lines.lineCount };
}

function wordAt(words: SortedWords, i: number): string {
  return words.lines.lineText(i);
}

/**
 * Prepares a newline-separated list. A list already in {@link normalizeWordList}'s form (as the
 * build writes `dist/words.txt`) is used as it is; anything else is normalized first. The check
 * compares neighbouring words in place, by character codes, instead of slicing out every word:
 * on the bundled list (274,000 words) that is most of the cost of loading it.
 */
function prepare(raw: string): SortedWords {
  const text = withoutFinalNewline(raw);
  const words = sortedWords(text);
  const end = (i: number): number => (i + 1 < words.count ? words.lines.lineStart(i + 1) - 1 : text.length);
  for (let i = 0; i < words.count; i++) {
    const start = words.lines.lineStart(i);
    const stop = end(i);
    if (!isNormalWord(text, start, stop)) return prepare(normalizeWordList(raw));
    if (i > 0 && !isBefore(text, words.lines.lineStart(i - 1), end(i - 1), start, stop)) return prepare(normalizeWordList(raw));
  }
  return words;
}

/** Whether `text[start, end)` is a word as {@link normalizeWordList} writes it: not empty, trimmed, lower-case. */
function isNormalWord(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // Outside ASCII letters, digits and punctuation, let the string functions decide.
    if (c <= 0x20 || c >= 0x7f) {
      const word = text.slice(start, end);
      return word === word.trim().toLowerCase();
    }
    if (c >= 0x41 && c <= 0x5a) return false;
  }
  return true;
}

/** Whether `text[aStart, aEnd)` sorts strictly before `text[bStart, bEnd)`, as `<` compares strings (by UTF-16 code units). */
function isBefore(text: string, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  const n = Math.min(aEnd - aStart, bEnd - bStart);
  for (let k = 0; k < n; k++) {
    const a = text.charCodeAt(aStart + k);
    const b = text.charCodeAt(bStart + k);
    if (a !== b) return a < b;
  }
  return aEnd - aStart < bEnd - bStart;
}

function contains(words: SortedWords, word: string): boolean {
  let lo = 0;
  let hi = words.count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const candidate = wordAt(words, mid);
    if (candidate === word) return true;
    if (candidate < word) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

function withoutFinalNewline(raw: string): string {
  return raw.endsWith('\n') ? raw.slice(0, -1) : raw;
}

/** Options of {@link createDictionary}. */
export interface DictionaryOptions {
  /**
   * The loader returns a list already in {@link normalizeWordList}'s form, as the build writes
   * `dist/words.txt` (`test/unit/dictionary.test.ts` checks that it does): it is then searched as
   * it is, without the check of every word, which costs about 25 ms on the 274,000 bundled words
   * at every start. Default false: the list is checked and normalized when it needs to be.
   */
  readonly normalized?: boolean;
}

/**
 * Creates a dictionary from a loader returning newline-separated words. The loader runs once,
 * on the first `has` call; if it throws, the dictionary is empty (every word counts as unknown),
 * which only makes the checks that consult it more cautious, never crashes a request.
 */
export function createDictionary(load: () => string, options: DictionaryOptions = {}): Dictionary {
  let words: SortedWords | undefined;
  return {
    has(word: string): boolean {
      if (!words) {
        try {
          words = options.normalized ? sortedWords(withoutFinalNewline(load())) : prepare(load());
        } catch {
          // An unreadable word list leaves the dictionary empty; see the function's JSDoc.
          words = sortedWords('');
        }
      }
      return contains(words, word);
    },
  };
}

/** The build's form of a word list: lower-case, trimmed, deduplicated, sorted, one per line. */
export function normalizeWordList(raw: string): string {
  return (
    [...new Set(raw.split('\n').map((w) => w.trim().toLowerCase()))]
      .filter((w) => w !== '')
      .sort()
      .join('\n') + '\n'
  );
}
