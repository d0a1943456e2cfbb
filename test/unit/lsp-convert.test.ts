/** The one module that turns termlens's results into LSP objects (server/src/lsp/convert.ts). */

import { describe, expect, it } from 'vitest';
import { CodeActionKind, CompletionItemKind, DiagnosticSeverity, MarkupKind } from 'vscode-languageserver';
import type { TermCodeAction } from '../../server/src/core/features/codeActions';
import type { TermCompletionItem } from '../../server/src/core/features/completion';
import { withRanges, type TermFinding } from '../../server/src/core/features/diagnostics';
import {
  problemDiagnostic,
  toLspCodeAction,
  toLspCompletionItem,
  toLspCompletionList,
  toLspDiagnostic,
  toLspHover,
  withDocumentation,
} from '../../server/src/lsp/convert';
import { LineIndex } from '../../server/src/core/text/lineIndex';

describe('lsp/convert', () => {
  const text = 'We use the BSM.\nLater: Black-Scholes-Merton Model (BSM).\n';
  const lines = new LineIndex(text);
  const start = text.indexOf('BSM');
  const later = text.indexOf('(BSM)');

  it('turns a finding by offsets into an LSP diagnostic with range, severity, related locations and data', () => {
    const finding: TermFinding = {
      start,
      end: start + 3,
      code: 'acronym.before-definition',
      severity: 'warning',
      message: '"BSM" is used before its definition',
      conceptId: 'bsm',
      fix: { title: 'Write it out', edits: [{ start, end: start + 3, newText: 'Black-Scholes-Merton Model (BSM)' }], safe: false },
      related: [{ start: later, end: later + 5, message: 'defined here' }],
    };
    expect(toLspDiagnostic(withRanges(finding, lines), 'file:///n.md')).toEqual({
      range: { start: { line: 0, character: 11 }, end: { line: 0, character: 14 } },
      severity: DiagnosticSeverity.Warning,
      code: 'acronym.before-definition',
      source: 'termlens',
      message: '"BSM" is used before its definition',
      data: { start, end: start + 3, conceptId: 'bsm', fix: finding.fix },
      relatedInformation: [
        { location: { uri: 'file:///n.md', range: { start: { line: 1, character: 34 }, end: { line: 1, character: 39 } } }, message: 'defined here' },
      ],
    });
  });

  it('maps every severity name to its LSP number and leaves out empty related information', () => {
    for (const [severity, number] of [
      ['error', 1],
      ['warning', 2],
      ['information', 3],
      ['hint', 4],
    ] as const) {
      const d = toLspDiagnostic(withRanges({ start: 0, end: 2, code: 'term.variant', severity, message: 'm' }, lines), 'file:///n.md');
      expect(d.severity).toBe(number);
      expect(d).not.toHaveProperty('relatedInformation');
    }
  });

  it('gives glossary and config problems a range clamped to their start', () => {
    expect(problemDiagnostic(lines, { start: 17, end: 10, code: 'config.invalid', message: 'bad' }, 'error')).toEqual({
      range: { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } },
      severity: DiagnosticSeverity.Error,
      code: 'config.invalid',
      source: 'termlens',
      message: 'bad',
    });
  });

  it('sends completion kinds as LSP kinds', () => {
    const item: TermCompletionItem = { label: 'x', insertText: 'x', start: 0, end: 1, kind: 'term', detail: 'd', filterText: 'x', conceptId: 'c' };
    expect(toLspCompletionItem({ ...item, kind: 'identifier' }, lines, 0).kind).toBe(CompletionItemKind.Variable);
    expect(toLspCompletionItem({ ...item, kind: 'term' }, lines, 0).kind).toBe(CompletionItemKind.Text);
    expect(CompletionItemKind.Variable).toBe(6);
    expect(CompletionItemKind.Text).toBe(1);
  });

  it('turns a hover by offsets into Markdown contents with the range of the term', () => {
    const at = text.indexOf('Black');
    expect(toLspHover({ markdown: '**Black-Scholes-Merton Model**', start: at, end: at + 26 }, lines)).toEqual({
      contents: { kind: MarkupKind.Markdown, value: '**Black-Scholes-Merton Model**' },
      range: { start: { line: 1, character: 7 }, end: { line: 1, character: 33 } },
    });
  });

  const item: TermCompletionItem = {
    label: 'black_scholes_merton_model',
    insertText: 'black_scholes_merton_model',
    start: text.indexOf('Black'),
    end: text.indexOf('Black') + 5,
    kind: 'identifier',
    detail: 'model · pricing',
    shownAfter: 'Black-Scholes-Merton Model',
    description: 'Foundational derivative pricing model',
    filterText: 'Black',
    conceptId: 'bsm',
  };

  it('turns a completion item by offsets into a text edit, label details, sort text by rank and the concept in data', () => {
    expect(toLspCompletionItem(item, lines, 12)).toEqual({
      label: 'black_scholes_merton_model',
      kind: CompletionItemKind.Variable,
      detail: 'model · pricing',
      labelDetails: { detail: ' Black-Scholes-Merton Model', description: 'Foundational derivative pricing model' },
      textEdit: { range: { start: { line: 1, character: 7 }, end: { line: 1, character: 12 } }, newText: 'black_scholes_merton_model' },
      filterText: 'Black',
      sortText: '00012',
      data: { conceptId: 'bsm' },
    });
  });

  it('leaves out label details the item lacks, and sends resolved documentation as Markdown', () => {
    const { shownAfter: _s, description: _d, ...bare } = item;
    const lsp = toLspCompletionItem(bare, lines, 0);
    expect(lsp.labelDetails).toEqual({ detail: undefined, description: undefined });
    expect(JSON.parse(JSON.stringify(lsp.labelDetails))).toEqual({});
    expect(lsp).not.toHaveProperty('documentation');
    expect(toLspCompletionItem({ ...item, documentation: '**BSM**' }, lines, 0).documentation).toEqual({ kind: MarkupKind.Markdown, value: '**BSM**' });
    expect(withDocumentation(lsp, undefined)).toBe(lsp);
    expect(withDocumentation(lsp, 'doc').documentation).toEqual({ kind: MarkupKind.Markdown, value: 'doc' });
  });

  it('numbers a completion list by rank and keeps isIncomplete', () => {
    const list = toLspCompletionList({ isIncomplete: true, items: [item, { ...item, label: 'b', kind: 'term' }] }, lines);
    expect(list.isIncomplete).toBe(true);
    expect(list.items.map((i) => [i.label, i.sortText, i.kind])).toEqual([
      ['black_scholes_merton_model', '00000', CompletionItemKind.Variable],
      ['b', '00001', CompletionItemKind.Text],
    ]);
  });

  describe('code actions', () => {
    const uri = 'file:///n.md';
    const finding: TermFinding = {
      start,
      end: start + 3,
      code: 'acronym.before-definition',
      severity: 'warning',
      message: 'm',
      fix: {
        title: 'Write it out',
        edits: [
          { start, end: start + 3, newText: 'Black-Scholes-Merton Model (BSM)' },
          { start: later, end: later + 5, newText: '' },
        ],
        safe: false,
      },
    };
    const ours = withRanges(finding, lines);
    const action: TermCodeAction = { title: 'Write it out', kind: 'quickfix', edits: finding.fix!.edits, diagnostic: ours, isPreferred: false };

    it('turns edits by offsets into a workspace edit of the document, and names our diagnostic when the client sent none', () => {
      expect(toLspCodeAction(action, uri, lines, [])).toEqual({
        title: 'Write it out',
        kind: CodeActionKind.QuickFix,
        diagnostics: [toLspDiagnostic(ours, uri)],
        isPreferred: false,
        edit: {
          changes: {
            [uri]: [
              { range: { start: { line: 0, character: 11 }, end: { line: 0, character: 14 } }, newText: 'Black-Scholes-Merton Model (BSM)' },
              { range: { start: { line: 1, character: 34 }, end: { line: 1, character: 39 } }, newText: '' },
            ],
          },
        },
      });
    });

    it("names the client's copy of the diagnostic: by our offsets in its data, or by its range", () => {
      const lsp = toLspDiagnostic(ours, uri);
      const moved = { ...lsp, range: { start: { line: 0, character: 20 }, end: { line: 0, character: 23 } } };
      expect(toLspCodeAction(action, uri, lines, [moved]).diagnostics).toEqual([moved]);
      const { data: _dropped, ...withoutData } = lsp;
      expect(toLspCodeAction(action, uri, lines, [withoutData]).diagnostics![0]).toBe(withoutData);
      // Another code, another source, or neither our offsets nor our range: not a copy.
      const others = [
        { ...lsp, code: 'term.variant' },
        { ...lsp, source: 'cspell' },
        { ...withoutData, range: moved.range },
      ];
      expect(toLspCodeAction(action, uri, lines, others).diagnostics).toEqual([lsp]);
    });
  });
});
