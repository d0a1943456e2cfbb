import { describe, expect, it } from 'vitest';
import { generateGlossary, generateNote, mulberry32 } from '../../bench/lib/generate.mjs';
import { markdownRegions, scanMarkdownChunks } from '../../server/src/core/text/markdown';
import { scanSimpleMarkdown } from '../../server/src/core/text/markdownFast';

/** remark's prose regions of `md`, as source slices. */
function remarkRegions(md: string): string[] {
  return markdownRegions(scanMarkdownChunks(md, undefined, { whole: true })).map((r) => md.slice(r.start, r.end));
}

/** The fast path's regions of `md` as source slices, or undefined when it declines. */
function fastRegions(md: string, atStart = true): string[] | undefined {
  return scanSimpleMarkdown(md, atStart)?.map((r) => md.slice(r.start, r.end));
}

/** Asserts the fast path takes `md` and agrees with remark. */
function assertFast(md: string): void {
  const fast = fastRegions(md);
  expect(fast, `declined: ${JSON.stringify(md)}`).toBeDefined();
  expect(fast).toEqual(remarkRegions(md));
}

/** Asserts that the fast path declines `md` or agrees with remark: it may never differ. */
function assertNeverDiffers(md: string): boolean {
  const fast = fastRegions(md);
  if (fast) expect(fast, JSON.stringify(md)).toEqual(remarkRegions(md));
  return fast !== undefined;
}

describe('Markdown fast path', () => {
  it.each([
    'The Heston Model is a stochastic volatility model.',
    'Soft \nwrapped\nparagraph with a hard  \nbreak and trailing spaces   ',
    '# Heading with *emphasis*\n\nParagraph after.',
    'A *Call* and **Put**, _Swap_ and __Floor__ (*Cap*).',
    'See [the Heston Model](https://x.org/heston "Heston") and ![chart](a.png) now.',
    'Code `x` at the end `y`\nand `z`\n`w` starts a line.',
    '- item one with `code`\n- item two\n  continued\nlazy line\n\n1. first\n2. second',
    'Intro line\n- interrupting item',
    '> quoted *Vega* line\n> second line',
    '| Term | Kind |\n| --- | ---: |\n| Strike Price | *x* |\n| Vega | 2 |',
    '```python\nheston_model = 1 # <b> \\\\ $$\n\n~~~\n```\n\nAfter.',
    '***\n\n---\n\nText &amp; entities, 5 > 3 | 4 # 2 $5 ^ = +.',
    '[https://x.org](https://x.org) and [note:](u) are autolink-like.',
  ])('agrees with remark on %j', (md) => {
    assertFast(md);
  });

  it.each([
    ['HTML', 'a <b>x</b>'],
    ['escapes', 'a \\*b\\*'],
    ['two dollars (math)', 'costs $5 and $6'],
    ['reference links', 'see [x][y]'],
    ['footnotes', 'a[^1]'],
    ['autolink literals', 'see www.x.org or https://x.org or a@b.org'],
    ['intraword underscores', 'heston_model here'],
    ['strikethrough', '~~old~~'],
    ['nested lists', '- a\n  - b'],
    ['setext headings', 'Title\n---'],
    ['indented code', '    code'],
    ['front matter at the start', '---\ntitle: x\n---'],
    ['CRLF', 'a\r\nb'],
    ['tabs', 'a\tb'],
    ['unclosed fences', '```\ncode'],
    ['task items', '- [ ] task'],
  ])('declines %s', (_name, md) => {
    expect(fastRegions(md, true)).toBeUndefined();
  });

  const glossary = generateGlossary(300, 7);
  const chunksOf = (seed: number): string[] => {
    const { text } = generateNote(40_000, glossary, seed);
    return scanMarkdownChunks(text, undefined, { minChunk: 1 }).chunks.map((c) => text.slice(c.start, c.end));
  };

  it('takes most chunks of generated notes, always agreeing with remark', () => {
    let taken = 0;
    let total = 0;
    for (const seed of [1, 2, 3]) {
      for (const chunk of chunksOf(seed)) {
        total++;
        if (assertNeverDiffers(chunk)) taken++;
      }
    }
    expect(taken / total).toBeGreaterThan(0.8);
  });

  it('never differs from remark on mutated chunks', () => {
    const random = mulberry32(98);
    const inserts = [
      '*',
      '**',
      '_',
      '`',
      '[',
      ']',
      '(',
      ')',
      '![',
      '$',
      '<',
      '>',
      '|',
      '#',
      '- ',
      '1. ',
      '~',
      '@',
      '://',
      '\\',
      '\n',
      '\n\n',
      '  \n',
      ' ',
      '&amp;',
      '"',
      '!',
      ':',
      '---\n',
      '> ',
      '    ',
    ];
    let taken = 0;
    const chunks = chunksOf(4);
    for (let n = 0; n < 6000; n++) {
      let chunk = chunks[Math.floor(random() * chunks.length)]!;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (chunk.length + 1));
        chunk = chunk.slice(0, at) + inserts[Math.floor(random() * inserts.length)]! + chunk.slice(at);
      }
      if (assertNeverDiffers(chunk)) taken++;
    }
    // Many mutations keep the chunk simple: the comparison is not vacuous.
    expect(taken).toBeGreaterThan(1000);
  });
});
