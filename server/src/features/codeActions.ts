/** Quick fixes for term diagnostics: replace the flagged text with the glossary's spelling. */

import type { ParsedDocument } from '../text/document';
import type { Range } from '../text/lineIndex';
import type { TermDiagnostic } from './diagnostics';

/** A diagnostic as the client sends it back in a code action request. */
export interface DiagnosticLike {
  readonly range: Range;
  readonly code?: string | number;
  readonly source?: string;
  readonly data?: unknown;
}

/** A quick fix, shaped like an LSP `CodeAction` with a workspace edit for one document. */
export interface TermCodeAction {
  readonly title: string;
  readonly kind: 'quickfix';
  readonly diagnostics: DiagnosticLike[];
  readonly isPreferred: boolean;
  readonly edit: { readonly changes: Record<string, Array<{ readonly range: Range; readonly newText: string }>> };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * The client's copy of one of our diagnostics, to name in the action: the same code and either our
 * offsets in its `data` or the same range. Falls back to our own diagnostic.
 */
function clientCopy(ours: TermDiagnostic, sent: readonly DiagnosticLike[]): DiagnosticLike {
  return (
    sent.find((d) => {
      if (d.source !== 'termlens' || d.code !== ours.code) return false;
      const data = d.data as { start?: unknown } | undefined;
      return data?.start === ours.data.start || sameRange(d.range, ours.range);
    }) ?? ours
  );
}

/**
 * One quick fix per diagnostic the server itself finds in `doc` that overlaps `range`. The fixes
 * come from the server's own diagnostics, not from what the client sends back: clients differ in
 * whether they keep a diagnostic's `data`, and some send columns in bytes (Neovim before 0.10), so
 * an edit built from their copy could land in the wrong place. `sent` only names the diagnostic
 * each fix resolves.
 */
export function computeCodeActions(
  doc: ParsedDocument,
  uri: string,
  range: Range,
  ours: readonly TermDiagnostic[],
  sent: readonly DiagnosticLike[] = [],
): TermCodeAction[] {
  const from = doc.lines.offsetAt(range.start);
  const to = doc.lines.offsetAt(range.end);
  return ours
    .filter((d) => d.data.end >= from && d.data.start <= to)
    .map((d) => ({
      title: `Replace with "${d.data.replacement}"`,
      kind: 'quickfix' as const,
      diagnostics: [clientCopy(d, sent)],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: d.range, newText: d.data.replacement }] } },
    }));
}
