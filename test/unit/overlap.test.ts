/**
 * Near misses among compositional finance terms (bundled glossary): a misspelt proper name beats an
 * overlapping exact common-noun term, last-word and short interior typos are found beside exact
 * proper names, and correct compositional phrases stay clean.
 */

import { describe, expect, it } from 'vitest';
import { computeDiagnostics } from '../../server/src/core/features/diagnostics';
import type { TermFix } from '../../server/src/core/features/diagnostics';
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
    [
      'We price with the Black-Scholes-Merton Modl here.',
      'Black-Scholes-Merton Modl~Black-Scholes-Merton Model',
      'Black-Scholes-Merton Modl -> Black-Scholes-Merton Model',
    ],
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

describe('term.variant on real writing', () => {
  it.each([
    ['a lowercase slug of a name in a table', '| feeGrowth | BigInt! | The total fee | arbitrum-one |'],
    ['a heading in title case', '## Layer 2: ZK-Rollups\n\nText.'],
    ['a plural of a form with a capitalised common word in a heading', '# Delta Hedging Strategies'],
  ])('leaves alone %s', (_name, text) => {
    expect(termFindings(text).filter((f) => f.startsWith('term.variant'))).toEqual([]);
  });

  it.each([
    ['a name in lowercase prose', 'We use the black-scholes price here.', 'term.variant: black-scholes -> Black-Scholes'],
    ['an acronym in title case outside a heading', 'Emit the Erc-20 events.', 'term.variant: Erc-20 -> ERC-20'],
    ['an acronym in title case in a heading', '## Erc-20 Events', 'term.variant: Erc-20 -> ERC-20'],
    ['a common noun in title case outside a heading', 'We like ZK-Rollups a lot.', 'term.variant: ZK-Rollups -> ZK-rollups'],
  ])('still flags %s', (_name, text, finding) => {
    expect(termFindings(text)).toContain(finding);
  });
});

describe('plurals inside terms', () => {
  it('"K-Folds cross-validation" is a plural, not a misspelling of "k-fold cross-validation"', () => {
    expect(termFindings('Splitters such as for K-Folds cross-validation.')).toEqual([]);
  });
});
