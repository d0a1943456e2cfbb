/**
 * Near misses among compositional finance terms (bundled glossary): a misspelt proper name beats an
 * overlapping exact common-noun term, last-word and short interior typos are found beside exact
 * proper names, and correct compositional phrases stay clean.
 */

import { describe, expect, it } from 'vitest';
import { computeDiagnostics } from '../../server/src/features/diagnostics';
import type { TermFix } from '../../server/src/features/diagnostics';
import { parse, termsIn } from './helpers';

/** The term.* diagnostics of a text, as `code: surface -> replacement`. */
function termFindings(text: string): string[] {
  return computeDiagnostics(parse(text))
    .filter((d) => d.code.startsWith('term.'))
    .map((d) => {
      const fix = (d.data as { fix?: TermFix } | undefined)?.fix;
      const edit = fix?.edits[0];
      return `${d.code}: ${text.slice(d.data?.start ?? 0, d.data?.end ?? 0)} -> ${edit?.newText ?? '?'}`;
    });
}

describe('near misses that overlap or extend exact matches', () => {
  it.each([
    ['The Hesten Model calibration diverged', 'Hesten Model~Heston Model', 'Hesten Model -> Heston Model'],
    ['the Hesten model calibration failed', 'Hesten model~Heston Model', 'Hesten model -> Heston model'],
    ['We price with the Hybrid Order Bok Model here.', 'Hybrid Order Bok Model~Hybrid Order Book Model', 'Hybrid Order Bok Model -> Hybrid Order Book Model'],
    ['We price with the Black-Scholes-Merton Modl here.', 'Black-Scholes-Merton Modl~Black-Scholes-Merton Model', 'Black-Scholes-Merton Modl -> Black-Scholes-Merton Model'],
    ['the Heston Modl failed', 'Heston Modl~Heston Model', 'Heston Modl -> Heston Model'],
  ])('%j is flagged with the right replacement', (text, term, fix) => {
    expect(termsIn(text)).toContain(term);
    expect(termFindings(text)).toEqual([`term.misspelled: ${fix}`]);
  });
});

describe('correct compositional phrases stay clean', () => {
  it.each([
    'The Heston Model calibration diverged.',
    'the heston model calibration converged',
    'the model calibration of Heston is slow',
    'Model calibration of the Heston Model takes minutes.',
    'an order book model for options',
    'The Order Book Model Implementation ships today.',
    'Hybrid Order Book Model results',
    'Stan models are Bayesian.',
    'we fit Stan models to the data',
    'Black-Scholes-Merton models are popular.',
    'the Black-Scholes-Merton Model calibration',
    'Black-Scholes-Merton modes of failure',
    'Switch to Order Book Mode in the settings menu.',
    'the order book mode toggle',
    'the Heston Mode button',
    'security modes and models',
    'Execution Model Calibration of the Heston Model',
    'the Hybrid Order box Model',
    'the Order Book Model calibration',
    'Stan Model calibration',
  ])('%j has no term finding', (text) => {
    expect(termFindings(text)).toEqual([]);
    expect(termsIn(text).filter((t) => t.includes('~'))).toEqual([]);
  });
});
