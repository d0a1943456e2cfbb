/**
 * SKOS vocabularies and OWL ontologies as glossaries: RDF triples (parsed by the caller, from Turtle
 * or RDF/XML) to glossary entries. Pure: plain triples in, entries and findings out.
 *
 * A concept is every named resource typed `skos:Concept`, `owl:Class`, `rdfs:Class` or
 * `owl:NamedIndividual`, or with a `skos:prefLabel`, that is not an ontology, a concept scheme or a
 * property. Labels, definitions, notes and examples are read in the chosen language (`en` by
 * default, which also takes `en-US` and `en-GB`) or without a language tag.
 *
 * | glossary      | RDF                                                                                  |
 * | ------------- | ------------------------------------------------------------------------------------ |
 * | term          | `skos:prefLabel`, else `rdfs:label` (a resource with neither is skipped)             |
 * | aliases       | `skos:altLabel`, the other labels, and synonyms of an annotation vocabulary (FIBO's `cmns-av:synonym`, `fibo-fnd-utl-av:synonym`) |
 * | abbreviations | `abbreviation` and `acronym` of an annotation vocabulary (FIBO's `cmns-av:abbreviation`) |
 * | definitions   | `skos:definition` (else `rdfs:comment`), each with the concept's source              |
 * | source        | the first URL of `definitionOrigin`, `adaptedFrom` (annotation vocabulary), `dct:source`, `dc:source`, `rdfs:isDefinedBy` |
 * | notes         | `skos:note`, `skos:scopeNote`, and `explanatoryNote`, `usageNote` (annotation vocabulary) |
 * | examples      | `skos:example`                                                                       |
 * | related       | `skos:related`, `skos:broader`, `skos:narrower`, `rdfs:seeAlso` and `rdfs:subClassOf` that name another imported concept |
 * | areas         | the label of the `skos:inScheme` scheme                                              |
 *
 * Resources marked `owl:deprecated true` are skipped (one info finding counts them). Two resources
 * with the same term are merged into one concept. `skos:hiddenLabel` (labels for search, often
 * misspellings) and `skos:editorialNote`, `skos:changeNote`, `skos:historyNote` (notes for the
 * vocabulary's editors) are not read.
 */

import { assembleEntries, draftConcept, isUri, type DraftConcept, type ImportContext } from './entries';
import { finding, type ImportConversion, type InterchangeFinding } from './findings';

/** The object of a triple. */
export type RdfObject =
  | { readonly kind: 'iri'; readonly value: string }
  | { readonly kind: 'blank'; readonly value: string }
  | { readonly kind: 'literal'; readonly value: string; readonly language?: string; readonly datatype?: string };

/** One RDF triple; a blank subject is written `_:name`. */
export interface RdfTriple {
  readonly subject: string;
  readonly predicate: string;
  readonly object: RdfObject;
}

/** Options of {@link entriesFromTriples}. */
export interface SkosImportOptions {
  /** The language to read. Default `en`. */
  readonly lang?: string;
  /** The glossary the import will be served after; its forms are not claimed again (see `assembleEntries`). */
  readonly context?: ImportContext;
}

/** The SKOS namespace. */
export const SKOS = 'http://www.w3.org/2004/02/skos/core#';
/** The RDF namespace. */
export const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
/** The RDF Schema namespace. */
export const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';
/** The OWL namespace. */
export const OWL = 'http://www.w3.org/2002/07/owl#';
const DCT = 'http://purl.org/dc/terms/';
const DC = 'http://purl.org/dc/elements/1.1/';

/** Annotation vocabularies whose `abbreviation`, `synonym`, `adaptedFrom`, … are read: the OMG Commons one FIBO uses today, and FIBO's older own. */
export const ANNOTATION_VOCABULARIES = ['https://www.omg.org/spec/Commons/AnnotationVocabulary/', 'https://spec.edmcouncil.org/fibo/ontology/FND/Utilities/AnnotationVocabulary/'];

type Role =
  | 'prefLabel'
  | 'label'
  | 'altLabel'
  | 'synonym'
  | 'abbreviation'
  | 'definition'
  | 'comment'
  | 'origin'
  | 'source'
  | 'definedBy'
  | 'note'
  | 'example'
  | 'related'
  | 'inScheme'
  | 'type'
  | 'deprecated'
  | 'title';

/** What each predicate read means. */
const ROLES = new Map<string, Role>([
  [`${SKOS}prefLabel`, 'prefLabel'],
  [`${RDFS}label`, 'label'],
  [`${SKOS}altLabel`, 'altLabel'],
  [`${SKOS}definition`, 'definition'],
  [`${RDFS}comment`, 'comment'],
  [`${DCT}source`, 'source'],
  [`${DC}source`, 'source'],
  [`${RDFS}isDefinedBy`, 'definedBy'],
  [`${SKOS}note`, 'note'],
  [`${SKOS}scopeNote`, 'note'],
  [`${SKOS}example`, 'example'],
  [`${SKOS}related`, 'related'],
  [`${SKOS}broader`, 'related'],
  [`${SKOS}narrower`, 'related'],
  [`${RDFS}seeAlso`, 'related'],
  [`${RDFS}subClassOf`, 'related'],
  [`${SKOS}inScheme`, 'inScheme'],
  [`${RDF}type`, 'type'],
  [`${OWL}deprecated`, 'deprecated'],
  [`${DCT}title`, 'title'],
  ...ANNOTATION_VOCABULARIES.flatMap((ns) => [
    [`${ns}abbreviation`, 'abbreviation'] as const,
    [`${ns}acronym`, 'abbreviation'] as const,
    [`${ns}synonym`, 'synonym'] as const,
    [`${ns}definitionOrigin`, 'origin'] as const,
    [`${ns}adaptedFrom`, 'origin'] as const,
    [`${ns}explanatoryNote`, 'note'] as const,
    [`${ns}usageNote`, 'note'] as const,
  ]),
]);

const CONCEPT_TYPES = new Set([`${SKOS}Concept`, `${OWL}Class`, `${RDFS}Class`, `${OWL}NamedIndividual`]);
const NOT_CONCEPT_TYPES = new Set([
  `${OWL}Ontology`,
  `${SKOS}ConceptScheme`,
  `${SKOS}Collection`,
  `${RDF}Property`,
  `${OWL}ObjectProperty`,
  `${OWL}DatatypeProperty`,
  `${OWL}AnnotationProperty`,
  `${OWL}FunctionalProperty`,
  `${OWL}TransitiveProperty`,
  `${OWL}SymmetricProperty`,
  `${OWL}InverseFunctionalProperty`,
]);

/** What one resource says, by role, in triple order. */
type Facts = Map<Role, RdfObject[]>;

/** Whether a literal is in the language read (no tag, or the tag or one of its regions). */
function inLanguage(o: RdfObject, lang: string): boolean {
  if (o.kind !== 'literal') return false;
  const tag = o.language?.toLowerCase() ?? '';
  const w = lang.toLowerCase();
  return tag === '' || tag === w || tag.startsWith(`${w}-`);
}

/** The literals of `role` in the language, those tagged exactly with it first, then untagged, then regional ones. */
function texts(facts: Facts, role: Role, lang: string): string[] {
  const w = lang.toLowerCase();
  const rank = (o: RdfObject): number => {
    const tag = o.kind === 'literal' ? (o.language?.toLowerCase() ?? '') : '';
    return tag === w ? 0 : tag === '' ? 1 : 2;
  };
  const items = (facts.get(role) ?? []).filter((o) => inLanguage(o, lang));
  return items
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map(({ o }) => o.value);
}

/** Whether a value is an http(s) URL (a source a reader can open). */
function isUrl(value: string): boolean {
  return /^https?:\/\/\S+$/i.test(value.trim()) && isUri(value.trim());
}

/**
 * Glossary entries from the triples of one or more vocabularies (see the module comment). Resources
 * come out in the order their first triple came in. Never throws.
 */
export function entriesFromTriples(triples: Iterable<RdfTriple>, options: SkosImportOptions = {}): ImportConversion {
  const lang = options.lang ?? 'en';
  const resources = new Map<string, Facts>();
  for (const t of triples) {
    const role = ROLES.get(t.predicate);
    if (!role) continue;
    let facts = resources.get(t.subject);
    if (!facts) resources.set(t.subject, (facts = new Map()));
    let list = facts.get(role);
    if (!list) facts.set(role, (list = []));
    list.push(t.object);
  }

  const findings: InterchangeFinding[] = [];
  const isConcept = (subject: string, facts: Facts): boolean => {
    if (subject.startsWith('_:')) return false;
    const types = (facts.get('type') ?? []).map((o) => o.value);
    if (types.some((t) => NOT_CONCEPT_TYPES.has(t))) return false;
    return types.some((t) => CONCEPT_TYPES.has(t)) || facts.has('prefLabel');
  };
  const schemeLabel = (iri: string): string | undefined => {
    const facts = resources.get(iri);
    if (!facts) return undefined;
    return texts(facts, 'prefLabel', lang)[0] ?? texts(facts, 'label', lang)[0] ?? texts(facts, 'title', lang)[0];
  };

  const drafts: DraftConcept[] = [];
  let deprecated = 0;
  let unlabelled = 0;
  let otherLanguage = 0;
  for (const [subject, facts] of resources) {
    if (!isConcept(subject, facts)) continue;
    if ((facts.get('deprecated') ?? []).some((o) => o.kind === 'literal' && o.value.trim().toLowerCase() === 'true')) {
      deprecated++;
      continue;
    }
    const labels = [...texts(facts, 'prefLabel', lang), ...texts(facts, 'label', lang)];
    const [term, ...otherLabels] = labels;
    if (term === undefined) {
      if (facts.has('prefLabel') || facts.has('label')) otherLanguage++;
      else unlabelled++;
      continue;
    }
    const draft = draftConcept(`<${subject}>`, term, undefined, subject);
    draft.aliases.push(...otherLabels, ...texts(facts, 'altLabel', lang), ...texts(facts, 'synonym', lang));
    draft.abbreviations.push(...texts(facts, 'abbreviation', lang));
    const sourceCandidates = [...(facts.get('origin') ?? []), ...(facts.get('source') ?? []), ...(facts.get('definedBy') ?? [])];
    const source = sourceCandidates.map((o) => o.value.trim()).find((v) => isUrl(v));
    const definitions = texts(facts, 'definition', lang);
    for (const text of definitions.length > 0 ? definitions : texts(facts, 'comment', lang)) {
      draft.definitions.push(source !== undefined ? { text, source } : { text });
    }
    draft.notes.push(...texts(facts, 'note', lang));
    draft.examples.push(...texts(facts, 'example', lang));
    for (const o of facts.get('related') ?? []) if (o.kind === 'iri' && o.value !== subject) draft.related.push({ id: o.value, quiet: true });
    for (const o of facts.get('inScheme') ?? []) {
      const label = o.kind === 'iri' ? schemeLabel(o.value) : undefined;
      if (label !== undefined) draft.areas.push(label);
    }
    drafts.push(draft);
  }
  if (deprecated > 0) findings.push(finding('info', 'interchange.skipped', `${deprecated} deprecated ${deprecated === 1 ? 'resource' : 'resources'} (owl:deprecated) skipped`));
  if (unlabelled > 0) findings.push(finding('info', 'interchange.skipped', `${unlabelled} ${unlabelled === 1 ? 'resource has' : 'resources have'} no label; skipped`));
  if (otherLanguage > 0) {
    findings.push(finding('info', 'interchange.language', `${otherLanguage} ${otherLanguage === 1 ? 'resource has' : 'resources have'} labels only in other languages than "${lang}"; skipped`));
  }
  if (drafts.length === 0) {
    findings.push(finding('error', 'interchange.empty', 'no concepts: no labelled skos:Concept, owl:Class or owl:NamedIndividual'));
    return { entries: [], findings };
  }
  const assembled = assembleEntries(drafts, { duplicates: 'merge', strictTerms: false, ...(options.context ? { context: options.context } : {}) });
  return { entries: assembled.entries, findings: [...findings, ...assembled.findings] };
}
