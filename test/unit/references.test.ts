/**
 * Find All References in one document: the concept a request names (a term in prose, a comment,
 * a string or an identifier, with `|` cursors, or an entry in its glossary file), its uses in
 * Markdown, Python and TypeScript, its declaration, and the quick test that lets a workspace
 * search skip files that cannot mention it.
 */

import { describe, expect, it } from 'vitest';
import { conceptAt, conceptAtEntry, declarationOf, findReferences, mayMention, mentionNeedles } from '../../server/src/core/features/references';
import { glossaryOutline } from '../../server/src/core/features/symbols';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { cursor, dictionary, parse } from './helpers';

const URI = 'file:///ws/terms.glossary.yaml';
const GLOSSARY = `concepts:
  - term: Heston Model
    abbreviations: [HM]
    definitions: [A stochastic volatility model.]
  - term: implied volatility
  - term: SABR Model
  - term: Vanna
`;
const glossary = (() => {
  const result = parseGlossaryText(GLOSSARY, URI);
  if (result.problems.length > 0) throw new Error(result.problems[0]!.message);
  return new CompiledGlossary(result.concepts, dictionary);
})();
const heston = glossary.indexOfId('heston-model')!;

/** The texts of the uses of the concept under the `|` cursor. */
function usesAtCursor(withCursor: string, languageId: string): string[] {
  const { text, offset } = cursor(withCursor);
  const doc = parse(text, languageId, glossary);
  const concept = conceptAt(doc, offset);
  if (concept === undefined) return [];
  return findReferences(doc, concept).map((r) => text.slice(r.start, r.end));
}

describe('references in a document', () => {
  it.each<[string, string, string, string[]]>([
    ['Markdown prose', 'markdown', 'The Hes|ton Model (HM) beats the heston model.\n\n`heston_model` is code.', ['Heston Model', 'HM', 'heston model']],
    [
      'a Python identifier',
      'python',
      '# the Heston model\nheston_mo|del = 1\ncalibrate_heston_model(HM)\nx = "Heston Models"',
      ['Heston model', 'heston_model', 'heston_model', 'HM', 'Heston Models'],
    ],
    [
      'a TypeScript identifier',
      'typescript',
      'const hestonMo|del = new HestonModel();\nconst HESTON_MODEL = 1; // the Heston model\n',
      ['hestonModel', 'HestonModel', 'HESTON_MODEL', 'Heston model'],
    ],
    ['a Python comment', 'python', '# the Hes|ton model\nheston_model = 1\n', ['Heston model', 'heston_model']],
    ['a string', 'typescript', 'const s = "the Hest|on Model";\nlet hestonModel;', ['Heston Model', 'hestonModel']],
  ])('in %s', (_what, languageId, text, expected) => {
    expect(usesAtCursor(text.includes('|') ? text : `${text}|`, languageId)).toEqual(expected);
  });

  it('names no concept off every term', () => {
    const { text, offset } = cursor('Plain wo|rds.');
    expect(conceptAt(parse(text, 'markdown', glossary), offset)).toBeUndefined();
  });

  it('leaves out near misses: they are findings, not uses', () => {
    const doc = parse('The Heston Model and the Hestn Model.', 'markdown', glossary);
    expect(doc.occurrences.some((o) => o.match === 'misspelled')).toBe(true);
    expect(findReferences(doc, heston).map((r) => doc.text.slice(r.start, r.end))).toEqual(['Heston Model']);
  });

  it('gives each use its form and region', () => {
    const doc = parse('# HM\nheston_model = 1\n', 'python', glossary);
    expect(findReferences(doc, heston).map((r) => [r.form, r.region])).toEqual([
      [1, 'comment'],
      [0, 'identifier'],
    ]);
  });
});

describe('the glossary entry', () => {
  it('is the concept of a cursor anywhere in its entry', () => {
    const entries = glossaryOutline(GLOSSARY, URI);
    expect(conceptAtEntry(glossary, URI, entries, GLOSSARY.indexOf('stochastic'))).toBe(heston);
    expect(conceptAtEntry(glossary, URI, entries, GLOSSARY.indexOf('SABR'))).toBe(glossary.indexOfId('sabr-model'));
    expect(conceptAtEntry(glossary, URI, entries, 3)).toBeUndefined();
  });

  it('is the declaration: the preferred term in its file', () => {
    const start = GLOSSARY.indexOf('Heston Model');
    expect(declarationOf(glossary, heston)).toEqual({ uri: URI, line: 1, start, end: start + 'Heston Model'.length });
  });
});

describe('which texts may mention a concept', () => {
  it('searches each form by its longest ASCII word, a last word without its final y', () => {
    expect(mentionNeedles(glossary, [heston])).toBeUndefined(); // HM has no word of three letters
    expect(mentionNeedles(glossary, [glossary.indexOfId('implied-volatility')!])).toEqual(['volatilit']);
    expect(mentionNeedles(glossary, [glossary.indexOfId('sabr-model')!, glossary.indexOfId('vanna')!])).toEqual(['model', 'vanna']);
  });

  it.each([
    ['the implied volatilities fell', 'markdown', true],
    ['IMPLIED_VOLATILITY = 1', 'python', true],
    ['let impliedVolatility;', 'typescript', true],
    ['nothing here', 'markdown', false],
  ])('%j (%s)', (text, languageId, expected) => {
    const needles = mentionNeedles(glossary, [glossary.indexOfId('implied-volatility')!]);
    expect(mayMention(text.toLowerCase(), needles)).toBe(expected);
    // And where the test says yes, the parse agrees.
    const doc = parse(text, languageId, glossary);
    expect(findReferences(doc, glossary.indexOfId('implied-volatility')!).length > 0).toBe(expected);
  });

  it('without needles every text may mention the concept', () => {
    expect(mayMention('anything', undefined)).toBe(true);
  });
});
