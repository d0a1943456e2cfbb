/** Every term of the bundled glossary, from each of the five pages, is found and explained by hover. */

import { describe, expect, it } from 'vitest';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import { computeHover } from '../../server/src/features/hover';
import { preferredTerm } from '../../server/src/glossary/model';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundled, parse, repoRoot } from './helpers';

const glossary = bundled();
const terms = glossary.concepts.map((c) => preferredTerm(c));

describe('the bundled glossary', () => {
  it('has every area page and its linked terms', () => {
    const areas = glossary.concepts.filter((c) => c.kind === 'area').map((c) => preferredTerm(c)).sort();
    expect(areas).toEqual([
      'Calibration Challenges',
      'Execution Model Calibration',
      'Model Generalization Challenges',
      'Model Generalization Failure',
      'Model Training Procedures',
    ]);
    expect(glossary.concepts.length).toBeGreaterThanOrEqual(105);
  });

  it.each(terms)('hovers %j written as the glossary writes it, with no diagnostic', (term) => {
    const text = `In this note, ${term} is discussed.`;
    const doc = parse(text);
    const hover = computeHover(doc, text.indexOf(term) + Math.floor(term.length / 2));
    expect(hover?.contents.value.replace(/\\(.)/g, '$1')).toContain(`**${term}**`);
    expect(computeDiagnostics(doc)).toEqual([]);
  });
});

describe('clean text stays clean', () => {
  it.each([
    ['quarterly-review.md', 'markdown'],
    ['model_review.py', 'python'],
    ['margin.ts', 'typescript'],
  ])('%s has no diagnostics', (file, languageId) => {
    const text = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'clean', file), 'utf8');
    const doc = parse(text, languageId);
    expect(doc.occurrences.length).toBeGreaterThan(0);
    expect(computeDiagnostics(doc).map((d) => d.message)).toEqual([]);
  });
});
