import type { Nodes } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderConceptHover, safeLink, summarizeDefinition } from '../../server/src/core/features/render';
import type { Concept } from '../../server/src/core/glossary/model';

/** A concept with defaults for everything not given. */
function concept(fields: Partial<Concept> & { term: string }): Concept {
  const { term, ...rest } = fields;
  return {
    id: term.toLowerCase(),
    kind: 'term',
    forms: [{ text: term, status: 'preferred', type: 'fullForm' }],
    senses: [],
    facets: [],
    related: [],
    areas: [],
    ...rest,
  };
}

const markdown = unified().use(remarkParse).use(remarkGfm);

/** What a CommonMark + GFM renderer sees in `md`: node types used, link URLs and the plain text. */
function structure(md: string): { types: Set<string>; links: string[]; text: string } {
  const types = new Set<string>();
  const links: string[] = [];
  let text = '';
  const stack: Nodes[] = [markdown.parse(md)];
  for (let node = stack.pop(); node; node = stack.pop()) {
    types.add(node.type);
    if (node.type === 'link') links.push(node.url);
    if (node.type === 'text') text += node.value;
    if ('children' in node) stack.push(...[...(node.children as Nodes[])].reverse());
  }
  return { types, links, text };
}

/** Node types our hover Markdown may contain; everything else would be injected structure. */
const ALLOWED_TYPES = new Set(['root', 'paragraph', 'text', 'strong', 'emphasis', 'heading', 'thematicBreak', 'break', 'link']);

describe('escapeMarkdown', () => {
  it.each<[string, string]>([
    ['Heston Model', 'Heston Model'],
    ['Black-Scholes (BSM)', 'Black-Scholes (BSM)'],
    ['<img src=x onerror=alert(1)>', '\\<img src=x onerror=alert(1)>'],
    ['[click](command:workbench.action.terminal.new)', '\\[click\\]\\(command\\:workbench.action.terminal.new)'],
    ['see https://x', 'see https\\://x'],
    ['www.x.org mail a@b.co', 'www\\.x.org mail a\\@b.co'],
    ['Note: 3:1 at 10:30', 'Note: 3:1 at 10:30'],
    ['# heading', '\\# heading'],
    ['a\n\n- list\r\n1. item', 'a - list 1. item'],
    ['- list', '\\- list'],
    ['+ list', '\\+ list'],
    ['> quote', '\\> quote'],
    ['=== setext', '\\=== setext'],
    ['1. item', '1\\. item'],
    ['2) item', '2\\) item'],
    ['1.5 years', '1.5 years'],
    ['|---|:-:|', '\\|---|:-:|'],
    [':-', '\\:-'],
    ['a | b', 'a | b'],
    ['Calibration #', 'Calibration \\#'],
    ['C# and F#', 'C# and F#'],
    ['![i](x) ](y)', '\\!\\[i\\]\\(x) \\]\\(y)'],
    ['snake_case _u_ a_ _b', 'snake_case \\_u\\_ a\\_ \\_b'],
    ['$(zap) $5', '\\$(zap) $5'],
    ['`code` *em* _u_ ~s~ |t|', '\\`code\\` \\*em\\* \\_u\\_ \\~s\\~ |t|'],
    ['&lt; &amp;', '\\&lt; \\&amp;'],
    ['C:\\path', 'C\\:\\\\path'],
    ['  \tindented', 'indented'],
    ['bell\u0007 nel\u0085 tab\tkept \u202Eevil', 'bell nel tab\tkept evil'],
    ['日本語 — ok', '日本語 — ok'],
  ])('%j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  it('neutralises autolink literals and command URIs', () => {
    const out = escapeMarkdown('run command:foo or visit https://evil.com/x');
    expect(out).toBe('run command\\:foo or visit https\\://evil.com/x');
    // remark-gfm linkifies URL-looking text even after unescaping (VS Code's marked and markdown-it
    // respect the escapes), but a literal can only become an http(s) link there, never a command.
    const { links, text } = structure(out);
    expect(links.filter((url) => !url.startsWith('https://'))).toEqual([]);
    expect(text).toBe('run command:foo or visit https://evil.com/x');
  });
});

describe('safeLink', () => {
  it.each<[string, string | undefined, string]>([
    ['Greeks', 'https://term.greeks.live/term/vega/', '[Greeks](https://term.greeks.live/term/vega/)'],
    ['x', 'http://example.org', '[x](http://example.org/)'],
    ['wiki', 'https://en.wikipedia.org/wiki/Greeks_(finance)', '[wiki](https://en.wikipedia.org/wiki/Greeks_%28finance%29)'],
    ['x', 'https://x.org/a b<c>d\\e"f\'g', '[x](https://x.org/a%20b%3Cc%3Ed/e%22f%27g)'],
    ['x', 'https://x.org/?q=a)b](javascript:alert(1))', '[x](https://x.org/?q=a%29b]%28javascript:alert%281%29%29)'],
    ['a [b]', 'https://x.org', '[a \\[b\\]](https://x.org/)'],
    ['', 'https://x.org', '[https\\://x.org](https://x.org/)'],
    ['click', 'javascript:alert(1)', 'click'],
    ['click', 'command:workbench.action.terminal.new', 'click'],
    ['click', 'file:///etc/passwd', 'click'],
    ['click', 'vscode://settings', 'click'],
    ['click', 'data:text/html,<script>alert(1)</script>', 'click'],
    ['', 'javascript:alert(1)', 'javascript\\:alert(1)'],
    ['Hull (2018)', 'not a url', 'Hull (2018)'],
    ['label', undefined, 'label'],
  ])('%j %j', (label, url, expected) => {
    expect(safeLink(label, url)).toBe(expected);
  });

  it('renders as exactly one http(s) link even when the URL tries to break out', () => {
    const { types, links } = structure(safeLink('x', 'https://x.org/a)](command:evil) <b>'));
    expect(links).toEqual(['https://x.org/a%29]%28command:evil%29%20%3Cb%3E']);
    expect(types).not.toContain('html');
  });
});

describe('renderConceptHover', () => {
  const bsm = concept({
    term: 'Black-Scholes-Merton Model',
    forms: [
      { text: 'Black-Scholes-Merton Model', status: 'preferred', type: 'fullForm' },
      { text: 'BSM', status: 'admitted', type: 'abbreviation' },
      { text: 'Black-Scholes Model', status: 'admitted', type: 'variant' },
      { text: 'Black Scholes', status: 'admitted', type: 'variant' },
      { text: 'B-S Model', status: 'deprecated', type: 'variant', reason: 'ambiguous abbreviation' },
      { text: 'BS Model', status: 'forbidden', type: 'abbreviation' },
    ],
    senses: [
      { text: 'A model for pricing European options.', source: 'https://term.greeks.live/term/bsm/', area: 'Options Pricing' },
      { text: 'The PDE behind\nthe formula.', source: 'Hull, Options, Futures (2018)' },
    ],
    related: ['implied-volatility', 'Greeks'],
    areas: ['Options Pricing', 'Derivatives'],
  });
  const iv = concept({ term: 'Implied Volatility' });
  const resolveRelated = (name: string): Concept | undefined => (name === 'implied-volatility' ? iv : undefined);

  it('renders a term with two senses', () => {
    expect(renderConceptHover(bsm, { resolveRelated }).split('\n')).toEqual([
      '**Black-Scholes-Merton Model** · *term*',
      '',
      '**1.** A model for pricing European options. — [term.greeks.live](https://term.greeks.live/term/bsm/), *Options Pricing*',
      '',
      '**2.** The PDE behind the formula. — Hull, Options, Futures (2018)',
      '',
      'Abbreviations: BSM  ',
      'Also: Black-Scholes Model, Black Scholes  ',
      'Avoid: B-S Model (deprecated), BS Model (forbidden)  ',
      'Related: Implied Volatility, Greeks  ',
      'Areas: Options Pricing, Derivatives',
    ]);
  });

  it('notes a misspelling and a deprecated or forbidden form', () => {
    const deprecated = bsm.forms[4]!;
    const forbidden = bsm.forms[5]!;
    const hover = (options: Parameters<typeof renderConceptHover>[1]): string[] => renderConceptHover(bsm, options).split('\n\n').slice(0, 2);
    expect(hover({ misspelledAs: 'Black-Scholes-Merten Model' })).toEqual([
      '**Black-Scholes-Merton Model** · *term*',
      '⚠ "Black-Scholes-Merten Model" looks like a misspelling of this term',
    ]);
    expect(hover({ matchedForm: deprecated })[1]).toBe('⚠ "B-S Model" is deprecated: ambiguous abbreviation');
    expect(hover({ matchedForm: forbidden })[1]).toBe('⚠ "BS Model" is forbidden');
    expect(hover({ matchedForm: bsm.forms[1]! })[1]).toMatch(/^\*\*1\.\*\*/);
  });

  it('renders a single sense without a number, and omits empty lines', () => {
    const vega = concept({ term: 'Vega', senses: [{ text: 'Sensitivity to volatility.' }] });
    expect(renderConceptHover(vega)).toBe('**Vega** · *term*\n\nSensitivity to volatility.');
  });

  it('renders an area with facets after a rule, cutting long facets at a sentence', () => {
    const sentence = 'The model is calibrated to the implied volatility surface every day. ';
    const area = concept({
      term: 'Heston Model',
      kind: 'area',
      senses: [{ text: 'A stochastic volatility model.' }],
      facets: [
        { name: 'Algorithm', text: 'Characteristic function\nand FFT.' },
        { name: '# Calibration [x](command:y)', text: sentence.repeat(20) },
      ],
    });
    const blocks = renderConceptHover(area).split('\n\n');
    expect(blocks.slice(0, 5)).toEqual([
      '**Heston Model** · *area*',
      'A stochastic volatility model.',
      '---',
      '#### Algorithm',
      'Characteristic function and FFT.',
    ]);
    expect(blocks[5]).toBe('#### \\# Calibration \\[x\\]\\(command\\:y)');
    const long = blocks[6]!;
    expect(long.endsWith('day. …')).toBe(true);
    expect(long.replace(/\\/g, '').length).toBeLessThanOrEqual(602);
    expect(long.replace(/\\/g, '').length).toBeGreaterThan(400);
    expect(blocks).toHaveLength(7);
  });

  it('renders hostile glossary content as inert text', () => {
    const hostile = concept({
      term: '<img src=x onerror=alert(1)>',
      forms: [
        { text: '<img src=x onerror=alert(1)>', status: 'preferred', type: 'fullForm' },
        { text: '<script>alert(1)</script>', status: 'admitted', type: 'abbreviation' },
        { text: '[click](command:workbench.action.terminal.new)', status: 'admitted', type: 'variant' },
        { text: '![x](https://evil/x.png)', status: 'deprecated', type: 'variant', reason: '<b>bold</b> &lt;' },
      ],
      senses: [
        { text: '# heading\n- list\n```js\nalert(1)\n```\n| a | b |\n|---|---|', source: 'javascript:alert(1)', area: '*[x](command:y)*' },
        { text: '&lt;script&gt; <!-- c --> [ref]: https://evil', source: 'https://evil.example/a)](command:x' },
        { text: 'data: data:text/html,<h1>x</h1> file:///etc/passwd vscode://x', source: 'command:workbench.action.terminal.new' },
      ],
      related: ['[r](command:r)'],
      areas: ['<details open>'],
      facets: [{ name: '<script>', text: '<iframe src="javascript:alert(1)">' }],
    });
    const out = renderConceptHover(hostile, {
      misspelledAs: '<img src=x>',
      matchedForm: hostile.forms[3]!,
      resolveRelated: () => undefined,
    });

    const { types, links, text } = structure(out);
    expect([...types].filter((t) => !ALLOWED_TYPES.has(t))).toEqual([]);
    expect(links).toEqual(['https://evil.example/a%29]%28command:x']);
    // Our own, percent-encoded http(s) link is the only place where link syntax may appear.
    const ourLink = '[evil.example](https://evil.example/a%29]%28command:x)';
    expect(out).toContain(ourLink);
    const rest = out.replace(ourLink, '');
    // A scheme's colon is escaped wherever a URL could follow it (`data: ` before a space is prose).
    for (const scheme of ['command', 'javascript', 'file', 'vscode', 'data']) expect(rest).not.toMatch(new RegExp(`${scheme}:\\S`));
    expect(rest).not.toMatch(/(^|[^\\])[<&`[\]]/m);
    expect(rest).not.toMatch(/^([>|+=]|-(?!--$))/m); // our own rule `---` aside
    expect(out.match(/^#+ /gm)).toEqual(['#### ']);
    expect(text).toContain('<img src=x onerror=alert(1)>');
    expect(text).toContain('# heading - list ```js alert(1) ``` | a | b | |---|---|');
  });
});

describe('summarizeDefinition', () => {
  it.each<[string, Concept, number | undefined, string]>([
    [
      'the first sense',
      concept({ term: 'Vega', senses: [{ text: 'Sensitivity\nto volatility.' }, { text: 'Other.' }] }),
      undefined,
      'Sensitivity to volatility.',
    ],
    [
      'cut at a word with an ellipsis',
      concept({ term: 'Vega', senses: [{ text: 'The sensitivity of an option price to changes, in implied volatility of the underlying.' }] }),
      40,
      'The sensitivity of an option price to…',
    ],
    ['a facet sentence for an area', concept({ term: 'Heston', kind: 'area', facets: [{ name: 'A', text: 'First one. Second.' }] }), undefined, 'First one.'],
    ['nothing', concept({ term: 'Heston' }), undefined, ''],
    [
      'plain text, not escaped',
      concept({ term: 'X', senses: [{ text: 'Uses <b> and *stars* & [links](x).' }] }),
      undefined,
      'Uses <b> and *stars* & [links](x).',
    ],
  ])('%s', (_name, c, max, expected) => {
    const out = summarizeDefinition(c, max);
    expect(out).toBe(expected);
    expect(out.length).toBeLessThanOrEqual(max ?? 120);
  });

  it('cuts an unbroken word hard', () => {
    expect(summarizeDefinition(concept({ term: 'X', senses: [{ text: 'a'.repeat(50) }] }), 10)).toBe(`${'a'.repeat(9)}…`);
  });
});

describe('renderConceptHover on an area page', () => {
  const area: Concept = {
    id: 'area',
    kind: 'area',
    forms: [{ text: 'Calibration Challenges', status: 'preferred', type: 'fullForm' }],
    senses: [{ text: 'Calibration is hard. It matters a lot.', source: 'https://example.org/area' }],
    facets: [{ name: 'Calibration', text: 'Calibration is hard. It matters a lot. More detail follows here.' }],
    related: Array.from({ length: 30 }, (_, i) => `Linked Term ${i + 1}`),
    areas: [],
  };

  it('shows every definition with its source, the facets, and caps the related list', () => {
    const md = renderConceptHover(area);
    expect(md).toContain('Calibration is hard. It matters a lot. — [example.org](https://example.org/area)');
    expect(md).toContain('#### Calibration');
    expect(md).toContain('Related: Linked Term 1, ');
    expect(md).toContain('Linked Term 8, and 22 more');
    expect(md).not.toContain('Linked Term 9');
  });
});
