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

/** The fields of an occurrence that decide whether it has finance context. */
type Placed = Pick<Occurrence, 'start' | 'end' | 'ref' | 'tokens'>;

/**
 * Whether an occurrence is a one-word form of a `common` concept. Abbreviations (`IV`) and terms
 * of several words (`call option`) are finance vocabulary as they stand.
 */
function isCommonWord(glossary: CompiledGlossary, o: Placed): boolean {
  return o.tokens.length === 1 && glossary.concepts[o.ref.concept]!.common === true && glossary.form(o.ref).type !== 'abbreviation';
}

/** Per glossary, whether any of its concepts is `common`. */
const hasCommon = new WeakMap<CompiledGlossary, boolean>();

/**
 * `occurrences` (in document order) without the common words that have no finance context: a
 * kept one has a specific term (any occurrence that is not a common word) within
 * {@link COMMON_CONTEXT} characters, or common words of two other concepts there. Linear in the
 * occurrences (each looks only at its neighbours within the window).
 */
export function withFinanceContext(occurrences: readonly Occurrence[], glossary: CompiledGlossary): readonly Occurrence[] {
  const kept = financeContextFlags(occurrences, glossary);
  return kept.includes(0) ? occurrences.filter((_, i) => kept[i] === 1) : occurrences;
}

/** Per occurrence of `occurrences` (in document order), 1 if {@link withFinanceContext} keeps it, else 0. */
export function financeContextFlags(occurrences: readonly Placed[], glossary: CompiledGlossary): Uint8Array {
  const n = occurrences.length;
  const kept = new Uint8Array(n).fill(1);
  let any = hasCommon.get(glossary);
  if (any === undefined) hasCommon.set(glossary, (any = glossary.concepts.some((c) => c.common)));
  if (!any) return kept;
  const common = occurrences.map((o) => isCommonWord(glossary, o));
  if (!common.includes(true)) return kept;
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
  for (let i = 0; i < n; i++) {
    if (!common[i]) continue;
    const o = occurrences[i]!;
    const b = before[i]!;
    const a = after[i]!;
    const near = (j: number): boolean => j >= 0 && Math.max(occurrences[j]!.start - o.end, o.start - occurrences[j]!.end) <= COMMON_CONTEXT;
    if (!(near(b) || near(a) || commonNeighbours(occurrences, common, i) >= COMMON_NEIGHBOURS)) kept[i] = 0;
  }
  return kept;
}

/** Distinct other concepts among the common words within the window around occurrence `i`. */
function commonNeighbours(occurrences: readonly Placed[], common: readonly boolean[], i: number): number {
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
