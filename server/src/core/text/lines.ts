/**
 * Line questions the rules ask about a parsed document, answered through its line index in
 * O(log lines): where the line through an offset starts and ends, and whether it is a heading.
 */

import type { ParsedDocument } from './document';

/** Where the line holding `offset` starts and ends (before its line break). */
export function lineAround(doc: ParsedDocument, offset: number): { start: number; end: number } {
  const line = doc.lines.positionAt(offset).line;
  const start = doc.lines.lineStart(line);
  const next = doc.lines.lineStart(line + 1);
  let end = next > start ? next : doc.text.length;
  while (end > start && (doc.text[end - 1] === '\n' || doc.text[end - 1] === '\r')) end--;
  return { start, end };
}

/** Whether the line holding `offset` is an ATX heading (`# Title`), up to three spaces indented. */
export function inHeading(doc: ParsedDocument, offset: number): boolean {
  const lineStart = lineAround(doc, offset).start;
  return /^ {0,3}#{1,6}[ \t]/.test(doc.text.slice(lineStart, Math.min(offset, lineStart + 12)));
}
