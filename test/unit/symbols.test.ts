/**
 * Symbols of the glossary: the outline of a glossary file (YAML and JSON, block and flow style,
 * while the file breaks the schema), its document symbols, Workspace Symbols over the served
 * concepts (workspace glossaries first) and the code lens title.
 */

import { describe, expect, it } from 'vitest';
import { glossaryDocumentSymbols, glossaryOutline, usesTitle, workspaceSymbols, type TermSymbol } from '../../server/src/core/features/symbols';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { dictionary } from './helpers';

const YAML = `concepts:
  - term: Heston Model
    abbreviations: [HM]
    aliases:
      - Heston's model
      - form: Heston SV model
    deprecated: [{ form: Heston-Nandi, reason: another model }]
  - { term: "SABR Model", kind: term }
  - term: Volatility
    kind: area
  - definitions: [an entry without a term]
`;

/** A symbol tree as `name (detail) [kind] @ text at its selection`, children indented. */
function describeSymbols(symbols: readonly TermSymbol[], text: string, depth = 0): string[] {
  return symbols.flatMap((s) => [
    `${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''} [${s.kind}] @ ${text.slice(s.selectionStart, s.selectionEnd)}`,
    ...describeSymbols(s.children ?? [], text, depth + 1),
  ]);
}

describe('the outline of a glossary file', () => {
  it('lists each entry with a term, its forms as children', () => {
    expect(describeSymbols(glossaryDocumentSymbols(glossaryOutline(YAML, 'file:///t.glossary.yaml')), YAML)).toEqual([
      'Heston Model (HM) [concept] @ Heston Model',
      '  Heston Model (preferred) [form] @ Heston Model',
      "  Heston's model (alias) [form] @ Heston's model",
      '  Heston SV model (alias) [form] @ Heston SV model',
      '  HM (abbreviation) [form] @ HM',
      '  Heston-Nandi (deprecated) [form] @ Heston-Nandi',
      'SABR Model [concept] @ "SABR Model"',
      '  SABR Model (preferred) [form] @ "SABR Model"',
      'Volatility [area] @ Volatility',
      '  Volatility (preferred) [form] @ Volatility',
    ]);
  });

  it('spans each entry from its first key to its last value', () => {
    const [heston] = glossaryOutline(YAML, 'file:///t.glossary.yaml');
    expect(YAML.slice(heston!.start, heston!.end)).toMatch(/^term: Heston Model[\s\S]*another model \}\]$/);
  });

  it('reads JSON, and a file the schema rejects', () => {
    const json = '{ "concepts": [ { "term": "Heston Model", "aliases": ["Heston"], "definitions": 3 } ] }';
    expect(parseGlossaryText(json, 'file:///t.glossary.json').problems.length).toBeGreaterThan(0);
    expect(describeSymbols(glossaryDocumentSymbols(glossaryOutline(json, 'file:///t.glossary.json')), json)).toEqual([
      'Heston Model [concept] @ "Heston Model"',
      '  Heston Model (preferred) [form] @ "Heston Model"',
      '  Heston (alias) [form] @ "Heston"',
    ]);
  });

  it.each([
    ['not YAML at all', '{ ['],
    ['no concepts list', 'name: x\n'],
    ['an empty file', ''],
  ])('is empty for %s', (_what, text) => {
    expect(glossaryOutline(text, 'file:///t.glossary.yaml')).toEqual([]);
  });
});

describe('workspace symbols', () => {
  const workspace = parseGlossaryText('concepts:\n  - term: Heston Volatility Smile\n  - term: Quokka Rate\n', 'file:///ws/terms.glossary.yaml').concepts;
  const bundled = parseGlossaryText(
    'concepts:\n  - term: Heston Model\n  - term: Black-Scholes Model\n  - term: Zeta Rate\n',
    'file:///bundled.glossary.yaml',
  ).concepts;
  const glossary = new CompiledGlossary([...bundled, ...workspace], dictionary);
  const isWorkspace = (i: number) => glossary.concepts[i]!.origin?.uri === 'file:///ws/terms.glossary.yaml';
  const names = (query: string, limit?: number) => workspaceSymbols(glossary, query, { isWorkspace, limit }).map((i) => glossary.preferred(i));

  it('finds concepts fuzzily, workspace ones first', () => {
    expect(names('heston')).toEqual(['Heston Volatility Smile', 'Heston Model']);
    expect(names('hestn')).toContain('Heston Model');
  });

  it('lists workspace concepts, then bundled ones, alphabetically for an empty query', () => {
    expect(names('')).toEqual(['Heston Volatility Smile', 'Quokka Rate', 'Black-Scholes Model', 'Heston Model', 'Zeta Rate']);
    expect(names('', 3)).toEqual(['Heston Volatility Smile', 'Quokka Rate', 'Black-Scholes Model']);
  });
});

describe('the code lens title', () => {
  it.each([
    [12, 5, '12 uses in 5 files'],
    [1, 1, '1 use in 1 file'],
    [0, 0, 'no uses in the workspace'],
  ])('%i uses in %i files', (uses, files, title) => {
    expect(usesTitle(uses, files)).toBe(title);
  });
});
