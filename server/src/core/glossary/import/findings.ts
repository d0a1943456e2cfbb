/**
 * Findings of the glossary importers: what an import noticed about its input data. Findings never
 * change the data; they are written to the import report for a person to act on (usually by
 * adding an entry to the overlay glossary).
 */

/** Stable dotted codes of import findings. */
export type ImportFindingCode =
  /** The same adjacent words are written with different separators or capitalisation across terms. */
  | 'import.inconsistent-spelling'
  /** Two terms differ only by singular/plural. */
  | 'import.number-variant'
  /** A term is defined differently on different pages; every distinct definition is kept. */
  | 'import.multiple-senses'
  /** A definition starts by naming a different capitalised term than the one it defines. */
  | 'import.definition-names-other-term'
  /** The page's Markdown and its JSON-LD disagree (a term in one only, a differing name or text). */
  | 'import.markdown-jsonld-mismatch'
  /** Part of a page is missing or unreadable (e.g. JSON-LD that does not parse). */
  | 'import.malformed'
  /** A linked term has no definition on a page. */
  | 'import.missing-definition'
  /** One concept is linked both as a `/term/` and as a `/definition/` page, or under two names. */
  | 'import.kind-conflict'
  | 'import.name-conflict'
  /** An input file was skipped because it is not a glossary page (e.g. a README). */
  | 'import.skipped'
  /** An overlay concept matched no imported concept and was added as a new concept. */
  | 'import.overlay-new-concept'
  /** An overlay form is already a form of another concept; it was not added. */
  | 'import.overlay-conflict'
  /** A `related` entry names no concept of the glossary. */
  | 'import.unknown-related';

/** One thing an importer noticed. */
export interface ImportFinding {
  readonly severity: 'warning' | 'info';
  readonly code: ImportFindingCode;
  readonly message: string;
  /** The page (input name) the finding is about, when it is about one page. */
  readonly page?: string;
  /** The terms involved, as written in the data. */
  readonly terms?: readonly string[];
}
