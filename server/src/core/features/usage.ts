/**
 * Glossary usage over a tree, for `termlens glossary usage`: per concept, where and how often its
 * terms are used (the matcher's occurrences, as hovers see them), which of its forms, and how often
 * it is written wrong (the `term.misspelled`, `term.variant` and `term.deprecated` findings that
 * name it); and which concepts no file uses. Pure aggregation over parsed documents and their
 * diagnostics: the caller parses and lints them exactly as `termlens lint` does.
 */

import type { CompiledGlossary } from '../glossary/compiled';
import { preferredTerm, type Concept } from '../glossary/model';
import type { ParsedDocument } from '../text/document';
import type { Position } from '../text/lineIndex';

/** The diagnostic codes counted as a concept written wrong. */
export const WRONG_FORM_CODES = ['term.misspelled', 'term.variant', 'term.deprecated'] as const;

/** One of {@link WRONG_FORM_CODES}. */
export type WrongFormCode = (typeof WRONG_FORM_CODES)[number];

/** A finding as usage needs it: its code, offsets and concept (`TermFinding`, `TermDiagnostic.data` both fit). */
export interface UsageFinding {
  readonly code: string;
  readonly start: number;
  readonly end: number;
  readonly conceptId?: string;
}

/** One parsed document of a file and its findings. */
export interface UsageDocument {
  /** How locations name the file, e.g. a path relative to the working folder. */
  readonly name: string;
  /** The file the document belongs to, when several documents are one file (a notebook's cells); default `name`. */
  readonly file?: string;
  readonly doc: ParsedDocument;
  readonly findings: readonly UsageFinding[];
  /** Maps an offset of the document to a position in the file; default the document's own lines. */
  readonly positionAt?: (offset: number) => Position;
}

/** A place in a file, 1-based. */
export interface UsageLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A written form and how many times it was seen. */
export interface FormCount {
  readonly text: string;
  readonly count: number;
}

/** How a concept was written wrong under one code. */
export interface WrongForms {
  readonly code: WrongFormCode;
  readonly count: number;
  /** The text as written, most frequent first. */
  readonly forms: readonly FormCount[];
}

/** A concept's use. */
export interface ConceptUsage {
  readonly id: string;
  readonly term: string;
  /** Present for a concept not yet agreed on. */
  readonly status?: 'proposed';
  /** Uses: every occurrence of the concept, near misses included. */
  readonly count: number;
  readonly files: number;
  /** The first few uses, in file order. */
  readonly locations: readonly UsageLocation[];
  /** The glossary forms used (for a near miss, the form meant), most used first. */
  readonly forms: readonly FormCount[];
  /** Findings of {@link WRONG_FORM_CODES} naming the concept, in that code order; only codes seen. */
  readonly wrong: readonly WrongForms[];
  /** All of {@link wrong}'s counts. */
  readonly wrongCount: number;
}

/** A concept nobody uses, and where it is defined. */
export interface UnusedConcept {
  readonly id: string;
  readonly term: string;
  readonly status?: 'proposed';
  /** The glossary file's URI and zero-based line of the entry, when known. */
  readonly origin?: { readonly uri: string; readonly line: number };
}

/** What {@link UsageCollector.report} returns. */
export interface UsageReport {
  /** Files read. */
  readonly files: number;
  /** Concepts used, most files first, then most uses. */
  readonly used: readonly ConceptUsage[];
  /** The used concepts written wrong at least once, most findings first. */
  readonly wrong: readonly ConceptUsage[];
  /** Concepts `unusedOf` asks about that no file uses, in glossary order. */
  readonly unused: readonly UnusedConcept[];
}

/** Options of {@link UsageCollector}. */
export interface UsageOptions {
  /** How many first locations to keep per concept. Default 3. */
  readonly locations?: number;
}

interface Tally {
  count: number;
  readonly files: Set<string>;
  readonly locations: UsageLocation[];
  readonly forms: Map<string, number>;
  readonly wrong: Map<WrongFormCode, Map<string, number>>;
}

/** Adds up usage document by document. */
export class UsageCollector {
  private readonly tallies = new Map<number, Tally>();
  private readonly allFiles = new Set<string>();
  private readonly keep: number;

  constructor(
    private readonly glossary: CompiledGlossary,
    options: UsageOptions = {},
  ) {
    this.keep = options.locations ?? 3;
  }

  /** Files added so far. */
  get fileCount(): number {
    return this.allFiles.size;
  }

  /** Counts one document's occurrences and findings. Its `doc` must be parsed against this collector's glossary. */
  add(input: UsageDocument): void {
    const file = input.file ?? input.name;
    this.allFiles.add(file);
    const { doc } = input;
    const positionAt = input.positionAt ?? ((offset: number) => doc.lines.positionAt(offset));
    for (const occ of doc.occurrences) {
      const tally = this.tally(occ.ref.concept);
      tally.count++;
      tally.files.add(file);
      if (tally.locations.length < this.keep) {
        const p = positionAt(occ.start);
        tally.locations.push({ file: input.name, line: p.line + 1, column: p.character + 1 });
      }
      const form = this.glossary.form(occ.ref).text;
      tally.forms.set(form, (tally.forms.get(form) ?? 0) + 1);
    }
    for (const f of input.findings) {
      if (!(WRONG_FORM_CODES as readonly string[]).includes(f.code) || f.conceptId === undefined) continue;
      const index = this.glossary.indexOfId(f.conceptId);
      if (index === undefined) continue;
      const tally = this.tally(index);
      const code = f.code as WrongFormCode;
      let forms = tally.wrong.get(code);
      if (!forms) tally.wrong.set(code, (forms = new Map()));
      const written = doc.text.slice(f.start, f.end).replace(/\s+/g, ' ');
      forms.set(written, (forms.get(written) ?? 0) + 1);
    }
  }

  /** The report; `unusedOf` says which concepts to list when unused (e.g. those of the workspace glossaries). */
  report(unusedOf: (concept: Concept) => boolean): UsageReport {
    const used: ConceptUsage[] = [];
    for (const [index, tally] of this.tallies) {
      if (tally.count === 0 && tally.wrong.size === 0) continue;
      used.push(this.usage(index, tally));
    }
    used.sort((a, b) => b.files - a.files || b.count - a.count || compare(a.term, b.term));
    const wrong = used.filter((u) => u.wrongCount > 0).sort((a, b) => b.wrongCount - a.wrongCount || b.count - a.count || compare(a.term, b.term));
    const unused: UnusedConcept[] = [];
    this.glossary.concepts.forEach((concept, index) => {
      if ((this.tallies.get(index)?.count ?? 0) > 0 || !unusedOf(concept)) return;
      unused.push({
        id: concept.id,
        term: preferredTerm(concept),
        ...(concept.status === 'proposed' ? { status: 'proposed' as const } : {}),
        ...(concept.origin ? { origin: { uri: concept.origin.uri, line: concept.origin.line } } : {}),
      });
    });
    return { files: this.allFiles.size, used, wrong, unused };
  }

  private tally(index: number): Tally {
    let tally = this.tallies.get(index);
    if (!tally) this.tallies.set(index, (tally = { count: 0, files: new Set(), locations: [], forms: new Map(), wrong: new Map() }));
    return tally;
  }

  private usage(index: number, tally: Tally): ConceptUsage {
    const concept = this.glossary.concepts[index]!;
    const wrong: WrongForms[] = [];
    for (const code of WRONG_FORM_CODES) {
      const forms = tally.wrong.get(code);
      if (!forms) continue;
      const list = ranked(forms);
      wrong.push({ code, count: list.reduce((n, f) => n + f.count, 0), forms: list });
    }
    return {
      id: concept.id,
      term: preferredTerm(concept),
      ...(concept.status === 'proposed' ? { status: 'proposed' as const } : {}),
      count: tally.count,
      files: tally.files.size,
      locations: tally.locations,
      forms: ranked(tally.forms),
      wrong,
      wrongCount: wrong.reduce((n, w) => n + w.count, 0),
    };
  }
}

/** Counts as a list, most first, then by text. */
function ranked(counts: ReadonlyMap<string, number>): FormCount[] {
  return [...counts.entries()].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count || compare(a.text, b.text));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
