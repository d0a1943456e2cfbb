import { describe, expect, test } from 'vitest';
import { editDistance } from '../../server/src/core/text/editDistance';

describe('editDistance', () => {
  test.each([
    ['identical', 'vega', 'vega', 0],
    ['substitution', 'heston', 'hesten', 1],
    ['insertion', 'sholes', 'scholes', 1],
    ['deletion', 'scholes', 'sholes', 1],
    ['transposition', 'model', 'modle', 1],
    ['transposition at the start', 'ab', 'ba', 1],
    ['from empty', '', 'gamma', 5],
    ['to empty', 'gamma', '', 5],
    ['case-sensitive', 'Vega', 'vega', 1],
    ['two edits', 'definitions', 'defintion', 2],
    // Optimal string alignment: "ca" -> "ac" -> "abc" would edit the swapped pair again, so 3 not 2.
    ['no edit of a swapped pair', 'ca', 'abc', 3],
    ['nothing in common', 'abc', 'xyz', 3],
  ])('%s: %s ~ %s = %i', (_name, a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
    expect(editDistance(a, b, d)).toBe(d);
  });

  test.each([
    ['abc', 'xyz', 1],
    ['abcdef', 'ab', 2],
    ['ab', '', 1],
    ['kitten', 'sitting', 2],
    ['heston', 'hestonmodel', 0],
  ])('capped: %s ~ %s with max %i is max + 1', (a, b, max) => {
    expect(editDistance(a, b, max)).toBe(max + 1);
    expect(editDistance(b, a, max)).toBe(max + 1);
  });
});
