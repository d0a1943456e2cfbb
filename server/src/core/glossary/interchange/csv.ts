/**
 * CSV glossaries, read and written with papaparse: one concept per row, under a header row that
 * names the columns.
 *
 * - Columns (header names compared case-insensitively, ignoring spaces, `_`, `-`, `.` and
 *   brackets; see {@link HEADER_NAMES} for the synonyms read): `term` (required), `aliases`,
 *   `abbreviations`, `deprecated`, `forbidden`, `definition`, `source`, `examples`, `notes`,
 *   `related`, `areas`. Other columns are ignored with a warning.
 * - Delimiter: comma, semicolon or tab, detected. Encoding: see `decode.ts` (UTF-8 with or
 *   without a byte order mark, UTF-16 by its byte order mark, else windows-1252).
 * - Multi-value cells (every column but `term`) separate values with `|` ({@link MULTI_VALUE_SEPARATOR});
 *   `\|` is a `|` inside a value and `\\` a backslash before a `|` or at the end of a value; any
 *   other backslash is itself (`\sigma`). `;` is not a separator: it is a CSV delimiter in much of
 *   Europe and common inside definitions. The n-th `source` is the source of the n-th `definition`.
 * - A cell that starts with `'` followed by `=`, `+`, `-`, `@`, a tab or a carriage return is read
 *   without the `'`: what the exporter writes so that spreadsheets do not run a cell as a formula.
 */

import Papa from 'papaparse';
import { slugify } from '../format';
import type { Concept } from '../model';
import { LineIndex } from '../../text/lineIndex';
import { decodeTextFile } from './decode';
import { assembleEntries, draftConcept, type DraftConcept, type ImportContext } from './entries';
import { finding, hasErrors, type ImportConversion, type InterchangeFinding } from './findings';

/** The largest input the importers read (64 MiB). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** The fields a CSV column can hold, in the order the exporter writes them. */
export const CSV_COLUMNS = ['term', 'aliases', 'abbreviations', 'deprecated', 'forbidden', 'definition', 'source', 'examples', 'notes', 'related', 'areas'] as const;

/** A field of a CSV column. */
export type CsvField = (typeof CSV_COLUMNS)[number];

/** Separates the values of a multi-value cell. */
export const MULTI_VALUE_SEPARATOR = '|';

/** Header names read for each field, normalized (lowercase letters and digits only). */
export const HEADER_NAMES: Readonly<Record<CsvField, readonly string[]>> = {
  term: ['term', 'terms', 'preferredterm', 'preferred', 'preflabel', 'name', 'concept', 'label', 'headword', 'entry', 'word'],
  aliases: ['aliases', 'alias', 'synonyms', 'synonym', 'variants', 'variant', 'altlabel', 'altlabels', 'admitted', 'admittedterms', 'otherforms'],
  abbreviations: ['abbreviations', 'abbreviation', 'abbr', 'abbrev', 'abbrevs', 'acronyms', 'acronym', 'shortform', 'shortforms', 'initialism'],
  deprecated: ['deprecated', 'deprecatedterms', 'deprecatedterm', 'notrecommended', 'avoid', 'discouraged'],
  forbidden: ['forbidden', 'forbiddenterms', 'forbiddenterm', 'prohibited', 'donotuse'],
  definition: ['definition', 'definitions', 'description', 'meaning', 'gloss', 'explanation'],
  source: ['source', 'sources', 'sourceurl', 'url', 'link', 'reference', 'references', 'definitionsource'],
  examples: ['examples', 'example', 'usageexamples', 'context'],
  notes: ['notes', 'note', 'comment', 'comments', 'usagenote', 'usagenotes', 'scopenote'],
  related: ['related', 'relatedterms', 'relatedterm', 'seealso', 'see'],
  areas: ['areas', 'area', 'subject', 'subjectfield', 'subjects', 'domain', 'domains', 'category', 'categories', 'topic', 'topics', 'tags'],
};

const FIELD_OF = new Map<string, CsvField>(CSV_COLUMNS.flatMap((field) => HEADER_NAMES[field].map((name) => [name, field] as const)));

function normalizeHeader(name: string): string {
  return name.toLowerCase().replace(/[\s_\-.()[\]]+/g, '');
}

/** The values of a multi-value cell (see the module comment), empty ones included. */
export function splitValues(cell: string): string[] {
  if (cell.trim() === '') return [];
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i]!;
    if (c === '\\' && (cell[i + 1] === '|' || cell[i + 1] === '\\')) {
      current += cell[i + 1];
      i++;
    } else if (c === MULTI_VALUE_SEPARATOR) {
      values.push(current.trim());
      current = '';
    } else current += c;
  }
  values.push(current.trim());
  return values;
}

/** One value escaped for a multi-value cell: `|` as `\|`, a backslash before `|`, `\` or the end as `\\`. */
export function escapeValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '|') out += '\\|';
    else if (c === '\\' && (i + 1 === value.length || value[i + 1] === '|' || value[i + 1] === '\\')) out += '\\\\';
    else out += c;
  }
  return out;
}

/** A cell as exported against formula injection (`'=…`) read back as written. */
function unescapeFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Options of {@link parseGlossaryCsv}. */
export interface CsvImportOptions {
  /** The glossary the import will be served after; its forms are not claimed again (see `assembleEntries`). */
  readonly context?: ImportContext;
}

/** Reads a CSV glossary from bytes (see the module comment for the format). */
export function parseGlossaryCsv(bytes: Uint8Array, options: CsvImportOptions = {}): ImportConversion {
  if (bytes.length > MAX_IMPORT_BYTES) {
    return { entries: [], findings: [finding('error', 'interchange.too-large', `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`)] };
  }
  const decoded = decodeTextFile(bytes);
  if (!decoded.ok) return { entries: [], findings: decoded.findings };
  const result = parseGlossaryCsvText(decoded.decoded.text, options);
  return { entries: result.entries, findings: [...decoded.findings, ...result.findings] };
}

/** One CSV record with the line it starts on. */
interface Row {
  readonly cells: string[];
  readonly line: number;
}

/** Reads a CSV glossary from text. Never throws. */
export function parseGlossaryCsvText(text: string, options: CsvImportOptions = {}): ImportConversion {
  const findings: InterchangeFinding[] = [];
  const lines = new LineIndex(text);
  const rows: Row[] = [];
  let start = 0;
  let syntax = false;
  // Papaparse guesses the delimiter from the first rows; blank lines would spoil its guess, but not the rows' line numbers.
  const guessed = Papa.parse<string[]>(text, { preview: 20, delimitersToGuess: [',', ';', '\t'], skipEmptyLines: 'greedy' }).meta.delimiter;
  const delimiter = guessed === ';' || guessed === '\t' ? guessed : ',';
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: false,
    step: (result) => {
      for (const e of result.errors) {
        if (e.type !== 'Quotes') continue;
        syntax = true;
        const at = typeof e.index === 'number' ? e.index : start;
        findings.push(finding('error', 'interchange.syntax', `malformed CSV: ${e.message.toLowerCase()}`, lines.positionAt(at).line + 1));
      }
      rows.push({ cells: result.data, line: lines.positionAt(Math.min(start, text.length)).line + 1 });
      // The cursor is the offset just past the row and its line break.
      start = result.meta.cursor;
    },
  });
  if (syntax) return { entries: [], findings };
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ''));
  const [header, ...data] = nonEmpty;
  if (!header) return { entries: [], findings: [finding('error', 'interchange.empty', 'the file has no header row and no rows')] };

  const columns = readHeader(header, findings);
  if (hasErrors(findings)) return { entries: [], findings };

  const drafts: DraftConcept[] = [];
  for (const row of data) {
    const where = `row ${row.line}`;
    const cell = (field: CsvField): string => {
      const i = columns.get(field);
      return i === undefined ? '' : unescapeFormula(row.cells[i] ?? '');
    };
    const extra = row.cells.slice(header.cells.length).filter((c) => c.trim() !== '');
    if (extra.length > 0) {
      findings.push(
        finding('warning', 'interchange.columns', `${where}: ${row.cells.length} cells under a header of ${header.cells.length}; the cells past the header are left out`, row.line),
      );
    }
    const draft = draftConcept(where, unescapeFormula(cell('term')), row.line);
    const values = (field: CsvField): string[] => splitValues(cell(field)).filter((v) => v !== '');
    draft.aliases.push(...values('aliases'));
    draft.abbreviations.push(...values('abbreviations'));
    draft.deprecated.push(...values('deprecated').map((text) => ({ text })));
    draft.forbidden.push(...values('forbidden').map((text) => ({ text })));
    const definitions = splitValues(cell('definition'));
    const sources = splitValues(cell('source'));
    definitions.forEach((text, i) => {
      if (text === '') return;
      const source = sources[i];
      draft.definitions.push(source ? { text, source } : { text });
    });
    const unused = sources.filter((s, i) => s !== '' && (definitions[i] ?? '') === '');
    if (unused.length > 0) {
      findings.push(finding('warning', 'interchange.source', `${where}: ${unused.length === 1 ? 'a source has' : `${unused.length} sources have`} no definition beside it; left out`, row.line));
    }
    draft.examples.push(...values('examples'));
    draft.notes.push(...values('notes'));
    draft.related.push(...values('related').map((name) => ({ name })));
    draft.areas.push(...values('areas'));
    drafts.push(draft);
  }
  if (drafts.length === 0) return { entries: [], findings: [...findings, finding('error', 'interchange.empty', 'the file has a header row but no rows')] };
  const assembled = assembleEntries(drafts, { duplicates: 'error', strictTerms: true, ...(options.context ? { context: options.context } : {}) });
  return { entries: assembled.entries, findings: [...findings, ...assembled.findings] };
}

/** The column of each field; header problems go to `findings`. */
function readHeader(header: Row, findings: InterchangeFinding[]): Map<CsvField, number> {
  const columns = new Map<CsvField, number>();
  const ignored: string[] = [];
  header.cells.forEach((name, i) => {
    const field = FIELD_OF.get(normalizeHeader(name));
    if (name.trim() === '') return;
    if (!field) {
      ignored.push(`"${name.trim()}"`);
      return;
    }
    const earlier = columns.get(field);
    if (earlier !== undefined) {
      findings.push(
        finding('error', 'interchange.columns', `columns ${earlier + 1} ("${header.cells[earlier]!.trim()}") and ${i + 1} ("${name.trim()}") both name the ${field}`, header.line),
      );
      return;
    }
    columns.set(field, i);
  });
  if (!columns.has('term')) {
    const found = header.cells.map((c) => `"${c.trim()}"`).join(', ');
    findings.push(finding('error', 'interchange.columns', `no term column: the header row (${found}) needs a column named "term" (or "name", "preferred term", "label")`, header.line));
  } else if (ignored.length > 0) {
    findings.push(finding('warning', 'interchange.columns', `unknown ${ignored.length === 1 ? 'column' : 'columns'} ${ignored.join(', ')} left out`, header.line));
  }
  return columns;
}

/** What the CSV export could not write, counted. */
interface Lost {
  ids: number;
  reasons: number;
  facets: number;
  senseAreas: number;
  kinds: number;
  other: number;
}

/**
 * A CSV glossary of `concepts` with every column of {@link CSV_COLUMNS}, comma-delimited, CRLF line
 * breaks (RFC 4180), quoted where needed, cells that a spreadsheet would run as a formula written
 * with a leading `'`. What a CSV cannot hold (ids, reasons of deprecated and forbidden forms, facets,
 * the area of each definition, kinds other than term, `common`, `status`, `caseSensitive`) is
 * counted in one `interchange.lossy` info finding.
 */
export function glossaryToCsv(concepts: readonly Concept[]): { text: string; findings: InterchangeFinding[] } {
  const lost: Lost = { ids: 0, reasons: 0, facets: 0, senseAreas: 0, kinds: 0, other: 0 };
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const concept of concepts) {
    const [preferred, ...others] = orderedForms(concept);
    if (!preferred) continue;
    const join = (values: readonly string[]): string => values.map(escapeValue).join(MULTI_VALUE_SEPARATOR);
    const of = (pick: (f: Concept['forms'][number]) => boolean): string[] => others.filter(pick).map((f) => f.text);
    const admitted = (f: Concept['forms'][number]): boolean => f.status !== 'deprecated' && f.status !== 'forbidden';
    if (concept.id !== slugify(preferred.text)) lost.ids++;
    lost.reasons += others.filter((f) => f.reason).length;
    lost.facets += concept.facets.length;
    lost.senseAreas += concept.senses.filter((s) => s.area !== undefined).length;
    if (concept.kind !== 'term') lost.kinds++;
    if (concept.common || concept.status !== undefined || concept.forms.some((f) => f.caseSensitive)) lost.other++;
    const cells: Record<CsvField, string> = {
      term: preferred.text,
      aliases: join(of((f) => admitted(f) && f.type !== 'abbreviation')),
      abbreviations: join(of((f) => admitted(f) && f.type === 'abbreviation')),
      deprecated: join(of((f) => f.status === 'deprecated')),
      forbidden: join(of((f) => f.status === 'forbidden')),
      definition: join(concept.senses.map((s) => s.text)),
      source: concept.senses.some((s) => s.source !== undefined) ? join(concept.senses.map((s) => s.source ?? '')) : '',
      examples: join(concept.examples ?? []),
      notes: join(concept.notes ?? []),
      related: join(concept.related),
      areas: join(concept.areas),
    };
    rows.push(CSV_COLUMNS.map((c) => cells[c]));
  }
  const text = `${Papa.unparse(rows, { newline: '\r\n', escapeFormulae: true })}\r\n`;
  return { text, findings: lossyFindings(lost) };
}

function lossyFindings(lost: Lost): InterchangeFinding[] {
  const parts = [
    lost.ids ? `the ids of ${lost.ids} concepts` : '',
    lost.reasons ? `${lost.reasons} reasons of deprecated or forbidden forms` : '',
    lost.facets ? `${lost.facets} facets` : '',
    lost.senseAreas ? `the areas of ${lost.senseAreas} definitions` : '',
    lost.kinds ? `the kind of ${lost.kinds} concepts (area or definition)` : '',
    lost.other ? `common, status or caseSensitive of ${lost.other} concepts` : '',
  ].filter(Boolean);
  return parts.length === 0 ? [] : [finding('info', 'interchange.lossy', `CSV has no place for ${parts.join(', ')}; left out`)];
}

/** A concept's forms, the preferred one first. */
export function orderedForms(concept: Concept): Concept['forms'] {
  const preferred = concept.forms.find((f) => f.status === 'preferred') ?? concept.forms[0];
  return preferred ? [preferred, ...concept.forms.filter((f) => f !== preferred)] : [];
}
