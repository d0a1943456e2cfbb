/**
 * Findings of the interchange converters (CSV, TBX, SKOS/OWL import; TBX, CSV, Markdown export):
 * what a converter noticed about its input, located by line where the input has lines. A finding
 * of severity `error` means the input cannot be converted as it is: the command writes nothing.
 */

import type { ConceptEntry } from '../format';

/** Stable dotted codes of interchange findings. */
export type InterchangeFindingCode =
  /** The bytes are not text in a supported encoding (error), or were read as windows-1252 (info). */
  | 'interchange.encoding'
  /** The input is over the size limit. */
  | 'interchange.too-large'
  /** The input is not well-formed CSV, XML, Turtle or RDF/XML. */
  | 'interchange.syntax'
  /** An XML entity declaration that is not read (external, parameter or nested), or entities that would expand too far. */
  | 'interchange.entities'
  /** The input is not of the expected kind (e.g. the XML root is not a TBX document). */
  | 'interchange.not-supported'
  /** A CSV header problem: no term column (error), a field named by two columns (error), an unknown column (warning). */
  | 'interchange.columns'
  /** A concept without a term. */
  | 'interchange.empty-term'
  /** Two concepts with the same term: an error for CSV and TBX, merged (info) for SKOS and OWL. */
  | 'interchange.duplicate-term'
  /** A form that a glossary cannot hold (an invisible character in it); dropped, or an error for a term. */
  | 'interchange.invalid-form'
  /** A form already claimed by an earlier concept; dropped from the later one. */
  | 'interchange.conflict'
  /** A definition source that is not a URI; dropped. */
  | 'interchange.source'
  /** A related term that names no imported concept; dropped. */
  | 'interchange.unknown-related'
  /** A term status or term type value that is not known; read as the nearest known one. */
  | 'interchange.status'
  /** Entries or labels in another language than the one imported; skipped. */
  | 'interchange.language'
  /** A resource or entry skipped on purpose (deprecated, no label). */
  | 'interchange.skipped'
  /** Something the target format cannot hold, left out of an export. */
  | 'interchange.lossy'
  /** Nothing to import. */
  | 'interchange.empty';

/** One thing a converter noticed. */
export interface InterchangeFinding {
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: InterchangeFindingCode;
  /** What was noticed, naming the row, entry or resource; one line. */
  readonly message: string;
  /** One-based line of the input the finding is about, when it has one. */
  readonly line?: number;
}

/** The result of an importer: glossary entries in input order, and findings in input order. */
export interface ImportConversion {
  readonly entries: ConceptEntry[];
  readonly findings: InterchangeFinding[];
}

/** A finding with only the fields given. */
export function finding(
  severity: InterchangeFinding['severity'],
  code: InterchangeFindingCode,
  message: string,
  line?: number,
): InterchangeFinding {
  return line === undefined ? { severity, code, message } : { severity, code, message, line };
}

/** Whether any finding is an error. */
export function hasErrors(findings: readonly InterchangeFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
