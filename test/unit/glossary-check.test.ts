/** Cross-file glossary checks: related terms that name no concept. */

import { describe, expect, it } from 'vitest';
import { findUnknownRelated } from '../../server/src/core/glossary/check';
import { mergeLayers } from '../../server/src/core/glossary/layers';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { glossaryStats } from '../../server/src/cli/glossaryCommand';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import type { Concept } from '../../server/src/core/glossary/model';
import { bundled, dictionary } from './helpers';

/** Parses inline glossaries (uri → YAML), merges them in order and returns the unknown-related problems as `uri line:col "covered text"`. */
function unknownRelated(files: Record<string, string>, only?: string): string[] {
  const results = Object.entries(files).map(([uri, text]) => {
    const result = parseGlossaryText(text, uri);
    expect(result.problems).toEqual([]);
    return result;
  });
  const merged = mergeLayers(results);
  const options = only ? { only: (uri: string) => uri === only } : {};
  const problems = findUnknownRelated(merged.concepts, options);
  // The language server resolves names with the compiled glossary's lookup instead: same answers.
  const compiled = new CompiledGlossary(merged.concepts, dictionary);
  expect(findUnknownRelated(merged.concepts, { ...options, resolves: (name) => compiled.lookup(name) !== undefined })).toEqual(problems);
  return problems.map((p) => {
    const text = files[p.uri]!;
    const before = text.slice(0, p.start).split('\n');
    return `${p.uri} ${before.length}:${before[before.length - 1]!.length + 1} ${JSON.stringify(text.slice(p.start, p.end))} ${p.severity}`;
  });
}

describe('findUnknownRelated', () => {
  it('reports a related term naming no concept, at the related entry', () => {
    const yaml = `concepts:
  - term: Heston Model
    id: heston
    related: [Black-Scholes Model, Hestn Calibration, heston]
  - term: Black-Scholes-Merton Model
    aliases: [Black-Scholes Model]
`;
    expect(unknownRelated({ 'file:///a.glossary.yaml': yaml })).toEqual(['file:///a.glossary.yaml 4:36 "Hestn Calibration" warning']);
  });

  it('resolves related terms by id or any form, case- and hyphen-insensitively, across files', () => {
    const a = `concepts:
  - term: Vega
    related: [volga, black scholes merton model, VOMMA-ID]
`;
    const b = `concepts:
  - term: Volga
    id: vomma-id
  - term: Black-Scholes-Merton Model
`;
    expect(unknownRelated({ 'file:///a.glossary.yaml': a, 'file:///b.glossary.json.yaml': b })).toEqual([]);
  });

  it('checks only the files asked for, and JSON files too', () => {
    const json = '{"concepts": [{"term": "Vega", "related": ["Gamma", "Nowhere"]}]}';
    const yaml = 'concepts:\n  - term: Gamma\n    related: [Elsewhere]\n';
    expect(unknownRelated({ 'file:///a.glossary.json': json, 'file:///b.glossary.yaml': yaml }, 'file:///a.glossary.json')).toEqual([
      'file:///a.glossary.json 1:53 "\\"Nowhere\\"" warning',
    ]);
  });
});

describe('glossaryStats', () => {
  it('counts concepts by kind and area, terms by status and type', () => {
    const yaml = `concepts:
  - term: Heston Model
    abbreviations: [HM]
    deprecated: [Heston's Model]
    areas: [Pricing, Volatility]
  - term: Pricing
    kind: area
    areas: [Pricing]
  - term: Vega
    kind: definition
    aliases: [Kappa]
`;
    const { concepts } = parseGlossaryText(yaml, 'file:///g.glossary.yaml');
    const stats = glossaryStats(concepts, []);
    expect(stats).toMatchObject({
      concepts: 3,
      terms: 6,
      termsByStatus: { preferred: 3, admitted: 2, deprecated: 1, forbidden: 0 },
      termsByType: { fullForm: 3, variant: 2, abbreviation: 1 },
      conceptsByKind: { area: 1, term: 1, definition: 1 },
    });
    expect(Object.entries(stats.conceptsByArea)).toEqual([
      ['Pricing', 2],
      ['Volatility', 1],
    ]);
  });
});

describe('resolving related names with the compiled glossary', () => {
  it('gives the answers of the id and form-key sets for every related name of the bundled glossary, and near misses of them', () => {
    const glossary = bundled();
    // Every related name, each with its last letter dropped (mostly unknown) and upper-cased.
    const names = glossary.concepts.flatMap((c) => c.related.flatMap((name) => [name, name.slice(0, -1), name.toUpperCase()]));
    expect(names.length).toBeGreaterThan(1000);
    // One concept per name, in a file the check looks at, against the bundled concepts.
    const base = glossary.concepts[0]!;
    const probe = (name: string, i: number): Concept => ({
      ...base,
      id: `probe-${i}`,
      forms: [{ ...base.forms[0]!, text: `Probe ${i}`, status: 'preferred' }],
      related: [name],
      origin: { ...base.origin!, uri: 'file:///probe.glossary.yaml' },
    });
    const concepts = [...glossary.concepts, ...names.map(probe)];
    const compiled = new CompiledGlossary(concepts, dictionary);
    const only = (uri: string) => uri === 'file:///probe.glossary.yaml';
    const bySets = findUnknownRelated(concepts, { only });
    const byLookup = findUnknownRelated(concepts, { only, resolves: (name) => compiled.lookup(name) !== undefined });
    expect(byLookup).toEqual(bySets);
    expect(bySets.length).toBeGreaterThan(100);
    expect(bySets.length).toBeLessThan(names.length);
  });
});
