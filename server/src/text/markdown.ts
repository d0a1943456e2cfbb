/**
 * Markdown scanning: the prose regions of a Markdown document (where terms may be found) and its
 * `termlens-disable…` comment directives. Code, raw HTML, front matter, math, URLs and link
 * definitions are never prose.
 */

import type { Link, Nodes, Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { ScanResult, Suppression } from './regions';

/** The processor is stateless and only ever parses, so one instance serves every document. */
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkMath);

const EMPTY: ScanResult = { regions: [], suppressions: [] };

/**
 * Container nesting (block quotes and list items on one line) beyond which a document is not
 * scanned: remark recurses once per level, overflows the stack at a few thousand levels and is
 * quadratic well before that. No real document nests a hundred deep.
 */
const MAX_NESTING = 100;
const DEEP_NESTING = new RegExp(`^(?:[ \\t]*(?:>|[-+*](?=[ \\t])|\\d{1,9}[.)](?=[ \\t]))){${MAX_NESTING},}`, 'm');

/** Most lines one document may suppress through `termlens-disable` … `termlens-enable` blocks. */
const MAX_DISABLED_LINES = 10_000;

/** `<!-- termlens-<directive> [codes] -->`; `disable` must not match a prefix of a longer name. */
const DIRECTIVE = /<!--\s*termlens-(disable-next-line|disable-line|disable|enable)(?![\w-])([^]*?)-->/g;

/** A link whose text is a URL or an email address, i.e. an autolink written as `[url](url)`. */
const URL_LIKE = /^(?:[a-z][a-z\d+.-]*:\S*|www\.\S*|[^\s@]+@[^\s@]+)$/i;

/**
 * Scans a Markdown document (CommonMark + GFM, YAML/TOML front matter, `$` math).
 *
 * Regions are the source spans of text nodes in paragraphs, headings, lists, tables, block quotes,
 * emphasis, footnote definitions and the text of links; adjacent spans are merged. A text node that
 * wraps across lines yields one region, which then contains the line break and any block-quote or
 * list indentation — the tokenizer treats those as whitespace.
 *
 * Suppressions come from HTML comments:
 * - `<!-- termlens-disable-next-line [codes] -->`: the line after the comment's last line;
 * - `<!-- termlens-disable-line [codes] -->`: the comment's own (first) line, also inline;
 * - `<!-- termlens-disable [codes] -->` … `<!-- termlens-enable -->`: every line from the first
 *   comment through the second (to the end of the document when not closed), one suppression per
 *   line, at most {@link MAX_DISABLED_LINES} lines per document.
 * Codes are separated by spaces or commas; none means every code.
 *
 * A document remark cannot parse (or nested too deeply to parse safely) yields no regions.
 */
export function scanMarkdown(text: string): ScanResult {
  if (DEEP_NESTING.test(text)) return EMPTY;
  let tree: Root;
  try {
    tree = processor.parse(text);
  } catch {
    return EMPTY;
  }

  const regions: { kind: 'prose'; start: number; end: number }[] = [];
  const suppressions: Suppression[] = [];
  const addProse = (start: number, end: number): void => {
    const last = regions[regions.length - 1];
    if (last && last.end === start) last.end = end;
    else if (end > start) regions.push({ kind: 'prose', start, end });
  };

  let disabled: { from: number; codes: string[] } | undefined;
  let disabledBudget = MAX_DISABLED_LINES;
  const closeDisabled = (to: number): void => {
    if (!disabled) return;
    const last = Math.min(to, disabled.from + disabledBudget - 1);
    for (let line = disabled.from; line <= last; line++) suppressions.push({ line, codes: disabled.codes });
    disabledBudget -= Math.max(0, last - disabled.from + 1);
    disabled = undefined;
  };

  // Iterative pre-order walk: children are pushed in reverse so regions come out in document order.
  const stack: Nodes[] = [tree];
  for (let node = stack.pop(); node; node = stack.pop()) {
    const pos = node.position;
    switch (node.type) {
      case 'text':
        if (pos?.start.offset !== undefined && pos.end.offset !== undefined) addProse(pos.start.offset, pos.end.offset);
        continue;
      case 'inlineMath':
        if (pos?.start.offset !== undefined && pos.end.offset !== undefined && isDollarAmount(text, pos.start.offset, pos.end.offset)) {
          addProse(pos.start.offset, pos.end.offset);
        }
        continue;
      case 'html':
        if (pos) {
          for (const m of node.value.matchAll(DIRECTIVE)) {
            const firstLine = pos.start.line - 1 + countNewlines(node.value, 0, m.index);
            const lastLine = firstLine + countNewlines(m[0], 0, m[0].length);
            const codes = (m[2] ?? '').split(/[\s,]+/).filter((c) => c.length > 0);
            switch (m[1]) {
              case 'disable-next-line':
                suppressions.push({ line: lastLine + 1, codes });
                break;
              case 'disable-line':
                suppressions.push({ line: firstLine, codes });
                break;
              case 'disable':
                if (!disabled) disabled = { from: firstLine, codes };
                break;
              case 'enable':
                closeDisabled(lastLine);
                break;
            }
          }
        }
        continue;
      case 'link':
        if (isAutolink(text, node)) continue;
        break;
    }
    // Code, inline code, front matter, math, definitions, images and footnote references are leaves
    // (their content is a `value` or an attribute, never a `text` child), so descending only into
    // children and taking only `text` nodes already leaves them out.
    if ('children' in node) {
      const children = node.children as readonly Nodes[];
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
    }
  }
  closeDisabled((tree.position?.end.line ?? 1) - 1);

  return { regions, suppressions };
}

/**
 * Whether a `$…$` span remark-math took for inline math is really prose between two dollar amounts
 * (`costs $5 and the strike price is $10`). Pandoc's rule: the opening `$` must be followed by a
 * non-space, the closing `$` preceded by a non-space and not followed by a digit. `$$…$$` is math.
 */
function isDollarAmount(text: string, start: number, end: number): boolean {
  if (text.startsWith('$$', start)) return false;
  return /\s/.test(text.charAt(start + 1)) || /\s/.test(text.charAt(end - 2)) || /\d/.test(text.charAt(end));
}

/** `<https://…>`, `<a@b.com>`, GFM bare URLs and `[https://x](https://x)`: the text is a URL. */
function isAutolink(text: string, link: Link): boolean {
  const start = link.position?.start.offset;
  if (start === undefined || text.charCodeAt(start) !== 0x5b /* [ */) return true;
  const only = link.children.length === 1 ? link.children[0] : undefined;
  return only?.type === 'text' && URL_LIKE.test(only.value);
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
