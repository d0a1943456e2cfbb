/**
 * `termlens import csv|tbx|skos` and `termlens export tbx|csv|markdown`: a glossary from other
 * tools' formats, and the project's glossary in theirs. The converters are pure functions in
 * `core/glossary/interchange/` (RDF parsing in `cli/interchange/rdf.ts`); this file reads the
 * arguments and the files, prints the findings and writes the result.
 *
 * An import writes a glossary file (YAML, or JSON when `--out` ends in `.json`) that `termlens
 * glossary check` accepts; it is checked again before it is written. An existing `--out` file is
 * never replaced without `--force`.
 */

import { readFile, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { glossaryToCsv, parseGlossaryCsv, MAX_IMPORT_BYTES, MULTI_VALUE_SEPARATOR } from '../core/glossary/interchange/csv';
import { hasErrors, type ImportConversion, type InterchangeFinding } from '../core/glossary/interchange/findings';
import { glossaryToMarkdown } from '../core/glossary/interchange/markdown';
import { entriesFromTriples, type RdfTriple } from '../core/glossary/interchange/skos';
import { glossaryToTbx, parseTbx } from '../core/glossary/interchange/tbx';
import { checkGlossaryFile, glossaryFileText } from '../core/glossary/interchange/write';
import { decodeXmlFile } from '../core/glossary/interchange/decode';
import { importContext, type ImportContext } from '../core/glossary/interchange/entries';
import { parseGlossaryText } from '../core/glossary/load';
import type { Concept } from '../core/glossary/model';
import { GlossaryStore } from '../core/glossary/store';
import { LineIndex } from '../core/text/lineIndex';
import { readArgs } from './args';
import type { GlossaryInput } from './engine';
import { reportingSetupErrors, SetupError, UsageError } from './errors';
import { displayPath } from './files';
import { parseRdf, rdfFormatOf, type RdfFormat } from './interchange/rdf';
import { loadGlossaryLayers, loadProject, type LintIo } from './lint';

/** What the commands need: the lint commands' I/O, plus bytes in and files out (the disk unless a test gives its own). */
export interface InterchangeIo extends Pick<LintIo, 'cwd' | 'readFile' | 'readStdin' | 'bundledGlossaryPath' | 'fileSystem' | 'stdout' | 'stderr'> {
  /** Reads a file's bytes; rejects when it cannot be read. Default: the disk. */
  readBytes?(file: string): Promise<Uint8Array>;
  /** Writes a file; with `overwrite: false`, rejects with code `EEXIST` when it exists. Default: the disk. */
  writeNewFile?(file: string, text: string, overwrite: boolean): Promise<void>;
}

/** The help of `termlens import csv|tbx|skos`. */
export const IMPORT_USAGE = `usage: termlens import csv FILE [options]
       termlens import tbx FILE [--lang LANG] [options]
       termlens import skos FILE... [--lang LANG] [--format turtle|rdfxml] [options]

Converts a glossary from another format into a termlens glossary file (YAML), written to
stdout or to --out, that termlens glossary check accepts: forms claimed twice, and forms the
bundled glossary gives another concept, are left out with a warning. FILE - reads stdin.

csv   a header row naming the columns: term (required), aliases, abbreviations, deprecated,
      forbidden, definition, source, examples, notes, related, areas (synonyms such as name,
      synonyms, acronym, description, url, see also, category are read too). Delimiter (comma,
      semicolon, tab) and encoding (UTF-8, UTF-16 with a byte order mark, else windows-1252) are
      detected. Cells with several values separate them with "${MULTI_VALUE_SEPARATOR}" (write \\${MULTI_VALUE_SEPARATOR} for a
      "${MULTI_VALUE_SEPARATOR}" inside a value); the n-th source belongs to the n-th definition.
tbx   TBX 2019 (conceptEntry/langSec/termSec) or TBX 2008 (termEntry/langSet/tig); term status
      (preferred, admitted, deprecated, superseded) and term type (full form, abbreviation,
      acronym, variant) become the glossary's forms.
skos  SKOS vocabularies and OWL ontologies (FIBO included) in Turtle or RDF/XML (by extension,
      else sniffed): labels, alternative labels, abbreviations and synonyms, definitions with
      their source URLs, notes, examples, related concepts.

options:
  --out FILE     write the glossary to FILE (.json: as JSON) instead of stdout
  --force        replace FILE when it exists
  --name NAME    the glossary's name (default: from the input file's name)
  --lang LANG    the language to read (tbx, skos; default en, which also reads en-US, en-GB)
  --format F     skos: turtle or rdfxml, whatever the file's extension
  --no-bundled   do not leave out forms the bundled glossary already gives another concept
  -h, --help     show this message

Exit codes: 0 written (warnings are printed); 1 the input has errors (printed with their line;
nothing written); 2 bad usage, an unreadable file, or --out exists without --force.`;

/** The help of `termlens export`. */
export const EXPORT_USAGE = `usage: termlens export tbx|csv|markdown [options] [FILE ...]

Writes the glossary the project serves (the bundled glossary, workspace glossary files and
configured ones, as termlens lint reads them), or the glossary FILEs, to stdout or --out.

tbx       TBX-Basic (TBX 2019, ISO 30042), one conceptEntry per concept
csv       the columns termlens import csv reads, one row per concept
markdown  a glossary page for a docs site: a section and anchor per concept

options:
  --out FILE      write to FILE instead of stdout
  --force         replace FILE when it exists
  --lang LANG     tbx: the language of the terms (default en)
  --title TITLE   markdown: the page title (default Glossary)
  --no-bundled    leave out the bundled glossary
  --config FILE   use this config file instead of looking for termlens.config.*
  --no-config     use no config file
  -h, --help      show this message`;

/** An imported YAML file longer than this (4 Mi characters) is checked through its JSON twin. */
const SELF_CHECK_YAML_CHARS = 4 * 1024 * 1024;

/** At most this many findings of one code are printed per file; then how many more there are. */
const MAX_FINDINGS_PER_CODE = 20;

const IMPORT_OPTIONS = {
  out: { type: 'string' },
  force: { type: 'boolean' },
  name: { type: 'string' },
  lang: { type: 'string' },
  format: { type: 'string' },
  'no-bundled': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const EXPORT_OPTIONS = {
  out: { type: 'string' },
  force: { type: 'boolean' },
  lang: { type: 'string' },
  title: { type: 'string' },
  'no-bundled': { type: 'boolean' },
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Options {
  files: string[];
  strings: Partial<Record<'out' | 'name' | 'lang' | 'format' | 'title' | 'config', string>>;
  flags: Set<string>;
}

function parseOptions(args: readonly string[], spec: Record<string, { type: 'string' | 'boolean' }>, allowed: readonly string[]): Options | 'help' {
  const options: Options = { files: [], strings: {}, flags: new Set() };
  for (const arg of readArgs(args, spec as never)) {
    if (arg.kind === 'positional') {
      options.files.push(arg.value);
      continue;
    }
    if (arg.kind === 'terminator') throw new UsageError('unknown option --');
    if (!arg.known || !allowed.includes(arg.name)) throw new UsageError(`unknown option ${arg.written}`);
    if (arg.name === 'help') return 'help';
    if (spec[arg.name]!.type === 'boolean') {
      options.flags.add(arg.name);
      continue;
    }
    if (arg.value === undefined || arg.value === '') throw new UsageError(`${arg.written} needs a value`);
    const key = arg.name as keyof Options['strings'];
    if (options.strings[key] !== undefined) throw new UsageError(`${arg.written} given twice`);
    options.strings[key] = arg.value;
  }
  return options;
}

async function readInputBytes(io: InterchangeIo, file: string): Promise<Uint8Array> {
  if (file === '-') return new Uint8Array(await io.readStdin());
  const absolute = path.resolve(io.cwd, file);
  if (io.readBytes) {
    try {
      return await io.readBytes(absolute);
    } catch {
      throw new SetupError(`cannot read ${file}`);
    }
  }
  const size = await stat(absolute).then(
    (s) => (s.isFile() ? s.size : -1),
    () => -1,
  );
  if (size < 0) throw new SetupError(`cannot read ${file}`);
  // Checked before reading, so a huge file is never loaded.
  if (size > MAX_IMPORT_BYTES) throw new SetupError(`${file} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
  try {
    return new Uint8Array(await readFile(absolute));
  } catch {
    throw new SetupError(`cannot read ${file}`);
  }
}

/** Writes `text` to `--out`, refusing to replace a file without `--force`. */
async function writeOut(io: InterchangeIo, out: string, text: string, force: boolean): Promise<void> {
  const absolute = path.resolve(io.cwd, out);
  try {
    if (io.writeNewFile) await io.writeNewFile(absolute, text, force);
    else await writeFile(absolute, text, { flag: force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST') throw new SetupError(`${out} exists; pass --force to replace it`);
    throw new SetupError(`cannot write ${out}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Prints findings as `FILE:LINE: severity code: message`, at most {@link MAX_FINDINGS_PER_CODE} of each code. */
function printFindings(io: InterchangeIo, file: string, findings: readonly InterchangeFinding[]): void {
  const shown = new Map<string, number>();
  for (const f of findings) {
    const n = (shown.get(f.code) ?? 0) + 1;
    shown.set(f.code, n);
    if (n <= MAX_FINDINGS_PER_CODE) io.stderr(`${file}${f.line !== undefined ? `:${f.line}` : ''}: ${f.severity} ${f.code}: ${f.message}\n`);
  }
  for (const [code, n] of shown) {
    if (n > MAX_FINDINGS_PER_CODE) io.stderr(`${file}: … and ${n - MAX_FINDINGS_PER_CODE} more ${code} findings\n`);
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `FILE` as findings name it: `stdin` for `-`, else as given. */
function shownName(file: string): string {
  return file === '-' ? 'stdin' : file;
}

/**
 * Runs `termlens import FORMAT ARGS` (`FORMAT` is `csv`, `tbx` or `skos`); resolves to the exit
 * code (see {@link IMPORT_USAGE}).
 */
export async function runImport(format: 'csv' | 'tbx' | 'skos', args: readonly string[], io: InterchangeIo): Promise<number> {
  const command = `termlens import ${format}`;
  return reportingSetupErrors(command, io.stderr, async () => {
    const options = parseOptions(
      args,
      IMPORT_OPTIONS,
      format === 'csv'
        ? ['out', 'force', 'name', 'no-bundled', 'help']
        : format === 'tbx'
          ? ['out', 'force', 'name', 'lang', 'no-bundled', 'help']
          : Object.keys(IMPORT_OPTIONS),
    );
    if (options === 'help') {
      io.stdout(IMPORT_USAGE + '\n');
      return 0;
    }
    if (options.files.length === 0) throw new UsageError('name the file to import');
    if (format !== 'skos' && options.files.length > 1) throw new UsageError(`one file at a time (got ${options.files.length})`);
    const rdfFormat = options.strings.format;
    if (rdfFormat !== undefined && rdfFormat !== 'turtle' && rdfFormat !== 'rdfxml')
      throw new UsageError(`unknown format ${JSON.stringify(rdfFormat)}; expected turtle or rdfxml`);
    const lang = options.strings.lang ?? 'en';
    if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(lang)) throw new UsageError(`--lang ${JSON.stringify(lang)} is not a language tag such as en or en-GB`);
    const out = options.strings.out;
    const outExists = out !== undefined && !options.flags.has('force') && (await io.readFile(path.resolve(io.cwd, out))) !== undefined;
    if (outExists) throw new SetupError(`${out} exists; pass --force to replace it`);

    const context = options.flags.has('no-bundled') ? undefined : await bundledContext(io);
    let failed = false;
    let conversion: ImportConversion;
    if (format === 'skos') {
      const triples: RdfTriple[] = [];
      for (const file of options.files) {
        const read = await readRdf(io, file, rdfFormat as RdfFormat | undefined);
        if (!read.ok) {
          printFindings(io, shownName(file), read.findings);
          failed = true;
        } else triples.push(...read.triples);
      }
      if (failed) {
        io.stderr(`${command}: the input has errors; nothing written\n`);
        return 1;
      }
      conversion = entriesFromTriples(triples, { lang, ...(context ? { context } : {}) });
      printFindings(io, options.files.length === 1 ? shownName(options.files[0]!) : command, conversion.findings);
    } else {
      const file = options.files[0]!;
      const bytes = await readInputBytes(io, file);
      conversion = format === 'csv' ? parseGlossaryCsv(bytes, context ? { context } : {}) : parseTbx(bytes, { lang, ...(context ? { context } : {}) });
      printFindings(io, shownName(file), conversion.findings);
    }
    if (hasErrors(conversion.findings)) {
      io.stderr(`${command}: the input has errors; nothing written\n`);
      return 1;
    }

    const first = options.files[0]!;
    const name =
      options.strings.name ??
      `Imported from ${first === '-' ? 'stdin' : path.basename(first)}${options.files.length > 1 ? ` and ${plural(options.files.length - 1, 'more file')}` : ''}`;
    const json = out !== undefined && out.toLowerCase().endsWith('.json');
    const sources = options.files.map((f) => (f === '-' ? 'stdin' : path.basename(f))).join(', ');
    const text = glossaryFileText(conversion.entries, { name, format: json ? 'json' : 'yaml', comment: `Imported by ${command} from ${sources}.` });
    // The file is checked as written; a large YAML one through the same data as JSON, which the loader reads about ten times faster.
    const checkAsJson = json || text.length > SELF_CHECK_YAML_CHARS;
    const checked = checkAsJson && !json ? glossaryFileText(conversion.entries, { name, format: 'json' }) : text;
    const uri = pathToFileURL(path.resolve(io.cwd, out ?? 'imported.glossary.yaml').replace(/\.(ya?ml)$/i, checkAsJson ? '.json' : '.$1')).toString();
    const problems = checkGlossaryFile(checked, uri);
    if (problems.length > 0) {
      // Not expected: the converters resolve everything the check reports. Said plainly if it happens.
      const lines = new LineIndex(checked);
      for (const p of problems.slice(0, MAX_FINDINGS_PER_CODE))
        io.stderr(`${out ?? 'output'}:${lines.positionAt(p.start).line + 1}: ${p.severity} ${p.code}: ${p.message}\n`);
      io.stderr(`${command}: the converted glossary does not pass termlens glossary check; nothing written (please report this)\n`);
      return 1;
    }
    const forms = conversion.entries.reduce(
      (n, e) => n + 1 + (e.aliases?.length ?? 0) + (e.abbreviations?.length ?? 0) + (e.deprecated?.length ?? 0) + (e.forbidden?.length ?? 0),
      0,
    );
    const warnings = conversion.findings.filter((f) => f.severity === 'warning').length;
    const defined = conversion.entries.filter((e) => (e.definitions?.length ?? 0) > 0).length;
    const summary = `${plural(conversion.entries.length, 'concept')} (${defined} with definitions), ${plural(forms, 'form')}, ${plural(warnings, 'warning')}`;
    if (out === undefined) {
      io.stdout(text);
      io.stderr(`${command}: ${summary}\n`);
      return 0;
    }
    await writeOut(io, out, text, options.flags.has('force'));
    io.stdout(`${command}: ${summary}; wrote ${out}\n`);
    if (!/\.glossary\.(ya?ml|json)$/i.test(out)) {
      io.stderr(`${command}: note: workspaces pick up *.glossary.yaml files; name it so, or list ${out} in termlens.glossaryFiles\n`);
    }
    return 0;
  });
}

/** The forms of the bundled glossary, which `termlens glossary check` reads before the file it checks. */
async function bundledContext(io: InterchangeIo): Promise<ImportContext> {
  const text = await io.readFile(io.bundledGlossaryPath);
  if (text === undefined) throw new SetupError(`glossary ${io.bundledGlossaryPath}: cannot read the file (or pass --no-bundled)`);
  const parsed = parseGlossaryText(text, pathToFileURL(io.bundledGlossaryPath).toString());
  return importContext(parsed.concepts, path.basename(io.bundledGlossaryPath));
}

/** The triples of one RDF file, or its error findings. */
async function readRdf(
  io: InterchangeIo,
  file: string,
  format: RdfFormat | undefined,
): Promise<{ ok: true; triples: RdfTriple[] } | { ok: false; findings: InterchangeFinding[] }> {
  const bytes = await readInputBytes(io, file);
  if (bytes.length > MAX_IMPORT_BYTES) {
    return {
      ok: false,
      findings: [{ severity: 'error', code: 'interchange.too-large', message: `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB` }],
    };
  }
  // Turtle is UTF-8 by definition; the XML decoder reads a byte order mark and otherwise UTF-8 too.
  const decoded = decodeXmlFile(bytes);
  if (!decoded.ok) return decoded;
  const text = decoded.decoded.text;
  const base = file === '-' ? pathToFileURL(path.join(io.cwd, 'stdin')).toString() : pathToFileURL(path.resolve(io.cwd, file)).toString();
  return parseRdf(text, format ?? rdfFormatOf(file, text), base);
}

/** Runs `termlens export FORMAT [options] [FILE ...]`; resolves to the exit code. */
export async function runExport(args: readonly string[], io: InterchangeIo): Promise<number> {
  const [format, ...rest] = args;
  return reportingSetupErrors('termlens export', io.stderr, async () => {
    if (format === '-h' || format === '--help' || format === 'help') {
      io.stdout(EXPORT_USAGE + '\n');
      return 0;
    }
    if (format !== 'tbx' && format !== 'csv' && format !== 'markdown') {
      throw new UsageError(format ? `unknown format ${JSON.stringify(format)}; expected tbx, csv or markdown` : 'name a format: tbx, csv or markdown');
    }
    const allowed = ['out', 'force', 'no-bundled', 'config', 'no-config', 'help', ...(format === 'tbx' ? ['lang'] : format === 'markdown' ? ['title'] : [])];
    const options = parseOptions(rest, EXPORT_OPTIONS, allowed);
    if (options === 'help') {
      io.stdout(EXPORT_USAGE + '\n');
      return 0;
    }
    const lang = options.strings.lang ?? 'en';
    if (!/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(lang)) throw new UsageError(`--lang ${JSON.stringify(lang)} is not a language tag such as en or en-GB`);
    const out = options.strings.out;
    if (out !== undefined && !options.flags.has('force') && (await io.readFile(path.resolve(io.cwd, out))) !== undefined) {
      throw new SetupError(`${out} exists; pass --force to replace it`);
    }
    const concepts = await projectConcepts(io, options);
    const result =
      format === 'tbx'
        ? glossaryToTbx(concepts, { lang })
        : format === 'csv'
          ? glossaryToCsv(concepts)
          : { text: glossaryToMarkdown(concepts, options.strings.title !== undefined ? { title: options.strings.title } : {}), findings: [] };
    printFindings(io, `termlens export ${format}`, result.findings);
    if (out === undefined) {
      io.stdout(result.text);
      return 0;
    }
    await writeOut(io, out, result.text, options.flags.has('force'));
    io.stdout(`termlens export ${format}: ${plural(concepts.length, 'concept')}; wrote ${out}\n`);
    return 0;
  });
}

/** The concepts of the named glossary files, or of the project's layers; an error in any of them stops the export. */
async function projectConcepts(io: InterchangeIo, options: Options): Promise<Concept[]> {
  let inputs: GlossaryInput[];
  if (options.files.length === 0) {
    const project = await loadProject(io, {
      ...(options.strings.config !== undefined ? { config: options.strings.config } : {}),
      noConfig: options.flags.has('no-config'),
      explicit: options.flags.has('no-bundled') ? { bundledGlossary: false } : {},
    });
    inputs = await loadGlossaryLayers(io, project);
  } else {
    inputs = [];
    for (const file of options.files) {
      const absolute = path.resolve(io.cwd, file);
      const text = await io.readFile(absolute);
      if (text === undefined) throw new SetupError(`glossary ${displayPath(io.cwd, absolute)}: cannot read the file`);
      inputs.push({ uri: pathToFileURL(absolute).toString(), text, layer: 'settings' });
    }
  }
  const store = new GlossaryStore();
  store.setSettingsFiles(inputs.filter((g) => g.layer === 'settings').map((g) => g.uri));
  for (const g of inputs) store.setFile(g.uri, g.text, g.layer);
  const snapshot = store.snapshot();
  const problem = snapshot.problems.find((p) => p.severity === 'error');
  if (problem) {
    const input = inputs.find((g) => g.uri === problem.uri);
    const file = problem.uri.startsWith('file:') ? fileURLToPath(problem.uri) : problem.uri;
    const at = input ? new LineIndex(input.text).positionAt(problem.start) : { line: 0, character: 0 };
    throw new SetupError(`glossary ${displayPath(io.cwd, file)}:${at.line + 1}:${at.character + 1}: ${problem.message} (run termlens glossary check)`);
  }
  return [...snapshot.concepts];
}
