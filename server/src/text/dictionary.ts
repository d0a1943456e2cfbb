/**
 * An English word list, used only to keep false positives down: a near miss that is itself an
 * English word ("modes" beside "Model") is not a misspelling, and a capitalised glossary word that
 * is not an English word ("Heston", "Scholes") is a proper name whose spelling matters.
 * The list is loaded lazily, on first use, from a loader passed in by the entry point.
 */

/** Answers whether a lower-case word is an ordinary English word. */
export interface Dictionary {
  has(lowerCaseWord: string): boolean;
}

/**
 * Creates a dictionary from a loader returning newline-separated words. The loader runs once,
 * on the first `has` call; if it throws, the dictionary is empty (every word counts as unknown),
 * which only makes the checks that consult it more cautious, never crashes a request.
 */
export function createDictionary(load: () => string): Dictionary {
  let words: Set<string> | undefined;
  return {
    has(word: string): boolean {
      if (!words) {
        words = new Set();
        try {
          for (const line of load().split('\n')) {
            const w = line.trim().toLowerCase();
            if (w) words.add(w);
          }
        } catch {
          // An unreadable word list leaves the dictionary empty; see the function's JSDoc.
        }
      }
      return words.has(word);
    },
  };
}
