/** The one module that turns termlens's results into LSP objects (server/src/lsp/convert.ts). */

import { describe, expect, it } from 'vitest';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { withRanges, type TermFinding } from '../../server/src/core/features/diagnostics';
import { problemDiagnostic, toLspCompletionItem, toLspDiagnostic } from '../../server/src/lsp/convert';
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
    const item = { label: 'x', filterText: 'x', sortText: '00000', data: { conceptId: 'c' }, textEdit: { range: lines.range(0, 1), newText: 'x' } };
    expect(toLspCompletionItem({ ...item, kind: 6 }).kind).toBe(6);
    expect(toLspCompletionItem({ ...item, kind: 1 }).kind).toBe(1);
  });
});
