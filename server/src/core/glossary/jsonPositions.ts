/**
 * The common case of a JSON glossary, read with `JSON.parse`: the data, and where its entries and
 * forms are written, found only when something asks (a problem to locate, go to definition).
 */

import type { FormField, FormLocation } from './format';
import type { Origin } from './model';
import { LineIndex } from '../text/lineIndex';

/** Deeper nesting is left to the general reader (`readJson`), which reports it. */
const MAX_DEPTH = 1000;

/**
 * `text` parsed with `JSON.parse` (a leading byte order mark allowed), or undefined when the
 * general reader must read it: a syntax error, nesting over {@link MAX_DEPTH} levels, or a
 * member name repeated in an object (which `JSON.parse` silently lets the last one win).
 *
 * Repeats are found without a second parse: in valid JSON every `:` outside a string separates a
 * member, so the text has exactly as many colons as the data has members plus colons in its
 * strings, unless a member was dropped. (A colon written as the escape `\u003a` would upset the
 * count, so such a text is left to the general reader too.)
 */
export function parsePlainJson(text: string): unknown {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
  if (/\\u003a/i.test(text)) return undefined;
  let colons = 0;
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) colons++;
  const counted = countMembers(data);
  return counted !== undefined && counted === colons ? data : undefined;
}

/** Members plus colons in strings (keys and values) of `root`; undefined when nested over {@link MAX_DEPTH}. */
function countMembers(root: unknown): number | undefined {
  let count = 0;
  const colonsIn = (s: string): void => {
    for (let i = s.indexOf(':'); i >= 0; i = s.indexOf(':', i + 1)) count++;
  };
  // Recursive, at most MAX_DEPTH deep.
  const walk = (value: unknown, depth: number): boolean => {
    if (typeof value === 'string') colonsIn(value);
    if (typeof value !== 'object' || value === null) return true;
    if (depth >= MAX_DEPTH) return false;
    if (Array.isArray(value)) {
      for (const item of value) if (!walk(item, depth + 1)) return false;
      return true;
    }
    // Objects from JSON.parse have only own enumerable members.
    for (const key in value) {
      count++;
      colonsIn(key);
      if (!walk((value as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
  };
  return walk(root, 0) ? count : undefined;
}

/** The fields of an entry whose strings have positions, in the order their slots are numbered. */
const FIELDS = ['term', 'aliases', 'abbreviations', 'deprecated', 'forbidden', 'related'] as const;
const FIELD_INDEX: Readonly<Record<(typeof FIELDS)[number], number>> = { term: 0, aliases: 1, abbreviations: 2, deprecated: 3, forbidden: 4, related: 5 };

/**
 * Where the entries of a JSON glossary's `concepts` list and their forms and related terms are
 * written, found by one pass over the text the first time a position is asked for. Each form and
 * related term has a slot: entry after entry, its term, aliases, abbreviations, deprecated and
 * forbidden forms, then related terms, in the order they are listed.
 */
export class JsonPositions {
  private text: string | undefined;
  private located: { entries: Int32Array; lines: Int32Array; spans: Int32Array } | undefined;
  /** The first slot of each field of the entry last {@link enter}ed, in {@link FIELDS} order. */
  private readonly firsts = new Int32Array(FIELDS.length);
  /** The first slot after the entries entered so far. */
  private next = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** Numbers the slots of the next entry of the list, whose forms {@link locate} then locates. */
  enter(entry: Readonly<Partial<Record<(typeof FIELDS)[number], unknown>>>): void {
    for (let f = 0; f < FIELDS.length; f++) {
      this.firsts[f] = this.next;
      const value = entry[FIELDS[f]!];
      this.next += f === 0 ? 1 : Array.isArray(value) ? value.length : 0;
    }
  }

  /** The span of form `index` of `field` (0 for `term`) of the entry last entered, read when first used. */
  readonly locate = (field: FormField | 'related', index: number): FormLocation => new LazySpan(this, this.firsts[FIELD_INDEX[field]]! + index);

  /** The origin of entry `index`, its line read when first used. */
  origin(uri: string, index: number): Origin {
    return new LazyOrigin(uri, this, index);
  }

  /** Offset of the `{` of entry `index`. */
  entryStart(index: number): number {
    return this.find().entries[index] ?? 0;
  }

  /** Zero-based line of entry `index`, lines counted as `load.ts` counts them (`\n`, `\r\n` or a lone `\r`). */
  entryLine(index: number): number {
    return this.find().lines[index] ?? 0;
  }

  /** Start or end (`end` true) of `slot`. */
  offset(slot: number, end: boolean): number {
    return this.find().spans[2 * slot + (end ? 1 : 0)] ?? 0;
  }

  private find(): { entries: Int32Array; lines: Int32Array; spans: Int32Array } {
    if (this.located) return this.located;
    const text = this.text ?? '';
    // jsonc-parser does not skip a byte order mark; a space in its place keeps every offset.
    const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
    const entries: number[] = [];
    const spans: number[] = [];
    // The spans of the entry being read, per field, written out in slot order when it ends.
    const pending: number[][] = FIELDS.map(() => []);
    let depth = 0;
    let rootKey = '';
    let field = -1;
    let formKey = '';
    const inConcepts = (): boolean => rootKey === 'concepts';
    visitValidJson(source, {
      onObjectBegin: (offset) => {
        depth++;
        if (depth === 3 && inConcepts()) {
          entries.push(offset);
          field = -1;
        }
      },
      onObjectEnd: () => {
        if (depth === 3 && inConcepts()) {
          for (const list of pending) {
            for (const n of list) spans.push(n);
            list.length = 0;
          }
        }
        depth--;
      },
      onArrayBegin: () => void depth++,
      onArrayEnd: () => void depth--,
      onObjectProperty: (name) => {
        if (depth === 1) rootKey = name;
        else if (depth === 3) field = (FIELDS as readonly string[]).indexOf(name);
        else if (depth === 5) formKey = name;
      },
      onLiteralValue: (_value, offset, length) => {
        // A term (depth 3), a string in a list (4), or the `form` of an object in a list (5).
        if (field < 0 || !inConcepts() || depth < 3 || depth > 5 || (depth === 5 && formKey !== 'form')) return;
        pending[field]!.push(offset, offset + length);
      },
    });
    const lines = new LineIndex(text);
    this.located = { entries: Int32Array.from(entries), lines: Int32Array.from(entries, (offset) => lines.lineOf(offset)), spans: Int32Array.from(spans) };
    this.text = undefined;
    return this.located;
  }
}

/** A form's or related term's span, read from its file's {@link JsonPositions} when first used. */
class LazySpan implements FormLocation {
  readonly #positions: JsonPositions;
  readonly #slot: number;

  constructor(positions: JsonPositions, slot: number) {
    this.#positions = positions;
    this.#slot = slot;
  }

  get start(): number {
    return this.#positions.offset(this.#slot, false);
  }

  get end(): number {
    return this.#positions.offset(this.#slot, true);
  }

  toJSON(): FormLocation {
    return { start: this.start, end: this.end };
  }
}

/** A concept's origin, its line read from its file's {@link JsonPositions} when first used. */
class LazyOrigin implements Origin {
  readonly #positions: JsonPositions;
  readonly #index: number;

  constructor(
    readonly uri: string,
    positions: JsonPositions,
    index: number,
  ) {
    this.#positions = positions;
    this.#index = index;
  }

  get line(): number {
    return this.#positions.entryLine(this.#index);
  }

  toJSON(): Origin {
    return { uri: this.uri, line: this.line };
  }
}

/** The structure events {@link visitValidJson} reports, as jsonc-parser's `visit` names them. */
export interface JsonVisitor {
  onObjectBegin(offset: number): void;
  onObjectEnd(): void;
  onArrayBegin(): void;
  onArrayEnd(): void;
  /** A member name, decoded. */
  onObjectProperty(name: string): void;
  /** A string (its span includes the quotes), number, `true`, `false` or `null`. */
  onLiteralValue(value: undefined, offset: number, length: number): void;
}

/**
 * Walks text that `JSON.parse` has already accepted and reports its structure as jsonc-parser's
 * `visit` does, for the callbacks {@link JsonVisitor} lists. Written by hand because only valid
 * JSON reaches it, so it has no errors to recover from, and strings are skipped with `indexOf`:
 * on the 28 MB, 100,000-term benchmark glossary it takes about a tenth of `visit`'s time (see
 * ARCHITECTURE.md). `test/unit/json-positions.test.ts` checks it against `visit`.
 */
export function visitValidJson(text: string, visitor: JsonVisitor): void {
  const containers: boolean[] = [];
  let expectKey = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      if (expectKey) {
        const raw = text.slice(i + 1, end - 1);
        visitor.onObjectProperty(raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw);
      } else {
        visitor.onLiteralValue(undefined, i, end - i);
      }
      i = end;
    } else if (c === 0x7b) {
      visitor.onObjectBegin(i);
      containers.push(true);
      expectKey = true;
      i++;
    } else if (c === 0x7d || c === 0x5d) {
      if (c === 0x7d) visitor.onObjectEnd();
      else visitor.onArrayEnd();
      containers.pop();
      expectKey = false;
      i++;
    } else if (c === 0x5b) {
      visitor.onArrayBegin();
      containers.push(false);
      expectKey = false;
      i++;
    } else if (c === 0x2c) {
      expectKey = containers[containers.length - 1] === true;
      i++;
    } else if (c === 0x3a) {
      expectKey = false;
      i++;
    } else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      i++;
    } else {
      const start = i;
      while (i < n && !DELIMITERS.has(text.charCodeAt(i))) i++;
      visitor.onLiteralValue(undefined, start, i - start);
    }
  }
}

/** Characters that end a number, `true`, `false` or `null`. */
const DELIMITERS: ReadonlySet<number> = new Set([0x2c, 0x5d, 0x7d, 0x20, 0x0a, 0x0d, 0x09, 0x3a]);

/** The offset after the closing quote of the string whose opening quote is at `open`. */
function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  for (;;) {
    if (close < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    close = text.indexOf('"', close + 1);
  }
}
