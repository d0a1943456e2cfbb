/** Quick fixes for term diagnostics: replace the flagged text with the glossary's spelling. */

import type { ParsedDocument } from '../text/document';
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
  if (typeof data.original !== 'string' || typeof data.start !== 'number' || typeof data.end !== 'number') return undefined;
  return data as TermDiagnosticData;
}

/**
 * One quick fix per termlens diagnostic that overlaps `range` (some clients send every diagnostic
 * of the line) and whose flagged text is still in the document where it was (a stale diagnostic
 * gets no fix rather than a wrong one). Edits use the server's own offsets, never the client's range.
 */
export function computeCodeActions<D extends DiagnosticLike>(
  doc: ParsedDocument,
  uri: string,
  range: Range,
  diagnostics: readonly D[],
): TermCodeAction<D>[] {
  const from = doc.lines.offsetAt(range.start);
  const to = doc.lines.offsetAt(range.end);
  const actions: TermCodeAction<D>[] = [];
  for (const d of diagnostics) {
    const data = fixData(d);
    if (!data || data.end < from || data.start > to) continue;
    if (doc.text.slice(data.start, data.end) !== data.original) continue;
    actions.push({
      title: `Replace with "${data.replacement}"`,
      kind: 'quickfix',
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: doc.lines.range(data.start, data.end), newText: data.replacement }] } },
    });
  }
  return actions;
}
