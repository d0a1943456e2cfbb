/** Applying the client's `didChange` batches to the server's copies of open documents. */

import { TextDocument } from 'vscode-languageserver-textdocument';

/** Whether `p` is an LSP `Position`: two non-negative integers. */
function isPosition(p: unknown): boolean {
  if (typeof p !== 'object' || p === null) return false;
  const { line, character } = p as { line?: unknown; character?: unknown };
  return Number.isInteger(line) && Number.isInteger(character) && (line as number) >= 0 && (character as number) >= 0;
}

/** Whether `c` is a well-formed `TextDocumentContentChangeEvent`: a whole text, or a text replacing a range. */
function isWellFormedChange(c: unknown): boolean {
  if (typeof c !== 'object' || c === null) return false;
  const { text, range, rangeLength } = c as { text?: unknown; range?: unknown; rangeLength?: unknown };
  if (typeof text !== 'string') return false;
  if (range === undefined) return rangeLength === undefined;
  if (typeof range !== 'object' || range === null) return false;
  const { start, end } = range as { start?: unknown; end?: unknown };
  return isPosition(start) && isPosition(end) && (rangeLength === undefined || Number.isInteger(rangeLength));
}

/**
 * Applies a `didChange` batch all or nothing: `TextDocument.update` applies changes one by one and
 * throws at a malformed one, leaving the earlier ones applied under the old version, so that every
 * later answer would come from a text the client never had. A batch with any malformed change is
 * refused whole (the error is logged) and the document keeps its text and version.
 */
export function updateAllOrNothing(document: TextDocument, changes: readonly unknown[], version: number): TextDocument {
  const bad = changes.findIndex((c) => !isWellFormedChange(c));
  if (bad >= 0 || !Number.isInteger(version)) {
    const what = bad >= 0 ? `change ${bad + 1} of ${changes.length} is malformed` : `its version ${String(version)} is not an integer`;
    throw new Error(`termlens ignored an edit of ${document.uri}: ${what}; the document stays at version ${document.version}`);
  }
  return TextDocument.update(document, changes as Parameters<typeof TextDocument.update>[1], version);
}
