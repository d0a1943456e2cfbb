/**
 * Term diagnostics: misspelled terms, non-preferred spellings of proper names and acronyms, and
 * deprecated or forbidden forms, each with a message naming the preferred term and quoting its
 * definition and a safe replacement; plus the note rules of `noteRules.ts` (undefined
 * abbreviations, abbreviations used before their definition, inconsistent forms of one concept).
 */

import type { FormInfo } from '../glossary/compiled';
import { inHeading } from '../text/lines';
import { preferredTerm, type Concept } from '../glossary/model';
import { isNoteLanguage, memoKey, regionAt, type DocumentChunk, type ParsedDocument, type ScannedRegion } from '../text/document';
import type { LineIndex, Range } from '../text/lineIndex';
import type { Occurrence } from '../text/matcher';
import { singularCandidates } from '../text/tokens';
import { noteFindings } from './noteRules';
import { summarizeDefinition } from './render';
import { defaultSeverities, ruleFor, scopeApplies, type DiagnosticCode, type RuleFinding, type SeverityName, type TermFix } from './rules';

// The registry and the finding types, re-exported for the modules that import them from here.
export {
  defaultSeverities,
  diagnosticCodeDocs,
  diagnosticCodes,
  rules,
  ruleFor,
  severityNames,
  type DiagnosticCode,
  type FixSafety,
  type RuleFinding,
  type RuleInfo,
  type RuleScope,
  type SeverityName,
  type TermFix,
  type TextEditSpan,
} from './rules';

/** LSP's numeric severities: 1 error, 2 warning, 3 information, 4 hint. */
export type SeverityNumber = 1 | 2 | 3 | 4;

const SEVERITY_NUMBERS: Record<Exclude<SeverityName, 'off'>, SeverityNumber> = { error: 1, warning: 2, information: 3, hint: 4 };

/** What a quick fix needs, carried in the diagnostic's `data`. */
export interface TermDiagnosticData {
  /** Offsets of the flagged text, which identify the diagnostic whatever range a client echoes back. */
  readonly start: number;
  readonly end: number;
  /** The glossary concept the diagnostic is about, if any. */
  readonly conceptId?: string;
  readonly fix?: TermFix;
}

/** Another place in the same document the diagnostic refers to (LSP relatedInformation). */
export interface RelatedSpan {
  readonly start: number;
  readonly end: number;
  readonly range: Range;
  readonly message: string;
}

/** A term diagnostic, shaped like an LSP `Diagnostic`. */
export interface TermDiagnostic {
  readonly range: Range;
  readonly severity: SeverityNumber;
  readonly code: DiagnosticCode;
  readonly source: 'termlens';
  readonly message: string;
  readonly data: TermDiagnosticData;
  readonly relatedInformation?: readonly RelatedSpan[];
}

/** Options for {@link computeDiagnostics}. */
export interface DiagnosticOptions {
  /** Severity per code; missing codes use {@link defaultSeverities}. */
  readonly severities?: Partial<Record<DiagnosticCode, SeverityName>>;
  /** Abbreviations accepted without a definition (acronym.undefined), e.g. ['API','USD']; default []. */
  readonly knownAcronyms?: readonly string[];
}

/**
 * A term diagnostic as plain data, by offsets into the document text, with its severity and fix
 * safety applied: what the rules found. {@link withRanges} gives it line and character positions.
 */
export interface TermFinding {
  readonly start: number;
  readonly end: number;
  readonly code: DiagnosticCode;
  readonly severity: Exclude<SeverityName, 'off'>;
  readonly message: string;
  /** The glossary concept the finding is about, if any. */
  readonly conceptId?: string;
  readonly fix?: TermFix;
  /** Other places in the same document the finding refers to. */
  readonly related?: ReadonlyArray<{ readonly start: number; readonly end: number; readonly message: string }>;
}

/**
 * The findings in a parsed document, sorted by start offset: runs the rules whose scope (in the
 * registry, `rules.ts`) applies — the term rules everywhere but in identifiers (code is linted only
 * in comments and strings), the note rules (acronyms, consistency) in the prose of Markdown and
 * plain-text documents — then drops codes set to `off` and findings on suppressed lines, and gives
 * each fix the safety its rule declares.
 */
export function findDiagnostics(doc: ParsedDocument, options: DiagnosticOptions = {}): TermFinding[] {
  const suppressed = new Map<number, readonly string[]>();
  for (const s of doc.suppressions) {
    const prior = suppressed.get(s.line);
    suppressed.set(s.line, prior === undefined ? s.codes : prior.length === 0 || s.codes.length === 0 ? [] : [...prior, ...s.codes]);
  }
  const isNote = isNoteLanguage(doc.languageId);
  const findings: RuleFinding[] = [];
  const termRules = scopeApplies(TERM_RULES_SCOPE, isNote);
  if (termRules) for (const chunk of doc.chunks) for (const f of chunkTermFindings(doc, chunk)) findings.push(f);
  if (scopeApplies(NOTE_RULES_SCOPE, isNote)) {
    // A proposed concept's occurrences are left out of `term.inconsistent`, as of the term rules.
    const flagged = (chunk: DocumentChunk): ArrayLike<unknown> | undefined => (termRules ? chunk.origin.memo.get(TERM_FINDINGS) : undefined);
    for (const f of noteFindings(doc, { knownAcronyms: options.knownAcronyms, flagged })) findings.push(f);
  }

  const out: TermFinding[] = [];
  for (const f of findings) {
    const severity = options.severities?.[f.code] ?? defaultSeverities[f.code];
    if (severity === 'off') continue;
    const codes = suppressed.size === 0 ? undefined : suppressed.get(doc.lines.positionAt(f.start).line);
    if (codes && (codes.length === 0 || codes.includes(f.code))) continue;
    // Built key by key (in this order) rather than by spreading: a long note has thousands.
    const finding: { -readonly [K in keyof TermFinding]: TermFinding[K] } = { start: f.start, end: f.end, code: f.code, severity, message: f.message };
    if (f.conceptId) finding.conceptId = f.conceptId;
    if (f.fix) finding.fix = { title: f.fix.title, edits: f.fix.edits, safe: ruleFor(f.code).fix === 'safe' };
    if (f.related) finding.related = f.related;
    out.push(finding);
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** A finding with line and character positions (of `lines`, the document's line index): the diagnostic the server and the CLI report. */
export function withRanges(f: TermFinding, lines: LineIndex): TermDiagnostic {
  const data: TermDiagnosticData = { start: f.start, end: f.end, ...(f.conceptId ? { conceptId: f.conceptId } : {}), ...(f.fix ? { fix: f.fix } : {}) };
  const diagnostic: TermDiagnostic = {
    range: lines.range(f.start, f.end),
    severity: SEVERITY_NUMBERS[f.severity],
    code: f.code,
    source: 'termlens',
    message: f.message,
    data,
  };
  if (!f.related) return diagnostic;
  return { ...diagnostic, relatedInformation: f.related.map((r) => ({ start: r.start, end: r.end, range: lines.range(r.start, r.end), message: r.message })) };
}

/** Diagnostics for a parsed document, sorted by start offset: its {@link findDiagnostics findings}, {@link withRanges with ranges}. */
export function computeDiagnostics(doc: ParsedDocument, options: DiagnosticOptions = {}): TermDiagnostic[] {
  return findDiagnostics(doc, options).map((f) => withRanges(f, doc.lines));
}

/** The scope of the rules implemented here (`term.misspelled`, `term.variant`, `term.deprecated`). */
const TERM_RULES_SCOPE = ruleFor('term.misspelled').scope;
/** The scope of the rules of `noteRules.ts` (`acronym.*`, `term.inconsistent`). */
const NOTE_RULES_SCOPE = ruleFor('acronym.undefined').scope;

/** Whether an occurrence is of a concept with `status: proposed`: shown, never enforced. */
function isProposed(doc: ParsedDocument, occ: Occurrence): boolean {
  return doc.glossary.concepts[occ.ref.concept]!.status === 'proposed';
}

/**
 * On a chunk origin, the term rules' finding of each of its occurrences by the origin's offsets
 * (null: none), as far as computed. A finding depends only on the occurrence, the text of its
 * line up to it and the glossary, all inside the chunk: so it holds wherever the chunk moves.
 */
const TERM_FINDINGS = memoKey<(RuleFinding | null | undefined)[]>('term findings');

/** On a chunk of a version, its term findings at that version's offsets. */
const CHUNK_TERMS = memoKey<readonly RuleFinding[]>('chunk term findings');

/**
 * The term rules' findings in a chunk, one per kept occurrence outside identifiers and of no
 * proposed concept that a rule flags, in document order: from the chunk origin's cache, each
 * computed the first time the occurrence is kept.
 */
function chunkTermFindings(doc: ParsedDocument, chunk: DocumentChunk): readonly RuleFinding[] {
  const known = chunk.memo.get(CHUNK_TERMS);
  if (known) return known;
  const { origin, delta, kept } = chunk;
  const memo = origin.memo.get(TERM_FINDINGS) ?? origin.memo.set(TERM_FINDINGS, new Array<RuleFinding | null | undefined>(origin.occurrences.length));
  const findings: RuleFinding[] = [];
  for (let i = 0; i < origin.occurrences.length; i++) {
    if (!kept[i]) continue;
    let finding = memo[i];
    if (finding === undefined) {
      const occ = origin.occurrences[i]!;
      const found = occ.region === 'identifier' || isProposed(doc, occ) ? undefined : termFinding(doc, delta === 0 ? occ : chunk.occurrences[i]!);
      memo[i] = finding = found ? shiftFinding(found, -delta) : null;
    }
    if (finding) findings.push(shiftFinding(finding, delta));
  }
  return chunk.memo.set(CHUNK_TERMS, findings);
}

/** The term rules' finding of an occurrence (at the document's offsets), if a rule flags it. */
function termFinding(doc: ParsedDocument, occ: Occurrence): RuleFinding | undefined {
  const finding = check(doc, occ);
  if (!finding) return undefined;
  return {
    code: finding.code,
    start: occ.start,
    end: occ.end,
    message: finding.message,
    conceptId: doc.glossary.concepts[occ.ref.concept]!.id,
    fix: {
      title: `Replace with "${finding.replacement}"`,
      edits: [{ start: occ.start, end: occ.end, newText: finding.replacement }],
    },
  };
}

/** A finding moved by `delta` (its span, its fix's edits and its related places). */
function shiftFinding(f: RuleFinding, delta: number): RuleFinding {
  if (delta === 0) return f;
  return {
    code: f.code,
    start: f.start + delta,
    end: f.end + delta,
    message: f.message,
    ...(f.conceptId !== undefined ? { conceptId: f.conceptId } : {}),
    ...(f.fix ? { fix: { title: f.fix.title, edits: f.fix.edits.map((e) => ({ start: e.start + delta, end: e.end + delta, newText: e.newText })) } } : {}),
    ...(f.related ? { related: f.related.map((r) => ({ start: r.start + delta, end: r.end + delta, message: r.message })) } : {}),
  };
}

interface Finding {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly replacement: string;
}

/** Per region, whether its text has no upper-case letter: asked once per occurrence, computed once per region. */
const lowerCaseRegions = new WeakMap<ScannedRegion, boolean>();

function isLowerCaseRegion(doc: ParsedDocument, region: ScannedRegion): boolean {
  let lower = lowerCaseRegions.get(region);
  if (lower === undefined) {
    const literal = doc.text.slice(region.start, region.end);
    lower = literal === literal.toLowerCase();
    lowerCaseRegions.set(region, lower);
  }
  return lower;
}

/** Per concept, its definition as a message quotes it (most occurrences need none: computed once, when first needed). */
const glosses = new WeakMap<Concept, string>();

function gloss(concept: Concept): string {
  let text = glosses.get(concept);
  if (text === undefined) {
    const definition = summarizeDefinition(concept, 100);
    glosses.set(concept, (text = definition ? ` — ${definition}` : ''));
  }
  return text;
}

function quote(text: string): string {
  return `"${text.replace(/\s+/g, ' ')}"`;
}

function check(doc: ParsedDocument, occ: Occurrence): Finding | undefined {
  const glossary = doc.glossary;
  const concept = glossary.concepts[occ.ref.concept]!;
  const preferred = preferredTerm(concept);
  const surface = doc.text.slice(occ.start, occ.end);
  const info = glossary.formInfo(occ.ref);

  if (occ.match === 'misspelled') {
    const replacement = corrected(doc, occ, info);
    return {
      code: 'term.misspelled',
      message: `${quote(surface)} looks like a misspelling of ${quote(preferred)}${gloss(concept)}`,
      replacement,
    };
  }
  if (info.form.status === 'deprecated' || info.form.status === 'forbidden') {
    const last = occ.tokens[occ.tokens.length - 1]!;
    const replacement = preferred + doc.text.slice(last.wordEnd, last.end);
    const reason = info.form.reason ? `: ${info.form.reason.trim().replace(/\.$/, '')}` : '';
    return {
      code: 'term.deprecated',
      message: `${quote(info.form.text)} is ${info.form.status}${reason}. Use ${quote(preferred)}${gloss(concept)}`,
      replacement,
    };
  }
  // An all-lowercase string literal is usually a key or an identifier-like value, not prose.
  if (occ.region === 'string') {
    const region = regionAt(doc, occ.start);
    if (region ? isLowerCaseRegion(doc, region) : surface === surface.toLowerCase()) return undefined;
  }
  // A one-word name written in another case is a package, handle, URL or ticker ("uniswap",
  // "DAI") far more often than a slip: variants are checked inside terms of several words.
  if (occ.tokens.length === 1) return undefined;
  // Any preferred or admitted form with the same words that the surface fits is correct as written.
  for (let fi = 0; fi < concept.forms.length; fi++) {
    const other = concept.forms[fi]!;
    if (other.status !== 'preferred' && other.status !== 'admitted') continue;
    const otherInfo = glossary.formInfo({ concept: occ.ref.concept, form: fi });
    if (sameWords(occ, otherInfo) && fits(doc, occ, otherInfo)) return undefined;
  }
  const replacement = corrected(doc, occ, info);
  if (replacement === surface) return undefined;
  // "arbitrum-one" for "Arbitrum One": a lowercase slug (a chain id, a URL part) is an identifier.
  if (surface === surface.toLowerCase() && !/\s/.test(surface) && /[-_]/.test(surface) && /\s/.test(info.form.text)) return undefined;
  // A heading in title case ("## Layer 2: Optimistic Rollups") capitalises words the glossary writes in lowercase.
  if (titleCasedOnly(surface, replacement) && inHeading(doc, occ.start)) return undefined;
  return {
    code: 'term.variant',
    message: `${quote(surface)} should be written ${quote(replacement)}: the glossary term is ${quote(preferred)}${gloss(concept)}`,
    replacement,
  };
}

/** Whether `surface` differs from `replacement` only by capitals at the starts of words. */
function titleCasedOnly(surface: string, replacement: string): boolean {
  if (surface.length !== replacement.length) return false;
  for (let i = 0; i < surface.length; i++) {
    if (surface[i] === replacement[i]) continue;
    const wordStart = i === 0 || !/[\p{L}\p{N}]/u.test(surface[i - 1]!);
    if (!wordStart || surface[i] !== replacement[i]!.toUpperCase()) return false;
  }
  return true;
}

function sameWords(occ: Occurrence, info: FormInfo): boolean {
  if (occ.tokens.length !== info.tokens.length) return false;
  return occ.tokens.every((t, k) => {
    const want = info.tokens[k]!.norm;
    return t.norm === want || (k === occ.tokens.length - 1 && singularCandidates(t.norm).includes(want));
  });
}

function word(text: string, t: { start: number; wordEnd: number }): string {
  return text.slice(t.start, t.wordEnd);
}

/** Whether the surface spells the form's proper names and acronyms as the form does. */
function fits(doc: ParsedDocument, occ: Occurrence, info: FormInfo): boolean {
  const surface = doc.text.slice(occ.start, occ.end);
  // Text set in capitals (a shouted heading, a constant's doc) is a style, not a misspelling.
  if (occ.tokens.length > 1 && surface === surface.toUpperCase()) return true;
  for (let k = 0; k < occ.tokens.length; k++) {
    if (!info.proper[k]) continue;
    const have = word(doc.text, occ.tokens[k]!);
    const want = word(info.form.text, info.tokens[k]!);
    if (have !== want && !(have.length > want.length && have.startsWith(want))) return false;
    if (k > 0 && info.proper[k - 1] && info.tokens[k]!.sep === 'hyphen' && occ.tokens[k]!.sep !== 'hyphen') return false;
  }
  return true;
}

function matchCase(want: string, like: string): string {
  if (like.length > 1 && like === like.toUpperCase() && like !== like.toLowerCase()) return want.toUpperCase();
  const first = like[0] ?? '';
  if (first !== first.toLowerCase()) return want[0]!.toUpperCase() + want.slice(1);
  return want.toLowerCase();
}

/**
 * The surface rewritten to the form: proper names and acronyms (and misspelt words) take the
 * form's spelling, hyphens inside proper compounds are restored, and everything else — the
 * case of common words, plurals, possessives, line breaks — stays as the author wrote it.
 */
function corrected(doc: ParsedDocument, occ: Occurrence, info: FormInfo): string {
  const text = doc.text;
  let out = '';
  for (let k = 0; k < occ.tokens.length; k++) {
    const tok = occ.tokens[k]!;
    const ft = info.tokens[k];
    if (k > 0) {
      const prev = occ.tokens[k - 1]!;
      const compound = ft && info.proper[k] && info.proper[k - 1] && ft.sep === 'hyphen';
      out += compound ? info.form.text.slice(info.tokens[k - 1]!.end, ft.start) : text.slice(prev.end, tok.start);
    }
    const have = word(text, tok);
    let written = have;
    if (ft) {
      const want = word(info.form.text, ft);
      const plural = tok.norm !== ft.norm && singularCandidates(tok.norm).includes(ft.norm);
      const tail = plural ? have.slice(want.length) : '';
      if (info.proper[k]) written = want + tail;
      else if (!plural && tok.norm !== ft.norm) written = matchCase(want, have);
    }
    out += written + text.slice(tok.wordEnd, tok.end);
  }
  return out;
}
