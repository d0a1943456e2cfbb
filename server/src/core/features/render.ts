/**
 * Rendering glossary concepts for people: safe Markdown for hovers and completion documentation,
 * plain one-line summaries for diagnostics and completion details.
 *
 * Glossary files are untrusted (a cloned repository can ship a hostile one), so every string taken
 * from a concept is escaped: no raw HTML, no link other than http(s), no injected Markdown structure.
 */

import { stripInvisible } from '../glossary/invisible';
import { preferredForm, type Concept, type TermForm } from '../glossary/model';

/** Line breaks and the whitespace around them; a rendered definition is one paragraph. */
const LINE_BREAKS = /\s*[\r\n\u2028\u2029]+\s*/g;
/**
 * C0 and C1 controls except tab. Other invisible characters (zero-width spaces, direction marks,
 * embeddings, overrides and isolates, soft hyphens, byte order marks, unpaired surrogates, …: see
 * `glossary/invisible.ts`) are stripped by `stripInvisible`.
 */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** Always escaped: backslashes, code spans and fences, emphasis and strikethrough, links and images, HTML, entities. */
const ALWAYS = new Set(['\\', '`', '*', '~', '[', ']', '<', '&']);
/** Letters and digits: an `_` between two of them can neither open nor close emphasis. */
const WORD = /[\p{L}\p{N}]/u;
/** A character of a URL scheme (`https`, `command`, `javascript`, `data`, …). */
const SCHEME_CHAR = /[A-Za-z0-9+.-]/;
/** A text that could be a GFM table delimiter row (`|---|`, `:-:`). */
const DELIMITER_ROW = /^[\s|:-]+$/;
/** An ordered list marker at the start: up to nine digits, then `.` or `)`, then a space or the end. */
const ORDERED_MARKER = /^\d{1,9}[.)](?=\s|$)/;
/** A run of `#` at the end after whitespace: the closing sequence of an ATX heading, dropped by parsers. */
const CLOSING_HASHES = /\s(#+)$/;
/** Characters that could end or confuse a link destination, percent-encoded in emitted URLs. */
const URL_UNSAFE = /[()<>\\\s"'`]/g;

/** Longest facet text shown in a hover before it is cut at a sentence boundary. */
const MAX_FACET_CHARS = 600;
/** Usage examples shown in a hover, and notes: a hover is a glance, not the glossary page. */
const MAX_EXAMPLES = 3;
const MAX_NOTES = 5;
/** Longest example or note shown in a hover before it is cut at a word boundary. */
const MAX_DETAIL_CHARS = 240;

/**
 * Escapes untrusted text for inline use in Markdown: trims it, joins its lines with spaces, strips
 * control characters (keeping tabs) and invisible characters (`glossary/invisible.ts`), and
 * backslash-escapes only what a CommonMark + GFM renderer could read as syntax, so the result
 * renders as the literal text, can form no HTML, entity, link, image, autolink, emphasis, code,
 * heading, list, quote, table or rule — wherever it is placed on a line — and ordinary prose
 * (`mean-reverts, and correlates.`, `Note: it's (roughly) 5%`) keeps no backslash at all.
 *
 * Escaped everywhere: `\` `` ` `` `*` `~` `[` `]` `<` `&`. Escaped in context: `_` unless between two
 * letters or digits; `(` after `]`; `!` before `[`; `$` before `(` (VS Code theme icons); `:` after
 * a URL scheme when more text follows (`https\://`, `command\:x`); the `.` of `www.`; `@` between
 * word characters (email autolinks). At the start (the text may begin a line): `#` `-` `+` `=` `>`,
 * the `.` or `)` of `1.` / `1)`, and the first `|` or `:` of a possible table delimiter row; at the
 * end, the first `#` of a run after whitespace (an ATX closing sequence). `$` math is not escaped:
 * hover renderers (VS Code's, LSP clients') do not render math.
 */
/**
 * The colons that would end a URI scheme (`https:x`, `command:x`): after a run of scheme
 * characters holding a letter, before a non-space. Each run is walked once, from its colon, so a
 * long run without one costs nothing (a global regex would rescan it from every position).
 */
function schemeColons(s: string): number[] {
  const out: number[] = [];
  for (let at = s.indexOf(':'); at !== -1; at = s.indexOf(':', at + 1)) {
    if (at + 1 >= s.length || /\s/.test(s[at + 1]!)) continue;
    let letter = false;
    for (let i = at - 1; i >= 0 && SCHEME_CHAR.test(s[i]!); i--) letter ||= /[A-Za-z]/.test(s[i]!);
    if (letter) out.push(at);
  }
  return out;
}

export function escapeMarkdown(text: string): string {
  const s = stripInvisible(text.replace(LINE_BREAKS, ' ').replace(CONTROLS, '')).trim();
  const escaped = new Set<number>();
  for (const at of schemeColons(s)) escaped.add(at);
  for (const m of s.matchAll(/www(?=\.)/gi)) escaped.add(m.index + 3);
  for (const m of s.matchAll(/(?<=[\w.+-])@(?=[\w-])/g)) escaped.add(m.index);
  if (s !== '' && '#-+=>'.includes(s[0]!)) escaped.add(0);
  const ordered = ORDERED_MARKER.exec(s);
  if (ordered) escaped.add(ordered[0].length - 1);
  if ((s[0] === '|' || s[0] === ':') && DELIMITER_ROW.test(s)) escaped.add(0);
  const closing = CLOSING_HASHES.exec(s);
  if (closing) escaped.add(s.length - closing[1]!.length);
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    const escape =
      ALWAYS.has(c) ||
      escaped.has(i) ||
      (c === '_' && !(WORD.test(s[i - 1] ?? '') && WORD.test(s[i + 1] ?? ''))) ||
      (c === '(' && s[i - 1] === ']') ||
      (c === '!' && s[i + 1] === '[') ||
      (c === '$' && s[i + 1] === '(');
    out += escape ? `\\${c}` : c;
  }
  return out;
}

/**
 * A Markdown link `[label](url)` when `url` is an absolute http(s) URL, with the label escaped and
 * the URL normalised and percent-encoded so that it cannot leave the link destination. Otherwise
 * (no URL, unparsable, or another scheme such as `javascript:` or `command:`) the escaped label —
 * or the escaped URL when the label is empty — as plain text. An empty label shows the URL.
 */
export function safeLink(label: string, url: string | undefined): string {
  const parsed = url === undefined ? undefined : httpUrl(url);
  const shown = label.trim() === '' ? (url ?? '') : label;
  if (!parsed) return escapeMarkdown(shown);
  const href = parsed.href.replace(URL_UNSAFE, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${escapeMarkdown(shown)}](${href})`;
}

/** Options of {@link renderConceptHover}. */
export interface HoverOptions {
  /** The text in the document that looks like a misspelling of the concept; no note when absent. */
  readonly misspelledAs?: string;
  /** The form matched in the document; a warning is shown when it is deprecated or forbidden. */
  readonly matchedForm?: TermForm;
  /** Finds a related concept by name or id, to show its preferred term; names are shown as written when absent or not found. */
  readonly resolveRelated?: (nameOrId: string) => Concept | undefined;
  /** The context the concept comes from (`desk/ glossary`), added to the header; none when absent. */
  readonly context?: string;
}

/**
 * The Markdown shown when hovering a term (also used as completion documentation):
 * a `**Term** · *kind*` header (` · *proposed*` added for a proposed concept, then ` · *context*`
 * when `options.context` names where it comes from), misspelling and
 * deprecation notes, the senses with their sources and areas, the notes (`*Note:*`, at most 5) and
 * usage examples (`*Example:*`, at most 3) one line each and cut to about 240 characters, one line
 * each for abbreviations, admitted forms, forms to avoid, related concepts and
 * areas, then — after a rule — the facets, each under a `####` heading and cut to about
 * 600 characters. Every string from the concept is escaped. Lists are bounded (20 definitions,
 * forms per line, areas and facets; 8 related concepts), with `and N more` for the rest, so that a
 * concept with thousands of aliases still gets a short hover in time linear in its forms.
 */
export function renderConceptHover(concept: Concept, options: HoverOptions = {}): string {
  const preferred = preferredForm(concept);
  const proposed = concept.status === 'proposed' ? ' · *proposed*' : '';
  const context = options.context?.trim() ? ` · *${escapeMarkdown(options.context)}*` : '';
  const blocks: string[] = [`**${escapeMarkdown(preferred.text)}** · *${escapeMarkdown(concept.kind)}*${proposed}${context}`];

  if (options.misspelledAs !== undefined && options.misspelledAs.trim() !== '') {
    blocks.push(`⚠ "${escapeMarkdown(options.misspelledAs)}" looks like a misspelling of this term`);
  }
  const matched = options.matchedForm;
  if (matched && (matched.status === 'deprecated' || matched.status === 'forbidden')) {
    const reason = matched.reason?.trim() ? `: ${escapeMarkdown(matched.reason)}` : '';
    blocks.push(`⚠ "${escapeMarkdown(matched.text)}" is ${matched.status}${reason}`);
  }

  blocks.push(...senseBlocks(concept, MAX_SENSES));
  const details = [...detailLines('Note', 'notes', concept.notes, MAX_NOTES), ...detailLines('Example', 'examples', concept.examples, MAX_EXAMPLES)];
  if (details.length > 0) blocks.push(details.join('  \n'));

  const others = concept.forms.filter((f) => f !== preferred);
  const usable = (f: TermForm): boolean => f.status === 'preferred' || f.status === 'admitted';
  // Each list is cut before anything is escaped or looked up: a concept may have tens of thousands of forms.
  const related = (items: readonly string[]): string[] =>
    items.map((name) => {
      const found = options.resolveRelated?.(name);
      return escapeMarkdown(found ? preferredForm(found).text : name);
    });
  const lines = [
    listLine(
      'Abbreviations',
      capped(
        others.filter((f) => usable(f) && f.type === 'abbreviation'),
        MAX_FORMS,
        (f) => escapeMarkdown(f.text),
      ),
    ),
    listLine(
      'Also',
      capped(
        others.filter((f) => usable(f) && f.type !== 'abbreviation'),
        MAX_FORMS,
        (f) => escapeMarkdown(f.text),
      ),
    ),
    listLine(
      'Avoid',
      capped(
        others.filter((f) => !usable(f)),
        MAX_FORMS,
        (f) => `${escapeMarkdown(f.text)} (${f.status})`,
      ),
    ),
    listLine('Related', cappedList(concept.related, MAX_RELATED, related)),
    listLine('Areas', capped(concept.areas, MAX_AREAS, escapeMarkdown)),
  ].filter((line) => line !== '');
  // Two trailing spaces make a hard line break: one line per list, without paragraph gaps.
  if (lines.length > 0) blocks.push(lines.join('  \n'));

  const facets = concept.facets.filter((f) => f.text.trim() !== '');
  if (facets.length > 0) {
    blocks.push('---');
    for (const facet of facets.slice(0, MAX_FACETS)) {
      if (facet.name.trim() !== '') blocks.push(`#### ${escapeMarkdown(facet.name)}`);
      blocks.push(escapeMarkdown(cutAtSentence(facet.text, MAX_FACET_CHARS)));
    }
    if (facets.length > MAX_FACETS) blocks.push(`*and ${facets.length - MAX_FACETS} more sections*`);
  }
  return blocks.join('\n\n');
}

/** The definitions of a concept, one block each (numbered when more than one), at most `max`, then `and N more definitions`. */
function senseBlocks(concept: Concept, max: number): string[] {
  const allSenses = concept.senses.filter((s) => s.text.trim() !== '');
  const senses = allSenses.slice(0, max);
  const blocks = senses.map((sense, i) => {
    const number = senses.length > 1 ? `**${i + 1}.** ` : '';
    // The citation: the source's link, then the area (page) the definition was found on.
    const cited = [sense.source?.trim() ? renderSource(sense.source) : '', sense.area?.trim() ? `*${escapeMarkdown(sense.area)}*` : ''].filter(Boolean);
    const citation = cited.length > 0 ? ` — ${cited.join(', ')}` : '';
    return `${number}${escapeMarkdown(sense.text)}${citation}`;
  });
  if (allSenses.length > senses.length) blocks.push(`*and ${allSenses.length - senses.length} more definitions*`);
  return blocks;
}

/** A concept's definition in another context that applies to the document, for {@link renderOtherContexts}. */
export interface OtherContextDefinition {
  readonly concept: Concept;
  /** The context it comes from, e.g. `workspace glossary`. */
  readonly context: string;
}

/** Other contexts shown after a hover (5), and definitions shown for each (3). */
const MAX_OTHER_CONTEXTS = 5;
const MAX_OTHER_SENSES = 3;

/**
 * The definitions a form has in farther contexts (after a rule, nearest first): for each, a
 * `**Term** · *context*` line and its definitions (at most 3); at most 5 contexts, then `and N
 * more contexts`. Empty for none. Escaped like every hover.
 */
export function renderOtherContexts(others: readonly OtherContextDefinition[]): string {
  if (others.length === 0) return '';
  const blocks: string[] = ['---'];
  for (const { concept, context } of others.slice(0, MAX_OTHER_CONTEXTS)) {
    blocks.push(`**${escapeMarkdown(preferredForm(concept).text)}** · *${escapeMarkdown(context)}*`);
    blocks.push(...senseBlocks(concept, MAX_OTHER_SENSES));
  }
  if (others.length > MAX_OTHER_CONTEXTS) blocks.push(`*and ${others.length - MAX_OTHER_CONTEXTS} more contexts*`);
  return blocks.join('\n\n');
}

/**
 * A one-line plain-text summary (NOT Markdown; for diagnostic messages and completion details):
 * the first sense, or without senses the first sentence of the first facet, cut at a word boundary
 * to at most `maxChars` (default 120) characters with `…`. Empty when the concept has neither.
 */
export function summarizeDefinition(concept: Concept, maxChars = 120): string {
  const sense = concept.senses.find((s) => s.text.trim() !== '');
  let text: string;
  if (sense) {
    text = plain(sense.text);
  } else {
    const facet = concept.facets.find((f) => f.text.trim() !== '');
    if (!facet) return '';
    text = plain(facet.text);
    text = /^.*?[.!?](?=\s|$)/.exec(text)?.[0] ?? text;
  }
  return cutAtWord(text, maxChars);
}

function plain(text: string): string {
  return stripInvisible(text.replace(CONTROLS, '')).replace(/\s+/g, ' ').trim();
}

/** An absolute http(s) URL, or undefined. */
function httpUrl(url: string): URL | undefined {
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A sense's source: a link labelled with its host for http(s) URLs, else the escaped citation. */
function renderSource(source: string): string {
  const parsed = httpUrl(source);
  return parsed ? safeLink(parsed.hostname, source) : escapeMarkdown(source);
}

/** Related terms shown in a hover; an area page links to thirty, which would drown the definition. */
const MAX_RELATED = 8;

/**
 * Forms shown per list (abbreviations, other forms, forms to avoid) and areas shown in a hover: a
 * concept may have thousands of variants, and a hover listing them all is unreadable and slow.
 */
const MAX_FORMS = 20;
const MAX_AREAS = 20;
/** Definitions and facet sections shown in a hover. */
const MAX_SENSES = 20;
const MAX_FACETS = 20;

/**
 * One hover line per note or example (`*Note:* …`), each cut to {@link MAX_DETAIL_CHARS} and
 * escaped, at most `max` of them, then `*and N more examples*` when some were left out.
 */
function detailLines(label: string, plural: string, items: readonly string[] | undefined, max: number): string[] {
  const shown = (items ?? []).filter((t) => t.trim() !== '');
  const lines = shown.slice(0, max).map((t) => `*${label}:* ${escapeMarkdown(cutAtWord(plain(t), MAX_DETAIL_CHARS))}`);
  if (shown.length > max) lines.push(`*and ${shown.length - max} more ${plural}*`);
  return lines;
}

/** The first `max` items, each rendered, then `and N more` when some were left out. */
function capped<T>(items: readonly T[], max: number, render: (item: T) => string): string[] {
  return cappedList(items, max, (shown) => shown.map(render));
}

/** The first `max` items rendered together, then `and N more` when some were left out. */
function cappedList<T>(items: readonly T[], max: number, render: (items: readonly T[]) => string[]): string[] {
  return items.length <= max ? render(items) : [...render(items.slice(0, max)), `and ${items.length - max} more`];
}

function listLine(label: string, items: readonly string[]): string {
  const shown = items.filter((item) => item !== '');
  return shown.length > 0 ? `${label}: ${shown.join(', ')}` : '';
}

/** `text` (whitespace-collapsed) cut to about `max` characters at a word boundary, with `…`. */
function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, Math.max(1, max - 1));
  const space = head.lastIndexOf(' ');
  const cut = space > max / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:]+$/, '')}…`;
}

/** `text` cut to about `max` characters after the last sentence that fits, else at a word boundary. */
function cutAtSentence(text: string, max: number): string {
  const flat = plain(text);
  if (flat.length <= max) return flat;
  const head = flat.slice(0, max);
  let end = -1;
  for (const m of head.matchAll(/[.!?](?=\s)/g)) end = m.index + 1;
  return end > max / 2 ? `${head.slice(0, end)} …` : cutAtWord(flat, max);
}
