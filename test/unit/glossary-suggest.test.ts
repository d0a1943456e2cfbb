/**
 * `termlens glossary suggest`'s mining (`core/features/suggest.ts`) on inline documents: each kind
 * of candidate, what is left out (known terms, ordinary English and code, sentence starts,
 * headings, labels, link texts, names, pasted boilerplate), the ranking, and the glossary YAML.
 */

import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { suggestConcepts, suggestionsYaml, type SuggestDocument, type Suggestion, type SuggestOptions } from '../../server/src/core/features/suggest';
import type { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { glossaryFrom } from './helpers';

/** A small glossary that knows none of the candidates below. */
const base = glossaryFrom(`
concepts:
  - term: limit order
  - term: order book
`);

/** Notes (Markdown unless the name says otherwise), as `name: text` pairs. */
function docs(files: Record<string, string>): SuggestDocument[] {
  return Object.entries(files).map(([name, text]) => ({ name, text, languageId: languageOf(name) }));
}

function languageOf(name: string): string {
  if (name.endsWith('.py')) return 'python';
  if (name.endsWith('.ts')) return 'typescript';
  if (name.endsWith('.txt')) return 'plaintext';
  return 'markdown';
}

function suggest(files: Record<string, string>, glossary: CompiledGlossary = base, options: SuggestOptions = {}): Suggestion[] {
  return suggestConcepts(docs(files), glossary, { minCount: 1, ...options });
}

/** The suggestions as `kind: term (ABBR)` strings, best first. */
function summary(files: Record<string, string>, glossary?: CompiledGlossary, options?: SuggestOptions): string[] {
  return suggest(files, glossary, options).map(
    (s) => `${s.kind}: ${s.term}${s.abbreviation !== undefined && s.abbreviation !== s.term ? ` (${s.abbreviation})` : ''}`,
  );
}

/** The same note in `n` files, `a.md`, `b.md`, … (each with its own wording, so none is a pasted copy). */
function spread(n: number, sentence: (i: number) => string): Record<string, string> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`${String.fromCharCode(97 + i)}.md`, sentence(i)]));
}

describe('candidate kinds', () => {
  it.each([
    [
      'a long form before the abbreviation',
      'We trade on a Central Limit Order Book (CLOB). The CLOB matches orders.',
      'abbreviation: Central Limit Order Book (CLOB)',
    ],
    ['a long form after it', 'Each CLOB (central limit order book) keeps price-time priority.', 'abbreviation: central limit order book (CLOB)'],
    ['a long form woven into the sentence', 'Fees go to the liquidity provider, or LPV, who supplies both tokens.', 'abbreviation: liquidity provider (LPV)'],
    ['an abbreviation never written out', 'The GWAV is read every block. Later the GWAV moves.', 'undefined-abbreviation: GWAV'],
    ['a capitalised phrase inside a sentence', 'Orders are sent to the Smart Order Router when the market opens.', 'phrase: Smart Order Router'],
  ])('%s', (_name, text, expected) => {
    expect(summary({ 'note.md': text })).toEqual([expected]);
  });

  it('an identifier of code that the notes spell out as words', () => {
    const found = suggest({
      'calibrate.py': 'def run(quotes):\n    heston_model = fit(quotes)\n    return heston_model\n',
      'note.md': 'We fit the Heston model to the quotes every morning; the fitted Heston model is stored.',
    });
    expect(found.map((s) => [s.kind, s.term, s.identifiers])).toEqual([['identifier', 'Heston model', ['heston_model']]]);
    expect(found[0]!.files).toBe(2);
    expect(found[0]!.example).toEqual({ file: 'note.md', line: 1, column: 12 });
  });

  it('merges the evidence for one concept: the phrase, its abbreviation and the identifier', () => {
    const [s, ...rest] = suggest({
      'a.md': 'Fills come from the Order Flow Auction (OFA) each block. An OFA clears.',
      'b.md': 'Every wallet joins an Order Flow Auction before it sends a swap.',
      'c.ts': 'const orderFlowAuction = openAuction();\n',
    });
    expect(rest).toEqual([]);
    expect([s!.term, s!.abbreviation, s!.evidence, s!.files, s!.definedIn]).toEqual([
      'Order Flow Auction',
      'OFA',
      ['abbreviation', 'phrase', 'identifier'],
      3,
      1,
    ]);
  });

  it('counts a plural and a singular as one candidate, named in the singular when the notes write it', () => {
    expect(
      summary({
        'a.md': 'The desk sends Block Trade Reports daily to the regulator.',
        'b.md': 'Our team files one Block Trade Report for each large print.',
        'c.md': 'Brokers check the Block Trade Reports again before the close.',
      }),
    ).toEqual(['phrase: Block Trade Report']);
    // A capitalised plural may be a name ("Bollinger Bands"); a plural in lower case is made singular.
    expect(summary({ 'a.md': 'The chart shows two Bollinger Bands around the price.' })).toEqual(['phrase: Bollinger Bands']);
    expect(summary({ 'a.py': 'fill_prices = []\n', 'b.md': 'The fill prices are averaged.' })).toEqual(['identifier: fill price']);
  });

  it('maps example locations through positionAt (a notebook cell to its .ipynb)', () => {
    const [s] = suggestConcepts(
      [
        {
          name: 'n.ipynb',
          text: 'See the Smart Order Router for how fills are routed.',
          languageId: 'markdown',
          positionAt: (o) => ({ line: 40, character: o + 7 }),
        },
      ],
      base,
      { minCount: 1 },
    );
    expect(s!.example).toEqual({ file: 'n.ipynb', line: 41, column: 16 });
  });
});

describe('what is not suggested', () => {
  const known = glossaryFrom(`
concepts:
  - term: Smart Order Router
  - term: central limit order book
    abbreviations: [CLOB]
  - term: Heston Model
  - term: Uniswap
  - term: Bollinger Bands
`);

  it.each([
    ['a term the glossary has', 'Orders go to the Smart Order Router when it is open.'],
    ['its plural', 'Orders go to the Smart Order Routers when they are open.'],
    ['its singular, of a term written in the plural', 'The price left the upper Bollinger Band at the open today.'],
    ['an abbreviation the glossary has', 'We trade on a Central Limit Order Book (CLOB) today.'],
    ['an abbreviation whose long form the glossary has', 'We trade on a Central Limit Order Book (CLOBX) today.'],
    ['a known name with a version', 'Pools on Uniswap V3 hold liquidity in ranges, unlike the rest.'],
    ['a known name and what kind of thing it is', 'Pools on the Uniswap Protocol hold liquidity in ranges of price.'],
  ])('%s', (_name, text) => {
    expect(summary({ 'note.md': text }, known)).toEqual([]);
  });

  it('an identifier whose words the glossary has', () => {
    expect(summary({ 'a.py': 'heston_model = 1\n', 'b.md': 'The Heston model is fitted daily by the desk.' }, known)).toEqual([]);
  });

  /** Only the phrases: some texts below hold abbreviations that are rightly suggested. */
  const phrases = (text: string): string[] => summary({ 'note.md': text }).filter((s) => s.startsWith('phrase:'));

  it.each([
    ['a sentence start', 'Liquidity Providers earn fees. Trading Volume rose.'],
    ['a heading', '## Order Flow Auction\n\nText about it here.'],
    ['a setext heading', 'Order Flow Auction\n==================\n\nText about it here.'],
    ['a label without running text', '**Order Flow Auction**\n\n- Order Flow Auction\n\n| Order Flow Auction | Yes |\n|---|---|'],
    ['a table header', '| Order Type | Time In Force |\n|---|---|\n| limit | good till cancelled |'],
    ['a link text', 'See the [Order Flow Auction](https://example.com/ofa) page for the rules that apply.'],
    ['the label of a control', 'Click the **Collect Fees** button once the position has been minted.'],
    ['authors of a cited work', 'The model follows the paper by Liheng Zhang and the work of (Yao Qin, et al.) on attention.'],
    ['a firm', 'By using the API provided by Acme Trading Inc. you agree to these terms of use.'],
    ['a software name', 'It runs on the Cosmos SDK and answers every call of the Trading API quickly.'],
    ['two names joined by "and"', 'It is deployed on Ethereum and WMATIC holders can bridge their tokens over.'],
    ['a name of code in prose', 'Call the NonfungiblePositionManager Contract to mint a new position for it.'],
    ['an HTML element', 'Press <Button href="https://example.com/api?x=1">API Example</Button> to try it out.'],
    ['words in capitals', 'THE ORDER BOOK IS CLOSED NOW AND WILL REOPEN LATER.'],
    ['ordinary English', 'We looked at the prices yesterday and they went up, then down again.'],
  ])('%s', (_name, text) => {
    expect(phrases(text)).toEqual([]);
  });

  it('well-known abbreviations, even written out', () => {
    expect(summary({ 'note.md': 'Read the JSON over HTTPS from the REST API (Application Programming Interface) or the CLI.' })).toEqual([]);
  });

  it('ordinary code, even when the notes use the same words', () => {
    const files = {
      'app.py': 'def get_price(file_path, user_id):\n    cancel_order(user_id)\n    third_party = load(file_path)\n    return other_token\n',
      'note.md': 'Write the file path and the user id, get price, cancel order, ask a third party or another other token holder.',
    };
    expect(summary(files)).toEqual([]);
  });

  it('module names in imports', () => {
    const files = { 'a.py': 'from gs_quant.markets import Portfolio\nimport gs_quant\n', 'b.md': 'Install gs quant first, then gs quant runs.' };
    expect(summary(files)).toEqual([]);
  });

  it('counts a paragraph pasted into several files once', () => {
    const disclaimer =
      'This material is issued through Example Markets Division for information only and is not an offer to buy or sell any security or other financial instrument.';
    const found = suggest(spread(4, () => disclaimer));
    expect(found.map((s) => [s.term, s.files])).toEqual([['Example Markets Division', 1]]);
  });
});

describe('hostile input', () => {
  // Plain text, so that the time goes to the mining, not to remark (whose slow shapes the CLI's time budget bounds).
  it('a long line of capitalised words, brackets and parentheses gives an answer, not a crash', () => {
    const line = 'we see the Order Flow Auction [and (THE ABC) of it, '.repeat(10_000);
    const found = suggest({ 'a.txt': line, 'b.txt': `# Title\n\n${line}\n=====\n` });
    expect(found.map((s) => s.term)).toContain('Order Flow Auction');
  });
});

describe('ranking', () => {
  it('ranks by files first, then by uses', () => {
    const files = {
      ...spread(3, (i) => `Trade ${i} goes through the Request For Quote flow of the desk today.`),
      'x.md': 'We watch the Order Flow Auction closely. The Order Flow Auction clears. Then the Order Flow Auction ends. The Order Flow Auction again.',
    };
    const found = suggest(files);
    expect(found.map((s) => [s.term, s.files, s.count])).toEqual([
      ['Request For Quote', 3, 3],
      ['Order Flow Auction', 1, 4],
    ]);
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
  });

  it('counts an abbreviation never written out for less than one written out', () => {
    const files = {
      'a.md': 'The Time Weighted Average Value (TWAV) is published hourly.',
      'b.md': 'A Time Weighted Average Value (TWAV) of the pool is kept by the contract for every hour.',
      'c.md': 'The GWAVX is read every block.',
      'd.md': 'Each GWAVX check runs once.',
      'e.md': 'Oracles read the GWAVX too.',
    };
    expect(suggest(files).map((s) => [s.kind, s.term, s.files])).toEqual([
      ['abbreviation', 'Time Weighted Average Value', 2],
      ['undefined-abbreviation', 'GWAVX', 3],
    ]);
  });

  it('leaves out candidates seen fewer than minCount times, and keeps at most limit', () => {
    const files = {
      'a.md': 'Orders reach the Smart Order Router, then the Order Flow Auction, then the Request For Quote desk.',
      'b.md': 'Later the Smart Order Router and the Order Flow Auction both close for the night.',
      'c.md': 'Only the Smart Order Router stays open after the close of trading.',
    };
    expect(summary(files, base, { minCount: 2 })).toEqual(['phrase: Smart Order Router', 'phrase: Order Flow Auction']);
    expect(summary(files, base, { limit: 1 })).toEqual(['phrase: Smart Order Router']);
  });
});

describe('glossary YAML', () => {
  const files = {
    'a.md': 'We trade on a Central Limit Order Book (CLOB). The CLOB is open. The GWAV is read.',
    'b.md': 'The desk routes to the Smart Order Router, and the GWAV moves; the GWAV is kept.',
    'c.py': 'def run():\n    heston_model = 1\n    return heston_model\n',
    'd.md': 'We fit the Heston model daily to the quotes of the morning session.',
  };

  it('parses, and passes the glossary loader with status: proposed on every entry', () => {
    const suggestions = suggest(files);
    expect(suggestions.length).toBe(4);
    const yaml = suggestionsYaml(suggestions, { header: ['suggested'] });
    const data = parseYaml(yaml) as { concepts: Record<string, unknown>[] };
    expect(data.concepts.map((c) => c.status)).toEqual(['proposed', 'proposed', 'proposed', 'proposed']);
    const loaded = parseGlossaryText(yaml, 'file:///suggested.glossary.yaml');
    expect(loaded.problems).toEqual([]);
    expect(loaded.concepts.map((c) => [c.forms.map((f) => f.text), c.status])).toEqual(
      expect.arrayContaining([
        [['Central Limit Order Book', 'CLOB'], 'proposed'],
        [['Smart Order Router'], 'proposed'],
        [['Heston model'], 'proposed'],
        [['GWAV'], 'proposed'],
      ]),
    );
    // The abbreviation never written out gets a placeholder definition; the others none.
    expect(loaded.concepts.find((c) => c.forms[0]!.text === 'GWAV')!.senses.map((s) => s.text)).toEqual(['TODO: write out GWAV and say what it means.']);
    expect(loaded.concepts.find((c) => c.forms[0]!.text === 'Smart Order Router')!.senses).toEqual([]);
  });

  it('names where each entry was seen in a # file:line:column comment', () => {
    const yaml = suggestionsYaml(suggest(files));
    expect(yaml).toContain('  # a.md:1:15  written out in 1 file');
    expect(yaml).toContain('  # d.md:1:12  identifier in code and notes');
    expect(yaml).toContain('  # code: heston_model\n  - term: Heston model\n');
  });

  it('quotes what YAML would misread, and keeps comments on one line', () => {
    const s: Suggestion = {
      term: 'No',
      kind: 'phrase',
      evidence: ['phrase'],
      score: 1,
      files: 1,
      count: 1,
      example: { file: 'evil\nname: x.md', line: 1, column: 1 },
    };
    const tricky = [s, { ...s, term: 'Profit: "Loss" #1' }, { ...s, term: 'A [B], C', abbreviation: 'X,Y' }];
    const yaml = suggestionsYaml(tricky);
    expect(yaml).toContain('# evil?name: x.md:1:1');
    const loaded = parseGlossaryText(yaml, 'file:///x.glossary.yaml');
    expect(loaded.problems).toEqual([]);
    expect(loaded.concepts.map((c) => c.forms.map((f) => f.text))).toEqual([['No'], ['Profit: "Loss" #1'], ['A [B], C', 'X,Y']]);
  });

  it('writes an empty list when there is nothing to suggest', () => {
    const yaml = suggestionsYaml([]);
    expect(parseGlossaryText(yaml, 'file:///x.glossary.yaml').problems).toEqual([]);
    expect(yaml).toContain('concepts: []');
  });
});
