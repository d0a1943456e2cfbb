/**
 * Applies a hand-curated overlay glossary to imported concepts: the overlay adds what the imported
 * pages do not say (abbreviations, variants, deprecated/forbidden forms, related links) without
 * editing the imported data. Pure and deterministic.
 */

import type { Concept, Facet, Sense, TermForm } from '../model';
import { preferredTerm } from '../model';
import { formKey } from '../format';
import type { ImportFinding } from './findings';
import { compareStrings } from './greeksLive';

/** The base concepts augmented by the overlay, sorted by preferred term, and what was noticed. */
export interface OverlayResult {
  readonly concepts: Concept[];
  readonly report: ImportFinding[];
}

/**
 * Applies `overlay` to `base`. An overlay concept whose preferred term matches a base concept's
 * preferred term or id (compared by `formKey`) augments it: its non-preferred forms are added
 * unless a form with the same key is already there (a form already belonging to another concept is
 * skipped and reported as `import.overlay-conflict`), and its senses, facets, related terms,
 * areas, examples and notes are appended without duplicates; its `status`, when set, replaces the
 * base's. The base `id` is kept.
 *
 * `kind`: the glossary format defaults an absent `kind` to `term`, so an overlay kind of `term`
 * is read as "not set" and never changes a base kind; `area` or `definition` replaces it.
 *
 * An overlay concept matching no base concept is added as a new concept (reported as info). Every
 * `related` entry that names no concept of the result is reported as `import.unknown-related`.
 * The result is sorted by preferred term (case-insensitive, then exact).
 */
export function applyOverlay(base: readonly Concept[], overlay: readonly Concept[]): OverlayResult {
  const report: ImportFinding[] = [];
  const concepts = base.map((c) => ({ ...c }));
  const index = new Map<string, number>();
  // Preferred terms win over ids when an id happens to read like another concept's term.
  concepts.forEach((c, i) => index.set(formKey(c.id), i));
  concepts.forEach((c, i) => index.set(formKey(preferredTerm(c)), i));
  // Which concept owns each form key, to keep two concepts from claiming one form.
  const owner = new Map<string, number>();
  concepts.forEach((c, i) => c.forms.forEach((f) => owner.has(formKey(f.text)) || owner.set(formKey(f.text), i)));

  for (const o of overlay) {
    const name = preferredTerm(o);
    let i = index.get(formKey(name)) ?? index.get(formKey(o.id)) ?? owner.get(formKey(name));
    if (i === undefined) {
      i = concepts.length;
      concepts.push({ ...o, forms: [], senses: [], facets: [], related: [], areas: [] });
      index.set(formKey(name), i);
      report.push({
        severity: 'info', code: 'import.overlay-new-concept',
        message: `"${name}" is not in the imported pages; added from the overlay`, terms: [name],
      });
    }
    const target = concepts[i];
    if (!target) continue;
    const forms = [...target.forms];
    for (const f of o.forms) {
      const key = formKey(f.text);
      const claimedBy = owner.get(key);
      if (claimedBy !== undefined && claimedBy !== i) {
        const other = concepts[claimedBy];
        report.push({
          severity: 'warning', code: 'import.overlay-conflict',
          message: `the overlay gives "${f.text}" to "${name}" but it is already a form of "${other ? preferredTerm(other) : '?'}"; not added`,
          terms: [f.text, name],
        });
        continue;
      }
      if (forms.some((x) => formKey(x.text) === key)) continue;
      forms.push(forms.length === 0 ? f : demote(f));
      owner.set(key, i);
    }
    concepts[i] = {
      ...target,
      kind: o.kind !== 'term' ? o.kind : target.kind,
      forms,
      senses: unionBy<Sense>(target.senses, o.senses, (s) => s.text),
      facets: unionBy<Facet>(target.facets, o.facets, (f) => `${f.name}\n${f.text}`),
      related: unionBy<string>(target.related, o.related, formKey),
      areas: unionBy<string>(target.areas, o.areas, (a) => a),
      ...(o.common || target.common ? { common: true } : {}),
      ...details(target, o),
    };
  }

  const known = new Set<string>();
  for (const c of concepts) {
    known.add(formKey(c.id));
    for (const f of c.forms) known.add(formKey(f.text));
  }
  for (const c of concepts) {
    for (const r of c.related) {
      if (!known.has(formKey(r))) {
        report.push({
          severity: 'warning', code: 'import.unknown-related',
          message: `"${preferredTerm(c)}" is related to "${r}", which is not a concept of the glossary`,
          terms: [preferredTerm(c), r],
        });
      }
    }
  }
  concepts.sort((a, b) => compareStrings(preferredTerm(a), preferredTerm(b)) || compareStrings(a.id, b.id));
  return { concepts, report };
}

/** The examples and notes of both (without duplicates) and the overlay's status, else the base's: only those set. */
function details(target: Concept, o: Concept): Pick<Concept, 'examples' | 'notes' | 'status'> {
  const examples = unionBy<string>(target.examples ?? [], o.examples ?? [], (x) => x);
  const notes = unionBy<string>(target.notes ?? [], o.notes ?? [], (x) => x);
  const status = o.status ?? target.status;
  return { ...(examples.length ? { examples } : {}), ...(notes.length ? { notes } : {}), ...(status ? { status } : {}) };
}

/** A preferred form added to an existing concept becomes an admitted variant of it. */
function demote(form: TermForm): TermForm {
  return form.status === 'preferred' ? { ...form, status: 'admitted', type: 'variant' } : form;
}

function unionBy<T>(a: readonly T[], b: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set(a.map(key));
  const out = [...a];
  for (const x of b) {
    const k = key(x);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(x);
    }
  }
  return out;
}
