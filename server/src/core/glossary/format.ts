/**
 * The glossary file format (`*.glossary.yaml`, `*.glossary.yml`, `*.glossary.json`) and its mapping
 * to the shared data model. The JSON Schema `glossary/termlens.glossary.schema.json` describes the
 * same format for editors and for validation; keep the two in step.
 */

import type { Concept, ConceptKind, ConceptStatus, Facet, Origin, Sense, TermForm } from './model';

/** A glossary file as written on disk. */
export interface GlossaryFile {
  /** Optional path or URL of the JSON Schema, for editors. */
  readonly $schema?: string;
  /** Optional format version; only `1` is valid. */
  readonly version?: 1;
  /** Optional display name of the glossary. */
  readonly name?: string;
  readonly concepts: readonly ConceptEntry[];
}

/**
 * An admitted form (alias or abbreviation): a string or `{ form, note?, caseSensitive? }`. The
 * note is not kept. `caseSensitive` overrides the concept's (see {@link ConceptEntry.caseSensitive}).
 */
export type FormEntry = string | { readonly form: string; readonly note?: string; readonly caseSensitive?: boolean };

/** A deprecated or forbidden form: a string or `{ form, reason?, caseSensitive? }`. */
export type ReasonFormEntry = string | { readonly form: string; readonly reason?: string; readonly caseSensitive?: boolean };

/** A definition: a string or `{ text, source?, area? }`; `source` is a URI. */
export type DefinitionEntry =
  | string
  | { readonly text: string; readonly source?: string; readonly area?: string };

/** A named detail section. */
export interface FacetEntry {
  readonly name: string;
  readonly text: string;
}

/** One concept as written in a glossary file. Only `term` is required. */
export interface ConceptEntry {
  /** The preferred form (TBX `preferred`, type full form). */
  readonly term: string;
  /** Stable identifier; default `slugify(term)`. */
  readonly id?: string;
  /** Default `'term'`. */
  readonly kind?: ConceptKind;
  /** Admitted variants (TBX `admitted`, type variant). */
  readonly aliases?: readonly FormEntry[];
  /** Admitted abbreviations (TBX `admitted`, type abbreviation). */
  readonly abbreviations?: readonly FormEntry[];
  /** TBX `deprecated` forms (type variant). */
  readonly deprecated?: readonly ReasonFormEntry[];
  /** TBX `forbidden` forms (type variant). */
  readonly forbidden?: readonly ReasonFormEntry[];
  readonly definitions?: readonly DefinitionEntry[];
  readonly facets?: readonly FacetEntry[];
  /** Preferred terms (or ids) of related concepts. */
  readonly related?: readonly string[];
  /** Names of the areas the concept belongs to. */
  readonly areas?: readonly string[];
  /** Its one-word forms are also ordinary English words: matched only near other finance vocabulary. Default false. */
  readonly common?: boolean;
  /** `proposed`: shown in hovers and completions, never enforced by diagnostics. Default: absent, an established concept. */
  readonly status?: ConceptStatus;
  /**
   * Whether the concept's forms, the preferred term included, match only as written, letter case
   * included (`IPv4`, `SPAN`, `Put`). A form written as an object may set its own `caseSensitive`,
   * which wins. Default false.
   */
  readonly caseSensitive?: boolean;
  /** Usage examples, shown in hovers (the first three). Default: none. */
  readonly examples?: readonly string[];
  /** Free-form notes: one string or a list. Shown in hovers after the definitions. Default: none. */
  readonly notes?: string | readonly string[];
}

/** The fields of a `ConceptEntry` that hold forms, in the order their forms appear in a `Concept`. */
export type FormField = 'term' | 'aliases' | 'abbreviations' | 'deprecated' | 'forbidden';

/** A zero-based offset range into a glossary file, `end` exclusive. */
export interface FormLocation {
  readonly start: number;
  readonly end: number;
}

/** Options of {@link conceptFromEntry}. */
export interface ConceptFromEntryOptions {
  /** Where the entry was read from; default: none. */
  readonly origin?: Origin;
  /**
   * Locates the form at `index` of `field` (index 0 for `term`), or the related entry at `index`
   * of `related`, in the file; default: forms get no `loc` and the concept no `relatedLocs`.
   */
  readonly locate?: (field: FormField | 'related', index: number) => FormLocation | undefined;
}

/** Forms of one entry compared one by one; past this many they are found by hash. */
const SCAN_FORMS = 16;

/** The empty list every concept without facets, related concepts or areas shares. */
const NONE: readonly never[] = Object.freeze([]);

/**
 * The concept an entry describes. Forms are trimmed; the preferred form comes first, then aliases,
 * abbreviations, deprecated and forbidden forms. A form written twice in one entry (same
 * {@link formKey}) is kept once, with its first status. Notes are not kept. Empty lists are one
 * shared frozen array, and an entry's `areas` list is the concept's when it needs no trimming.
 */
export function conceptFromEntry(entry: ConceptEntry, options: ConceptFromEntryOptions = {}): Concept {
  const { origin, locate } = options;
  const forms: TermForm[] = [];
  // Keys are compared by hash first, so that most forms never have their key built. Most entries
  // have a few forms, compared with each earlier one; an entry may have tens of thousands, so past
  // SCAN_FORMS forms they are found by hash (a form number, or a list of them when hashes collide).
  const hashes: number[] = [];
  let byHash: Map<number, number | number[]> | undefined;
  const remember = (k: number): void => {
    const same = byHash!.get(hashes[k]!);
    byHash!.set(hashes[k]!, same === undefined ? k : typeof same === 'number' ? [same, k] : (same.push(k), same));
  };
  // Two forms with one key are one form, unless either is case-sensitive and their cases differ
  // (`IPv4` and a deprecated `ipv4`).
  const sameForm = (k: number, trimmed: string, key: string, caseSensitive: boolean): boolean => {
    const form = forms[k]!;
    if (formKey(form.text) !== key) return false;
    return !(caseSensitive || form.caseSensitive) || caseKey(form.text) === caseKey(trimmed);
  };
  const known = (trimmed: string, hash: number, caseSensitive: boolean): boolean => {
    if (!byHash) {
      for (let k = 0; k < forms.length; k++) {
        if (hashes[k] === hash && sameForm(k, trimmed, formKey(trimmed), caseSensitive)) return true;
      }
      return false;
    }
    const same = byHash.get(hash);
    if (same === undefined) return false;
    const key = formKey(trimmed);
    if (typeof same === 'number') return sameForm(same, trimmed, key, caseSensitive);
    return same.some((k) => sameForm(k, trimmed, key, caseSensitive));
  };
  const add = (
    field: FormField,
    index: number,
    text: string,
    status: TermForm['status'],
    type: TermForm['type'],
    caseSensitive: boolean,
    reason?: string,
  ): void => {
    const trimmed = text.trim();
    const hash = formKeyHash(trimmed);
    if (known(trimmed, hash, caseSensitive)) return;
    hashes.push(hash);
    if (byHash) remember(hashes.length - 1);
    else if (hashes.length === SCAN_FORMS) {
      byHash = new Map();
      for (let k = 0; k < hashes.length; k++) remember(k);
    }
    const loc = locate?.(field, index);
    // One literal per shape keeps each form a small object with its fields in place.
    const hasReason = reason !== undefined && reason !== '';
    let form: TermForm;
    if (loc) form = hasReason ? { text: trimmed, status, type, reason, loc } : { text: trimmed, status, type, loc };
    else form = hasReason ? { text: trimmed, status, type, reason } : { text: trimmed, status, type };
    forms.push(caseSensitive ? { ...form, caseSensitive: true } : form);
  };
  const cs = entry.caseSensitive === true;
  const formCase = (f: FormEntry | ReasonFormEntry): boolean => (typeof f === 'string' || f.caseSensitive === undefined ? cs : f.caseSensitive);
  add('term', 0, entry.term, 'preferred', 'fullForm', cs);
  entry.aliases?.forEach((a, i) => add('aliases', i, formText(a), 'admitted', 'variant', formCase(a)));
  entry.abbreviations?.forEach((a, i) => add('abbreviations', i, formText(a), 'admitted', 'abbreviation', formCase(a)));
  entry.deprecated?.forEach((d, i) =>
    add('deprecated', i, formText(d), 'deprecated', 'variant', formCase(d), typeof d === 'string' ? undefined : d.reason),
  );
  entry.forbidden?.forEach((d, i) =>
    add('forbidden', i, formText(d), 'forbidden', 'variant', formCase(d), typeof d === 'string' ? undefined : d.reason),
  );

  const senses: readonly Sense[] = listOf(entry.definitions, (d) =>
    typeof d === 'string' ? { text: d.trim() } : sense(d.text.trim(), d.source, d.area?.trim() || undefined),
  );
  const facets: readonly Facet[] = listOf(entry.facets, (f) => ({ name: f.name.trim(), text: f.text }));
  const related = listOf(entry.related, (r) => r.trim());
  const relatedLocs = locate && related.length > 0 ? related.map((_, i) => locate('related', i)) : undefined;
  const id = entry.id?.trim() || slugify(entry.term);
  const kind = entry.kind ?? 'term';
  // A grown array keeps spare room; its copy is exactly as long as it needs to be.
  const exactForms = forms.slice();
  const areas = entry.areas?.every((a) => a === a.trim()) ? (entry.areas.length > 0 ? entry.areas : NONE) : listOf(entry.areas, (a) => a.trim());
  if (entry.common === true || entry.status !== undefined || entry.examples !== undefined || entry.notes !== undefined) {
    const concept: Concept = relatedLocs
      ? { id, kind, forms: exactForms, senses, facets, related, relatedLocs, areas, ...details(entry) }
      : { id, kind, forms: exactForms, senses, facets, related, areas, ...details(entry) };
    return origin ? { ...concept, origin } : concept;
  }
  // One literal per shape (rather than spreads) keeps concepts small and quick to build.
  if (relatedLocs) {
    return origin
      ? { id, kind, forms: exactForms, senses, facets, related, relatedLocs, areas, origin }
      : { id, kind, forms: exactForms, senses, facets, related, relatedLocs, areas };
  }
  return origin ? { id, kind, forms: exactForms, senses, facets, related, areas, origin } : { id, kind, forms: exactForms, senses, facets, related, areas };
}

/** The rarer optional fields of a concept, only those set: `common`, `examples`, `notes`, `status`. */
function details(entry: ConceptEntry): Pick<Concept, 'common' | 'examples' | 'notes' | 'status'> {
  const out: { -readonly [K in 'common' | 'examples' | 'notes' | 'status']?: Concept[K] } = {};
  if (entry.common === true) out.common = true;
  const examples = texts(entry.examples);
  if (examples) out.examples = examples;
  const notes = texts(typeof entry.notes === 'string' ? [entry.notes] : entry.notes);
  if (notes) out.notes = notes;
  if (entry.status === 'proposed') out.status = 'proposed';
  return out;
}

/** The trimmed, non-empty strings of `items`, or undefined when none is left. */
function texts(items: readonly string[] | undefined): readonly string[] | undefined {
  const kept = items?.map((t) => t.trim()).filter((t) => t !== '');
  return kept && kept.length > 0 ? kept : undefined;
}

/** A form's text with its separators folded as in {@link formKey} but its case kept: how a case-sensitive form is compared. */
export function caseKey(text: string): string {
  return text.replace(FORM_SEPARATORS, ' ').trim();
}

/** A sense with only the fields given. */
function sense(text: string, source: string | undefined, area: string | undefined): Sense {
  if (source !== undefined) return area !== undefined ? { text, source, area } : { text, source };
  return area !== undefined ? { text, area } : { text };
}

/** `items` mapped, or the shared empty list. */
function listOf<T, U>(items: readonly T[] | undefined, map: (item: T) => U): readonly U[] {
  return items && items.length > 0 ? items.map(map) : NONE;
}

function formText(entry: FormEntry | ReasonFormEntry): string {
  return typeof entry === 'string' ? entry : entry.form;
}

/**
 * The file entry describing a concept: the inverse of {@link conceptFromEntry}, used to write
 * glossary files. Output is compact and deterministic: keys in a fixed order (`term`, `id`, `kind`,
 * `aliases`, `abbreviations`, `deprecated`, `forbidden`, `definitions`, `facets`, `related`,
 * `areas`), empty lists and default values (`kind: term`, an `id` equal to the term's slug) left
 * out, and plain strings wherever an object would carry only the form or text.
 *
 * Forms other than the preferred one that are not deprecated or forbidden become aliases, or
 * abbreviations when typed `abbreviation`; the type of deprecated and forbidden forms, origins and
 * form locations are not written. `status`, `caseSensitive` (after `kind`) and `examples`, `notes`
 * (after `definitions`) are written only when set: a case-sensitive preferred term makes the
 * entry's `caseSensitive: true`, and a form whose case policy differs from the entry's becomes an
 * object with its own `caseSensitive`.
 */
export function entryFromConcept(concept: Concept): ConceptEntry {
  const preferred = concept.forms.find((f) => f.status === 'preferred') ?? concept.forms[0];
  if (!preferred) throw new Error(`concept ${concept.id} has no forms`);
  const others = concept.forms.filter((f) => f !== preferred);
  const admitted = others.filter((f) => f.status !== 'deprecated' && f.status !== 'forbidden');
  const aliases = admitted.filter((f) => f.type !== 'abbreviation');
  const abbreviations = admitted.filter((f) => f.type === 'abbreviation');
  const cs = preferred.caseSensitive === true;
  // A form whose case policy is not the entry's carries its own.
  const own = (f: TermForm): { caseSensitive?: boolean } => ((f.caseSensitive === true) !== cs ? { caseSensitive: f.caseSensitive === true } : {});
  const plain = (f: TermForm): FormEntry => ((f.caseSensitive === true) !== cs ? { form: f.text, ...own(f) } : f.text);
  const withReason = (f: TermForm): ReasonFormEntry => (f.reason ? { form: f.text, reason: f.reason, ...own(f) } : plain(f));

  const entry: {
    -readonly [K in keyof ConceptEntry]: ConceptEntry[K];
  } = { term: preferred.text };
  if (concept.id !== slugify(preferred.text)) entry.id = concept.id;
  if (concept.kind !== 'term') entry.kind = concept.kind;
  if (concept.common) entry.common = true;
  if (concept.status) entry.status = concept.status;
  if (cs) entry.caseSensitive = true;
  if (aliases.length) entry.aliases = aliases.map(plain);
  if (abbreviations.length) entry.abbreviations = abbreviations.map(plain);
  const deprecated = others.filter((f) => f.status === 'deprecated');
  if (deprecated.length) entry.deprecated = deprecated.map(withReason);
  const forbidden = others.filter((f) => f.status === 'forbidden');
  if (forbidden.length) entry.forbidden = forbidden.map(withReason);
  if (concept.senses.length) {
    entry.definitions = concept.senses.map((s) =>
      s.source === undefined && s.area === undefined
        ? s.text
        : {
            text: s.text,
            ...(s.source !== undefined ? { source: s.source } : {}),
            ...(s.area !== undefined ? { area: s.area } : {}),
          },
    );
  }
  if (concept.examples?.length) entry.examples = [...concept.examples];
  if (concept.notes?.length) entry.notes = [...concept.notes];
  if (concept.facets.length) entry.facets = concept.facets.map((f) => ({ name: f.name, text: f.text }));
  if (concept.related.length) entry.related = [...concept.related];
  if (concept.areas.length) entry.areas = [...concept.areas];
  return entry;
}

/**
 * The default id of a concept: the term lowercased, accents removed, and every run of characters
 * other than letters and digits turned into one `-`, e.g. `Black-Scholes-Merton Model` →
 * `black-scholes-merton-model`, `S&P 500` → `s-p-500`. A term with no letters or digits gets its
 * code points in hex, e.g. `%` → `u25`.
 */
export function slugify(term: string): string {
  // Printable ASCII has no accents to remove, and its letters and digits are a-z and 0-9 once lowercased.
  const slug = PRINTABLE_ASCII.test(term)
    ? term.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    : term
        .normalize('NFKD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, '-')
        .replace(/^-+|-+$/g, '');
  if (slug) return slug;
  return 'u' + [...term.trim()].map((c) => (c.codePointAt(0) ?? 0).toString(16)).join('-');
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The key under which forms are compared: lowercased, with hyphens, en dashes (U+2013), U+2010,
 * U+2011 and whitespace — any run of them — turned into one space, and trimmed. So
 * `Black-Scholes Model`, `black scholes  model` and `Black–Scholes-Model` share a key.
 */
export function formKey(text: string): string {
  const lower = text.toLowerCase();
  return isKeyShaped(lower) ? lower : lower.replace(FORM_SEPARATORS, ' ').trim();
}

const FORM_SEPARATORS = /[\s\-\u2010\u2011\u2013]+/g;
const FORM_SEPARATOR = /[\s\-\u2010\u2011\u2013]/;

/**
 * Whether `text` is already a form key: its only separators are single spaces between other
 * characters. Most forms are, and checking is faster than rewriting them.
 */
function isKeyShaped(text: string): boolean {
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      if (i === 0 || i === last || text.charCodeAt(i + 1) === 0x20) return false;
    } else if (c === 0x2d || (c >= 0x09 && c <= 0x0d) || (c >= 0x80 && FORM_SEPARATOR.test(text[i]!))) {
      return false;
    }
  }
  return true;
}

/**
 * A 32-bit FNV-1a hash of `formKey(text)`. For ASCII text the key is never built: case and runs
 * of separators are folded while hashing; other text is hashed through its key.
 */
export function formKeyHash(text: string): number {
  let hash = 0x811c9dc5;
  let space = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0x80) return stringHash(formKey(text));
    if (c === 0x20 || c === 0x2d /* - */ || (c >= 0x09 && c <= 0x0d)) {
      space = started;
      continue;
    }
    if (space) {
      hash = Math.imul(hash ^ 0x20, 0x01000193);
      space = false;
    }
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    hash = Math.imul(hash ^ c, 0x01000193);
    started = true;
  }
  return hash;
}

function stringHash(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return hash;
}
