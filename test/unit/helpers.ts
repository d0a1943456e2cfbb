/** Shared helpers for the unit tests: inline glossaries, `|` cursors, the real word list and bundled glossary. */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { createDictionary, type Dictionary } from '../../server/src/core/text/dictionary';
import { parseDocument, type ParsedDocument } from '../../server/src/core/text/document';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** The production English word list. */
export const dictionary: Dictionary = createDictionary(() => readFileSync(path.join(repoRoot, 'node_modules', 'word-list', 'words.txt'), 'utf8'));

/** Compiles an inline YAML glossary; fails the test on any glossary problem. */
export function glossaryFrom(yaml: string): CompiledGlossary {
  const result = parseGlossaryText(yaml, 'file:///test.glossary.yaml');
  if (result.problems.length > 0) throw new Error(`test glossary has problems: ${result.problems.map((p) => p.message).join('; ')}`);
  return new CompiledGlossary(result.concepts, dictionary);
}

let bundledGlossary: CompiledGlossary | undefined;

/** The bundled glossary, as shipped in `glossary/bundled.glossary.json`. */
export function bundled(): CompiledGlossary {
  if (!bundledGlossary) {
    const file = path.join(repoRoot, 'glossary', 'bundled.glossary.json');
    const result = parseGlossaryText(readFileSync(file, 'utf8'), 'file:///bundled.glossary.json');
    if (result.problems.some((p) => p.severity === 'error')) throw new Error(`bundled glossary has problems: ${result.problems[0]!.message}`);
    bundledGlossary = new CompiledGlossary(result.concepts, dictionary);
  }
  return bundledGlossary;
}

/** Splits a document written with one `|` cursor into its text and the cursor's offset. */
export function cursor(textWithCursor: string): { text: string; offset: number } {
  const offset = textWithCursor.indexOf('|');
  if (offset < 0 || textWithCursor.indexOf('|', offset + 1) >= 0) throw new Error('write exactly one | cursor');
  return { text: textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1), offset };
}

/** Parses a document against a glossary (the bundled one by default). */
export function parse(text: string, languageId = 'markdown', glossary: CompiledGlossary = bundled()): ParsedDocument {
  return parseDocument(text, languageId, glossary);
}

/** The terms found in a document, as `surface=Preferred Term` strings (with `~` for near misses). */
export function termsIn(text: string, languageId = 'markdown', glossary: CompiledGlossary = bundled()): string[] {
  const doc = parse(text, languageId, glossary);
  return doc.occurrences.map((o) => `${text.slice(o.start, o.end)}${o.match === 'misspelled' ? '~' : '='}${glossary.preferred(o.ref.concept)}`);
}

/**
 * The fastest of `rounds` runs of each of two workloads, run in alternation (ms): a burst of load
 * on a shared machine then slows runs of both instead of deciding their ratio. For the linear-size
 * checks of `test/fuzz/`, which compare the same work at two sizes, never with a wall-clock threshold.
 */
export function fastestAlternating(small: () => void, large: () => void, rounds = 5): { small: number; large: number } {
  let best = { small: Infinity, large: Infinity };
  for (let round = 0; round < rounds; round++) {
    let t0 = performance.now();
    small();
    const s = performance.now() - t0;
    t0 = performance.now();
    large();
    best = { small: Math.min(best.small, s), large: Math.min(best.large, performance.now() - t0) };
  }
  return best;
}
