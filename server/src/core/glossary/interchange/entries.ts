/**
 * From the concepts an importer read (drafts, as the source gives them) to glossary entries that
 * load without a problem: forms tidied and checked as the loader checks them, one concept per
 * preferred term, every form with one concept, related terms resolved to imported concepts and
 * sources that are URIs. Every change is a finding; nothing is rewritten silently except
 * whitespace in forms.
 */

import { phraseKey } from '../compiled';
import { formKey, type ConceptEntry, type DefinitionEntry, type ReasonFormEntry } from '../format';
import { preferredTerm, type Concept } from '../model';
import { describeInvisible, findInvisible } from '../invisible';
import { finding, type InterchangeFinding } from './findings';

/** A deprecated or forbidden form and why. */
export interface DraftReasonForm {
  readonly text: string;
  readonly reason?: string;
}

/** A definition as read, with its source if it has one. */
export interface DraftDefinition {
  readonly text: string;
  readonly source?: string;
}

/** A related concept as the source names it: by its id in the source (a TBX entry id, an RDF IRI) or by a term. */
export interface DraftRelated {
  readonly id?: string;
  readonly name?: string;
  /** A link that may well point outside the import (an RDF link): left out without a finding when it names no imported concept. */
  readonly quiet?: boolean;
}

/** A concept as an importer read it, before it is checked. */
export interface DraftConcept {
  /** How findings name the concept, e.g. `row 5`, `entry c12`, an IRI. */
  readonly where: string;
  /** One-based line of the concept in its input, when it has lines. */
  readonly line?: number;
  /** The concept's id in its source, which {@link DraftRelated.id} may name. */
  readonly sourceId?: string;
  term: string;
  aliases: string[];
  abbreviations: string[];
  deprecated: DraftReasonForm[];
  forbidden: DraftReasonForm[];
  definitions: DraftDefinition[];
  related: DraftRelated[];
  areas: string[];
  notes: string[];
  examples: string[];
}

/** An empty draft. */
export function draftConcept(where: string, term: string, line?: number, sourceId?: string): DraftConcept {
  return {
    where,
    ...(line !== undefined ? { line } : {}),
    ...(sourceId !== undefined ? { sourceId } : {}),
    term,
    aliases: [],
    abbreviations: [],
    deprecated: [],
    forbidden: [],
    definitions: [],
    related: [],
    areas: [],
    notes: [],
    examples: [],
  };
}

/** Options of {@link assembleEntries}. */
export interface AssembleOptions {
  /**
   * What two drafts with the same term (by `formKey`) are: `error` (CSV and TBX, where each row or
   * entry is one concept) or `merge` (SKOS and OWL, where vocabularies repeat a label across
   * modules): the later one's forms, definitions and details are added to the first.
   */
  readonly duplicates: 'error' | 'merge';
  /** Whether a missing or invalid term is an error (`true`) or skips the draft with a warning. */
  readonly strictTerms: boolean;
  /** The glossary the imported file will be served after (the bundled one), whose forms it should not claim again; default none. */
  readonly context?: ImportContext;
}

/** A form of a glossary the import is served after, as {@link importContext} finds it. */
export interface ContextForm {
  /** The preferred term of the concept the form belongs to. */
  readonly term: string;
  readonly preferred: boolean;
  /** `alias`, `abbreviation`, `deprecated form`, … for messages. */
  readonly role: string;
  /** Where the concept is, for messages, e.g. `bundled.glossary.json`. */
  readonly where: string;
}

/** The forms of a glossary the import is served after, by `formKey`. */
export type ImportContext = ReadonlyMap<string, ContextForm>;

/**
 * The forms of `concepts` (one layer, or layers already merged) by key: preferred terms first,
 * then other forms, the first claim of a key winning, as `mergeLayers` gives them out.
 */
export function importContext(concepts: readonly Concept[], where: string): ImportContext {
  const out = new Map<string, ContextForm>();
  for (const c of concepts) {
    const key = formKey(preferredTerm(c));
    if (!out.has(key)) out.set(key, { term: preferredTerm(c), preferred: true, role: 'term', where });
  }
  for (const c of concepts) {
    const term = preferredTerm(c);
    for (const f of c.forms) {
      if (f.status === 'preferred') continue;
      const key = formKey(f.text);
      const role = f.status === 'admitted' ? (f.type === 'abbreviation' ? 'abbreviation' : 'alias') : `${f.status} form`;
      if (!out.has(key)) out.set(key, { term, preferred: false, role, where });
    }
  }
  return out;
}

/** A definition source must be a URI, as the glossary schema requires. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

/** Whether `text` can be a definition's `source` (a URI, as the glossary schema has it). */
export function isUri(text: string): boolean {
  return URI.test(text);
}

/** A form as a glossary holds it: whitespace runs (line breaks included) made one space, trimmed. */
export function tidyForm(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Text of a definition, note or example: each line trimmed, blank lines at the ends dropped, line breaks kept. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
    .replace(/^\n+|\n+$/g, '')
    .replace(/\n{3,}/g, '\n\n');
}

type Status = 'admitted-variant' | 'admitted-abbreviation' | 'deprecated' | 'forbidden';

/** A checked concept being built. */
interface Built {
  readonly draft: DraftConcept;
  readonly term: string;
  readonly forms: { text: string; status: Status; reason?: string }[];
  readonly definitions: DraftDefinition[];
  readonly related: DraftRelated[];
  readonly areas: string[];
  readonly notes: string[];
  readonly examples: string[];
}

/**
 * Checks and converts drafts, in order. Findings name each draft by its `where`:
 * - a term that is empty or holds an invisible character: an error, or with `strictTerms: false`
 *   a warning and the draft skipped;
 * - a term already used by an earlier draft: see {@link AssembleOptions.duplicates};
 * - an alias, abbreviation, deprecated or forbidden form that holds an invisible character, or that
 *   another concept already has (preferred terms are claimed first, then forms in draft order): a
 *   warning, the form left out; a form listed twice in one draft is kept once, with a warning when
 *   the two listings disagree on its status;
 * - a definition source that is not a URI: a warning, the definition kept without it;
 * - a related term or id that names no imported concept: a warning, left out; related terms are
 *   written as the named concept's term.
 */
export function assembleEntries(drafts: readonly DraftConcept[], options: AssembleOptions): { entries: ConceptEntry[]; findings: InterchangeFinding[] } {
  const findings: InterchangeFinding[] = [];
  const built: Built[] = [];
  const byTerm = new Map<string, number>();
  const bySourceId = new Map<string, number>();

  for (const draft of drafts) {
    const term = tidyForm(draft.term);
    const problem = term === '' ? 'no term' : invisibleProblem(term);
    if (problem) {
      const what = term === '' ? problem : `the term "${term}" ${problem}`;
      findings.push(
        finding(
          options.strictTerms ? 'error' : 'warning',
          term === '' ? 'interchange.empty-term' : 'interchange.invalid-form',
          `${draft.where}: ${what}${options.strictTerms ? '' : '; skipped'}`,
          draft.line,
        ),
      );
      continue;
    }
    const key = formKey(term);
    const earlier = byTerm.get(key);
    if (earlier !== undefined) {
      const first = built[earlier]!;
      if (options.duplicates === 'error') {
        findings.push(finding('error', 'interchange.duplicate-term', `${draft.where}: the term "${term}" is already the term of ${first.draft.where}`, draft.line));
        continue;
      }
      findings.push(finding('info', 'interchange.duplicate-term', `${draft.where}: the term "${term}" is also the term of ${first.draft.where}; merged into it`, draft.line));
      addDetails(first, draft);
      if (draft.sourceId !== undefined && !bySourceId.has(draft.sourceId)) bySourceId.set(draft.sourceId, earlier);
      continue;
    }
    byTerm.set(key, built.length);
    if (draft.sourceId !== undefined && !bySourceId.has(draft.sourceId)) bySourceId.set(draft.sourceId, built.length);
    const b: Built = { draft, term, forms: [], definitions: [], related: [], areas: [], notes: [], examples: [] };
    addDetails(b, draft);
    built.push(b);
  }

  // The context's concepts that an imported one replaces (same term) claim nothing.
  const context = options.context;
  const claimedByContext = (key: string): ContextForm | undefined => {
    const c = context?.get(key);
    return c && !byTerm.has(formKey(c.term)) ? c : undefined;
  };
  for (const b of built) {
    const c = claimedByContext(formKey(b.term));
    if (c && !c.preferred) {
      findings.push(
        finding('warning', 'interchange.conflict', `${b.draft.where}: the term "${b.term}" is also ${article(c.role)} of "${c.term}" in ${c.where}; served together, it names this concept only`, b.draft.line),
      );
    }
  }

  // Forms: preferred terms are claimed first (above), then each concept's other forms in order.
  const owner = new Map<string, number>(byTerm);
  const entries: { built: Built; forms: Built['forms'] }[] = built.map((b, index) => {
    const kept: Built['forms'] = [];
    // Most concepts have a few forms: a list scanned is cheaper than a map per concept.
    const ownKeys = [formKey(b.term)];
    const ownStatus: Status[] = ['admitted-variant'];
    const ownMap = b.forms.length > 16 ? new Map<string, Status>([[ownKeys[0]!, 'admitted-variant']]) : undefined;
    const own = {
      get: (key: string): Status | undefined => (ownMap ? ownMap.get(key) : ownStatus[ownKeys.indexOf(key)]),
      set: (key: string, status: Status): void => {
        if (ownMap) ownMap.set(key, status);
        else {
          ownKeys.push(key);
          ownStatus.push(status);
        }
      },
    };
    for (const form of b.forms) {
      const text = tidyForm(form.text);
      if (text === '') continue;
      const bad = invisibleProblem(text);
      if (bad) {
        findings.push(finding('warning', 'interchange.invalid-form', `${b.draft.where}: the form "${text}" ${bad}; left out`, b.draft.line));
        continue;
      }
      const key = formKey(text);
      const mine = own.get(key);
      if (mine !== undefined) {
        if (mine !== form.status && key !== formKey(b.term)) {
          findings.push(finding('warning', 'interchange.conflict', `${b.draft.where}: "${text}" is listed twice, as ${describe(mine)} and as ${describe(form.status)}; kept as ${describe(mine)}`, b.draft.line));
        }
        continue;
      }
      const inContext = claimedByContext(key);
      if (inContext) {
        findings.push(
          finding('warning', 'interchange.conflict', `${b.draft.where}: "${text}" is already ${article(inContext.role)} of "${inContext.term}" in ${inContext.where}; left out`, b.draft.line),
        );
        continue;
      }
      const other = owner.get(key);
      if (other !== undefined && other !== index) {
        const o = built[other]!;
        findings.push(finding('warning', 'interchange.conflict', `${b.draft.where}: "${text}" is already a form of "${o.term}" (${o.draft.where}); left out`, b.draft.line));
        continue;
      }
      owner.set(key, index);
      own.set(key, form.status);
      kept.push(form.reason !== undefined ? { text, status: form.status, reason: form.reason } : { text, status: form.status });
    }
    return { built: b, forms: kept };
  });

  const out: ConceptEntry[] = entries.map(({ built: b, forms }, index) => {
    const entry: { -readonly [K in keyof ConceptEntry]: ConceptEntry[K] } = { term: b.term };
    const pick = (status: Status): string[] => forms.filter((f) => f.status === status).map((f) => f.text);
    const reasoned = (status: Status): ReasonFormEntry[] =>
      forms.filter((f) => f.status === status).map((f) => (f.reason ? { form: f.text, reason: f.reason } : f.text));
    const aliases = pick('admitted-variant');
    if (aliases.length) entry.aliases = aliases;
    const abbreviations = pick('admitted-abbreviation');
    if (abbreviations.length) entry.abbreviations = abbreviations;
    const deprecated = reasoned('deprecated');
    if (deprecated.length) entry.deprecated = deprecated;
    const forbidden = reasoned('forbidden');
    if (forbidden.length) entry.forbidden = forbidden;
    const definitions = definitionEntries(b, findings);
    if (definitions.length) entry.definitions = definitions;
    if (b.examples.length) entry.examples = [...b.examples];
    if (b.notes.length) entry.notes = [...b.notes];
    const related = resolveRelated(b, index, built, byTerm, owner, bySourceId, findings);
    if (related.length) entry.related = related;
    if (b.areas.length) entry.areas = [...b.areas];
    return entry;
  });
  return { entries: out, findings };
}

/** `the term`, `an alias`, `a deprecated form`. */
function article(role: string): string {
  return role === 'term' ? 'the term' : /^[aeiou]/.test(role) ? `an ${role}` : `a ${role}`;
}

function describe(status: Status): string {
  return status === 'admitted-variant' ? 'an alias' : status === 'admitted-abbreviation' ? 'an abbreviation' : status;
}

/** Why a form cannot be held, or undefined when it can. */
function invisibleProblem(text: string): string | undefined {
  const found = findInvisible(text);
  return found ? describeInvisible(found) : undefined;
}

/** Adds a draft's forms and details to a concept being built (its own, or the one it is merged into). */
function addDetails(b: Built, draft: DraftConcept): void {
  if (b.draft !== draft) b.forms.push({ text: draft.term, status: 'admitted-variant' });
  for (const a of draft.aliases) b.forms.push({ text: a, status: 'admitted-variant' });
  for (const a of draft.abbreviations) b.forms.push({ text: a, status: 'admitted-abbreviation' });
  for (const d of draft.deprecated) b.forms.push(withReason(d, 'deprecated'));
  for (const d of draft.forbidden) b.forms.push(withReason(d, 'forbidden'));
  b.definitions.push(...draft.definitions);
  b.related.push(...draft.related);
  addUnique(b.areas, draft.areas.map(tidyForm));
  addUnique(b.notes, draft.notes.map(tidyText));
  addUnique(b.examples, draft.examples.map(tidyText));
}

function withReason(d: DraftReasonForm, status: 'deprecated' | 'forbidden'): Built['forms'][number] {
  const reason = d.reason === undefined ? '' : tidyText(d.reason);
  return reason !== '' ? { text: d.text, status, reason } : { text: d.text, status };
}

/** Appends the non-empty items of `items` not yet in `list`. */
function addUnique(list: string[], items: readonly string[]): void {
  for (const item of items) if (item !== '' && !list.includes(item)) list.push(item);
}

function definitionEntries(b: Built, findings: InterchangeFinding[]): DefinitionEntry[] {
  const out: DefinitionEntry[] = [];
  const seen = new Set<string>();
  for (const d of b.definitions) {
    const text = tidyText(d.text);
    if (text === '') continue;
    let source = d.source?.trim();
    if (source === '') source = undefined;
    if (source !== undefined && !isUri(source)) {
      findings.push(finding('warning', 'interchange.source', `${b.draft.where}: the source "${clip(source)}" is not a URI; the definition is kept without it`, b.draft.line));
      source = undefined;
    }
    const key = `${text}\u0000${source ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(source !== undefined ? { text, source } : text);
  }
  return out;
}

function resolveRelated(
  b: Built,
  index: number,
  built: readonly Built[],
  byTerm: ReadonlyMap<string, number>,
  owner: ReadonlyMap<string, number>,
  bySourceId: ReadonlyMap<string, number>,
  findings: InterchangeFinding[],
): string[] {
  const out: string[] = [];
  for (const r of b.related) {
    let target: number | undefined;
    if (r.id !== undefined) target = bySourceId.get(r.id);
    if (target === undefined && r.name !== undefined) {
      const key = formKey(tidyForm(r.name));
      target = byTerm.get(key) ?? owner.get(key);
    }
    if (target === undefined) {
      if (r.quiet) continue;
      const named = r.name !== undefined && tidyForm(r.name) !== '' ? `"${tidyForm(r.name)}"` : `"${r.id ?? ''}"`;
      findings.push(finding('warning', 'interchange.unknown-related', `${b.draft.where}: the related term ${named} names no imported concept; left out`, b.draft.line));
      continue;
    }
    if (target === index) continue;
    // The name as the source writes it, when it is a form of the concept (names are not rewritten); else the concept's term.
    const t = built[target]!;
    const name = r.name === undefined ? '' : tidyForm(r.name);
    const shown = name !== '' && (name === t.term || namesForm(t, phraseKey(name))) ? name : t.term;
    if (!out.some((o) => o === shown || phraseKey(o) === phraseKey(shown))) out.push(shown);
  }
  return out;
}

/** Whether a concept being built has a form whose phrase key is `key`. */
function namesForm(b: Built, key: string): boolean {
  if (phraseKey(b.term) === key) return true;
  for (const f of b.forms) if (phraseKey(tidyForm(f.text)) === key) return true;
  return false;
}

/** `text` cut to 80 characters for a message. */
export function clip(text: string, max = 80): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length <= max ? one : `${one.slice(0, max - 1)}…`;
}
