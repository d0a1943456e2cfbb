/**
 * `termlens lint --format github`: GitHub Actions workflow commands, which the runner turns into
 * annotations on the pull request's files.
 */

import type { TermDiagnostic } from '../../core/features/diagnostics';
import type { LintFileResult } from '../results';

/** A command's message, escaped as @actions/core does (`%`, CR, LF). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A command property's value, escaped as @actions/core does (also `:` and `,`). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMANDS: Record<TermDiagnostic['severity'], string> = { 1: 'error', 2: 'warning', 3: 'notice', 4: 'notice' };

/**
 * One `::error|warning|notice file=…,line=…,col=…,endLine=…,endColumn=…,title=termlens CODE::MESSAGE`
 * line per finding (info and hint become notices), nothing else. Columns are given only for
 * single-line ranges, since GitHub rejects them otherwise; `<stdin>` results carry no `file`.
 */
export function formatGithub(results: readonly LintFileResult[]): string {
  let out = '';
  for (const result of results) {
    for (const d of result.diagnostics) {
      const { start, end } = d.range;
      const props: string[] = [];
      if (result.path !== '<stdin>') props.push(`file=${escapeProperty(result.displayPath)}`);
      props.push(`line=${start.line + 1}`);
      if (start.line === end.line) props.push(`col=${start.character + 1}`);
      props.push(`endLine=${end.line + 1}`);
      if (start.line === end.line) props.push(`endColumn=${end.character + 1}`);
      props.push(`title=${escapeProperty(`termlens ${d.code}`)}`);
      out += `::${COMMANDS[d.severity]} ${props.join(',')}::${escapeData(d.message)}\n`;
    }
  }
  return out;
}
