/**
 * One concept with very many forms (tens of thousands of aliases, as a generated or imported
 * glossary can have): every stage — reading the file, merging layers, compiling, diagnostics
 * (`term.inconsistent` groups forms), hover, completion and its documentation — stays linear in
 * the number of forms, `term.inconsistent` groups forms exactly as comparing every pair did, and a
 * hover lists a bounded number of forms.
 */

import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/lib/generate.mjs';
import { computeCompletions, resolveCompletion } from '../../server/src/core/features/completion';
import { computeDiagnostics } from '../../server/src/core/features/diagnostics';
import { computeHover } from '../../server/src/core/features/hover';
import { computeFormGroups } from '../../server/src/core/features/noteRules';
import { renderConceptHover } from '../../server/src/core/features/render';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { mergeLayers } from '../../server/src/core/glossary/layers';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import type { Concept, TermForm } from '../../server/src/core/glossary/model';
import { parseDocument } from '../../server/src/core/text/document';
import { singularCandidates, tokenize } from '../../server/src/core/text/tokens';
import { dictionary, glossaryFrom, parse } from './helpers';

/** A concept with the given forms (the first preferred), as loaders never build it: no deduplication. */
function conceptWith(forms: readonly string[]): Concept {
  const list: TermForm[] = forms.map((text, i) => ({ text, status: i === 0 ? 'preferred' : 'admitted', type: i === 0 ? 'fullForm' : 'variant' }));
  return { id: 'c', kind: 'term', forms: list, senses: [], facets: [], related: [], areas: [] };
}

/** The grouping `term.inconsistent` made before: the first earlier form that `same()` accepts, comparing every pair. */
function pairwiseGroups(forms: readonly string[]): number[] {
  const norms = forms.map((f) => tokenize(f).map((t) => t.norm));
  const same = (a: string[], b: string[]): boolean =>
    a.length === b.length &&
    a.every((t, k) => {
      const u = b[k]!;
      if (t === u) return true;
      return k === a.length - 1 && (singularCandidates(t).includes(u) || singularCandidates(u).includes(t));
    });
  return norms.map((info, i) => {
    for (let j = 0; j < i; j++) if (same(norms[j]!, info)) return j;
    return i;
  });
}

describe('term.inconsistent groups forms in one pass', () => {
  it('gives the grouping of comparing every pair, plural edge cases included', () => {
    // "bas" ~ "bases" ~ "base" but not "bas" ~ "base": the relation is not transitive.
    const edge = [
      'Base',
      'Bases',
      'Bas',
      'Ba',
      'Strategy',
      'Strategies',
      'Strategie',
      'Strategi',
      'Class',
      'Classes',
      'Bus',
      'Buses',
      'Analysis',
      'Analyses',
      'Box',
      'Boxes',
      'Boxs',
      '%',
      '&&',
      'Go Bases',
      'Go Base',
      'Go Bas',
    ];
    expect(Array.from(computeFormGroups(new CompiledGlossary([conceptWith(edge)], dictionary), 0))).toEqual(pairwiseGroups(edge));

    const random = mulberry32(4242);
    const stems = ['bas', 'base', 'strateg', 'class', 'bu', 'box', 'analys', 'quer', 'model', 'optio', 'a', 'es', 's', 'ie'];
    const endings = ['', 's', 'es', 'ies', 'y', 'e', 'is', 'us', 'ss', 'ses'];
    const word = (): string => stems[Math.floor(random() * stems.length)]! + endings[Math.floor(random() * endings.length)]!;
    for (let round = 0; round < 40; round++) {
      const forms = Array.from({ length: 1 + Math.floor(random() * 60) }, () =>
        Array.from({ length: 1 + Math.floor(random() * 3) }, () => (random() < 0.5 ? word() : word().toUpperCase())).join(random() < 0.5 ? ' ' : '-'),
      );
      const glossary = new CompiledGlossary([conceptWith(['Other']), conceptWith(forms)], dictionary);
      expect(Array.from(computeFormGroups(glossary, 1)), forms.join(' | ')).toEqual(pairwiseGroups(forms));
    }
  });

  it('still reports two forms of a concept with thousands of aliases, and not a form and its plural', () => {
    const aliases = Array.from({ length: 3000 }, (_, i) => `      - Alias Term ${i + 1}`).join('\n');
    const glossary = glossaryFrom(`concepts:\n  - term: Alias Term\n    aliases:\n${aliases}\n      - Alias Term Model\n`);
    const codes = (text: string) =>
      computeDiagnostics(parse(text, 'markdown', glossary))
        .filter((d) => d.code === 'term.inconsistent')
        .map((d) => text.slice(d.data.start, d.data.end));
    expect(codes('The Alias Term 17 and the Alias Term 2999.')).toEqual(['Alias Term 2999']);
    expect(codes('The Alias Term Model and the Alias Term Models.')).toEqual([]);
  });
});

describe('hovers list a bounded number of forms', () => {
  it('shows 20 forms per list, then how many more', () => {
    const forms = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
    const concept: Concept = {
      ...conceptWith(['Alias Term', ...forms('Alias Term', 100)]),
      forms: [
        ...conceptWith(['Alias Term', ...forms('Alias Term', 100)]).forms,
        ...forms('AT', 30).map((text): TermForm => ({ text, status: 'admitted', type: 'abbreviation' })),
        ...forms('Old Term', 25).map((text): TermForm => ({ text, status: 'deprecated', type: 'variant' })),
      ],
      areas: forms('Area', 50),
    };
    const md = renderConceptHover(concept);
    expect(md).toContain('Also: Alias Term 1, Alias Term 2, ');
    expect(md).toContain('Alias Term 20, and 80 more  \n');
    expect(md).not.toContain('Alias Term 21');
    expect(md).toContain('AT 20, and 10 more');
    expect(md).toContain('Old Term 20 (deprecated), and 5 more');
    expect(md).toContain('Area 20, and 30 more');
    expect(md.length).toBeLessThan(2000);
  });

  it('keeps the full list when it is short', () => {
    const md = renderConceptHover(conceptWith(['Alias Term', ...Array.from({ length: 20 }, (_, i) => `Alias Term ${i + 1}`)]));
    expect(md).toContain('Alias Term 20');
    expect(md).not.toContain('more');
  });
});

/** A glossary file (JSON) with one concept of `n` aliases (and a few abbreviations) among ordinary concepts. */
function manyAliasesJson(n: number, term = 'Alias Term'): string {
  const aliases = Array.from({ length: n }, (_, i) => `${term} ${i + 1}`);
  return JSON.stringify({
    concepts: [
      { term: 'Heston Model', abbreviations: ['HM'], definitions: ['A stochastic volatility model.'] },
      {
        term,
        aliases,
        abbreviations: ['ATX', 'ATY'],
        deprecated: aliases.slice(0, 50).map((a) => `${a} Old`),
        definitions: ['The concept with many aliases.'],
        related: ['Heston Model'],
      },
      { term: 'Order Book', aliases: ['Limit Order Book'] },
    ],
  });
}

const NOTE =
  '# Note\n\nThe Alias Term 17 and the Alias Term 42 differ from Alias Terms. The Heston Model and Alias Term appear.\n\nAlias Term 3 again, alias ter';

/** Fastest of `runs` timings of `f` (given the run number), in ms. */
function fastest(runs: number, f: (run: number) => void): number {
  let best = Infinity;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    f(r);
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

/** The time of each stage at `n` aliases, in ms: the fastest of three runs (five for the quick ones). */
function stageTimes(n: number): Record<string, number> {
  const text = manyAliasesJson(n);
  // An `x-` field sends the file through the general reader (jsonc-parser, ajv, positions) instead of JSON.parse.
  const general = text.replace('{"concepts"', '{"x-general":1,"concepts"');
  const layer = parseGlossaryText(text, 'file:///a.glossary.json');
  expect(layer.problems).toEqual([]);
  // A later layer claiming every alias again: each is a conflict.
  const clash = parseGlossaryText(manyAliasesJson(n).replace('"Alias Term",', '"Alias Term Clash",'), 'file:///b.glossary.json');
  expect(clash.problems).toEqual([]);
  const concepts = mergeLayers([layer]).concepts;
  const glossary = new CompiledGlossary(concepts, dictionary);
  const doc = parseDocument(NOTE, 'markdown', glossary);
  expect(doc.occurrences.length).toBeGreaterThan(5);
  const hoverAt = NOTE.indexOf('Alias Term 17') + 2;
  // Fresh glossaries: per-glossary caches (form facts, form groups) are built as after a glossary change.
  const fresh = [0, 1, 2].map(() => new CompiledGlossary(concepts, dictionary));
  return {
    load: fastest(3, () => parseGlossaryText(text, 'file:///a.glossary.json')),
    loadGeneral: fastest(3, () => parseGlossaryText(general, 'file:///a.glossary.json')),
    merge: fastest(3, () => expect(mergeLayers([layer, clash]).concepts.at(-2)!.forms).toHaveLength(1)),
    compile: fastest(3, () => new CompiledGlossary(concepts, dictionary)),
    diagnostics: fastest(3, (run) => computeDiagnostics(parseDocument(NOTE, 'markdown', fresh[run]!))),
    interactive: fastest(5, () => {
      expect(computeHover(doc, hoverAt)).toBeDefined();
      const list = computeCompletions(doc, NOTE.length);
      computeCompletions(doc, NOTE.indexOf('Alias Term 3') + 10, { invoked: true });
      for (const item of list.items.slice(0, 3)) resolveCompletion(glossary, item);
    }),
  };
}

describe('one concept with many aliases', () => {
  it('costs about four times as much at 32,000 aliases as at 8,000', { timeout: 120_000 }, () => {
    stageTimes(2000); // warm up the JIT and the word list
    // Two rounds, the sizes interleaved, and the fastest of each: a burst of load elsewhere on the machine counts once at most.
    const fastestOf = (a: Record<string, number>, b: Record<string, number>) => Object.fromEntries(Object.keys(a).map((k) => [k, Math.min(a[k]!, b[k]!)]));
    let small = stageTimes(8000);
    let large = stageTimes(32000);
    small = fastestOf(small, stageTimes(8000));
    large = fastestOf(large, stageTimes(32000));
    const total = (times: Record<string, number>) => Object.values(times).reduce((a, b) => a + b, 0);
    const report = Object.keys(small)
      .map((stage) => `${stage}: ${small[stage]!.toFixed(1)} ms at 8k, ${large[stage]!.toFixed(1)} ms at 32k`)
      .join('; ');
    // Linear work gives about 4, quadratic about 16. Each stage is also bounded, more loosely: a
    // single stage's ratio is noisier (garbage collection, caches), but a quadratic one is near 16.
    expect(total(large) / total(small), report).toBeLessThan(8);
    for (const stage of Object.keys(small)) {
      expect(large[stage]! / Math.max(small[stage]!, 0.05), report).toBeLessThan(12);
    }
  });

  it('reports the first 100 conflicts with another glossary one by one, then how many more', () => {
    const first = parseGlossaryText(manyAliasesJson(3000), 'file:///a.glossary.json');
    const second = parseGlossaryText(manyAliasesJson(3000).replace('"Alias Term",', '"Alias Term Clash",'), 'file:///b.glossary.json');
    const merged = mergeLayers([first, second]);
    expect(merged.concepts.map((c) => c.forms.length)).toEqual([3053, 2, 1, 2]);
    expect(merged.problems).toHaveLength(101);
    expect(merged.problems[0]!.message).toBe(
      'Alias "Alias Term 1" of "Alias Term Clash" is already an alias of "Alias Term" (a.glossary.json:1); it is ignored here.',
    );
    const last = merged.problems[100]!;
    expect(last).toMatchObject({ code: 'glossary.conflict', uri: 'file:///b.glossary.json', severity: 'error' });
    expect(last.message).toBe(
      '2952 more forms of "Alias Term Clash" conflict with forms of other concepts (not reported one by one); conflicting aliases and abbreviations are ignored here.',
    );
  });

  it('serves the concept as usual', () => {
    const text = manyAliasesJson(6000);
    const glossary = new CompiledGlossary(parseGlossaryText(text, 'file:///a.glossary.json').concepts, dictionary);
    const doc = parseDocument(NOTE, 'markdown', glossary);
    const hover = computeHover(doc, NOTE.indexOf('Alias Term 17') + 2)!.markdown;
    expect(hover).toContain('**Alias Term** · *term*');
    expect(hover).toContain('Also: Alias Term 1, ');
    expect(hover).toContain('and 5980 more');
    expect(hover).toContain('Abbreviations: ATX, ATY');
    const labels = computeCompletions(doc, NOTE.length).items.map((i) => i.label);
    expect(labels[0]).toBe('Alias Term');
    expect(new Set(labels).size).toBe(labels.length);
    expect(computeDiagnostics(doc).map((d) => `${d.code} ${NOTE.slice(d.data.start, d.data.end)}`)).toContain('term.inconsistent Alias Term 42');
  });
});
