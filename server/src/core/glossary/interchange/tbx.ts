/**
 * TBX (ISO 30042, TermBase eXchange), read and written. Read: TBX 2019 (`<tbx>`,
 * `conceptEntry`/`langSec`/`termSec`, data categories in DCA style `<termNote type="termType">` or
 * DCT style `<basic:termType>`) and TBX 2008 (`<martif>`, `termEntry`/`langSet`/`tig` or `ntig`).
 * Written: TBX-Basic 2019 in DCA style.
 *
 * How a glossary maps onto TBX-Basic:
 *
 * | glossary                          | TBX                                                                         |
 * | --------------------------------- | --------------------------------------------------------------------------- |
 * | concept                           | `conceptEntry` (one `langSec` in the chosen language, `en` by default)      |
 * | preferred term                    | `termSec`: `preferredTerm-admn-sts`, `termType` `fullForm`                  |
 * | alias, abbreviation               | `admittedTerm-admn-sts`, `termType` `variant` or `abbreviation`             |
 * | deprecated form (reason)          | `deprecatedTerm-admn-sts` (`note` on the `termSec`)                         |
 * | forbidden form (reason)           | `deprecatedTerm-admn-sts` with a `note` "forbidden" (TBX-Basic has no forbidden status) |
 * | definition and source             | `descripGrp` in the `langSec`: `descrip type="definition"`, `admin type="source"` |
 * | examples                          | `descrip type="context"` on the preferred term's `termSec`                  |
 * | notes                             | `note` on the `conceptEntry`                                                |
 * | related terms                     | `ref type="crossReference"` (target: the related entry's id)               |
 * | areas                             | `descrip type="subjectField"`                                               |
 *
 * Read also: `supersededTerm-admn-sts` (a deprecated form, reason "superseded" unless a note
 * gives one), status values without the `-admn-sts` suffix and TBX-Min's `notRecommended` and
 * `obsolete`; term types `acronym`, `initialism`, `shortForm`, `clippedTerm` and `shortcut` as
 * abbreviations, every other as a variant. Entries without a term in the language are skipped.
 * Not written (an `interchange.lossy` finding counts them): kinds, facets, the area of a
 * definition, `common`, `status`, `caseSensitive`; ids are not read back (concepts get the slug
 * of their term).
 */

import { phraseKey } from '../compiled';
import { slugify } from '../format';
import type { Concept, TermForm } from '../model';
import { MAX_IMPORT_BYTES, orderedForms } from './csv';
import { decodeXmlFile } from './decode';
import { assembleEntries, draftConcept, tidyForm, tidyText, type DraftConcept, type ImportContext } from './entries';
import { finding, type ImportConversion, type InterchangeFinding } from './findings';
import { childElements, parseXml, textContent, type XmlElement } from './xml';

/** Options of {@link parseTbx}. */
export interface TbxImportOptions {
  /** The language to read (a BCP 47 tag; `en` also reads `en-US` and `en-GB`). Default `en`. */
  readonly lang?: string;
  /** The glossary the import will be served after; its forms are not claimed again (see `assembleEntries`). */
  readonly context?: ImportContext;
}

/** The TBX 2019 namespace. */
export const TBX_NAMESPACE = 'urn:iso:std:iso:30042:ed-2';

/** Reads TBX from bytes (decoded by byte order mark or declared encoding). Never throws. */
export function parseTbx(bytes: Uint8Array, options: TbxImportOptions = {}): ImportConversion {
  if (bytes.length > MAX_IMPORT_BYTES) {
    return { entries: [], findings: [finding('error', 'interchange.too-large', `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`)] };
  }
  const decoded = decodeXmlFile(bytes);
  if (!decoded.ok) return { entries: [], findings: decoded.findings };
  return parseTbxText(decoded.decoded.text, options);
}

/** The data category an element holds: its `type` for DCA style (`<termNote type="termType">`), its name for DCT style. */
function categoryOf(el: XmlElement): string {
  return DCA_ELEMENTS.has(el.name) ? (el.attributes.get('type') ?? '') : el.name;
}

const DCA_ELEMENTS = new Set(['descrip', 'termNote', 'admin', 'ref', 'xref', 'transac', 'transacNote', 'adminNote', 'descripNote']);

/** Whether a language tag is the one asked for (`en` matches `en`, `en-US`; `en-US` only `en-US`), ignoring case. */
function languageMatches(tag: string | undefined, wanted: string): boolean {
  if (tag === undefined || tag === '') return true;
  const t = tag.toLowerCase();
  const w = wanted.toLowerCase();
  return t === w || t.startsWith(`${w}-`);
}

type TbxStatus = 'preferred' | 'admitted' | 'deprecated' | 'superseded' | 'forbidden';

/** TBX administrative status values, with and without the `-admn-sts` suffix, and TBX-Min's. */
const STATUS_VALUES: Readonly<Record<string, TbxStatus>> = {
  preferredterm: 'preferred',
  preferred: 'preferred',
  admittedterm: 'admitted',
  admitted: 'admitted',
  deprecatedterm: 'deprecated',
  deprecated: 'deprecated',
  notrecommended: 'deprecated',
  supersededterm: 'superseded',
  superseded: 'superseded',
  obsolete: 'superseded',
  forbidden: 'forbidden',
  forbiddenterm: 'forbidden',
};

/** TBX term types read as abbreviations; the other known ones are variants. */
const ABBREVIATION_TYPES = new Set(['abbreviation', 'acronym', 'initialism', 'shortform', 'clippedterm', 'shortcut']);
const OTHER_TYPES = new Set([
  'fullform',
  'variant',
  'phrase',
  'commonname',
  'entryterm',
  'equation',
  'formula',
  'internationalism',
  'internationalscientificterm',
  'logicalexpression',
  'partnumber',
  'phraseologicalunit',
  'transcribedform',
  'transliteratedform',
  'sku',
  'standardtext',
  'string',
  'symbol',
  'synonym',
  'synonymousphrase',
]);

/** One term of an entry as read. */
interface ReadTerm {
  readonly text: string;
  readonly status?: TbxStatus;
  readonly abbreviation: boolean;
  readonly notes: string[];
  readonly line: number;
}

/** Reads TBX text (see the module comment). Never throws. */
export function parseTbxText(text: string, options: TbxImportOptions = {}): ImportConversion {
  const lang = options.lang ?? 'en';
  const parsed = parseXml(text);
  if (!parsed.ok) return { entries: [], findings: parsed.findings };
  const root = parsed.root;
  if (root.name !== 'tbx' && root.name !== 'martif') {
    return { entries: [], findings: [finding('error', 'interchange.not-supported', `not a TBX document: the root element is <${root.name}>, not <tbx> or <martif>`, root.line)] };
  }
  const rootLang = root.attributes.get('xml:lang');
  const body = childElements(root, 'text').flatMap((t) => childElements(t, 'body'))[0];
  if (!body) return { entries: [], findings: [finding('error', 'interchange.not-supported', 'not a TBX document: no <text><body>', root.line)] };

  const findings: InterchangeFinding[] = [];
  const drafts: DraftConcept[] = [];
  const otherLanguages = new Set<string>();
  let noTerms = 0;
  let entryNumber = 0;
  for (const entry of childElements(body)) {
    if (entry.name !== 'conceptEntry' && entry.name !== 'termEntry') continue;
    entryNumber++;
    const id = entry.attributes.get('id');
    const where = id !== undefined ? `entry "${id}"` : `entry ${entryNumber}`;
    const draft = draftConcept(where, '', entry.line, id);
    const terms: ReadTerm[] = [];
    readAuxiliary(entry, draft);
    for (const langSec of childElements(entry)) {
      if (langSec.name !== 'langSec' && langSec.name !== 'langSet') continue;
      const tag = langSec.attributes.get('xml:lang') ?? rootLang;
      if (!languageMatches(tag, lang)) {
        if (tag) otherLanguages.add(tag);
        continue;
      }
      readAuxiliary(langSec, draft);
      for (const termSec of childElements(langSec)) {
        if (termSec.name === 'termSec' || termSec.name === 'tig') terms.push(readTerm(termSec, termSec, draft, where, findings));
        else if (termSec.name === 'ntig') {
          const group = childElements(termSec, 'termGrp')[0] ?? termSec;
          terms.push(readTerm(group, termSec, draft, where, findings));
        }
      }
    }
    const usable = terms.filter((t) => tidyForm(t.text) !== '');
    if (usable.length === 0) {
      noTerms++;
      continue;
    }
    if (!placeTerms(usable, draft, where, findings)) continue;
    drafts.push(draft);
  }
  if (noTerms > 0) {
    const languages = otherLanguages.size > 0 ? ` (languages in the file: ${[...otherLanguages].sort().join(', ')})` : '';
    const severity = drafts.length === 0 ? 'error' : 'info';
    findings.push(finding(severity, drafts.length === 0 ? 'interchange.empty' : 'interchange.language', `${noTerms} ${noTerms === 1 ? 'entry has' : 'entries have'} no term in "${lang}"${languages}; skipped`));
  } else if (drafts.length === 0) {
    findings.push(finding('error', 'interchange.empty', 'the document has no entries'));
  }
  const assembled = assembleEntries(drafts, { duplicates: 'error', strictTerms: true, ...(options.context ? { context: options.context } : {}) });
  return { entries: assembled.entries, findings: [...findings, ...assembled.findings] };
}

/** Definitions, subject fields, cross-references and notes directly in a `conceptEntry` or `langSec`. */
function readAuxiliary(el: XmlElement, draft: DraftConcept): void {
  for (const child of childElements(el)) {
    const category = categoryOf(child);
    if (child.name === 'descripGrp') {
      const parts = childElements(child);
      const definition = parts.find((p) => categoryOf(p) === 'definition' && p.name !== 'descripGrp');
      const source = parts.find((p) => categoryOf(p) === 'source');
      if (definition) addDefinition(draft, textContent(definition), source ? textContent(source) : undefined);
      for (const p of parts) if (p.name === 'note') draft.notes.push(textContent(p));
    } else if (category === 'definition') addDefinition(draft, textContent(child), undefined);
    else if (category === 'subjectField') draft.areas.push(textContent(child));
    else if (category === 'crossReference') addReference(draft, child);
    else if (child.name === 'note') draft.notes.push(textContent(child));
  }
}

function addDefinition(draft: DraftConcept, text: string, source: string | undefined): void {
  const t = tidyText(text);
  if (t === '') return;
  const s = source?.trim();
  draft.definitions.push(s ? { text: t, source: s } : { text: t });
}

function addReference(draft: DraftConcept, ref: XmlElement): void {
  const target = ref.attributes.get('target');
  const name = tidyForm(textContent(ref));
  if (target === undefined && name === '') return;
  draft.related.push({ ...(target !== undefined ? { id: target } : {}), ...(name !== '' ? { name } : {}) });
}

/** One term of a `termSec`/`tig` (`info` holds its term notes; for `ntig`, `termGrp`), with its examples and references added to the draft. */
function readTerm(info: XmlElement, section: XmlElement, draft: DraftConcept, where: string, findings: InterchangeFinding[]): ReadTerm {
  const termEl = childElements(info, 'term')[0];
  const text = termEl ? textContent(termEl) : '';
  let status: TbxStatus | undefined;
  let abbreviation = false;
  const notes: string[] = [];
  const shown = tidyForm(text);
  const visit = (el: XmlElement): void => {
    for (const child of childElements(el)) {
      if (child === termEl) continue;
      const category = categoryOf(child);
      const value = tidyForm(textContent(child));
      if (category === 'administrativeStatus' || category === 'normativeAuthorization') {
        const key = value.toLowerCase().replace(/-admn-sts$|-auth$/, '');
        status = STATUS_VALUES[key];
        if (status === undefined) {
          findings.push(finding('warning', 'interchange.status', `${where}: the term "${shown}" has the unknown status "${value}"; read as admitted`, child.line));
          status = 'admitted';
        }
      } else if (category === 'termType') {
        const key = value.toLowerCase();
        abbreviation = ABBREVIATION_TYPES.has(key);
        if (!abbreviation && !OTHER_TYPES.has(key)) {
          findings.push(finding('warning', 'interchange.status', `${where}: the term "${shown}" has the unknown term type "${value}"; read as a variant`, child.line));
        }
      } else if (category === 'context') draft.examples.push(textContent(child));
      // Not where TBX-Basic puts a definition, but where some tools do.
      else if (category === 'definition') addDefinition(draft, textContent(child), undefined);
      else if (category === 'crossReference') addReference(draft, child);
      else if (child.name === 'note') notes.push(tidyText(textContent(child)));
      else if (child.name === 'termNoteGrp' || child.name === 'descripGrp') visit(child);
    }
  };
  visit(info);
  if (section !== info) visit(section);
  return { text, ...(status !== undefined ? { status } : {}), abbreviation, notes, line: termEl?.line ?? info.line };
}

/**
 * Puts an entry's terms into its draft: the first preferred term (else the first term with no
 * status or admitted) becomes the term; the others become aliases, abbreviations, deprecated or
 * forbidden forms. Returns false (with a warning) when every term is deprecated.
 */
function placeTerms(terms: readonly ReadTerm[], draft: DraftConcept, where: string, findings: InterchangeFinding[]): boolean {
  const usable = (t: ReadTerm): boolean => t.status === undefined || t.status === 'admitted' || t.status === 'preferred';
  const preferred = terms.find((t) => t.status === 'preferred') ?? terms.find(usable);
  if (!preferred) {
    findings.push(finding('warning', 'interchange.skipped', `${where}: every term is deprecated, so there is no term to name the concept; skipped`, terms[0]!.line));
    return false;
  }
  draft.term = preferred.text;
  for (const t of terms) {
    if (t === preferred) continue;
    if (t.status === 'deprecated' || t.status === 'superseded' || t.status === 'forbidden') {
      const forbidden = t.status === 'forbidden' || t.notes.some((n) => n.toLowerCase() === FORBIDDEN_NOTE);
      const notes = t.notes.filter((n) => n.toLowerCase() !== FORBIDDEN_NOTE);
      const reason = notes.length > 0 ? notes.join(' ') : t.status === 'superseded' ? 'superseded' : undefined;
      (forbidden ? draft.forbidden : draft.deprecated).push(reason !== undefined ? { text: t.text, reason } : { text: t.text });
    } else if (t.abbreviation) draft.abbreviations.push(t.text);
    else draft.aliases.push(t.text);
  }
  return true;
}

/** The `note` that marks a deprecated term forbidden. */
const FORBIDDEN_NOTE = 'forbidden';

/** Options of {@link glossaryToTbx}. */
export interface TbxExportOptions {
  /** The language of the terms (`xml:lang` of each `langSec`). Default `en`. */
  readonly lang?: string;
  /** Text of the header's source description. Default "Exported by termlens". */
  readonly description?: string;
}

/** XML 1.0 forbids these characters even as references; they are written as U+FFFD. */
const NOT_XML = /[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/** Text escaped for XML content: `&`, `<`, `>`, carriage returns kept as references, characters XML cannot hold replaced. */
export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML, '\ufffd').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Text escaped for a double-quoted XML attribute value. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** A unique XML id (an NCName) for each concept: its id when that is one, else `c-` and its slug. */
function conceptIds(concepts: readonly Concept[]): string[] {
  const used = new Set<string>();
  return concepts.map((c) => {
    let base = /^[A-Za-z_][A-Za-z0-9._-]*$/.test(c.id) ? c.id : `c-${slugify(c.id)}`;
    if (!/^[\p{L}_][\p{L}\p{N}._-]*$/u.test(base)) base = `c-${base}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/**
 * TBX-Basic (TBX 2019, DCA style) of `concepts`, one `conceptEntry` each, in order (see the module
 * comment for the mapping). Everything written is escaped. What TBX-Basic cannot hold is counted
 * in one `interchange.lossy` info finding.
 */
export function glossaryToTbx(concepts: readonly Concept[], options: TbxExportOptions = {}): { text: string; findings: InterchangeFinding[] } {
  const lang = options.lang ?? 'en';
  const ids = conceptIds(concepts);
  // Related terms name concepts by id or by any form, as hovers resolve them.
  const byName = new Map<string, number>();
  concepts.forEach((c, i) => {
    for (const key of [`id:${c.id.toLowerCase()}`, ...c.forms.map((f) => `form:${phraseKey(f.text)}`)]) if (!byName.has(key)) byName.set(key, i);
  });
  const lost = { ids: 0, kinds: 0, facets: 0, senseAreas: 0, other: 0 };
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<tbx style="dca" type="TBX-Basic" xml:lang="${escapeXmlAttribute(lang)}" xmlns="${TBX_NAMESPACE}">`,
    '  <tbxHeader>',
    '    <fileDesc>',
    '      <sourceDesc>',
    `        <p>${escapeXmlText(options.description ?? 'Exported by termlens')}</p>`,
    '      </sourceDesc>',
    '    </fileDesc>',
    '  </tbxHeader>',
    '  <text>',
    '    <body>',
  ];
  concepts.forEach((concept, i) => {
    const forms = orderedForms(concept);
    if (forms.length === 0) return;
    if (concept.kind !== 'term') lost.kinds++;
    if (concept.id !== slugify(forms[0]!.text)) lost.ids++;
    lost.facets += concept.facets.length;
    lost.senseAreas += concept.senses.filter((s) => s.area !== undefined).length;
    if (concept.common || concept.status !== undefined || concept.forms.some((f) => f.caseSensitive)) lost.other++;
    out.push(`      <conceptEntry id="${escapeXmlAttribute(ids[i]!)}">`);
    for (const area of concept.areas) out.push(`        <descrip type="subjectField">${escapeXmlText(area)}</descrip>`);
    for (const name of concept.related) {
      const target = byName.get(`id:${name.toLowerCase()}`) ?? byName.get(`form:${phraseKey(name)}`);
      const attr = target !== undefined && target !== i ? ` target="${escapeXmlAttribute(ids[target]!)}"` : '';
      out.push(`        <ref type="crossReference"${attr}>${escapeXmlText(name)}</ref>`);
    }
    for (const note of concept.notes ?? []) out.push(`        <note>${escapeXmlText(note)}</note>`);
    out.push(`        <langSec xml:lang="${escapeXmlAttribute(lang)}">`);
    for (const sense of concept.senses) {
      out.push('          <descripGrp>', `            <descrip type="definition">${escapeXmlText(sense.text)}</descrip>`);
      if (sense.source !== undefined) out.push(`            <admin type="source">${escapeXmlText(sense.source)}</admin>`);
      out.push('          </descripGrp>');
    }
    forms.forEach((form, k) => {
      out.push('          <termSec>', `            <term>${escapeXmlText(form.text)}</term>`);
      out.push(`            <termNote type="termType">${termType(form)}</termNote>`);
      out.push(`            <termNote type="administrativeStatus">${administrativeStatus(form)}</termNote>`);
      if (k === 0) for (const example of concept.examples ?? []) out.push(`            <descrip type="context">${escapeXmlText(example)}</descrip>`);
      if (form.status === 'forbidden') out.push(`            <note>${FORBIDDEN_NOTE}</note>`);
      if (form.reason && (form.status === 'deprecated' || form.status === 'forbidden')) out.push(`            <note>${escapeXmlText(form.reason)}</note>`);
      out.push('          </termSec>');
    });
    out.push('        </langSec>', '      </conceptEntry>');
  });
  out.push('    </body>', '  </text>', '</tbx>', '');
  const parts = [
    lost.ids ? `the ids of ${lost.ids} concepts (written as entry ids, not read back)` : '',
    lost.kinds ? `the kind of ${lost.kinds} concepts (area or definition)` : '',
    lost.facets ? `${lost.facets} facets` : '',
    lost.senseAreas ? `the areas of ${lost.senseAreas} definitions` : '',
    lost.other ? `common, status or caseSensitive of ${lost.other} concepts` : '',
  ].filter(Boolean);
  const findings = parts.length === 0 ? [] : [finding('info', 'interchange.lossy', `TBX-Basic has no place for ${parts.join(', ')}; left out`)];
  return { text: out.join('\n'), findings };
}

function termType(form: TermForm): string {
  return form.type === 'abbreviation' ? 'abbreviation' : form.status === 'preferred' || form.type === 'fullForm' ? 'fullForm' : 'variant';
}

function administrativeStatus(form: TermForm): string {
  switch (form.status) {
    case 'preferred':
      return 'preferredTerm-admn-sts';
    case 'admitted':
      return 'admittedTerm-admn-sts';
    default:
      return 'deprecatedTerm-admn-sts';
  }
}
