/**
 * `termlens lint [PATH|GLOB ...]`: the language server's diagnostics for files on disk (or stdin),
 * with the project's config, printed in one of four formats. Exit code 0 when there is no error
 * (and no more warnings than `--max-warnings`), 1 otherwise, 2 on bad usage, a bad config, an
 * unusable glossary or a fixed file that could not be written (it changed meanwhile, or writing failed).
 */

import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { diagnosticCodes, type DiagnosticCode, type SeverityName } from '../core/features/diagnostics';
import { NPM_PREFIX, type ProjectConfig } from '../config/projectConfig';
import { nodeFileSystem } from '../node/nodeFs';
import type { ProjectFileSystem } from '../project/fileSystem';
import { createProject, type ConfigSource, type Project } from '../project/workspace';
import type { TermService } from '../core/service';
import type { ChunkScanner } from '../core/text/markdown';
import { isEnabledFor, severityNames, type Settings } from '../settings';
import type { Dictionary } from '../core/text/dictionary';
import { languageIdForPath, NOTEBOOK_LANGUAGE_ID } from '../core/text/fileTypes';
import { LineIndex } from '../core/text/lineIndex';
import { createBudgetedChunkScanner } from '../node/markdownBudget';
import {
  buildService,
  lintBytes,
  lintJob,
  ReadAhead,
  type FixMode,
  type GlossaryInput,
  type LintedText,
  type LintJob,
  type LintJobHooks,
  type LintJobResult,
} from './engine';
import { DEFAULT_MAX_FILE_SIZE, discoverFiles, displayPath, type FoundFile, type WriteFailure } from './files';
import { unifiedDiff } from './fix';
import { formatGithub } from './format/github';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatStylish } from './format/stylish';
import { summarize, type LintFileResult } from './results';
import { readArgs } from './args';
import { CACHE_STRATEGIES, cacheFilePath, DEFAULT_CACHE_FILE, LintCache, type CacheReport, type CacheStrategy } from './cache';
import { reportingSetupErrors, SetupError, UsageError } from './errors';

/**
 * The time budget of one Markdown block in `termlens lint`, in ms: longer than the editor's (a run
 * in CI can wait; its findings should not depend on the machine's speed), short enough that no
 * file can stall a run.
 */
export const MARKDOWN_BUDGET_MS = 2000;

/** What `runLint` (and `termlens glossary`) need from the outside world. */
export interface LintIo {
  /** The folder paths are relative to. */
  readonly cwd: string;
  /** termlens's version, for `--version` and SARIF. */
  readonly version: string;
  readonly bundledGlossaryPath: string;
  readonly dictionary: Dictionary;
  /** The English word list file, for workers to load. */
  readonly wordsPath: string;
  /** The worker script (dist/lint-worker.js); undefined when workers are unavailable. */
  readonly workerPath?: string;
  /**
   * The remark worker script (dist/markdown-worker.js): Markdown is then parsed with a time budget
   * per block ({@link MARKDOWN_BUDGET_MS}), as in the server; undefined: parsed on this thread, unbounded.
   */
  readonly markdownWorkerPath?: string;
  /** CPUs available (`os.availableParallelism()`). */
  readonly cpus: number;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  /** Environment variables (`NO_COLOR`, `FORCE_COLOR`). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<string | undefined>;
  /** The file system the project (config, glossary files) is read through; default the disk, its files read by {@link readFile}. */
  readonly fileSystem?: ProjectFileSystem;
  /** All of stdin, as bytes. */
  readStdin(): Promise<Buffer>;
  /** Writes bytes to stdout as they are (`lint - --fix`); default: {@link stdout} of the bytes decoded as UTF-8. */
  stdoutBytes?(bytes: Buffer): void;
  /** For tests: hooks into linting files on the main thread (workers have none). */
  readonly lintJobHooks?: LintJobHooks;
  /** For tests: with `--cache`, told which files were served from the cache and which were linted. */
  readonly onCacheReport?: (report: CacheReport) => void;
  /** For tests: called when `termlens lint` parses the glossary files on the main thread (at most once a run). */
  readonly onGlossaryParsed?: () => void;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Data every worker starts with. */
export interface WorkerInit {
  readonly glossaries: readonly GlossaryInput[];
  readonly wordsPath: string;
  readonly maxFileSize: number;
  readonly fix: FixMode;
  readonly markdownWorkerPath?: string;
}

/** A batch of files sent to a worker. */
export interface WorkerRequest {
  readonly batch: readonly LintJob[];
}

/** A worker's answer to one batch. */
export interface WorkerReply {
  readonly results: readonly LintJobResult[];
  readonly error?: string;
}

/** Files handed to a worker at a time (8): small enough to balance the load, large enough to keep messages few. */
const WORKER_BATCH = 8;

const FORMATS = ['stylish', 'json', 'sarif', 'github'] as const;
type Format = (typeof FORMATS)[number];

/** Linting runs on workers above this many files (200) or bytes in total (8 MB), with more than one CPU. */
const WORKER_FILE_THRESHOLD = 200;
const WORKER_BYTE_THRESHOLD = 8 * 1024 * 1024;
/** At most this many workers (4). */
const MAX_WORKERS = 4;
/** Progress is shown for more than this many files (20), at most every 100 ms. */
const PROGRESS_MIN_FILES = 20;
const PROGRESS_INTERVAL_MS = 100;

export const LINT_USAGE = `usage: termlens lint [options] [PATH|GLOB ...]
       termlens lint [options] -          (read stdin)

Lints Markdown, code files (comments and strings) and Jupyter notebooks against the glossary.
With no PATH, lints the current folder, respecting .gitignore.

options:
  --format FORMAT         stylish (default), json, sarif or github
  --max-warnings N        exit 1 when there are more than N warnings
  --quiet                 report errors only
  --fix                   apply the safe fixes to the files (with -, print the fixed text)
  --fix-dry-run           show the safe fixes as a diff without writing them
  --config FILE           use this config file instead of looking for termlens.config.*
  --no-config             use no config file
  --glossary FILE         add a glossary file (repeatable; paths or globs)
  --no-bundled            leave out the bundled finance glossary
  --rule CODE=SEVERITY    set a rule's severity: error, warning, information, hint or off (repeatable)
  --stdin-filename NAME   file name for stdin: language and config matching (default stdin.md)
  --max-file-size BYTES   skip larger files (default ${DEFAULT_MAX_FILE_SIZE})
  --jobs N                threads to lint on, the main one included (default: automatic)
  --cache                 reuse the results of files unchanged since the last --cache run
  --cache-location PATH   the cache file, or a folder for it (default ./${DEFAULT_CACHE_FILE})
  --cache-strategy S      how unchanged files are told: metadata (size and time, else content;
                          the default) or content (always read and hashed)
  --no-progress           no progress line on a terminal
  --color, --no-color     force or disable colours
  -h, --help              show this message
  --version               show the version

exit codes: 0 no errors, 1 errors (or too many warnings), 2 bad usage, config or glossary, or a
            fixed file that could not be written (changed while being fixed, or unwritable)`;

/** Parsed `termlens lint` options. */
interface LintOptions {
  format: Format;
  maxWarnings?: number;
  quiet: boolean;
  fix: FixMode;
  config?: string;
  noConfig: boolean;
  glossaries: string[];
  noBundled: boolean;
  rules: Partial<Record<DiagnosticCode, SeverityName>>;
  stdinFilename: string;
  maxFileSize: number;
  jobs?: number;
  cache: boolean;
  cacheLocation?: string;
  cacheStrategy?: CacheStrategy;
  progress: boolean;
  color?: boolean;
  help: boolean;
  version: boolean;
  paths: string[];
}

/** A numeric option's value: a whole number of at least `min` (0 or 1). */
function parseInteger(name: string, value: string, min: 0 | 1): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${name} must be a ${min > 0 ? 'positive' : 'non-negative'} integer, got ${value === '' ? 'nothing' : value}`);
  }
  return n;
}

/** Options whose value is a number: a following `-3` is their (bad) value, not an option. */
const NUMERIC_OPTIONS = new Set(['--max-warnings', '--max-file-size', '--jobs']);

const LINT_OPTIONS = {
  format: { type: 'string' },
  'max-warnings': { type: 'string' },
  'max-file-size': { type: 'string' },
  jobs: { type: 'string' },
  config: { type: 'string' },
  glossary: { type: 'string' },
  'stdin-filename': { type: 'string' },
  rule: { type: 'string' },
  'cache-location': { type: 'string' },
  'cache-strategy': { type: 'string' },
  cache: { type: 'boolean' },
  quiet: { type: 'boolean' },
  fix: { type: 'boolean' },
  'fix-dry-run': { type: 'boolean' },
  'no-config': { type: 'boolean' },
  'no-bundled': { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

function parseLintArgs(args: readonly string[]): LintOptions {
  const options: LintOptions = {
    format: 'stylish',
    quiet: false,
    fix: 'off',
    noConfig: false,
    glossaries: [],
    noBundled: false,
    rules: {},
    stdinFilename: 'stdin.md',
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    cache: false,
    progress: true,
    help: false,
    version: false,
    paths: [],
  };
  let fixFlags = 0;
  for (const arg of readArgs(args, LINT_OPTIONS)) {
    if (arg.kind === 'positional') options.paths.push(arg.value);
    if (arg.kind !== 'option') continue;
    const name = arg.written;
    if (!arg.known) throw new UsageError(`unknown option ${name}`);
    /** The value; one taken from the next argument must not look like an option (`-` and a number's `-3` do not). */
    const value = (): string => {
      const v = arg.value;
      const negative = NUMERIC_OPTIONS.has(name) && v !== undefined && /^-[\d.]/.test(v);
      if (v === undefined || (!arg.inline && v.startsWith('-') && v !== '-' && !negative)) throw new UsageError(`${name} needs a value`);
      return v;
    };
    const flag = (): void => {
      if (arg.value !== undefined) throw new UsageError(`${name} takes no value`);
    };
    switch (arg.name as keyof typeof LINT_OPTIONS) {
      case 'format': {
        const format = value();
        if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format ${JSON.stringify(format)}; expected ${FORMATS.join(', ')}`);
        options.format = format as Format;
        break;
      }
      case 'max-warnings':
        options.maxWarnings = parseInteger(name, value(), 0);
        break;
      case 'max-file-size':
        options.maxFileSize = parseInteger(name, value(), 1);
        break;
      case 'jobs':
        options.jobs = parseInteger(name, value(), 1);
        break;
      case 'config':
        options.config = value();
        break;
      case 'glossary':
        options.glossaries.push(value());
        break;
      case 'stdin-filename':
        options.stdinFilename = value();
        break;
      case 'rule': {
        const rule = value();
        const [code = '', severity = ''] = rule.split('=');
        if (!(diagnosticCodes as readonly string[]).includes(code))
          throw new UsageError(`unknown rule ${JSON.stringify(code)} in --rule ${rule}; rules: ${diagnosticCodes.join(', ')}`);
        if (!(severityNames as readonly string[]).includes(severity))
          throw new UsageError(`bad severity ${JSON.stringify(severity)} in --rule ${rule}; expected ${severityNames.join(', ')}`);
        options.rules[code as DiagnosticCode] = severity as SeverityName;
        break;
      }
      case 'cache':
        flag();
        options.cache = true;
        break;
      case 'cache-location':
        options.cacheLocation = value();
        break;
      case 'cache-strategy': {
        const strategy = value();
        if (!(CACHE_STRATEGIES as readonly string[]).includes(strategy))
          throw new UsageError(`bad --cache-strategy ${JSON.stringify(strategy)}; expected ${CACHE_STRATEGIES.join(' or ')}`);
        options.cacheStrategy = strategy as CacheStrategy;
        break;
      }
      case 'quiet':
        flag();
        options.quiet = true;
        break;
      case 'fix':
        flag();
        options.fix = 'fix';
        fixFlags++;
        break;
      case 'fix-dry-run':
        flag();
        options.fix = 'dry-run';
        fixFlags++;
        break;
      case 'no-config':
        flag();
        options.noConfig = true;
        break;
      case 'no-bundled':
        flag();
        options.noBundled = true;
        break;
      case 'no-progress':
        flag();
        options.progress = false;
        break;
      case 'color':
        flag();
        options.color = true;
        break;
      case 'no-color':
        flag();
        options.color = false;
        break;
      case 'help':
        options.help = true;
        break;
      case 'version':
        options.version = true;
        break;
    }
  }
  if (fixFlags > 1) throw new UsageError('use either --fix or --fix-dry-run, not both');
  if (options.config !== undefined && options.noConfig) throw new UsageError('use either --config or --no-config, not both');
  if (options.paths.includes('-') && options.paths.length > 1) throw new UsageError('- (stdin) cannot be combined with paths');
  if (options.cacheLocation !== undefined && !options.cache) throw new UsageError('--cache-location needs --cache');
  if (options.cacheStrategy !== undefined && !options.cache) throw new UsageError('--cache-strategy needs --cache');
  return options;
}

/** The project of a run: the project model (`project/workspace.ts`) read through `io`, and its config, checked. */
export interface CliProject {
  readonly model: Project;
  readonly config?: ProjectConfig;
  /** The folder glossaries are searched in: the config's, else the cwd. */
  readonly root: string;
  /** The `termlens` settings section the command line amounts to (highest precedence). */
  readonly explicit: Record<string, unknown>;
}

/** One line for a located problem in a file: `PATH:LINE:COL: message` (1-based). */
function located(cwd: string, file: string, text: string | undefined, offset: number, message: string): string {
  const at = text === undefined ? { line: 0, character: 0 } : new LineIndex(text).positionAt(offset);
  return `${displayPath(cwd, file)}:${at.line + 1}:${at.character + 1}: ${message}`;
}

/** `io.fileSystem`, else the disk with its files read through `io.readFile` (which tests may watch). */
function cliFileSystem(io: Pick<LintIo, 'readFile' | 'fileSystem'>): ProjectFileSystem {
  return io.fileSystem ?? { ...nodeFileSystem, readFile: (p) => io.readFile(p) };
}

/**
 * The project model of the cwd, as the language server builds it for a trusted workspace folder,
 * with one config for every file: the one found from the cwd up (or `config`, or none with
 * `noConfig`). Throws {@link SetupError} when the config cannot be read or has a problem.
 * `glossaries` (paths or globs relative to the cwd) come after the settings' `glossaryFiles`.
 */
export async function loadProject(
  io: Pick<LintIo, 'cwd' | 'readFile' | 'bundledGlossaryPath' | 'fileSystem'>,
  options: { config?: string; noConfig?: boolean; explicit?: Record<string, unknown>; glossaries?: readonly string[] },
): Promise<CliProject> {
  const explicit = options.explicit ?? {};
  const source: ConfigSource = options.noConfig
    ? 'none'
    : options.config !== undefined
      ? { file: path.resolve(io.cwd, options.config) }
      : { lookupFrom: io.cwd };
  const model = createProject({
    fs: cliFileSystem(io),
    folders: [io.cwd],
    cwd: io.cwd,
    bundled: io.bundledGlossaryPath,
    config: source,
    explicitSettings: () => explicit,
    extraGlossaryFiles: (options.glossaries ?? []).map((f) => (f.startsWith(NPM_PREFIX) ? f : path.resolve(io.cwd, f))),
    uriOf: (p) => pathToFileURL(p).toString(),
  });
  const state = await model.config();
  if (state.unreadable && state.path !== undefined) throw new SetupError(`cannot read config ${displayPath(io.cwd, state.path)}`);
  const [problem] = state.problems;
  if (state.path !== undefined && (problem || !state.config)) {
    const where = problem ? `${displayPath(io.cwd, problem.path)}:${problem.line}:${problem.column}` : displayPath(io.cwd, state.path);
    const more = state.problems.length > 1 ? ` (and ${state.problems.length - 1} more)` : '';
    throw new SetupError(`${where}: ${problem?.message ?? 'not a valid termlens config'}${more}`);
  }
  return { model, ...(state.config ? { config: state.config } : {}), root: state.config?.dir ?? io.cwd, explicit };
}

/**
 * The glossary layers of the project, read exactly as the language server reads them but not
 * parsed: the bundled glossary (unless `bundledGlossary` is false), the workspace `*.glossary.*`
 * files under the project root (unless `workspaceGlossaries` is false), then the settings'
 * `glossaryFiles` and the extra files, in order. Throws {@link SetupError} naming a file that
 * cannot be read.
 */
export async function loadGlossaryLayers(io: Pick<LintIo, 'cwd'>, project: CliProject): Promise<GlossaryInput[]> {
  const load = await project.model.readGlossaryLayers();
  const [missing] = load.unreadable;
  if (missing) throw new SetupError(`glossary ${displayPath(io.cwd, missing.path)}: cannot read the file`);
  const [problem] = load.problems ?? [];
  if (problem) throw new SetupError(`glossary ${problem.entry}: ${problem.message}`);
  return [...load.files];
}

/**
 * A service of `glossaries` (parsed now, as worker threads parse them). Throws {@link SetupError}
 * for the first error-severity problem in them, located by line and column.
 */
export function usableService(io: Pick<LintIo, 'cwd' | 'dictionary'>, glossaries: readonly GlossaryInput[], scanMarkdownChunk?: ChunkScanner): TermService {
  const service = buildService(io.dictionary, glossaries, scanMarkdownChunk);
  const problem = service.glossaryProblems().find((p) => p.severity === 'error');
  if (!problem) return service;
  const input = glossaries.find((g) => g.uri === problem.uri);
  const file = problem.uri.startsWith('file:') ? fileURLToPath(problem.uri) : problem.uri;
  throw new SetupError(`glossary ${located(io.cwd, file, input?.text, problem.start, problem.message)}`);
}

/** Whether colour is on: `--color`/`--no-color`, else `FORCE_COLOR`, else a TTY without `NO_COLOR`. */
function useColor(io: LintIo, option: boolean | undefined): boolean {
  if (option !== undefined) return option;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return io.stdoutIsTTY && (io.env.NO_COLOR ?? '') === '';
}

/** `\rtermlens: N/TOTAL files` on stderr at most every 100 ms; `done()` clears the line. */
function progressReporter(io: LintIo, enabled: boolean, total: number): { update(done: number): void; done(): void } {
  if (!enabled || !io.stderrIsTTY || total <= PROGRESS_MIN_FILES) return { update: () => undefined, done: () => undefined };
  let last = 0;
  let shown = false;
  return {
    update(done) {
      const now = Date.now();
      if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
      last = now;
      shown = true;
      io.stderr(`\rtermlens: ${done}/${total} files`);
    },
    done() {
      if (shown) io.stderr('\r\u001b[2K');
    },
  };
}

/** Runs `termlens lint ARGS`; resolves to the exit code. */
export async function runLint(args: readonly string[], io: LintIo): Promise<number> {
  return reportingSetupErrors('termlens lint', io.stderr, async () => {
    const options = parseLintArgs(args);
    if (options.help) {
      io.stdout(LINT_USAGE + '\n');
      return 0;
    }
    if (options.version) {
      io.stdout(io.version + '\n');
      return 0;
    }
    return lint(options, io);
  });
}

async function lint(options: LintOptions, io: LintIo): Promise<number> {
  const explicit: Record<string, unknown> = {};
  if (options.noBundled) explicit.bundledGlossary = false;
  if (Object.keys(options.rules).length > 0) explicit.diagnostics = { severity: options.rules };
  const project = await loadProject(io, {
    ...(options.config !== undefined ? { config: options.config } : {}),
    noConfig: options.noConfig,
    explicit,
    glossaries: options.glossaries,
  });
  const glossaries = await loadGlossaryLayers(io, project);
  const markdown = io.markdownWorkerPath ? createBudgetedChunkScanner({ workerPath: io.markdownWorkerPath, budgetMs: MARKDOWN_BUDGET_MS }) : undefined;
  let built: TermService | undefined;
  /** The glossary's service, parsed and checked the first time it is asked for. */
  const service = (): TermService => {
    if (!built) {
      try {
        built = usableService(io, glossaries, markdown?.scan);
      } finally {
        io.onGlossaryParsed?.();
      }
    }
    return built;
  };
  const settingsFor = (filePath: string): Promise<Settings> => project.model.settings({ file: filePath, at: filePath });

  if (options.paths.length === 1 && options.paths[0] === '-') return lintStdin(options, io, service(), project, settingsFor);

  const cache = options.cache
    ? await LintCache.open({
        file: await cacheFilePath(io.cwd, options.cacheLocation),
        cwd: io.cwd,
        version: io.version,
        glossaries,
        wordsPath: io.wordsPath,
        warn: (line) => io.stderr(`termlens: ${line}\n`),
        ...(options.cacheStrategy ? { strategy: options.cacheStrategy } : {}),
      })
    : undefined;
  // An error in the glossary is reported before anything else, as without the cache; a glossary
  // the cache knows to have none is parsed only if a file must be linted.
  if (!cache?.glossaryKnownUsable()) service();
  cache?.glossaryUsable();

  const discovery = await discoverFiles(options.paths, { cwd: io.cwd });
  if (discovery.missing.length > 0) throw new UsageError(`no such file or folder: ${discovery.missing.join(', ')}`);
  for (const note of discovery.notes) io.stderr(`termlens: ${note}\n`);
  const jobs: LintJob[] = [];
  for (const file of discovery.files) {
    const job = await jobFor(io, file, await settingsFor(file.path), project);
    if (job) jobs.push({ ...job, index: jobs.length });
  }
  if (jobs.length === 0) {
    io.stderr('termlens: no files to lint\n');
    if (options.format === 'json' || options.format === 'sarif') io.stdout(format(options, io, []));
    return 0;
  }

  const lookup = cache?.lookup(jobs, options.maxFileSize, options.fix);
  const todo = lookup ? lookup.misses : jobs;
  const progress = progressReporter(io, options.progress, todo.length);
  const done = todo.length > 0 ? await lintJobs(options, io, service(), markdown, glossaries, todo, progress.update) : [];
  progress.done();
  const linted = cache && lookup ? cache.complete(lookup, done) : done;
  if (cache) {
    await cache.save();
    io.onCacheReport?.(cache.summary());
  }
  return report(options, io, jobs, linted);
}

/** Prints the results of `jobs` (skips and notes on stderr) and resolves to the exit code. */
function report(options: LintOptions, io: LintIo, jobs: readonly LintJob[], linted: readonly (LintJobResult | undefined)[]): number {
  const results: LintFileResult[] = [];
  const diffs: string[] = [];
  let notWritten = 0;
  jobs.forEach((job, i) => {
    const outcome = linted[i];
    const shown = displayPath(io.cwd, job.path);
    if (!outcome || 'skipped' in outcome) {
      io.stderr(`termlens: skipped ${shown}: ${outcome?.skipped ?? 'not linted'}\n`);
      return;
    }
    if (outcome.note !== undefined) io.stderr(`termlens: ${shown}: ${outcome.note}\n`);
    if (outcome.notWritten) {
      notWritten++;
      io.stderr(`termlens: ${notWrittenMessage(shown, outcome.notWritten)}\n`);
    }
    const { linted: lint } = outcome;
    const { diagnostics, fixes } = lint;
    if (options.fix === 'dry-run' && fixes) diffs.push(fixDiff(shown, lint));
    results.push({
      path: job.path,
      displayPath: shown,
      // Read when a format prints it: a result from the cache decodes its text only then.
      get text() {
        return lint.text;
      },
      diagnostics: filterQuiet(options, diagnostics),
      ...(fixes ? { fixes } : {}),
    });
  });
  if (options.format === 'stylish' && diffs.length > 0) io.stdout(diffs.join(''));
  io.stdout(format(options, io, results));
  const code = exitCode(options, io, results);
  return notWritten > 0 ? 2 : code;
}

/** The one line saying why a fixed file was not written. */
function notWrittenMessage(shown: string, failure: WriteFailure): string {
  if (failure.reason === 'changed') return `${shown} changed while termlens was fixing it; not written, run again`;
  return `cannot write the fixes to ${shown}${failure.code ? ` (${failure.code})` : ''}; the file is unchanged`;
}

/** The job for a found file, or undefined (with a note when it was named) when its settings leave it out. */
async function jobFor(io: LintIo, file: FoundFile, settings: Settings, project: CliProject): Promise<Omit<LintJob, 'index'> | undefined> {
  let reason: string | undefined;
  const enabled = file.languageId === NOTEBOOK_LANGUAGE_ID ? settings.enable : isEnabledFor(settings, file.languageId);
  if (!enabled) reason = settings.enable ? `language ${file.languageId} is not in "languages"` : 'termlens is disabled for it';
  else if (await project.model.isIgnored(file.path, settings)) reason = 'ignored by the termlens config';
  if (reason === undefined) return { path: file.path, languageId: file.languageId, settings };
  if (file.explicit) io.stderr(`termlens: skipped ${displayPath(io.cwd, file.path)}: ${reason}\n`);
  return undefined;
}

/** Lints every job, on workers when there are many files and more than one CPU, else in this thread; results in job order. */
async function lintJobs(
  options: LintOptions,
  io: LintIo,
  service: TermService,
  markdown: { skippedCount(): number } | undefined,
  glossaries: readonly GlossaryInput[],
  jobs: readonly LintJob[],
  onProgress: (done: number) => void,
): Promise<(LintJobResult | undefined)[]> {
  let workers = options.jobs;
  if (workers === undefined) {
    const big = jobs.length > WORKER_FILE_THRESHOLD || (await totalSize(jobs)) > WORKER_BYTE_THRESHOLD;
    workers = big && io.cpus > 1 ? Math.min(io.cpus, MAX_WORKERS) : 1;
  }
  workers = Math.min(workers, jobs.length);
  const out: (LintJobResult | undefined)[] = new Array(jobs.length);
  const ahead = new ReadAhead(options.maxFileSize);
  const lintHere = async (job: LintJob): Promise<LintJobResult> =>
    lintJob(service, job, options.maxFileSize, options.fix, io.lintJobHooks, markdown, ahead.take(job));
  if (workers > 1 && io.workerPath) {
    const init: WorkerInit = {
      glossaries,
      wordsPath: io.wordsPath,
      maxFileSize: options.maxFileSize,
      fix: options.fix,
      markdownWorkerPath: io.markdownWorkerPath,
    };
    const pool = await runWorkerPool(io.workerPath, workers - 1, init, jobs, { queue: (batch) => ahead.queue(batch), lint: lintHere }, onProgress);
    for (const result of pool) out[result.index] = result;
    return out;
  }
  ahead.queue(jobs);
  for (const job of jobs) {
    out[job.index] = await lintHere(job);
    onProgress(job.index + 1);
  }
  return out;
}

/** How the worker pool lints on the main thread: batches are queued (to be read ahead), then each job linted in order. */
interface LocalLinter {
  queue(batch: readonly LintJob[]): void;
  lint(job: LintJob): Promise<LintJobResult>;
}

/**
 * Lints `jobs` on the main thread (whose service is loaded already) and `count` worker threads,
 * all pulling batches from one queue; each thread has two batches in flight (a worker, so that it
 * never waits for the main thread to hand out the next; the main thread, so that it reads the next
 * batch's files while it lints). Rejects on the first worker failure (after stopping
 * them all).
 */
function runWorkerPool(
  workerPath: string,
  count: number,
  init: WorkerInit,
  jobs: readonly LintJob[],
  local: LocalLinter,
  onProgress: (done: number) => void,
): Promise<LintJobResult[]> {
  return new Promise((resolve, reject) => {
    const results: LintJobResult[] = [];
    const workers: Worker[] = [];
    let next = 0;
    let finished = false;
    let inFlight = 0;
    let localDone = false;
    const stop = (error?: Error): void => {
      if (finished) return;
      finished = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const take = (): LintJob[] => {
      const batch = jobs.slice(next, next + WORKER_BATCH);
      next += batch.length;
      return batch;
    };
    const maybeDone = (): void => {
      if (localDone && inFlight === 0) stop();
    };
    const feed = (worker: Worker): void => {
      const batch = take();
      if (batch.length === 0) return;
      inFlight++;
      worker.postMessage({ batch } satisfies WorkerRequest);
    };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerPath, { workerData: init });
      workers.push(worker);
      worker.on('message', (reply: WorkerReply) => {
        if (reply.error !== undefined) return stop(new Error(`lint worker failed: ${reply.error}`));
        inFlight--;
        results.push(...reply.results);
        onProgress(results.length);
        feed(worker);
        maybeDone();
      });
      worker.on('error', (error) => stop(error));
      worker.on('exit', (code) => {
        if (code !== 0) stop(new Error(`lint worker exited with code ${code}`));
      });
      feed(worker);
      feed(worker);
    }
    const takeLocal = (): LintJob[] => {
      const batch = take();
      local.queue(batch);
      return batch;
    };
    void (async () => {
      let batch = takeLocal();
      while (batch.length > 0 && !finished) {
        const following = takeLocal();
        for (const job of batch) results.push(await local.lint(job));
        onProgress(results.length);
        // Let the workers' replies in, so that they get their next batches.
        await new Promise((r) => setImmediate(r));
        batch = following;
      }
      localDone = true;
      maybeDone();
    })().catch((error: unknown) => stop(error instanceof Error ? error : new Error(String(error))));
  });
}

async function totalSize(jobs: readonly LintJob[]): Promise<number> {
  let total = 0;
  for (const job of jobs) {
    total += (await stat(job.path).catch(() => undefined))?.size ?? 0;
    if (total > WORKER_BYTE_THRESHOLD) break;
  }
  return total;
}

/** `-`: lints stdin as `--stdin-filename`; with `--fix` prints the fixed text, with `--fix-dry-run` the diff. */
async function lintStdin(
  options: LintOptions,
  io: LintIo,
  service: TermService,
  project: CliProject,
  settingsFor: (filePath: string) => Promise<Settings>,
): Promise<number> {
  const bytes = await io.readStdin();
  const filePath = path.resolve(io.cwd, options.stdinFilename);
  const shown = displayPath(io.cwd, filePath);
  const languageId = languageIdForPath(filePath);
  if (!languageId) throw new UsageError(`--stdin-filename ${options.stdinFilename} is not a Markdown or supported code file name`);
  const settings = await settingsFor(filePath);
  const job = await jobFor(io, { path: filePath, languageId, explicit: true }, settings, project);
  const done = job ? lintBytes(service, bytes, languageId, settings, options.fix, filePath) : undefined;
  if (done?.error !== undefined) io.stderr(`termlens: skipped ${shown}: ${done.error}\n`);
  const linted: LintedText = done?.linted ?? { text: bytes.toString('utf8'), diagnostics: [] };
  const result: LintFileResult = {
    path: '<stdin>',
    displayPath: shown,
    text: linted.text,
    diagnostics: filterQuiet(options, linted.diagnostics),
    ...(linted.fixes ? { fixes: linted.fixes } : {}),
  };
  if (options.fix === 'fix') {
    // The fixed bytes: every byte around the fixes as it came (invalid UTF-8, a BOM, CRLF).
    const out = done?.bytes ?? bytes;
    if (io.stdoutBytes) io.stdoutBytes(out);
    else io.stdout(out.toString('utf8'));
  } else if (options.fix === 'dry-run') io.stdout(fixDiff(shown, linted));
  else io.stdout(format(options, io, [result]));
  return exitCode(options, io, [result], options.fix === 'off');
}

/** The diff of a text's fixes (a BOM the text leaves out shown on its first line, as in the file); empty without fixes. */
function fixDiff(shown: string, linted: LintedText): string {
  if (!linted.fixes) return '';
  const bom = linted.bom ? '\ufeff' : '';
  return unifiedDiff(shown, bom + linted.fixes.original, bom + linted.text);
}

function filterQuiet(options: LintOptions, diagnostics: LintFileResult['diagnostics']): LintFileResult['diagnostics'] {
  return options.quiet ? diagnostics.filter((d) => d.severity === 1) : diagnostics;
}

function format(options: LintOptions, io: LintIo, results: readonly LintFileResult[]): string {
  switch (options.format) {
    case 'json':
      return formatJson(results);
    case 'sarif':
      return formatSarif(results, { rootUri: pathToFileURL(io.cwd + path.sep).toString(), version: io.version });
    case 'github':
      return formatGithub(results);
    case 'stylish':
      return formatStylish(results, { color: useColor(io, options.color) });
  }
}

/** 1 when a finding is an error or there are more warnings than `--max-warnings` (said on stderr when `tell`), else 0. */
function exitCode(options: LintOptions, io: LintIo, results: readonly LintFileResult[], tell = true): number {
  const summary = summarize(results);
  if (summary.errors > 0) return 1;
  if (options.maxWarnings !== undefined && summary.warnings > options.maxWarnings) {
    if (tell) io.stderr(`termlens: too many warnings (${summary.warnings}; --max-warnings is ${options.maxWarnings})\n`);
    return 1;
  }
  return 0;
}
