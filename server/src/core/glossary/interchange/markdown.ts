/**
 * A glossary as one Markdown page for a docs site: one section per concept, sorted by term, each
 * with a stable anchor, its abbreviations and other forms, definitions (source links only for
 * http(s) URLs), examples, notes, related terms linked to their sections, and areas. Every piece of
 * glossary text goes through the hovers' `escapeMarkdown`, so it renders as the literal text and
 * can inject no HTML, link or Markdown structure; the only HTML written is the anchors.
 */

import { escapeMarkdown, safeLink } from '../../features/render';
import { phraseKey } from '../compiled';
import { slugify } from '../format';
import type { Concept, TermForm } from '../model';
import { orderedForms } from './csv';

/** Options of {@link glossaryToMarkdown}. */
export interface MarkdownExportOptions {
  /** The page title (a `#` heading). Default `Glossary`. */
  readonly title?: string;
}

/** The anchor of each concept: the slug of its id, made unique in the page with `-2`, `-3`, … in page order. */
function anchors(concepts: readonly Concept[]): string[] {
  const used = new Set<string>();
  return concepts.map((c) => {
    const base = slugify(c.id);
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    return anchor;
  });
}

/** Compares terms for the page order: case-insensitively, then as written, so the order is the same everywhere. */
function compareTerms(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The sources of a definition: a link labelled with the host for http(s) URLs, else the escaped URI. */
function source(uri: string): string {
  const link = safeLink('', uri);
  if (!link.startsWith('[')) return escapeMarkdown(uri);
  try {
    return safeLink(new URL(uri).hostname, uri);
  } catch {
    return link;
  }
}

function formList(forms: readonly TermForm[], withReason: boolean): string {
  return forms.map((f) => (withReason && f.reason?.trim() ? `${escapeMarkdown(f.text)} (${escapeMarkdown(f.reason)})` : escapeMarkdown(f.text))).join(', ');
}

/**
 * The Markdown page of `concepts` (see the module comment), ending with a newline. Sections are
 * sorted by preferred term; the anchor of a section is `<a id="SLUG"></a>` on the line before its
 * heading, SLUG being the slug of the concept's id (unique within the page), so links to it stay
 * valid when the term's spelling changes but its id does not.
 */
export function glossaryToMarkdown(concepts: readonly Concept[], options: MarkdownExportOptions = {}): string {
  const sorted = concepts
    .filter((c) => c.forms.length > 0)
    .map((c) => ({ c, term: orderedForms(c)[0]!.text }))
    .sort((a, b) => compareTerms(a.term, b.term) || compareTerms(a.c.id, b.c.id))
    .map((x) => x.c);
  const ids = anchors(sorted);
  const byName = new Map<string, number>();
  sorted.forEach((c, i) => {
    for (const key of [`id:${c.id.toLowerCase()}`, ...c.forms.map((f) => `form:${phraseKey(f.text)}`)]) if (!byName.has(key)) byName.set(key, i);
  });

  const out: string[] = [`# ${escapeMarkdown(options.title ?? 'Glossary') || 'Glossary'}`, ''];
  out.push(`${sorted.length} ${sorted.length === 1 ? 'term' : 'terms'}.`, '');
  sorted.forEach((concept, i) => {
    const [preferred, ...others] = orderedForms(concept);
    const proposed = concept.status === 'proposed' ? ' *(proposed)*' : '';
    out.push(`<a id="${ids[i]}"></a>`, '', `## ${escapeMarkdown(preferred!.text)}${proposed}`, '');
    const admitted = others.filter((f) => f.status !== 'deprecated' && f.status !== 'forbidden');
    const facts: string[] = [];
    const abbreviations = admitted.filter((f) => f.type === 'abbreviation');
    const aliases = admitted.filter((f) => f.type !== 'abbreviation');
    if (abbreviations.length) facts.push(`**Abbreviations:** ${formList(abbreviations, false)}`);
    if (aliases.length) facts.push(`**Also:** ${formList(aliases, false)}`);
    const deprecated = others.filter((f) => f.status === 'deprecated');
    if (deprecated.length) facts.push(`**Deprecated:** ${formList(deprecated, true)}`);
    const forbidden = others.filter((f) => f.status === 'forbidden');
    if (forbidden.length) facts.push(`**Forbidden:** ${formList(forbidden, true)}`);
    // Two trailing spaces would be a hard line break; a backslash is one CommonMark and GFM both read.
    if (facts.length) out.push(facts.join('\\\n'), '');

    const senses = concept.senses.map((s) => `${escapeMarkdown(s.text)}${s.source?.trim() ? ` (${source(s.source.trim())})` : ''}`);
    if (senses.length === 1) out.push(senses[0]!, '');
    else if (senses.length > 1) out.push(...senses.map((s, k) => `${k + 1}. ${s}`), '');

    for (const note of concept.notes ?? []) out.push(`**Note:** ${escapeMarkdown(note)}`, '');
    if (concept.examples?.length) out.push('**Examples:**', '', ...concept.examples.map((e) => `- ${escapeMarkdown(e)}`), '');
    const links = concept.related.map((name) => {
      const target = byName.get(`id:${name.toLowerCase()}`) ?? byName.get(`form:${phraseKey(name)}`);
      if (target === undefined || target === i) return escapeMarkdown(name);
      return `[${escapeMarkdown(orderedForms(sorted[target]!)[0]!.text)}](#${ids[target]})`;
    });
    const tail: string[] = [];
    if (links.length) tail.push(`**Related:** ${links.join(', ')}`);
    if (concept.areas.length) tail.push(`**Areas:** ${concept.areas.map(escapeMarkdown).join(', ')}`);
    if (tail.length) out.push(tail.join('\\\n'), '');
  });
  while (out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}
