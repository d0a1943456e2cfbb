/**
 * The glossary's data model, shared by the loader, the importer, the matcher and every feature.
 *
 * A glossary is a list of *concepts* (TBX: `termEntry`). Each concept has one preferred form and any
 * number of other forms, each with a TBX administrative status, plus senses (definitions with
 * sources), facet sections, related concepts and areas. Nothing here knows about LSP.
 */

/** TBX administrative status of a term form. */
export type TermStatus = 'preferred' | 'admitted' | 'deprecated' | 'forbidden';

/** TBX term type of a form: a full form, a spelling variant or an abbreviation/acronym. */
export type TermType = 'fullForm' | 'variant' | 'abbreviation';

/** What a concept is: an area (a topic page with facet sections), a term, or a short definition. */
export type ConceptKind = 'area' | 'term' | 'definition';

/**
 * The status of a concept as a whole. `proposed`: a term suggested but not yet agreed on. It
 * hovers (marked "proposed") and completes like any other, but is never enforced: its forms raise
 * no `term.deprecated`, `term.misspelled`, `term.variant` or `term.inconsistent` diagnostics. A
 * concept without a status is established. (Not to be confused with {@link TermStatus}, the TBX
 * status of one form.)
 */
export type ConceptStatus = 'proposed';

/** One written form of a concept. */
export interface TermForm {
  /** The form as it should be written, e.g. `Black-Scholes-Merton Model` or `BSM`. */
  readonly text: string;
  readonly status: TermStatus;
  readonly type: TermType;
  /** Why a deprecated or forbidden form should not be used. */
  readonly reason?: string;
  /**
   * Whether the form matches only as written, letter case included (`IPv4`, `SPAN`, `Put` beside
   * the verb "put"): text in another case is not this term at all (no hover, no `term.variant`).
   * In identifiers, whose case the naming style decides, a word also matches in another case when
   * it is not an English word (`ipv4_address`, but not `put_value`). Absent (the default): false,
   * matched in any case, except that a lone acronym (`BSM`) matches prose only in its own case.
   */
  readonly caseSensitive?: boolean;
  /**
   * Where the form is written in its glossary file (the concept's `origin.uri`), as zero-based
   * offsets, `end` exclusive. Absent for forms not read from a file. Used to locate conflicts.
   */
  readonly loc?: { readonly start: number; readonly end: number };
}

/** One definition of a concept. A concept defined differently by two sources keeps both. */
export interface Sense {
  readonly text: string;
  /** Where the definition comes from; only http(s) URLs are ever rendered as links. */
  readonly source?: string;
  /** The area (page) the definition was found on, if any. */
  readonly area?: string;
}

/** A named detail section, e.g. the "Algorithm" or "Calibration" facet of an area page. */
export interface Facet {
  readonly name: string;
  readonly text: string;
}

/** Where a concept was defined: used for go-to-definition style links and error messages. */
export interface Origin {
  /** URI of the glossary file the concept was read from. */
  readonly uri: string;
  /** Zero-based line of the concept's entry in that file. */
  readonly line: number;
}

/** A glossary concept (TBX `termEntry`). */
export interface Concept {
  /** Stable identifier: the slug of the preferred term unless the file sets one. */
  readonly id: string;
  readonly kind: ConceptKind;
  /** Every form, the preferred one first. */
  readonly forms: readonly TermForm[];
  readonly senses: readonly Sense[];
  readonly facets: readonly Facet[];
  /** Preferred terms (or ids) of related concepts. */
  readonly related: readonly string[];
  /**
   * Where each `related` entry is written in the concept's glossary file (same order as `related`;
   * an entry is undefined when it has no position), as zero-based offsets, `end` exclusive. Absent
   * for concepts not read from a file. Used to locate related terms that name no concept.
   */
  readonly relatedLocs?: readonly ({ readonly start: number; readonly end: number } | undefined)[];
  /** Names of the areas the concept belongs to. */
  readonly areas: readonly string[];
  /**
   * Whether the concept's one-word forms are also ordinary English words ("call", "delta",
   * "margin"): such a form counts as the term only where other finance vocabulary is near (see
   * `text/document.ts`). Default false.
   */
  readonly common?: boolean;
  /**
   * Usage examples (sentences using the term), in order, as plain text; hovers show the first
   * three. Absent (the default) when there are none; never an empty list.
   */
  readonly examples?: readonly string[];
  /**
   * Free-form notes (usage advice, caveats), in order, as plain text; hovers show them compactly
   * after the definitions. Absent (the default) when there are none; never an empty list.
   */
  readonly notes?: readonly string[];
  /** `proposed` for a concept not yet agreed on (see {@link ConceptStatus}); absent (the default) for an established one. */
  readonly status?: ConceptStatus;
  readonly origin?: Origin;
}

/** The preferred form of a concept. */
export function preferredForm(concept: Concept): TermForm {
  const form = concept.forms.find((f) => f.status === 'preferred') ?? concept.forms[0];
  if (!form) throw new Error(`concept ${concept.id} has no forms`);
  return form;
}

/** The preferred term of a concept, e.g. `Heston Model`. */
export function preferredTerm(concept: Concept): string {
  return preferredForm(concept).text;
}

/** A problem found in a glossary file, located for a diagnostic in that file. */
export interface GlossaryProblem {
  /** Stable dotted code, e.g. `glossary.syntax`. */
  readonly code: GlossaryProblemCode;
  readonly message: string;
  /** The file the problem is in. */
  readonly uri: string;
  /** Zero-based offsets into the file's text. */
  readonly start: number;
  readonly end: number;
  readonly severity: 'error' | 'warning';
}

/** Stable codes of glossary-file problems. */
export type GlossaryProblemCode =
  /** The file is not valid YAML or JSON. */
  | 'glossary.syntax'
  /** A value has the wrong type or a required field is missing (checked against the JSON Schema). */
  | 'glossary.schema'
  /** Two concepts claim the same form (alias, abbreviation or preferred term). */
  | 'glossary.conflict'
  /** The same preferred term is defined twice in one file. */
  | 'glossary.duplicate'
  /** The file could not be read. */
  | 'glossary.unreadable'
  /** A related term names no concept of the merged glossary. */
  | 'glossary.unknown-related';

/** The result of reading one glossary file. */
export interface GlossaryFileResult {
  readonly uri: string;
  /** The concepts read; empty when the file has errors that make it unusable. */
  readonly concepts: readonly Concept[];
  readonly problems: readonly GlossaryProblem[];
}
