/**
 * `termlens export markdown`: the glossary page of a small glossary compared to the expected text,
 * and hostile glossary text that must render as text (checked on the page's syntax tree, as a
 * CommonMark + GFM renderer reads it).
 */

import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { glossaryToMarkdown } from '../../server/src/core/glossary/interchange/markdown';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import type { Concept } from '../../server/src/core/glossary/model';

function concepts(yaml: string): Concept[] {
  const result = parseGlossaryText(yaml, 'file:///g.glossary.yaml');
  expect(result.problems).toEqual([]);
  return [...result.concepts];
}

interface Node {
  type: string;
  value?: string;
  url?: string;
  depth?: number;
  children?: Node[];
}

/** Every node of the page's syntax tree, depth first. */
function nodes(markdown: string): Node[] {
  const out: Node[] = [];
  const walk = (n: Node): void => {
    out.push(n);
    n.children?.forEach(walk);
  };
  walk(unified().use(remarkParse).use(remarkGfm).parse(markdown) as Node);
  return out;
}

const SMALL = `concepts:
  - term: Heston Model
    definitions: [A stochastic volatility model.]
    related: [black-scholes-merton model]
  - term: Black-Scholes-Merton Model
    aliases: [Black-Scholes Model]
    abbreviations: [BSM]
    deprecated: [{ form: B-S Model, reason: Ambiguous. }]
    forbidden: [BS Model]
    definitions:
      - text: The canonical option pricing model.
        source: https://example.org/bsm
      - text: A second view.
        source: urn:isbn:978-0-13-149908-3
    examples: [We price with the BSM.]
    notes: [Assumes constant volatility.]
    related: [Heston Model, Local Volatility]
    areas: [Options Pricing]
  - term: vega
    id: vega-greek
    status: proposed
`;

const EXPECTED = `# Desk glossary

3 terms.

<a id="black-scholes-merton-model"></a>

## Black-Scholes-Merton Model

**Abbreviations:** BSM\\
**Also:** Black-Scholes Model\\
**Deprecated:** B-S Model (Ambiguous.)\\
**Forbidden:** BS Model

1. The canonical option pricing model. ([example.org](https://example.org/bsm))
2. A second view. (urn\\:isbn\\:978-0-13-149908-3)

**Note:** Assumes constant volatility.

**Examples:**

- We price with the BSM.

**Related:** [Heston Model](#heston-model), Local Volatility\\
**Areas:** Options Pricing

<a id="heston-model"></a>

## Heston Model

A stochastic volatility model.

**Related:** [Black-Scholes-Merton Model](#black-scholes-merton-model)

<a id="vega-greek"></a>

## vega *(proposed)*
`;

describe('Markdown export', () => {
  it('writes one section per concept, sorted, with anchors, forms, definitions, sources and links to related sections', () => {
    expect(glossaryToMarkdown(concepts(SMALL), { title: 'Desk glossary' })).toBe(EXPECTED);
  });

  it('keeps anchors unique and stable: the slug of the id, numbered when two ids share a slug', () => {
    const page = glossaryToMarkdown(concepts('concepts:\n  - term: S&P 500\n  - term: S-P 500\n    id: "s p 500"\n'));
    expect([...page.matchAll(/<a id="([^"]+)"><\/a>/g)].map((m) => m[1])).toEqual(['s-p-500', 's-p-500-2']);
  });

  it('renders hostile glossary text as text: no HTML, no links but http(s) and its own anchors, no headings or lists from the text', () => {
    const page = glossaryToMarkdown(
      concepts(`concepts:
  - term: "<script>alert(1)</script>"
    aliases: ["[click](javascript:alert(1))", "![x](https://evil.example/t.png)"]
    definitions:
      - text: "**bold** <img src=x onerror=alert(1)> &amp; [a](command:workbench.action.x) https://auto.link.example\\n# heading\\n- item\\n| a | b |"
        source: "javascript:alert(1)"
      - text: Fine.
        source: "https://example.org/a)\\"<x>](javascript:alert(1))"
    notes: ["<!-- comment --> \`code\` ~~strike~~"]
    examples: ["> quote", "1. one"]
    related: ["</a><script>x</script>"]
    areas: ["<b>Area</b>"]
`),
    );
    const all = nodes(page);
    const html = all.filter((n) => n.type === 'html').map((n) => n.value);
    // The anchor of the one section, read as an inline open and close tag: the only HTML.
    expect(html).toEqual(['<a id="script-alert-1-script">', '</a>']);
    const urls = all.filter((n) => n.type === 'link' || n.type === 'image').map((n) => n.url ?? '');
    // remark-gfm autolinks http(s) URLs in any text (escaped or not); nothing else becomes a link.
    expect(urls.filter((u) => !/^(#|https?:\/\/)/.test(u))).toEqual([]);
    expect(urls.filter((u) => u.startsWith('#'))).toEqual([]);
    expect(all.filter((n) => n.type === 'image' || n.type === 'inlineCode' || n.type === 'delete' || n.type === 'blockquote' || n.type === 'table')).toEqual(
      [],
    );
    expect(all.filter((n) => n.type === 'heading').map((n) => n.depth)).toEqual([1, 2]);
    // The text itself is all there, as text.
    const text = all
      .filter((n) => n.type === 'text')
      .map((n) => n.value)
      .join('');
    for (const piece of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '&amp;', '[click](javascript:alert(1))', '# heading', '<b>Area</b>']) {
      expect(text).toContain(piece);
    }
  });
});
