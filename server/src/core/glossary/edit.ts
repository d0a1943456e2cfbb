/**
 * Writing the glossary: the text edits that add a concept, add a form to an entry, deprecate an
 * admitted form, or accept an abbreviation in a project config's `knownAcronyms`. Pure: text in,
 * offsets and new text out (no file system, no LSP; `lsp/glossaryEdits.ts` builds code actions
 * from them).
 *
 * Every byte outside the edit stays as it was: YAML is located with the `yaml` package's document
 * and source tokens (`keepSourceTokens`), and the new text is written in the style already there
 * (a block or flow list, its indentation, its line breaks, no trailing newline when the file has
 * none); JSON is located with `jsonc-parser`, a new concept is inserted with its `modify`. Each
 * result is checked before it is returned: the edited text must read as the old data with exactly
 * the change made, and as a glossary (or config) with no error; otherwise the edit is refused with
 * a reason, never returned half right.
 */

import { modify, parseTree, type FormattingOptions, type Node as JsonNode } from 'jsonc-parser';
import { Document, isAlias, isMap, isNode, isPair, isScalar, isSeq, parseDocument, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { caseKey, formKey, type ConceptEntry, type FormEntry, type ReasonFormEntry } from './format';
import { MAX_GLOSSARY_BYTES, parseGlossaryText } from './load';

/** One edit: replace `text.slice(start, end)` with `newText` (offsets into the file's text). */
export interface GlossaryTextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/** How a glossary or config file is written. */
export type FileFormat = 'yaml' | 'json';

/** The list fields of an entry a form can be added to. */
export type FormListField = 'aliases' | 'abbreviations' | 'deprecated';

/** A change to a glossary file. */
export type GlossaryChange =
  /** Appends a concept at the end of `concepts` (`comment`, one line, goes above it where the file allows comments). */
  | { readonly kind: 'addConcept'; readonly entry: ConceptEntry; readonly comment?: string }
  /** Adds `form` to the `field` list of the entry whose term is `term` (compared by `formKey`), creating the list if needed. */
  | { readonly kind: 'addForm'; readonly term: string; readonly field: FormListField; readonly form: FormEntry | ReasonFormEntry }
  /** Moves the admitted form `form` (an alias or abbreviation, compared by `formKey`) of the entry `term` to its `deprecated` list. */
  | { readonly kind: 'deprecateForm'; readonly term: string; readonly form: string; readonly reason?: string };

/** The outcome of an edit: the edits and the text they give, or why there is none. */
export type EditResult =
  | { readonly ok: true; readonly edits: readonly GlossaryTextEdit[]; readonly text: string }
  | { readonly ok: false; readonly reason: string };

/** Options of {@link editGlossaryText}. */
export interface EditGlossaryOptions {
  /** The file's URI, for the check with `parseGlossaryText` (its extension picks the reader); default by `format`. */
  readonly uri?: string;
}

/** The format of a file by its name: `.json` is JSON, anything else YAML. */
export function formatOf(fileName: string): FileFormat {
  return /\.json$/i.test(fileName.replace(/[?#].*$/, '')) ? 'json' : 'yaml';
}

/** Applies non-overlapping edits (by offsets into `text`). */
export function applyTextEdits(text: string, edits: readonly GlossaryTextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** The one edit that turns `before` into `after`: what lies between their common prefix and common suffix. */
export function minimalEdit(before: string, after: string): GlossaryTextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { start, end: before.length - tail, newText: after.slice(start, after.length - tail) };
}

// ---------------------------------------------------------------------------------------------
// Glossary files

/**
 * The edit that makes `change` in a glossary file's `text`, or why it cannot be made: the file is
 * too large, has errors, already has the form or concept, does not have the entry, or writes the
 * place to change through a YAML alias or merge key (editing it there would change other entries).
 */
export function editGlossaryText(text: string, format: FileFormat, change: GlossaryChange, options: EditGlossaryOptions = {}): EditResult {
  if (text.length > MAX_GLOSSARY_BYTES) return refuse('the glossary file is larger than 50 MB');
  const uri = options.uri ?? (format === 'json' ? 'untitled:glossary.json' : 'untitled:glossary.yaml');
  const read = readData(text, format);
  if (!read.ok) return read;
  const data = read.value.data;
  const empty = data === null || data === undefined;
  if (empty && change.kind !== 'addConcept') return refuse('the glossary file has no concepts');
  // The file is read (and the edit located) once; the loader runs on the result only. A file with
  // errors gives a result with errors, and is then named as the reason.
  const brokenBefore = (): string | undefined => {
    const error = empty ? undefined : parseGlossaryText(text, uri).problems.find((p) => p.severity === 'error');
    return error && `the glossary file has errors; fix them first (${error.message})`;
  };
  const expected = expectedGlossary(empty ? {} : data, change);
  if (!expected.ok) return brokenBefore() ? refuse(brokenBefore()!) : expected;
  const after = format === 'json' ? editJsonGlossary(text, change, empty) : editYamlGlossary(text, read.value.doc!, data, change);
  if (!after.ok) return brokenBefore() ? refuse(brokenBefore()!) : after;
  const result = checked(text, after.value, format, expected.value, (edited) => {
    const problem = parseGlossaryText(edited, uri).problems.find((p) => p.severity === 'error');
    return problem && `the edited glossary would not read cleanly (${problem.message})`;
  });
  return result.ok ? result : refuse(brokenBefore() ?? result.reason);
}

/**
 * The text of a new glossary file holding `entry` (YAML, or JSON for a `.json` file), with
 * `comment` lines at the top of a YAML file.
 */
export function newGlossaryFileText(entry: ConceptEntry, format: FileFormat = 'yaml', comment?: string): string {
  if (format === 'json') return JSON.stringify({ concepts: [entry] }, null, 2) + '\n';
  const header = comment ? comment.split('\n').map((line) => `# ${line}`.trimEnd() + '\n').join('') : '';
  return `${header}concepts:\n${entryLines(entry, 2, 4).join('\n')}\n`;
}

/** The data a glossary should read as after `change`, or why the change makes no sense there. */
function expectedGlossary(data: unknown, change: GlossaryChange): Result<unknown> {
  if (!isRecord(data)) return refuse('the glossary file is not a map with a "concepts" list');
  const concepts = data.concepts;
  if (concepts !== undefined && concepts !== null && !Array.isArray(concepts)) return refuse('"concepts" is not a list');
  const list = Array.isArray(concepts) ? [...(concepts as unknown[])] : [];
  if (change.kind === 'addConcept') {
    const key = formKey(change.entry.term);
    if (list.some((c) => isRecord(c) && typeof c.term === 'string' && formKey(c.term) === key)) return refuse(`the glossary already has "${change.entry.term}"`);
    return ok({ ...data, concepts: [...list, plainData(change.entry)] });
  }
  const index = entryIndex(list, change.term);
  if (index < 0) return refuse(`the glossary file has no entry "${change.term}"`);
  const entry = { ...(list[index] as Record<string, unknown>) };
  const formsOf = (field: string): unknown[] => (Array.isArray(entry[field]) ? [...(entry[field] as unknown[])] : []);
  if (change.kind === 'addForm') {
    const text = formTextOf(change.form);
    for (const field of FORM_FIELDS) {
      if (formsOf(field).some((f) => sameForm(f, change.form))) return refuse(`"${text}" is already in the entry "${change.term}"`);
    }
    const caseSensitiveEntry = entry.caseSensitive === true;
    if (sameForm(caseSensitiveEntry ? { form: String(entry.term), caseSensitive: true } : String(entry.term), change.form)) {
      return refuse(`"${text}" is the term of the entry`);
    }
    entry[change.field] = [...formsOf(change.field), plainData(change.form)];
  } else {
    const key = formKey(change.form);
    const field = (['aliases', 'abbreviations'] as const).find((f) => formsOf(f).some((x) => formKey(formTextOf(x as FormEntry)) === key));
    if (!field) return refuse(`"${change.form}" is not an alias or abbreviation of "${change.term}"`);
    const forms = formsOf(field);
    const at = forms.findIndex((x) => formKey(formTextOf(x as FormEntry)) === key);
    const written = formTextOf(forms[at] as FormEntry);
    forms.splice(at, 1);
    entry[field] = forms;
    entry.deprecated = [...formsOf('deprecated'), change.reason ? { form: written, reason: change.reason } : written];
  }
  list[index] = entry;
  return ok({ ...data, concepts: list });
}

const FORM_FIELDS = ['aliases', 'abbreviations', 'deprecated', 'forbidden'] as const;

/**
 * Whether a written form (string or object) is the form `form` as the loader sees it: the same
 * key, and, when either is case-sensitive, the same case (`format.ts` keeps such forms apart).
 */
function sameForm(written: unknown, form: FormEntry | ReasonFormEntry): boolean {
  if (typeof written !== 'string' && !(isRecord(written) && typeof written.form === 'string')) return false;
  const other = formTextOf(written as FormEntry);
  const text = formTextOf(form);
  if (formKey(other) !== formKey(text)) return false;
  return !(isCaseSensitiveForm(written as FormEntry) || isCaseSensitiveForm(form)) || caseKey(other) === caseKey(text);
}

function isCaseSensitiveForm(form: FormEntry | ReasonFormEntry): boolean {
  return typeof form === 'object' && form.caseSensitive === true;
}

function formTextOf(form: FormEntry | ReasonFormEntry): string {
  return typeof form === 'string' ? form : form.form;
}

/** The index of the entry whose term is `term` (by `formKey`; the last one), or -1. */
function entryIndex(list: readonly unknown[], term: string): number {
  const key = formKey(term);
  for (let i = list.length - 1; i >= 0; i--) {
    const c = list[i];
    if (isRecord(c) && typeof c.term === 'string' && formKey(c.term) === key) return i;
  }
  return -1;
}

// YAML glossaries.

function editYamlGlossary(text: string, doc: Document, data: unknown, change: GlossaryChange): Result<string> {
  const root = doc.contents;
  const nl = newlineOf(text);
  if (change.kind === 'addConcept') return addYamlConcept(text, root, change, nl);
  if (!isMap(root)) return refuse('the glossary file is not a map with a "concepts" list');
  const concepts = root.get('concepts', true);
  if (!isSeq(concepts)) return refuse('"concepts" is not a list');
  // Found in the data, where an entry written as an alias (`- *base`) reads as the entry it names.
  const index = entryIndex((data as { concepts: unknown[] }).concepts, change.term);
  if (index < 0) return refuse(`the glossary file has no entry "${change.term}"`);
  const entry = concepts.items[index];
  if (!isMap(entry)) return refuse(`the entry "${change.term}" is written through a YAML alias; edit it where its anchor is`);
  // A field the entry takes from a merge key (`<<: *base`) cannot get a list of its own without losing the merged one.
  const merged = (data as { concepts: Record<string, unknown>[] }).concepts[index]!;
  if (change.kind === 'addForm') return addToYamlList(text, entry, change.field, change.form, nl, merged[change.field] !== undefined);
  // Deprecating: take the form out of its list, then add it to `deprecated` in the text that gives.
  const removed = removeFromYamlList(text, entry, change.form);
  if (!removed.ok) return removed;
  const next = parseDocument(removed.value.text, { keepSourceTokens: true, merge: true }).contents;
  const nextConcepts = isMap(next) ? next.get('concepts', true) : undefined;
  const nextEntry = isSeq(nextConcepts) ? nextConcepts.items[index] : undefined;
  if (!isMap(nextEntry)) return refuse('the entry could not be found again after removing the form');
  const written = removed.value.written;
  const form: ReasonFormEntry = change.reason ? { form: written, reason: change.reason } : written;
  return addToYamlList(removed.value.text, nextEntry, 'deprecated', form, nl, merged.deprecated !== undefined);
}

/** Appends a concept to `concepts` (in an empty file, the list too). */
function addYamlConcept(text: string, root: unknown, change: Extract<GlossaryChange, { kind: 'addConcept' }>, nl: string): Result<string> {
  const comment = change.comment ? [`# ${change.comment.replace(/\s+/g, ' ')}`] : [];
  if (root === null || root === undefined || (isScalar(root) && root.value === null)) {
    // An empty file, or one with only comments: the list starts at the end.
    const lines = ['concepts:', ...comment.map((c) => `  ${c}`), ...entryLines(change.entry, 2, 4)];
    return ok(appendLines(text, text.length, lines, nl));
  }
  if (!isMap(root)) return refuse('the glossary file is not a map with a "concepts" list');
  // The schema requires a list of concepts, so a file that reads cleanly has one.
  const pair = findPair(root, 'concepts');
  const value = pair?.value;
  const keyColumn = columnOf(text, nodeStart(pair?.key) ?? 0);
  if (!isSeq(value)) return refuse('"concepts" is not a list');
  if (value.flow) {
    if (value.items.length === 0 && !root.flow) {
      // `concepts: []`: written as a block list from now on, under the key.
      const range = value.range!;
      const from = text.slice(0, range[0]).replace(/[ \t]+$/, '').length;
      const cleared = text.slice(0, from) + text.slice(range[1]);
      const at = lineAfter(cleared, from);
      const lines = [...comment.map((c) => `${' '.repeat(keyColumn + 2)}${c}`), ...entryLines(change.entry, keyColumn + 2, keyColumn + 4)];
      return ok(appendLines(cleared, at, lines, nl));
    }
    return insertIntoFlowList(text, yamlFlowList(text, value), flowYaml(change.entry), nl);
  }
  const last = value.items[value.items.length - 1];
  const dash = lastDashOffset(value);
  if (!isNode(last) || dash === undefined) return refuse('the last entry of "concepts" could not be located');
  const dashColumn = columnOf(text, dash);
  const firstKey = isMap(last) ? nodeStart(last.items[0]?.key) : undefined;
  const sameLine = firstKey !== undefined && lineStart(text, firstKey) === lineStart(text, dash);
  const keyColumn2 = sameLine ? columnOf(text, firstKey) : dashColumn + 2;
  const at = lineAfter(text, last.range![1]);
  const lines = [...comment.map((c) => `${' '.repeat(dashColumn)}${c}`), ...entryLines(change.entry, dashColumn, Math.max(keyColumn2, dashColumn + 2))];
  return ok(appendLines(text, at, lines, nl));
}

/** Adds `form` to the list `field` of a YAML map (an entry, or a config's root), creating the key when there is none. */
function addToYamlList(text: string, map: YAMLMap, field: string, form: unknown, nl: string, inherited = false): Result<string> {
  const pair = findPair(map, field);
  const item = flowYaml(form);
  if (pair) {
    const value = pair.value;
    if (isAlias(value)) return refuse(`"${field}" is a YAML alias shared with other entries; edit it where its anchor is`);
    if (isScalar(value) && value.value === null) {
      const colon = valueIndicatorEnd(pair);
      if (colon === undefined) return refuse(`"${field}" could not be located`);
      const range = value.range!;
      const from = range[1] > range[0] ? range[0] : colon;
      return ok(text.slice(0, from) + (from === colon ? ' ' : '') + `[${item}]` + text.slice(range[1] > range[0] ? range[1] : colon));
    }
    if (!isSeq(value)) return refuse(`"${field}" is not a list`);
    if (value.flow) return insertIntoFlowList(text, yamlFlowList(text, value), item, nl);
    const last = value.items[value.items.length - 1];
    const dash = lastDashOffset(value);
    if (!isNode(last) || dash === undefined) return refuse(`the list "${field}" could not be located`);
    return ok(appendLines(text, lineAfter(text, last.range![1]), [`${' '.repeat(columnOf(text, dash))}- ${item}`], nl));
  }
  if (inherited) return refuse(`the entry takes "${field}" from a YAML merge key; add the form where its anchor is`);
  const after = anchorPair(map, field);
  if (!after) return refuse(`no place for "${field}" was found`);
  if (map.flow) {
    const end = after.value && isNode(after.value) ? after.value.range![1] : nodeEnd(after.key);
    if (end === undefined) return refuse(`no place for "${field}" was found`);
    return ok(text.slice(0, end) + `, ${field}: [${item}]` + text.slice(end));
  }
  const keyStart = nodeStart(map.items[0]?.key);
  const end = isNode(after.value) ? after.value.range![1] : nodeEnd(after.key);
  if (keyStart === undefined || end === undefined) return refuse(`no place for "${field}" was found`);
  return ok(appendLines(text, lineAfter(text, end), [`${' '.repeat(columnOf(text, keyStart))}${field}: [${item}]`], nl));
}

/** Takes the admitted form `form` out of the aliases or abbreviations of a YAML entry. */
function removeFromYamlList(text: string, entry: YAMLMap, form: string): Result<{ text: string; written: string }> {
  const key = formKey(form);
  for (const field of ['aliases', 'abbreviations']) {
    const pair = findPair(entry, field);
    if (!pair) continue;
    const value = pair.value;
    if (isAlias(value)) return refuse(`"${field}" is a YAML alias shared with other entries; edit it where its anchor is`);
    if (!isSeq(value)) continue;
    const at = value.items.findIndex((item) => {
      const written = isMap(item) ? scalarValue(item.get('form', true)) : scalarValue(item);
      return written !== undefined && formKey(written) === key;
    });
    if (at < 0) continue;
    const item = value.items[at];
    const written = (isMap(item) ? scalarValue(item.get('form', true)) : scalarValue(item)) ?? form;
    if (value.flow) return ok({ text: removeFromFlowList(text, yamlFlowList(text, value), at), written });
    const dash = dashOffsets(value)[at];
    if (dash === undefined || !isNode(item)) return refuse(`the form "${form}" could not be located`);
    const from = lineStart(text, dash);
    const to = lineAfter(text, item.range![1]);
    if (value.items.length > 1) return ok({ text: text.slice(0, from) + text.slice(to), written });
    // The only item: the key keeps an empty flow list (and any comment on its line).
    const colon = valueIndicatorEnd(pair);
    if (colon === undefined || colon > from) return refuse(`the form "${form}" could not be located`);
    return ok({ text: text.slice(0, colon) + ' []' + text.slice(colon, from) + text.slice(to), written });
  }
  return refuse(`"${form}" is not an alias or abbreviation of the entry`);
}

/** The pair after which a new `field` goes: the last present of the fields before it in the usual order, else `term`, else the last. */
function anchorPair(map: YAMLMap, field: string): Pair | undefined {
  const order = ['term', 'id', 'kind', 'common', 'status', 'caseSensitive', 'aliases', 'abbreviations', 'deprecated', 'forbidden'];
  const before = order.indexOf(field) < 0 ? [] : order.slice(0, order.indexOf(field));
  for (let i = before.length - 1; i >= 0; i--) {
    const pair = findPair(map, before[i]!);
    if (pair) return pair;
  }
  return map.items[map.items.length - 1] as Pair | undefined;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p): p is Pair => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
}

function scalarValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function nodeStart(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[0] : undefined;
}

function nodeEnd(node: unknown): number | undefined {
  return isNode(node) && node.range ? node.range[1] : undefined;
}

/** The offset after a pair's `:`. */
function valueIndicatorEnd(pair: Pair): number | undefined {
  const token = (pair as Pair & { srcToken?: { sep?: readonly { type: string; offset: number }[] } }).srcToken;
  const colon = token?.sep?.find((t) => t.type === 'map-value-ind');
  return colon ? colon.offset + 1 : undefined;
}

/** The offsets of the `-` of each item of a block list (from its source tokens; a comment after the last item is a token item without one). */
function dashOffsets(seq: YAMLSeq): number[] {
  const token = (seq as YAMLSeq & { srcToken?: { items?: readonly { start: readonly { type: string; offset: number }[] }[] } }).srcToken;
  return (token?.items ?? []).flatMap((item) => item.start.filter((t) => t.type === 'seq-item-ind').map((t) => t.offset));
}

function lastDashOffset(seq: YAMLSeq): number | undefined {
  const dashes = dashOffsets(seq);
  return dashes.length === seq.items.length ? dashes[dashes.length - 1] : undefined;
}

/** A flow list of YAML as offsets: its brackets and items. */
function yamlFlowList(text: string, seq: YAMLSeq): FlowList {
  const range = seq.range!;
  const open = text.indexOf('[', range[0]);
  let close = range[1] - 1;
  while (close > open && text[close] !== ']') close--;
  return { open, close, items: seq.items.map((item) => (isNode(item) && item.range ? { start: item.range[0], end: item.range[1] } : { start: open + 1, end: open + 1 })) };
}

/**
 * The lines of a new block-list entry: `-` at `dashColumn`, its keys at `keyColumn`; lists of
 * forms, related terms and areas in flow style, as the documentation writes them.
 */
function entryLines(entry: unknown, dashColumn: number, keyColumn: number): string[] {
  const doc = new Document(entry);
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      // Lists of plain strings in flow style, short definitions included; lists of objects (forms with reasons, sourced definitions) as blocks.
      if (isSeq(pair.value) && pair.value.items.every((item) => isScalar(item))) {
        const short = pair.value.items.every((item) => String((item as { value?: unknown }).value).length <= 60);
        if (short || String((pair.key as { value?: unknown }).value) !== 'definitions') pair.value.flow = true;
      }
    }
  }
  const lines = doc
    .toString({ lineWidth: 0, flowCollectionPadding: false, indent: 2 })
    .replace(/\n+$/, '')
    .split('\n');
  return lines.map((line, i) => (i === 0 ? `${' '.repeat(dashColumn)}-${' '.repeat(Math.max(1, keyColumn - dashColumn - 1))}${line}` : line === '' ? '' : `${' '.repeat(keyColumn)}${line}`));
}

/** A value in YAML flow style, on one line (a form, or an entry in a flow list). */
function flowYaml(value: unknown): string {
  const doc = new Document([value]);
  (doc.contents as YAMLSeq).flow = true;
  const text = doc.toString({ lineWidth: 0, flowCollectionPadding: false }).trim();
  return text.slice(1, -1);
}

// JSON glossaries.

function editJsonGlossary(text: string, change: GlossaryChange, empty: boolean): Result<string> {
  const style = jsonStyle(text);
  if (change.kind === 'addConcept') {
    if (empty) return ok(text + JSON.stringify({ concepts: [change.entry] }, null, style.insertSpaces ? style.tabSize : '\t') + style.eol);
    const root = parseTree(text);
    const concepts = root && jsonProperty(root, 'concepts');
    const edits = modify(text, concepts ? ['concepts', -1] : ['concepts'], concepts ? change.entry : [change.entry], {
      formattingOptions: style,
      isArrayInsertion: Boolean(concepts),
    });
    return ok(applyTextEdits(text, edits.map((e) => ({ start: e.offset, end: e.offset + e.length, newText: e.content }))));
  }
  const root = parseTree(text);
  const list = root && jsonProperty(root, 'concepts');
  const items = list?.type === 'array' ? (list.children ?? []) : [];
  const index = entryIndex(
    items.map((item) => ({ term: jsonProperty(item, 'term')?.value })),
    change.term,
  );
  const entry = items[index];
  if (!entry || entry.type !== 'object') return refuse(`the glossary file has no entry "${change.term}"`);
  const eol = style.eol ?? '\n';
  if (change.kind === 'addForm') return ok(addToJsonList(text, entry, change.field, change.form, eol));
  const key = formKey(change.form);
  for (const field of ['aliases', 'abbreviations']) {
    const forms = jsonProperty(entry, field);
    const at = (forms?.children ?? []).findIndex((f) => {
      const written = f.type === 'string' ? f.value : jsonProperty(f, 'form')?.value;
      return typeof written === 'string' && formKey(written) === key;
    });
    if (!forms || at < 0) continue;
    const item = forms.children![at]!;
    const written = String(item.type === 'string' ? item.value : jsonProperty(item, 'form')?.value);
    const removed = removeFromFlowList(text, jsonList(forms), at);
    const nextEntry = (jsonProperty(parseTree(removed)!, 'concepts')?.children ?? [])[index];
    if (!nextEntry) return refuse('the entry could not be found again after removing the form');
    const form: ReasonFormEntry = change.reason ? { form: written, reason: change.reason } : written;
    return ok(addToJsonList(removed, nextEntry, 'deprecated', form, eol));
  }
  return refuse(`"${change.form}" is not an alias or abbreviation of "${change.term}"`);
}

/** Adds `value` to the array `field` of a JSON object, creating the property after the last one of the fields before it when there is none. */
function addToJsonList(text: string, object: JsonNode, field: string, value: unknown, eol: string): string {
  const list = jsonProperty(object, field);
  const item = JSON.stringify(value);
  if (list?.type === 'array') {
    const result = insertIntoFlowList(text, jsonList(list), item, eol);
    return result.ok ? result.value : text;
  }
  const properties = object.children ?? [];
  const order = ['term', 'id', 'kind', 'common', 'status', 'caseSensitive', 'aliases', 'abbreviations', 'deprecated', 'forbidden'];
  const before = order.slice(0, Math.max(0, order.indexOf(field)));
  const anchor =
    [...properties].reverse().find((p) => before.includes(String(p.children?.[0]?.value))) ?? properties[properties.length - 1];
  const property = `${JSON.stringify(field)}: [${item}]`;
  if (!anchor) return text.slice(0, object.offset + 1) + property + text.slice(object.offset + 1);
  const end = anchor.offset + anchor.length;
  const multiLine = text.slice(object.offset, anchor.offset).includes('\n');
  const separator = multiLine ? `${eol}${indentOfLine(text, anchor.offset)}` : ' ';
  return text.slice(0, end) + `,${separator}${property}` + text.slice(end);
}

function jsonProperty(object: JsonNode, key: string): JsonNode | undefined {
  if (object.type !== 'object') return undefined;
  return object.children?.find((p) => p.children?.[0]?.value === key)?.children?.[1];
}

function jsonList(array: JsonNode): FlowList {
  return { open: array.offset, close: array.offset + array.length - 1, items: (array.children ?? []).map((c) => ({ start: c.offset, end: c.offset + c.length })) };
}

/** How a JSON file is indented and ends its lines, for `modify`. */
function jsonStyle(text: string): FormattingOptions {
  const indented = /\n([ \t]+)\S/.exec(text)?.[1] ?? '  ';
  return { insertSpaces: !indented.startsWith('\t'), tabSize: indented.startsWith('\t') ? 1 : indented.length, eol: newlineOf(text) };
}

// Project config files: knownAcronyms.

/** How a project config file is written: YAML, JSON, or the `termlens` key of a `package.json`. */
export type ConfigFormat = 'yaml' | 'json' | 'package.json';

/** The format of a config file by its name. */
export function configFormatOf(fileName: string): ConfigFormat {
  if (/(^|[\\/])package\.json$/i.test(fileName)) return 'package.json';
  return formatOf(fileName);
}

/** What `knownAcronyms` accepts (the config schema's pattern): a capital, then 1 to 9 letters or digits. */
const ACRONYM = /^[A-Z][A-Za-z0-9]{1,9}$/;

/**
 * The edit that adds `acronym` to the top-level `knownAcronyms` of a project config (in a
 * `package.json`, of its `termlens` key), creating the list when there is none.
 */
export function editConfigText(text: string, format: ConfigFormat, acronym: string): EditResult {
  if (!ACRONYM.test(acronym)) return refuse(`"${acronym}" is not what knownAcronyms accepts (a capital, then 1 to 9 letters or digits)`);
  if (text.length > MAX_GLOSSARY_BYTES) return refuse('the config file is too large');
  const read = readData(text, format === 'yaml' ? 'yaml' : 'json');
  if (!read.ok) return read;
  const whole = read.value.data ?? {};
  const config = format === 'package.json' ? (isRecord(whole) ? whole.termlens : undefined) : whole;
  if (!isRecord(config)) return refuse(format === 'package.json' ? 'the "termlens" key of package.json is not a map' : 'the config file is not a map');
  const known = config.knownAcronyms;
  if (known !== undefined && !Array.isArray(known)) return refuse('"knownAcronyms" is not a list');
  if (Array.isArray(known) && known.includes(acronym)) return refuse(`"${acronym}" is already in knownAcronyms`);
  const nextConfig = { ...config, knownAcronyms: [...((known as unknown[] | undefined) ?? []), acronym] };
  const expected = format === 'package.json' ? { ...(whole as Record<string, unknown>), termlens: nextConfig } : nextConfig;
  const nl = newlineOf(text);
  let after: Result<string>;
  if (format === 'yaml') {
    const root = read.value.doc!.contents;
    if (root === null || root === undefined || (isScalar(root) && root.value === null)) after = ok(appendLines(text, text.length, [`knownAcronyms: [${acronym}]`], nl));
    else if (!isMap(root)) after = refuse('the config file is not a map');
    else if (!findPair(root, 'knownAcronyms') && !root.flow && root.items.length > 0) {
      const keyStart = nodeStart(root.items[0]?.key) ?? 0;
      after = ok(appendLines(text, lineAfter(text, root.range![1]), [`${' '.repeat(columnOf(text, keyStart))}knownAcronyms: [${acronym}]`], nl));
    } else after = addToYamlList(text, root, 'knownAcronyms', acronym, nl);
  } else {
    const root = parseTree(text);
    const object = root && (format === 'package.json' ? jsonPropertyNode(root, 'termlens') : root);
    if (!object || object.type !== 'object') after = refuse('the config is not a JSON object');
    else if (jsonProperty(object, 'knownAcronyms')) after = ok(addToJsonList(text, object, 'knownAcronyms', acronym, nl));
    else {
      const path = format === 'package.json' ? ['termlens', 'knownAcronyms'] : ['knownAcronyms'];
      const edits = modify(text, path, [acronym], { formattingOptions: jsonStyle(text) });
      after = ok(applyTextEdits(text, edits.map((e) => ({ start: e.offset, end: e.offset + e.length, newText: e.content }))));
    }
  }
  if (!after.ok) return after;
  return checked(text, after.value, format === 'yaml' ? 'yaml' : 'json', expected, () => undefined);
}

function jsonPropertyNode(root: JsonNode, key: string): JsonNode | undefined {
  return jsonProperty(root, key);
}

/** The text of a new `termlens.config.yaml` accepting `acronym`. */
export function newConfigFileText(acronym: string): string {
  return `# termlens project config: https://github.com/termlens/termlens#project-config\nknownAcronyms: [${acronym}]\n`;
}

// Flow lists (YAML `[a, b]` and JSON arrays alike).

/** A list in brackets: the offsets of `[`, of `]` and of each item. */
interface FlowList {
  readonly open: number;
  readonly close: number;
  readonly items: readonly { readonly start: number; readonly end: number }[];
}

/** Inserts `item` as the last item of a flow list, on a line of its own when the items are written one a line. */
function insertIntoFlowList(text: string, list: FlowList, item: string, nl: string): Result<string> {
  const last = list.items[list.items.length - 1];
  if (!last) return ok(text.slice(0, list.open + 1) + item + text.slice(list.open + 1));
  const first = list.items[0]!;
  const ownLines = text.slice(list.open, first.start).includes('\n');
  // A trailing comma (`[a, b,]`): the new item goes after it, and gets one of its own.
  const rest = text.slice(last.end, list.close);
  const comma = /^\s*,/.exec(rest);
  if (ownLines) {
    const indent = indentOfLine(text, last.start);
    if (comma) {
      const at = last.end + comma[0].length;
      return ok(text.slice(0, at) + `${nl}${indent}${item},` + text.slice(at));
    }
    return ok(text.slice(0, last.end) + `,${nl}${indent}${item}` + text.slice(last.end));
  }
  if (comma) {
    const at = last.end + comma[0].length;
    return ok(text.slice(0, at) + ` ${item},` + text.slice(at));
  }
  return ok(text.slice(0, last.end) + `, ${item}` + text.slice(last.end));
}

/** Removes item `index` of a flow list with the comma that joins it to its neighbour. */
function removeFromFlowList(text: string, list: FlowList, index: number): string {
  const item = list.items[index]!;
  if (list.items.length === 1) return text.slice(0, item.start) + text.slice(item.end);
  if (index > 0) return text.slice(0, list.items[index - 1]!.end) + text.slice(item.end);
  return text.slice(0, item.start) + text.slice(list.items[1]!.start);
}

// Checks.

/**
 * The result when `after` reads as `expected` (maps compared without regard to key order) and
 * `problem` finds nothing wrong with it; else a refusal. The edit is the one span that changed.
 */
function checked(before: string, after: string, format: FileFormat, expected: unknown, problem: (text: string) => string | undefined): EditResult {
  const read = readData(after, format);
  if (!read.ok || !deepEqual(read.value.data, expected)) return refuse('the edit did not give the expected file (please report this); nothing was changed');
  const wrong = problem(after);
  if (wrong) return refuse(wrong);
  return { ok: true, edits: [minimalEdit(before, after)], text: after };
}

/**
 * The data of a YAML or JSON text (for YAML, with its document and source tokens), or why it
 * cannot be read. Aliases expand at most as often as the loader lets them (`sourceMap.ts`).
 */
function readData(text: string, format: FileFormat): Result<{ data: unknown; doc?: Document }> {
  try {
    if (format === 'json') {
      const errors: { error: number }[] = [];
      const tree = parseTree(text.replace(/^\uFEFF/, ''), errors as never, { allowTrailingComma: false, disallowComments: true });
      if (errors.length > 0) return refuse('the file is not valid JSON; fix it first');
      return ok({ data: tree ? jsonValue(tree) : null });
    }
    const doc = parseDocument(text, { merge: true, keepSourceTokens: true });
    if (doc.errors.length > 0) return refuse(`the file is not valid YAML; fix it first (${doc.errors[0]!.message.split('\n')[0]})`);
    return ok({ data: doc.toJS({ maxAliasCount: 100 }) as unknown, doc });
  } catch (error) {
    return refuse(`the file could not be read (${error instanceof Error ? error.message : String(error)})`);
  }
}

function jsonValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [p.children![0]!.value as string, p.children![1] ? jsonValue(p.children![1]) : null]));
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

/** `value` as plain data (what a reader gives back for it): no undefined fields. */
function plainData(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (!isRecord(a) || !isRecord(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
}

// Text helpers.

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

function refuse(reason: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The file's line break: the first one it has, else `\n`. */
function newlineOf(text: string): string {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

function lineStart(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1) + 1, 0);
}

/** The column of `offset` (a byte-order mark at the start of the file takes none). */
function columnOf(text: string, offset: number): number {
  const start = lineStart(text, offset);
  return offset - start - (start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0);
}

function indentOfLine(text: string, offset: number): string {
  const start = lineStart(text, offset);
  return /^[ \t]*/.exec(text.slice(start === 0 && text.charCodeAt(0) === 0xfeff ? 1 : start, offset))![0];
}

/** The start of the line after the one holding `offset` (its own start when it starts a line), or the end of the text. */
function lineAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const next = text.indexOf('\n', offset);
  return next < 0 ? text.length : next + 1;
}

/** Inserts whole lines at `at` (a line start, or the end of a text without a final line break). */
function appendLines(text: string, at: number, lines: readonly string[], nl: string): string {
  const atEnd = at === text.length;
  const needsBreak = atEnd && text.length > 0 && !text.endsWith('\n');
  // A file without a final line break keeps none: the new lines go after a break of their own.
  const inserted = needsBreak ? nl + lines.join(nl) : lines.map((l) => l + nl).join('');
  return text.slice(0, at) + inserted + text.slice(at);
}

// ---------------------------------------------------------------------------------------------
// What to add: expansions of abbreviations and capitalised phrases.

/** Words an expansion may skip without a letter of its own ("Bank *for* International Settlements"). */
const SMALL_WORDS = new Set(['of', 'for', 'the', 'and', 'to', 'in', 'on', 'de', 'a', 'an', '&', 'at', 'by', 'with']);

/** How far around the use a paragraph is read for an expansion. */
const PARAGRAPH_REACH = 3000;

/**
 * A phrase of the paragraph around `offset` whose initials spell `key` ("Central Limit Order Book"
 * for CLOB, "Bank for International Settlements" for BIS): consecutive words, each giving the next
 * letter of the key from its first letter (small words such as "of" and "for" may give none), at
 * least two words. Capitalised phrases are preferred, then the one nearest `offset`. `undefined`
 * when the key is not all letters or nothing spells it.
 */
export function guessExpansion(text: string, key: string, offset: number): string | undefined {
  if (!/^\p{Lu}[\p{L}]{1,9}$/u.test(key)) return undefined;
  const lower = key.toLowerCase();
  const { start, end } = paragraphAround(text, offset);
  const words: { text: string; start: number; end: number; joined: boolean }[] = [];
  const pattern = /[\p{L}\p{N}][\p{L}\p{N}'’]*/gu;
  const slice = text.slice(start, end);
  let previousEnd = -1;
  for (let m = pattern.exec(slice); m; m = pattern.exec(slice)) {
    const gap = previousEnd < 0 ? '' : slice.slice(previousEnd, m.index);
    words.push({ text: m[0], start: start + m.index, end: start + m.index + m[0].length, joined: previousEnd >= 0 && /^[ \t-]+$|^[ \t]*\r?\n[ \t]*$/.test(gap) });
    previousEnd = m.index + m[0].length;
  }
  let best: { phrase: string; capitalised: boolean; distance: number } | undefined;
  for (let w = 0; w < words.length; w++) {
    const first = words[w]!;
    if (first.text[0]!.toLowerCase() !== lower[0] || first.text === key || SMALL_WORDS.has(first.text.toLowerCase())) continue;
    const end = spell(words, w, lower);
    if (end === undefined) continue;
    const phrase = text.slice(first.start, words[end]!.end).replace(/\s+/g, ' ');
    const used = words.slice(w, end + 1).filter((x) => !SMALL_WORDS.has(x.text.toLowerCase()));
    // Another abbreviation is not an expansion ("CLOB API" does not spell out CA).
    if (used.some((x) => x.text.length > 1 && x.text === x.text.toUpperCase())) continue;
    const capitalised = used.every((x) => /^\p{Lu}/u.test(x.text));
    const distance = Math.abs(first.start - offset);
    if (!best || (capitalised && !best.capitalised) || (capitalised === best.capitalised && distance < best.distance)) best = { phrase, capitalised, distance };
  }
  return best?.phrase;
}

/** The index of the last word of a phrase from `words[w]` spelling `key`, joined by spaces and hyphens only; at least two words give letters. */
function spell(words: readonly { text: string; joined: boolean }[], w: number, key: string): number | undefined {
  let k = 0;
  let used = 0;
  for (let i = w; i < words.length; i++) {
    if (i > w && !words[i]!.joined) return undefined;
    const word = words[i]!.text;
    if (word[0]!.toLowerCase() === key[k]) {
      k++;
      used++;
      if (k === key.length) return used >= 2 ? i : undefined;
    } else if (!SMALL_WORDS.has(word.toLowerCase()) || used === 0) {
      return undefined;
    }
  }
  return undefined;
}

/** The paragraph holding `offset`: between blank lines, at most {@link PARAGRAPH_REACH} characters either way. */
function paragraphAround(text: string, offset: number): { start: number; end: number } {
  const from = Math.max(0, offset - PARAGRAPH_REACH);
  const to = Math.min(text.length, offset + PARAGRAPH_REACH);
  const before = text.slice(from, offset);
  const blankBefore = /\n[ \t]*\r?\n(?![\s\S]*\n[ \t]*\r?\n)/.exec(before);
  const start = blankBefore ? from + blankBefore.index + blankBefore[0].length : from;
  const after = /\r?\n[ \t]*\r?\n/.exec(text.slice(offset, to));
  return { start, end: after ? offset + after.index : to };
}

/** Words a capitalised phrase does not start with: they are capitalised for the sentence, not the name. */
const LEADING_WORDS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those', 'our', 'their', 'its', 'in', 'on', 'for', 'at', 'by', 'with', 'and', 'or', 'but', 'if', 'when', 'we', 'use', 'using', 'see']);

/** Small words a capitalised phrase may hold between capitalised words ("Bank for International Settlements"). */
const INNER_WORDS = new Set(['of', 'for', 'and', 'the', 'de', 'on', 'to', 'in', '&']);

/**
 * The capitalised phrase of two to eight words around `offset` in `text[from, to)` ("Liquidity
 * Mining Program"): capitalised words joined by spaces or hyphens, with small words such as "for"
 * between them, without a leading "The", "A", "In", … nor an ordinary word (`isCommonWord`) that
 * only opens the sentence. `undefined` when the word at `offset` is not part of one.
 */
export function capitalisedPhraseAt(
  text: string,
  offset: number,
  from = 0,
  to = text.length,
  isCommonWord: (lowerCaseWord: string) => boolean = () => false,
): { start: number; end: number; text: string } | undefined {
  const lo = Math.max(from, offset - 200);
  const hi = Math.min(to, offset + 200);
  const slice = text.slice(lo, hi);
  const pattern = /[\p{L}\p{N}&][\p{L}\p{N}'’]*/gu;
  const words: { text: string; start: number; end: number; joined: boolean }[] = [];
  let previousEnd = -1;
  for (let m = pattern.exec(slice); m; m = pattern.exec(slice)) {
    const gap = previousEnd < 0 ? '' : slice.slice(previousEnd, m.index);
    words.push({ text: m[0], start: lo + m.index, end: lo + m.index + m[0].length, joined: previousEnd >= 0 && /^(?: |-)$/.test(gap) });
    previousEnd = m.index + m[0].length;
  }
  const at = words.findIndex((w) => w.start <= offset && offset <= w.end);
  if (at < 0) return undefined;
  const capital = (w: { text: string }) => /^\p{Lu}/u.test(w.text);
  const inner = (w: { text: string }) => INNER_WORDS.has(w.text.toLowerCase()) && !capital(w);
  if (!capital(words[at]!) && !inner(words[at]!)) return undefined;
  let first = at;
  while (first > 0 && words[first]!.joined && (capital(words[first - 1]!) || inner(words[first - 1]!))) first--;
  let last = at;
  while (last + 1 < words.length && words[last + 1]!.joined && (capital(words[last + 1]!) || inner(words[last + 1]!))) last++;
  // A sentence may start with a capitalised ordinary word before the name ("Rules of the Bank for International Settlements").
  const opensSentence = (w: number): boolean => /(?:^|[.!?:;]\s+|\n\s*|^\s*[-*+#>]+\s+)$/.test(text.slice(Math.max(from, words[w]!.start - 8), words[w]!.start)) || words[w]!.start === from;
  while (first <= last && (inner(words[first]!) || LEADING_WORDS.has(words[first]!.text.toLowerCase()) || (first < at && opensSentence(first) && isCommonWord(words[first]!.text.toLowerCase())))) first++;
  while (last >= first && inner(words[last]!)) last--;
  if (first > at || last < at || last - first + 1 < 2 || last - first + 1 > 8) return undefined;
  // A line in capitals ("RISK LIMITS AND MARGIN") is a shouted heading, not a name.
  const span = words.slice(first, last + 1);
  if (span.every((w) => w.text === w.text.toUpperCase())) return undefined;
  const start = words[first]!.start;
  const end = words[last]!.end;
  return { start, end, text: text.slice(start, end) };
}

// ---------------------------------------------------------------------------------------------
// Where edits may go.

/** A file an edit would write, as the editor side knows it. */
export interface EditTarget {
  /** The file's URI; only `file:` URIs are written. */
  readonly uri: string;
  /** The glossary layer it is served in, when it is a glossary file already served. */
  readonly layer?: 'bundled' | 'workspace' | 'settings';
  /** Whether its path is inside a workspace folder. */
  readonly insideWorkspace: boolean;
  /** Whether its real path (symlinks resolved; for a new file, its folder's) is inside the real path of a workspace folder. */
  readonly realPathInsideWorkspace: boolean;
  /** Whether the workspace is trusted. */
  readonly trusted: boolean;
}

/**
 * Why an edit may not be written to `target`, or `undefined` when it may: the bundled glossary is
 * never edited, nothing is written outside the workspace folders (by path, nor through a
 * symlink), and in Restricted Mode only files the project model may read there are written.
 */
export function editRefusal(target: EditTarget): string | undefined {
  if (target.layer === 'bundled') return 'the bundled glossary is never edited';
  if (!target.uri.startsWith('file:')) return 'only files on disk are edited';
  if (!target.insideWorkspace) return 'the file is outside the workspace';
  if (!target.realPathInsideWorkspace) {
    return target.trusted ? 'the file leads outside the workspace through a symlink' : 'the workspace is not trusted and the file leads outside it';
  }
  return undefined;
}
