/**
 * What `termlens lint` found in each file, as the output formats take it: the diagnostics, the
 * text they refer to and what `--fix` changed.
 */

import type { SeverityNumber, TermDiagnostic } from '../core/features/diagnostics';

/** The lint result of one file. */
export interface LintFileResult {
  /** Absolute path, or `<stdin>`. */
  readonly path: string;
  /** Relative to the cwd with posix separators: what is printed. */
  readonly displayPath: string;
  /** The text the diagnostics refer to (after `--fix`, the fixed text). */
  readonly text: string;
  readonly diagnostics: readonly TermDiagnostic[];
  /** Present when `--fix` or `--fix-dry-run` changed the text: how many fixes, and the text before them. */
  readonly fixes?: { readonly applied: number; readonly original: string };
}

/** Totals over all files. */
export interface LintSummary {
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  /** Files linted. */
  files: number;
  /** Fixes applied. */
  fixed: number;
}

/** A severity as the CLI prints it. */
export type SeverityLabel = 'error' | 'warning' | 'info' | 'hint';

const LABELS: Record<SeverityNumber, SeverityLabel> = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };

/** The printed name of an LSP severity. */
export function severityLabel(severity: SeverityNumber): SeverityLabel {
  return LABELS[severity];
}

/** Counts findings by severity, files and applied fixes. */
export function summarize(results: readonly LintFileResult[]): LintSummary {
  const summary: LintSummary = { errors: 0, warnings: 0, infos: 0, hints: 0, files: results.length, fixed: 0 };
  for (const result of results) {
    summary.fixed += result.fixes?.applied ?? 0;
    for (const d of result.diagnostics) {
      if (d.severity === 1) summary.errors++;
      else if (d.severity === 2) summary.warnings++;
      else if (d.severity === 3) summary.infos++;
      else summary.hints++;
    }
  }
  return summary;
}
