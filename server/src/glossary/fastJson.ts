/**
 * A fast reader for the common case of a glossary file: strict JSON that the schema accepts as it
 * is. It scans the text once, building each concept as soon as its entry is read, with the
 * positions and lines the general reader would give, and never holds a syntax tree or a second
 * copy of the data. Anything else (a syntax error, a schema violation, a duplicate member name,
 * an `x-` extension field, an escaped member name, whitespace JSON does not allow) makes it give
 * up, and the general reader in `load.ts` reads the file and reports the problems; so does a form
 * or related term with an invisible character (see `invisible.ts`).
 */

import { conceptFromEntry, type ConceptEntry, type DefinitionEntry, type FacetEntry, type FormEntry, type FormField, type FormLocation, type ReasonFormEntry } from './format';
import { findInvisible } from './invisible';
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

const NON_SPACE = /\S/u;
/** What a string may hold only escaped (tab, line breaks) or what starts an escape. */
const SPECIAL = /[\\\t\n\r]/g;
/** The schema's pattern for a definition's `source`. */
const URI_PATTERN = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/u;
const KINDS: readonly string[] = ['area', 'term', 'definition'];

const FILE_KEYS = ['$schema', 'version', 'name', 'concepts'] as const;
const CONCEPT_KEYS = ['term', 'id', 'kind', 'aliases', 'abbreviations', 'deprecated', 'forbidden', 'definitions', 'facets', 'related', 'areas', 'common'] as const;
const NOTE_FORM_KEYS = ['form', 'note'] as const;
const REASON_FORM_KEYS = ['form', 'reason'] as const;
const DEFINITION_KEYS = ['text', 'source', 'area'] as const;
const FACET_KEYS = ['name', 'text'] as const;

const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

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
type EntryLocations = { -readonly [K in FormField | 'related']?: FormLocation[] };

/**
 * A cursor over the text. Objects are read as `if (open(…)) do { switch (key(…)) … } while (more(…))`;
 * every read skips the whitespace before it.
 */
class Scanner {
  private pos: number;
  /** Zero-based line of `pos`, counted as `load.ts` counts lines (`\n`, `\r\n` or a lone `\r`). */
  private line = 0;
  /** The next backslash, tab or line break at or after it was last looked for from (`SPECIAL`). */
  private special = -1;
  /** Where the last string read is written, quotes included. */
  private start = 0;
  private end = 0;
  /** Area names repeat across thousands of concepts: one string each. */
  private readonly interned = new Map<string, string>();
  private readonly internedLists = new Map<string, readonly string[]>();
  /** Positions of the concept being read, for `conceptFromEntry`. */
  private locs: EntryLocations = {};
  private readonly locate = (field: FormField | 'related', index: number): FormLocation | undefined => this.locs[field]?.[index];

  constructor(
    private readonly text: string,
    private readonly uri: string,
  ) {
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    // No other control character may appear anywhere in JSON text.
    if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) throw GIVE_UP;
  }

  file(): StrictJsonGlossary {
    const result: StrictJsonGlossary = { concepts: [], entryStarts: [] };
    let seen = 0;
    if (this.open(OPEN_BRACE, CLOSE_BRACE)) {
      do {
        const k = this.key(FILE_KEYS, seen);
        seen |= 1 << k;
        switch (FILE_KEYS[k]) {
          case 'version':
            // Only a bare `1`: `1.0` or `10` leave a character `more` rejects.
            this.space();
            this.expect(0x31 /* 1 */);
            break;
          case 'concepts':
            if (this.open(OPEN_BRACKET, CLOSE_BRACKET)) {
              do this.concept(result);
              while (this.more(CLOSE_BRACKET));
            }
            break;
          default:
            this.string();
        }
      } while (this.more(CLOSE_BRACE));
    }
    this.space();
    if (!(seen & (1 << FILE_KEYS.indexOf('concepts'))) || this.pos !== this.text.length) throw GIVE_UP;
    return result;
  }

  private concept(out: StrictJsonGlossary): void {
    this.space();
    const start = this.pos;
    const line = this.line;
    // Locals, then one object literal: every entry gets the same shape.
    let term: string | undefined;
    let id: string | undefined;
    let kind: ConceptEntry['kind'];
    let aliases: FormEntry[] | undefined;
    let abbreviations: FormEntry[] | undefined;
    let deprecated: ReasonFormEntry[] | undefined;
    let forbidden: ReasonFormEntry[] | undefined;
    let definitions: DefinitionEntry[] | undefined;
    let facets: FacetEntry[] | undefined;
    let related: string[] | undefined;
    let areas: readonly string[] | undefined;
    let common: boolean | undefined;
    const locs: EntryLocations = {};
    let seen = 0;
    if (this.open(OPEN_BRACE, CLOSE_BRACE)) {
      do {
        const k = this.key(CONCEPT_KEYS, seen);
        seen |= 1 << k;
        switch (CONCEPT_KEYS[k]) {
          case 'term':
            term = this.form();
            locs.term = [{ start: this.start, end: this.end }];
            break;
          case 'id':
            id = this.nonEmpty();
            break;
          case 'kind': {
            const value = this.string();
            if (!KINDS.includes(value)) throw GIVE_UP;
            kind = value as ConceptEntry['kind'];
            break;
          }
          case 'aliases':
            aliases = this.forms(NOTE_FORM_KEYS, (locs.aliases = []));
            break;
          case 'abbreviations':
            abbreviations = this.forms(NOTE_FORM_KEYS, (locs.abbreviations = []));
            break;
          case 'deprecated':
            deprecated = this.forms(REASON_FORM_KEYS, (locs.deprecated = []));
            break;
          case 'forbidden':
            forbidden = this.forms(REASON_FORM_KEYS, (locs.forbidden = []));
            break;
          case 'definitions':
            definitions = [];
            if (this.open(OPEN_BRACKET, CLOSE_BRACKET)) {
              do definitions.push(this.definition());
              while (this.more(CLOSE_BRACKET));
            }
            break;
          case 'facets':
            facets = [];
            if (this.open(OPEN_BRACKET, CLOSE_BRACKET)) {
              do facets.push(this.facet());
              while (this.more(CLOSE_BRACKET));
            }
            break;
          case 'related': {
            related = [];
            const at: FormLocation[] = (locs.related = []);
            if (this.open(OPEN_BRACKET, CLOSE_BRACKET)) {
              do {
                related.push(this.form());
                at.push({ start: this.start, end: this.end });
              } while (this.more(CLOSE_BRACKET));
            }
            break;
          }
          case 'areas': {
            const list: string[] = [];
            if (this.open(OPEN_BRACKET, CLOSE_BRACKET)) {
              do list.push(this.intern(this.nonEmpty()));
              while (this.more(CLOSE_BRACKET));
            }
            areas = this.internList(list);
            break;
          }
          case 'common':
            common = this.boolean();
            break;
        }
      } while (this.more(CLOSE_BRACE));
    }
    if (term === undefined) throw GIVE_UP;
    const entry: ConceptEntry = { term, id, kind, aliases, abbreviations, deprecated, forbidden, definitions, facets, related, areas, common };
    this.locs = locs;
    out.entryStarts.push(start);
    out.concepts.push(conceptFromEntry(entry, { origin: { uri: this.uri, line }, locate: this.locate }));
  }

  /** A list of forms: non-blank strings or `{ form, <note or reason>? }`, their positions pushed to `locs`. */
  private forms(keys: typeof NOTE_FORM_KEYS | typeof REASON_FORM_KEYS, locs: FormLocation[]): Array<FormEntry & ReasonFormEntry> {
    const forms: Array<FormEntry & ReasonFormEntry> = [];
    if (!this.open(OPEN_BRACKET, CLOSE_BRACKET)) return forms;
    do {
      this.space();
      if (this.text.charCodeAt(this.pos) === QUOTE) {
        forms.push(this.form());
        locs.push({ start: this.start, end: this.end });
        continue;
      }
      let form: string | undefined;
      let loc: FormLocation | undefined;
      let other: string | undefined;
      let seen = 0;
      if (this.open(OPEN_BRACE, CLOSE_BRACE)) {
        do {
          const k = this.key(keys, seen);
          seen |= 1 << k;
          if (k === 0) {
            form = this.form();
            loc = { start: this.start, end: this.end };
          } else {
            other = this.string();
          }
        } while (this.more(CLOSE_BRACE));
      }
      if (form === undefined || !loc) throw GIVE_UP;
      locs.push(loc);
      forms.push(other === undefined ? { form } : { form, [keys[1]]: other });
    } while (this.more(CLOSE_BRACKET));
    return forms;
  }

  private definition(): DefinitionEntry {
    this.space();
    if (this.text.charCodeAt(this.pos) === QUOTE) return this.nonEmpty();
    let text: string | undefined;
    let source: string | undefined;
    let area: string | undefined;
    let seen = 0;
    if (this.open(OPEN_BRACE, CLOSE_BRACE)) {
      do {
        const k = this.key(DEFINITION_KEYS, seen);
        seen |= 1 << k;
        if (k === 0) text = this.nonEmpty();
        else if (k === 1) {
          source = this.string();
          if (!URI_PATTERN.test(source)) throw GIVE_UP;
        } else area = this.intern(this.string());
      } while (this.more(CLOSE_BRACE));
    }
    if (text === undefined) throw GIVE_UP;
    return { text, ...(source !== undefined ? { source } : {}), ...(area !== undefined ? { area } : {}) };
  }

  private facet(): FacetEntry {
    let name: string | undefined;
    let text: string | undefined;
    let seen = 0;
    if (this.open(OPEN_BRACE, CLOSE_BRACE)) {
      do {
        const k = this.key(FACET_KEYS, seen);
        seen |= 1 << k;
        if (k === 0) name = this.nonEmpty();
        else text = this.string();
      } while (this.more(CLOSE_BRACE));
    }
    if (name === undefined || text === undefined) throw GIVE_UP;
    return { name, text };
  }

  /** One frozen list per distinct list of area names: most concepts share theirs with many others. */
  private internList(list: string[]): readonly string[] {
    const key = JSON.stringify(list);
    const known = this.internedLists.get(key);
    if (known) return known;
    this.internedLists.set(key, Object.freeze(list));
    return list;
  }

  private intern(value: string): string {
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }

  /** Reads `open`; false (after reading `close`) when the object or array is empty. */
  private open(open: number, close: number): boolean {
    this.space();
    this.expect(open);
    this.space();
    if (this.text.charCodeAt(this.pos) !== close) return true;
    this.pos++;
    return false;
  }

  /** After a member or item: true after a comma, false after `close`. */
  private more(close: number): boolean {
    this.space();
    const c = this.text.charCodeAt(this.pos++);
    if (c === 0x2c /* , */) return true;
    if (c !== close) throw GIVE_UP;
    return false;
  }

  /** A member name and its colon: the index of the name in `names`, which must not be in the `seen` bit set. */
  private key(names: readonly string[], seen: number): number {
    this.space();
    const { text } = this;
    const start = this.pos;
    this.expect(QUOTE);
    const end = text.indexOf('"', start + 1);
    const length = end - start - 1;
    let k = names.length - 1;
    while (k >= 0 && !(names[k]!.length === length && text.startsWith(names[k]!, start + 1))) k--;
    // An unknown name, or one written with an escape, is left to the general reader.
    if (k < 0 || seen & (1 << k)) throw GIVE_UP;
    this.pos = end + 1;
    this.space();
    this.expect(0x3a /* : */);
    return k;
  }

  /** `true` or `false`. */
  private boolean(): boolean {
    this.space();
    if (this.text.startsWith('true', this.pos)) {
      this.pos += 4;
      return true;
    }
    if (this.text.startsWith('false', this.pos)) {
      this.pos += 5;
      return false;
    }
    throw GIVE_UP;
  }

  /** A string the schema's `nonEmptyString` accepts (some non-whitespace character). */
  private nonEmpty(): string {
    const value = this.string();
    if (!NON_SPACE.test(value)) throw GIVE_UP;
    return value;
  }

  /**
   * A form (or related term): a non-empty string without invisible characters (`invisible.ts`),
   * which the general reader reports.
   */
  private form(): string {
    const value = this.nonEmpty();
    if (findInvisible(value)) throw GIVE_UP;
    return value;
  }

  /** A string value; `start` and `end` are set to where it is written. */
  private string(): string {
    this.space();
    const { text } = this;
    const start = this.pos;
    this.expect(QUOTE);
    const close = text.indexOf('"', this.pos);
    if (close < 0) throw GIVE_UP;
    if (this.special < this.pos) {
      SPECIAL.lastIndex = this.pos;
      this.special = SPECIAL.exec(text)?.index ?? text.length;
    }
    // Most strings hold no escape and no tab or line break: a slice of the text, which V8 keeps as a view, not a copy.
    if (this.special > close) {
      this.pos = close + 1;
      this.start = start;
      this.end = close + 1;
      return text.slice(start + 1, close);
    }
    for (let i = this.pos; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        this.pos = i + 1;
        this.start = start;
        this.end = i + 1;
        return JSON.parse(text.slice(start, i + 1)) as string;
      }
      if (c < 0x20) throw GIVE_UP;
      if (c === 0x5c /* \ */) {
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
