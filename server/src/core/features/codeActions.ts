/** Quick fixes for term diagnostics: the fix each diagnostic carries, as a workspace edit. */

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
  /** The server's own diagnostic the fix resolves (`diagnostics` names the client's copy of it when there is one). */
  readonly resolves: TermDiagnostic;
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
 * One quick fix per diagnostic the server itself finds in `doc` that overlaps `range` and carries
 * a fix. The fixes come from the server's own diagnostics, not from what the client sends back:
 * clients differ in whether they keep a diagnostic's `data`, and some send columns in bytes
 * (Neovim before 0.10), so an edit built from their copy could land in the wrong place. `sent`
 * only names the diagnostic each fix resolves. Safe fixes (glossary spellings) are preferred.
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
  const actions: TermCodeAction[] = [];
  for (const d of ours) {
    const fix = d.data.fix;
    if (!fix || d.data.end < from || d.data.start > to) continue;
    actions.push({
      title: fix.title,
      kind: 'quickfix',
      diagnostics: [clientCopy(d, sent)],
      resolves: d,
      isPreferred: fix.safe,
      edit: { changes: { [uri]: fix.edits.map((e) => ({ range: doc.lines.range(e.start, e.end), newText: e.newText })) } },
    });
  }
  return actions;
}
