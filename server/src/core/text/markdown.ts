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
import { scanSimpleMarkdownChunk, URL_LIKE } from './markdownFast';
import type { Region, ScanResult, Suppression } from './regions';

/** The processors are stateless and only ever parse, so one instance of each serves every document. */
const processor = unified().use(remarkParse).use(remarkGfm).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkMath);
/** For chunks after the first: front matter exists only at the start of a document. */
const bodyProcessor = unified().use(remarkParse).use(remarkGfm).use(remarkMath);

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

/** A line that may be a link or footnote definition (inside containers too): `[label]:`. */
const DEFINITION_LINE = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)*\[((?:[^[\]\\\r\n]|\\.){1,999})\]:/gm;

/** A `termlens-…` directive found in an HTML comment, with zero-based lines. */
interface Directive {
  readonly kind: 'disable-next-line' | 'disable-line' | 'disable' | 'enable';
  readonly firstLine: number;
  readonly lastLine: number;
  readonly codes: readonly string[];
}

/**
 * What one chunk of a Markdown document yields, with offsets and lines relative to the chunk.
 * Chunks are parsed independently, so a chunk's scan is reused as long as its text, the line
 * after it and the document's link definitions stay the same.
 */
export interface MarkdownChunkScan {
  readonly regions: readonly { readonly kind: 'prose'; readonly start: number; readonly end: number }[];
  readonly directives: readonly Directive[];
  /** Link and footnote definitions the chunk makes (`label` and `^label`), as written. */
  readonly definitions: readonly string[];
  /**
   * Set when the chunk was not scanned because its parse ran over the time budget of a
   * {@link ChunkScanner}: it then has no regions, and the editor says so.
   */
  readonly skipped?: boolean;
}

/** What remark parses for one chunk: see {@link scanMarkdownChunk}. */
export interface ChunkRequest {
  readonly chunk: string;
  readonly nextLine: string;
  readonly before: string;
  readonly after: string;
  readonly atStart: boolean;
}

/**
 * Parses one chunk with remark: {@link scanMarkdownChunk} in this thread by default. The server
 * passes one that runs remark in a worker thread with a time budget, so that Markdown on which
 * remark is superlinear cannot block it (a chunk over the budget comes back `skipped`).
 */
export type ChunkScanner = (request: ChunkRequest) => MarkdownChunkScan | undefined;

/** An empty chunk scan: a chunk outside a window, or one remark cannot (or must not) parse. */
const NOTHING: MarkdownChunkScan = { regions: [], directives: [], definitions: [] };

/** A chunk of a Markdown document and its scan. */
export interface MarkdownChunk {
  /** Offsets of the chunk in the document. */
  readonly start: number;
  readonly end: number;
  /** The chunk's text and the line after it: its scan depends on nothing else but {@link MarkdownScan.definitionsKey}. */
  readonly text: string;
  readonly nextLine: string;
  readonly scan: MarkdownChunkScan;
}

/** A Markdown document scanned chunk by chunk (its regions: {@link markdownRegions}). */
export interface MarkdownScan {
  readonly suppressions: readonly Suppression[];
  readonly chunks: readonly MarkdownChunk[];
  /** The link and footnote definitions every chunk was parsed with, sorted. */
  readonly definitions: readonly string[];
  /** {@link definitions} as one string. */
  readonly definitionsKey: string;
}

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
 * The document is parsed in chunks of top-level blocks (see {@link scanMarkdownChunks}); the result
 * is the same as parsing it whole. A chunk remark cannot parse (or nested too deeply to parse
 * safely) yields no regions.
 */
export function scanMarkdown(text: string): ScanResult {
  const scan = scanMarkdownChunks(text);
  return { regions: markdownRegions(scan), suppressions: scan.suppressions };
}

/** Options for {@link scanMarkdownChunks}. */
export interface MarkdownChunkOptions {
  /** Smallest chunk, in characters, before a boundary is taken. Default 1024. */
  readonly minChunk?: number;
  /** Parse the document in one piece, with remark only: the reference the chunked scan is tested against. Default false. */
  readonly whole?: boolean;
  /**
   * Scan only the chunks that meet this span, for hover and completion in a document too large to
   * scan whole; the other chunks yield nothing. Default: the whole document.
   */
  readonly window?: { readonly start: number; readonly end: number };
  /** How chunks that need remark are parsed. Default: {@link scanMarkdownChunk}, in this thread, unbounded. */
  readonly scanChunk?: ChunkScanner;
}

/**
 * Scans a Markdown document chunk by chunk. With the scan of a `previous` version of the document,
 * each chunk whose text (and following line) did not change takes its previous scan instead of
 * being parsed again, so an edit costs a parse of the chunks it touched.
 *
 * Chunks end before a line that starts a new top-level block after a blank line, outside fenced
 * code, math, HTML blocks and front matter. Every chunk boundary is checked by remark itself: the
 * chunk is parsed together with the next line, which must start a top-level block there;
 * otherwise the chunk grows over the next one. Link and footnote definitions apply document-wide,
 * so each chunk is parsed with the document's definitions appended.
 */
export function scanMarkdownChunks(text: string, previous?: MarkdownScan, options: MarkdownChunkOptions = {}): MarkdownScan {
  const bounds = options.whole ? [0, text.length] : chunkBounds(text, options.minChunk ?? MIN_CHUNK);
  const known = new Map<string, MarkdownChunk>();
  for (const chunk of previous?.chunks ?? []) known.set(chunk.text, chunk);
  const reuse = (chunkText: string, nextLine: string, definitionsKey: string): MarkdownChunkScan | undefined => {
    const chunk = definitionsKey === previous?.definitionsKey ? known.get(chunkText) : undefined;
    return chunk?.nextLine === nextLine ? chunk.scan : undefined;
  };
  // The definitions are known only once every chunk is parsed: start from the previous version's,
  // or from the lines that look like definitions, and parse again in the rare case they differ.
  let definitions = previous ? previous.definitions : definitionCandidates(text);
  const fast = !options.whole;
  const window = options.window;
  const scanChunk = options.scanChunk ?? scanMarkdownChunk;
  let result = scanChunks(text, bounds, definitions, reuse, fast, scanChunk, window);
  // A window is a best effort: it takes the definitions as they look.
  if (window) return result;
  const actual = new Set<string>();
  for (const chunk of result.chunks) for (const d of chunk.scan.definitions) actual.add(d);
  const sorted = [...actual].sort();
  if (sorted.join('\n') !== definitions.join('\n')) {
    definitions = sorted;
    result = scanChunks(text, bounds, definitions, reuse, fast, scanChunk);
  }
  return result;
}

function scanChunks(
  text: string,
  bounds: readonly number[],
  definitions: readonly string[],
  reuse: ((chunkText: string, nextLine: string, definitionsKey: string) => MarkdownChunkScan | undefined) | undefined,
  fast: boolean,
  scanChunk: ChunkScanner,
  window?: { readonly start: number; readonly end: number },
): MarkdownScan {
  const definitionsKey = definitions.join('\n');
  const preamble = definitions.map((d) => `[${d}]: x\n\n`).join('');
  const context = { noDefinitions: definitions.length === 0, definitions };
  const chunks: MarkdownChunk[] = [];
  let failures = 0;
  for (let b = 0; b < bounds.length - 1;) {
    const start = bounds[b]!;
    let next = b + 1;
    if (window && (bounds[next]! < window.start || start > window.end)) {
      chunks.push({ start, end: bounds[next]!, text: '', nextLine: '', scan: NOTHING });
      b = next;
      continue;
    }
    for (;;) {
      const end = bounds[next]!;
      const nextLine = end < text.length ? text.slice(end, lineEnd(text, end)) : '';
      const chunkText = text.slice(start, end);
      const known = reuse?.(chunkText, nextLine, definitionsKey);
      // The last chunk needs no definitions from elsewhere when it is the only one.
      const before = start === 0 ? '' : preamble;
      const after = start === 0 && nextLine.length > 0 ? preamble : '';
      const simple = known || !fast ? undefined : scanSimpleMarkdownChunk(chunkText, start === 0, undefined, context);
      const scan =
        known ??
        (simple
          ? { regions: simple.regions as MarkdownChunkScan['regions'], directives: [], definitions: simple.definitions }
          : scanChunk({ chunk: chunkText, nextLine, before, after, atStart: start === 0 }));
      if (scan) {
        chunks.push({ start, end, text: chunkText, nextLine, scan });
        break;
      }
      // The next line continues this chunk's last block: grow the chunk, and after a few such
      // misses take the rest of the document as one chunk so that no input makes this quadratic.
      failures++;
      next = failures > 8 ? bounds.length - 1 : next + 1;
    }
    b = next;
  }

  const directives: Directive[] = [];
  let line = 0;
  let lineAt = 0;
  for (const chunk of chunks) {
    if (chunk.scan.directives.length > 0) {
      line += countLineBreaks(text, lineAt, chunk.start);
      lineAt = chunk.start;
      for (const d of chunk.scan.directives) directives.push({ ...d, firstLine: d.firstLine + line, lastLine: d.lastLine + line });
    }
  }
  const lastLine = (): number => line + countLineBreaks(text, lineAt, text.length);
  return { suppressions: suppressionsOf(directives, lastLine), chunks, definitions, definitionsKey };
}

/** The prose regions of a chunked scan, in document offsets. */
export function markdownRegions(scan: MarkdownScan): Region[] {
  const regions: Region[] = [];
  for (const chunk of scan.chunks) for (const r of chunk.scan.regions) regions.push({ kind: 'prose', start: chunk.start + r.start, end: chunk.start + r.end });
  return regions;
}

/** Turns directives into suppressions (see {@link scanMarkdown}); `lastLine` gives the document's last line. */
function suppressionsOf(directives: readonly Directive[], lastLine: () => number): Suppression[] {
  const suppressions: Suppression[] = [];
  let disabled: { from: number; codes: readonly string[] } | undefined;
  let budget = MAX_DISABLED_LINES;
  const closeDisabled = (to: number): void => {
    if (!disabled) return;
    const last = Math.min(to, disabled.from + budget - 1);
    for (let line = disabled.from; line <= last; line++) suppressions.push({ line, codes: disabled.codes });
    budget -= Math.max(0, last - disabled.from + 1);
    disabled = undefined;
  };
  for (const d of directives) {
    switch (d.kind) {
      case 'disable-next-line':
        suppressions.push({ line: d.lastLine + 1, codes: d.codes });
        break;
      case 'disable-line':
        suppressions.push({ line: d.firstLine, codes: d.codes });
        break;
      case 'disable':
        if (!disabled) disabled = { from: d.firstLine, codes: d.codes };
        break;
      case 'enable':
        closeDisabled(d.lastLine);
        break;
    }
  }
  if (disabled) closeDisabled(lastLine());
  return suppressions;
}

/**
 * Parses one chunk followed by `nextLine` (the first line of the next chunk), with the document's
 * definitions in `before` or `after` it (after the first chunk, where front matter may be; before
 * any other, where an unclosed construct at its end cannot swallow them). Returns undefined when
 * `nextLine` does not start a top-level block, i.e. when the chunk's last block (an unclosed
 * fence, say) would go on into the next chunk.
 */
export function scanMarkdownChunk({ chunk, nextLine, before, after, atStart }: ChunkRequest): MarkdownChunkScan | undefined {
  if (DEEP_NESTING.test(chunk)) return NOTHING;
  const source = before + chunk + after + nextLine;
  let tree: Root;
  try {
    tree = (atStart ? processor : bodyProcessor).parse(source);
  } catch {
    return NOTHING;
  }
  const from = before.length;
  const limit = from + chunk.length;
  if (nextLine.length > 0 && !tree.children.some((c) => c.position?.start.offset === limit + after.length)) return undefined;
  const lineShift = before.length === 0 ? 0 : countLineBreaks(before, 0, before.length);

  const regions: { kind: 'prose'; start: number; end: number }[] = [];
  const directives: Directive[] = [];
  const definitions: string[] = [];
  const addProse = (start: number, end: number): void => {
    const last = regions[regions.length - 1];
    if (last && last.end === start) last.end = end;
    else if (end > start) regions.push({ kind: 'prose', start, end });
  };

  // Iterative pre-order walk: children are pushed in reverse so regions come out in document order.
  const stack: Nodes[] = [];
  for (let i = tree.children.length - 1; i >= 0; i--) {
    const child = tree.children[i]!;
    const at = child.position?.start.offset ?? -1;
    if (at >= from && at < limit) stack.push(child);
  }
  for (let node = stack.pop(); node; node = stack.pop()) {
    const pos = node.position;
    switch (node.type) {
      case 'text':
        if (pos?.start.offset !== undefined && pos.end.offset !== undefined) addProse(pos.start.offset - from, pos.end.offset - from);
        continue;
      case 'inlineMath':
        if (pos?.start.offset !== undefined && pos.end.offset !== undefined && isDollarAmount(source, pos.start.offset, pos.end.offset)) {
          addProse(pos.start.offset - from, pos.end.offset - from);
        }
        continue;
      case 'html':
        if (pos) {
          for (const m of node.value.matchAll(DIRECTIVE)) {
            const firstLine = pos.start.line - 1 - lineShift + countNewlines(node.value, 0, m.index);
            const lastLine = firstLine + countNewlines(m[0], 0, m[0].length);
            const codes = (m[2] ?? '').split(/[\s,]+/).filter((c) => c.length > 0);
            directives.push({ kind: m[1] as Directive['kind'], firstLine, lastLine, codes });
          }
        }
        continue;
      case 'link':
        if (isAutolink(source, node)) continue;
        break;
      case 'definition':
        definitions.push(node.label ?? node.identifier);
        continue;
      case 'footnoteDefinition':
        definitions.push(`^${node.label ?? node.identifier}`);
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
  return { regions, directives, definitions };
}

/** A line that may start a chunk: not blank, not indented, not a list item (a loose list goes on after a blank line). */
const CHUNK_START = /^(?![ \t]|[-+*][ \t]|\d{1,9}[.)][ \t]|\r?$)/;
/** What may open fenced code or math, after any container markers. */
const FENCE_OPEN = /^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*(`{3,}|~{3,}|\${2,})/;
/** HTML blocks that go on across blank lines (CommonMark types 1 to 5), with what ends each. */
const HTML_OPEN: readonly [RegExp, string | RegExp][] = [
  [/^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*<!--/, '-->'],
  [/^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*<(?:script|pre|style|textarea)(?=[\s>]|$)/i, /<\/(?:script|pre|style|textarea)>/i],
  [/^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*<\?/, '?>'],
  [/^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*<!\[CDATA\[/, ']]>'],
  [/^(?:[ \t]*(?:>|[-+*][ \t]|\d{1,9}[.)][ \t]))*[ \t]*<![A-Za-z]/, '>'],
];

const NON_SPACE = /\S/;
const OPENER_CHAR = /[`~$<]/;

/** Chunks smaller than this are merged with the next one: remark costs a little per call. */
const MIN_CHUNK = 1024;

/**
 * Chunk boundaries (ascending offsets, starting with 0 and ending with `text.length`): a line
 * scan that follows fences, math, multi-line HTML and front matter so that boundaries fall between
 * top-level blocks. It is a heuristic; {@link scanMarkdownChunk} verifies each boundary. Boundaries are
 * chosen by content (a chunk ends at the first possible boundary after {@link MIN_CHUNK}
 * characters), so that an edit moves only the boundaries near it.
 */
function chunkBounds(text: string, minChunk: number): number[] {
  const bounds = [0];
  const hasCR = text.includes('\r');
  let pos = frontMatterEnd(text);
  let blank = true;
  let fence: { char: string; length: number } | undefined;
  let html: string | RegExp | undefined;
  while (pos < text.length) {
    const nl = hasCR ? lineEnd(text, pos) : text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(pos, end);
    if (fence) {
      if (line.includes(fence.char)) {
        const closer = FENCE_OPEN.exec(line);
        if (closer && closer[1]![0] === fence.char && closer[1]!.length >= fence.length && line.trimEnd().endsWith(closer[1]!)) fence = undefined;
      }
    } else if (html !== undefined) {
      if (typeof html === 'string' ? line.includes(html) : html.test(line)) html = undefined;
    } else {
      const isBlank = !NON_SPACE.test(line);
      if (blank && !isBlank && pos - bounds[bounds.length - 1]! >= minChunk && CHUNK_START.test(line)) bounds.push(pos);
      blank = isBlank;
      // Most lines (prose) have no character that could open a fence, math or HTML.
      if (OPENER_CHAR.test(line)) {
        const opener = FENCE_OPEN.exec(line);
        if (opener) {
          const run = opener[1]!;
          // A fence closed on its own line (```code```) is inline code; `$$x$$` is inline math.
          if (!line.slice(opener[0].length).includes(run)) fence = { char: run[0]!, length: run.length };
        } else {
          for (const [open, close] of HTML_OPEN) {
            if (open.test(line)) {
              const rest = line.slice(line.search(/</) + 2);
              if (!(typeof close === 'string' ? rest.includes(close) : close.test(rest))) html = close;
              break;
            }
          }
        }
      }
    }
    pos = end + lineBreakLength(text, end);
  }
  if (bounds[bounds.length - 1] !== text.length) bounds.push(text.length);
  return bounds;
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

/** Offset of the line break (or the end of text) of the line starting at `pos`. */
function lineEnd(text: string, pos: number): number {
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return i;
  }
  return text.length;
}

/** Length of the line break at `pos`: 2 for CRLF, 1 for LF or CR, 0 at the end. */
function lineBreakLength(text: string, pos: number): number {
  if (pos >= text.length) return 0;
  return text.charCodeAt(pos) === 0x0d && text.charCodeAt(pos + 1) === 0x0a ? 2 : 1;
}

/** Line breaks (LF, CR or CRLF, as remark counts lines) in `text[from, to)`. */
function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) n++;
    else if (c === 0x0d) {
      n++;
      if (text.charCodeAt(i + 1) === 0x0a) i++;
    }
  }
  return n;
}

/** YAML (`---`) or TOML (`+++`) front matter at the very start: the offset after its closing fence, else 0. */
function frontMatterEnd(text: string): number {
  const fence = text.startsWith('---') ? '---' : text.startsWith('+++') ? '+++' : undefined;
  if (!fence) return 0;
  let pos = lineEnd(text, 0);
  if (text.slice(3, pos).trim().length > 0) return 0;
  while (pos < text.length) {
    pos += lineBreakLength(text, pos);
    const end = lineEnd(text, pos);
    if (text.slice(pos, end).trimEnd() === fence) return end;
    pos = end;
  }
  return 0;
}

/** Link and footnote labels on lines that look like definitions: a first guess at the document's definitions. */
function definitionCandidates(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(DEFINITION_LINE)) found.add(m[1]!);
  return [...found].sort();
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
