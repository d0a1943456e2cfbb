/**
 * Checks across a whole (merged) glossary that no single file can make on its own, such as
 * related terms naming concepts that exist nowhere. Pure functions over concepts.
 */

import { phraseKey } from './compiled';
import type { Concept, GlossaryProblem } from './model';

/** Options of {@link findUnknownRelated}. */
export interface UnknownRelatedOptions {
  /** Only concepts from files this accepts (by `origin.uri`) are checked; default: every concept with an origin. */
  readonly only?: (uri: string) => boolean;
  /**
   * Whether a related name resolves to a concept of `concepts`, when the caller already has an
   * index over them that resolves names the same way (`CompiledGlossary.lookup`): building the id
   * and form-key sets for 100,000 concepts took about 400 ms of the language server's start-up.
   * Default: those sets, built here.
   */
  readonly resolves?: (name: string) => boolean;
}

/**
 * `glossary.unknown-related` warnings: a `related` entry that names no concept of `concepts` by id
 * or by any of its forms (compared as hovers resolve related terms: ids case-insensitively, forms
 * by their words), reported in the concept's file at the entry (`relatedLocs`), or on the first
 * character of the concept's entry line when the entry has no position. Concepts without an
 * `origin` cannot be located and are not checked.
 */
export function findUnknownRelated(concepts: readonly Concept[], options: UnknownRelatedOptions = {}): GlossaryProblem[] {
  let resolves = options.resolves;
  const problems: GlossaryProblem[] = [];
  for (const concept of concepts) {
    const uri = concept.origin?.uri;
    if (uri === undefined || concept.related.length === 0 || (options.only && !options.only(uri))) continue;
    concept.related.forEach((name, i) => {
      resolves ??= nameResolver(concepts);
      if (resolves(name)) return;
      const loc = concept.relatedLocs?.[i] ?? concept.forms[0]?.loc ?? { start: 0, end: 0 };
      const term = concept.forms[0]?.text ?? concept.id;
      problems.push({
        code: 'glossary.unknown-related',
        message: `Related term "${name}" of "${term}" names no concept of the glossary.`,
        uri,
        start: loc.start,
        end: loc.end,
        severity: 'warning',
      });
    });
  }
  return problems;
}

/** Whether a name is the id (case-insensitively) or the words of a form of one of `concepts`. */
function nameResolver(concepts: readonly Concept[]): (name: string) => boolean {
  const ids = new Set<string>();
  const forms = new Set<string>();
  for (const concept of concepts) {
    ids.add(concept.id.toLowerCase());
    for (const form of concept.forms) forms.add(phraseKey(form.text));
  }
  return (name) => ids.has(name.toLowerCase()) || forms.has(phraseKey(name));
}
