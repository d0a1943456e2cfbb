/**
 * The one place where termlens's own results become LSP objects: diagnostics (with their related
 * places as locations in the document), hovers, definitions, completion items and quick fixes, and
 * the problems of glossary and config files. The features return their own plain types; nothing
 * else in the server builds or casts protocol shapes.
 */

import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  MarkupKind,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type Hover,
  type Location,
  type Range,
} from 'vscode-languageserver';
import type { TermCodeAction } from '../core/features/codeActions';
import { KIND_VARIABLE, type TermCompletionItem, type TermCompletionList } from '../core/features/completion';
import type { TermLocation } from '../core/features/definition';
import type { SeverityNumber, TermDiagnostic } from '../core/features/diagnostics';
import type { TermHover } from '../core/features/hover';
import type { LineIndex } from '../core/text/lineIndex';

const SOURCE = 'termlens';

const SEVERITIES: Readonly<Record<SeverityNumber, DiagnosticSeverity>> = {
  1: DiagnosticSeverity.Error,
  2: DiagnosticSeverity.Warning,
  3: DiagnosticSeverity.Information,
  4: DiagnosticSeverity.Hint,
};

/** A term diagnostic as LSP sends it: related places become locations in the same document (`uri`). */
export function toLspDiagnostic(d: TermDiagnostic, uri: string): Diagnostic {
  const diagnostic: Diagnostic = { range: d.range, severity: SEVERITIES[d.severity], code: d.code, source: SOURCE, message: d.message, data: d.data };
  const related = d.relatedInformation;
  if (!related || related.length === 0) return diagnostic;
  return { ...diagnostic, relatedInformation: related.map((r) => ({ location: { uri, range: r.range }, message: r.message })) };
}

/** A note about the document itself (not about a term), e.g. why it was not checked. */
export function noteDiagnostic(range: Range, code: string, message: string): Diagnostic {
  return { range, severity: DiagnosticSeverity.Information, code, source: SOURCE, message };
}

/** The one diagnostic of a document over `termlens.maxDocumentSize`, at its start. */
export function tooLargeDiagnostic(length: number, limit: number): Diagnostic {
  const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MiB`;
  const at = { line: 0, character: 0 };
  return noteDiagnostic(
    { start: at, end: at },
    'document.too-large',
    `termlens diagnostics are paused for this document: it is ${mb(length)}, over termlens.maxDocumentSize (${mb(limit)}). Hover, completion and go to definition still work.`,
  );
}

/** The note on a block of Markdown (starting at `start`) that was not checked because remark ran over its time budget there. */
export function skippedDiagnostic(start: Range['start'], length: number): Diagnostic {
  return noteDiagnostic(
    { start, end: start },
    'document.skipped',
    `termlens skipped this block of Markdown (${length} characters): it took too long to parse (deeply nested lists or quotes, or thousands of unmatched * or _), so its terms are not checked.`,
  );
}

/** A problem of a glossary or config file, by offsets into its text (`lines`). */
export function problemDiagnostic(
  lines: LineIndex,
  p: { readonly start: number; readonly end: number; readonly code: string; readonly message: string },
  severity: 'error' | 'warning',
): Diagnostic {
  return {
    range: lines.range(p.start, Math.max(p.end, p.start)),
    severity: severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: p.code,
    source: SOURCE,
    message: p.message,
  };
}

export function toLspHover(h: TermHover): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.contents.value }, range: h.range };
}

export function toLspLocation(l: TermLocation): Location {
  return { uri: l.uri, range: l.range };
}

export function toLspCompletionItem(item: TermCompletionItem): CompletionItem {
  const out: CompletionItem = {
    label: item.label,
    kind: item.kind === KIND_VARIABLE ? CompletionItemKind.Variable : CompletionItemKind.Text,
    detail: item.detail,
    labelDetails: item.labelDetails,
    textEdit: item.textEdit,
    filterText: item.filterText,
    sortText: item.sortText,
    data: item.data,
  };
  return item.documentation ? { ...out, documentation: { kind: MarkupKind.Markdown, value: item.documentation.value } } : out;
}

export function toLspCompletionList(list: TermCompletionList): CompletionList {
  return { isIncomplete: list.isIncomplete, items: list.items.map(toLspCompletionItem) };
}

/** A completion item the client sent back, with its documentation filled (`documentation` is Markdown). */
export function withDocumentation(item: CompletionItem, documentation: string | undefined): CompletionItem {
  return documentation === undefined ? item : { ...item, documentation: { kind: MarkupKind.Markdown, value: documentation } };
}

/**
 * A quick fix as LSP sends it. Each action names the client's copy of the diagnostic it resolves
 * (one of `sent`) when there is one, else the server's own diagnostic, converted.
 */
export function toLspCodeAction(a: TermCodeAction, uri: string, sent: readonly Diagnostic[]): CodeAction {
  const changes: Record<string, { range: Range; newText: string }[]> = {};
  for (const [changed, edits] of Object.entries(a.edit.changes)) changes[changed] = edits.map((e) => ({ range: e.range, newText: e.newText }));
  return {
    title: a.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: a.diagnostics.map((d) => sent.find((s) => s === d) ?? toLspDiagnostic(a.resolves, uri)),
    isPreferred: a.isPreferred,
    edit: { changes },
  };
}
