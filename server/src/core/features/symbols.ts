/**
 * Symbols of the glossary: the outline of a glossary file (one symbol per entry, its forms as
 * children), read from the file's syntax tree so that it follows the text as typed, even while the
 * file breaks the schema; Workspace Symbols over the served concepts (the existing fuzzy search,
 * workspace glossaries first); and the code lens of an entry ("12 uses in 5 files"). Pure: text,
 * glossaries and offsets in, plain data out.
 */

import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseDocument, type Node as YamlNode } from 'yaml';
import type { CompiledGlossary } from '../glossary/compiled';
import { MAX_GLOSSARY_BYTES } from '../glossary/load';
import { preferredTerm } from '../glossary/model';
import { count } from '../text/count';
import { searchGlossary } from './search';

/** The fields of a glossary entry that hold forms, in the order a concept lists its forms. */
export const FORM_FIELDS = ['term', 'aliases', 'abbreviations', 'deprecated', 'forbidden'] as const;

/** One of {@link FORM_FIELDS}. */
export type OutlineFormField = (typeof FORM_FIELDS)[number];

/** A form as written in a glossary file. */
export interface OutlineForm {
  /** The form's text as the file writes it (untrimmed). */
  readonly text: string;
  readonly field: OutlineFormField;
  /** Offsets of the value (quotes included), `end` exclusive. */
  readonly start: number;
  readonly end: number;
}

/** One entry of a glossary file's `concepts` list. */
export interface GlossaryOutlineEntry {
  /** Its index in the list. */
  readonly index: number;
  /** Offsets of the whole entry. */
  readonly start: number;
  readonly end: number;
  /** The `kind` written, if any. */
  readonly kind?: string;
  /** The preferred term, when the entry has a string `term`. */
  readonly term?: OutlineForm;
  /** Every form (the term first), in {@link FORM_FIELDS} order. */
  readonly forms: readonly OutlineForm[];
}

/**
 * The entries of a glossary file (`uri` says whether it is JSON), from its syntax tree: any entry
 * that is a mapping, with the string forms it writes (a form may be a string or `{ form: … }`).
 * A file over the glossary size limit, or without a `concepts` list, has none.
 */
export function glossaryOutline(text: string, uri: string): GlossaryOutlineEntry[] {
  if (text.length > MAX_GLOSSARY_BYTES) return [];
  return /\.json$/i.test(uri.replace(/[?#].*$/, '')) ? jsonOutline(text) : yamlOutline(text);
}

function yamlOutline(text: string): GlossaryOutlineEntry[] {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const concepts = isMap(doc.contents) ? doc.contents.get('concepts', true) : undefined;
  if (!isSeq(concepts)) return [];
  const out: GlossaryOutlineEntry[] = [];
  concepts.items.forEach((item, index) => {
    if (!isMap(item) || !item.range) return;
    const forms: OutlineForm[] = [];
    for (const field of FORM_FIELDS) {
      const value = item.get(field, true);
      const values = field === 'term' ? [value] : isSeq(value) ? value.items : [];
      for (const v of values) {
        const scalar = isMap(v) ? v.get('form', true) : v;
        const form = yamlString(scalar as YamlNode | undefined);
        if (form) forms.push({ ...form, field });
      }
    }
    const kind = yamlString(item.get('kind', true) as YamlNode | undefined)?.text;
    const term = forms[0]?.field === 'term' ? forms[0] : undefined;
    let end = item.range[1];
    while (end > item.range[0] && /\s/.test(text[end - 1]!)) end--;
    out.push({ index, start: item.range[0], end, ...(kind !== undefined ? { kind } : {}), ...(term ? { term } : {}), forms });
  });
  return out;
}

function yamlString(node: YamlNode | undefined): { text: string; start: number; end: number } | undefined {
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
  return { text: node.value, start: node.range[0], end: node.range[1] };
}

function jsonOutline(text: string): GlossaryOutlineEntry[] {
  // jsonc-parser does not skip a byte order mark; a space in its place keeps every offset.
  const root = parseTree(text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text, [], { allowTrailingComma: true });
  const concepts = jsonProperty(root, 'concepts');
  if (concepts?.type !== 'array') return [];
  const out: GlossaryOutlineEntry[] = [];
  (concepts.children ?? []).forEach((item, index) => {
    if (item.type !== 'object') return;
    const forms: OutlineForm[] = [];
    for (const field of FORM_FIELDS) {
      const value = jsonProperty(item, field);
      const values = field === 'term' ? [value] : value?.type === 'array' ? (value.children ?? []) : [];
      for (const v of values) {
        const node = v?.type === 'object' ? jsonProperty(v, 'form') : v;
        if (node?.type === 'string') forms.push({ text: node.value as string, field, start: node.offset, end: node.offset + node.length });
      }
    }
    const kindNode = jsonProperty(item, 'kind');
    const term = forms[0]?.field === 'term' ? forms[0] : undefined;
    out.push({
      index,
      start: item.offset,
      end: item.offset + item.length,
      ...(kindNode?.type === 'string' ? { kind: kindNode.value as string } : {}),
      ...(term ? { term } : {}),
      forms,
    });
  });
  return out;
}

function jsonProperty(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  const property = node.children?.find((p) => p.children?.[0]?.value === key);
  return property?.children?.[1];
}

/** What a symbol stands for: a concept entry, an area entry, or one form of an entry. */
export type TermSymbolKind = 'concept' | 'area' | 'form';

/** A document symbol, by offsets. */
export interface TermSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: TermSymbolKind;
  /** The whole entry (or form). */
  readonly start: number;
  readonly end: number;
  /** What is selected when the symbol is picked: the term. */
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children?: readonly TermSymbol[];
}

const FIELD_LABELS: Readonly<Record<OutlineFormField, string>> = {
  term: 'preferred',
  aliases: 'alias',
  abbreviations: 'abbreviation',
  deprecated: 'deprecated',
  forbidden: 'forbidden',
};

/** Most form symbols listed under one entry: an entry may hold tens of thousands of aliases. */
const MAX_FORM_SYMBOLS = 200;

/** The outline of a glossary file: one symbol per entry with a term, its forms (the term first) as children. */
export function glossaryDocumentSymbols(entries: readonly GlossaryOutlineEntry[]): TermSymbol[] {
  return entries.flatMap((entry): TermSymbol[] => {
    const term = entry.term;
    if (!term) return [];
    const children = entry.forms.slice(0, MAX_FORM_SYMBOLS).map((f): TermSymbol => ({
      name: f.text.trim() || f.text,
      detail: FIELD_LABELS[f.field],
      kind: 'form',
      start: f.start,
      end: f.end,
      selectionStart: f.start,
      selectionEnd: f.end,
    }));
    const abbreviations = entry.forms.filter((f) => f.field === 'abbreviations').map((f) => f.text.trim());
    return [
      {
        name: term.text.trim() || term.text,
        ...(abbreviations.length > 0 ? { detail: abbreviations.slice(0, 5).join(', ') } : {}),
        kind: entry.kind === 'area' ? 'area' : 'concept',
        start: entry.start,
        end: Math.max(entry.end, term.end),
        selectionStart: term.start,
        selectionEnd: term.end,
        children,
      },
    ];
  });
}

/** Options of {@link workspaceSymbols}. */
export interface WorkspaceSymbolOptions {
  /** Whether concept `index` comes from a workspace glossary file (listed first). */
  readonly isWorkspace: (index: number) => boolean;
  /** Most symbols returned; default 100. */
  readonly limit?: number;
}

/**
 * The concepts Workspace Symbols lists for `query` (indexes into `glossary`): the fuzzy search of
 * Search Glossary (`search.ts`), concepts of workspace glossary files first, each group in the
 * search's order. An empty query lists workspace concepts, then bundled ones, alphabetically.
 */
export function workspaceSymbols(glossary: CompiledGlossary, query: string, options: WorkspaceSymbolOptions): number[] {
  const limit = options.limit ?? 100;
  let found: number[];
  if (query.trim() === '') {
    found = glossary.concepts.map((_, i) => i).sort((a, b) => preferredTerm(glossary.concepts[a]!).localeCompare(preferredTerm(glossary.concepts[b]!)));
  } else {
    // Ask for more than shown, so that bundled matches do not crowd out workspace ones.
    found = searchGlossary(glossary, query, limit * 4).flatMap((item) => {
      const index = glossary.indexOfId(item.id);
      return index === undefined ? [] : [index];
    });
  }
  const first = found.filter((i) => options.isWorkspace(i));
  const rest = found.filter((i) => !options.isWorkspace(i));
  return [...first, ...rest].slice(0, limit);
}

/** The title of an entry's code lens: `12 uses in 5 files`, `1 use in 1 file`, `no uses in the workspace`. */
export function usesTitle(uses: number, files: number): string {
  return uses === 0 ? 'no uses in the workspace' : `${count(uses, 'use')} in ${count(files, 'file')}`;
}
