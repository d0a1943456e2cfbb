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
}

/**
 * `glossary.unknown-related` warnings: a `related` entry that names no concept of `concepts` by id
 * or by any of its forms (compared as hovers resolve related terms: ids case-insensitively, forms
 * by their words), reported in the concept's file at the entry (`relatedLocs`), or on the first
 * character of the concept's entry line when the entry has no position. Concepts without an
 * `origin` cannot be located and are not checked.
 */
export function findUnknownRelated(concepts: readonly Concept[], options: UnknownRelatedOptions = {}): GlossaryProblem[] {
  const ids = new Set<string>();
  const forms = new Set<string>();
  for (const concept of concepts) {
    ids.add(concept.id.toLowerCase());
    for (const form of concept.forms) forms.add(phraseKey(form.text));
  }
  const problems: GlossaryProblem[] = [];
  for (const concept of concepts) {
    const uri = concept.origin?.uri;
    if (uri === undefined || concept.related.length === 0 || (options.only && !options.only(uri))) continue;
    concept.related.forEach((name, i) => {
      if (ids.has(name.toLowerCase()) || forms.has(phraseKey(name))) return;
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
