/** Glossary search for the "Search Glossary" command: fuzzy over every form of every concept. */

import type { CompiledGlossary } from '../glossary/compiled';
import { preferredTerm, type Concept } from '../glossary/model';
import type { SearchGlossaryItem } from '../../protocolExtensions';
import { fuzzySearch } from './fuzzy';
import { summarizeDefinition } from './render';

/** Highest fuse.js score kept: looser lets "heston" find "Merton", tighter loses typos like "hestn". */
const SEARCH_THRESHOLD = 0.34;

/** Results scoring this much worse than the best one are noise beside it ("heston" finds Heston, not Merton). */
const SEARCH_SPREAD = 0.2;

function httpSource(concept: Concept): string | undefined {
  const source = concept.senses.find((s) => s.source)?.source;
  return source && /^https?:\/\//i.test(source) ? source : undefined;
}

function toItem(concept: Concept): SearchGlossaryItem {
  return {
    id: concept.id,
    term: preferredTerm(concept),
    kind: concept.kind,
    definition: summarizeDefinition(concept, 200),
    source: httpSource(concept),
    abbreviations: concept.forms.filter((f) => f.type === 'abbreviation' && f.status === 'admitted').map((f) => f.text),
    areas: [...concept.areas],
  };
}

/**
 * Concepts matching `query` best first; an empty query lists concepts alphabetically.
 * @param limit most items returned, default 50.
 */
export function searchGlossary(glossary: CompiledGlossary, query: string, limit = 50): SearchGlossaryItem[] {
  const q = query.trim();
  if (q === '') {
    return [...glossary.concepts]
      .sort((a, b) => preferredTerm(a).localeCompare(preferredTerm(b)))
      .slice(0, limit)
      .map(toItem);
  }
  const results = fuzzySearch(glossary, q.toLowerCase(), limit * 4, () => true);
  const cutoff = Math.min(SEARCH_THRESHOLD, (results[0]?.score ?? 0) + SEARCH_SPREAD);
  const seen = new Set<number>();
  const items: SearchGlossaryItem[] = [];
  for (const { entry, score } of results) {
    if (score > cutoff || seen.has(entry.ref.concept)) continue;
    seen.add(entry.ref.concept);
    items.push(toItem(glossary.concepts[entry.ref.concept]!));
    if (items.length >= limit) break;
  }
  return items;
}
