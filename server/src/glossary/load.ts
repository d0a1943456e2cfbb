/**
 * Reading one glossary file: YAML or JSON text in, concepts and located problems out. Validation
 * uses the JSON Schema that editors use, so the two never disagree.
 */

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import schema from '../../../glossary/termlens.glossary.schema.json';
import { editDistance } from '../text/editDistance';
import { conceptFromEntry, formKey, type FormField, type FormLocation, type GlossaryFile } from './format';
import { preferredTerm, type Concept, type GlossaryFileResult, type GlossaryProblem, type TermForm } from './model';

export { formKey } from './format';

/** Files larger than this many bytes (50 MB) are not parsed; they get one `glossary.unreadable` problem. */
export const MAX_GLOSSARY_BYTES = 50 * 1024 * 1024;

/** At most this many schema problems (100) are reported per file, plus one saying how many were left out. */
export const MAX_SCHEMA_PROBLEMS = 100;

/**
 * At most this many alias expansions per anchor (100, the `yaml` package's default) are resolved
 * before the file is rejected, which defeats "billion laughs" alias bombs.
 */
const MAX_ALIAS_COUNT = 100;

let validator: ValidateFunction | undefined;

function validate(data: unknown): readonly ErrorObject[] {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
    // Editor-only annotations of the schema (VS Code's JSON/YAML support reads them).
    ajv.addVocabulary(['markdownDescription', 'errorMessage', 'patternErrorMessage']);
    validator = ajv.compile(schema);
  }
  return validator(data) ? [] : (validator.errors ?? []);
}

/**
 * Reads a glossary file. `.json` URIs are read as strict JSON (no comments, no trailing commas)
 * with `jsonc-parser` (the `yaml` package is several times slower, too slow for a large bundled
 * glossary); anything else as YAML (1.2 core schema, anchors, aliases and `<<` merge keys
 * allowed) with the `yaml` package. Both keep every value's position. Never throws.
 *
 * Problems, each located at the offending text:
 * - `glossary.syntax` (error): the text is not valid YAML/JSON (for JSON: the first error only,
 *   including a repeated member name or nesting over 1000 levels), or has too many alias
 *   expansions; YAML warnings (e.g. unknown tags) are reported as warnings;
 * - `glossary.schema` (error): a value does not match `termlens.glossary.schema.json`;
 * - `glossary.duplicate` (error): a preferred term already defined earlier in the file;
 * - `glossary.conflict` (error): a form already claimed by an earlier concept of the file;
 * - `glossary.unreadable` (error): the file is over {@link MAX_GLOSSARY_BYTES}.
 *
 * Messages name the field, e.g. `concepts[3].aliases[0]: must be a string or an object with "form"`
 * or `concepts[0]: unknown field "defintions" (did you mean "definitions"?)`.
 *
 * When there is any error, `concepts` is empty: the file as a whole is unusable until fixed.
 * Otherwise every concept has an `origin` (`uri` and the zero-based line of its entry) and every
 * form read from the file has a `loc`.
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
  const lines = new LineTable(text);
  const entryStarts: number[] = [];
  const concepts: Concept[] = entries.map((entry, i) => {
    const at = source.find(['concepts', i]);
    entryStarts.push(at.exact ? at.start : 0);
    const locate = (field: FormField, index: number): FormLocation | undefined => {
      const value = field === 'term' ? entry.term : entry[field]?.[index];
      const path = field === 'term' ? ['concepts', i, field] : ['concepts', i, field, index];
      const found = source.find(typeof value === 'object' ? [...path, 'form'] : path);
      return found.exact ? { start: found.start, end: found.end } : undefined;
    };
    return conceptFromEntry(entry, { origin: { uri, line: lines.lineOf(entryStarts[i] ?? 0) }, locate });
  });

  checkClaims(concepts, (i) => firstLine(text, entryStarts[i] ?? 0, text.length), problem);
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
  const owners = new Map<string, Concept>();
  const where = (c: Concept): string => `line ${(c.origin?.line ?? 0) + 1}`;
  concepts.forEach((concept, i) => {
    const locate = (form: TermForm): FormLocation => form.loc ?? entryAt(i);
    for (const [f, form] of concept.forms.entries()) {
      const key = formKey(form.text);
      const owner = owners.get(key);
      if (!owner) {
        owners.set(key, concept);
        continue;
      }
      const { start, end } = locate(form);
      if (f === 0 && owner.forms[0] && formKey(owner.forms[0].text) === key) {
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

/** The range from `start` to the end of its line, at most to `end`. */
function firstLine(text: string, start: number, end: number): FormLocation {
  const lineEnd = text.slice(start, end).search(/[\r\n]/);
  return { start, end: lineEnd < 0 ? end : start + lineEnd };
}

/** A path into the parsed data: map keys and list indexes. */
type DataPath = readonly (string | number)[];

/** Where the values of a parsed file are written. */
interface SourceMap {
  /** The range of the value at `path`, or of its nearest ancestor that exists (`exact: false`). */
  find(path: DataPath): { start: number; end: number; exact: boolean };
  /** The range of the key `key` of the map at `path`, if there is one. */
  keyRange(path: DataPath, key: string): FormLocation | undefined;
}

/** A problem found while reading the text (before validation). */
interface ReadProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly severity: GlossaryProblem['severity'];
}

/** The data of a file and where it is written, or only problems when the text could not be read. */
type ReadResult =
  | { readonly problems: readonly ReadProblem[]; readonly data: unknown; readonly source: SourceMap }
  | { readonly problems: readonly ReadProblem[]; readonly source?: undefined };

function readYaml(text: string): ReadResult {
  const doc = parseDocument(text, { prettyErrors: false, merge: true });
  const problems: ReadProblem[] = [
    ...doc.errors.map((e) => ({ message: `YAML syntax error: ${e.message}`, start: e.pos[0], end: e.pos[1], severity: 'error' as const })),
    ...doc.warnings.map((w) => ({ message: `YAML: ${w.message}`, start: w.pos[0], end: w.pos[1], severity: 'warning' as const })),
  ];
  if (doc.errors.length) return { problems };
  try {
    return { problems, data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), source: new YamlSourceMap(doc) };
  } catch (error) {
    // toJS throws on an alias bomb ("Excessive alias count ...").
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [...problems, { message: `YAML aliases could not be resolved: ${reason}`, start: 0, end: 0, severity: 'error' }] };
  }
}

/** Positions of a YAML document's values; aliases are followed to their anchors. */
class YamlSourceMap implements SourceMap {
  private anchors: Map<string, YamlNode[]> | undefined;

  constructor(private readonly doc: Document) {}

  find(path: DataPath): { start: number; end: number; exact: boolean } {
    const { node, exact } = this.nodeAt(path);
    const range = node?.range;
    return range ? { start: range[0], end: range[1], exact } : { start: 0, end: 0, exact: false };
  }

  keyRange(path: DataPath, key: string): FormLocation | undefined {
    const { node, exact } = this.nodeAt(path);
    if (!exact || !isMap(node)) return undefined;
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
    const range = isNode(pair?.key) ? pair.key.range : undefined;
    return range ? { start: range[0], end: range[1] } : undefined;
  }

  private nodeAt(path: DataPath): { node: YamlNode | undefined; exact: boolean } {
    let node = this.resolve(this.doc.contents);
    for (const segment of path) {
      let next: YamlNode | undefined;
      if (isMap(node)) next = this.resolve(node.get(String(segment), true));
      else if (isSeq(node)) next = this.resolve(node.items[Number(segment)]);
      if (!next?.range) return { node, exact: false };
      node = next;
    }
    return { node, exact: true };
  }

  /** The node itself, or the node an alias points at; `undefined` for anything that is not a node. */
  private resolve(value: unknown): YamlNode | undefined {
    if (!isNode(value)) return undefined;
    if (!isAlias(value)) return value;
    // An alias refers to the last node with its anchor before it; anchors may be redefined.
    this.anchors ??= this.collectAnchors();
    const start = value.range?.[0] ?? Infinity;
    let found: YamlNode | undefined;
    for (const node of this.anchors.get(value.source) ?? []) {
      if ((node.range?.[0] ?? 0) < start) found = node;
    }
    return found;
  }

  private collectAnchors(): Map<string, YamlNode[]> {
    const anchors = new Map<string, YamlNode[]>();
    visit(this.doc, (_key, node) => {
      if (isNode(node) && !isAlias(node) && node.anchor) {
        const list = anchors.get(node.anchor) ?? [];
        list.push(node);
        anchors.set(node.anchor, list);
      }
    });
    return anchors;
  }
}

/** Positions of a JSON document's values, read from jsonc-parser's syntax tree. */
class JsonSourceMap implements SourceMap {
  constructor(private readonly root: JsonNode) {}

  find(path: DataPath): { start: number; end: number; exact: boolean } {
    const { node, exact } = this.nodeAt(path);
    return { start: node.offset, end: node.offset + node.length, exact };
  }

  keyRange(path: DataPath, key: string): FormLocation | undefined {
    const { node, exact } = this.nodeAt(path);
    if (!exact || node.type !== 'object') return undefined;
    const name = node.children?.find((member) => member.children?.[0]?.value === key)?.children?.[0];
    return name ? { start: name.offset, end: name.offset + name.length } : undefined;
  }

  private nodeAt(path: DataPath): { node: JsonNode; exact: boolean } {
    let node = this.root;
    for (const segment of path) {
      // Validation paths spell list indexes as strings; jsonc-parser takes only numbers for them.
      const next = findNodeAtLocation(node, [node.type === 'array' ? Number(segment) : String(segment)]);
      if (!next) return { node, exact: false };
      node = next;
    }
    return { node, exact: true };
  }
}

/** Nesting deeper than this (1000) is a syntax error rather than a stack overflow in the recursive parser. */
const MAX_JSON_DEPTH = 1000;

/** What each jsonc-parser error means, in the words of our messages. */
const JSON_ERROR_MESSAGES: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a member name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after a member name',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "," or "}"',
  CloseBracketExpected: 'expected "," or "]"',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'incomplete number',
  InvalidUnicode: 'invalid \\u escape in a string',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'control character in a string',
  '<unknown ParseErrorCode>': 'invalid JSON',
};

/**
 * Strict JSON (RFC 8259, plus a leading byte order mark) with positions, read with jsonc-parser
 * (the `yaml` package is several times slower on a 100,000-concept file). Only the first syntax
 * error is reported: the ones after it are mostly the parser's recovery going astray. Duplicate
 * member names are errors, as they are in YAML.
 */
function readJson(text: string): ReadResult {
  const deep = nestingBeyond(text, MAX_JSON_DEPTH);
  if (deep >= 0) return jsonSyntaxError(`nesting deeper than ${MAX_JSON_DEPTH} levels`, deep);
  // jsonc-parser does not skip a byte order mark; a space in its place keeps every offset.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const errors: ParseError[] = [];
  const root = parseTree(source, errors, { allowTrailingComma: false, disallowComments: true });
  const [error] = errors;
  if (error) return describeJsonError(source, root, error);
  if (!root) return jsonSyntaxError('unexpected end of file, expected a value', text.length);
  const read = jsonValue(root);
  if ('duplicate' in read) return jsonSyntaxError(`duplicate member name "${String(read.duplicate.value)}"`, read.duplicate.offset);
  return { problems: [], data: read.value, source: new JsonSourceMap(root) };
}

function jsonSyntaxError(message: string, start: number, end = start + 1): ReadResult {
  return { problems: [{ message: `JSON syntax error: ${message}`, start, end, severity: 'error' }] };
}

/** A jsonc-parser error in our words, pointing at the offending character where the parser points at a whole string. */
function describeJsonError(text: string, root: JsonNode | undefined, { error, offset, length }: ParseError): ReadResult {
  const code = printParseErrorCode(error);
  const end = offset + length;
  if (offset >= text.length) return jsonSyntaxError(`unexpected end of file, ${JSON_ERROR_MESSAGES[code]}`, offset);
  if (root && offset >= root.offset + root.length) return jsonSyntaxError(JSON_ERROR_MESSAGES.EndOfFileExpected, offset, Math.max(end, offset + 1));
  // A string cut short before the end of the text stopped at a line break.
  if (code === 'UnexpectedEndOfString' && end < text.length) return jsonSyntaxError(JSON_ERROR_MESSAGES.InvalidCharacter, end);
  const control = code === 'InvalidCharacter' ? text.slice(offset, end).search(/[\u0000-\u001f]/) : -1;
  if (control >= 0) return jsonSyntaxError(JSON_ERROR_MESSAGES.InvalidCharacter, offset + control);
  return jsonSyntaxError(JSON_ERROR_MESSAGES[code], offset, Math.max(end, offset + 1));
}

/**
 * The value of a syntax tree, built with ordinary objects in which a `__proto__` member is an own
 * property (never the object's prototype), or the name of the first member, in document order,
 * whose name is already used in its object. Recursive: {@link nestingBeyond} bounds the depth.
 */
function jsonValue(root: JsonNode): { value: unknown } | { duplicate: JsonNode } {
  let duplicate: JsonNode | undefined;
  const build = (node: JsonNode): unknown => {
    const children = node.children ?? [];
    if (node.type === 'array') {
      const items: unknown[] = [];
      for (let i = 0; i < children.length && !duplicate; i++) items.push(build(children[i]!));
      return items;
    }
    if (node.type !== 'object') return node.value;
    const data: Record<string, unknown> = {};
    for (let i = 0; i < children.length && !duplicate; i++) {
      const [name, valueNode] = children[i]!.children ?? [];
      // An error-free tree gives every member a name and a value.
      if (!name || !valueNode) continue;
      const key = String(name.value);
      if (Object.prototype.hasOwnProperty.call(data, key)) {
        duplicate = name;
        break;
      }
      const value = build(valueNode);
      if (key === '__proto__') Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
      else data[key] = value;
    }
    return data;
  };
  const value = build(root);
  return duplicate ? { duplicate } : { value };
}

/**
 * The offset of the first `[` or `{` nested more than `max` deep, or -1. Strings and comments are
 * skipped as jsonc-parser's scanner skips them (a string also ends at a line break), so that no
 * bracket the parser would recurse into goes uncounted.
 */
function nestingBeyond(text: string, max: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > max) return i;
    } else if (c === 93 /* ] */ || c === 125 /* } */) {
      depth--;
    } else if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34 || d === 10 || d === 13) break;
      }
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 1;
    }
  }
  return -1;
}

/** Zero-based line numbers of offsets, by binary search over precomputed line starts. */
class LineTable {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    if (/\r(?!\n)/.test(text)) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
      }
    } else {
      // Without lone \r line breaks, indexOf finds every line far faster than a character loop.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

/** A schema error as a message naming the field, located at the offending value. */
function schemaProblem(error: ErrorObject, source: SourceMap, text: string): FormLocation & { message: string } {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const parent = (error.parentSchema ?? {}) as {
    errorMessage?: string;
    patternErrorMessage?: string;
    properties?: Record<string, unknown>;
  };
  const params = error.params as Record<string, unknown>;
  let problem: string;
  let target: FormLocation | undefined;
  switch (error.keyword) {
    case 'required':
      problem = `missing required field "${String(params.missingProperty)}"`;
      break;
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const suggestion = closest(field, Object.keys(parent.properties ?? {}));
      problem = `unknown field "${field}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`;
      target = source.keyRange(path, field);
      break;
    }
    case 'type':
      problem = parent.errorMessage ?? `must be ${describeType(String(params.type))}`;
      break;
    case 'pattern':
    case 'minLength':
      problem = parent.patternErrorMessage ?? 'must not be empty';
      break;
    case 'enum':
      problem =
        parent.errorMessage ?? `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      break;
    case 'const':
      problem = parent.errorMessage ?? `must be ${JSON.stringify(params.allowedValue)}`;
      break;
    default:
      problem = error.message ?? 'is not valid';
  }
  const label = path.length ? path.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s)).join('') : 'glossary';
  const message = `${label}: ${problem}`;

  if (target) return { message, ...target };
  const found = source.find(path);
  if (found.exact && error.keyword !== 'required') return { message, start: found.start, end: found.end };
  // A missing field (or a value with no position of its own) is shown on the first line of its object.
  return { message, ...firstLine(text, found.start, found.end) };
}

function describeType(type: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    object: 'an object',
    array: 'a list',
    number: 'a number',
    integer: 'an integer',
    boolean: 'true or false',
    null: 'null',
  };
  return type
    .split(',')
    .map((t) => names[t] ?? t)
    .join(' or ');
}

/** The candidate nearest to `word` by edit distance, if near enough to be a likely typo. */
function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}
