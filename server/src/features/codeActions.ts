/** Quick fixes for term diagnostics: replace the flagged text with the glossary's spelling. */

import type { Range } from '../text/lineIndex';
import { diagnosticCodeDocs, type TermDiagnosticData } from './diagnostics';

/** A diagnostic as the client sends it back in a code action request. */
export interface DiagnosticLike {
  readonly range: Range;
  readonly code?: string | number;
  readonly source?: string;
  readonly data?: unknown;
}

/** A quick fix, shaped like an LSP `CodeAction` with a workspace edit for one document. */
export interface TermCodeAction<D extends DiagnosticLike = DiagnosticLike> {
  readonly title: string;
  readonly kind: 'quickfix';
  readonly diagnostics: D[];
  readonly isPreferred: boolean;
  readonly edit: { readonly changes: Record<string, Array<{ readonly range: Range; readonly newText: string }>> };
}

function fixData(d: DiagnosticLike): TermDiagnosticData | undefined {
  if (d.source !== 'termlens' || typeof d.code !== 'string' || !(d.code in diagnosticCodeDocs)) return undefined;
  const data = d.data as Partial<TermDiagnosticData> | undefined;
  if (!data || typeof data.replacement !== 'string' || typeof data.conceptId !== 'string') return undefined;
  return { replacement: data.replacement, conceptId: data.conceptId };
}

/** One quick fix per termlens diagnostic in `diagnostics` (the ones the editor passes for the requested range). */
export function computeCodeActions<D extends DiagnosticLike>(uri: string, diagnostics: readonly D[]): TermCodeAction<D>[] {
  const actions: TermCodeAction<D>[] = [];
  for (const d of diagnostics) {
    const data = fixData(d);
    if (!data) continue;
    actions.push({
      title: `Replace with "${data.replacement}"`,
      kind: 'quickfix',
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: d.range, newText: data.replacement }] } },
    });
  }
  return actions;
}
