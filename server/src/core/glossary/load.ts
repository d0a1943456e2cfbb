/**
 * Reading one glossary file: YAML or JSON text in, concepts and located problems out. Validation
 * uses the JSON Schema that editors use, so the two never disagree.
 */

import type { ErrorObject } from 'ajv';
import { firstLine, readJson, readYaml, schemaProblem, schemaValidator, type SourceMap } from './sourceMap';
import { validateGlossaryFile } from './schemaValidators.generated';
import { describeInvisible, findInvisible, INVISIBLE_PATTERN_MESSAGE } from './invisible';
import { JsonPositions, parsePlainJson } from './jsonPositions';
import { LineIndex } from '../text/lineIndex';
import { FormKeyTable } from './keyTable';
import { conceptFromEntry, type ConceptEntry, type FormField, type FormLocation, type GlossaryFile } from './format';
import { preferredTerm, type Concept, type GlossaryFileResult, type GlossaryProblem, type TermForm } from './model';

export { formKey } from './format';

/** Files larger than this many bytes (50 MB) are not parsed; they get one `glossary.unreadable` problem. */
export const MAX_GLOSSARY_BYTES = 50 * 1024 * 1024;

/** At most this many schema problems (100) are reported per file, plus one saying how many were left out. */
export const MAX_SCHEMA_PROBLEMS = 100;

const validate = schemaValidator(validateGlossaryFile);

/**
 * Reads a glossary file. `.json` URIs are read as strict JSON (no comments, no trailing commas):
 * with `JSON.parse` when the schema accepts the data as it is, positions then found only when
 * asked for (`jsonPositions.ts`); anything else through `jsonc-parser` (the `yaml` package is
 * several times slower, too slow for a large bundled glossary), which locates its problems.
 * Other URIs are read as YAML (1.2 core schema, anchors, aliases and `<<` merge keys allowed) with
 * the `yaml` package. Every form and entry has its position either way. Never throws.
 *
 * Problems, each located at the offending text:
 * - `glossary.syntax` (error): the text is not valid YAML/JSON (for JSON: the first error only,
 *   including a repeated member name or nesting over 1000 levels), or has too many alias
 *   expansions; YAML warnings (e.g. unknown tags) are reported as warnings;
 * - `glossary.schema` (error): a value does not match `termlens.glossary.schema.json`, or a form
 *   or related term contains an invisible character (`invisible.ts`: zero-width spaces, direction
 *   marks and overrides, soft hyphens, …), named in the message: `concepts[0].aliases[1]: contains
 *   an invisible character U+200B (ZERO WIDTH SPACE)`;
 * - `glossary.duplicate` (error): a preferred term already defined earlier in the file;
 * - `glossary.conflict` (error): a form already claimed by an earlier concept of the file;
 * - `glossary.unreadable` (error): the file is over {@link MAX_GLOSSARY_BYTES}.
 *
 * Messages name the field, e.g. `concepts[3].aliases[0]: must be a string or an object with "form"`
 * or `concepts[0]: unknown field "defintions" (did you mean "definitions"?)`.
 *
 * When there is any error, `concepts` is empty: the file as a whole is unusable until fixed.
 * Otherwise every concept has an `origin` (`uri` and the zero-based line of its entry) and every
 * form read from the file has a `loc` (and every `related` entry one in `relatedLocs`).
 */
export function parseGlossaryText(text: string, uri: string): GlossaryFileResult {
  try {
    return parse(text, uri);
  } catch (error) {
    // Defensive: nothing above is expected to throw, but a glossary must never take the server down.
    const reason = error instanceof Error ? error.message : String(error);
    return fileProblem(uri, 'glossary.unreadable', `Could not read the glossary: ${reason}`);
  }
}

function fileProblem(uri: string, code: GlossaryProblem['code'], message: string): GlossaryFileResult {
  return { uri, concepts: [], problems: [{ code, message, uri, start: 0, end: 0, severity: 'error' }] };
}

function parse(text: string, uri: string): GlossaryFileResult {
  if (text.length > MAX_GLOSSARY_BYTES || Buffer.byteLength(text, 'utf8') > MAX_GLOSSARY_BYTES) {
    return fileProblem(uri, 'glossary.unreadable', 'The glossary file is larger than 50 MB and was not read.');
  }
  const json = /\.json$/i.test(uri.replace(/[?#].*$/, ''));
  const problems: GlossaryProblem[] = [];
  const problem = (
    code: GlossaryProblem['code'],
    message: string,
    start: number,
    end: number,
    severity: GlossaryProblem['severity'] = 'error',
  ): void => {
    // Some YAML errors point one past the end of the text.
    const from = Math.min(Math.max(start, 0), text.length);
    problems.push({ code, message, uri, start: from, end: Math.min(Math.max(from, end), text.length), severity });
  };

  if (json) {
    const plain = readPlainJson(text, uri);
    if (plain) return checked(text, uri, plain.concepts, plain.entryStart, problems, problem);
  }
  const read = json ? readJson(text) : readYaml(text);
  for (const p of read.problems) problem('glossary.syntax', p.message, p.start, p.end, p.severity);
  if (!read.source) return { uri, concepts: [], problems };
  const { data, source } = read;

  const errors = validate(data);
  if (errors.length) {
    const seen = new Set<string>();
    let reported = 0;
    for (const error of errors) {
      const p = schemaProblem(error, source, text);
      p.message = namingInvisible(error, p.message);
      const key = `${p.start}:${p.end}:${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (reported++ < MAX_SCHEMA_PROBLEMS) problem('glossary.schema', p.message, p.start, p.end);
    }
    if (reported > MAX_SCHEMA_PROBLEMS) {
      problem('glossary.schema', `${reported - MAX_SCHEMA_PROBLEMS} more schema problems are not shown.`, 0, 0);
    }
    problems.sort((a, b) => a.start - b.start);
    return { uri, concepts: [], problems };
  }

  const entries = (data as GlossaryFile).concepts;
  invisibleProblems(entries, source, text, problem);
  const lines = new LineIndex(text);
  const entryStarts: number[] = [];
  const concepts: Concept[] = entries.map((entry, i) => {
    const at = source.find(['concepts', i]);
    entryStarts.push(at.exact ? at.start : 0);
    const locate = (field: FormField | 'related', index: number): FormLocation | undefined => {
      const value = field === 'term' ? entry.term : entry[field]?.[index];
      const path = field === 'term' ? ['concepts', i, field] : ['concepts', i, field, index];
      const found = source.find(typeof value === 'object' ? [...path, 'form'] : path);
      return found.exact ? { start: found.start, end: found.end } : undefined;
    };
    return conceptFromEntry(entry, { origin: { uri, line: lines.lineOf(entryStarts[i] ?? 0) }, locate });
  });
  return checked(text, uri, concepts, (i) => entryStarts[i] ?? 0, problems, problem);
}

/**
 * The concepts of a JSON glossary that `JSON.parse` reads and the schema accepts as it is, with
 * no invisible character in a form or related term (see {@link invisibleProblems}); undefined
 * for any other text, which the general reader reads and reports. Positions are found when asked
 * for (see `JsonPositions`).
 */
function readPlainJson(text: string, uri: string): { concepts: Concept[]; entryStart: (index: number) => number } | undefined {
  const data = parsePlainJson(text);
  if (data === undefined || validate(data).length > 0) return undefined;
  const entries = (data as GlossaryFile).concepts;
  if (entries.some(hasInvisible)) return undefined;
  const positions = new JsonPositions(text);
  const shared = new SharedStrings();
  const concepts = entries.map((entry, i) => {
    shared.intern(entry);
    positions.enter(entry);
    return conceptFromEntry(entry, { origin: positions.origin(uri, i), locate: positions.locate });
  });
  return { concepts, entryStart: (i) => positions.entryStart(i) };
}

/**
 * One string per area name and one list per list of area names: `JSON.parse` gives every entry
 * copies of its own, and area names repeat across thousands of concepts.
 */
class SharedStrings {
  private readonly names = new Map<string, string>();
  private readonly lists = new Map<string, readonly string[]>();

  /** Replaces the area names and lists of `entry` (fresh from `JSON.parse`) by shared ones. */
  intern(entry: ConceptEntry): void {
    const mutable = entry as { -readonly [K in keyof ConceptEntry]: ConceptEntry[K] };
    if (entry.areas && entry.areas.length > 0) {
      const key = entry.areas.join('\n');
      let list = this.lists.get(key);
      if (!list) this.lists.set(key, (list = Object.freeze(entry.areas.map((a) => this.name(a)))));
      mutable.areas = list;
    }
    for (const d of entry.definitions ?? []) {
      if (typeof d === 'object' && d.area !== undefined) (d as { area: string }).area = this.name(d.area);
    }
  }

  private name(value: string): string {
    const known = this.names.get(value);
    if (known !== undefined) return known;
    this.names.set(value, value);
    return value;
  }
}

/** Whether a form or related term of `entry` has an invisible character. */
function hasInvisible(entry: ConceptEntry): boolean {
  if (findInvisible(entry.term)) return true;
  for (const field of ['aliases', 'abbreviations', 'deprecated', 'forbidden'] as const) {
    if (entry[field]?.some((form) => findInvisible(typeof form === 'string' ? form : form.form))) return true;
  }
  return entry.related?.some((name) => findInvisible(name) !== undefined) ?? false;
}

/**
 * A schema problem's message, with the schema's general words about invisible characters in a
 * form replaced by the character found, e.g. `concepts[0].aliases[1]: contains an invisible
 * character U+200B (ZERO WIDTH SPACE)`.
 */
function namingInvisible(error: ErrorObject, message: string): string {
  const general = (error.parentSchema as { patternErrorMessage?: unknown } | undefined)?.patternErrorMessage;
  if (error.keyword !== 'pattern' || typeof error.data !== 'string' || typeof general !== 'string') return message;
  if (!general.startsWith(INVISIBLE_PATTERN_MESSAGE) || !message.endsWith(general)) return message;
  const found = findInvisible(error.data);
  return found ? message.slice(0, message.length - general.length) + describeInvisible(found) : message;
}

/**
 * Invisible characters (see `invisible.ts`) in the forms of valid entries — preferred terms,
 * aliases, abbreviations, deprecated and forbidden forms — and in related terms, as
 * `glossary.schema` problems at the offending value. The schema's pattern catches the common ones
 * (and editors show it too); this catches the ones a schema pattern cannot express (joiners
 * between Latin letters, stray variation selectors, unpaired surrogates, other default-ignorable
 * characters).
 */
function invisibleProblems(
  entries: readonly ConceptEntry[],
  source: SourceMap,
  text: string,
  problem: (code: GlossaryProblem['code'], message: string, start: number, end: number) => void,
): void {
  let reported = 0;
  const check = (value: string, path: readonly (string | number)[]): void => {
    const found = findInvisible(value);
    if (!found || reported++ >= MAX_SCHEMA_PROBLEMS) return;
    const at = source.find(path);
    const { start, end } = at.exact ? at : firstLine(text, at.start, at.end);
    problem('glossary.schema', `${pathLabel(path)}: ${describeInvisible(found)}`, start, end);
  };
  entries.forEach((entry, i) => {
    check(entry.term, ['concepts', i, 'term']);
    for (const field of ['aliases', 'abbreviations', 'deprecated', 'forbidden'] as const) {
      entry[field]?.forEach((form, k) => {
        if (typeof form === 'string') check(form, ['concepts', i, field, k]);
        else check(form.form, ['concepts', i, field, k, 'form']);
      });
    }
    entry.related?.forEach((name, k) => check(name, ['concepts', i, 'related', k]));
  });
  if (reported > MAX_SCHEMA_PROBLEMS) problem('glossary.schema', `${reported - MAX_SCHEMA_PROBLEMS} more schema problems are not shown.`, 0, 0);
}

/** `concepts[3].aliases[0].form`, as schema problems label values. */
function pathLabel(path: readonly (string | number)[]): string {
  return path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i ? `.${s}` : s)).join('');
}

/** The file's result once its concepts are read: duplicates and conflicts between them added to `problems`. */
function checked(
  text: string,
  uri: string,
  concepts: readonly Concept[],
  entryStart: (index: number) => number,
  problems: GlossaryProblem[],
  problem: (code: GlossaryProblem['code'], message: string, start: number, end: number) => void,
): GlossaryFileResult {
  checkClaims(concepts, (i) => firstLine(text, entryStart(i), text.length), problem);
  problems.sort((a, b) => a.start - b.start);
  return { uri, concepts: problems.some((p) => p.severity === 'error') ? [] : concepts, problems };
}

/**
 * Reports preferred terms defined twice and forms claimed by two concepts of one file, at the
 * second definition or claim; `entryAt(i)` locates the entry of concept `i` for forms without a
 * `loc` (e.g. brought in by a YAML merge key).
 */
function checkClaims(
  concepts: readonly Concept[],
  entryAt: (index: number) => FormLocation,
  problem: (code: GlossaryProblem['code'], message: string, start: number, end: number) => void,
): void {
  // Forms are numbered through the concepts; the table maps each key to the form that claimed it first.
  const forms = concepts.reduce((n, c) => n + c.forms.length, 0);
  const conceptOf = new Int32Array(forms);
  const formOf = new Int32Array(forms);
  const owners = new FormKeyTable(forms, (n) => concepts[conceptOf[n]!]!.forms[formOf[n]!]!.text);
  const where = (c: Concept): string => `line ${(c.origin?.line ?? 0) + 1}`;
  let n = 0;
  concepts.forEach((concept, i) => {
    const locate = (form: TermForm): FormLocation => form.loc ?? entryAt(i);
    for (const [f, form] of concept.forms.entries()) {
      const claim = owners.get(form.text);
      if (claim < 0) {
        conceptOf[n] = i;
        formOf[n] = f;
        owners.set(form.text, n++);
        continue;
      }
      const owner = concepts[conceptOf[claim]!]!;
      const { start, end } = locate(form);
      // An entry's forms have distinct keys, so the owner's claim is its preferred term's exactly when made by its first form.
      if (f === 0 && formOf[claim] === 0) {
        problem('glossary.duplicate', `"${form.text}" is already defined at ${where(owner)}; merge the two entries.`, start, end);
        // The rest of a duplicate entry would only repeat the same clash form by form.
        break;
      }
      if (owner !== concept) {
        problem(
          'glossary.conflict',
          `"${form.text}" of "${preferredTerm(concept)}" is already a form of "${preferredTerm(owner)}" (${where(owner)}); a form can belong to one concept only.`,
          start,
          end,
        );
      }
    }
  });
}
