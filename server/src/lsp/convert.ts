/**
 * The one place where termlens's own results become LSP objects: diagnostics (with their related
 * places as locations in the document), hovers, definitions, completion items and quick fixes,
 * the problems of glossary and config files, and references, symbols and rename edits. The features return their own plain types; nothing
 * else in the server builds or casts protocol shapes.
 */

import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  MarkupKind,
  SymbolKind,
  TextDocumentEdit,
  type CodeAction,
  type CompletionItem,
  type CompletionList,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type Location,
  type Range,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { TermCodeAction } from '../core/features/codeActions';
import type { TermCompletionItem, TermCompletionList } from '../core/features/completion';
import type { TermLocation } from '../core/features/definition';
import type { SeverityNumber, TermDiagnostic } from '../core/features/diagnostics';
import type { TermHover } from '../core/features/hover';
import type { TermSymbol, TermSymbolKind } from '../core/features/symbols';
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

/** A hover as LSP sends it: Markdown contents and the range of the term (positions of `lines`, the document's line index). */
export function toLspHover(h: TermHover, lines: LineIndex): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: lines.range(h.start, h.end) };
}

export function toLspLocation(l: TermLocation): Location {
  return { uri: l.uri, range: l.range };
}

/**
 * A completion item as LSP sends it: a text edit over the item's offsets (positions of `lines`),
 * its kind (Text for a term, Variable for an identifier), and its concept in `data` for
 * `completionItem/resolve`. `rank` (its place in the list) gives `sortText`, so editors keep our order.
 */
export function toLspCompletionItem(item: TermCompletionItem, lines: LineIndex, rank: number): CompletionItem {
  const out: CompletionItem = {
    label: item.label,
    kind: item.kind === 'identifier' ? CompletionItemKind.Variable : CompletionItemKind.Text,
    detail: item.detail,
    labelDetails: { detail: item.shownAfter ? ` ${item.shownAfter}` : undefined, description: item.description || undefined },
    textEdit: { range: lines.range(item.start, item.end), newText: item.insertText },
    filterText: item.filterText,
    sortText: String(rank).padStart(5, '0'),
    data: { conceptId: item.conceptId },
  };
  return item.documentation === undefined ? out : withDocumentation(out, item.documentation);
}

/** A completion list as LSP sends it (positions of `lines`). */
export function toLspCompletionList(list: TermCompletionList, lines: LineIndex): CompletionList {
  return { isIncomplete: list.isIncomplete, items: list.items.map((item, i) => toLspCompletionItem(item, lines, i)) };
}

/** A completion item the client sent back, with its documentation filled (`documentation` is Markdown). */
export function withDocumentation(item: CompletionItem, documentation: string | undefined): CompletionItem {
  return documentation === undefined ? item : { ...item, documentation: { kind: MarkupKind.Markdown, value: documentation } };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/**
 * The client's copy of one of our diagnostics, among those it sent: the same code and either our
 * offsets in its `data` or the same range.
 */
export function clientCopy(ours: TermDiagnostic, sent: readonly Diagnostic[]): Diagnostic | undefined {
  return sent.find((d) => {
    if (d.source !== SOURCE || d.code !== ours.code) return false;
    const data = d.data as { start?: unknown } | undefined;
    return data?.start === ours.data.start || sameRange(d.range, ours.range);
  });
}

/**
 * A quick fix as LSP sends it: its edits by offsets become a workspace edit of the document `uri`
 * (positions of `lines`), and it names the client's copy of the diagnostic it resolves (one of
 * `sent`) when there is one, else the server's own diagnostic, converted.
 */
export function toLspCodeAction(a: TermCodeAction, uri: string, lines: LineIndex, sent: readonly Diagnostic[]): CodeAction {
  return {
    title: a.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [clientCopy(a.diagnostic, sent) ?? toLspDiagnostic(a.diagnostic, uri)],
    isPreferred: a.isPreferred,
    edit: { changes: { [uri]: a.edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText })) } },
  };
}

/** A span of a file by offsets (positions of `lines`, the file's line index) as an LSP location. */
export function toLspLocationAt(uri: string, lines: LineIndex, start: number, end: number): Location {
  return { uri, range: lines.range(start, end) };
}

/** A glossary symbol's kind in LSP: a concept is a key of the glossary, an area a namespace, a form a string. */
function toLspSymbolKind(kind: TermSymbolKind): SymbolKind {
  return kind === 'area' ? SymbolKind.Namespace : kind === 'form' ? SymbolKind.String : SymbolKind.Key;
}

/** A glossary file's symbol as an LSP document symbol (positions of `lines`), its children too. */
export function toLspDocumentSymbol(s: TermSymbol, lines: LineIndex): DocumentSymbol {
  return {
    name: s.name,
    ...(s.detail !== undefined ? { detail: s.detail } : {}),
    kind: toLspSymbolKind(s.kind),
    range: lines.range(s.start, s.end),
    selectionRange: lines.range(s.selectionStart, s.selectionEnd),
    ...(s.children ? { children: s.children.map((c) => toLspDocumentSymbol(c, lines)) } : {}),
  };
}

/** Document symbols as a flat list of symbol informations, for clients without hierarchical symbols; children name their parent. */
export function toLspSymbolInformation(symbols: readonly TermSymbol[], uri: string, lines: LineIndex, container?: string): SymbolInformation[] {
  return symbols.flatMap((s) => [
    { name: s.name, kind: toLspSymbolKind(s.kind), location: { uri, range: lines.range(s.start, s.end) }, ...(container ? { containerName: container } : {}) },
    ...toLspSymbolInformation(s.children ?? [], uri, lines, s.name),
  ]);
}

/** A concept as a workspace symbol at its glossary entry (`location`), named by its file (`container`). */
export function toLspWorkspaceSymbol(name: string, kind: TermSymbolKind, location: Location, container: string): SymbolInformation {
  return { name, kind: toLspSymbolKind(kind), location, containerName: container };
}

/** The edits of one file in a workspace edit: by offsets into `lines`' text, and the open document's version (null for a file on disk). */
export interface FileEdits {
  readonly uri: string;
  readonly version: number | null;
  readonly lines: LineIndex;
  readonly edits: readonly { readonly start: number; readonly end: number; readonly newText: string }[];
}

/**
 * One workspace edit of several files: versioned document changes when the client takes them
 * (`documentChanges`, so that an edit of a document changed meanwhile is refused), else plain changes.
 */
export function toLspWorkspaceEdit(files: readonly FileEdits[], documentChanges: boolean): WorkspaceEdit {
  const edits = (f: FileEdits): TextEdit[] => f.edits.map((e) => ({ range: f.lines.range(e.start, e.end), newText: e.newText }));
  if (documentChanges) return { documentChanges: files.map((f) => TextDocumentEdit.create({ uri: f.uri, version: f.version }, edits(f))) };
  return { changes: Object.fromEntries(files.map((f) => [f.uri, edits(f)])) };
}
