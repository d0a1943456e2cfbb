/**
 * Edit distance between two words, shared by the matcher's near-miss search and the glossary
 * loader's "did you mean" suggestions.
 */

/**
 * Damerau-Levenshtein distance in its optimal string alignment form: the fewest insertions,
 * deletions, substitutions and swaps of two adjacent characters that turn `a` into `b`, no
 * substring being edited more than once. Compares UTF-16 code units, case-sensitively.
 *
 * @param max Cap on the distance (default `Infinity`, no cap): as soon as the distance is sure
 *   to exceed it, `max + 1` is returned, so checking a word against a far one costs little. Any
 *   distance over `max` is returned as `max + 1`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Three rolling rows of the dynamic-programming table: two rows back (for swaps), the previous row, the current one.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // No row's minimum is below the one before it, and the distance is at least the last row's minimum.
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, max + 1);
}
