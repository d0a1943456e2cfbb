/** Abbreviation definitions found in text (Schwartz & Hearst 2003): both patterns, offsets, and what is not a definition. */

import { describe, expect, it } from 'vitest';
import { findAbbreviationDefinitions } from '../../server/src/core/text/abbreviations';

/** The definitions in `text` as `SF=long form` strings, checking that every offset points at what it names. */
function definitionsIn(text: string, start?: number, end?: number): string[] {
  return findAbbreviationDefinitions(text, start, end).map((d) => {
    expect(text.slice(d.shortStart, d.shortEnd)).toBe(d.short);
    expect(text.slice(d.longStart, d.longEnd)).toBe(d.long);
    expect(d.start).toBe(Math.min(d.shortStart, d.longStart));
    // Through the closing parenthesis, or (for a definition written without parentheses) through the later form.
    expect(text[d.end - 1] === ')' || text[d.end - 1] === '）' || d.end === Math.max(d.shortEnd, d.longEnd)).toBe(true);
    if (d.movable) expect(')）').toContain(text[d.end - 1]);
    return `${d.short}=${d.long}`;
  });
}

describe('findAbbreviationDefinitions', () => {
  it.each([
    ['A Central Limit Order Book (CLOB) matches orders.', ['CLOB=Central Limit Order Book']],
    ['We price with the Black-Scholes-Merton (BSM) model.', ['BSM=Black-Scholes-Merton']],
    ['Orders go to the Time-Weighted Average Price (TWAP) algorithm.', ['TWAP=Time-Weighted Average Price']],
    ['Two Central Limit Order Books (CLOBs) compete.', ['CLOBs=Central Limit Order Books']],
    ['We report the value at risk (VaR) daily.', ['VaR=value at risk']],
    ['the heat shock transcription factor (HSF) binds', ['HSF=heat shock transcription factor']],
    ['A Central Limit Order Book (CLOB, see below) matches.', ['CLOB=Central Limit Order Book']],
    ['A CLOB (Central Limit Order Book) matches orders.', ['CLOB=Central Limit Order Book']],
    ['See the CLOB (central limit order book).', ['CLOB=central limit order book']],
    ['An automated market maker (AMM) and a Central Limit Order Book (CLOB).', ['AMM=automated market maker', 'CLOB=Central Limit Order Book']],
    ['Line one.\nThe Central Limit\nOrder Book (CLOB) wraps.', ['CLOB=Central Limit\nOrder Book']],
    // More forms: "Long Form, or SF", "SF, the Long Form", "(or SF)", quoted short forms, loose title case, other scripts.
    ['Each liquidity provider, or LP, earns fees.', ['LP=liquidity provider']],
    ['Paid to the liquidity provider, or the LP.', ['LP=liquidity provider']],
    ['Stake SNX, the Synthetix Network Token, to mint.', ['SNX=Synthetix Network Token']],
    ['Holders of SNX, the Synthetix Network Token earn fees.', ['SNX=Synthetix Network Token']],
    ['Prices follow a logarithmic market scoring rule (or LMSR) here.', ['LMSR=logarithmic market scoring rule']],
    ['Issued by Goldman Sachs International ("GSI") in London.', ['GSI=Goldman Sachs International']],
    ['Debt is priced in XDR (Synthetix Drawing Rights) units.', ['XDR=Synthetix Drawing Rights']],
    ['One of <code>GTT</code> (Good til time) orders.', ['GTT=Good til time']],
    ['Issued by Goldman Sachs & Co. LLC ("GSCO") in New York.', ['GSCO=Goldman Sachs & Co. LLC']],
    ['Issued by Goldman Sachs (Asia) L.L.C. ("GSALLC") there.', ['GSALLC=Goldman Sachs (Asia) L.L.C.']],
    ['Under the Financial Markets Conduct Act 2013 (the "FMC Act") here.', ['FMC Act=Financial Markets Conduct Act 2013']],
    ['日本格付研究所（JCR）による格付。', ['JCR=日本格付研究所']],
    ['# BPRR: Bulk PR Reviewer', ['BPRR=Bulk PR Reviewer']],
    ['### Liquidity provider / LP', ['LP=Liquidity provider']],
    ['수수료는 유동성 공급자 (LP)에게 지급됩니다.', ['LP=수수료는 유동성 공급자']],
    ['手数料は流動性プロバイダー(LP)に支払われます。', ['LP=手数料は流動性プロバイダー']],
    ['费用支付给流动性提供者(LP)。', ['LP=费用支付给流动性提供者']],
    ['Через SIP (Предложения по Улучшению Synthetix) решают.', ['SIP=Предложения по Улучшению Synthetix']],
  ])('finds the definition in %j', (text, expected) => {
    expect(definitionsIn(text)).toEqual(expected);
  });

  it.each([
    ['a remark in parentheses', 'The model (see below) is fine.'],
    ['a number in parentheses', 'The order book (2023) was thin.'],
    ['letters not in the words before', 'The price (USD) rose.'],
    ['a first letter that starts no word', 'The Limit Order Book (CLOB) is thin.'],
    ['a long form beyond the word window', 'The Central words here fill the window up to the Limit Order Book (CLOB).'],
    ['a long form across a sentence end', 'Central limit. Order book (CLOB) here.'],
    ['nested parentheses', 'A Central Limit Order Book (CLOB (a venue)) here.'],
    ['an unclosed parenthesis', 'A Central Limit Order Book (CLOB here.'],
    ['a short form that is a word of the long form', 'The CLOB venue (CLOB) here.'],
    ['a parenthesis whose words do not spell the word before', 'A CLOB (which we use daily) here.'],
    ['an empty parenthesis', 'A Central Limit Order Book () here.'],
    ['a list in parentheses', 'Indicators of relative strength and momentum (RSI, MACD, Bollinger, …) are plotted.'],
    ['", or" with letters not in the words before', 'Pay the fee, or USD instead.'],
    ['", the" without a title-case long form', 'Send USDC, the token we like, here.'],
    ['", the" with a long form that does not spell it', 'Use TWAP, the Best Oracle Ever, here.'],
    ['a single non-Latin character', '지 (LP) here.'],
    ['a lowercase short form after "or"', 'The fee, or fees, here.'],
  ])('finds nothing in %s', (_name, text) => {
    expect(definitionsIn(text)).toEqual([]);
  });

  it('looks only inside the given range, and never before its start for a long form', () => {
    const text = 'Central Limit Order Book (CLOB). A Value At Risk (VAR) figure.';
    const second = text.indexOf('A Value');
    expect(definitionsIn(text, second)).toEqual(['VAR=Value At Risk']);
    expect(definitionsIn(text, 0, second)).toEqual(['CLOB=Central Limit Order Book']);
    expect(definitionsIn(text, text.indexOf('Order'), second)).toEqual([]);
  });

  it('stays linear on hostile text: many open parentheses, one long sentence', () => {
    const opens = '('.repeat(200_000) + ')';
    const sentence = 'word '.repeat(100_000) + 'Central Limit Order Book (CLOB)';
    const t0 = performance.now();
    expect(findAbbreviationDefinitions(opens)).toEqual([]);
    expect(findAbbreviationDefinitions(sentence).map((d) => d.long)).toEqual(['Central Limit Order Book']);
    expect(performance.now() - t0).toBeLessThan(1000);
  });

  it('spans the whole definition for either pattern', () => {
    const [a] = findAbbreviationDefinitions('x Central Limit Order Book (CLOB) y');
    expect([a!.start, a!.end]).toEqual([2, 33]);
    const [b] = findAbbreviationDefinitions('x CLOB (Central Limit Order Book) y');
    expect([b!.start, b!.end]).toEqual([2, 33]);
  });
});
