import { describe, expect, test } from 'vitest';
import { formKey, generateCodeFile, generateGlossary, generateNote, type GlossaryFile } from '../../bench/lib/generate.mjs';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { computeDiagnostics } from '../../server/src/core/features/diagnostics';
import { parseDocument } from '../../server/src/core/text/document';
import { dictionary } from './helpers';

const glossary = generateGlossary(1000, 7);

/** Compiles a generated glossary as termlens loads it; fails on any problem. */
function compile(file: GlossaryFile): CompiledGlossary {
  const result = parseGlossaryText(JSON.stringify(file), 'file:///bench.glossary.json');
  expect(result.problems).toEqual([]);
  return new CompiledGlossary(result.concepts, dictionary);
}

/** termlens's finding counts per code for a generated text. */
function codesOf(text: string, languageId: string, compiled: CompiledGlossary): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of computeDiagnostics(parseDocument(text, languageId, compiled))) counts[d.code] = (counts[d.code] ?? 0) + 1;
  return counts;
}

describe('bench data generator', () => {
  test('the same seed gives the same data; another seed other data', () => {
    expect(generateGlossary(200, 3)).toEqual(generateGlossary(200, 3));
    expect(generateGlossary(200, 4).concepts[0]).not.toEqual(generateGlossary(200, 3).concepts[0]);
    expect(generateNote(5000, glossary, 11)).toEqual(generateNote(5000, glossary, 11));
    expect(generateNote(5000, glossary, 12).text).not.toBe(generateNote(5000, glossary, 11).text);
    expect(generateCodeFile('python', glossary, 5)).toEqual(generateCodeFile('python', glossary, 5));
  });

  test('a smaller glossary is the start of a larger one with the same seed', () => {
    expect(generateGlossary(300, 7).concepts).toEqual(glossary.concepts.slice(0, 300));
  });

  test('forms are unique, abbreviations are 2-5 capitals, and the shares are realistic', () => {
    const forms = glossary.concepts.flatMap((c) => [c.term, ...(c.aliases ?? []), ...(c.abbreviations ?? []), ...(c.deprecated ?? []).map((d) => d.form)]);
    expect(new Set(forms.map(formKey)).size).toBe(forms.length);
    const abbreviations = glossary.concepts.flatMap((c) => c.abbreviations ?? []);
    expect(abbreviations.every((a) => /^[A-Z]{2,5}$/.test(a))).toBe(true);
    expect(abbreviations).not.toContain('CAT');
    const share = (key: 'aliases' | 'abbreviations' | 'deprecated') => glossary.concepts.filter((c) => c[key]).length / glossary.concepts.length;
    expect(share('aliases')).toBeGreaterThan(0.2);
    expect(share('aliases')).toBeLessThan(0.4);
    expect(share('abbreviations')).toBeGreaterThan(0.12);
    expect(share('deprecated')).toBeGreaterThan(0.02);
    expect(glossary.concepts.every((c) => c.term.split(' ').length >= 2 && c.term.split(' ').length <= 4)).toBe(true);
  });

  test('reserved forms are never generated', () => {
    const taken = generateGlossary(50, 7).concepts.map((c) => c.term);
    const other = generateGlossary(50, 7, { reserved: taken });
    expect(other.concepts.some((c) => taken.includes(c.term))).toBe(false);
  });

  test("termlens finds exactly a note's injected mistakes", () => {
    const compiled = compile(glossary);
    const { text, injected } = generateNote(60_000, glossary, 21);
    const main = injected['main']!;
    expect(main.misspelled).toBeGreaterThan(5);
    expect(main.deprecated).toBeGreaterThan(2);
    expect(main.caseVariant).toBeGreaterThan(2);
    const codes = codesOf(text, 'markdown', compiled);
    expect([codes['term.misspelled'], codes['term.deprecated'], codes['term.variant']]).toEqual([main.misspelled, main.deprecated, main.caseVariant]);
    expect(codes['acronym.undefined']).toBeUndefined();
  });

  test("termlens finds a code file's injected mistakes in comments and docstrings", () => {
    const compiled = compile(glossary);
    for (const [lang, languageId] of [
      ['python', 'python'],
      ['typescript', 'typescript'],
    ] as const) {
      let found = 0;
      let expected = 0;
      for (let seed = 1; seed <= 4; seed++) {
        const { text, injected } = generateCodeFile(lang, glossary, seed);
        const main = injected['main']!;
        expected += main.misspelled + main.deprecated + main.caseVariant;
        const codes = codesOf(text, languageId, compiled);
        found += (codes['term.misspelled'] ?? 0) + (codes['term.deprecated'] ?? 0) + (codes['term.variant'] ?? 0);
      }
      expect(expected).toBeGreaterThan(5);
      expect(found).toBe(expected);
    }
  });
});
