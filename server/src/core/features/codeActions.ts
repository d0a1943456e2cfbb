/** Quick fixes for term diagnostics: the fix each diagnostic carries, as edits by offsets. */

import type { TermDiagnostic } from './diagnostics';

/** One edit of a quick fix: replace the document text from `start` to `end` (offsets) with `newText`. */
export interface TermTextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** A quick fix as plain data: edits to the document by offsets, and the server's own diagnostic it resolves. */
export interface TermCodeAction {
  readonly title: string;
  readonly kind: 'quickfix';
  readonly edits: readonly TermTextEdit[];
  /** The server's own diagnostic the fix resolves. */
  readonly diagnostic: TermDiagnostic;
  /** Safe fixes (glossary spellings) are preferred. */
  readonly isPreferred: boolean;
}

/**
 * One quick fix per diagnostic the server itself finds in a document (`ours`) that overlaps the offsets
 * `from`..`to` and carries a fix. The fixes come from the server's own diagnostics, not from what
 * the client sends back: clients differ in whether they keep a diagnostic's `data`, and some send
 * columns in bytes (Neovim before 0.10), so an edit built from their copy could land in the wrong
 * place. Safe fixes (glossary spellings) are preferred.
 */
export function computeCodeActions(ours: readonly TermDiagnostic[], from: number, to: number): TermCodeAction[] {
  const actions: TermCodeAction[] = [];
  for (const d of ours) {
    const fix = d.data.fix;
    if (!fix || d.data.end < from || d.data.start > to) continue;
    actions.push({
      title: fix.title,
      kind: 'quickfix',
      edits: fix.edits.map((e) => ({ start: e.start, end: e.end, newText: e.newText })),
      diagnostic: d,
      isPreferred: fix.safe,
    });
  }
  return actions;
}
