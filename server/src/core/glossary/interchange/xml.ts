/**
 * XML for the TBX importer and the RDF/XML guard: a document read with saxes into a small element
 * tree with line numbers, and {@link checkDoctype}, which decides which entity declarations of a
 * document's internal DTD subset are read at all. Nothing is ever fetched: external entities,
 * parameter entities and entities that refer to other entities (the "billion laughs") are errors,
 * and so are simple entities whose references would add more than {@link MAX_ENTITY_EXPANSION}
 * characters (the "quadratic blowup").
 */

import { SaxesParser, type SaxesTagNS } from 'saxes';
import { finding, type InterchangeFinding } from './findings';

/** At most this many characters (16 Mi) may be added to a document by its entity references. */
export const MAX_ENTITY_EXPANSION = 16 * 1024 * 1024;

/** Elements may nest at most this deep (256). */
export const MAX_XML_DEPTH = 256;

/** The simple internal entities a document declares, or the error findings that forbid reading it. */
export type DoctypeCheck = { readonly ok: true; readonly entities: Record<string, string> } | { readonly ok: false; readonly findings: InterchangeFinding[] };

/** The one-based line of offsets in `text`, asked for in increasing order (one pass over the text in all). */
function lineCounter(text: string): (at: number) => number {
  let line = 1;
  let from = 0;
  return (at) => {
    for (let i = text.indexOf('\n', from); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) {
      line++;
      from = i + 1;
    }
    return line;
  };
}

/**
 * The internal subset of the document's `<!DOCTYPE …[ … ]>`: where it starts and ends (the
 * offsets of `[` and `]`), or undefined when there is none. Quoted strings and comments may hold `]`.
 */
function internalSubset(text: string): { start: number; end: number } | undefined {
  const doctype = text.indexOf('<!DOCTYPE');
  if (doctype < 0) return undefined;
  let i = doctype + 9;
  let quote = '';
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return undefined;
    else if (c === '[') break;
  }
  if (i >= text.length) return undefined;
  const start = i;
  for (i++; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      if (close < 0) return { start, end: text.length };
      i = close + 2;
    } else if (c === ']') return { start, end: i };
  }
  return { start, end: text.length };
}

const NAME = /^[A-Za-z_:][\w.:-]*$/;

/**
 * Reads the entity declarations of `text`'s internal DTD subset. Simple ones (`<!ENTITY name
 * "value">`, the namespace abbreviations RDF/XML files such as FIBO's declare) are returned;
 * anything else is an error finding: parameter entities, external entities (`SYSTEM`, `PUBLIC`),
 * values that hold `&`, `<` or `%` (references to other entities: expanding them is how the
 * "billion laughs" works), and simple entities referenced so often that expanding them would add
 * more than {@link MAX_ENTITY_EXPANSION} characters.
 */
export function checkDoctype(text: string): DoctypeCheck {
  const subset = internalSubset(text);
  if (!subset) return { ok: true, entities: {} };
  const body = text.slice(subset.start + 1, subset.end);
  const findings: InterchangeFinding[] = [];
  const entities: Record<string, string> = Object.create(null) as Record<string, string>;
  const lineAt = lineCounter(text);
  const DECL = /<!ENTITY\s+(%\s+)?(\S+)\s+(?:(SYSTEM|PUBLIC)\b|"([^"]*)"|'([^']*)')?/g;
  for (const m of body.matchAll(DECL)) {
    const line = lineAt(subset.start + 1 + m.index);
    const name = m[2]!;
    const value = m[4] ?? m[5];
    if (m[1]) findings.push(finding('error', 'interchange.entities', `the parameter entity "${name}" is not read (no DTD is processed)`, line));
    else if (m[3]) findings.push(finding('error', 'interchange.entities', `the external entity "${name}" is not read (nothing is fetched)`, line));
    else if (value === undefined || !NAME.test(name)) findings.push(finding('error', 'interchange.entities', `the entity declaration "${name}" is not understood`, line));
    else if (/[&<%]/.test(value)) {
      findings.push(finding('error', 'interchange.entities', `the entity "${name}" refers to other entities or holds markup, which is not expanded (an entity expansion attack looks like this)`, line));
    } else if (!(name in entities)) entities[name] = value;
  }
  if (findings.length > 0) return { ok: false, findings };
  const names = Object.keys(entities);
  if (names.length > 0) {
    let added = 0;
    for (const m of text.slice(subset.end).matchAll(/&([A-Za-z_:][\w.:-]*);/g)) {
      const value = entities[m[1]!];
      if (value === undefined) continue;
      added += value.length;
      if (added > MAX_ENTITY_EXPANSION) {
        return { ok: false, findings: [finding('error', 'interchange.entities', `entity references would add more than ${MAX_ENTITY_EXPANSION / 1024 / 1024} Mi characters to the document; not expanded`)] };
      }
    }
  }
  return { ok: true, entities };
}

/** An element of a document read by {@link parseXml}. */
export interface XmlElement {
  /** The local name, e.g. `termSec` for `<tbx:termSec>`. */
  readonly name: string;
  /** The namespace URI, or `''`. */
  readonly uri: string;
  /** Attributes by local name; `xml:lang` and other `xml:` attributes keep their prefix. */
  readonly attributes: ReadonlyMap<string, string>;
  /** Text and child elements, in document order. */
  readonly content: (string | XmlElement)[];
  /** One-based line of the start tag. */
  readonly line: number;
}

/** The child elements of `element`, optionally only those named `name`. */
export function childElements(element: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of element.content) if (typeof c !== 'string' && (name === undefined || c.name === name)) out.push(c);
  return out;
}

/** All text inside `element`, its descendants' included, in document order. */
export function textContent(element: XmlElement): string {
  let out = '';
  const stack: (string | XmlElement)[] = [element];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') out += item;
    else for (let i = item.content.length - 1; i >= 0; i--) stack.push(item.content[i]!);
  }
  return out;
}

/** A document's root element, or the error findings that say why it could not be read. */
export type XmlResult = { readonly ok: true; readonly root: XmlElement } | { readonly ok: false; readonly findings: InterchangeFinding[] };

/**
 * Reads an XML document (namespaces resolved) into an element tree. Never throws: a document that
 * is not well-formed (saxes checks it fully), has a DTD subset {@link checkDoctype} refuses, or
 * nests deeper than {@link MAX_XML_DEPTH} is an error finding with its line. Only the five
 * predefined entities, character references and the simple entities of the internal subset are
 * expanded.
 */
export function parseXml(text: string): XmlResult {
  if (!/^\uFEFF?\s*</.test(text.slice(0, 1024))) return { ok: false, findings: [finding('error', 'interchange.syntax', 'malformed XML: the file does not start with "<"', 1)] };
  const doctype = checkDoctype(text);
  if (!doctype.ok) return doctype;
  const parser = new SaxesParser({ xmlns: true, position: true });
  for (const [name, value] of Object.entries(doctype.entities)) parser.ENTITIES[name] = value;
  let error: InterchangeFinding | undefined;
  let root: XmlElement | undefined;
  const stack: XmlElement[] = [];
  const fail = (message: string): void => {
    if (error) return;
    error = finding('error', 'interchange.syntax', `malformed XML: ${message}`, parser.line);
  };
  parser.on('error', (e) => fail(e.message.replace(/^[^:]*:\d+:\d+: /, '').replace(/\.$/, '')));
  parser.on('opentag', (tag: SaxesTagNS) => {
    if (error) return;
    if (stack.length >= MAX_XML_DEPTH) {
      fail(`elements nest deeper than ${MAX_XML_DEPTH} levels`);
      return;
    }
    const attributes = new Map<string, string>();
    for (const a of Object.values(tag.attributes)) {
      if (a.prefix === 'xmlns' || a.name === 'xmlns') continue;
      attributes.set(a.prefix === 'xml' ? a.name : a.local, a.value);
    }
    const element: XmlElement = { name: tag.local, uri: tag.uri, attributes, content: [], line: parser.line };
    const parent = stack[stack.length - 1];
    if (parent) parent.content.push(element);
    else root = element;
    stack.push(element);
  });
  const onText = (t: string): void => {
    if (error) return;
    stack[stack.length - 1]?.content.push(t);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (!error) stack.pop();
  });
  try {
    parser.write(text).close();
  } catch (e) {
    fail(e instanceof Error ? e.message : String(e));
  }
  if (error) return { ok: false, findings: [error] };
  if (!root) return { ok: false, findings: [finding('error', 'interchange.syntax', 'malformed XML: no root element')] };
  return { ok: true, root };
}
