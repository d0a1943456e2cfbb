/**
 * Writing imported entries as a glossary file (YAML by default, or JSON), and checking that the
 * file loads without a problem — what `termlens glossary check` would say of it on its own.
 */

import { Document } from 'yaml';
import { findUnknownRelated } from '../check';
import type { ConceptEntry, GlossaryFile } from '../format';
import { parseGlossaryText } from '../load';
import type { GlossaryProblem } from '../model';

/** Options of {@link glossaryFileText}. */
export interface GlossaryFileOptions {
  /** The glossary's `name`. */
  readonly name?: string;
  /** A comment for the top of a YAML file (one or more lines, without `#`). */
  readonly comment?: string;
  /** Default `yaml`. */
  readonly format?: 'yaml' | 'json';
}

/**
 * The text of a glossary file holding `entries`: `version: 1`, the name, then the concepts. YAML is
 * written with block lists, no line folding and quotes only where YAML needs them.
 */
export function glossaryFileText(entries: readonly ConceptEntry[], options: GlossaryFileOptions = {}): string {
  const file: GlossaryFile = { version: 1, ...(options.name !== undefined ? { name: options.name } : {}), concepts: entries };
  if (options.format === 'json') return `${JSON.stringify(file, null, 2)}\n`;
  const doc = new Document(file);
  if (options.comment !== undefined) doc.commentBefore = options.comment.split(/\r?\n/).map((line) => ` ${line}`.trimEnd()).join('\n');
  return doc.toString({ lineWidth: 0, minContentWidth: 0 });
}

/**
 * The problems `termlens glossary check --no-bundled` would report for `text` read as `uri`:
 * syntax, schema, duplicate and conflict problems of the file, and related terms naming no
 * concept of it. Empty for what the importers write.
 */
export function checkGlossaryFile(text: string, uri: string): GlossaryProblem[] {
  const result = parseGlossaryText(text, uri);
  if (result.problems.length > 0) return [...result.problems];
  return findUnknownRelated(result.concepts);
}
