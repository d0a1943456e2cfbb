/** `termlens lint --format json`: the findings as an ESLint-like JSON array. */

import { severityLabel, type LintFileResult, type SeverityLabel } from '../results';

/** One finding in the JSON output. Lines and columns are 1-based, columns in UTF-16 code units. */
export interface JsonMessage {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: SeverityLabel;
  readonly code: string;
  readonly message: string;
  /** The quick fix, with edits as offsets into the file's (fixed) text. */
  readonly fix?: { readonly title: string; readonly edits: readonly { readonly start: number; readonly end: number; readonly newText: string }[] };
  /** Other places the finding refers to. */
  readonly related?: readonly { readonly line: number; readonly column: number; readonly message: string }[];
}

/** One file in the JSON output. */
export interface JsonFileResult {
  /** The display path (relative to the cwd, posix separators), or `<stdin>`. */
  readonly filePath: string;
  readonly messages: readonly JsonMessage[];
  readonly errorCount: number;
  readonly warningCount: number;
  readonly infoCount: number;
  readonly hintCount: number;
  /** Fixes applied by `--fix`; absent when none were. */
  readonly fixed?: number;
}

/**
 * The JSON output: an array with one entry per file that has findings or applied fixes (files
 * with neither are left out), keys in a stable order, 2-space indent and a trailing newline.
 */
export function formatJson(results: readonly LintFileResult[]): string {
  const files: JsonFileResult[] = [];
  for (const result of results) {
    const applied = result.fixes?.applied ?? 0;
    if (result.diagnostics.length === 0 && applied === 0) continue;
    const count = (severity: number) => result.diagnostics.filter((d) => d.severity === severity).length;
    files.push({
      filePath: result.displayPath,
      messages: result.diagnostics.map((d) => {
        const fix = d.data.fix;
        const related = d.relatedInformation;
        return {
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: severityLabel(d.severity),
          code: d.code,
          message: d.message,
          ...(fix ? { fix: { title: fix.title, edits: fix.edits.map((e) => ({ start: e.start, end: e.end, newText: e.newText })) } } : {}),
          ...(related && related.length > 0
            ? { related: related.map((r) => ({ line: r.range.start.line + 1, column: r.range.start.character + 1, message: r.message })) }
            : {}),
        };
      }),
      errorCount: count(1),
      warningCount: count(2),
      infoCount: count(3),
      hintCount: count(4),
      ...(applied > 0 ? { fixed: applied } : {}),
    });
  }
  return JSON.stringify(files, null, 2) + '\n';
}
