/**
 * `termlens import skos`: SKOS and OWL in Turtle and RDF/XML to glossary entries (RDF parsed by
 * `cli/interchange/rdf.ts`, mapped by `core/glossary/interchange/skos.ts`), broken and hostile RDF,
 * and the FIBO derivatives module of ../shared/fibo (skipped, with a message, when it is absent).
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRdf, rdfFormatOf } from '../../server/src/cli/interchange/rdf';
import { decodeXmlFile } from '../../server/src/core/glossary/interchange/decode';
import type { InterchangeFinding } from '../../server/src/core/glossary/interchange/findings';
import { entriesFromTriples, type RdfTriple } from '../../server/src/core/glossary/interchange/skos';
import { checkGlossaryFile, glossaryFileText } from '../../server/src/core/glossary/interchange/write';
import { repoRoot } from './helpers';

function brief(findings: readonly InterchangeFinding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.code}${f.line !== undefined ? ` ${f.line}` : ''}`);
}

async function triples(text: string, format: 'turtle' | 'rdfxml'): Promise<RdfTriple[]> {
  const parsed = await parseRdf(text, format, 'https://example.org/base/');
  if (!parsed.ok) throw new Error(parsed.findings.map((f) => f.message).join('; '));
  return parsed.triples;
}

const TURTLE = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/vocab/> .

ex:scheme a skos:ConceptScheme ; skos:prefLabel "Options vocabulary"@en .

ex:bsm a skos:Concept ;
  skos:inScheme ex:scheme ;
  skos:prefLabel "Black-Scholes-Merton model"@en , "Black-Scholes-Merton-Modell"@de ;
  skos:altLabel "Black-Scholes model"@en-GB , "BSM" ;
  skos:hiddenLabel "Black Sholes"@en ;
  skos:definition "The canonical option pricing model."@en , "Das kanonische Modell."@de ;
  dct:source <https://example.org/bsm> ;
  skos:scopeNote "Assumes constant volatility."@en ;
  skos:editorialNote "Check wording."@en ;
  skos:example "We price with the BSM."@en ;
  skos:related ex:heston , <https://elsewhere.example/unknown> .

ex:heston a skos:Concept ; skos:inScheme ex:scheme ; skos:prefLabel "Heston model" ; skos:definition "A stochastic volatility model." .
ex:nolabel a skos:Concept ; skos:definition "no label" .
ex:german a skos:Concept ; skos:prefLabel "Volatilität"@de .
`;

describe('SKOS in Turtle', () => {
  it('reads labels, definitions with their source, notes, examples, related concepts and the scheme as area', async () => {
    const result = entriesFromTriples(await triples(TURTLE, 'turtle'));
    expect(result.entries).toEqual([
      {
        term: 'Black-Scholes-Merton model',
        // Untagged labels before regional ones (en-GB).
        aliases: ['BSM', 'Black-Scholes model'],
        definitions: [{ text: 'The canonical option pricing model.', source: 'https://example.org/bsm' }],
        examples: ['We price with the BSM.'],
        notes: ['Assumes constant volatility.'],
        related: ['Heston model'],
        areas: ['Options vocabulary'],
      },
      { term: 'Heston model', definitions: ['A stochastic volatility model.'], areas: ['Options vocabulary'] },
    ]);
    expect(result.findings.map((f) => f.message)).toEqual([
      '1 resource has no label; skipped',
      '1 resource has labels only in other languages than "en"; skipped',
    ]);
  });

  it('reads another language', async () => {
    const result = entriesFromTriples(await triples(TURTLE, 'turtle'), { lang: 'de' });
    expect(result.entries.map((e) => e.term)).toEqual(['Black-Scholes-Merton-Modell', 'Heston model', 'Volatilität']);
    expect(result.entries[0]!.definitions).toEqual([{ text: 'Das kanonische Modell.', source: 'https://example.org/bsm' }]);
  });

  it('merges two resources with the same label, and leaves out a form another concept has', async () => {
    const ttl = `@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://a.example/x> skos:prefLabel "swap" ; skos:definition "One." ; skos:altLabel "exchange" .
<https://b.example/x> skos:prefLabel "Swap" ; skos:definition "Two." .
<https://b.example/y> skos:prefLabel "swap leg" ; skos:altLabel "exchange" .`;
    const result = entriesFromTriples(await triples(ttl, 'turtle'));
    expect(result.entries).toEqual([{ term: 'swap', aliases: ['exchange'], definitions: ['One.', 'Two.'] }, { term: 'swap leg' }]);
    expect(brief(result.findings)).toEqual(['info interchange.duplicate-term', 'warning interchange.conflict']);
  });

  it('a syntax error is an error finding with its line', async () => {
    const parsed = await parseRdf('@prefix ex: <https://example.org/> .\nex:a ex:b "unterminated .\n', 'turtle', 'https://example.org/');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && brief(parsed.findings)).toEqual(['error interchange.syntax 2']);
  });

  it('no concepts at all is an error', () => {
    expect(brief(entriesFromTriples([]).findings)).toEqual(['error interchange.empty']);
  });
});

describe('OWL in RDF/XML', () => {
  const rdfxml = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE rdf:RDF [
  <!ENTITY av "https://www.omg.org/spec/Commons/AnnotationVocabulary/">
  <!ENTITY ex "https://example.org/onto/">
]>
<rdf:RDF xml:base="https://example.org/onto/"
  xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
  xmlns:owl="http://www.w3.org/2002/07/owl#" xmlns:skos="http://www.w3.org/2004/02/skos/core#"
  xmlns:av="https://www.omg.org/spec/Commons/AnnotationVocabulary/">
  <owl:Ontology rdf:about="https://example.org/onto/"><rdfs:label>Example Ontology</rdfs:label></owl:Ontology>
  <owl:Class rdf:about="&ex;Option"><rdfs:label xml:lang="en">option</rdfs:label><skos:definition>A right, not an obligation.</skos:definition></owl:Class>
  <owl:NamedIndividual rdf:about="&ex;AtTheMoney">
    <rdfs:label xml:lang="en">at-the-money</rdfs:label>
    <skos:definition xml:lang="en">strike equal to the spot</skos:definition>
    <av:abbreviation xml:lang="en">ATM</av:abbreviation>
    <av:explanatoryNote xml:lang="en">Delta is about one half.</av:explanatoryNote>
    <av:adaptedFrom>ISO 10962, a citation that is not a URL</av:adaptedFrom>
  </owl:NamedIndividual>
  <owl:Class rdf:about="&ex;CallOption">
    <rdfs:subClassOf rdf:resource="&ex;Option"/>
    <rdfs:subClassOf><owl:Restriction><owl:onProperty rdf:resource="&ex;hasStrike"/></owl:Restriction></rdfs:subClassOf>
    <rdfs:label xml:lang="en">call option</rdfs:label>
    <skos:definition xml:lang="en">option to buy</skos:definition>
    <av:synonym xml:lang="en">call</av:synonym>
    <av:adaptedFrom rdf:datatype="http://www.w3.org/2001/XMLSchema#anyURI">https://example.org/call</av:adaptedFrom>
  </owl:Class>
  <owl:ObjectProperty rdf:about="&ex;hasStrike"><rdfs:label>has strike</rdfs:label><av:synonym>has strike price</av:synonym></owl:ObjectProperty>
  <owl:Class rdf:about="&ex;OldThing"><rdfs:label>old thing</rdfs:label><owl:deprecated rdf:datatype="http://www.w3.org/2001/XMLSchema#boolean">true</owl:deprecated></owl:Class>
</rdf:RDF>`;

  it('reads classes and individuals with the annotation vocabulary, not properties, ontologies or deprecated classes', async () => {
    expect(rdfFormatOf('x.rdf', '')).toBe('rdfxml');
    expect(rdfFormatOf('vocab', rdfxml)).toBe('rdfxml');
    expect(rdfFormatOf('vocab', TURTLE)).toBe('turtle');
    expect(rdfFormatOf('vocab', '<https://a.example/x> <https://a.example/p> "o" .')).toBe('turtle');
    const result = entriesFromTriples(await triples(rdfxml, 'rdfxml'));
    expect(result.entries).toEqual([
      { term: 'option', definitions: ['A right, not an obligation.'] },
      { term: 'at-the-money', abbreviations: ['ATM'], definitions: ['strike equal to the spot'], notes: ['Delta is about one half.'] },
      { term: 'call option', aliases: ['call'], definitions: [{ text: 'option to buy', source: 'https://example.org/call' }], related: ['option'] },
    ]);
    expect(result.findings.map((f) => f.message)).toEqual(['1 deprecated resource (owl:deprecated) skipped']);
  });

  it('an entity expansion ("billion laughs") is refused before the RDF/XML parser sees it', async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
<!ENTITY a "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">
<rdf:Description rdf:about="https://example.org/x"><rdfs:label>&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;</rdfs:label></rdf:Description>
</rdf:RDF>`;
    const parsed = await parseRdf(laughs, 'rdfxml', 'https://example.org/');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && brief(parsed.findings)).toEqual(['error interchange.entities 4', 'error interchange.entities 5']);
  });

  it('malformed RDF/XML is an error finding', async () => {
    const parsed = await parseRdf(
      '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>',
      'rdfxml',
      'https://example.org/',
    );
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.findings[0]!.code).toBe('interchange.syntax');
  });
});

const fibo = path.resolve(repoRoot, '..', 'shared', 'fibo', 'DER');
const fiboPresent = existsSync(fibo);
if (!fiboPresent) console.warn(`test/unit/interchange-skos: FIBO tests skipped, ${fibo} is absent (the shared test data sits beside the repository)`);

/** Every .rdf file under `dir`, sorted. */
function rdfFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? rdfFiles(path.join(dir, e.name)) : e.name.endsWith('.rdf') ? [path.join(dir, e.name)] : []))
    .sort();
}

describe.skipIf(!fiboPresent)('the FIBO derivatives module (../shared/fibo/DER, RDF/XML)', () => {
  it('yields concepts with definitions, abbreviations, synonyms and source URLs, and a file that passes the glossary check', async () => {
    const all: RdfTriple[] = [];
    const files = rdfFiles(fibo);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const decoded = decodeXmlFile(new Uint8Array(readFileSync(file)));
      if (!decoded.ok) throw new Error(`${file}: ${decoded.findings[0]!.message}`);
      const parsed = await parseRdf(decoded.decoded.text, rdfFormatOf(file, decoded.decoded.text), pathToFileURL(file).toString());
      if (!parsed.ok) throw new Error(`${file}: ${parsed.findings[0]!.message}`);
      all.push(...parsed.triples);
    }
    const result = entriesFromTriples(all);
    expect(result.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    const entries = result.entries;
    // Measured on the module as shipped (commit 119fa8c of edmcouncil/fibo): 334 concepts, 329 with a definition, 28 with
    // abbreviations, 38 with aliases (synonyms and other labels), 12 with a source URL.
    expect(entries.length).toBeGreaterThan(300);
    expect(entries.filter((e) => e.definitions?.length).length).toBeGreaterThan(300);
    expect(entries.filter((e) => e.abbreviations?.length).length).toBeGreaterThanOrEqual(25);
    expect(entries.filter((e) => e.aliases?.length).length).toBeGreaterThanOrEqual(35);
    expect(entries.filter((e) => e.definitions?.some((d) => typeof d !== 'string' && /^https?:/.test(d.source ?? ''))).length).toBeGreaterThanOrEqual(10);

    const atm = entries.find((e) => e.term === 'at-the-money');
    expect(atm?.abbreviations).toEqual(['ATM']);
    expect(atm?.definitions).toHaveLength(1);
    expect(String(atm?.definitions?.[0])).toMatch(/^moneyness classifier .*strike price/);
    expect(atm?.notes).toHaveLength(1);
    const byTerm = new Map(entries.map((e) => [e.term, e]));
    expect(byTerm.get('in-the-money')?.abbreviations).toEqual(['ITM']);
    expect(byTerm.get('out-of-the-money')?.abbreviations).toEqual(['OTM']);
    expect(byTerm.get('credit default swap')?.abbreviations).toEqual(['CDS']);
    // Properties ("has strike price" is a synonym of one) are not concepts.
    expect(entries.some((e) => e.term.startsWith('has ') || e.aliases?.some((a) => typeof a === 'string' && a.startsWith('has ')))).toBe(false);

    const text = glossaryFileText(entries, { name: 'FIBO DER' });
    expect(checkGlossaryFile(text, 'file:///fibo.glossary.yaml')).toEqual([]);
  });
});
