/**
 * Reading YAML and JSON text with every value's position, and describing JSON Schema
 * violations as one-line messages located at the offending value. Shared by glossary files
 * (`glossary/load.ts`) and project config files (`config/projectConfig.ts`, through the
 * re-export in `config/locate.ts`). Pure (text in, data and offsets out; no I/O), so it sits in
 * the core layer that `glossary/load.ts` belongs to (`test/unit/layers.test.ts`).
 */

import type { ErrorObject } from 'ajv';
import { isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { editDistance } from '../text/editDistance';

/** A zero-based offset range into a file, `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * At most this many alias expansions per anchor (100, the `yaml` package's default) are resolved
 * before the file is rejected, which defeats "billion laughs" alias bombs.
 */
const MAX_ALIAS_COUNT = 100;

/**
 * A JSON Schema validator compiled ahead of time by `scripts/schemaValidators.mjs` (Ajv's
 * standalone code: draft-07, all errors, verbose): true when the data is valid, else its errors in
 * `errors`.
 */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The errors `validate` finds in data, none when it is valid. The editor-only annotations
 * `markdownDescription`, `errorMessage`, `patternErrorMessage` and `propertyNoun` (see
 * {@link schemaProblem}) are accepted by the schemas as compiled.
 */
export function schemaValidator(validate: CompiledValidator): (data: unknown) => readonly ErrorObject[] {
  return (data) => (validate(data) ? [] : (validate.errors ?? []));
}

/** The range from `start` to the end of its line, at most to `end`. */
export function firstLine(text: string, start: number, end: number): Span {
  const lineEnd = text.slice(start, end).search(/[\r\n]/);
  return { start, end: lineEnd < 0 ? end : start + lineEnd };
}

/** A path into the parsed data: map keys and list indexes. */
export type DataPath = readonly (string | number)[];

/** Where the values of a parsed file are written. */
export interface SourceMap {
  /** The range of the value at `path`, or of its nearest ancestor that exists (`exact: false`). */
  find(path: DataPath): { start: number; end: number; exact: boolean };
  /** The range of the key `key` of the map at `path`, if there is one. */
  keyRange(path: DataPath, key: string): Span | undefined;
}

/** A problem found while reading the text (before validation). */
export interface ReadProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
  readonly severity: 'error' | 'warning';
}

/** The data of a file and where it is written, or only problems when the text could not be read. */
export type ReadResult =
  | { readonly problems: readonly ReadProblem[]; readonly data: unknown; readonly source: SourceMap }
  | { readonly problems: readonly ReadProblem[]; readonly source?: undefined };

/**
 * YAML (1.2 core schema; anchors, aliases and `<<` merge keys allowed) with positions. Syntax
 * errors and too many alias expansions are errors; YAML warnings (e.g. unknown tags) are warnings.
 */
export function readYaml(text: string): ReadResult {
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

  keyRange(path: DataPath, key: string): Span | undefined {
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

  keyRange(path: DataPath, key: string): Span | undefined {
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
export function readJson(text: string): ReadResult {
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

/** Options of {@link schemaProblem}. */
export interface SchemaProblemOptions {
  /** What a problem with the whole document is labelled; default `glossary`. */
  readonly rootLabel?: string;
  /**
   * Where the validated data sits in the file (e.g. `['termlens']` for a key of `package.json`);
   * prepended to paths both to locate values and to label them. Default `[]`.
   */
  readonly basePath?: readonly string[];
}

/**
 * A schema error as a one-line message naming the field, located at the offending value (an
 * unknown key at the key itself, a missing field on the first line of its object). An object
 * schema with a `propertyNoun` annotation (e.g. `"rule"`) reports unknown keys as
 * `rules.term.misspeled: unknown rule (did you mean "term.misspelled"?); known rules: …`.
 */
export function schemaProblem(error: ErrorObject, source: SourceMap, text: string, options: SchemaProblemOptions = {}): Span & { message: string } {
  const path = [
    ...(options.basePath ?? []),
    ...error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')),
  ];
  const parent = (error.parentSchema ?? {}) as {
    errorMessage?: string;
    patternErrorMessage?: string;
    propertyNoun?: string;
    properties?: Record<string, unknown>;
  };
  const params = error.params as Record<string, unknown>;
  const labelOf = (segments: readonly string[]): string =>
    segments.length ? segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i ? `.${s}` : s)).join('') : (options.rootLabel ?? 'glossary');
  let label = labelOf(path);
  let problem: string;
  let target: Span | undefined;
  switch (error.keyword) {
    case 'required':
      problem = `missing required field "${String(params.missingProperty)}"`;
      break;
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = Object.keys(parent.properties ?? {});
      const suggestion = closest(field, known);
      const hint = suggestion ? ` (did you mean "${suggestion}"?)` : '';
      if (parent.propertyNoun) {
        label = labelOf([...path, field]);
        problem = `unknown ${parent.propertyNoun}${hint}; known ${parent.propertyNoun}s: ${known.join(', ')}`;
      } else {
        problem = `unknown field "${field}"${hint}`;
      }
      target = source.keyRange(path, field);
      break;
    }
    case 'type':
      problem = parent.errorMessage ?? `must be ${describeType(String(params.type))}`;
      break;
    case 'pattern':
    case 'minLength':
    case 'minItems':
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
