/**
 * `termlens glossary check [FILES]`: validates glossary files (syntax and schema errors, duplicate
 * terms, forms claimed by two concepts, related terms that name no concept), exit code 1 when
 * anything is reported. `termlens glossary stats [FILES]`: counts of concepts and terms by kind,
 * status, type, area and file.
 */

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findUnknownRelated } from '../core/glossary/check';
import type { Concept, GlossaryProblem } from '../core/glossary/model';
import { GlossaryStore } from '../core/glossary/store';
import { LineIndex } from '../core/text/lineIndex';
import type { GlossaryInput } from './engine';
import { displayPath } from './files';
import { readArgs } from './args';
import { reportingSetupErrors, SetupError, UsageError } from './errors';
import { loadGlossaryLayers, loadProject, type LintIo } from './lint';
import { runSuggest } from './suggestCommand';
import { runUsage } from './usageCommand';

export const GLOSSARY_USAGE = `usage: termlens glossary check [options] [FILE ...]
       termlens glossary stats [options] [FILE ...]
       termlens glossary suggest [options] [PATH|GLOB ...]
       termlens glossary usage [options] [PATH|GLOB ...]

check  validates glossary files: syntax and schema errors (at line and column), duplicate terms,
       an alias or abbreviation claimed by two concepts, related terms that name no concept.
       Without FILE, checks the project's glossary files (config glossaryFiles and every
       *.glossary.{yaml,yml,json}). Exit code 1 when a problem is reported.
stats  counts concepts and terms by status, type, kind, area and file: of the glossary the
       project serves, or of the FILEs.
suggest  candidate concepts mined from the files lint would lint (abbreviations and how the
       notes write them out, recurring capitalised phrases, identifiers the notes spell out),
       as glossary YAML with status: proposed (see glossary suggest --help).
usage  where and how often each concept is used in those files, the workspace glossaries'
       unused concepts, and the forms most often written wrong (see glossary usage --help).

options:
  --format FORMAT   stylish (default) or json
  --no-bundled      leave out the bundled glossary (for check: as context for conflicts and related terms)
  --config FILE     use this config file instead of looking for termlens.config.*
  --no-config       use no config file
  -h, --help        show this message`;

interface GlossaryOptions {
  format: 'stylish' | 'json';
  noBundled: boolean;
  config?: string;
  noConfig: boolean;
  files: string[];
}

const GLOSSARY_OPTIONS = {
  format: { type: 'string' },
  'no-bundled': { type: 'boolean' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parseArgs(args: readonly string[]): GlossaryOptions | 'help' {
  const options: GlossaryOptions = { format: 'stylish', noBundled: false, noConfig: false, files: [] };
  for (const arg of readArgs(args, GLOSSARY_OPTIONS)) {
    if (arg.kind === 'positional' && !arg.value.startsWith('-')) {
      options.files.push(arg.value);
      continue;
    }
    // `-` and `--` are not files either.
    if (arg.kind !== 'option' || !arg.known)
      throw new UsageError(`unknown option ${arg.kind === 'option' ? arg.written : arg.kind === 'positional' ? arg.value : '--'}`);
    const name = arg.written;
    const value = (): string => {
      if (arg.value === undefined) throw new UsageError(`${name} needs a value`);
      return arg.value;
    };
    switch (arg.name as keyof typeof GLOSSARY_OPTIONS) {
      case 'format': {
        const format = value();
        if (format !== 'stylish' && format !== 'json') throw new UsageError(`unknown format ${JSON.stringify(format)}; expected stylish or json`);
        options.format = format;
        break;
      }
      case 'no-bundled':
        options.noBundled = true;
        break;
      case 'config':
        options.config = value();
        break;
      case 'no-config':
        options.noConfig = true;
        break;
      case 'help':
        return 'help';
    }
  }
  return options;
}

/** Runs `termlens glossary SUBCOMMAND ARGS`; resolves to the exit code. */
export async function runGlossary(args: readonly string[], io: LintIo): Promise<number> {
  const [sub, ...rest] = args;
  return reportingSetupErrors('termlens glossary', io.stderr, async () => {
    if (sub === '-h' || sub === '--help' || sub === 'help') {
      io.stdout(GLOSSARY_USAGE + '\n');
      return 0;
    }
    if (sub === 'suggest') return runSuggest(rest, io);
    if (sub === 'usage') return runUsage(rest, io);
    if (sub !== 'check' && sub !== 'stats')
      throw new UsageError(
        sub ? `unknown subcommand ${JSON.stringify(sub)}; expected check, stats, suggest or usage` : 'name a subcommand: check, stats, suggest or usage',
      );
    const options = parseArgs(rest);
    if (options === 'help') {
      io.stdout(GLOSSARY_USAGE + '\n');
      return 0;
    }
    const inputs = await gatherInputs(io, options, sub);
    return sub === 'check' ? check(io, options, inputs) : stats(io, options, inputs);
  });
}

/** The glossary files to read: named ones (plus the bundled one for `check`), or the project's layers. */
async function gatherInputs(io: LintIo, options: GlossaryOptions, sub: 'check' | 'stats'): Promise<GlossaryInput[]> {
  const explicit: Record<string, unknown> = options.noBundled ? { bundledGlossary: false } : {};
  if (options.files.length === 0) {
    const project = await loadProject(io, { ...(options.config !== undefined ? { config: options.config } : {}), noConfig: options.noConfig, explicit });
    return loadGlossaryLayers(io, project);
  }
  const out: GlossaryInput[] = [];
  if (sub === 'check' && !options.noBundled) {
    const text = await io.readFile(io.bundledGlossaryPath);
    if (text === undefined) throw new SetupError(`glossary ${io.bundledGlossaryPath}: cannot read the file`);
    out.push({ uri: pathToFileURL(io.bundledGlossaryPath).toString(), text, layer: 'bundled' });
  }
  for (const file of options.files) {
    const absolute = path.resolve(io.cwd, file);
    const text = await io.readFile(absolute);
    if (text === undefined) throw new SetupError(`glossary ${displayPath(io.cwd, absolute)}: cannot read the file`);
    out.push({ uri: pathToFileURL(absolute).toString(), text, layer: 'settings' });
  }
  return out;
}

function storeOf(inputs: readonly GlossaryInput[]): GlossaryStore {
  const store = new GlossaryStore();
  store.setSettingsFiles(inputs.filter((g) => g.layer === 'settings').map((g) => g.uri));
  for (const g of inputs) store.setFile(g.uri, g.text, g.layer, g.place);
  return store;
}

function fsPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

/** A problem located for output. */
interface LocatedProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: GlossaryProblem['severity'];
  readonly code: GlossaryProblem['code'];
  readonly message: string;
}

function check(io: LintIo, options: GlossaryOptions, inputs: readonly GlossaryInput[]): number {
  const checked = inputs.filter((g) => g.layer !== 'bundled');
  if (checked.length === 0) {
    io.stderr('termlens: no glossary files to check\n');
    return 0;
  }
  const store = storeOf(inputs);
  const snapshot = store.snapshot();
  const uris = new Set(checked.map((g) => g.uri));
  const problems = snapshot.problems.filter((p) => uris.has(p.uri));
  // A file that does not read cleanly serves no concepts, so related terms naming them would all look unknown.
  if (!snapshot.problems.some((p) => p.severity === 'error')) problems.push(...findUnknownRelated(snapshot.concepts, { only: (uri) => uris.has(uri) }));

  const order = new Map(checked.map((g, i) => [g.uri, i]));
  problems.sort((a, b) => (order.get(a.uri) ?? 0) - (order.get(b.uri) ?? 0) || a.start - b.start);
  const lines = new Map(checked.map((g) => [g.uri, new LineIndex(g.text)]));
  const located: LocatedProblem[] = problems.map((p) => {
    const index = lines.get(p.uri);
    const start = index?.positionAt(p.start) ?? { line: 0, character: 0 };
    const end = index?.positionAt(Math.max(p.start, p.end)) ?? start;
    return {
      file: displayPath(io.cwd, fsPath(p.uri)),
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      severity: p.severity,
      code: p.code,
      message: p.message,
    };
  });
  const concepts = snapshot.concepts.filter((c) => c.origin && uris.has(c.origin.uri));
  const terms = concepts.reduce((n, c) => n + c.forms.length, 0);

  if (options.format === 'json') {
    io.stdout(
      JSON.stringify({ files: checked.map((g) => displayPath(io.cwd, fsPath(g.uri))), concepts: concepts.length, terms, problems: located }, null, 2) + '\n',
    );
  } else if (located.length === 0) {
    io.stdout(`✔ ${plural(checked.length, 'glossary file')}, ${plural(concepts.length, 'concept')}, ${plural(terms, 'term')}: no problems\n`);
  } else {
    for (const p of located) io.stdout(`${p.file}:${p.line}:${p.column}  ${p.severity}  ${p.code}  ${p.message}\n`);
    const errors = located.filter((p) => p.severity === 'error').length;
    io.stdout(
      `\n✖ ${plural(located.length, 'problem')} (${plural(errors, 'error')}, ${plural(located.length - errors, 'warning')}) in ${plural(checked.length, 'glossary file')}\n`,
    );
  }
  return located.length > 0 ? 1 : 0;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Counts of a glossary, as `termlens glossary stats --format json` prints them. */
export interface GlossaryStats {
  readonly concepts: number;
  readonly terms: number;
  readonly termsByStatus: Record<string, number>;
  readonly termsByType: Record<string, number>;
  readonly conceptsByKind: Record<string, number>;
  /** Concepts per area, most first (then by name). */
  readonly conceptsByArea: Record<string, number>;
  /** Concepts served from each file, in layer order; `package` (`name@version`) for a file of an npm package. */
  readonly files: readonly { readonly file: string; readonly layer: string; readonly concepts: number; readonly errors: number; readonly package?: string }[];
}

/** Counts concepts and their forms. */
export function glossaryStats(concepts: readonly Concept[], files: GlossaryStats['files']): GlossaryStats {
  const count = (record: Record<string, number>, key: string): void => {
    record[key] = (record[key] ?? 0) + 1;
  };
  const termsByStatus: Record<string, number> = { preferred: 0, admitted: 0, deprecated: 0, forbidden: 0 };
  const termsByType: Record<string, number> = { fullForm: 0, variant: 0, abbreviation: 0 };
  const conceptsByKind: Record<string, number> = { area: 0, term: 0, definition: 0 };
  const areas: Record<string, number> = {};
  let terms = 0;
  for (const concept of concepts) {
    count(conceptsByKind, concept.kind);
    for (const area of new Set(concept.areas)) count(areas, area);
    for (const form of concept.forms) {
      terms++;
      count(termsByStatus, form.status);
      count(termsByType, form.type);
    }
  }
  const conceptsByArea = Object.fromEntries(Object.entries(areas).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)));
  return { concepts: concepts.length, terms, termsByStatus, termsByType, conceptsByKind, conceptsByArea, files };
}

function stats(io: LintIo, options: GlossaryOptions, inputs: readonly GlossaryInput[]): number {
  const snapshot = storeOf(inputs).snapshot();
  const files = snapshot.files.map((f) => ({
    file: displayPath(io.cwd, fsPath(f.uri)),
    layer: f.layer,
    concepts: f.concepts,
    errors: f.errors,
    ...(f.package ? { package: `${f.package.name}@${f.package.version}` } : {}),
  }));
  const result = glossaryStats(snapshot.concepts, files);
  if (options.format === 'json') {
    io.stdout(JSON.stringify(result, null, 2) + '\n');
    return 0;
  }
  const table = (title: string, rows: readonly (readonly [string, number | string])[]): string => {
    const width = Math.max(...rows.map(([k]) => k.length), 0);
    return `${title}\n${rows.map(([k, v]) => `  ${k.padEnd(width)}  ${String(v).padStart(7)}`).join('\n')}\n`;
  };
  const sections = [
    `glossary: ${plural(result.concepts, 'concept')}, ${plural(result.terms, 'term')} from ${plural(files.length, 'file')}\n`,
    table('concepts by kind', Object.entries(result.conceptsByKind)),
    table('terms by status', Object.entries(result.termsByStatus)),
    table('terms by type', Object.entries(result.termsByType)),
    table('concepts by area', Object.entries(result.conceptsByArea).length > 0 ? Object.entries(result.conceptsByArea) : [['(none)', 0]]),
    table(
      'concepts by file',
      files.map((f) => [`${f.file} (${f.package ?? f.layer})`, f.errors > 0 ? `${f.concepts} (${plural(f.errors, 'error')})` : f.concepts] as const),
    ),
  ];
  io.stdout(sections.join('\n'));
  return 0;
}
