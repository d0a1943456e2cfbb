/**
 * Terms that are also ordinary English words. A glossary marks such a concept `common` ("call",
 * "delta", "margin", "oracle"); its one-word forms then count as the term only where other finance
 * vocabulary is near: "the call's delta and gamma" is about options, "call the API" is not.
 */

import type { CompiledGlossary } from '../glossary/compiled';
import type { Occurrence } from './matcher';

/** Characters on either side of a common word in which its finance context is looked for. */
export const COMMON_CONTEXT = 200;

/** Other common terms (of distinct concepts) that make a context when no specific term is near. */
const COMMON_NEIGHBOURS = 2;

/**
 * Whether an occurrence is a one-word form of a `common` concept. Abbreviations (`IV`) and terms
 * of several words (`call option`) are finance vocabulary as they stand.
 */
function isCommonWord(glossary: CompiledGlossary, o: Occurrence): boolean {
  return o.tokens.length === 1 && glossary.concepts[o.ref.concept]!.common === true && glossary.form(o.ref).type !== 'abbreviation';
}

/**
 * `occurrences` (in document order) without the common words that have no finance context: a
 * kept one has a specific term (any occurrence that is not a common word) within
 * {@link COMMON_CONTEXT} characters, or common words of two other concepts there. Linear in the
 * occurrences (each looks only at its neighbours within the window).
 */
export function withFinanceContext(occurrences: readonly Occurrence[], glossary: CompiledGlossary): readonly Occurrence[] {
  if (!glossary.concepts.some((c) => c.common)) return occurrences;
  const common = occurrences.map((o) => isCommonWord(glossary, o));
  if (!common.includes(true)) return occurrences;
  const n = occurrences.length;
  // The nearest specific occurrence before and after each index.
  const before = new Int32Array(n);
  const after = new Int32Array(n);
  for (let i = 0, last = -1; i < n; i++) {
    before[i] = last;
    if (!common[i]) last = i;
  }
  for (let i = n - 1, next = -1; i >= 0; i--) {
    after[i] = next;
    if (!common[i]) next = i;
  }
  const out: Occurrence[] = [];
  for (let i = 0; i < n; i++) {
    const o = occurrences[i]!;
    if (!common[i]) {
      out.push(o);
      continue;
    }
    const b = before[i]!;
    const a = after[i]!;
    const near = (j: number): boolean => j >= 0 && Math.max(occurrences[j]!.start - o.end, o.start - occurrences[j]!.end) <= COMMON_CONTEXT;
    if (near(b) || near(a) || commonNeighbours(occurrences, common, i) >= COMMON_NEIGHBOURS) out.push(o);
  }
  return out;
}

/** Distinct other concepts among the common words within the window around occurrence `i`. */
function commonNeighbours(occurrences: readonly Occurrence[], common: readonly boolean[], i: number): number {
  const o = occurrences[i]!;
  const concepts = new Set<number>();
  for (let j = i - 1; j >= 0 && o.start - occurrences[j]!.end <= COMMON_CONTEXT; j--) {
    if (common[j] && occurrences[j]!.ref.concept !== o.ref.concept) concepts.add(occurrences[j]!.ref.concept);
  }
  for (let j = i + 1; j < occurrences.length && occurrences[j]!.start - o.end <= COMMON_CONTEXT; j++) {
    if (common[j] && occurrences[j]!.ref.concept !== o.ref.concept) concepts.add(occurrences[j]!.ref.concept);
  }
  return concepts.size;
}
