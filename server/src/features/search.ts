/** Glossary search for the "Search Glossary" command: fuzzy over every form of every concept. */

import Fuse from 'fuse.js';
import type { CompiledGlossary } from '../glossary/compiled';
import { preferredTerm, type Concept } from '../glossary/model';
import type { SearchGlossaryItem } from '../protocolExtensions';
import { summarizeDefinition } from './render';

interface Entry {
  readonly text: string;
  readonly concept: number;
}

const indexes = new WeakMap<CompiledGlossary, Fuse<Entry>>();

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
  let fuse = indexes.get(glossary);
  if (!fuse) {
    const entries: Entry[] = [];
    glossary.concepts.forEach((c, ci) => c.forms.forEach((f) => entries.push({ text: f.text, concept: ci })));
    fuse = new Fuse(entries, { keys: ['text'], includeScore: true, ignoreLocation: true, threshold: 0.4, useExtendedSearch: true });
    indexes.set(glossary, fuse);
  }
  const seen = new Set<number>();
  const items: SearchGlossaryItem[] = [];
  const results = fuse.search(q.toLowerCase(), { limit: limit * 4 });
  const cutoff = Math.min(SEARCH_THRESHOLD, (results[0]?.score ?? 0) + SEARCH_SPREAD);
  for (const r of results) {
    if ((r.score ?? 1) > cutoff || seen.has(r.item.concept)) continue;
    seen.add(r.item.concept);
    items.push(toItem(glossary.concepts[r.item.concept]!));
    if (items.length >= limit) break;
  }
  return items;
}
