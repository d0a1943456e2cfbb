import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Nodes, Parent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../bench/lib/generate.mjs';
import { escapeMarkdown, renderConceptHover } from '../../server/src/core/features/render';

const markdown = unified().use(remarkParse).use(remarkGfm);
const random = mulberry32 as (seed: number) => () => number;

/** Every ASCII punctuation character, spaces, tabs, a few letters and digits, and non-ASCII text. */
const HOSTILE = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', ' ', ' ', '\t', 'a', 'b', 'x', '1', '9', 'é', '日', '—'];
/** Pieces that make links, autolinks, HTML, entities and block structure likelier than single characters would. */
const PIECES = [
  '](',
  '![',
  '<a ',
  '&amp;',
  '&#60;',
  '```',
  '~~',
  '**',
  '__',
  '- ',
  '1. ',
  '2) ',
  '# ',
  '> ',
  '|-|',
  ':-:',
  '===',
  '---',
  'command:x',
  'javascript:',
  'data:',
  '$(x)',
  '$x$',
  '[^1]',
  '[x]: y',
];
/** Pieces that GFM autolink literals would turn into links. */
const URLISH = ['https://x.org', 'http://a.b/c', 'www.x.com', 'a@b.co', 'WWW.', 'mailto:a@b.c'];

function randomText(next: () => number, pieces: readonly string[]): string {
  const length = Math.floor(next() * 16);
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = next();
    s += r < 0.3 ? pieces[Math.floor(next() * pieces.length)] : HOSTILE[Math.floor(next() * HOSTILE.length)];
  }
  return s;
}

/** The inline children of the single block `md` parses to, checked to be a paragraph (or `heading`). */
function inline(md: string, type: 'paragraph' | 'heading' = 'paragraph'): Nodes[] {
  const root = markdown.parse(md);
  expect(
    root.children.map((c) => c.type),
    JSON.stringify(md),
  ).toEqual([type]);
  return (root.children[0] as Parent).children as Nodes[];
}

function textOf(nodes: readonly Nodes[]): string {
  return nodes.map((n) => (n.type === 'text' ? n.value : 'children' in n ? textOf(n.children as Nodes[]) : '')).join('');
}

/** The contexts a hover puts escaped text in: alone on a line, mid-line, continuing a paragraph, in a heading. */
function check(original: string, escaped: string, allowAutolinks: boolean): void {
  const contexts: [string, string, 'paragraph' | 'heading'][] = [
    [escaped, original, 'paragraph'],
    [`a ${escaped} b`, `a ${original} b`, 'paragraph'],
    [`x\n${escaped}`, `x\n${original}`, 'paragraph'],
    [`#### ${escaped}`, original, 'heading'],
  ];
  for (const [md, expected, type] of contexts) {
    const nodes = inline(md, type);
    for (const node of nodes) {
      if (node.type === 'text') continue;
      // remark-gfm links URL-looking text after unescaping it (VS Code's marked honours the
      // escapes); such a link may only be an http(s) or mailto link of text, never anything else.
      expect(allowAutolinks && node.type === 'link', `${JSON.stringify(md)} has a ${node.type}`).toBe(true);
      if (node.type === 'link') {
        expect(node.url).toMatch(/^(https?|mailto):/);
        expect(node.children.every((c) => c.type === 'text')).toBe(true);
      }
    }
    expect(textOf(nodes), JSON.stringify(md)).toBe(expected);
  }
}

describe('escapeMarkdown is lossless and inert', () => {
  it('on 3000 random hostile strings: only text nodes whose text is the original', () => {
    const next = random(0x7e51a);
    for (let n = 0; n < 3000; n++) {
      const original = randomText(next, PIECES).trim();
      if (original === '') continue;
      check(original, escapeMarkdown(original), false);
    }
  });

  it('on 2000 random strings with URLs and emails: only text, or http(s)/mailto links of that text', () => {
    const next = random(42);
    for (let n = 0; n < 2000; n++) {
      const original = randomText(next, [...PIECES, ...URLISH]).trim();
      if (original === '') continue;
      const escaped = escapeMarkdown(original);
      check(original, escaped, true);
      // What CommonMark renderers that linkify while parsing (marked, markdown-it) would link.
      expect(escaped).not.toMatch(/[A-Za-z]:\S|www\.|[\w.+-]@[\w-]/i);
    }
  });
});

describe('escapeMarkdown leaves ordinary prose alone', () => {
  it.each([
    'Stochastic model assuming variance mean-reverts, and correlates with price.',
    "The option's delta (its sensitivity to the underlying) is about 0.5; vega is quoted per 1% of vol.",
    'Note: a ratio of 3:1, a 10:30 fixing, snake_case names, C# and F#, "quotes" and {braces}.',
    'Risk-neutral pricing / Q-measure + drift = r? Yes! Costs $5, or 5-10% p.a., 1.5 years.',
    'Greeks — Δ, Γ, ν — per 日本語 term.',
  ])('%j', (text) => {
    expect(escapeMarkdown(text)).toBe(text);
  });

  it('renders a definition and its citation without a backslash', () => {
    const hover = renderConceptHover({
      id: 'heston',
      kind: 'term',
      forms: [{ text: 'Heston Model', status: 'preferred', type: 'fullForm' }],
      senses: [
        {
          text: 'Stochastic model assuming variance mean-reverts, and correlates with price.',
          source: 'https://term.greeks.live/term/heston/',
          area: 'Options Pricing',
        },
      ],
      facets: [],
      related: [],
      areas: [],
    });
    expect(hover).toBe(
      '**Heston Model** · *term*\n\nStochastic model assuming variance mean-reverts, and correlates with price. — [term.greeks.live](https://term.greeks.live/term/heston/), *Options Pricing*',
    );
    expect(hover).not.toContain('\\');
  });
});

describe('the packaged extension', () => {
  const root = path.join(__dirname, '..', '..');
  it('carries the licence', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain('LICENSE');
    expect(existsSync(path.join(root, 'LICENSE'))).toBe(true);
  });
});
