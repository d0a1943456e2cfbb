/**
 * Layering glossary files into one glossary: the bundled glossary first, then workspace files,
 * then files named in settings. Later layers override earlier ones concept by concept.
 * {@link mergeLayers} merges files of one scope (they may conflict); {@link overlayGroups} lays
 * merged groups of different scopes (folders) over each other, the later winning every form.
 */

import { formKey } from './format';
import { FormKeyTable } from './keyTable';
import { preferredTerm, type Concept, type GlossaryFileResult, type GlossaryProblem, type TermForm } from './model';

/** The merged glossary and the conflicts found while merging. */
export interface MergedGlossary {
  readonly concepts: Concept[];
  /** Only the conflicts between layers; the layers' own problems are not repeated here. */
  readonly problems: GlossaryProblem[];
  /** For each concept, the index (in the `layers` given) of the layer it comes from. */
  readonly sources: number[];
}

/**
 * Merges glossary layers, earliest first.
 *
 * - Override: a concept whose preferred term has the same `formKey` (`format.ts`) as an earlier concept's
 *   replaces it. Concepts come out in layer order, each layer's in file order, an overriding
 *   concept at its own place.
 * - Conflicts: afterwards, every form must belong to one concept. Concepts are visited in that
 *   order and a form already claimed by an earlier concept is a `glossary.conflict`, reported in
 *   the later concept's file (`origin.uri`, else its layer's URI) at the form's `loc` (offset 0
 *   when it has none), naming both concepts and the other file:
 *   - when the later claim is an alias, abbreviation, deprecated or forbidden form, it is dropped
 *     from the later concept (the earlier concept keeps the form). Severity `error` for an alias
 *     or abbreviation (the file does not mean what it says: the form is attributed to the other
 *     concept), `warning` for a deprecated or forbidden form (the form is still flagged, only its
 *     fix may differ);
 *   - when the later claim is the later concept's preferred term, the form is dropped from the
 *     earlier concept instead (a concept cannot lose its preferred term), with severity
 *     `warning` since the later file is served as written.
 *
 *   At most {@link MAX_CONFLICTS_PER_CONCEPT} conflicts are reported per concept, then one problem
 *   (at the next conflicting form, an error if any of the rest is) says how many more there are.
 *
 *   A conflict never discards a concept: unlike an error inside one file (which makes the file
 *   unusable, see `parseGlossaryText`), a file is still served with only the conflicting form
 *   removed, because the other claim may sit in a file its user cannot edit (the bundled glossary).
 */
export function mergeLayers(layers: readonly GlossaryFileResult[]): MergedGlossary {
  const all = layers.flatMap((layer) => layer.concepts);
  const uris = layers.flatMap((layer) => layer.concepts.map((concept) => concept.origin?.uri ?? layer.uri));
  const layerOf = new Int32Array(all.length);
  layers.reduce((at, layer, l) => (layerOf.fill(l, at, at + layer.concepts.length), at + layer.concepts.length), 0);
  // The last concept of each preferred term wins, at its own place in the order.
  const terms = new FormKeyTable(all.length, (i) => preferredTerm(all[i]!));
  const overridden = new Uint8Array(all.length);
  all.forEach((concept, i) => {
    const previous = terms.set(preferredTerm(concept), i);
    if (previous >= 0) overridden[previous] = 1;
  });
  const entries: Entry[] = [];
  all.forEach((concept, i) => {
    if (!overridden[i]) entries.push({ concept, uri: uris[i]!, layer: layerOf[i]! });
  });
  const problems: GlossaryProblem[] = [];

  // Forms are numbered through the entries; `owners` maps each key to the form that claimed it.
  const formBase = new Int32Array(entries.length + 1);
  entries.forEach((entry, i) => (formBase[i + 1] = formBase[i]! + entry.concept.forms.length));
  const entryOf = new Int32Array(formBase[entries.length]!);
  entries.forEach((_, i) => entryOf.fill(i, formBase[i], formBase[i + 1]));
  const owners = new FormKeyTable(entryOf.length, (n) => entries[entryOf[n]!]!.concept.forms[n - formBase[entryOf[n]!]!]!.text);
  // Preferred terms are claimed first, so an alias never takes a form another concept is named by.
  const preferredAt = new Int32Array(entries.length);
  entries.forEach(({ concept }, i) => {
    const f = Math.max(0, concept.forms.findIndex((form) => form.status === 'preferred'));
    preferredAt[i] = f;
    owners.set(preferredTerm(concept), formBase[i]! + f);
  });
  const dropped = new Map<number, Set<TermForm>>();
  // Conflicts reported per concept (in the file of entry `i`), and the ones left untold past the limit.
  const reported = new Int32Array(entries.length);
  const untold = new Map<number, { readonly form: TermForm; count: number; severity: GlossaryProblem['severity'] }>();
  const report = (at: number, form: TermForm, message: () => string, severity: GlossaryProblem['severity']): void => {
    if (reported[at]! < MAX_CONFLICTS_PER_CONCEPT) {
      reported[at]!++;
      problems.push(conflict(entries[at]!, form, message(), severity));
      return;
    }
    const rest = untold.get(at);
    if (!rest) untold.set(at, { form, count: 1, severity });
    else {
      rest.count++;
      if (severity === 'error') rest.severity = 'error';
    }
  };

  entries.forEach((entry, i) => {
    entry.concept.forms.forEach((form, f) => {
      if (form.status === 'preferred') return;
      const claim = owners.get(form.text);
      if (claim < 0) {
        owners.set(form.text, formBase[i]! + f);
        return;
      }
      const ownerIndex = entryOf[claim]!;
      const owner = entries[ownerIndex];
      if (ownerIndex === i || !owner) return;
      let drop = dropped.get(i);
      if (!drop) dropped.set(i, (drop = new Set()));
      drop.add(form);
      if (ownerIndex > i) {
        // A later concept is named by this earlier concept's form: report it where the later one is.
        // (Looked up by index, not searched: a concept may have tens of thousands of forms.)
        const named = owner.concept.forms[preferredAt[ownerIndex]!]!;
        report(
          ownerIndex,
          named,
          () => `"${named.text}" is also ${describe(form)} of "${preferredTerm(entry.concept)}" (${place(entry)}); it now names this concept only.`,
          'warning',
        );
        return;
      }
      // The form that made the claim: an entry's forms have distinct keys, so it is the owner's form with this key.
      const ownerForm = owner.concept.forms[claim - formBase[ownerIndex]!];
      report(
        i,
        form,
        () =>
          `${capitalize(describe(form))} "${form.text}" of "${preferredTerm(entry.concept)}" is already ${describe(ownerForm)} of "${preferredTerm(owner.concept)}" (${place(owner)}); it is ignored here.`,
        form.status === 'admitted' ? 'error' : 'warning',
      );
    });
  });
  for (const [at, rest] of untold) {
    const message = `${rest.count} more forms of "${preferredTerm(entries[at]!.concept)}" conflict with forms of other concepts (not reported one by one); conflicting aliases and abbreviations are ignored here.`;
    problems.push(conflict(entries[at]!, rest.form, message, rest.severity));
  }

  const concepts = entries.map(({ concept }, i) => {
    const drop = dropped.get(i);
    return drop ? { ...concept, forms: concept.forms.filter((f) => !drop.has(f)) } : concept;
  });
  return { concepts, problems, sources: entries.map((e) => e.layer) };
}

/** One group of glossary files merged on its own ({@link mergeLayers}), for {@link overlayGroups}. */
export interface OverlayGroup {
  readonly concepts: readonly Concept[];
  /** Per concept, its file's place in the precedence order of the whole: a higher rank wins. */
  readonly ranks: readonly number[];
}

/** A concept that lost a form to a concept of a later group, and its rank. */
export interface ShadowedConcept {
  /** The concept as its own group serves it. */
  readonly concept: Concept;
  readonly rank: number;
}

/** Groups laid over each other. */
export interface OverlaidGlossary {
  /** Every concept left, in rank order, without the forms later groups took. */
  readonly concepts: Concept[];
  /** For each concept of {@link concepts}, its rank. */
  readonly ranks: number[];
  /** Per form key (`formKey`), the concepts that claim it but lost it, highest rank (nearest) first. */
  readonly shadowed: ReadonlyMap<string, readonly ShadowedConcept[]>;
}

/**
 * Lays merged groups over each other (the glossaries of nested folders, say): concepts are taken
 * in rank order and every form key goes to the concept of the highest rank claiming it. A concept
 * whose preferred term a higher-ranked concept claims (as any form) is left out altogether (it is
 * replaced, as a later layer's concept with the same preferred term replaces an earlier one); any
 * other concept only loses the forms taken. Nothing is a conflict: each concept that lost a form
 * (a replaced one: every form) is listed under the form's key in `shadowed`, for hovers to show
 * as the definition of a farther context. Linear in the forms of all groups.
 */
export function overlayGroups(groups: readonly OverlayGroup[]): OverlaidGlossary {
  // The largest group (the bundled glossary and the workspace root's, say) is not tabled: only its
  // concepts that share a form key with another group's take part in the overlay; the rest pass.
  const sizes = groups.map((g) => g.concepts.reduce((n, c) => n + c.forms.length, 0));
  const big = sizes.indexOf(Math.max(...sizes));
  const entries: Ranked[] = [];
  let seq = 0;
  const bigEntries: Ranked[] = [];
  groups.forEach((group, g) =>
    group.concepts.forEach((concept, i) => (g === big ? bigEntries : entries).push({ concept, rank: group.ranks[i]!, seq: seq++ })),
  );
  // The other groups' forms, numbered through their concepts.
  const base = new Int32Array(entries.length + 1);
  entries.forEach((entry, i) => (base[i + 1] = base[i]! + entry.concept.forms.length));
  const owner = new Int32Array(base[entries.length]!);
  entries.forEach((_, i) => owner.fill(i, base[i], base[i + 1]));
  const others = new FormKeyTable(owner.length, (n) => entries[owner[n]!]!.concept.forms[n - base[owner[n]!]!]!.text);
  entries.forEach((entry, i) => entry.concept.forms.forEach((form, f) => others.set(form.text, base[i]! + f)));
  const passing: Ranked[] = [];
  for (const entry of bigEntries) {
    if (entries.length > 0 && entry.concept.forms.some((form) => others.get(form.text) >= 0)) entries.push(entry);
    else passing.push(entry);
  }
  const byOrder = (a: Ranked, b: Ranked): number => a.rank - b.rank || a.seq - b.seq;
  const resolved = resolveOverlay(entries.sort(byOrder));
  // Both lists are in order: merge them.
  const concepts: Concept[] = [];
  const ranks: number[] = [];
  for (let a = 0, b = 0; a < passing.length || b < resolved.kept.length; ) {
    const next = b >= resolved.kept.length || (a < passing.length && byOrder(passing[a]!, resolved.kept[b]!) < 0) ? passing[a++]! : resolved.kept[b++]!;
    concepts.push(next.concept);
    ranks.push(next.rank);
  }
  return { concepts, ranks, shadowed: resolved.shadowed };
}

/** A concept of an overlay, its rank, and its place in the groups as given (to keep their order among equal ranks). */
interface Ranked extends ShadowedConcept {
  readonly seq: number;
}

/** {@link overlayGroups} of concepts in order; returns the concepts left (in order) and the shadowed ones. */
function resolveOverlay(entries: readonly Ranked[]): { kept: Ranked[]; shadowed: Map<string, ShadowedConcept[]> } {
  const formBase = new Int32Array(entries.length + 1);
  entries.forEach((entry, i) => (formBase[i + 1] = formBase[i]! + entry.concept.forms.length));
  const total = formBase[entries.length]!;
  const entryOf = new Int32Array(total);
  entries.forEach((_, i) => entryOf.fill(i, formBase[i], formBase[i + 1]));
  const formOf = (n: number): TermForm => entries[entryOf[n]!]!.concept.forms[n - formBase[entryOf[n]!]!]!;
  const textOf = (n: number): string => formOf(n).text;

  const latest = new FormKeyTable(total, textOf);
  for (let n = 0; n < total; n++) latest.set(textOf(n), n);
  const lost = new Map<string, number[]>();
  const lose = (text: string, entry: number): void => {
    const key = formKey(text);
    const list = lost.get(key);
    if (list) list.push(entry);
    else lost.set(key, [entry]);
  };
  const removed = new Uint8Array(entries.length);
  entries.forEach((entry, i) => {
    if (entryOf[latest.get(preferredTerm(entry.concept))]! === i) return;
    // Replaced: every form of it now means the later concept or nothing, and hovers of each show it.
    removed[i] = 1;
    for (const form of entry.concept.forms) lose(form.text, i);
  });

  const owners = new FormKeyTable(total, textOf);
  const dropped = new Map<number, Set<TermForm>>();
  for (let i = 0; i < entries.length; i++) {
    if (removed[i]) continue;
    for (let n = formBase[i]!; n < formBase[i + 1]!; n++) {
      const previous = owners.set(textOf(n), n);
      if (previous < 0 || entryOf[previous] === i) continue;
      const loser = entryOf[previous]!;
      let drop = dropped.get(loser);
      if (!drop) dropped.set(loser, (drop = new Set()));
      drop.add(formOf(previous));
      lose(textOf(n), loser);
    }
  }

  const kept: Ranked[] = [];
  entries.forEach((entry, i) => {
    if (removed[i]) return;
    const drop = dropped.get(i);
    kept.push(drop ? { ...entry, concept: { ...entry.concept, forms: entry.concept.forms.filter((f) => !drop.has(f)) } } : entry);
  });
  const shadowed = new Map<string, ShadowedConcept[]>();
  for (const [key, list] of lost) shadowed.set(key, list.sort((a, b) => b - a).map((i) => ({ concept: entries[i]!.concept, rank: entries[i]!.rank })));
  return { kept, shadowed };
}

/**
 * Conflicts reported one by one per concept (100); past that, one problem at the next conflicting
 * form says how many more there are. A concept with thousands of aliases that another glossary
 * already has would otherwise get thousands of identical problems.
 */
export const MAX_CONFLICTS_PER_CONCEPT = 100;

/** A concept of the merge and the URI of its file. */
interface Entry {
  readonly concept: Concept;
  readonly uri: string;
  /** Index of its layer. */
  readonly layer: number;
}

function conflict(
  entry: Entry,
  form: TermForm,
  message: string,
  severity: GlossaryProblem['severity'],
): GlossaryProblem {
  const start = form.loc?.start ?? 0;
  return { code: 'glossary.conflict', message, uri: entry.uri, start, end: form.loc?.end ?? start, severity };
}

/** `an alias`, `the preferred term`, ... for messages. */
function describe(form: TermForm | undefined): string {
  if (!form) return 'a form';
  switch (form.status) {
    case 'preferred':
      return 'the preferred term';
    case 'admitted':
      return form.type === 'abbreviation' ? 'an abbreviation' : 'an alias';
    case 'deprecated':
      return 'a deprecated form';
    case 'forbidden':
      return 'a forbidden form';
  }
}

/** `an alias` → `Alias`. */
function capitalize(text: string): string {
  return text.replace(/^(an?|the) /, '').replace(/^\w/, (c) => c.toUpperCase());
}

/** Where a concept is defined, for messages: the bundled glossary, or the file name and line. */
function place(entry: Entry): string {
  const line = entry.concept.origin ? `:${entry.concept.origin.line + 1}` : '';
  if (entry.uri.startsWith('bundled:')) return `bundled glossary${line}`;
  const name = decodeURIComponent(entry.uri.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop() ?? entry.uri);
  return `${name}${line}`;
}
