/**
 * A fast reader for the common case of a glossary file: strict JSON that the schema accepts as it
 * is. It scans the text once, building each concept as soon as its entry is read, with the
 * positions and lines the general reader would give, and never holds a syntax tree or a second
 * copy of the data. Anything else (a syntax error, a schema violation, a duplicate member name,
 * an `x-` extension field, whitespace JSON does not allow, a byte it is unsure of) makes it give
 * up, and the general reader in `load.ts` reads the file and reports the problems.
 */

import { conceptFromEntry, type ConceptEntry, type DefinitionEntry, type FacetEntry, type FormField, type FormLocation } from './format';
import type { Concept } from './model';

/** What {@link readStrictJsonGlossary} read. */
export interface StrictJsonGlossary {
  readonly concepts: Concept[];
  /** Offset of each concept's entry (its `{`). */
  readonly entryStarts: number[];
}

/** Thrown to abandon the scan; caught in {@link readStrictJsonGlossary} only. */
class GiveUp extends Error {}

const GIVE_UP = new GiveUp('not a plain glossary');

/** A string value and where it is written (quotes included), `end` exclusive. */
interface Str {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

const NON_SPACE = /\S/u;
/** The schema's pattern for a definition's `source`. */
const URI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/u;
const KINDS: ReadonlySet<string> = new Set(['area', 'term', 'definition']);

/**
 * Reads `text` as a glossary file if it is strict JSON (RFC 8259, with an optional byte order
 * mark) that matches `termlens.glossary.schema.json` without `x-` fields, building the same
 * concepts `parseGlossaryText` builds (origins, form and related positions included). Returns
 * undefined for any other text; it may also give up on some valid files, never the reverse.
 * Conflicts and duplicates between concepts are not checked here.
 */
export function readStrictJsonGlossary(text: string, uri: string): StrictJsonGlossary | undefined {
  try {
    return new Scanner(text, uri).file();
  } catch (error) {
    if (error === GIVE_UP) return undefined;
    throw error;
  }
}

/** Where the forms and related entries of one concept entry are written. */
type EntryLocations = Partial<Record<FormField | 'related', FormLocation[]>>;

class Scanner {
  private pos: number;
  /** Zero-based line of `pos`, counted as `load.ts` counts lines (`\n`, `\r\n` or a lone `\r`). */
  private line = 0;
  /** Area names repeat across thousands of concepts: one string each. */
  private readonly interned = new Map<string, string>();

  constructor(
    private readonly text: string,
    private readonly uri: string,
  ) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  }

  file(): StrictJsonGlossary {
    const result: StrictJsonGlossary = { concepts: [], entryStarts: [] };
    let sawConcepts = false;
    this.members((key) => {
      switch (key) {
        case '$schema':
        case 'name':
          this.string();
          return;
        case 'version':
          // Only a bare `1`: `1.0` or `10` leave a character the member loop rejects.
          this.expect(0x31 /* 1 */);
          return;
        case 'concepts':
          sawConcepts = true;
          this.items(() => this.concept(result));
          return;
        default:
          throw GIVE_UP;
      }
    });
    this.space();
    if (!sawConcepts || this.pos !== this.text.length) throw GIVE_UP;
    return result;
  }

  private concept(out: StrictJsonGlossary): void {
    this.space();
    const start = this.pos;
    const line = this.line;
    const entry: { -readonly [K in keyof ConceptEntry]?: ConceptEntry[K] } = {};
    const locs: EntryLocations = {};
    this.members((key) => {
      switch (key) {
        case 'term': {
          const s = this.nonEmpty();
          entry.term = s.value;
          locs.term = [s];
          return;
        }
        case 'id':
          entry.id = this.nonEmpty().value;
          return;
        case 'kind': {
          const kind = this.string().value;
          if (!KINDS.has(kind)) throw GIVE_UP;
          entry.kind = kind as ConceptEntry['kind'];
          return;
        }
        case 'aliases':
        case 'abbreviations':
          [entry[key], locs[key]] = this.forms('note');
          return;
        case 'deprecated':
        case 'forbidden':
          [entry[key], locs[key]] = this.forms('reason');
          return;
        case 'definitions':
          entry.definitions = this.list(() => this.definition());
          return;
        case 'facets':
          entry.facets = this.list(() => this.facet());
          return;
        case 'related': {
          const related = this.list(() => this.nonEmpty());
          entry.related = related.map((s) => s.value);
          locs.related = related;
          return;
        }
        case 'areas':
          entry.areas = this.list(() => this.intern(this.nonEmpty().value));
          return;
        default:
          throw GIVE_UP;
      }
    });
    if (entry.term === undefined) throw GIVE_UP;
    out.entryStarts.push(start);
    out.concepts.push(
      conceptFromEntry(entry as ConceptEntry, {
        origin: { uri: this.uri, line },
        locate: (field, index) => {
          const at = locs[field]?.[index];
          return at && { start: at.start, end: at.end };
        },
      }),
    );
  }

  /** A list of forms: non-blank strings or `{ form, <extra>? }`. */
  private forms(extra: 'note' | 'reason'): [Array<string | { form: string; note?: string; reason?: string }>, FormLocation[]] {
    const locs: FormLocation[] = [];
    const forms = this.list(() => {
      this.space();
      if (this.text.charCodeAt(this.pos) === 0x22 /* " */) {
        const s = this.nonEmpty();
        locs.push(s);
        return s.value;
      }
      let form: Str | undefined;
      let other: string | undefined;
      this.members((key) => {
        if (key === 'form') form = this.nonEmpty();
        else if (key === extra) other = this.string().value;
        else throw GIVE_UP;
      });
      if (!form) throw GIVE_UP;
      locs.push(form);
      return other === undefined ? { form: form.value } : { form: form.value, [extra]: other };
    });
    return [forms, locs];
  }

  private definition(): DefinitionEntry {
    this.space();
    if (this.text.charCodeAt(this.pos) === 0x22 /* " */) return this.nonEmpty().value;
    let text: string | undefined;
    let source: string | undefined;
    let area: string | undefined;
    this.members((key) => {
      if (key === 'text') text = this.nonEmpty().value;
      else if (key === 'source') {
        source = this.string().value;
        if (!URI_PATTERN.test(source)) throw GIVE_UP;
      } else if (key === 'area') area = this.intern(this.string().value);
      else throw GIVE_UP;
    });
    if (text === undefined) throw GIVE_UP;
    return { text, ...(source !== undefined ? { source } : {}), ...(area !== undefined ? { area } : {}) };
  }

  private facet(): FacetEntry {
    let name: string | undefined;
    let text: string | undefined;
    this.members((key) => {
      if (key === 'name') name = this.nonEmpty().value;
      else if (key === 'text') text = this.string().value;
      else throw GIVE_UP;
    });
    if (name === undefined || text === undefined) throw GIVE_UP;
    return { name, text };
  }

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }

  /** An object: `member(key)` reads each member's value (after the colon). A member name used twice gives up. */
  private members(member: (key: string) => void): void {
    this.space();
    this.expect(0x7b /* { */);
    this.space();
    if (this.text.charCodeAt(this.pos) === 0x7d /* } */) {
      this.pos++;
      return;
    }
    const seen: string[] = [];
    for (;;) {
      this.space();
      const key = this.string().value;
      if (seen.includes(key)) throw GIVE_UP;
      seen.push(key);
      this.space();
      this.expect(0x3a /* : */);
      this.space();
      member(key);
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x7d /* } */) return;
      if (c !== 0x2c /* , */) throw GIVE_UP;
    }
  }

  /** An array, read item by item with `item`. */
  private items(item: () => void): void {
    this.space();
    this.expect(0x5b /* [ */);
    this.space();
    if (this.text.charCodeAt(this.pos) === 0x5d /* ] */) {
      this.pos++;
      return;
    }
    for (;;) {
      item();
      this.space();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 0x5d /* ] */) return;
      if (c !== 0x2c /* , */) throw GIVE_UP;
    }
  }

  private list<T>(item: () => T): T[] {
    const out: T[] = [];
    this.items(() => out.push(item()));
    return out;
  }

  /** A string the schema's `nonEmptyString` accepts (some non-whitespace character). */
  private nonEmpty(): Str {
    const s = this.string();
    if (!NON_SPACE.test(s.value)) throw GIVE_UP;
    return s;
  }

  private string(): Str {
    this.space();
    const { text } = this;
    const start = this.pos;
    this.expect(0x22 /* " */);
    let escaped = false;
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22 /* " */) {
        this.pos = i + 1;
        // Strings without escapes are slices of the text, which V8 keeps as views, not copies.
        const value = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
        return { value, start, end: i + 1 };
      }
      if (c < 0x20) throw GIVE_UP;
      if (c === 0x5c /* \ */) {
        escaped = true;
        const e = text.charCodeAt(++i);
        if (e === 0x75 /* u */) {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) throw GIVE_UP;
          i += 4;
        } else if (!isSimpleEscape(e)) {
          throw GIVE_UP;
        }
      }
    }
    throw GIVE_UP;
  }

  private space(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x09) this.pos++;
      else if (c === 0x0a) {
        this.pos++;
        this.line++;
      } else if (c === 0x0d) {
        this.pos++;
        if (text.charCodeAt(this.pos) !== 0x0a) this.line++;
      } else return;
    }
  }

  private expect(code: number): void {
    if (this.text.charCodeAt(this.pos) !== code) throw GIVE_UP;
    this.pos++;
  }
}

/** `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`. */
function isSimpleEscape(c: number): boolean {
  return c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74;
}
