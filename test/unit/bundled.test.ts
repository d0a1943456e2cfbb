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

describe('misspelling recall', () => {
  /** Single-edit typos (deletion, insertion, transposition) in words of five letters or more, with a fixed seed. */
  function typos(): Array<{ text: string; term: string }> {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const out: Array<{ text: string; term: string }> = [];
    for (const term of terms) {
      const words = term.split(/[ -]/);
      if (words.length < 2) continue;
      for (let trial = 0; trial < 4; trial++) {
        const word = words[Math.floor(random() * words.length)]!;
        if (word.length < 5) continue;
        const at = 1 + Math.floor(random() * (word.length - 1));
        const kind = Math.floor(random() * 3);
        const typo =
          kind === 0 ? word.slice(0, at) + word.slice(at + 1) : kind === 1 ? word.slice(0, at) + 'x' + word.slice(at) : word.slice(0, at - 1) + word[at] + word[at - 1] + word.slice(at + 1);
        if (typo.toLowerCase() !== word.toLowerCase()) out.push({ text: `We discuss the ${term.replace(word, typo)} here.`, term });
      }
    }
    return out;
  }

  it('finds most single-edit typos of the bundled terms and names the right term', () => {
    const cases = typos();
    const found = cases.filter(({ text, term }) =>
      computeDiagnostics(parse(text)).some((d) => d.code === 'term.misspelled' && d.message.includes(`of "${term}"`)),
    );
    expect(cases.length).toBeGreaterThan(300);
    // Measured 334 of 373 (89.5%); the misses are guarded on purpose (first-letter typos, typos that are English words at a term's edge).
    expect(found.length / cases.length).toBeGreaterThan(0.88);
  });
});
