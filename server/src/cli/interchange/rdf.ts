/**
 * RDF text to the plain triples of `core/glossary/interchange/skos.ts`: Turtle (and N-Triples) with
 * `n3`, RDF/XML with `rdfxml-streaming-parser`. Here rather than in the core because both parsers
 * are built on Node streams (`readable-stream`, `buffer`). An RDF/XML document's DTD subset is
 * checked first (`checkDoctype`): only simple entities, which FIBO uses to abbreviate namespaces,
 * are expanded, so an entity expansion attack is an error, never a blowup. Nothing is fetched.
 */

import { Parser as TurtleParser, type Quad, type Term } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { finding, type InterchangeFinding } from '../../core/glossary/interchange/findings';
import type { RdfObject, RdfTriple } from '../../core/glossary/interchange/skos';
import { checkDoctype } from '../../core/glossary/interchange/xml';

/** The RDF syntaxes read. */
export type RdfFormat = 'turtle' | 'rdfxml';

/** The syntax of a file: by its extension, else by its first characters (`<?xml`, `<rdf:RDF`, … is RDF/XML; anything else Turtle). */
export function rdfFormatOf(path: string, text: string): RdfFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(path)?.[1]?.toLowerCase();
  if (ext === 'ttl' || ext === 'turtle' || ext === 'nt' || ext === 'n3') return 'turtle';
  if (ext === 'rdf' || ext === 'owl' || ext === 'xml' || ext === 'rdfs') return 'rdfxml';
  const head = text.slice(0, 2000).replace(/^\uFEFF/, '');
  return /^\s*(<\?xml|<!DOCTYPE|<!--|<[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?[\s>/])/.test(head) ? 'rdfxml' : 'turtle';
}

function objectOf(term: Term): RdfObject | undefined {
  switch (term.termType) {
    case 'NamedNode':
      return { kind: 'iri', value: term.value };
    case 'BlankNode':
      return { kind: 'blank', value: `_:${term.value}` };
    case 'Literal':
      return { kind: 'literal', value: term.value, ...(term.language ? { language: term.language } : {}), datatype: term.datatype.value };
    default:
      return undefined;
  }
}

function tripleOf(quad: Quad): RdfTriple | undefined {
  const subject = quad.subject.termType === 'NamedNode' ? quad.subject.value : quad.subject.termType === 'BlankNode' ? `_:${quad.subject.value}` : undefined;
  const object = objectOf(quad.object);
  if (subject === undefined || object === undefined || quad.predicate.termType !== 'NamedNode') return undefined;
  return { subject, predicate: quad.predicate.value, object };
}

/** The triples of an RDF document, or the error findings saying why it could not be read. */
export type RdfResult = { readonly ok: true; readonly triples: RdfTriple[] } | { readonly ok: false; readonly findings: InterchangeFinding[] };

/** The one-based line a parser's error message names, if it names one. */
function lineOf(message: string): number | undefined {
  const m = /\bline:? (\d+)/i.exec(message);
  return m ? Number(m[1]) : undefined;
}

/** Parses an RDF document; `baseIri` resolves its relative IRIs. Never rejects. */
export async function parseRdf(text: string, format: RdfFormat, baseIri: string): Promise<RdfResult> {
  const syntaxError = (e: unknown): RdfResult => {
    const message = (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
    return {
      ok: false,
      findings: [finding('error', 'interchange.syntax', `malformed ${format === 'turtle' ? 'Turtle' : 'RDF/XML'}: ${message}`, lineOf(message))],
    };
  };
  if (format === 'turtle') {
    try {
      const quads = new TurtleParser({ baseIRI: baseIri }).parse(text);
      return { ok: true, triples: quads.map(tripleOf).filter((t): t is RdfTriple => t !== undefined) };
    } catch (e) {
      return syntaxError(e);
    }
  }
  const doctype = checkDoctype(text);
  if (!doctype.ok) return doctype;
  return new Promise<RdfResult>((resolve) => {
    const triples: RdfTriple[] = [];
    let settled = false;
    const settle = (result: RdfResult): void => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const parser = new RdfXmlParser({ baseIRI: baseIri });
    parser.on('data', (quad: Quad) => {
      const t = tripleOf(quad);
      if (t) triples.push(t);
    });
    parser.on('error', (e: unknown) => settle(syntaxError(e)));
    parser.on('end', () => settle({ ok: true, triples }));
    try {
      parser.write(text);
      parser.end();
    } catch (e) {
      settle(syntaxError(e));
    }
  });
}
