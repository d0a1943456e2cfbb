/**
 * `termlens lint --fix`: the safe quick fixes applied by the real engine (bundled glossary) to a
 * note and a Python file, which touch nothing but the flagged terms; and the dry run's diff.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySafeFixes, unifiedDiff } from '../../server/src/cli/fix';
import type { DiagnosticCode, TermDiagnostic } from '../../server/src/features/diagnostics';
import { createTermService } from '../../server/src/service';
import { dictionary, repoRoot } from './helpers';

const service = createTermService({ dictionary });
service.store.setFile('file:///bundled.glossary.json', readFileSync(path.join(repoRoot, 'glossary', 'bundled.glossary.json'), 'utf8'), 'bundled');

/** The engine's diagnostics for a text. */
function linter(languageId: string): (text: string) => TermDiagnostic[] {
  return (text) => service.diagnostics(service.parse(text, languageId));
}

const TERM_CODES: readonly DiagnosticCode[] = ['term.misspelled', 'term.variant', 'term.deprecated'];

/** Fixes `before` and checks the result is `after`, clean of the term codes, with `applied` fixes. */
function expectFixed(before: string, languageId: string, after: string, applied: number): void {
  const lint = linter(languageId);
  const result = applySafeFixes(before, lint);
  expect(result.output).toBe(after);
  expect(result.applied).toBe(applied);
  expect(result.diagnostics.filter((d) => TERM_CODES.includes(d.code))).toEqual([]);
  expect(result.diagnostics).toEqual(lint(after));
}

describe('applySafeFixes on the real engine', () => {
  it('fixes misspelled, variant and deprecated terms in a note, not its code, URLs or link targets', () => {
    const note = [
      '# Pricing notes',
      '',
      'We calibrate the Hesten Model daily, compare it with the Black Scholes Merton model',
      'and avoid the BS Model in reports. The span model sets margins.',
      '',
      '```python',
      'hesten_model = "Hesten Model"  # the Hesten Model',
      '```',
      '',
      'Inline `Hesten Model` stays, as does https://example.com/Hesten-Model and',
      '[the Hesten Model paper](https://example.com/Hesten-Model).',
      '<https://example.com/Hesten-Model>',
      '',
    ].join('\n');
    const fixed = [
      '# Pricing notes',
      '',
      'We calibrate the Heston Model daily, compare it with the Black-Scholes-Merton model',
      'and avoid the Black-Scholes-Merton Model in reports. The SPAN model sets margins.',
      '',
      '```python',
      'hesten_model = "Hesten Model"  # the Hesten Model',
      '```',
      '',
      'Inline `Hesten Model` stays, as does https://example.com/Hesten-Model and',
      '[the Heston Model paper](https://example.com/Hesten-Model).',
      '<https://example.com/Hesten-Model>',
      '',
    ].join('\n');
    expectFixed(note, 'markdown', fixed, 5);
  });

  it('fixes comments and strings in code, not identifiers', () => {
    const py = [
      '# Calibrates the Hesten Model, not the BS Model.',
      'def hesten_model_price(spot):',
      '    label = "Hesten Model price"',
      '    key = "hesten_model"',
      '    return hestenModel(spot, "The span model")',
      '',
    ].join('\n');
    const fixed = [
      '# Calibrates the Heston Model, not the Black-Scholes-Merton Model.',
      'def hesten_model_price(spot):',
      '    label = "Heston Model price"',
      '    key = "hesten_model"',
      '    return hestenModel(spot, "The SPAN model")',
      '',
    ].join('\n');
    expectFixed(py, 'python', fixed, 4);
  });

  it('changes nothing in a clean text', () => {
    expectFixed('The Heston Model is fine.\n', 'markdown', 'The Heston Model is fine.\n', 0);
  });
});

/** A diagnostic carrying a fix of `edits` (as `[start, end, newText]`), for a scripted linter. */
function fixDiagnostic(edits: ReadonlyArray<readonly [number, number, string]>, safe = true): TermDiagnostic {
  const [start, end] = edits[0]!;
  return {
    range: { start: { line: 0, character: start }, end: { line: 0, character: end } },
    severity: 2,
    code: 'term.misspelled',
    source: 'termlens',
    message: 'm',
    data: { start, end, fix: { title: 't', edits: edits.map(([s, e, newText]) => ({ start: s, end: e, newText })), safe } },
  };
}

/** A linter that flags every occurrence of each key (overlapping ones too) with a safe or unsafe fix to its value. */
function wordLinter(fixes: Readonly<Record<string, string>>, safe = true): (text: string) => TermDiagnostic[] {
  return (text) => {
    const out: TermDiagnostic[] = [];
    for (const [from, to] of Object.entries(fixes)) {
      for (let i = text.indexOf(from); i >= 0; i = text.indexOf(from, i + 1)) out.push(fixDiagnostic([[i, i + from.length, to]], safe));
    }
    return out.sort((a, b) => a.data.start - b.data.start);
  };
}

describe('applySafeFixes passes', () => {
  it.each([
    ['applies fixes right to left in one pass', { ab: 'X', cd: 'YYY' }, 'ab cd ab', 'X YYY X', 3],
    ['defers an overlapping fix to the next pass', { abc: 'Q', bcd: 'R' }, 'abcd', 'Qd', 1],
    ['re-lints: a fix that reveals another is applied in a later pass', { aa: 'b', bb: 'c' }, 'aaaa', 'c', 3],
    ['ignores fixes that change nothing', { ab: 'ab' }, 'ab', 'ab', 0],
  ])('%s', (_name, fixes, before, after, applied) => {
    const result = applySafeFixes(before, wordLinter(fixes));
    expect([result.output, result.applied]).toEqual([after, applied]);
  });

  it('ignores unsafe fixes', () => {
    const result = applySafeFixes('ab', wordLinter({ ab: 'X' }, false));
    expect(result).toMatchObject({ output: 'ab', applied: 0 });
    expect(result.diagnostics).toHaveLength(1);
  });

  it('stops after maxPasses and returns the last text’s diagnostics', () => {
    const result = applySafeFixes('a', wordLinter({ a: 'aa' }), 3);
    expect(result.output).toBe('aaaaaaaa');
    expect(result.applied).toBe(1 + 2 + 4);
    expect(result.diagnostics).toHaveLength(8);
  });

  it('takes a fix with several edits whole or not at all', () => {
    let calls = 0;
    const lint = (): TermDiagnostic[] =>
      calls++ === 0 ? [fixDiagnostic([[0, 1, 'X']]), fixDiagnostic([[1, 2, 'Y'], [0, 1, 'Z']]), fixDiagnostic([[3, 4, 'W'], [5, 6, 'V']])] : [];
    expect(applySafeFixes('abcdef', lint).output).toBe('XbcWeV');
  });
});

describe('unifiedDiff', () => {
  it('writes a git-style diff', () => {
    expect(unifiedDiff('docs/a.md', 'one\nthe Hesten Model\nthree\n', 'one\nthe Heston Model\nthree\n')).toBe(
      ['--- a/docs/a.md', '+++ b/docs/a.md', '@@ -1,3 +1,3 @@', ' one', '-the Hesten Model', '+the Heston Model', ' three', ''].join('\n'),
    );
  });

  it('is empty when nothing changed', () => {
    expect(unifiedDiff('a.md', 'x\n', 'x\n')).toBe('');
  });
});
