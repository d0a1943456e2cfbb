/**
 * Importer for Greeks.live glossary "Area" pages (retrieved as Markdown with the page's schema.org
 * JSON-LD appended). Pure: pages in, concepts and findings out; it never throws on bad input and
 * never rewrites a name — inconsistencies are reported as findings for the overlay to address.
 *
 * A page looks like:
 *
 * ```text
 * # <Area> ⎊ Area ⎊ Greeks.live            (or "⎊ Resource 1")
 * ## What is the <Facet> of <Area>?        (a paragraph each)
 * ---
 * ## [Term](https://term.greeks.live/term/slug/)      (30 of these, /term/ or /definition/)
 * Meaning ⎊ <one-line definition> ⎊ Definition
 * ---
 * ## Raw Schema Data                       (three ```json blocks: BreadcrumbList, FAQPage, CollectionPage)
 * **Original URL:** <url>
 * ```
 */

import type { Concept, ConceptKind, Facet, Sense, TermForm } from '../model';
import { formKey, slugify } from '../format';
import type { ImportFinding } from './findings';

export type { ImportFinding } from './findings';

/** One input page: `name` identifies it in findings (usually its file name), `text` is its content. */
export interface ImportPage {
  readonly name: string;
  readonly text: string;
}

/** The result of an import: concepts sorted by preferred term, and the findings in a stable order. */
export interface ImportResult {
  readonly concepts: Concept[];
  readonly report: ImportFinding[];
}

/** A linked term as one page gives it. */
interface LinkedTerm {
  readonly name: string;
  readonly url: string;
  /** The definition with the `Meaning ⎊ ` prefix and ` ⎊ Definition` suffix removed; '' if missing. */
  readonly definition: string;
}

/** What could be read from one page. */
interface ParsedPage {
  readonly page: string;
  readonly area?: string;
  readonly areaUrl?: string;
  /** The page's own summary (CollectionPage `description`), without its `<Facet> ⎊ ` prefix. */
  readonly summary?: string;
  readonly facets: Facet[];
  readonly terms: LinkedTerm[];
}

const SEP = ' ⎊ ';

/**
 * Imports Greeks.live area pages. Pages are processed in order of `name` (so the result does not
 * depend on the order given); each page yields an area concept (kind `area`, with the page's facet
 * sections, its linked terms as `related`, and the page's own summary — the JSON-LD CollectionPage
 * description — as a sense whose source is the area URL) and one concept per linked term (kind
 * from its URL: `/definition/` → `definition`, otherwise `term`) with its one-line definition as a
 * sense. A term
 * linked from several pages is one concept (keyed by its URL slug) holding every distinct
 * definition as a separate sense and the union of its areas.
 */
export function importGreeksLive(pages: readonly ImportPage[]): ImportResult {
  const report: ImportFinding[] = [];
  const sorted = [...pages].sort((a, b) => compareStrings(a.name, b.name));
  const parsed = sorted.map((p) => parsePage(p, report));
  const concepts = mergePages(parsed, report);
  report.push(...namingFindings(concepts));
  return { concepts, report };
}

// ---------------------------------------------------------------------------------------------
// Parsing one page

function parsePage(input: ImportPage, report: ImportFinding[]): ParsedPage {
  const page = input.name;
  const warn: Warn = (code, message, terms) => {
    report.push({ severity: 'warning', code, message, page, ...(terms ? { terms } : {}) });
  };
  const lines = input.text.replace(/\r\n?/g, '\n').split('\n');
  const md = parseMarkdown(lines);
  const ld = parseJsonLd(input.text, (message) => warn('import.malformed', message));

  let area = md.area;
  if (area === undefined) {
    area = ld.area;
    warn('import.malformed', area === undefined
      ? 'no "# <Area> ⎊ Area" title and no area name in the JSON-LD; the page yields no area concept'
      : `no "# <Area> ⎊ Area" title; using the area name "${area}" from the JSON-LD`);
  } else if (ld.area !== undefined && ld.area !== area) {
    warn('import.markdown-jsonld-mismatch', `the title names the area "${area}" but the JSON-LD names it "${ld.area}"`, [area, ld.area]);
  }

  const areaUrl = ld.areaUrl ?? (md.originalUrl ? areaUrlOf(md.originalUrl) : undefined);
  if (areaUrl === undefined) warn('import.malformed', 'no area URL (no JSON-LD url and no **Original URL:** line)');

  const facets = crossCheckFacets(md.facets, ld.faq, area, warn);
  const terms = crossCheckTerms(md.terms, ld.parts, warn);
  if (md.terms.length === 0 && ld.parts === undefined) warn('import.malformed', 'no linked terms found');
  for (const t of terms) {
    if (t.definition === '') warn('import.missing-definition', `"${t.name}" has no definition`, [t.name]);
  }
  return { page, area, areaUrl, ...(ld.summary ? { summary: ld.summary } : {}), facets, terms };
}

interface MarkdownPart {
  area?: string;
  originalUrl?: string;
  facets: Facet[];
  terms: LinkedTerm[];
}

const TITLE = /^#\s+(.+?)\s+⎊\s+/;
const FACET = /^##\s+What is the (.+?) of (.+)\?\s*$/;
const LINK = /^##\s+\[(.*)\]\((\S*)\)\s*$/;
const ORIGINAL = /^\*\*Original URL:\*\*\s*(\S+)/;

/** Reads the Markdown part of a page: title, facet sections, linked terms, original URL. */
function parseMarkdown(lines: readonly string[]): MarkdownPart {
  const out: MarkdownPart = { facets: [], terms: [] };
  let i = 0;
  // Paragraph lines following a heading, up to the next heading, rule or code fence.
  const body = (): string => {
    const parts: string[] = [];
    while (i < lines.length) {
      const line = lines[i] ?? '';
      if (/^(#|---|```)/.test(line)) break;
      if (line.trim() !== '') parts.push(line.trim());
      i++;
    }
    return parts.join(' ');
  };
  while (i < lines.length) {
    const line = lines[i] ?? '';
    i++;
    if (/^##\s+Raw Schema Data\s*$/.test(line)) {
      // The JSON-LD is read separately; only the original URL follows it.
      for (; i < lines.length; i++) {
        const m = ORIGINAL.exec(lines[i] ?? '');
        if (m?.[1]) out.originalUrl = m[1];
      }
      break;
    }
    let m: RegExpExecArray | null;
    if (out.area === undefined && (m = TITLE.exec(line)) && m[1]) {
      out.area = m[1];
    } else if ((m = FACET.exec(line)) && m[1]) {
      out.facets.push({ name: m[1], text: body() });
    } else if ((m = LINK.exec(line)) && m[1] !== undefined && m[2] !== undefined) {
      out.terms.push({ name: m[1].trim(), url: m[2], definition: cleanDefinition(body()) });
    } else if ((m = ORIGINAL.exec(line)) && m[1]) {
      out.originalUrl = m[1];
    }
  }
  return out;
}

/** Strips the `Meaning ⎊ ` prefix and the ` ⎊ Definition` suffix of a one-line definition. */
function cleanDefinition(text: string): string {
  let t = text.trim();
  if (t.startsWith('Meaning ⎊')) t = t.slice('Meaning ⎊'.length);
  if (t.endsWith('⎊ Definition')) t = t.slice(0, -'⎊ Definition'.length);
  return t.trim();
}

/** The area URL of a page URL: the page URL without a `/resource/N/` suffix. */
function areaUrlOf(url: string): string {
  return url.replace(/resource\/\d+\/?$/, '');
}

interface JsonLdPart {
  area?: string;
  areaUrl?: string;
  summary?: string;
  /** FAQ questions as facets, or undefined when the page has no readable FAQPage. */
  faq?: Facet[];
  /** CollectionPage `hasPart`, or undefined when the page has no readable CollectionPage. */
  parts?: LinkedTerm[];
}

/** Reads the ```json blocks of a page; anything unreadable is reported through `malformed`. */
function parseJsonLd(text: string, malformed: (message: string) => void): JsonLdPart {
  const out: JsonLdPart = {};
  const blocks = [...text.matchAll(/^```json[^\n]*\n([\s\S]*?)(?:^```|(?![\s\S]))/gm)];
  if (blocks.length === 0) {
    malformed('no JSON-LD blocks; the Markdown cannot be cross-checked');
    return out;
  }
  const seen = new Set<string>();
  blocks.forEach((block, n) => {
    let data: unknown;
    try {
      data = JSON.parse(block[1] ?? '');
    } catch (e) {
      malformed(`JSON-LD block ${n + 1} does not parse (${e instanceof Error ? e.message : String(e)}); it is ignored`);
      return;
    }
    const type = str(field(data, '@type'));
    if (type) seen.add(type);
    if (type === 'BreadcrumbList') {
      const items = arr(field(data, 'itemListElement'));
      const areaItem = items.find((it) => field(it, 'position') === 3);
      out.area ??= str(field(areaItem, 'name'));
      const item = str(field(areaItem, 'item'));
      if (item) out.areaUrl ??= areaUrlOf(item);
    } else if (type === 'FAQPage') {
      out.faq = [];
      for (const q of arr(field(data, 'mainEntity'))) {
        const m = /^What is the (.+?) of (.+)\?$/.exec(str(field(q, 'name')) ?? '');
        const answer = str(field(field(q, 'acceptedAnswer'), 'text'));
        if (m?.[1] && answer !== undefined) out.faq.push({ name: m[1], text: answer.trim() });
      }
    } else if (type === 'CollectionPage') {
      const headline = str(field(data, 'headline'));
      if (headline?.includes(SEP)) out.area ??= headline.slice(0, headline.indexOf(SEP)).trim();
      const url = str(field(data, 'url'));
      if (url) out.areaUrl ??= areaUrlOf(url);
      const description = str(field(data, 'description'))?.trim();
      if (description) out.summary = description.replace(/^[\p{L} ]{1,40}\s⎊\s+/u, '');
      out.parts = [];
      for (const part of arr(field(data, 'hasPart'))) {
        const name = str(field(part, 'headline'));
        const partUrl = str(field(part, 'url')) ?? str(field(part, '@id'));
        if (name === undefined || partUrl === undefined) {
          malformed('a CollectionPage hasPart entry has no headline or url; it is ignored');
          continue;
        }
        out.parts.push({ name: name.trim(), url: partUrl, definition: cleanDefinition(str(field(part, 'description')) ?? '') });
      }
    }
  });
  for (const type of ['BreadcrumbList', 'FAQPage', 'CollectionPage']) {
    if (!seen.has(type)) malformed(`no readable ${type} JSON-LD`);
  }
  return out;
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}
function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

type Warn = (code: ImportFinding['code'], message: string, terms?: string[]) => void;

/** The Markdown facets, checked against the FAQ; FAQ-only facets are kept too. */
function crossCheckFacets(md: Facet[], faq: Facet[] | undefined, area: string | undefined, warn: Warn): Facet[] {
  if (faq === undefined) return md;
  const out = [...md];
  for (const q of faq) {
    const f = md.find((x) => x.name === q.name);
    if (!f) {
      warn('import.markdown-jsonld-mismatch', `the FAQ JSON-LD has a "${q.name}" section that the Markdown lacks; it is kept`);
      out.push(q);
    } else if (f.text !== q.text) {
      warn('import.markdown-jsonld-mismatch', `the "${q.name}" section differs between the Markdown and the FAQ JSON-LD; the Markdown is kept`);
    }
  }
  for (const f of md) {
    if (!faq.some((q) => q.name === f.name)) {
      warn('import.markdown-jsonld-mismatch', `the Markdown has a "${f.name}" section${area ? ` of ${area}` : ''} that the FAQ JSON-LD lacks`);
    }
  }
  return out;
}

/** The Markdown terms, checked against the JSON-LD `hasPart`; JSON-only terms are kept too. */
function crossCheckTerms(md: LinkedTerm[], parts: LinkedTerm[] | undefined, warn: Warn): LinkedTerm[] {
  if (parts === undefined) return md;
  const out = [...md];
  for (const p of parts) {
    const t = md.find((x) => x.url === p.url);
    if (!t) {
      warn('import.markdown-jsonld-mismatch', `"${p.name}" (${p.url}) is in the JSON-LD but not in the Markdown; it is kept`, [p.name]);
      out.push(p);
      continue;
    }
    if (t.name !== p.name) {
      warn('import.markdown-jsonld-mismatch', `${p.url} is named "${t.name}" in the Markdown but "${p.name}" in the JSON-LD; the Markdown name is kept`, [t.name, p.name]);
    }
    if (t.definition !== p.definition) {
      warn('import.markdown-jsonld-mismatch', `the definition of "${t.name}" differs between the Markdown and the JSON-LD; the Markdown text is kept`, [t.name]);
    }
  }
  for (const t of md) {
    if (!parts.some((p) => p.url === t.url)) {
      warn('import.markdown-jsonld-mismatch', `"${t.name}" (${t.url}) is in the Markdown but not in the JSON-LD`, [t.name]);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Merging pages into concepts

interface Draft {
  kind: ConceptKind;
  /** Names seen for this concept, first one preferred. */
  names: string[];
  senses: Sense[];
  facets: Facet[];
  related: string[];
  areas: string[];
  /** URLs seen for this concept (area URL and term URLs). */
  urls: string[];
  kinds: Set<ConceptKind>;
}

/** The last path segment of a URL, or undefined when it has none. */
function urlSlug(url: string): string | undefined {
  const m = /\/([^/?#]+)\/?(?:[?#].*)?$/.exec(url);
  return m?.[1] && !/^[a-z][a-z0-9+.-]*:$/i.test(m[1]) ? m[1].toLowerCase() : undefined;
}

function kindOfUrl(url: string): ConceptKind {
  return /\/definition\//.test(url) ? 'definition' : 'term';
}

function mergePages(pages: readonly ParsedPage[], report: ImportFinding[]): Concept[] {
  const drafts = new Map<string, Draft>();
  const draftFor = (key: string, name: string, kind: ConceptKind): Draft => {
    let d = drafts.get(key);
    if (!d) {
      d = { kind, names: [name], senses: [], facets: [], related: [], areas: [], urls: [], kinds: new Set() };
      drafts.set(key, d);
    } else if (!d.names.includes(name)) {
      d.names.push(name);
    }
    return d;
  };
  const keyOf = (name: string, url: string | undefined): string => {
    const slug = url === undefined ? undefined : urlSlug(url);
    return slug !== undefined ? `slug:${slug}` : `form:${formKey(name)}`;
  };

  for (const p of pages) {
    if (p.area !== undefined) {
      const d = draftFor(keyOf(p.area, p.areaUrl), p.area, 'area');
      d.kind = 'area';
      if (p.areaUrl !== undefined) pushNew(d.urls, p.areaUrl);
      // The model has no URL field: the page's summary, sourced with the area URL, carries it.
      if (p.summary !== undefined && !d.senses.some((s) => s.text === p.summary)) {
        d.senses.push({ text: p.summary, ...(p.areaUrl !== undefined ? { source: p.areaUrl } : {}), area: p.area });
      }
      for (const f of p.facets) {
        if (!d.facets.some((x) => x.name === f.name && x.text === f.text)) d.facets.push(f);
      }
      for (const t of p.terms) if (formKey(t.name) !== formKey(p.area)) pushNew(d.related, t.name);
    }
    for (const t of p.terms) {
      const kind = kindOfUrl(t.url);
      const d = draftFor(keyOf(t.name, t.url), t.name, kind);
      d.kinds.add(kind);
      pushNew(d.urls, t.url);
      if (p.area !== undefined) pushNew(d.areas, p.area);
      if (t.definition !== '' && !d.senses.some((s) => s.text === t.definition)) {
        d.senses.push({ text: t.definition, source: t.url, ...(p.area !== undefined ? { area: p.area } : {}) });
      }
    }
  }

  const concepts: Concept[] = [];
  for (const d of drafts.values()) {
    const name = d.names[0] ?? '';
    // A linked-term kind only wins over an area; between /term/ and /definition/ links `term` wins.
    if (d.kind !== 'area') d.kind = d.kinds.has('term') ? 'term' : 'definition';
    if (d.kinds.size > 1) {
      report.push({
        severity: 'warning', code: 'import.kind-conflict',
        message: `"${name}" is linked both as a term and as a definition (${d.urls.join(', ')}); kind ${d.kind} is used`,
        terms: [name],
      });
    }
    const forms: TermForm[] = [{ text: name, status: 'preferred', type: 'fullForm' }];
    for (const other of d.names.slice(1)) {
      forms.push({ text: other, status: 'admitted', type: 'variant' });
      report.push({
        severity: 'warning', code: 'import.name-conflict',
        message: `${d.urls.join(', ')} is named both "${name}" and "${other}"; "${name}" is preferred, "${other}" kept as a variant`,
        terms: [name, other],
      });
    }
    if (d.senses.length > 1) {
      const areas = [...new Set(d.senses.map((s) => s.area ?? '?'))];
      report.push({
        severity: 'info', code: 'import.multiple-senses',
        message: `"${name}" has ${d.senses.length} different definitions (on ${areas.join(', ')}); all are kept as senses`,
        terms: [name],
      });
    }
    concepts.push({
      id: slugify(name), kind: d.kind, forms, senses: d.senses, facets: d.facets,
      related: d.related, areas: d.areas,
    });
  }
  return concepts.sort(compareConcepts);
}

function pushNew(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** Orders strings case-insensitively, then exactly (code-unit order), independent of locale. */
export function compareStrings(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

function compareConcepts(a: Concept, b: Concept): number {
  return compareStrings(a.forms[0]?.text ?? '', b.forms[0]?.text ?? '') || compareStrings(a.id, b.id);
}

// ---------------------------------------------------------------------------------------------
// Naming findings across all concepts

function namingFindings(concepts: readonly Concept[]): ImportFinding[] {
  const names = concepts.map((c) => c.forms[0]?.text ?? '');
  return [...spellingFindings(names), ...numberFindings(names), ...definitionNameFindings(concepts)];
}

/** Word pairs (adjacent words of a term) written with different separators or capitalisation. */
function spellingFindings(names: readonly string[]): ImportFinding[] {
  const pairs = new Map<string, Map<string, string[]>>();
  for (const name of names) {
    const parts = name.split(/([ \-]+)/);
    for (let i = 0; i + 2 < parts.length; i += 2) {
      const [w1, sep, w2] = [parts[i] ?? '', parts[i + 1] ?? '', parts[i + 2] ?? ''];
      if (w1 === '' || w2 === '') continue;
      const key = `${w1.toLowerCase()} ${w2.toLowerCase()}`;
      const written = `${w1}${sep}${w2}`;
      const variants = pairs.get(key) ?? new Map<string, string[]>();
      pairs.set(key, variants);
      const terms = variants.get(written) ?? [];
      variants.set(written, terms);
      if (!terms.includes(name)) terms.push(name);
    }
  }
  const out: ImportFinding[] = [];
  for (const key of [...pairs.keys()].sort(compareStrings)) {
    const variants = pairs.get(key);
    if (!variants || variants.size < 2) continue;
    const written = [...variants.keys()].sort(compareStrings);
    const detail = written.map((w) => `"${w}" (${(variants.get(w) ?? []).sort(compareStrings).join(', ')})`).join('; ');
    out.push({
      severity: 'warning', code: 'import.inconsistent-spelling',
      message: `the words "${key}" are written ${written.length} ways: ${detail}`,
      terms: [...new Set(written.flatMap((w) => variants.get(w) ?? []))].sort(compareStrings),
    });
  }
  return out;
}

/** A crude English singular of one lower-case word, used only to group names. */
function singular(word: string): string {
  if (/ies$/.test(word) && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word) && word.length > 3) return word.slice(0, -1);
  return word;
}

function words(name: string): string[] {
  return name.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** Names that differ only by the number (singular/plural) of a word. */
function numberFindings(names: readonly string[]): ImportFinding[] {
  const groups = new Map<string, string[]>();
  for (const name of names) {
    const key = words(name).map(singular).join(' ');
    const group = groups.get(key) ?? [];
    groups.set(key, group);
    group.push(name);
  }
  const out: ImportFinding[] = [];
  for (const key of [...groups.keys()].sort(compareStrings)) {
    const group = (groups.get(key) ?? []).sort(compareStrings);
    if (new Set(group.map((n) => words(n).join(' '))).size < 2) continue;
    out.push({
      severity: 'warning', code: 'import.number-variant',
      message: `these terms differ only by singular/plural: ${group.map((n) => `"${n}"`).join(', ')}`,
      terms: group,
    });
  }
  return out;
}

const ARTICLE = /^(the|a|an)$/i;

/**
 * Definitions that open with a run of capitalised words (after an optional article), two or more
 * of them not acronyms, containing a word the defined term lacks, e.g. "The Adaptive Volatility Oracle Framework
 * optimizes…" defining "Hybrid DeFi Model Optimization".
 */
function definitionNameFindings(concepts: readonly Concept[]): ImportFinding[] {
  const out: ImportFinding[] = [];
  for (const c of concepts) {
    const name = c.forms[0]?.text ?? '';
    const own = new Set(words(name).map(singular));
    for (const s of c.senses) {
      const tokens = s.text.split(/\s+/);
      let i = tokens[0] !== undefined && ARTICLE.test(tokens[0]) ? 1 : 0;
      const run: string[] = [];
      for (; i < tokens.length; i++) {
        const tok = tokens[i] ?? '';
        if (!/^\p{Lu}/u.test(tok)) break;
        const bare = tok.replace(/(['’]s?|[^\p{L}\p{N}])+$/u, '');
        run.push(bare);
        if (bare !== tok) break;
      }
      // Acronyms do not count: "Using AI to…" names no term.
      if (run.filter((w) => !/^[\p{Lu}\p{N}-]+$/u.test(w)).length < 2) continue;
      const named = run.join(' ');
      if (words(named).map(singular).every((w) => own.has(w))) continue;
      out.push({
        severity: 'warning', code: 'import.definition-names-other-term',
        message: `the definition of "${name}"${s.area ? ` on ${s.area}` : ''} starts by naming "${named}"`,
        terms: [name, named],
      });
    }
  }
  return out;
}
