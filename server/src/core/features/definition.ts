/** Go to definition: from a term in a document to its entry in the glossary file that defines it. */

import { occurrenceAt, type ParsedDocument } from '../text/document';
import type { Range } from '../text/lineIndex';

/** A location, shaped like an LSP `Location`. */
export interface TermLocation {
  readonly uri: string;
  readonly range: Range;
}

/** Where the concept of the term at `offset` is defined, if the term is known and its file is. */
export function computeDefinition(doc: ParsedDocument, offset: number): TermLocation | undefined {
  const occ = occurrenceAt(doc, offset);
  const origin = occ && doc.glossary.concepts[occ.ref.concept]!.origin;
  if (!origin) return undefined;
  const at = { line: origin.line, character: 0 };
  return { uri: origin.uri, range: { start: at, end: at } };
}
