/**
 * The default `termlens lint` output: findings grouped by file as clickable `file:line:col` lines,
 * each with a one-line excerpt and a caret line under the flagged text, then a summary line.
 */

import type { TermDiagnostic } from '../../core/features/diagnostics';
import { LineIndex } from '../../core/text/lineIndex';
import { severityLabel, summarize, type LintFileResult, type LintSummary } from '../results';

/** Options of {@link formatStylish}. */
export interface StylishOptions {
  /** Use ANSI colours. The caller decides (a TTY, `NO_COLOR` unset or empty, `FORCE_COLOR`); no default. */
  readonly color: boolean;
}

/** Widest excerpt printed, in columns, not counting the `…` marking a cut. */
const EXCERPT_WIDTH = 100;
const TAB_WIDTH = 4;

type Style = (text: string) => string;

function ansi(open: number, close: number): Style {
  return (text) => `\u001b[${open}m${text}\u001b[${close}m`;
}

const STYLES = {
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  blue: ansi(34, 39),
  green: ansi(32, 39),
  bold: ansi(1, 22),
  dim: ansi(2, 22),
  underline: ansi(4, 24),
};

const plain: Style = (text) => text;

/** The colour of a severity: error red, warning yellow, info blue, hint dim. */
function severityStyle(severity: TermDiagnostic['severity']): Style {
  return severity === 1 ? STYLES.red : severity === 2 ? STYLES.yellow : severity === 3 ? STYLES.blue : STYLES.dim;
}

/**
 * Control characters (an ESC from a hostile file or glossary would drive the terminal) shown as
 * U+FFFD, one column each so the caret line stays aligned.
 */
function sanitize(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

/** Code points of a line with tabs expanded, and a map from UTF-16 column to display column. */
function expand(line: string): { cells: string[]; columnOf: (utf16: number) => number } {
  const cells: string[] = [];
  const starts: number[] = [];
  let utf16 = 0;
  for (const ch of line) {
    starts[utf16] = cells.length;
    if (ch === '\t') {
      const pad = TAB_WIDTH - (cells.length % TAB_WIDTH);
      for (let k = 0; k < pad; k++) cells.push(' ');
    } else cells.push(ch);
    utf16 += ch.length;
  }
  starts[utf16] = cells.length;
  return {
    cells,
    columnOf: (u) => {
      for (let k = Math.min(u, utf16); k >= 0; k--) {
        const c = starts[k];
        if (c !== undefined) return c;
      }
      return 0;
    },
  };
}

/**
 * The excerpt and caret lines for a diagnostic: its first line with leading whitespace dropped,
 * cut to {@link EXCERPT_WIDTH} columns around the flagged text (a cut marked `…`), and carets under
 * the flagged part of that line. `lines` indexes the file's text: one index per file, never one
 * per finding (indexing is linear in the text).
 */
function excerpt(lines: LineIndex, d: TermDiagnostic): { line: string; carets: string } {
  const raw = lines.lineText(d.range.start.line);
  const indent = raw.length - raw.trimStart().length;
  const { cells, columnOf } = expand(sanitize(raw.slice(indent)));
  const from = columnOf(Math.max(0, d.range.start.character - indent));
  const to = d.range.end.line === d.range.start.line ? columnOf(Math.max(0, d.range.end.character - indent)) : cells.length;
  const width = Math.max(1, to - from);
  let windowStart = 0;
  if (cells.length > EXCERPT_WIDTH) {
    const centred = from - Math.floor((EXCERPT_WIDTH - width) / 2);
    windowStart = Math.max(0, Math.min(width >= EXCERPT_WIDTH ? from : centred, cells.length - EXCERPT_WIDTH));
  }
  const windowEnd = Math.min(cells.length, windowStart + EXCERPT_WIDTH);
  const head = windowStart > 0 ? '…' : '';
  const tail = windowEnd < cells.length ? '…' : '';
  const caretFrom = from - windowStart;
  const caretTo = Math.min(caretFrom + width, Math.max(caretFrom + 1, windowEnd - windowStart));
  return {
    line: head + cells.slice(windowStart, windowEnd).join('') + tail,
    carets: ' '.repeat(head.length + caretFrom) + '^'.repeat(caretTo - caretFrom),
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `✖ 7 problems (1 error, 4 warnings, 2 infos)`, `, N fixed` appended when fixes were applied. */
function summaryLine(s: LintSummary, style: typeof STYLES | undefined): string {
  const total = s.errors + s.warnings + s.infos + s.hints;
  const fixed = s.fixed > 0 ? `, ${s.fixed} fixed` : '';
  if (total === 0) {
    const line = `✔ no problems in ${plural(s.files, 'file')}${fixed}`;
    return style ? style.green(line) : line;
  }
  const parts = [plural(s.errors, 'error'), plural(s.warnings, 'warning'), plural(s.infos, 'info')];
  if (s.hints > 0) parts.push(plural(s.hints, 'hint'));
  const line = `✖ ${plural(total, 'problem')} (${parts.join(', ')})${fixed}`;
  if (!style) return line;
  return style.bold(s.errors > 0 ? style.red(line) : s.warnings > 0 ? style.yellow(line) : style.blue(line));
}

/**
 * Stylish output. Per file with findings or applied fixes: the display path (with `(N fixed)`),
 * then per finding `path:line:col  severity  code  message` (1-based columns in UTF-16 code units,
 * as editors count them), the source line and a caret line; a blank line after each file; then
 * the summary line (`✔ no problems in N files` when nothing is flagged).
 */
export function formatStylish(results: readonly LintFileResult[], options: StylishOptions): string {
  const style = options.color ? STYLES : undefined;
  const s = (name: keyof typeof STYLES): Style => (style ? style[name] : plain);
  let out = '';
  for (const result of results) {
    const applied = result.fixes?.applied ?? 0;
    if (result.diagnostics.length === 0 && applied === 0) continue;
    const path = sanitize(result.displayPath);
    out += s('underline')(path) + (applied > 0 ? s('dim')(` (${applied} fixed)`) : '') + '\n';
    const lines = new LineIndex(result.text);
    for (const d of result.diagnostics) {
      const where = `${path}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const severity = severityStyle(d.severity);
      out += `${where}  ${style ? severity(severityLabel(d.severity)) : severityLabel(d.severity)}  ${s('dim')(d.code)}  ${sanitize(d.message)}\n`;
      const { line, carets } = excerpt(lines, d);
      out += `    ${s('dim')(line)}\n    ${style ? severity(carets) : carets}\n`;
    }
    out += '\n';
  }
  return out + summaryLine(summarize(results), style) + '\n';
}
