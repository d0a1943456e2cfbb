import { describe, expect, it } from 'vitest';
import { editDistance } from '../../server/src/core/text/editDistance';
import { tokenize } from '../../server/src/core/text/tokens';
import { glossaryFrom, termsIn } from './helpers';

const glossary = glossaryFrom(`
concepts:
  - term: Heston Model
  - term: Black-Scholes Model
    aliases: [Black Scholes]
  - term: Black-Scholes Model Verification
  - term: SPAN Model
  - term: BSM Pricing
    abbreviations: [BSMP]
  - term: Portfolio Margin Model
  - term: Stochastic Volatility Jump-Diffusion Model
    abbreviations: [SVJD]
  - term: Security Model
`);

const found = (text: string, lang = 'markdown') => termsIn(text, lang, glossary);

const overlapGlossary = glossaryFrom(`
concepts:
  - term: Heston Model
  - term: Model Calibration
  - term: Model Kalman Filter
  - term: Hybrid Order Book Model
  - term: Order Book Model
`);
const overlapping = (text: string) => termsIn(text, 'markdown', overlapGlossary);

describe('tokenize', () => {
  it('treats hyphen, en dash, space and line breaks alike and keeps other punctuation as a break', () => {
    const seps = (s: string) => tokenize(s).map((t) => `${t.norm}:${t.sep}`);
    expect(seps('Black-Scholes')).toEqual(['black:break', 'scholes:hyphen']);
    expect(seps('Black–Scholes')).toEqual(['black:break', 'scholes:hyphen']);
    expect(seps('Black\nScholes')).toEqual(['black:break', 'scholes:space']);
    expect(seps('Black, Scholes')).toEqual(['black:break', 'scholes:break']);
    expect(seps('Black\n> Scholes')).toEqual(['black:break', 'scholes:space']);
  });
  it('keeps possessives in the span but not in the key', () => {
    const [t] = tokenize("Heston's");
    expect(t).toMatchObject({ norm: 'heston', start: 0, end: 8, wordEnd: 6 });
  });
});

describe('matching', () => {
  it.each([
    ['The Heston Model is popular.', ['Heston Model=Heston Model']],
    ['the heston model', ['heston model=Heston Model']],
    ['HESTON MODEL', ['HESTON MODEL=Heston Model']],
    ['Heston\nModel wraps', ['Heston\nModel=Heston Model']],
    ['two Heston Models', ['Heston Models=Heston Model']],
    ["the Heston Model's smile", ["Heston Model's=Heston Model"]],
    ['Black Scholes Model', ['Black Scholes Model=Black-Scholes Model']],
    ['Black–Scholes Model', ['Black–Scholes Model=Black-Scholes Model']],
    ['Black-Scholes Model Verification today', ['Black-Scholes Model Verification=Black-Scholes Model Verification']],
    ['Heston, Model', []],
    ['Hestonian Model', []],
  ])('finds %j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('matches a lone acronym only in its own case in prose', () => {
    expect(found('we use BSMP daily')).toEqual(['BSMP=BSM Pricing']);
    expect(found('we use bsmp daily')).toEqual([]);
  });

  it('finds terms in identifiers split on every case style', () => {
    for (const id of ['hestonModel', 'HestonModel', 'heston_model', 'HESTON_MODEL', 'calibrate_heston_model']) {
      expect(found(`x = ${id}(1)`, 'python')).toEqual([`${id.replace(/^calibrate_/, '')}=Heston Model`]);
    }
  });

  it('finds near misses of multi-word terms', () => {
    expect(found('the Hesten Model')).toEqual(['Hesten Model~Heston Model']);
    expect(found('Black-Sholes Model')).toEqual(['Black-Sholes Model~Black-Scholes Model']);
    expect(found('a Black-Scholes Model Verificaton')).toEqual(['Black-Scholes Model Verificaton~Black-Scholes Model Verification']);
    expect(found('Heston Modle')).toEqual(['Heston Modle~Heston Model']);
  });

  it('finds last-word typos of four letters beside an exact proper name only', () => {
    expect(found('the Heston Modl')).toEqual(['Heston Modl~Heston Model']);
    expect(found('a Security Modl')).toEqual([]);
    expect(found('the Stan Model')).toEqual([]);
  });

  it('finds three-letter interior typos only with three exact words of the term', () => {
    expect(overlapping('the Hybrid Order Bok Model')).toEqual(['Hybrid Order Bok Model~Hybrid Order Book Model']);
    expect(overlapping('the Order Bok Model')).toEqual([]);
  });

  it('lets a misspelt proper name beat an overlapping exact term of common words only', () => {
    expect(overlapping('The Hesten Model calibration diverged')).toEqual(['Hesten Model~Heston Model']);
    expect(overlapping('The Heston Model calibration diverged')).toEqual(['Model calibration=Model Calibration']);
    // Lowercase or English odd words are weak evidence: the longer exact match keeps winning.
    expect(overlapping('the hesten model calibration')).toEqual(['model calibration=Model Calibration']);
    // An exact match holding a proper word is not displaced.
    expect(overlapping('the Hesten Model Kalman Filter')).toEqual(['Model Kalman Filter=Model Kalman Filter']);
  });

  it('does not call English words near misses', () => {
    expect(found('security modes and security models')).toEqual(['security models=Security Model']);
    expect(found('the Heston Mode')).toEqual([]);
  });
});

describe('editDistance', () => {
  it.each([
    ['heston', 'hesten', 1],
    ['model', 'modle', 1],
    ['sholes', 'scholes', 1],
    ['abc', 'xyz', 2],
  ])('%s ~ %s', (a, b, d) => {
    expect(Math.min(editDistance(a, b, 1), 2)).toBe(d);
  });
});
