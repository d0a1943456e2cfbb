import { describe, expect, it } from 'vitest';
import { generateGlossary, generateNote, mulberry32 } from '../../bench/lib/generate.mjs';
import { scanMarkdownChunks } from '../../server/src/core/text/markdown';
import { scanSimpleMarkdown, scanSimpleMarkdownChunk, type DeclineReason, type SimpleMarkdownContext } from '../../server/src/core/text/markdownFast';
import { fastRegions, remarkRegions } from './markdownFastCompare';

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

/** Asserts that the fast path declines `md` (a document's start, or with `context` a later chunk of one) and returns why. */
function declineReason(md: string, context?: SimpleMarkdownContext): DeclineReason | undefined {
  const why: { reason?: DeclineReason } = {};
  expect(context ? scanSimpleMarkdownChunk(md, false, why, context) : scanSimpleMarkdown(md, true, why), md).toBeUndefined();
  return why.reason;
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
    // Raw HTML: tags, comments, declarations and instructions are not prose, the text between is.
    'x <b>bold</b> and <a href="https://x.org" title=\'t\'>link</a> <br/> <!-- note --> <?php x ?> <!DOCTYPE html> y',
    'a <span\tdata-x=1>b</span> 5 < 6 and <3 and a<=b',
    'Auto <https://x.org/a?b> and <desk@x.org> links, not <a b="c"d>.',
    '<div align="center">\n  <img src="x.png">\n# not a heading\n</div>\n\nAfter the block.',
    '<!-- a comment\n\nwith a blank line -->\nText after.',
    '<pre>\nraw *text*\n\n</pre>\n<script>x</script>\n<style>\n</STYLE>\nEnd.',
    '<details>\n<summary>More</summary>\n\nHidden **text**.\n\n</details>',
    '<img src="a.png" />\n\n<custom-tag a=1>\ntext\n\nParagraph <custom-tag>\n<span>inline</span>',
    'Paragraph interrupted\n<div>\nblock\n\n<!-->\nx\n\n<!--->\ny',
    // GFM autolink literals: the URL is not prose, with its trailing punctuation left out.
    'See https://x.org/a_(b)_c, www.x.org/path?q=1. Or (http://x.org/y) and desk@x.org!',
    'www.x.org). and https://x.org/a&amp; or https://x.org/a&amp;b and https://x.org/"q" and http://localhost:8080/x',
    '*see https://x.org* and **mail a.b+c@x-y.org**; www.x.org\nnext line www.y.org',
    '| Site | Mail |\n| --- | --- |\n| https://x.org | a@b.org |\n|www.x.org b| c',
    'Not links: x@y, a.b@c.d1, http://, https://-x, www.\u00e9x and mailto:',
    // Front matter, indented code, setext headings, intraword underscores, emphasis after punctuation.
    '---\ntitle: Heston *Model*\nlist: [a, b]\n---\n\n# Heading',
    '+++\ntitle = "x"\n+++\nText.',
    'Para.\n\n    indented code *x*\n\n    more <b>\n\nAfter.',
    'Setext Title\n===\n\nAnother\nTwo lines\n---\n\nText',
    '# Migration_Alpheratz and heston__model here',
    '**Type:** `uint256` and **💡 Tip:** and *(note)* and **"quoted"**.',
    '??? example "Details"\n\n:::tip Title\ntext\n:::\n\n@user and {x} and 5% and ^caret',
    'Para\n   indented continuation\n      more',
    // Links with code and badges.
    'See [`claimableBalanceOf`](#claimable) and [a `b` c](u) and [![Badge](https://x.org/b.svg)](https://x.org).',
    '| a | b\n|---|---|\n| x | `y` | z |\n| w |',
    // Brackets that make no link are text when the document has no definitions.
    'Currency[] and [LiquidityPosition] and [3600, 0] and [^1] and ![x] y]',
    '[https://x.org/a_b](https://x.org/a_b) and [`@scope/pkg`](https://x.org)',
  ])('agrees with remark on %j', (md) => {
    assertFast(md);
  });

  it.each<[string, string, DeclineReason]>([
    ['escapes', 'a \\*b\\*', 'escape'],
    ['two dollars (math)', 'costs $5 and $6', 'math'],
    ['reference links', 'see [x][y]', 'link'],
    ['footnotes', 'a[^1]', 'link'],
    ['strikethrough', '~~old~~', 'tilde'],
    ["a nested item indented past its parent's content by four", '- a\n      - b', 'indentation'],
    ["a line of a nested item's paragraph that is lazy", '- a\n  - b\n  c', 'indentation'],
    ["an item of another kind of marker at an inner list's indent", '* a\n  + b\n  - c', 'list'],
    ['a nested ordered list not starting at 1', '- a\n  2. b', 'list'],
    ['CRLF', 'a\r\nb', 'carriage-return'],
    ['tabs', 'a\tb', 'tab'],
    ['unclosed fences', '```\ncode', 'fence'],
    ['task items', '- [ ] task', 'list'],
    ['a tag going on across lines', 'a <span\nclass="x">b</span>', 'html'],
    ['an inline comment going on across lines', 'a <!-- b\nc --> d', 'html'],
    ['an HTML block not closed in the chunk', '<!-- open\n\ncomment', 'html'],
    ['CDATA blocks', '<![CDATA[\nx\n]]>', 'html'],
    ['directive comments', '<!-- termlens-disable -->\nText', 'directive'],
    ['a literal the transform would link (no region for its text node)', 'a `x`www.y.com b', 'autolink-literal'],
    ['an email in underscores (the transform links it)', 'a _foo@bar.com_ b', 'autolink-literal'],
    ['www. at the end of a line', 'see www.', 'autolink-literal'],
    ['unknown character references', 'a &commat; b', 'entity'],
    ['front matter not closed', '---\ntitle: x', 'front-matter'],
    ['indented code in a list item', '- a\n\n    code', 'indented-code'],
    ['a lazy HTML line in a list', '- a\n<span>b</span>', 'list'],
    ['brackets next to a definition', '[x] and\n\n[x]: https://x.org', 'link'],
    ['a dollar in a quote across lines (remark-math moves text ends)', '> a $b c\n> `y` f', 'math'],
    ['a line right after indented code', '    code\n1185280) text', 'indented-code'],
    ['an ordered item not numbered 1 after indented code and a blank line', '    code\n\n2. see', 'indented-code'],
    ['a strikethrough', 'a ~~struck~~ word', 'tilde'],
    ['a single-tilde strikethrough', 'a ~b~ c', 'tilde'],
    ['a tilde that may close one on a later line', 'about ~5\nor 6~ more', 'tilde'],
    ['an emphasis closer inside a code span', '**a `b** c` d', 'emphasis'],
    ['an emphasis closer inside link text', '**a [b**](c) d', 'emphasis'],
    ['brackets that make no link inside emphasis', '**a [b] c**', 'link'],
  ])('declines %s', (_name, md, reason) => {
    expect(declineReason(md)).toBe(reason);
  });

  it.each([
    // Emphasis after ASCII punctuation, and holding code spans, links, images and intraword `_`.
    '- [**v3 Core**](https://x.org) and "*quoted*" and :**Note**: and (_path_)',
    '**`Phase`** and **The `build` step is required.** and _a `*` b_',
    '**See [trade settlement](../settlement/#events) for more.** and *an ![icon](i.png) here*',
    '- **[Uniswap Labs](https://x.com/Uniswap)**: the company, and **my_var is set**.',
    '**a `**` b** and *x `y* z` w* here',
    // Nested lists: items inside items, their continuation lines, siblings at each level.
    '- a\n  - b\n  - c\n- d',
    '1. a\n   - b\n     more\n   - c\n2. d',
    '- a\n  1. b\n  2. c',
    '- **Fees**: paid in `USDC`\n  - maker *rebates*\n    - tier one\n  - taker [fees](https://x.org/fees)\n- done',
    '- a\n   - b one to three spaces past the parent\n- c',
  ])('takes emphasis with code and links inside and after punctuation, and nested lists: %j', (md) => {
    assertFast(md);
  });

  it.each([
    'deps: accepts@~1.2.12, about ~2,703 ETH (~300 instruments) and blocks 1 ~ 1,805,000',
    '- run ~/.node_libraries and *~x* here\n  - then ~1.1s',
    '| range | ~1 ~ 2 |\n| --- | --- |\n| ~5 | 6 |',
  ])('takes tildes that cannot close a strikethrough as text: %j', (md) => {
    assertFast(md);
  });

  /** Asserts the fast path takes `md` (a later chunk of a document defining `definitions`) and agrees with remark. */
  function assertFastReferences(md: string, definitions: string[], made: string[] = []): void {
    const fast = scanSimpleMarkdownChunk(md, false, undefined, { definitions });
    expect(fast, `declined: ${JSON.stringify(md)}`).toBeDefined();
    expect(fast!.regions.map((r) => md.slice(r.start, r.end))).toEqual(remarkRegions(md, false, definitions));
    expect(fast!.definitions).toEqual(made);
  }

  it('reads references to the document’s definitions, brackets of no definition as text, and simple definition lines', () => {
    const defs = ['Address', '`Ticker`', 'OK', 'the Heston Model'];
    assertFastReferences('| `address` | query | [Address] | true | The wallet address. |\n| --- | --- | --- | --- | --- |', defs);
    assertFastReferences('Returns [OK] or [`Ticker`] and [Vega] unlinked, [see it][ok] and [address][] and [THE  heston model].', defs);
    assertFastReferences('A [`https`] reference keeps its text as prose: [Address]', [...defs, '`https`']);
    assertFastReferences('[Address]: /types/address\n[`Ticker`]: /types/ticker "The ticker"\n', defs, ['Address', '`Ticker`']);
    assertFastReferences('Text before.\n\n[OK]: /types/ok\n\nText after [OK].', defs, ['OK']);
    const declined = (md: string, definitions = defs): DeclineReason | undefined => declineReason(md, { definitions });
    // An image reference, a full reference to nothing, a definition not on one simple line or in a list, a footnote.
    expect(declined('An ![Address] image.')).toBe('link');
    expect(declined('A [x][nothing] link.')).toBe('link');
    expect(declined('[OK]:\n/types/ok')).toBe('link');
    expect(declined('- [OK]: /types/ok')).toBe('link');
    expect(declined('[Nothing]: /x')).toBe('link');
    expect(declined('See [OK] and [^1].', [...defs, '^1'])).toBe('link');
    // A line that may hold an autolink literal, which micromark and the transform read differently inside brackets.
    expect(declined('A [https://x.org] reference.', [...defs, 'https://x.org'])).toBe('link');
  });

  it('treats front matter as such only at the start of the document', () => {
    const md = '---\ntitle: x\n---\n\nText.';
    expect(fastRegions(md, true)).toEqual(['Text.']);
    // Later, `---` is a thematic break and `title: x` a setext heading.
    expect(fastRegions(md, false)).toEqual(['title: x', 'Text.']);
    expect(remarkRegions(md, false)).toEqual(['title: x', 'Text.']);
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

  /** Blocks of the constructs real documents add to generated notes: HTML, URLs, front matter, indented code. */
  const REAL_BLOCKS = [
    '<div align="center">\n  <img src="https://x.org/logo.png" width="200">\n</div>',
    '<p align="center"><a href="https://x.org"><b>Heston Model</b></a></p>',
    'The <b>Strike Price</b> of a <a href="#call">Call</a> is set <br/> at issue; see https://x.org/docs (and www.x.org).',
    'Mail desk@x.org or visit <https://x.org/a>. <!-- note --> The <span class="v">Vega</span> is <i>positive</i>.',
    '<!-- a comment\n\nacross blank lines -->',
    '<details>\n<summary>Greeks</summary>\n\nThe **Delta** of an option.\n\n</details>',
    '    indented code\n    more code',
    'Title of a section\n==================',
    '| Field | Type | Description |\n| --- | --- | --- |\n| `strike` | `uint256` | The [Strike Price](https://x.org) |\n| vega | int | see www.x.org |',
    '**Type:** `mapping(address => uint256)` and **Note:** see [`Synth`](Synth.md) and [![b](https://x.org/b.svg)](https://x.org)',
    ':::tip Heston\nThe Heston_Model is a model.\n:::',
    '- Item with https://x.org/a_b and <code>x</code>\n- Item two\n\n1. One <br>\n2. Two',
  ];
  const realChunks = (seed: number, count: number): string[] => {
    const random = mulberry32(seed);
    const note = chunksOf(seed);
    return Array.from({ length: count }, () => {
      const parts: string[] = [];
      if (random() < 0.2) parts.push('---\ntitle: Notes\n---');
      for (let n = 1 + Math.floor(random() * 4); n > 0; n--) {
        parts.push(random() < 0.6 ? REAL_BLOCKS[Math.floor(random() * REAL_BLOCKS.length)]! : note[Math.floor(random() * note.length)]!.trim());
      }
      return parts.join('\n\n');
    });
  };

  it('takes chunks with HTML, URLs, front matter and indented code, always agreeing with remark', () => {
    let taken = 0;
    const chunks = realChunks(5, 400);
    for (const chunk of chunks) if (assertNeverDiffers(chunk)) taken++;
    expect(taken / chunks.length).toBeGreaterThan(0.7);
  });

  it('never differs from remark on random nested lists', () => {
    const random = mulberry32(77);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const markers = ['- ', '- ', '* ', '+ ', '1. ', '2. ', '1) ', '10. ', '', '', '-', '> '];
    const texts = [
      'Heston Model',
      'a *Vega* note',
      '`code` here',
      'see [the docs](https://x.org)',
      '**Fees**: paid',
      '---',
      '# title',
      '<b>x</b>',
      'www.x.org',
      '$5 fee',
      'x  ',
      'about ~5 ms',
      'a~b ~c',
      '~~gone~~',
      'dep@~1.2',
    ];
    let taken = 0;
    for (let n = 0; n < 6000; n++) {
      const lines: string[] = [];
      for (let l = 1 + Math.floor(random() * 6); l > 0; l--)
        lines.push(random() < 0.08 ? '' : ' '.repeat(pick([0, 0, 1, 2, 2, 3, 3, 4, 5, 6, 8])) + pick(markers) + pick(texts));
      if (assertNeverDiffers(lines.join('\n'))) taken++;
    }
    expect(taken).toBeGreaterThan(700);
  });

  it('never differs from remark on mutated chunks of a document with definitions', () => {
    const random = mulberry32(41);
    const definitions = ['x', 'Address', '`y`', 'Heston Model'];
    const inserts = [
      '[x]',
      '[Address]',
      '[x][]',
      '[a][x]',
      '[x][nothing]',
      '[heston  MODEL]',
      '![x]',
      '[`y`]',
      '\n[x]: /u\n',
      '\n\n[Address]: /types/a "t"\n\n',
      '[z]: /v',
      ']:',
      '[',
      ']',
      '*',
      '**',
      '_',
      '`',
      '(',
      ')',
      '\n',
      '\n\n',
      '- ',
      '> ',
      '|',
      '\\',
      '&amp;',
      'https://x.org',
      '^',
    ];
    const chunks = [...chunksOf(5), ...realChunks(7, 300)];
    let taken = 0;
    for (let n = 0; n < 4000; n++) {
      let chunk = chunks[Math.floor(random() * chunks.length)]!;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (chunk.length + 1));
        chunk = chunk.slice(0, at) + inserts[Math.floor(random() * inserts.length)]! + chunk.slice(at);
      }
      const fast = scanSimpleMarkdownChunk(chunk, false, undefined, { definitions });
      if (!fast) continue;
      taken++;
      expect(
        fast.regions.map((r) => chunk.slice(r.start, r.end)),
        JSON.stringify(chunk),
      ).toEqual(remarkRegions(chunk, false, definitions));
    }
    expect(taken).toBeGreaterThan(1000);
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
      // HTML, autolinks and literals, and what ends or breaks them.
      '<b>',
      '</b>',
      '<br/>',
      '<a href="x">',
      "<a href='x",
      '<!-- c -->',
      '<!--',
      '-->',
      '<div>\n',
      '\n<div>',
      '<pre>',
      '</pre>',
      '<?x ?>',
      '<!X>',
      '<https://x.org>',
      'https://',
      'http://x.org',
      'www.',
      'www.x.org',
      'a@b.org',
      'mailto:',
      '.org',
      '_',
      '__',
      '&amp;',
      '&nbsp;',
      '&lt;',
      ';',
      '?',
      '"',
      "'",
      '===\n',
      '\n    ',
      '|',
      '`',
      '[x]',
      ']',
      '\u00a0',
      '\t',
      '$',
    ];
    let taken = 0;
    const chunks = [...chunksOf(4), ...realChunks(6, 300)];
    for (let n = 0; n < 8000; n++) {
      let chunk = chunks[Math.floor(random() * chunks.length)]!;
      for (let edits = 1 + Math.floor(random() * 3); edits > 0; edits--) {
        const at = Math.floor(random() * (chunk.length + 1));
        chunk = chunk.slice(0, at) + inserts[Math.floor(random() * inserts.length)]! + chunk.slice(at);
      }
      if (assertNeverDiffers(chunk)) taken++;
    }
    // Many mutations keep the chunk simple: the comparison is not vacuous.
    expect(taken).toBeGreaterThan(2500);
  });
});
