/**
 * The rule registry: every diagnostic rule's stable code, one line of documentation, default
 * severity, fix safety and scope, in one table. The implementations (`diagnostics.ts` for the
 * `term.*` rules that apply everywhere, `noteRules.ts` for the rules for notes) report findings by
 * code; `computeDiagnostics` runs the rules whose scope applies to a document and takes severity
 * and fix safety from here. The shared finding types live here too, so that `diagnostics.ts` and
 * `noteRules.ts` both import this module and not each other.
 *
 * The copies for editors and readers — package.json (`termlens.diagnostics.severity`),
 * `glossary/termlens.config.schema.json` (`rules`) and the README's table of diagnostic codes — are
 * checked against this table by `test/unit/registry.test.ts`.
 */

/** A severity as settings name it; `off` disables the code. */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint' | 'off';

/** Severity names, in the order settings and config files list them. */
export const severityNames: readonly SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];

/**
 * Which documents a rule checks: `notes` — the prose of Markdown and plain-text documents only;
 * `notes-and-code` — notes, and the comments and strings of code.
 */
export type RuleScope = 'notes' | 'notes-and-code';

/**
 * The fix a rule's diagnostics carry: `safe` rewrites only the flagged words and is applied by
 * `termlens lint --fix` as well as offered in the editor; `unsafe` is offered only in the editor
 * (it rewrites more than the flagged words); `none`: no fix.
 */
export type FixSafety = 'safe' | 'unsafe' | 'none';

/** One rule of the registry. */
export interface RuleInfo {
  /** The stable, dotted code, e.g. `term.misspelled`. */
  readonly code: string;
  /** One line of documentation (the README and package.json write its "quotes" as `code`). */
  readonly doc: string;
  readonly defaultSeverity: Exclude<SeverityName, 'off'>;
  readonly fix: FixSafety;
  readonly scope: RuleScope;
}

/** Every rule, in the order settings, config files, the README and SARIF list them. */
export const rules = [
  {
    code: 'term.misspelled',
    // termlens-disable-next-line term.misspelled
    doc: 'A near miss of a multi-word glossary term ("Hesten Model" for "Heston Model").',
    defaultSeverity: 'warning',
    fix: 'safe',
    scope: 'notes-and-code',
  },
  {
    code: 'term.variant',
    // termlens-disable-next-line term.variant
    doc: 'A non-preferred spelling of a proper name or acronym inside a term ("Black Scholes Merton model", "span model").',
    defaultSeverity: 'information',
    fix: 'safe',
    scope: 'notes-and-code',
  },
  {
    code: 'term.deprecated',
    doc: 'A form the glossary marks deprecated or forbidden, with the reason given.',
    defaultSeverity: 'warning',
    fix: 'safe',
    scope: 'notes-and-code',
  },
  {
    code: 'term.inconsistent',
    doc: 'One concept written two ways in one note: two spellings ("optimisation", "optimization") or two names of a named thing ("Black-Scholes-Merton Model" and "BSM" without "(BSM)").',
    defaultSeverity: 'information',
    fix: 'unsafe',
    scope: 'notes',
  },
  {
    code: 'acronym.undefined',
    doc: 'An all-caps abbreviation (2–6 letters) in a note that neither the note ("Central Limit Order Book (CLOB)") nor the glossary defines.',
    defaultSeverity: 'warning',
    fix: 'none',
    scope: 'notes',
  },
  {
    code: 'acronym.before-definition',
    doc: 'An abbreviation used in a note before the place where the note writes it out.',
    defaultSeverity: 'warning',
    fix: 'unsafe',
    scope: 'notes',
  },
] as const satisfies readonly RuleInfo[];

/** The stable codes of term diagnostics. */
export type DiagnosticCode = (typeof rules)[number]['code'];

/** Every term diagnostic code, in registry order. */
export const diagnosticCodes: readonly DiagnosticCode[] = rules.map((r) => r.code);

const byCode: ReadonlyMap<string, RuleInfo> = new Map(rules.map((r) => [r.code, r]));

/** The registry entry of `code`. */
export function ruleFor(code: DiagnosticCode): RuleInfo {
  return byCode.get(code)!;
}

/** One line of documentation per code (listed in the README and used by the CLI's rule metadata). */
export const diagnosticCodeDocs: Readonly<Record<DiagnosticCode, string>> = Object.fromEntries(rules.map((r) => [r.code, r.doc])) as Record<
  DiagnosticCode,
  string
>;

/** Default severity per code. */
export const defaultSeverities: Readonly<Record<DiagnosticCode, SeverityName>> = Object.fromEntries(rules.map((r) => [r.code, r.defaultSeverity])) as Record<
  DiagnosticCode,
  SeverityName
>;

/** Whether the rules of `scope` check a document that is (`isNote`) or is not a note. */
export function scopeApplies(scope: RuleScope, isNote: boolean): boolean {
  return scope === 'notes-and-code' || isNote;
}

/** An edit by offsets into the document text. */
export interface TextEditSpan {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

/**
 * A quick fix carried by a diagnostic. `safe` fixes are the ones `termlens lint --fix` applies
 * (the rules whose registry entry says `fix: 'safe'`); the others are offered only in the editor.
 */
export interface TermFix {
  readonly title: string;
  readonly edits: readonly TextEditSpan[];
  readonly safe: boolean;
}

/** A rule's finding, by offsets; its severity, suppression and fix safety are applied by `computeDiagnostics`. */
export interface RuleFinding {
  readonly code: DiagnosticCode;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly conceptId?: string;
  /** The fix, without its safety: that comes from the rule's registry entry. */
  readonly fix?: Omit<TermFix, 'safe'>;
  readonly related?: ReadonlyArray<{ readonly start: number; readonly end: number; readonly message: string }>;
}
