/**
 * Rename Symbol for a glossary concept: where a rename may start (only on a concept that a
 * workspace glossary file defines: its entry is what changes), whether a new preferred term is
 * acceptable, how each use is rewritten (prose keeps its case pattern, identifiers their naming
 * style), and the minimal edit of the glossary entry itself: the term replaced in place and the old
 * term kept as a `deprecated` form, so that text the rename did not reach gets a diagnostic with
 * a quick fix instead of silently losing its hover. The term is located with the `yaml` package's
 * syntax tree (node ranges; its stringifier writes the scalar) or `jsonc-parser`'s, the deprecated
 * form is added by `glossary/edit.ts`; every other byte of the file stays as it was, and the
 * edited file is read again to check that it says what was meant. Pure: texts, glossaries and offsets in, edits by offsets out.
 */

import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { isMap, isScalar, isSeq, parseDocument, stringify, visit, type Node as YamlNode, type Scalar, type YAMLMap } from 'yaml';
import { editGlossaryText, formatOf } from '../glossary/edit';
import { classifyProper, type CompiledGlossary } from '../glossary/compiled';
import { findInvisible, describeInvisible } from '../glossary/invisible';
import { formKey, parseGlossaryText } from '../glossary/load';
import { preferredForm, preferredTerm, type Concept } from '../glossary/model';
import { occurrenceAt, regionAt, type ParsedDocument } from '../text/document';
import type { Occurrence } from '../text/matcher';
import { continueIdentifier, defaultIdentifierStyle, detectIdentifierStyle, termWords, type IdentifierStyle } from '../text/identifiers';
import { tokenize } from '../text/tokens';
import { conceptAtEntry } from './references';
import type { GlossaryOutlineEntry } from './symbols';

/** An edit of one text by offsets, `end` exclusive. */
export interface OffsetEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** Where a rename may start: the concept, the span to rename in the document and the text to offer. */
export interface RenameTarget {
  readonly concept: number;
  readonly start: number;
  readonly end: number;
  /** The concept's preferred term: what the user edits. */
  readonly placeholder: string;
}

/** Why a rename cannot start or be made, as the message the editor shows. */
export interface RenameRefusal {
  readonly error: string;
}

/** Most characters in a preferred term a rename writes. */
export const MAX_TERM_LENGTH = 200;

/**
 * Whether the glossary file `uri` may be changed by a rename (a workspace glossary file), or why
 * not, e.g. `the bundled glossary`; supplied by the caller, who knows the layers and folders.
 */
export type EditableCheck = (uri: string) => true | { readonly reason: string };

/** The rename target at `offset` of a document (see {@link targetFor}). */
export function renameTargetAt(doc: ParsedDocument, offset: number, editable: EditableCheck): RenameTarget | RenameRefusal {
  const occ = occurrenceAt(doc, offset);
  if (!occ) return { error: 'Rename works on a glossary term: put the cursor on a term the glossary defines.' };
  return targetFor(doc.glossary, occ.ref.concept, occ.start, occ.end, editable);
}

/** The rename target at `offset` of a glossary file (`uri`, its outline `entries`): the entry's term. */
export function renameTargetAtEntry(
  glossary: CompiledGlossary,
  uri: string,
  entries: readonly GlossaryOutlineEntry[],
  offset: number,
  editable: EditableCheck,
): RenameTarget | RenameRefusal {
  const concept = conceptAtEntry(glossary, uri, entries, offset);
  const entry = entries.find((e) => offset >= e.start && offset <= e.end);
  if (concept === undefined || !entry?.term) return { error: 'Rename works on a glossary entry with a term: put the cursor on the entry.' };
  return targetFor(glossary, concept, entry.term.start, entry.term.end, editable);
}

/**
 * A rename of concept `concept`, shown over `start`..`end`, when its entry is in a file that may
 * be edited. A concept only the bundled glossary (or a file outside the workspace) defines is
 * refused: its entry is not the user's to change, and a rename that only rewrote documents would
 * leave every new use unknown to the glossary.
 */
function targetFor(glossary: CompiledGlossary, concept: number, start: number, end: number, editable: EditableCheck): RenameTarget | RenameRefusal {
  const c = glossary.concepts[concept]!;
  const term = preferredTerm(c);
  const uri = c.origin?.uri;
  if (!uri || !c.forms[0]?.loc) return { error: `“${term}” has no glossary entry termlens can edit, so it cannot be renamed.` };
  const ok = editable(uri);
  if (ok !== true) {
    return {
      error: `“${term}” is defined in ${ok.reason}, not in a workspace glossary file, so it cannot be renamed. Define it in a workspace glossary file (*.glossary.yaml) to rename it there.`,
    };
  }
  return { concept, start, end, placeholder: term };
}

/** Whether `newName` may become concept `concept`'s preferred term: the trimmed term, or why not. */
export function checkNewTerm(glossary: CompiledGlossary, concept: number, newName: string): { term: string } | RenameRefusal {
  const term = newName.trim();
  const old = preferredTerm(glossary.concepts[concept]!);
  if (term === '') return { error: 'A term cannot be empty.' };
  if (term.length > MAX_TERM_LENGTH) return { error: `A term has at most ${MAX_TERM_LENGTH} characters.` };
  if (/[\r\n\u2028\u2029]/.test(term)) return { error: 'A term is one line.' };
  const invisible = findInvisible(term);
  if (invisible) return { error: `A term must not contain invisible characters: ${describeInvisible(invisible)}.` };
  if (tokenize(term).length === 0) return { error: 'A term needs at least one letter or digit.' };
  if (term === old) return { error: `“${old}” is already the preferred term.` };
  const other = glossary.lookup(term);
  if (other && glossary.indexOfId(other.id) !== concept) {
    return { error: `“${term}” is already a form of “${preferredTerm(other)}”: rename to a term no other concept uses.` };
  }
  return { term };
}

/**
 * The edits that rename concept `concept` to `newTerm` in one document: every use of its
 * preferred term rewritten in the use's own shape (see {@link renamedText}). Uses of its other
 * forms (abbreviations, variants) stay: they remain forms of the concept.
 */
export function renameEditsIn(doc: ParsedDocument, concept: number, newTerm: string): OffsetEdit[] {
  const c = doc.glossary.concepts[concept]!;
  const preferred = c.forms.indexOf(preferredForm(c));
  const out: OffsetEdit[] = [];
  for (const occ of doc.occurrences) {
    if (occ.ref.concept !== concept || occ.ref.form !== preferred || occ.match !== 'exact') continue;
    const newText = renamedText(doc, occ, newTerm);
    if (newText !== doc.text.slice(occ.start, occ.end)) out.push({ start: occ.start, end: occ.end, newText });
  }
  return out;
}

/**
 * A use of a concept written as `newTerm`: in an identifier in the identifier's naming style
 * (`heston_model` → `rough_heston_model`, `calibrateHestonModel` → `calibrateRoughHestonModel`,
 * `HESTON_MODEL` → `ROUGH_HESTON_MODEL`), elsewhere in the use's case pattern (see
 * {@link casePattern}, with a capital kept at the start of a sentence); a plural or possessive
 * ending is kept.
 */
export function renamedText(doc: ParsedDocument, occ: Occurrence, newTerm: string): string {
  const { text, glossary } = doc;
  const info = glossary.formInfo(occ.ref);
  const tokens = occ.tokens;
  const last = tokens[tokens.length - 1];
  const formLast = info.tokens[info.tokens.length - 1];
  const plural = last !== undefined && formLast !== undefined && last.norm !== formLast.norm;
  if (occ.region === 'identifier') return identifierText(doc, occ, newTerm, plural);
  const surface = tokens.map((t) => text.slice(t.start, t.wordEnd));
  const formWords = info.tokens.map((t) => info.form.text.slice(t.start, t.wordEnd));
  const pattern = casePattern(surface, formWords, info.proper);
  const initialCapital = pattern.initialCapital || (isUpper(text[occ.start] ?? '') && sentenceStart(doc, occ.start));
  const written = writeInCase(newTerm, { ...pattern, initialCapital }, glossary, plural);
  const possessive = last ? text.slice(last.wordEnd, last.end) : '';
  return written + possessive;
}

/**
 * Whether `offset` starts a sentence: only spaces, quotes, brackets and markup lie between it and
 * the start of the text, a `.`, `!` or `?`, a blank line, or a line starting with a list, heading,
 * quote or comment marker. A plain line break (a paragraph wrapped) does not start one.
 */
function sentenceStart(doc: ParsedDocument, offset: number): boolean {
  const text = doc.text;
  let marker = false;
  for (let i = offset - 1; i >= 0; i--) {
    const ch = text[i]!;
    if (ch === '.' || ch === '!' || ch === '?') return true;
    if (ch === '\n') {
      if (marker || /\n[ \t\r]*$/.test(text.slice(Math.max(0, i - 64), i))) return true;
      continue;
    }
    if (/[-*+#>/;%\d]/.test(ch)) marker = true;
    else if (!/[\s"'\u201c\u2018(\[_`]/u.test(ch)) return false;
  }
  return true;
}

/**
 * A use in an identifier written as `newTerm`, in the naming style of the use itself when it has
 * several words (`HestonModel` inside `calibrate_HestonModel` stays PascalCase), else of the
 * whole identifier, else the language's default; continuing the identifier's part before it.
 */
function identifierText(doc: ParsedDocument, occ: Occurrence, newTerm: string, plural: boolean): string {
  const region = regionAt(doc, occ.start);
  const inside = region !== undefined && region.kind === 'identifier';
  const start = inside ? region.start : occ.start;
  const end = inside ? region.end : occ.end;
  const surface = doc.text.slice(occ.start, occ.end);
  const style: IdentifierStyle =
    (occ.tokens.length > 1 ? detectIdentifierStyle(surface) : undefined) ??
    detectIdentifierStyle(doc.text.slice(start, end)) ??
    defaultIdentifierStyle(doc.languageId);
  const words = termWords(newTerm);
  if (plural && words.length > 0) words[words.length - 1] = pluralOf(words[words.length - 1]!);
  const prefix = doc.text.slice(start, occ.start);
  return continueIdentifier(prefix, words, style).slice(prefix.length);
}

/** The case pattern of a use in prose, and whether its first letter is a capital the glossary does not write. */
export interface CasePattern {
  /** `as-written`: as the glossary writes it; `lower`, `title`, `upper`: every word that is not a proper name. */
  readonly words: 'as-written' | 'lower' | 'title' | 'upper';
  /** The first letter is capitalised (sentence-initial, or a heading). */
  readonly initialCapital: boolean;
}

const isUpper = (ch: string): boolean => ch !== ch.toLowerCase() && ch === ch.toUpperCase();
const letters = (s: string): string => s.replace(/[^\p{L}]/gu, '');
const allUpper = (s: string): boolean => letters(s) !== '' && letters(s) === letters(s).toUpperCase() && letters(s) !== letters(s).toLowerCase();
const allLower = (s: string): boolean => letters(s) === letters(s).toLowerCase();
const capitalised = (s: string): boolean => {
  const l = letters(s);
  return l !== '' && isUpper(l[0]!) && allLower(l.slice(1));
};

/**
 * The case pattern of the words `surface` written for a form whose words are `form` (`proper`:
 * which of them are proper names, whose case the glossary decides and which say nothing about the
 * writer's pattern). ALL CAPS when every letter is a capital and the form is not; else as written
 * when the words are the form's (but for a capitalised first letter: sentence-initial); else lower
 * case or Title Case by the words that are not proper names; else as written.
 */
export function casePattern(surface: readonly string[], form: readonly string[], proper: readonly boolean[]): CasePattern {
  const joined = surface.join(' ');
  if (letters(joined).length > 1 && allUpper(joined) && !allUpper(form.join(' '))) return { words: 'upper', initialCapital: false };
  const first = letters(surface[0] ?? '')[0] ?? '';
  const formFirst = letters(form[0] ?? '')[0] ?? '';
  const initialCapital = first !== '' && isUpper(first) && formFirst !== '' && !isUpper(formFirst);
  const lastWord = surface.length - 1;
  const same =
    surface.length === form.length &&
    surface.every((w, i) => {
      const [a, b] = i === 0 && initialCapital ? [w.slice(1), form[i]!.slice(1)] : [w, form[i]!];
      return i === lastWord ? a.startsWith(b) : a === b;
    });
  if (same) return { words: 'as-written', initialCapital };
  const common = surface.map((w, i) => ({ w, i })).filter(({ i }) => !proper[i]);
  if (common.length === 0) return { words: 'as-written', initialCapital: false };
  const startsCapitalised = common[0]!.i === 0 && capitalised(common[0]!.w);
  const rest = startsCapitalised ? common.slice(1) : common;
  // One capitalised word at the start says "sentence", not "Title Case".
  if (rest.every(({ w }) => allLower(w))) return { words: 'lower', initialCapital: startsCapitalised };
  if (common.every(({ w }) => capitalised(w) || allUpper(w))) return { words: 'title', initialCapital: false };
  return { words: 'as-written', initialCapital };
}

/** Words Title Case leaves in lower case inside a term. */
const MINOR_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'vs', 'with']);

/**
 * `term` written in `pattern`: proper names (`Heston`, `SABR`) keep the glossary's case unless the
 * pattern is ALL CAPS; `plural` makes the last word plural.
 */
export function writeInCase(term: string, pattern: CasePattern, glossary: CompiledGlossary, plural = false): string {
  const tokens = tokenize(term);
  const proper = classifyProper(term, tokens, glossary.dictionary);
  let out = '';
  let at = 0;
  tokens.forEach((t, i) => {
    out += term.slice(at, t.start);
    let word = term.slice(t.start, t.wordEnd);
    if (plural && i === tokens.length - 1) word = pluralOf(word);
    if (pattern.words === 'upper') word = word.toUpperCase();
    else if (!proper[i] && pattern.words === 'lower') word = word.toLowerCase();
    else if (!proper[i] && pattern.words === 'title') word = i > 0 && MINOR_WORDS.has(word.toLowerCase()) ? word.toLowerCase() : upperFirst(word);
    out += word + term.slice(t.wordEnd, t.end);
    at = t.end;
  });
  out += term.slice(at);
  return pattern.initialCapital ? upperFirst(out) : out;
}

function upperFirst(s: string): string {
  const first = s.codePointAt(0);
  if (first === undefined) return s;
  const ch = String.fromCodePoint(first);
  return ch.toUpperCase() + s.slice(ch.length);
}

/** The English plural of a word (`model` → `models`, `volatility` → `volatilities`, `index` → `indexes`, `ETF` → `ETFs`). */
export function pluralOf(word: string): string {
  if (letters(word).length > 1 && allUpper(word)) return `${word}s`;
  const lower = word.toLowerCase();
  const upper = allUpper(word) && letters(word).length > 1;
  const add = (suffix: string, drop = 0): string => word.slice(0, word.length - drop) + (upper ? suffix.toUpperCase() : suffix);
  if (/[^aeiou]y$/.test(lower)) return add('ies', 1);
  if (/(s|x|z|ch|sh)$/.test(lower)) return add('es');
  return add('s');
}

// The glossary entry.

/** What {@link renameEntry} needs of the concept. */
export interface EntryRename {
  /** The glossary file's URI (says whether it is JSON) and its current text. */
  readonly uri: string;
  readonly text: string;
  /** Offsets of the entry's `term` value in `text`. */
  readonly termStart: number;
  /** The preferred term now, and the new one. */
  readonly oldTerm: string;
  readonly newTerm: string;
}

/**
 * The edits of a glossary file that make an entry's preferred term `newTerm` and keep the old term
 * as a `deprecated` form (unless only its case or separators change), and point `related` entries of the same file that name the old term at
 * the new one. The term is replaced where it is written (its quotes kept); the deprecated form is
 * added by `glossary/edit.ts` (`addForm`), in the style the file already has. The edited text is
 * read again: unless it holds the entry with the new term and the old one deprecated, with no
 * error, the rename is refused rather than written.
 */
export function renameEntry(input: EntryRename): { edits: OffsetEdit[] } | RenameRefusal {
  const { uri, text } = input;
  const before = parseGlossaryText(text, uri);
  if (before.problems.some((p) => p.severity === 'error')) return { error: `${fileName(uri)} has errors: fix them before renaming a term it defines.` };
  const format = formatOf(uri);
  const term = format === 'json' ? jsonTermEdit(input) : yamlTermEdit(input);
  if ('error' in term) return term;
  // A new spelling of the same form (`Heston model` for `Heston Model`) leaves nothing to deprecate.
  const keep = formKey(input.oldTerm.trim()) !== formKey(input.newTerm);
  const added = keep
    ? editGlossaryText(
        applyOffsetEdits(text, [term]),
        format,
        { kind: 'addForm', term: input.newTerm, field: 'deprecated', form: input.oldTerm.trim() },
        { uri },
      )
    : { ok: true as const, edits: [] };
  if (!added.ok) return { error: `the old term could not be kept as deprecated in ${fileName(uri)}: ${added.reason}.` };
  const all = [term, ...added.edits.map((e) => beforeEdit(e, term)), ...relatedEdits(before.concepts, input, format === 'json')].sort(
    (x, y) => x.start - y.start,
  );
  const unsafe = { error: `the entry of “${input.oldTerm}” in ${fileName(uri)} could not be edited safely; rename it by hand.` };
  for (let i = 1; i < all.length; i++) if (all[i]!.start < all[i - 1]!.end) return unsafe;
  const after = parseGlossaryText(applyOffsetEdits(text, all), uri);
  const renamed = after.concepts.find((c) => preferredTerm(c) === input.newTerm);
  const kept = renamed !== undefined && (!keep || renamed.forms.some((f) => f.status === 'deprecated' && f.text === input.oldTerm.trim()));
  if (after.problems.some((p) => p.severity === 'error') || !kept || after.concepts.length !== before.concepts.length) return unsafe;
  return { edits: all };
}

/**
 * An edit of the text after `first` was applied, as an edit of the text before: offsets after
 * `first`'s span shift back by what it added. (An edit inside that span cannot be mapped: the
 * result is then left overlapping, which {@link renameEntry} refuses.)
 */
function beforeEdit(e: OffsetEdit, first: OffsetEdit): OffsetEdit {
  const added = first.newText.length - (first.end - first.start);
  if (e.end <= first.start) return e;
  if (e.start >= first.start + first.newText.length) return { start: e.start - added, end: e.end - added, newText: e.newText };
  return { start: first.start, end: first.end + 1, newText: e.newText };
}

/** `related` entries of the file naming the old term (in any spelling of its key), rewritten as the new term. */
function relatedEdits(concepts: readonly Concept[], input: EntryRename, json: boolean): OffsetEdit[] {
  const key = formKey(input.oldTerm.trim());
  const locs = concepts.flatMap((c) => c.related.flatMap((name, i) => (c.relatedLocs?.[i] && formKey(name) === key ? [c.relatedLocs[i]!] : [])));
  const inFlow = json ? new Set<number>() : flowScalarStarts(input.text, new Set(locs.map((l) => l.start)));
  return locs.map((loc) => {
    const original = input.text.slice(loc.start, loc.end);
    const newText = json ? JSON.stringify(input.newTerm) : yamlScalar(input.newTerm, inFlow.has(loc.start), quoteOf(original));
    return { start: loc.start, end: loc.end, newText };
  });
}

/** Applies non-overlapping edits (in any order) to `text`. */
export function applyOffsetEdits(text: string, edits: readonly OffsetEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.replace(/[?#].*$/, '').replace(/^.*\//, ''));
}

/** The quoting of a YAML scalar's source: `'`, `"` or none. */
function quoteOf(source: string): "'" | '"' | undefined {
  return source.startsWith("'") ? "'" : source.startsWith('"') ? '"' : undefined;
}

/**
 * A string as a YAML scalar: in the quotes asked for when given, else plain when the `yaml`
 * package writes it plain in that context (so that `true`, `1.5` or `a: b` are quoted), else as
 * it writes it.
 */
function yamlScalar(value: string, inFlow: boolean, quote?: "'" | '"'): string {
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  if (quote === '"') return JSON.stringify(value);
  if (inFlow) {
    const written = stringify([value], { flow: true, lineWidth: 0 }).trim();
    return written.startsWith('[ ') && written.endsWith(' ]') ? written.slice(2, -2) : JSON.stringify(value);
  }
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

/** The starts of the YAML scalars inside flow collections (`[…]`, `{…}`), among `offsets`. */
function flowScalarStarts(text: string, offsets: ReadonlySet<number>): Set<number> {
  const found = new Set<number>();
  if (offsets.size === 0) return found;
  visit(parseDocument(text, { prettyErrors: false, uniqueKeys: false }), {
    Scalar(_key, node, path) {
      const start = node.range?.[0];
      if (start !== undefined && offsets.has(start) && path.some((p) => (isSeq(p) || isMap(p)) && p.flow === true)) found.add(start);
    },
  });
  return found;
}

/** The edit of the YAML entry's `term` value: the new term, in the old value's quotes when it had them. */
function yamlTermEdit(input: EntryRename): OffsetEdit | RenameRefusal {
  const { text } = input;
  const refuse = { error: `the entry of “${input.oldTerm}” in ${fileName(input.uri)} was not found; save the file and try again.` };
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const concepts = isMap(doc.contents) ? doc.contents.get('concepts', true) : undefined;
  if (doc.errors.length > 0 || !isSeq(concepts)) return refuse;
  const entry = concepts.items.find((item): item is YAMLMap => isMap(item) && (item.get('term', true) as YamlNode | undefined)?.range?.[0] === input.termStart);
  const termNode = entry?.get('term', true) as Scalar | undefined;
  if (!entry || !isScalar(termNode) || !termNode.range) return refuse;
  const original = text.slice(termNode.range[0], termNode.range[1]);
  return { start: termNode.range[0], end: termNode.range[1], newText: yamlScalar(input.newTerm, entry.flow === true, quoteOf(original)) };
}

/** The edit of the JSON entry's `term` string. */
function jsonTermEdit(input: EntryRename): OffsetEdit | RenameRefusal {
  // jsonc-parser does not skip a byte order mark; a space in its place keeps every offset.
  const text = input.text.charCodeAt(0) === 0xfeff ? ` ${input.text.slice(1)}` : input.text;
  const root = parseTree(text, [], { allowTrailingComma: true });
  const term = jsonChild(root, 'concepts')
    ?.children?.map((c) => jsonChild(c, 'term'))
    .find((t) => t?.offset === input.termStart && t.type === 'string');
  if (!term) return { error: `the entry of “${input.oldTerm}” in ${fileName(input.uri)} was not found; save the file and try again.` };
  return { start: term.offset, end: term.offset + term.length, newText: JSON.stringify(input.newTerm) };
}

function jsonChild(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object') return undefined;
  return node.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
}
