import { describe, expect, it } from 'vitest';
import { mulberry32 as rng } from '../../bench/lib/generate.mjs';
import { markdownRegions, scanMarkdownChunks, type MarkdownScan } from '../../server/src/core/text/markdown';

/**
 * Blocks that stress chunk boundaries: constructs that run across blank lines (fences, math, HTML
 * comments, loose lists, indented code), definitions used elsewhere, directives, front matter.
 */
const BLOCKS: readonly string[] = [
  'The Heston Model is a stochastic volatility model.',
  'A paragraph with *emphasis*, **strong**, `code`, and a [link](https://x.org "t") to the Strike Price.',
  '# Heading about Vega',
  'Setext heading\n===',
  '- item one\n- item two\n\n- loose item three\n\n  continued paragraph',
  '1. first\n\n2. second\n\n   nested para',
  '> quote line\n> more quote\n\n> another quote',
  '```python\nheston_model = 1\n\nstill code\n```',
  '```\nunclosed fence starts here\n\nand goes on',
  '~~~~\ntilde fence\n\n~~~\nstill inside\n~~~~',
  '$$\nS_t = S_0 e^{rt}\n\n$$',
  '<!-- a comment\n\nthat spans a blank line -->',
  '<!-- termlens-disable -->',
  '<!-- termlens-enable -->',
  'Line with a directive <!-- termlens-disable-line term.variant -->',
  '<!-- termlens-disable-next-line -->\nThe BS Model here.',
  '<div>\nhtml block\n</div>',
  '<pre>\npre block\n\nwith a blank line\n</pre>',
  '    indented code\n\n    more indented code',
  '| Term | Kind |\n|---|---|\n| Strike Price | `x` |',
  'See [the reference][ref] and [^note] and [undefined][nope].',
  '[ref]: https://x.org/ref "Ref"',
  '[^note]: A footnote about Implied Volatility.\n\n    Continued footnote.',
  'It costs $5 and the strike price is $10 today; let $\\sigma$ be the vol.',
  'Auto <https://x.org> and www.example.org and desk@x.org.',
  '***',
  'Lazy\ncontinuation line',
  '---\ntitle: not front matter\n---',
  '- [ ] task\n- [x] done',
  '   ',
  '- list with fence\n  ```\n  code\n\n  more\n  ```',
  '> [qref]: https://q.org\n\nUse [qref] here.',
  '<script>\nvar a = 1;\n\nvar b;\n</script>',
  '- <!-- list comment\n\n  still comment -->',
  'Text\n<!-- interrupts\n\nparagraph -->',
  '```js\ncode```',
  '<?php\n\necho 1; ?>',
  '[^fn]: footnote\n\n[^fn] used',
  '*unclosed emphasis\n\ncontinues* here',
  '[Foo Bar]: /url\n\n[foo bar] and [FOO  BAR]',
  '  [indented]: /def\n\n[indented]',
];

function randomDocument(random: () => number, blocks: number): string {
  const parts: string[] = [];
  if (random() < 0.2) parts.push('---\ntitle: Notes\n---');
  for (let i = 0; i < blocks; i++) parts.push(BLOCKS[Math.floor(random() * BLOCKS.length)]!);
  const text = parts.join(random() < 0.8 ? '\n\n' : '\n\n\n');
  return random() < 0.15 ? text.replace(/\n/g, '\r\n') : text;
}

/** Regions and suppressions, comparable. */
function result(scan: MarkdownScan): { regions: unknown; suppressions: unknown } {
  return { regions: markdownRegions(scan).map((r) => [r.start, r.end]), suppressions: scan.suppressions };
}

function assertChunkedEqualsWhole(text: string, previous?: MarkdownScan): MarkdownScan {
  const chunked = scanMarkdownChunks(text, previous, { minChunk: 1 });
  expect(result(chunked)).toEqual(result(scanMarkdownChunks(text, undefined, { whole: true })));
  return chunked;
}

describe('chunked Markdown scanning', () => {
  it('splits a document into chunks at top-level blocks', () => {
    const text = 'First para.\n\n# Heading\n\n- a\n\n- b\n\n```\ncode\n\nmore\n```\n\nLast.';
    const chunks = scanMarkdownChunks(text, undefined, { minChunk: 1 }).chunks.map((c) => text.slice(c.start, c.end));
    expect(chunks).toEqual(['First para.\n\n', '# Heading\n\n- a\n\n- b\n\n', '```\ncode\n\nmore\n```\n\n', 'Last.']);
  });

  it('grows a chunk whose last block goes on after a blank line', () => {
    // The fence opens inside a list item, so the line scan does not see it; remark does.
    const text = 'Intro.\n\n> ```\n> code\n\nAfter.';
    const scan = assertChunkedEqualsWhole(text);
    expect(markdownRegions(scan).map((r) => text.slice(r.start, r.end))).toEqual(['Intro.', 'After.']);
  });

  it('applies a definition to references in other chunks', () => {
    const text = 'See [the Heston Model][h].\n\nMore text.\n\n[h]: https://x.org/heston';
    const scan = assertChunkedEqualsWhole(text);
    expect(markdownRegions(scan).map((r) => text.slice(r.start, r.end))).toEqual(['See ', 'the Heston Model', '.', 'More text.']);
    expect(scan.definitions).toEqual(['h']);
  });

  it.each(Array.from({ length: 60 }, (_, i) => i + 1))('gives the same regions and suppressions as a whole parse (document %i)', (seed) => {
    const random = rng(seed);
    assertChunkedEqualsWhole(randomDocument(random, 5 + Math.floor(random() * 40)));
  });

  it('gives the same result after random edits, reusing the unchanged chunks', () => {
    const random = rng(4242);
    let text = randomDocument(random, 60);
    let scan = assertChunkedEqualsWhole(text);
    let reused = 0;
    for (let edit = 0; edit < 150; edit++) {
      const at = Math.floor(random() * (text.length + 1));
      const remove = random() < 0.5 ? Math.floor(random() * 12) : 0;
      const insert = random() < 0.3 ? BLOCKS[Math.floor(random() * BLOCKS.length)]! : random() < 0.5 ? '\n\n' : 'x';
      text = text.slice(0, at) + insert + text.slice(at + remove);
      const next = assertChunkedEqualsWhole(text, scan);
      const before = new Set(scan.chunks.map((c) => c.scan));
      reused += next.chunks.filter((c) => before.has(c.scan)).length;
      scan = next;
    }
    expect(reused).toBeGreaterThan(150 * 3);
  });
});
