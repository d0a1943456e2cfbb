import { describe, expect, it } from 'vitest';
import {
  defaultIdentifierStyle,
  detectIdentifierStyle,
  formatIdentifier,
  splitIdentifier,
  termWords,
  type IdentifierStyle,
} from '../../server/src/core/text/identifiers';

/** Word parts of `name` as strings. */
function parts(name: string): string[] {
  return splitIdentifier(name).map((p) => name.slice(p.start, p.end));
}

describe('splitIdentifier', () => {
  it.each<[string, string[]]>([
    ['hestonModel', ['heston', 'Model']],
    ['HestonModel', ['Heston', 'Model']],
    ['HTTPServer', ['HTTP', 'Server']],
    ['parseBSMModel', ['parse', 'BSM', 'Model']],
    ['heston_model_v2', ['heston', 'model', 'v2']],
    ['model_2', ['model', '2']],
    ['HTTP2Server', ['HTTP2', 'Server']],
    ['base64encode', ['base64', 'encode']],
    ['BLACK_SCHOLES_MODEL', ['BLACK', 'SCHOLES', 'MODEL']],
    ['black-scholes', ['black', 'scholes']],
    ['$jq__value$', ['jq', 'value']],
    ['URLs', ['URLs']],
    ['IDsToFetch', ['IDs', 'To', 'Fetch']],
    ['ABc', ['A', 'Bc']],
    ['x', ['x']],
    ['__', []],
    ['', []],
    ['précisionÉlevée', ['précision', 'Élevée']],
    ['Heston Model', ['Heston', 'Model']],
    ['a😀b', ['a', 'b']],
  ])('%s', (name, expected) => {
    expect(parts(name)).toEqual(expected);
  });

  it('returns offsets relative to the name', () => {
    expect(splitIdentifier('_fooBar')).toEqual([
      { start: 1, end: 4 },
      { start: 4, end: 7 },
    ]);
  });
});

describe('detectIdentifierStyle', () => {
  it.each<[string, IdentifierStyle | undefined]>([
    ['heston_', 'snake_case'],
    ['heston_mo', 'snake_case'],
    ['hestonMo', 'camelCase'],
    ['HestonMo', 'PascalCase'],
    ['HESTON_', 'SCREAMING_SNAKE_CASE'],
    ['HESTON_MO', 'SCREAMING_SNAKE_CASE'],
    ['HES', 'SCREAMING_SNAKE_CASE'],
    ['heston-', 'kebab-case'],
    ['hest', undefined],
    ['Hest', 'PascalCase'],
    ['H', 'PascalCase'],
    ['_privateVal', 'camelCase'],
    ['', undefined],
    ['_', undefined],
    ['42', undefined],
  ])('%j', (typed, expected) => {
    expect(detectIdentifierStyle(typed)).toBe(expected);
  });
});

describe('defaultIdentifierStyle', () => {
  it.each<[string, IdentifierStyle]>([
    ['python', 'snake_case'],
    ['r', 'snake_case'],
    ['rust', 'snake_case'],
    ['sql', 'snake_case'],
    ['julia', 'snake_case'],
    ['c', 'snake_case'],
    ['typescript', 'camelCase'],
    ['javascriptreact', 'camelCase'],
    ['java', 'camelCase'],
    ['go', 'camelCase'],
    ['csharp', 'camelCase'],
    ['solidity', 'camelCase'],
    ['cpp', 'camelCase'],
  ])('%s', (languageId, expected) => {
    expect(defaultIdentifierStyle(languageId)).toBe(expected);
  });
});

describe('formatIdentifier', () => {
  const bsm = ['Black', 'Scholes', 'Merton', 'Model'];
  it.each<[readonly string[], IdentifierStyle, string]>([
    [bsm, 'camelCase', 'blackScholesMertonModel'],
    [bsm, 'PascalCase', 'BlackScholesMertonModel'],
    [bsm, 'snake_case', 'black_scholes_merton_model'],
    [bsm, 'SCREAMING_SNAKE_CASE', 'BLACK_SCHOLES_MERTON_MODEL'],
    [bsm, 'kebab-case', 'black-scholes-merton-model'],
    [['SPAN', 'Model'], 'camelCase', 'spanModel'],
    [['SPAN', 'Model'], 'PascalCase', 'SpanModel'],
    [['Parse', 'BSM'], 'camelCase', 'parseBsm'],
    [['IO', 'Model'], 'camelCase', 'ioModel'],
    [['IO', 'Model'], 'PascalCase', 'IOModel'],
    [['Model', 'IO'], 'camelCase', 'modelIO'],
    [['McKinsey', 'matrix'], 'PascalCase', 'McKinseyMatrix'],
    [['Prix', 'Élevé'], 'camelCase', 'prixÉlevé'],
    [['Prix', 'élevé'], 'snake_case', 'prix_élevé'],
    [['S&P', '500', 'Index'], 'snake_case', 'sp_500_index'],
    [['', '—', 'Cost'], 'camelCase', 'cost'],
  ])('%j as %s', (words, style, expected) => {
    expect(formatIdentifier(words, style)).toBe(expected);
  });
});

describe('termWords', () => {
  it.each<[string, string[]]>([
    ['Cost-Plus Pricing Model', ['Cost', 'Plus', 'Pricing', 'Model']],
    ['Theory Vs Reality', ['Theory', 'Vs', 'Reality']],
    ['Black-Scholes-Merton Model', ['Black', 'Scholes', 'Merton', 'Model']],
    ['SPAN Model', ['SPAN', 'Model']],
    ['Bid–Ask Spread', ['Bid', 'Ask', 'Spread']],
    ['Debt/Equity Ratio', ['Debt', 'Equity', 'Ratio']],
    ['Value-at-Risk (VaR)', ['Value', 'at', 'Risk', 'VaR']],
    ["Black's Model", ['Blacks', 'Model']],
    ['Créances douteuses', ['Créances', 'douteuses']],
    ['  ', []],
  ])('%s', (term, expected) => {
    expect(termWords(term)).toEqual(expected);
  });

  it('round-trips a term into an identifier', () => {
    expect(formatIdentifier(termWords('Black-Scholes-Merton Model'), 'camelCase')).toBe('blackScholesMertonModel');
  });
});
