/**
 * `termlens import greeks-live PAGE... [--overlay FILE]... [--out FILE] [--report FILE]`: builds a
 * glossary file from Greeks.live area pages plus hand-written overlay glossaries, applied in order
 * (the curated overlay on the pages, then the project's own core glossary files).
 * File access goes through `io`, so the command is tested without touching the disk.
 */

import { entryFromConcept, type GlossaryFile } from '../core/glossary/format';
import { importGreeksLive, compareStrings, type ImportPage } from '../core/glossary/import/greeksLive';
import type { ImportFinding } from '../core/glossary/import/findings';
import { applyOverlay } from '../core/glossary/import/overlay';
import { parseGlossaryText } from '../core/glossary/load';
import type { Concept } from '../core/glossary/model';
import { readArgs } from './args';

/** File and console access of the command. */
export interface ImportIo {
  /** Reads a UTF-8 file; rejects when it cannot be read. */
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  /** Writes text (already ending in a newline) to standard output. */
  stdout(text: string): void;
  /** Writes text (already ending in a newline) to standard error. */
  stderr(text: string): void;
}

/** The `name` written into the generated glossary file. */
export const BUNDLED_GLOSSARY_NAME = 'termlens bundled finance glossary (Greeks.live pages and the termlens core glossary)';

const USAGE = 'usage: termlens import greeks-live PAGE... [--overlay FILE]... [--out FILE] [--report FILE]';

interface Options {
  pages: string[];
  overlays: string[];
  out?: string;
  report?: string;
}

/**
 * Runs `termlens import greeks-live` with `args` (the arguments after `greeks-live`). Pages are
 * imported in sorted order whatever order they are given in; files named `README.md` are skipped.
 * Without `--out` the glossary JSON goes to stdout; with it, a one-line summary does. Findings go
 * to stderr (`warning import.xxx: message`) and, with `--report`, to a Markdown report.
 *
 * Exit codes: 0 on success; 1 when the overlay glossary has errors; 2 on bad usage or when a page
 * or the overlay cannot be read (with a one-line message naming the file).
 */
export async function runImportGreeksLive(args: readonly string[], io: ImportIo): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    io.stderr(`termlens import greeks-live: ${options}\n${USAGE}\n`);
    return 2;
  }

  const skipped: ImportFinding[] = [];
  const pages: ImportPage[] = [];
  for (const path of [...options.pages].sort(compareStrings)) {
    const name = baseName(path);
    if (name.toLowerCase() === 'readme.md') {
      skipped.push({ severity: 'info', code: 'import.skipped', message: `${name} is documentation, not a glossary page; skipped`, page: name });
      continue;
    }
    try {
      pages.push({ name, text: await io.readFile(path) });
    } catch (e) {
      io.stderr(`termlens import greeks-live: cannot read page ${path}: ${errorMessage(e)}\n`);
      return 2;
    }
  }
  if (pages.length === 0) {
    io.stderr(`termlens import greeks-live: no pages to import (only README files given)\n${USAGE}\n`);
    return 2;
  }

  const imported = importGreeksLive(pages);
  let concepts: Concept[] = imported.concepts;
  const report = [...skipped, ...imported.report];
  for (const overlay of options.overlays) {
    let text: string;
    try {
      text = await io.readFile(overlay);
    } catch (e) {
      io.stderr(`termlens import greeks-live: cannot read overlay ${overlay}: ${errorMessage(e)}\n`);
      return 2;
    }
    const parsed = parseGlossaryText(text, overlay);
    for (const p of parsed.problems) io.stderr(`${p.severity} ${p.code}: ${p.message} (${overlay})\n`);
    if (parsed.problems.some((p) => p.severity === 'error')) {
      io.stderr(`termlens import greeks-live: the overlay ${overlay} has errors; nothing written\n`);
      return 1;
    }
    const overlaid = applyOverlay(concepts, parsed.concepts);
    concepts = overlaid.concepts;
    report.push(...overlaid.report);
  }

  const glossary: GlossaryFile = {
    $schema: './termlens.glossary.schema.json',
    version: 1,
    name: BUNDLED_GLOSSARY_NAME,
    concepts: concepts.map(entryFromConcept),
  };
  const json = `${JSON.stringify(glossary, null, 2)}\n`;
  for (const f of report) io.stderr(`${f.severity} ${f.code}: ${f.message}\n`);

  const forms = concepts.reduce((n, c) => n + c.forms.length, 0);
  const warnings = report.filter((f) => f.severity === 'warning').length;
  const summary = `${count(pages.length, 'page')}: ${count(concepts.length, 'concept')}, ${count(forms, 'form')}, ${count(report.length, 'finding')} (${count(warnings, 'warning')})`;
  try {
    if (options.report !== undefined) {
      await io.writeFile(
        options.report,
        reportMarkdown(
          report,
          pages.map((p) => p.name),
          options.overlays,
          summary,
        ),
      );
    }
    if (options.out !== undefined) await io.writeFile(options.out, json);
  } catch (e) {
    io.stderr(`termlens import greeks-live: cannot write: ${errorMessage(e)}\n`);
    return 2;
  }
  if (options.out === undefined) {
    io.stdout(json);
    io.stderr(`termlens import greeks-live: ${summary}\n`);
  } else {
    io.stdout(`termlens import greeks-live: ${summary}; wrote ${options.out}\n`);
  }
  return 0;
}

const IMPORT_OPTIONS = {
  overlay: { type: 'string' },
  out: { type: 'string' },
  report: { type: 'string' },
} as const;

function parseArgs(args: readonly string[]): Options | string {
  const options: Options = { pages: [], overlays: [] };
  for (const arg of readArgs(args, IMPORT_OPTIONS)) {
    if (arg.kind === 'positional') {
      options.pages.push(arg.value);
      continue;
    }
    if (arg.kind === 'terminator') return 'unknown option --';
    if (!arg.known) return `unknown option ${arg.arg}`;
    const key = arg.name as keyof typeof IMPORT_OPTIONS;
    const value = arg.value;
    if (value === undefined || value === '') return `--${key} needs a file`;
    if (key === 'overlay') {
      options.overlays.push(value);
      continue;
    }
    if (options[key] !== undefined) return `--${key} given twice`;
    options[key] = value;
  }
  if (options.pages.length === 0) return 'no pages given';
  return options;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function baseName(path: string): string {
  return (
    path
      .split(/[\\/]/)
      .filter((s) => s !== '')
      .pop() ?? path
  );
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Escapes text from the pages for the Markdown report so it is shown, never rendered. */
function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|])/g, '\\$1');
}

/** The import report: findings grouped by code (codes sorted), in the order they were found. */
export function reportMarkdown(findings: readonly ImportFinding[], pages: readonly string[], overlays: readonly string[], summary: string): string {
  const lines = [
    '# Greeks.live import report',
    '',
    'Generated by `termlens import greeks-live` (`npm run build:glossary`); do not edit. Findings',
    'describe the source data and are never fixed by rewriting it: address them in the overlay',
    'glossary.',
    '',
    `Pages: ${pages.map((p) => `\`${p}\``).join(', ')}.`,
    `Overlays, in order: ${overlays.length === 0 ? 'none' : overlays.map((o) => `\`${o}\``).join(', ')}.`,
    '',
    `Summary: ${summary}.`,
  ];
  const codes = [...new Set(findings.map((f) => f.code))].sort(compareStrings);
  for (const code of codes) {
    const group = findings.filter((f) => f.code === code);
    lines.push('', `## ${code} (${group.length})`, '');
    for (const f of group) {
      lines.push(`- ${f.severity}${f.page !== undefined ? ` (${escapeMarkdown(f.page)})` : ''}: ${escapeMarkdown(f.message)}`);
    }
  }
  if (codes.length === 0) lines.push('', 'No findings.');
  return `${lines.join('\n')}\n`;
}
