/** `termlens lint --fix` and `--fix-dry-run`: the safe quick fixes applied to a text, and its diff. */

import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { TermDiagnostic, TextEditSpan } from '../features/diagnostics';

/** Whether two edits touch the same text; two insertions at one point, or one at a replacement's edge, also clash. */
function overlaps(a: TextEditSpan, b: TextEditSpan): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const empty = a.start === a.end || b.start === b.end;
  return empty && a.start <= b.end && b.start <= a.end;
}

/**
 * Applies the safe fixes (`data.fix.safe`) of `lint`'s diagnostics, in passes: each pass takes
 * every safe fix whose edits overlap none taken before it in that pass (a fix is taken whole or
 * not at all; fixes that would change nothing are ignored), applies their edits right to left and
 * lints the result again, until a pass changes nothing or after `maxPasses` (default 10) passes.
 * Returns the final text, the number of fixes applied and the final text's diagnostics.
 */
export function applySafeFixes(
  text: string,
  lint: (text: string) => readonly TermDiagnostic[],
  maxPasses = 10,
): { output: string; applied: number; diagnostics: readonly TermDiagnostic[] } {
  let output = text;
  let applied = 0;
  let diagnostics = lint(output);
  for (let pass = 0; pass < maxPasses; pass++) {
    let taken = 0;
    const edits: TextEditSpan[] = [];
    for (const d of diagnostics) {
      const fix = d.data.fix;
      if (!fix?.safe || fix.edits.every((e) => output.slice(e.start, e.end) === e.newText)) continue;
      if (fix.edits.some((e) => edits.some((t) => overlaps(e, t)))) continue;
      taken++;
      edits.push(...fix.edits);
    }
    if (taken === 0) break;
    edits.sort((a, b) => b.start - a.start || b.end - a.end);
    for (const e of edits) output = output.slice(0, e.start) + e.newText + output.slice(e.end);
    applied += taken;
    diagnostics = lint(output);
  }
  return { output, applied, diagnostics };
}

/** A git-style unified diff (`--- a/PATH`, `+++ b/PATH`) from `before` to `after`; empty when they are equal. */
export function unifiedDiff(displayPath: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
}
