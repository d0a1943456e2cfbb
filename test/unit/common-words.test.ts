/** Terms that are also ordinary English words (`common: true`): matched only in finance context. */

import { describe, expect, it } from 'vitest';
import { computeDiagnostics } from '../../server/src/core/features/diagnostics';
import { COMMON_CONTEXT } from '../../server/src/core/text/commonWords';
import { glossaryFrom, parse, termsIn } from './helpers';

const glossary = glossaryFrom(`
concepts:
  - term: Call
    common: true
    aliases: [call option]
    definitions: [The right to buy at the strike.]
  - term: Delta
    common: true
    definitions: [How much an option's price moves with the underlying.]
  - term: Gamma
    common: true
    definitions: [How much delta moves with the underlying.]
  - term: Oracle
    common: true
    abbreviations: [ORC]
    definitions: [A feed of prices.]
  - term: Implied Volatility
    abbreviations: [IV]
    definitions: [The volatility an option price implies.]
`);

const terms = (text: string, languageId = 'markdown') => termsIn(text, languageId, glossary);

describe('common words need finance context', () => {
  it.each([
    ['Call the API and check the delta of the two files.', []],
    ['The call and its delta.', []],
    ["The call's delta rose with implied volatility.", ["call's=Call", 'delta=Delta', 'implied volatility=Implied Volatility']],
    ['The delta and gamma of the call.', ['delta=Delta', 'gamma=Gamma', 'call=Call']],
    ['Buy a call option today.', ['call option=Call']],
    ['The ORC feed.', ['ORC=Oracle']],
    ['We read the oracle price; IV was 40.', ['oracle=Oracle', 'IV=Implied Volatility']],
  ])('%s', (text, expected) => {
    expect(terms(text)).toEqual(expected);
  });

  it(`looks ${COMMON_CONTEXT} characters either side, across paragraphs and regions`, () => {
    const filler = 'x '.repeat(COMMON_CONTEXT / 2 + 5);
    expect(terms(`The delta ${filler} implied volatility.`)).toEqual(['implied volatility=Implied Volatility']);
    expect(terms(`The **delta**\n\nof *implied volatility*.`)).toEqual(['delta=Delta', 'implied volatility=Implied Volatility']);
  });

  it('in code: identifiers, comments and strings alike', () => {
    expect(terms('def call(self):\n    return self.delta\n', 'python')).toEqual([]);
    expect(terms('delta = bs_delta(implied_volatility)\n', 'python')).toEqual(['delta=Delta', 'delta=Delta', 'implied_volatility=Implied Volatility']);
  });

  it('never raises a diagnostic on a common word', () => {
    const doc = parse('The Delta of the Call and the call option, with implied volatility.', 'markdown', glossary);
    expect(doc.occurrences.length).toBeGreaterThan(3);
    expect(computeDiagnostics(doc).map((d) => d.code)).toEqual([]);
  });
});
