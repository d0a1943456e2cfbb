/**
 * The note rules — acronym.undefined, acronym.before-definition, term.inconsistent — on inline
 * documents and the bundled glossary: what they flag, what they leave alone, and their quick fixes.
 */

import { describe, expect, it } from 'vitest';
import { computeCodeActions } from '../../server/src/core/features/codeActions';
import { computeDiagnostics, type DiagnosticOptions, type TermDiagnostic } from '../../server/src/core/features/diagnostics';
import { wellKnownAbbreviations } from '../../server/src/core/features/noteRules';
import type { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { glossaryFrom, parse } from './helpers';

const NOTE_CODES = new Set(['acronym.undefined', 'acronym.before-definition', 'term.inconsistent']);

interface Case {
  readonly languageId?: string;
  readonly glossary?: CompiledGlossary;
  readonly options?: DiagnosticOptions;
}

/** The note-rule diagnostics of `text` as `code "flagged text"` strings. */
function notes(text: string, c: Case = {}): string[] {
  return diagnose(text, c)
    .filter((d) => NOTE_CODES.has(d.code))
    .map((d) => `${d.code} "${text.slice(d.data.start, d.data.end)}"`);
}

function diagnose(text: string, c: Case = {}): TermDiagnostic[] {
  return computeDiagnostics(parse(text, c.languageId ?? 'markdown', c.glossary), c.options);
}

/** The one diagnostic of `code` in `text`. */
function only(text: string, code: string, c: Case = {}): TermDiagnostic {
  const found = diagnose(text, c).filter((d) => d.code === code);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** `text` with the quick fix of its one `code` diagnostic applied. */
function fixed(text: string, code: string, c: Case = {}): string {
  const fix = only(text, code, c).data.fix!;
  let out = text;
  for (const e of [...fix.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

const clob = glossaryFrom(`
concepts:
  - term: Limit Order
  - term: ESG Risk Model
`);

describe('acronym.undefined', () => {
  it.each([
    ['a bare abbreviation', 'We trade on a CLOB every day.', ['acronym.undefined "CLOB"']],
    ['once per abbreviation, at its first use', 'Two CLOBs and one CLOB. Then the CLOB again.', ['acronym.undefined "CLOBs"']],
    ['each abbreviation', 'The AMM beats the CLOB.', ['acronym.undefined "AMM"', 'acronym.undefined "CLOB"']],
    ['a heading', '# CLOB design\n\nText.', ['acronym.undefined "CLOB"']],
    ['a possessive', "The CLOB's depth.", ['acronym.undefined "CLOB"']],
    ['two abbreviations side by side', 'The USD LIBOR fixing.', ['acronym.undefined "LIBOR"']],
    ['a long link text', 'See [how the CLOB matches orders fast](https://example.com).', ['acronym.undefined "CLOB"']],
    ['a finance abbreviation the glossary should define', 'Report the NAV and the EPS.', ['acronym.undefined "NAV"', 'acronym.undefined "EPS"']],
    ['an abbreviation defined only as a different one', 'An automated market maker (AMM) and a CLOB.', ['acronym.undefined "CLOB"']],
    ['an abbreviation outside the glossary term that contains it', 'The ESG Risk Model scores ESG data.', ['acronym.undefined "ESG"']],
    ['a compound of two unknown abbreviations', 'The CLOB-AMM bridge.', ['acronym.undefined "CLOB"', 'acronym.undefined "AMM"']],
  ])('flags %s', (_name, text, expected) => {
    expect(notes(text, { glossary: clob })).toEqual(expected);
  });

  it('flags plain-text notes too', () => {
    expect(notes('We trade on a CLOB.', { languageId: 'plaintext', glossary: clob })).toEqual(['acronym.undefined "CLOB"']);
  });

  it('explains what to do without inventing a long form, and offers no fix', () => {
    const d = only('We trade on a CLOB.', 'acronym.undefined', { glossary: clob });
    expect(d.message).toBe(
      '"CLOB" is not defined in this note or the glossary: write it out at its first use, as in "Full Name (CLOB)", or add it to the glossary or to knownAcronyms',
    );
    expect(d.severity).toBe(2);
    expect(d.data.fix).toBeUndefined();
    expect(computeCodeActions([d], 0, 19)).toEqual([]);
  });

  it.each([
    ['defined before use', 'A Central Limit Order Book (CLOB) matches. The CLOB is fast.'],
    ['defined short form first', 'A CLOB (Central Limit Order Book) matches. The CLOB is fast.'],
    ['defined in the plural', 'Central Limit Order Books (CLOBs) compete; each CLOB is fast.'],
    ['a glossary abbreviation', 'We price with BSM and margin with SPAN; KYC applies.'],
    ['well-known abbreviations', 'The API returns JSON in USD to the CEO; do NOT retry, ask the SEC.'],
    ['Roman numerals', 'Basel III, Part II and chapter XIV.'],
    ['a shouted heading', '# RISK AND RETURN\n\nText.'],
    ['an abbreviation in a shouted line', 'THE CLOB MECHANICS EXPLAINED'],
    ['fenced code', '```\nCLOB\n```\n'],
    ['indented code', 'Text.\n\n    CLOB = 1\n'],
    ['inline code', 'Call `CLOB` here.'],
    ['a URL', 'See <https://example.com/CLOB> and https://example.com/AMM/x.'],
    ['a link target', 'See [the docs](https://example.com/CLOB).'],
    ['front matter', '---\ntitle: CLOB\n---\n\nText.'],
    ['math', 'The $CLOB$ term and\n\n$$\nAMM\n$$\n'],
    ['single letters, digits and mixed case', 'A Q3 S3 report on DeFi VaR, in H1 by X.'],
    ['words longer than six capitals', 'The LIQUIDITY of it.'],
    ['a compound with a known abbreviation', 'The pages carry JSON-LD and speak TCP/IP.'],
    ['an English word in capitals', 'Put it on the PATH and read the WARNING first.'],
  ])('leaves %s alone', (_name, text) => {
    expect(notes(text)).toEqual([]);
  });

  it('accepts the configured known acronyms', () => {
    expect(notes('The CLOB and the AMM.', { glossary: clob, options: { knownAcronyms: ['CLOB', 'AMM'] } })).toEqual([]);
    expect(notes('The CLOB and the AMM.', { glossary: clob, options: { knownAcronyms: ['CLOB'] } })).toEqual(['acronym.undefined "AMM"']);
  });

  it('treats a Roman-numeral shape the glossary lists as an abbreviation', () => {
    const g = glossaryFrom('concepts:\n  - term: Implied Volatility\n    abbreviations: [IV]\n');
    expect(notes('The IV rose. Implied Volatility (IV) is quoted.', { glossary: g })).toEqual(['acronym.before-definition "IV"']);
  });

  it.each([
    ['python', '# the CLOB is down\nx = "AMM quotes"\n'],
    ['typescript', '// the CLOB is down\nconst x = "AMM quotes";\n'],
  ])('does not check code (%s)', (languageId, text) => {
    expect(notes(text, { languageId })).toEqual([]);
  });

  it('honours suppression comments', () => {
    const c = { glossary: clob };
    expect(notes('<!-- termlens-disable-next-line acronym.undefined -->\nThe CLOB.\n', c)).toEqual([]);
    expect(notes('<!-- termlens-disable-next-line -->\nThe CLOB.\n', c)).toEqual([]);
    expect(notes('<!-- termlens-disable-next-line term.misspelled -->\nThe CLOB.\n', c)).toEqual(['acronym.undefined "CLOB"']);
    expect(notes('The CLOB. <!-- termlens-disable-line acronym.undefined -->\n', c)).toEqual([]);
  });

  it('is turned off by its severity', () => {
    expect(notes('The CLOB.', { glossary: clob, options: { severities: { 'acronym.undefined': 'off' } } })).toEqual([]);
    expect(only('The CLOB.', 'acronym.undefined', { glossary: clob, options: { severities: { 'acronym.undefined': 'error' } } }).severity).toBe(1);
  });

  it('exports a curated list of well-known abbreviations, all capitals, without finance terms or tickers', () => {
    expect(wellKnownAbbreviations.size).toBeGreaterThan(100);
    expect(wellKnownAbbreviations.size).toBeLessThan(450);
    for (const a of wellKnownAbbreviations) expect(a).toMatch(/^[A-Z]{2,6}$/);
    for (const a of ['CLOB', 'NAV', 'EPS', 'TWAP', 'ETH', 'BTC', 'USDC']) expect(wellKnownAbbreviations.has(a)).toBe(false);
  });

  it.each([
    ['defined as "Long Form, or SF"', 'Each liquidity provider, or LP, earns fees. The LP withdraws.'],
    ['defined as "SF, the Long Form"', 'Stake SNX, the Synthetix Network Token, to mint. SNX is staked.'],
    ['defined as "(or SF)"', 'A logarithmic market scoring rule (or LMSR) prices. The LMSR is old.'],
    ['defined as "SF (Long Form)" in loose title case', 'Debt is in XDR (Synthetix Drawing Rights). The XDR moves.'],
    ['defined in Korean', '유동성 공급자 (LP)는 수수료를 받습니다. LP가 인출합니다.'],
    ['defined in Japanese', '流動性プロバイダー(LP)は手数料を受け取ります。LPは引き出します。'],
    ['defined in Chinese', '流动性提供者(LP)获得费用。LP可以提取。'],
    ['defined in Russian', 'Через SIP (Предложения по Улучшению Synthetix) решают. SIP важен.'],
    ['identifiers split apart', 'Set ONE_BD and MAX_SUPPLY, then USDC_ADDRESS and WETH9 and IWETH9.'],
    ['numbered names', 'See SIP-37, ERC-20, UTF-8, ADS-B and CVE-2024-51999.'],
    ['namespaces', 'Runs on VB.NET and .NET too.'],
    ['TL;DR', 'TL;DR: it works.'],
    ['short link texts', '- [JVM](https://x.example) and [IBM Cloud](https://y.example) lists.'],
    ['inline code and link URLs', 'Call `CLOB` and see [the docs](https://example.com/AMM).'],
    ['capitalised English words', 'Provided AS IS. Either BUY or SELL. YOU agree. ADD ONE.'],
    ['tech abbreviations', 'The REPL prints SHA hashes; an NFT on AWS over HTTPS; GPL or MIT; a GUI IDE.'],
    ['currencies', 'Quoted in USD, EUR, GBP, JPY and CNY.'],
    ['everyday abbreviations', 'Dates are TBA, FAQ and README updated; see the TODO.'],
    ['currency codes and pairs', 'Buy the AUDJPY put; EURUSD and ETHBTC moved; XAU rallied in ZAR terms.'],
    ['quoted values', "Fixing source defaults to 'WM Company LDN 4pm Mid'; others: 'BFIX LDN 4PM', 'zh-CN'."],
    ['a quoted defined name', 'Together (the "GS entities") they issue it.'],
    ['tickers and column names alone in table cells', '| Model | IC | ICIR |\n|---|---|---|\n| GLP | 0.1 | 0.2 |\n| WMATIC | 1 | 2'],
    ['defined in quotes after a company form', 'Issued by Goldman Sachs & Co. LLC ("GSCO"). GSCO is regulated.'],
    ['defined across a parenthetical', 'Issued by Goldman Sachs (Asia) L.L.C. ("GSALLC"). GSALLC is regulated.'],
    ['a quoted name defined with its abbreviation', 'Under the Financial Markets Conduct Act 2013 (the "FMC Act") the rules apply.'],
    ['defined in full-width parentheses', '日本格付研究所（JCR）による格付。JCRは登録業者です。'],
    ['defined with a colon', '# BPRR: Bulk PR Reviewer\n\nRun BPRR weekly.'],
    ['defined with a slash', '### Liquidity provider / LP\n\nAn LP deposits.'],
    ['GitHub alerts', '> [!TIP]\n> Use it.\n\n> [!WARNING]\n> Careful.'],
    [
      'a model named with its citation',
      '| ALSTM (Yao Qin, et al.) | 0.1 |\n\nSee SFM(Liheng Zhang, et al. KDD 2017) and [TFT based on tensorflow (Bryan Lim, et al.)](x).',
    ],
    ['a model named as a model', 'The ADARNN model and the IGMTF models.'],
    ['an abbreviation introduced in parentheses', 'Load the dataset on hedge fund positioning (PBFA). Then PBFA by sector.'],
    ['an abbreviation glossed after it', 'The rate in MPS (milli-bips) per block.'],
    ['a list of tickers', 'Listed: RUNE, SUSHI, ZEC, XTZ and more; signals (SL, TSL, TP, etc.); RSI/MACD/ADX.'],
    ['compound names', 'Baselines: HS-Bootstrap and then RW-Drift; ratios P/VP; the ALGO-USD market.'],
    ['a glossary name set in capitals', 'Stake DYDX to vote.', { glossary: glossaryFrom('concepts:\n  - term: dYdX\n') }],
    ['numbered names', 'Per SIP 35, NI 31-103 and 31 CFR 356, see IJCAI 2020.'],
    ['a heading that is the abbreviation alone', '# KRNN\n\nA model.\n\n## GLV:\n\nA vault.'],
    ['link-list entries', '- [pybbg](https://example.com/pybbg) - Python interface to Bloomberg COM APIs and QES data.'],
    ['a word inside a name', 'We use the Barra USSLOW Long model.'],
    ['tickers with exchange codes', 'Renamed FB UW to META UW; 50 shares of AAPL UW.'],
    ['a two-word defined name used again', 'Under the Financial Markets Conduct Act 2013 (the "FMC Act"). Clause 38 of the FMC Act applies.'],
    ['a name in the possessive', "The desk uses ZQXV data. ZQXV's order book is deep."],
    ['two abbreviations hyphenated into a name in a table', '| Model |\n|---|\n| Meta-learning & DDQ-XA |\n| DDQ-XA[Linear] |'],
    ['a token with its contract address', 'Send ZQX (0x1f9840a85d5aF5bf1D1762F925BDADdC4201F984) to the pool.'],
    ['the price of a token', 'The price of ZQX is 0.01 and ZQX has 18 decimals.'],
    ['a named dataset, encoding or prefix', 'Load the dataset ZQXA; add encoding QWZ; keep the default ZQSB prefix.'],
    ['two models named together', 'Released: the KRQN and Sandwich models.'],
    ['two abbreviations hyphenated into one name', 'We compare DDQ-XA, a 2022 method, with its ablation.'],
    ['a list item among single names', 'Providers:\n\n* Chainfoo\n* ZQL\n* Barlink\n'],
    ['a bold line alone', '**ZQKMS**\n\nRun it as a service.'],
    ['spelled out on its line', 'Post only rejected? Then PO rejects are dropped.'],
    ['spelled out with letters from inside a word', 'The ZSID field holds a Zeta Securities Identifier.'],
    ['spelled out past inline markup', 'One of <code>GTX</code> (Good til x-day) or the default.'],
    ['an entry describing it', '- ZQAD - Automatic Zeta Differentiation library in C++\n- **ZOPS**: Method proposed by a 2021 paper on execution'],
    ['an abbreviation of a one-word name the note writes', 'Install zeqtorbt first. Tutorials on zeqtorbt: run ZBT daily.'],
    ['company forms', 'Provided by Foo Alliance – FZCO and by Bar FZE.'],
    [
      'listed with a ticker the glossary knows',
      'Stocks like ZQXP and TSLA; 股票如 ZQXQ 和 TSLA; акции ZQXR или TSLA; ZQXS, TSLA.',
      { glossary: glossaryFrom('concepts:\n  - term: Tesla\n    abbreviations: [TSLA]\n    areas: [Equities]\n') },
    ],
  ])('leaves alone %s', (_name, text, c?: Case) => {
    expect(notes(text, c ?? { glossary: clob })).toEqual([]);
  });

  it.each([
    ['a word beside a quote that is an apostrophe', "Goldman Sachs' QES desk trades.", ['acronym.undefined "QES"']],
    ['a word in a table cell with other words', '| Name | Note |\n|---|---|\n| a | the QES desk |', ['acronym.undefined "QES"']],
    ['a word in a quoted sentence that runs on', 'He said "the QES desk"s view.', ['acronym.undefined "QES"']],
    ['two codes, not a list', 'Compare QES and ZEC.', ['acronym.undefined "QES"', 'acronym.undefined "ZEC"']],
    ['a colon not followed by the long form', 'QES: see the desk.', ['acronym.undefined "QES"']],
    ['a heading with more words', '# The QES desk', ['acronym.undefined "QES"']],
    ['a word in parentheses with others', 'The desk (QES team) trades.', ['acronym.undefined "QES"']],
    ['a word after one capitalised word', 'We use Barra QES data.', ['acronym.undefined "QES"']],
    ['a list item whose link comes later', '- Python interface to QES, see [pybbg](https://example.com).', ['acronym.undefined "QES"']],
    ['a plural written with an apostrophe', "Fees are set by SCCQ's.", ['acronym.undefined "SCCQ"']],
    ['words that spell it only in a link target', 'See [the docs](https://x.example/zeta-quant-engine) on ZQE.', ['acronym.undefined "ZQE"']],
    ['its own letters beside other words', 'In the zone of ZQA and again.', ['acronym.undefined "ZQA"']],
    ['initials from one word only', 'The Zquantengine runs ZQE.', ['acronym.undefined "ZQE"']],
    ['a one-word name that is an English word', 'Compute CCA with the calculator; the calculator helps.', ['acronym.undefined "CCA"']],
    ['a list item among sentences', '* Run it.\n* ZQL\n* Then stop it.', ['acronym.undefined "ZQL"']],
    [
      'a name beside a ticker without a list mark',
      'Deposit into the BTC ZLV vault.',
      ['acronym.undefined "ZLV"'],
      { glossary: glossaryFrom('concepts:\n  - term: bitcoin\n    abbreviations: [BTC]\n    areas: [Crypto Assets]\n') },
    ],
  ])('still flags %s', (_name, text, expected, c?: Case) => {
    expect(notes(text, c ?? { glossary: clob })).toEqual(expected);
  });

  it('leaves alone a non-finance README paragraph', () => {
    const readme = [
      '# fastly-router',
      '',
      'A tiny HTTP router for Node.js with TypeScript types. TL;DR: `npm install fastly-router`.',
      '',
      'It parses JSON and YAML bodies, serves HTML, CSS and SVG files over HTTPS, and exposes a REST API',
      'with a CLI. Set `MAX_BODY_SIZE` or ROUTER_TIMEOUT_MS in the environment; see the [FAQ](./FAQ.md).',
      '',
      'Works on Linux, macOS and Windows (x64 and ARM64), in Docker on AWS or GCP, with GET, POST and PUT.',
      'Licensed under the MIT licence; see [LICENSE](./LICENSE). PRs welcome, CI runs on every PR.',
    ].join('\n');
    expect(notes(readme, { glossary: clob })).toEqual([]);
  });
});

describe('acronym.before-definition', () => {
  const text = 'The CLOB is fast.\n\nA Central Limit Order Book (CLOB) matches orders. The CLOB wins.';

  it('flags the first bare use before the definition and points at the definition', () => {
    expect(notes(text)).toEqual(['acronym.before-definition "CLOB"']);
    const d = only(text, 'acronym.before-definition');
    expect(d.message).toBe('"CLOB" is used before it is defined on line 3: write it out at first use, as in "Central Limit Order Book (CLOB)"');
    expect(d.range).toEqual({ start: { line: 0, character: 4 }, end: { line: 0, character: 8 } });
    expect(d.relatedInformation).toEqual([
      {
        start: text.indexOf('Central'),
        end: text.indexOf(')') + 1,
        range: { start: { line: 2, character: 2 }, end: { line: 2, character: 33 } },
        message: '"CLOB" is defined here',
      },
    ]);
  });

  it.each([
    ['long form (SF)', text, 'The Central Limit Order Book (CLOB) is fast.\n\nA CLOB matches orders. The CLOB wins.'],
    ['SF (long form)', 'The CLOB is fast. A CLOB (Central Limit Order Book) matches.', 'The Central Limit Order Book (CLOB) is fast. A CLOB matches.'],
    ['a plural first use', 'Two CLOBs. A Central Limit Order Book (CLOB) matches.', 'Two Central Limit Order Books (CLOBs). A CLOB matches.'],
    [
      'a glossary abbreviation',
      'BSM is standard. The Black-Scholes-Merton Model (BSM) prices options.',
      'Black-Scholes-Merton Model (BSM) is standard. The BSM prices options.',
    ],
  ])('offers an unsafe fix that moves the definition to the first use (%s)', (_name, before, after) => {
    expect(only(before, 'acronym.before-definition').data.fix!.safe).toBe(false);
    expect(fixed(before, 'acronym.before-definition')).toBe(after);
    expect(notes(after)).toEqual([]);
  });

  it("finds no definition in a list in parentheses, so offers no fix replacing the author's words", () => {
    const t = 'Plot the RSI first. Indicators of relative strength and momentum (RSI, MACD, Bollinger, …) follow.';
    expect(notes(t, { glossary: clob })).toEqual(['acronym.undefined "RSI"', 'acronym.undefined "MACD"']);
  });

  it('expands "liquidity provider, or LP" as written, inserting only the expansion', () => {
    const t = 'The LP earns fees. Each liquidity provider, or LP, deposits into a liquidity pool (LP).';
    expect(notes(t, { glossary: clob })).toEqual(['acronym.before-definition "LP"']);
    const fix = only(t, 'acronym.before-definition', { glossary: clob }).data.fix!;
    expect(fix.edits).toEqual([{ start: 4, end: 6, newText: 'liquidity provider (LP)' }]);
    expect(fixed(t, 'acronym.before-definition', { glossary: clob })).toBe(
      'The liquidity provider (LP) earns fees. Each liquidity provider, or LP, deposits into a liquidity pool (LP).',
    );
  });

  it('never replaces text outside the two forms of a parenthesised definition', () => {
    const t = 'The CLOB is fast. We run, in fact, a Central Limit Order Book (CLOB) daily.';
    const [use, definition] = only(t, 'acronym.before-definition', { glossary: clob }).data.fix!.edits;
    expect(t.slice(use!.start, use!.end)).toBe('CLOB');
    expect(t.slice(definition!.start, definition!.end)).toBe('Central Limit Order Book (CLOB)');
  });

  it('becomes a two-edit code action that is not preferred', () => {
    const doc = parse(text);
    const [action] = computeCodeActions(computeDiagnostics(doc), 5, 5);
    expect(action!.title).toBe('Write out "Central Limit Order Book (CLOB)" at first use');
    expect(action!.isPreferred).toBe(false);
    expect(action!.edits.map((e) => e.newText)).toEqual(['Central Limit Order Book (CLOB)', 'CLOB']);
  });

  it.each([
    ['uses only after the definition', 'A Central Limit Order Book (CLOB) matches. The CLOB wins.'],
    ['only the definition itself', 'A Central Limit Order Book (CLOB) matches.'],
    ['a glossary abbreviation never expanded', 'BSM is standard and BSM is fast.'],
    ['a later second definition', 'A Central Limit Order Book (CLOB). The CLOB. Again a Central Limit Order Book (CLOB).'],
  ])('leaves alone %s', (_name, t) => {
    expect(notes(t)).toEqual([]);
  });

  it('honours suppression comments', () => {
    expect(notes(`<!-- termlens-disable-next-line acronym.before-definition -->\n${text}`)).toEqual([]);
  });
});

/** Common nouns with two spellings, synonyms and abbreviations. */
const commonNouns = glossaryFrom(`
concepts:
  - term: portfolio optimization
    aliases: [portfolio optimisation]
  - term: gas fee
    aliases: [network fee]
  - term: non-fungible token
    abbreviations: [NFT]
  - term: at the money
    abbreviations: [ATM]
`);

describe('term.inconsistent', () => {
  it.each([
    ['a full form then an abbreviation', 'The Black-Scholes-Merton Model is old. BSM is still used.', ['term.inconsistent "BSM"']],
    [
      'an alias after the preferred term',
      'The Heston Model fits.\n\nThe Heston Stochastic Volatility Model is slow.',
      ['term.inconsistent "Heston Stochastic Volatility Model"'],
    ],
    ['three forms, reported once', 'Black-Scholes-Merton Model, then Black-Scholes Model, then BSM.', ['term.inconsistent "Black-Scholes Model"']],
    ['an abbreviation first', 'BSM is old. The Black-Scholes-Merton Model is still used.', ['term.inconsistent "Black-Scholes-Merton Model"']],
    [
      'an alias beside the expansion of another',
      'The Black-Scholes Model (BSM) and the Black-Scholes-Merton Model.',
      ['term.inconsistent "Black-Scholes-Merton Model"'],
    ],
  ])('flags %s', (_name, text, expected) => {
    expect(notes(text)).toEqual(expected);
  });

  it('flags two spellings of a common noun', () => {
    const text = 'We study portfolio optimisation here.\n\nPortfolio optimization is hard.';
    expect(notes(text, { glossary: commonNouns })).toEqual(['term.inconsistent "Portfolio optimization"']);
  });

  it.each([
    ['synonyms of a common noun', 'The gas fee is paid.\n\nA network fee is due.'],
    ['a common noun and its abbreviation', 'A non-fungible token is minted.\n\nThe NFT is sold.'],
    ['a common noun and an abbreviation written in capitals', 'Options at the money.\n\nThe ATM strike.'],
  ])('leaves alone %s', (_name, text) => {
    expect(notes(text, { glossary: commonNouns })).toEqual([]);
  });

  it('names both forms and the line of the first, and points at it', () => {
    const text = 'The Heston Model fits.\n\nThe Heston Stochastic Volatility Model is slow.';
    const d = only(text, 'term.inconsistent');
    expect(d.message).toBe('"Heston Stochastic Volatility Model" names the same concept as "Heston Model" on line 1: write one form throughout the note');
    expect(d.severity).toBe(3);
    expect(d.data.conceptId).toBe('heston-model');
    expect(d.relatedInformation!.map((r) => [text.slice(r.start, r.end), r.range.start.line, r.message])).toEqual([
      ['Heston Model', 0, 'first written "Heston Model" here'],
    ]);
  });

  it.each([
    [
      'every occurrence of the second form, keeping plurals and possessives',
      "The Heston Model fits. Heston Stochastic Volatility Models differ; the Heston Stochastic Volatility Model's smile.",
      "The Heston Model fits. Heston Models differ; the Heston Model's smile.",
    ],
    [
      'an abbreviation',
      'The Black-Scholes-Merton Model is old. BSM is still used.',
      'The Black-Scholes-Merton Model is old. Black-Scholes-Merton Model is still used.',
    ],
    [
      'to the first form as written',
      'The Black-Scholes-Merton model is old. BSM is still used.',
      'The Black-Scholes-Merton model is old. Black-Scholes-Merton model is still used.',
    ],
  ])('offers an unsafe fix rewriting %s', (_name, before, after) => {
    expect(only(before, 'term.inconsistent').data.fix!.safe).toBe(false);
    expect(fixed(before, 'term.inconsistent')).toBe(after);
    expect(notes(after)).toEqual([]);
  });

  it.each([
    ['an abbreviation introduced by its expansion', 'The Black-Scholes-Merton Model (BSM) is old. BSM is still used.'],
    ['an expansion written short form first', 'BSM (Black-Scholes-Merton Model) is old. BSM is still used.'],
    ['one form in different cases and plurals', 'The Black-Scholes-Merton Model and two Black-Scholes-Merton models.'],
    ['two glossary forms that are plurals of each other', 'The Option Pricing Model and two Option Pricing Models.'],
    ['a misspelt second form', 'The Heston Model and the Hesten Stochastic Volatility Model.'],
    ['a variant spelling', 'The Heston Model and the heston stochastic volatility model.'],
    ['a forbidden form', 'The Black-Scholes-Merton Model, not the BS Model.'],
    ['forms of different concepts', 'The Heston Model and the Merton Model.'],
    ['a form in code', 'The Heston Model.\n\n```\nHeston Stochastic Volatility Model\n```\n'],
    ['two names in one table row', '| Code | Name |\n|---|---|\n| BSM | Black-Scholes-Merton Model |'],
  ])('leaves alone %s', (_name, text) => {
    expect(notes(text)).toEqual([]);
  });

  it('does not check code', () => {
    expect(notes('# Black-Scholes-Merton Model, then BSM\nx = 1\n', { languageId: 'python' })).toEqual([]);
  });

  it('honours suppression comments on the line of the second form', () => {
    expect(notes('The Heston Model.\n<!-- termlens-disable-next-line term.inconsistent -->\nThe Heston Stochastic Volatility Model.\n')).toEqual([]);
  });
});

describe('all diagnostics together', () => {
  it('are sorted by start offset and keep the term rules safe', () => {
    const text = 'The CLOB and the Hesten Model. The Heston Model (HM) and the AMM.';
    const g = glossaryFrom('concepts:\n  - term: Heston Model\n');
    const ds = diagnose(text, { glossary: g });
    expect(ds.map((d) => `${d.code} ${text.slice(d.data.start, d.data.end)}`)).toEqual([
      'acronym.undefined CLOB',
      'term.misspelled Hesten Model',
      'acronym.undefined AMM',
    ]);
    expect(ds[1]!.data.fix).toEqual({ title: 'Replace with "Heston Model"', edits: [{ start: 17, end: 29, newText: 'Heston Model' }], safe: true });
  });
});
