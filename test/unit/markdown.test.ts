import { describe, expect, it } from 'vitest';
import { scanMarkdown } from '../../server/src/core/text/markdown';

/** The source text of each prose region of `md`. */
function regionsOf(md: string): string[] {
  const { regions } = scanMarkdown(md);
  for (const r of regions) expect(r.kind).toBe('prose');
  return regions.map((r) => md.slice(r.start, r.end));
}

/** The suppressions of `md` as `line:codes`. */
function suppressionsOf(md: string): string[] {
  return scanMarkdown(md).suppressions.map((s) => `${s.line}:${s.codes.join(',')}`);
}

describe('scanMarkdown regions', () => {
  it.each<[string, string, string[]]>([
    ['paragraph', 'The Heston Model is stochastic.', ['The Heston Model is stochastic.']],
    ['soft-wrapped paragraph is one region', 'The Heston\nModel wraps.', ['The Heston\nModel wraps.']],
    ['heading', '# Heston Model\n\n## Calibration', ['Heston Model', 'Calibration']],
    ['setext heading', 'Strike Price\n===', ['Strike Price']],
    ['list items', '- Call Option\n- Put Option\n\n1. Strike Price', ['Call Option', 'Put Option', 'Strike Price']],
    ['list item continuation keeps its indentation', '- Implied\n  Volatility', ['Implied\n  Volatility']],
    ['table cells', '| Term | Kind |\n|---|---|\n| Strike Price | `x` |', ['Term', 'Kind', 'Strike Price']],
    ['block quote keeps the markers of wrapped lines', '> Implied\n> Volatility', ['Implied\n> Volatility']],
    ['emphasis, strong, strikethrough', 'a *Call* **Put** ~~Swap~~', ['a ', 'Call', ' ', 'Put', ' ', 'Swap']],
    ['link text but not its URL or title', 'See [Heston Model](https://x.org/heston "Heston") now', ['See ', 'Heston Model', ' now']],
    ['reference link text, not the definition', '[Strike Price][s]\n\n[s]: https://x.org/strike', ['Strike Price']],
    ['footnote definition but not the reference', 'Vega[^1]\n\n[^1]: Sensitivity to volatility.', ['Vega', 'Sensitivity to volatility.']],
    ['entities and escapes stay in the source slice', 'Puts &amp; Calls \\*', ['Puts &amp; Calls \\*']],
    ['dollar amounts are prose, not math', 'It costs $5 and the strike price is $10 today.', ['It costs $5 and the strike price is $10 today.']],
  ])('includes %s', (_name, md, expected) => {
    expect(regionsOf(md)).toEqual(expected);
  });

  it.each<[string, string, string[]]>([
    ['inline code', 'Use `Heston Model` here', ['Use ', ' here']],
    ['fenced code', 'Before\n\n```python\nheston_model = 1\n```\n\nAfter', ['Before', 'After']],
    ['tilde fenced code', '~~~\nStrike Price\n~~~', []],
    ['indented code', 'Before\n\n    Strike Price\n\nAfter', ['Before', 'After']],
    ['block HTML', '<div>\nStrike Price\n</div>\n\nAfter', ['After']],
    ['inline HTML', 'a <b>Strike</b> c', ['a ', 'Strike', ' c']],
    ['YAML front matter', '---\ntitle: Strike Price\n---\n\nBody', ['Body']],
    ['TOML front matter', '+++\ntitle = "Strike Price"\n+++\n\nBody', ['Body']],
    ['inline math', 'Let $\\sigma$ be the vol', ['Let ', ' be the vol']],
    ['inline double-dollar math', 'Let $$x + y$$ be', ['Let ', ' be']],
    ['block math', '$$\nS_t = S_0 e^{rt}\n$$\n\nAfter', ['After']],
    ['image alt and URL', 'See ![Strike Price chart](https://x.org/a.png) here', ['See ', ' here']],
    ['reference image', '![Strike Price][img]\n\n[img]: https://x.org/a.png', []],
    ['angle-bracket autolink', 'See <https://x.org/strike-price> now', ['See ', ' now']],
    ['email autolink', 'Mail <desk@x.org> now', ['Mail ', ' now']],
    ['bare URL', 'See https://x.org/strike-price now', ['See ', ' now']],
    ['bare www URL', 'See www.strike-price.org now', ['See ', ' now']],
    ['bare email', 'Mail desk@strike.org now', ['Mail ', ' now']],
    ['link whose text is its URL', '[https://x.org/a](https://x.org/a)', []],
    ['link definition', '[s]: https://x.org/strike-price "Strike Price"', []],
  ])('excludes %s', (_name, md, expected) => {
    expect(regionsOf(md)).toEqual(expected);
  });

  it('gives exact offsets, also after multi-byte and astral characters', () => {
    const md = '# Préface 😀\n\n> quote with **Vega**\n\n- 日本 Strike';
    const { regions } = scanMarkdown(md);
    expect(regions.map((r) => [r.start, r.end])).toEqual([
      [2, 12],
      [16, 27],
      [29, 33],
      [39, 48],
    ]);
    expect(regions.map((r) => md.slice(r.start, r.end))).toEqual(['Préface 😀', 'quote with ', 'Vega', '日本 Strike']);
  });

  it('returns nothing for an empty document', () => {
    expect(scanMarkdown('')).toEqual({ regions: [], suppressions: [] });
  });

  it('survives pathological nesting without overflowing the stack', () => {
    expect(scanMarkdown(`${'> '.repeat(10_000)}Vega`)).toEqual({ regions: [], suppressions: [] });
    expect(scanMarkdown(`${'- '.repeat(10_000)}Vega`)).toEqual({ regions: [], suppressions: [] });
  });

  it('scans deep but plausible nesting, iteratively', () => {
    const md = `${'> '.repeat(60)}Vega`;
    expect(regionsOf(md)).toEqual(['Vega']);
  });

  it('handles a long document with many nodes', () => {
    const md = Array.from({ length: 5000 }, (_, i) => `Line ${i} has *Vega* and \`code\` and [a link](https://x.org/${i}).`).join('\n\n');
    const regions = regionsOf(md);
    expect(regions).toHaveLength(5000 * 6);
    expect(regions.slice(0, 6)).toEqual(['Line 0 has ', 'Vega', ' and ', ' and ', 'a link', '.']);
  });
});

describe('scanMarkdown suppressions', () => {
  it.each<[string, string, string[]]>([
    ['next line, all codes', '<!-- termlens-disable-next-line -->\nBS Model', ['1:']],
    [
      'next line, space-separated codes',
      'Intro\n\n<!-- termlens-disable-next-line term.variant term.misspelled -->\nBS Model',
      ['3:term.variant,term.misspelled'],
    ],
    ['next line, comma-separated codes', '<!--termlens-disable-next-line term.variant,term.deprecated-->\nx', ['1:term.variant,term.deprecated']],
    ['next line after a multi-line comment', '<!-- termlens-disable-next-line\n  term.variant -->\nBS Model', ['2:term.variant']],
    ['same line, inline at the end of a paragraph', 'Intro\n\nThe BS Model <!-- termlens-disable-line term.deprecated -->', ['2:term.deprecated']],
    ['same line, in a block quote', 'a\n\n> b\n> The BS Model <!-- termlens-disable-line -->', ['3:']],
    ['two directives in one comment block', '<!-- termlens-disable-line x --><!-- termlens-disable-next-line y -->\nz', ['0:x', '1:y']],
    ['disable … enable block, inclusive', 'a\n<!-- termlens-disable -->\nb\n\nc\n<!-- termlens-enable -->\nd', ['1:', '2:', '3:', '4:', '5:']],
    ['disable block with codes', '<!-- termlens-disable term.variant -->\nb\n<!-- termlens-enable -->', ['0:term.variant', '1:term.variant', '2:term.variant']],
    ['unclosed disable runs to the end', 'a\n\n<!-- termlens-disable -->\nb\nc', ['2:', '3:', '4:']],
    ['unknown directives and plain comments are ignored', '<!-- termlens-disabled -->\n<!-- note -->\nx', []],
    ['directives inside code are ignored', '```\n<!-- termlens-disable-next-line -->\n```\nx', []],
    ['directives in inline code are ignored', 'a `<!-- termlens-disable-line -->` b', []],
  ])('%s', (_name, md, expected) => {
    expect(suppressionsOf(md)).toEqual(expected);
  });

  it('caps disabled blocks at 10,000 lines per document', () => {
    const md = `<!-- termlens-disable -->\n${'x\n'.repeat(20_000)}`;
    const { suppressions } = scanMarkdown(md);
    expect(suppressions).toHaveLength(10_000);
    expect(suppressions[9_999]).toEqual({ line: 9_999, codes: [] });
  });
});
