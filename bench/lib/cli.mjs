/**
 * The CLI half of `npm run bench`: `termlens lint` against cspell and textlint +
 * textlint-rule-terminology, all configured with the same term list, on the generated corpora and
 * (when it is there) the real-world corpus `../shared/corpus/real-docs`; a cached second run
 * (`--cache`, when the build has it); and the reading-only floor (`floor.mjs`).
 * Run directly (`node bench/lib/cli.mjs`) it prepares the data and prints the Markdown section.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { measureFloor } from './floor.mjs';
import { prepareData } from './generate.mjs';
import { lintedExtensions } from './languages.mjs';
import { nodeArgs, runTool } from './measure.mjs';

const require = createRequire(import.meta.url);

/** @typedef {import('./generate.mjs').BenchData} BenchData */
/** @typedef {import('./generate.mjs').CorpusInfo} CorpusInfo */
/** @typedef {import('./generate.mjs').Injected} Injected */
/** @typedef {import('./floor.mjs').FloorResult} FloorResult */
/** @typedef {import('../../server/src/core/glossary/format.js').GlossaryFile} GlossaryFile */
/** @typedef {'termlens' | 'cspell' | 'textlint'} Tool */
/**
 * `bundled`: the bundled glossary alone; `core`: the project's core glossary (`glossary/core/*.yaml`)
 * alone; `g10k`, `g100k`: a generated glossary alone.
 * @typedef {'bundled' | 'core' | 'g10k' | 'g100k'} GlossaryName
 */
/** Parts of the CLI half: the lint tables, the cached second run, the reading-only floor. @typedef {'lint' | 'cache' | 'floor'} CliPart */

/**
 * One glossary's term list as every tool gets it (see {@link termList}).
 * @typedef {{ concepts: number, forms: number, words: string[], terms: Array<string | [string, string]> }} TermList
 */

/** The config files of cspell and textlint for one term list. @typedef {{ cspell: string, textlint: string }} Configs */

/**
 * What a run found: in total, (termlens) per diagnostic code, and (cspell on real-docs, from its
 * summary) how many files it checked.
 * @typedef {{ total: number, byCode?: Record<string, number>, filesChecked?: number }} Counted
 */

/** Files and bytes one tool is given. @typedef {{ files: number, bytes: number }} Coverage */

/**
 * A corpus as measured: a generated one (`CorpusInfo`), or the real-world corpus with the file
 * list each tool is given (`real`).
 * @typedef {CorpusInfo & { name: string, real?: RealCorpus }} Corpus
 */

/**
 * The real-world corpus: `fileList` (absolute paths, one a line) holds every file termlens lints
 * in it, given to cspell with `--file-list`; `markdown` the Markdown files of it, given to
 * textlint; `coverage` what each tool is given.
 * @typedef {{ fileList: string, markdown: string[], coverage: Record<Tool, Coverage>, byKind: Record<string, Coverage> }} RealCorpus
 */

/**
 * What one measurement needs (see {@link benchCli}). `glossaryFiles`: the files of a glossary other
 * than the bundled one; `checkExpected`: whether the findings are checked against the injected mistakes.
 * @typedef {{ entries: Readonly<Record<Tool, string>>, configs: Readonly<Partial<Record<GlossaryName, Configs>>>, glossaryFiles: readonly string[],
 *   glossaryName: GlossaryName, corpus: Corpus, timeoutMs: number, checkExpected: boolean }} MeasureContext
 */

/**
 * The generated corpora in table order, with the globs cspell and textlint are given (termlens gets the folder).
 * @type {Readonly<Record<string, { globs: string[], label: string }>>}
 */
const CORPORA = {
  'note-1mb': { globs: ['**/*.md'], label: '1 MB note' },
  'note-10mb': { globs: ['**/*.md'], label: '10 MB note' },
  'notes-2000': { globs: ['**/*.md'], label: '2,000 notes' },
  'code-500': { globs: ['**/*.py', '**/*.ts'], label: '500 code files' },
};
/** The real-world corpus's name in the tables and in `--corpus`. */
export const REAL_DOCS = 'real-docs';
/** Where the real-world corpus is looked for, relative to the repository root (as the results print it). */
export const REAL_DOCS_RELATIVE = '../shared/corpus/real-docs';
/** Every corpus name `corpora` of {@link benchCli} accepts. */
export const CORPUS_NAMES = [...Object.keys(CORPORA), REAL_DOCS];
/** Every glossary name `glossaries` of {@link benchCli} accepts. */
export const GLOSSARY_NAMES = /** @type {const} */ (['bundled', 'core', 'g10k', 'g100k']);
/** Every part name `parts` of {@link benchCli} accepts. */
export const CLI_PARTS = /** @type {const} */ (['lint', 'cache', 'floor']);
/** @type {readonly Tool[]} */
const TOOLS = ['termlens', 'cspell', 'textlint'];
/** Runs shorter than this are repeated and the median taken. */
const REPEAT_BELOW_MS = 5000;
const REPEATS = 3;
/** termlens's own runs are stopped after this long at the least (the time limit is meant for the peers). */
const TERMLENS_MIN_LIMIT_MS = 300_000;
/** The extensions textlint's built-in Markdown plugin reads (it has none for MDX). */
const TEXTLINT_MARKDOWN = new Set(['md', 'markdown', 'mdown', 'mkdn', 'mkd', 'mdwn', 'mkdown']);

const formText = (/** @type {string | { readonly form: string }} */ f) => (typeof f === 'string' ? f : f.form);

/**
 * Where a package is installed: `require.resolve` of its package.json, or (for packages whose
 * `exports` hide package.json, like cspell) the first `node_modules/NAME` up from `from`.
 * @param {string} name
 * @param {string} from a folder
 * @returns {string}
 */
function packageDir(name, from) {
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [from] }));
  } catch {
    for (let dir = from; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'node_modules', name);
      if (existsSync(path.join(candidate, 'package.json'))) return candidate;
      if (path.dirname(dir) === dir) throw new Error(`bench: ${name} is not installed (npm ci)`);
    }
  }
}

/**
 * The absolute JS entry of a package's `bin` (the one named `binName`, or its only one).
 * @param {string} name
 * @param {string} from a folder
 * @param {string} [binName]
 * @returns {string}
 */
function binEntry(name, from, binName = name) {
  const dir = packageDir(name, from);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin[binName];
  return path.join(dir, bin);
}

/** @param {string} text */
function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A glossary file's concepts: JSON, or YAML (`.yaml`, `.yml`).
 * @param {string} file
 * @returns {GlossaryFile['concepts']}
 */
function readConcepts(file) {
  const text = readFileSync(file, 'utf8');
  /** @type {GlossaryFile} */
  const glossary = /\.ya?ml$/i.test(file) ? parseYaml(text) : JSON.parse(text);
  return glossary.concepts;
}

/**
 * The same term list for every tool, from the files of one glossary: its forms, the words of every
 * form (cspell's custom dictionary) and textlint-rule-terminology's terms (preferred terms as exact
 * spellings, `[deprecated form, preferred term]` pairs; the rule has no notion of admitted variants).
 * @param {readonly string[]} files
 * @returns {TermList}
 */
function termList(files) {
  const concepts = files.flatMap(readConcepts);
  /** @type {Set<string>} */
  const words = new Set();
  /** @type {Set<string>} */
  const plain = new Set();
  /** @type {Array<[string, string]>} */
  const pairs = [];
  let forms = 0;
  for (const c of concepts) {
    const admitted = [c.term, ...(c.aliases ?? []).map(formText), ...(c.abbreviations ?? []).map(formText)];
    const wrong = [...(c.deprecated ?? []), ...(c.forbidden ?? [])].map(formText);
    forms += admitted.length + wrong.length;
    for (const f of [...admitted, ...wrong]) for (const w of f.split(/[^A-Za-z0-9']+/)) if (/[A-Za-z]/.test(w)) words.add(w);
    // The rule puts exact spellings into a regular expression unescaped: keep only plain ones.
    if (/^[A-Za-z0-9 -]+$/.test(c.term)) plain.add(c.term);
    for (const f of wrong) pairs.push([escapeRegExp(f).replace(/[ -]/g, '[ -]'), c.term]);
  }
  return { concepts: concepts.length, forms, words: [...words].sort(), terms: [...plain, ...pairs] };
}

/**
 * The project's core glossary: `glossary/core/*.yaml`, sorted (the overlays `build:glossary` merges
 * into the bundled glossary with the Greeks.live pages).
 * @param {string} repoRoot
 * @returns {string[]}
 */
function coreGlossaryFiles(repoRoot) {
  const dir = path.join(repoRoot, 'glossary', 'core');
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * The real-world corpus under `dir` as the tools are given it: every file `termlens lint .` reads
 * (walking as it does: not into `.git` or `node_modules`; by extension; there is no `.gitignore`
 * in the corpus), written as a file list for cspell, and its Markdown files for textlint.
 * @param {string} dir
 * @param {string} repoRoot
 * @param {string} configDir where the file list is written
 * @returns {Corpus}
 */
function realCorpus(dir, repoRoot, configDir) {
  const extensions = lintedExtensions(repoRoot);
  /** @type {Array<{ file: string, ext: string, bytes: number }>} */
  const found = [];
  const visit = (/** @type {string} */ folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== '.git' && entry.name !== 'node_modules') visit(full);
      } else if (entry.isFile()) {
        const ext = /\.([^./\\]+)$/.exec(entry.name)?.[1]?.toLowerCase();
        if (ext && extensions.has(ext)) found.push({ file: full, ext, bytes: statSync(full).size });
      }
    }
  };
  visit(dir);
  found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const sum = (/** @type {typeof found} */ list) => ({ files: list.length, bytes: list.reduce((n, f) => n + f.bytes, 0) });
  const markdownFiles = found.filter((f) => TEXTLINT_MARKDOWN.has(f.ext));
  /** @type {Record<string, Coverage>} */
  const byKind = {};
  for (const f of found) {
    const kind = f.ext === 'ipynb' ? 'notebooks' : extensions.get(f.ext) === 'markdown' ? 'Markdown/MDX' : 'code';
    const k = (byKind[kind] ??= { files: 0, bytes: 0 });
    k.files++;
    k.bytes += f.bytes;
  }
  mkdirSync(configDir, { recursive: true });
  const fileList = path.join(configDir, `${REAL_DOCS}.files.txt`);
  writeFileSync(fileList, found.map((f) => f.file).join('\n') + '\n');
  const all = sum(found);
  return {
    name: REAL_DOCS,
    path: dir,
    ...all,
    injected: {},
    real: {
      fileList,
      markdown: markdownFiles.map((f) => path.relative(dir, f.file)),
      coverage: { termlens: all, cspell: all, textlint: sum(markdownFiles) },
      byKind,
    },
  };
}

/**
 * Whether the built CLI has `lint --cache --cache-location FILE` (its `lint --help` names both).
 * @param {string} entry the CLI's JS entry
 * @returns {boolean}
 */
function supportsCache(entry) {
  try {
    const help = execFileSync(process.execPath, [entry, 'lint', '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return /--cache\b/.test(help) && /--cache-location\b/.test(help);
  } catch {
    return false;
  }
}

/**
 * Writes the cspell and textlint configs for one term list under `dir`; returns their paths.
 * @param {string} dir
 * @param {string} name
 * @param {TermList} list
 * @returns {Configs}
 */
function writeConfigs(dir, name, list) {
  mkdirSync(dir, { recursive: true });
  const wordsFile = path.join(dir, `${name}.words.txt`);
  writeFileSync(wordsFile, list.words.join('\n') + '\n');
  const cspell = path.join(dir, `cspell.${name}.json`);
  writeFileSync(
    cspell,
    JSON.stringify(
      {
        version: '0.2',
        language: 'en',
        useGitignore: false,
        dictionaryDefinitions: [{ name: `termlens-${name}`, path: wordsFile }],
        dictionaries: [`termlens-${name}`],
      },
      null,
      1,
    ),
  );
  // Small lists inline, large ones from a JSON file (the rule accepts a path).
  /** @type {TermList['terms'] | string} */
  let terms = list.terms;
  if (list.terms.length > 1000) {
    terms = path.join(dir, `${name}.terms.json`);
    writeFileSync(terms, JSON.stringify(list.terms));
  }
  const textlint = path.join(dir, `textlintrc.${name}.json`);
  writeFileSync(textlint, JSON.stringify({ rules: { terminology: { defaultTerms: false, terms } } }, null, 1));
  return { cspell, textlint };
}

/**
 * termlens's arguments for the glossary of `ctx`: nothing for the bundled one, else
 * `--no-bundled` and `--glossary FILE` for each of its files.
 * @param {MeasureContext} ctx
 * @returns {string[]}
 */
function glossaryArgs({ glossaryName, glossaryFiles }) {
  return glossaryName === 'bundled' ? [] : ['--no-bundled', ...glossaryFiles.flatMap((f) => ['--glossary', f])];
}

/**
 * Counts the findings of `termlens lint --format json`.
 * @param {string} stdout
 * @returns {Counted}
 */
function countTermlens(stdout) {
  /** @type {Record<string, number>} */
  const byCode = {};
  // The fields used of `--format json` (JsonFileResult in server/src/cli/format/json.ts, not imported here:
  // it would pull most of the server into this type check).
  /** @type {Array<{ messages: Array<{ code: string }> }>} */
  const files = JSON.parse(stdout);
  for (const file of files) for (const m of file.messages) byCode[m.code] = (byCode[m.code] ?? 0) + 1;
  const total = Object.values(byCode).reduce((a, b) => a + b, 0);
  return { total, byCode };
}

/**
 * The command line of one tool on one corpus, and how to count its findings. On the real-world
 * corpus cspell is given termlens's file list (`--file-list`) and prints its summary (to stderr),
 * whose "Files checked" is counted; textlint is given the Markdown files of that list.
 * @param {Tool} tool
 * @param {MeasureContext} ctx
 * @returns {{ args: string[], count: (stdout: string, stderr: string) => Counted }}
 */
function command(tool, ctx) {
  const { entries, configs, glossaryName, corpus } = ctx;
  if (tool === 'termlens') {
    return { args: nodeArgs(entries.termlens, ['lint', '--no-progress', '--format', 'json', '--no-config', ...glossaryArgs(ctx), '.']), count: countTermlens };
  }
  const config = configs[glossaryName];
  if (!config) throw new Error(`bench: no ${tool} config for the ${glossaryName} glossary`);
  const real = corpus.real;
  if (tool === 'cspell') {
    const files = real ? ['--file-list', real.fileList] : ['--no-summary', ...CORPORA[corpus.name].globs];
    return {
      args: nodeArgs(entries.cspell, ['lint', '--config', config.cspell, '--no-config-search', '--no-progress', '--no-color', ...files]),
      count(stdout, stderr) {
        const total = stdout.split('\n').filter((line) => / - Unknown word \(/.test(line)).length;
        const checked = /Files checked: (\d+)/.exec(stderr);
        return { total, ...(checked ? { filesChecked: Number(checked[1]) } : {}) };
      },
    };
  }
  return {
    args: nodeArgs(entries.textlint, ['--config', config.textlint, '--format', 'json', '--no-color', ...(real ? real.markdown : CORPORA[corpus.name].globs)]),
    count(stdout) {
      /** @type {Array<{ messages: unknown[] }>} */
      const files = JSON.parse(stdout);
      return { total: files.reduce((n, file) => n + file.messages.length, 0) };
    },
  };
}

/**
 * @param {readonly number[]} values
 * @returns {number}
 */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * What a tool can be expected to find of the injected mistakes: termlens all three kinds
 * (misspelled, deprecated, lower-cased proper names); cspell the misspelled words; textlint the
 * deprecated forms and case variants.
 * @param {Tool} tool
 * @param {Injected | undefined} injected
 * @returns {number}
 */
function expectedFindings(tool, injected) {
  if (!injected) return 0;
  if (tool === 'termlens') return injected.misspelled + injected.deprecated + injected.caseVariant;
  if (tool === 'cspell') return injected.misspelled;
  return injected.deprecated + injected.caseVariant;
}

/**
 * The findings of a tool that correspond to injected mistakes (termlens: the three term codes).
 * @param {Tool} tool
 * @param {Counted} counted
 * @returns {number}
 */
function relevantFindings(tool, counted) {
  if (tool !== 'termlens') return counted.total;
  const c = counted.byCode ?? {};
  return (c['term.misspelled'] ?? 0) + (c['term.deprecated'] ?? 0) + (c['term.variant'] ?? 0);
}

/**
 * A tool that does not apply (textlint on code).
 * @typedef {{ corpus: string, glossary: GlossaryName, tool: Tool, na: true, note: string }} NaRow
 */

/**
 * A measured tool; a run stopped at the time limit (`timedOut`) has no findings. `expected` is
 * undefined where findings are not checked against injected mistakes (the real-world corpus, the
 * core glossary); `files`/`bytes`: what the tool was given (real-world corpus), `filesChecked`:
 * what cspell says it checked.
 * @typedef {{ corpus: string, glossary: GlossaryName, tool: Tool, na?: undefined, timedOut?: boolean, runs: number, wallMs: number,
 *   mbPerSec: number, peakRssMb?: number, exitCode?: number | null, findings?: number, byCode?: Record<string, number>,
 *   relevant?: number, expected?: number, ratio?: number, plausible: boolean, note?: string,
 *   files?: number, bytes?: number, filesChecked?: number }} MeasuredRow
 */

/** One row of the results. @typedef {NaRow | MeasuredRow} CliRow */

/**
 * A first `termlens lint --cache` run with a fresh cache file and a second one on the unchanged
 * tree. `skipped`: why it was not measured.
 * @typedef {{ corpus: string, glossary: GlossaryName, skipped?: string, first?: MeasuredRow, second?: MeasuredRow, ratio?: number,
 *   plausible: boolean, note?: string }} CacheRow
 */

/**
 * The time limit of one tool's runs: `timeoutMs` for the peers, at least {@link TERMLENS_MIN_LIMIT_MS} for termlens.
 * @param {Tool} tool
 * @param {number} timeoutMs
 */
function limitFor(tool, timeoutMs) {
  return tool === 'termlens' && timeoutMs > 0 ? Math.max(timeoutMs, TERMLENS_MIN_LIMIT_MS) : timeoutMs;
}

/**
 * Runs a command line once in the corpus folder and counts its findings; a stopped run has none.
 * Throws when the tool crashed (killed, or output that does not parse).
 * @param {{ args: string[], count: (stdout: string, stderr: string) => Counted }} cmd
 * @param {string} cwd
 * @param {number} timeoutMs
 * @param {string} where for messages
 * @returns {Promise<{ run: import('./measure.mjs').RunResult, counted?: Counted }>}
 */
async function runCounted(cmd, cwd, timeoutMs, where) {
  const run = await runTool({ cmd: process.execPath, args: cmd.args, cwd, env: { NO_COLOR: '1', FORCE_COLOR: '0' }, timeoutMs });
  if (run.timedOut) return { run };
  if (run.signal) throw new Error(`bench: ${where} was killed by ${run.signal}\n${run.stderr.slice(-2000)}`);
  try {
    return { run, counted: cmd.count(run.stdout, run.stderr) };
  } catch (error) {
    throw new Error(`bench: ${where} crashed (exit ${run.exitCode}; ${error instanceof Error ? error.message : String(error)})\n${run.stderr.slice(-2000)}`);
  }
}

/**
 * Measures one tool on one corpus with one glossary: the median of three runs when a run takes
 * under 5 s, else one run. Throws when the tool crashed (killed, or output that does not parse).
 * @param {Tool} tool
 * @param {MeasureContext} ctx
 * @param {(line: string) => void} log
 * @returns {Promise<MeasuredRow>}
 */
async function measureOne(tool, ctx, log) {
  const { corpus, glossaryName, checkExpected } = ctx;
  const timeoutMs = limitFor(tool, ctx.timeoutMs);
  const cmd = command(tool, ctx);
  const given = corpus.real?.coverage[tool];
  const bytes = given?.bytes ?? corpus.bytes;
  const coverage = given ? { files: given.files, bytes: given.bytes } : {};
  /** @type {import('./measure.mjs').RunResult[]} */
  const runs = [];
  /** @type {Counted | undefined} */
  let counted;
  const where = `${tool} on ${corpus.name} with ${glossaryName}`;
  while (runs.length < REPEATS) {
    const { run, counted: found } = await runCounted(cmd, corpus.path, timeoutMs, where);
    if (run.timedOut) {
      log(`  ${where}: stopped after ${(run.wallMs / 1000).toFixed(0)} s`);
      const note = `stopped after ${(timeoutMs / 1000).toFixed(0)} s: wall time is a lower bound, findings not counted`;
      return {
        corpus: corpus.name,
        glossary: glossaryName,
        tool,
        runs: 1,
        wallMs: run.wallMs,
        mbPerSec: bytes / 1e6 / (run.wallMs / 1000),
        timedOut: true,
        plausible: true,
        note,
        ...coverage,
      };
    }
    counted ??= found;
    runs.push(run);
    log(`  ${where}: ${(run.wallMs / 1000).toFixed(2)} s, ${run.peakRssMb?.toFixed(0) ?? '?'} MB, exit ${run.exitCode}, ${counted?.total} findings`);
    if (run.wallMs >= REPEAT_BELOW_MS) break;
  }
  // The first run has counted the findings (or returned or thrown).
  const found = /** @type {Counted} */ (counted);
  const wallMs = median(runs.map((r) => r.wallMs));
  const rss = runs.map((r) => r.peakRssMb).filter((v) => v !== undefined);
  const exitCode = runs[0].exitCode;
  const relevant = relevantFindings(tool, found);
  const problems = [];
  if (exitCode !== 0 && exitCode !== 1) problems.push(`exit ${exitCode}: ${run0Line(runs[0].stderr)}`);
  /** @type {number | undefined} */
  let expected;
  if (checkExpected) {
    expected = expectedFindings(tool, corpus.injected[glossaryName === 'g100k' ? 'g10k' : glossaryName]);
    if (found.total === 0) problems.push('no findings');
    else if (relevant < 0.8 * expected) problems.push(`found ${relevant} of ${expected} injected`);
    // termlens should report the injected mistakes and little else: many more means false positives.
    else if (tool === 'termlens' && relevant > 1.5 * expected) problems.push(`found ${relevant}, far more than the ${expected} injected`);
  }
  return {
    corpus: corpus.name,
    glossary: glossaryName,
    tool,
    runs: runs.length,
    wallMs,
    mbPerSec: bytes / 1e6 / (wallMs / 1000),
    peakRssMb: rss.length > 0 ? median(rss) : undefined,
    exitCode,
    findings: found.total,
    ...(found.byCode ? { byCode: found.byCode } : {}),
    ...(found.filesChecked !== undefined ? { filesChecked: found.filesChecked } : {}),
    relevant,
    ...(expected !== undefined ? { expected } : {}),
    plausible: problems.length === 0,
    ...(problems.length > 0 ? { note: problems.join('; ') } : {}),
    ...coverage,
  };
}

/**
 * Measures `termlens lint --cache --cache-location FILE` with a fresh cache file in a temporary
 * folder: a first run, then a second one on the unchanged tree (one pair of runs). Flagged when
 * the second run reports other findings than the first, or the first wrote no cache.
 * @param {MeasureContext} ctx
 * @param {(line: string) => void} log
 * @returns {Promise<CacheRow>}
 */
async function measureCache(ctx, log) {
  const { corpus, glossaryName } = ctx;
  const dir = mkdtempSync(path.join(tmpdir(), 'termlens-bench-cache-'));
  const cacheFile = path.join(dir, 'lint-cache');
  const timeoutMs = limitFor('termlens', ctx.timeoutMs);
  const base = { corpus: corpus.name, glossary: glossaryName };
  try {
    const cmd = {
      args: nodeArgs(ctx.entries.termlens, [
        'lint',
        '--no-progress',
        '--format',
        'json',
        '--no-config',
        ...glossaryArgs(ctx),
        '--cache',
        '--cache-location',
        cacheFile,
        '.',
      ]),
      count: countTermlens,
    };
    /** @type {MeasuredRow[]} */
    const got = [];
    for (const which of ['first', 'second']) {
      const where = `termlens --cache (${which} run) on ${corpus.name} with ${glossaryName}`;
      const { run, counted } = await runCounted(cmd, corpus.path, timeoutMs, where);
      if (run.timedOut || !counted) {
        log(`  ${where}: stopped after ${(run.wallMs / 1000).toFixed(0)} s`);
        return { ...base, plausible: false, note: `the ${which} run was stopped after ${(timeoutMs / 1000).toFixed(0)} s` };
      }
      log(`  ${where}: ${(run.wallMs / 1000).toFixed(2)} s, ${run.peakRssMb?.toFixed(0) ?? '?'} MB, exit ${run.exitCode}, ${counted.total} findings`);
      got.push({
        ...base,
        tool: 'termlens',
        runs: 1,
        wallMs: run.wallMs,
        mbPerSec: corpus.bytes / 1e6 / (run.wallMs / 1000),
        peakRssMb: run.peakRssMb,
        exitCode: run.exitCode,
        findings: counted.total,
        ...(counted.byCode ? { byCode: counted.byCode } : {}),
        plausible: run.exitCode === 0 || run.exitCode === 1,
        ...(run.exitCode === 0 || run.exitCode === 1 ? {} : { note: `exit ${run.exitCode}: ${run0Line(run.stderr)}` }),
      });
      if (which === 'first' && readdirSync(dir).length === 0) got[0] = { ...got[0], plausible: false, note: 'the first run wrote no cache file' };
    }
    const [first, second] = got;
    const codes = (/** @type {MeasuredRow} */ r) => JSON.stringify(Object.entries(r.byCode ?? {}).sort());
    const problems = [first.note, second.note].filter(Boolean);
    if (codes(first) !== codes(second)) problems.push('the second run reported other findings than the first');
    return {
      ...base,
      first,
      second,
      ratio: second.wallMs / first.wallMs,
      plausible: first.plausible && second.plausible && problems.length === 0,
      ...(problems.length > 0 ? { note: problems.join('; ') } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** @param {string} stderr */
function run0Line(stderr) {
  return stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

/**
 * What {@link benchCli} measured. `realDocs`: whether the real-world corpus was found; `cacheSupported`:
 * whether the build has `--cache` (undefined: not asked, the cache part did not run); `floor`:
 * undefined when not measured; `ran`: the parts run; `requested`: the corpora the run was asked for (lint or cache);
 * `narrowed`: whether `parts`, `corpora` or `glossaries` narrowed the run.
 * @typedef {{ rows: CliRow[], cache: CacheRow[], floor?: FloorResult, realDocs: boolean, cacheSupported?: boolean,
 *   lists: Partial<Record<GlossaryName, TermList>>, ran: CliPart[], requested: string[], narrowed: boolean, timeoutMs: number, extras: boolean }} CliResults
 */

/**
 * Runs the CLI benchmark: corpora {note-1mb, note-10mb, notes-2000, code-500} × glossaries
 * {bundled, g10k} × tools {termlens, cspell, textlint} (textlint is n/a on code), plus termlens
 * alone with g100k, and (the extras) termlens alone with the core glossary on the 2,000 notes and
 * the real-world corpus `../shared/corpus/real-docs` when it is there (bundled: all three tools,
 * textlint on its Markdown only; core: termlens and cspell), findings counted but not checked.
 * Every tool sees the same term list: termlens the bundled glossary alone or only the other one
 * (`--no-bundled`), cspell a custom dictionary of every word of every form,
 * textlint-rule-terminology the forms and deprecated → preferred pairs. Configs are written to
 * `<data folder>/config/`. Then (extras) the cached second run (`--cache`, when the build has it)
 * on the 2,000 notes (g10k) and the real-world corpus (bundled), and the reading-only floor on the
 * 2,000 notes with g10k's forms (`floor.mjs`).
 * @param {{ repoRoot: string, data: Awaited<ReturnType<typeof prepareData>>, log?: (line: string) => void, timeoutMs?: number, peers?: boolean,
 *   extras?: boolean, parts?: ReadonlySet<CliPart>, corpora?: ReadonlySet<string>, glossaries?: ReadonlySet<GlossaryName>, realDocs?: string }} options
 *   `log`: a progress line per run, default none; `timeoutMs`: stop a peer's run after this long and
 *   report its wall time as a lower bound (textlint with 10,000 terms takes many minutes on the
 *   large corpora), default 60000; 0 for no limit (termlens's runs are stopped after 300 s at the
 *   least); `peers`: false to measure termlens alone (`--against`), default true; `extras`: the
 *   real-world corpus, the core glossary, the cache and the floor, default `peers`; `parts`,
 *   `corpora`, `glossaries`: measure only these (the others are left out of the results), default
 *   all; `realDocs`: the real-world corpus folder, default `../shared/corpus/real-docs` from `repoRoot`
 * @returns {Promise<CliResults & { markdown: string }>}
 */
export async function benchCli({
  repoRoot,
  data,
  log = () => {},
  timeoutMs = 60000,
  peers = true,
  extras = peers,
  parts,
  corpora,
  glossaries,
  realDocs = path.resolve(repoRoot, REAL_DOCS_RELATIVE),
}) {
  const wants = {
    part: (/** @type {CliPart} */ p) => (parts ? parts.has(p) : true) && (p === 'lint' || extras),
    corpus: (/** @type {string} */ c) => (corpora ? corpora.has(c) : true) && (c !== REAL_DOCS || extras),
    glossary: (/** @type {GlossaryName} */ g) => (glossaries ? glossaries.has(g) : true) && (g !== 'core' || extras),
  };
  const entries = {
    termlens: path.join(repoRoot, 'bin', 'termlens.js'),
    cspell: peers ? binEntry('cspell', repoRoot) : '',
    textlint: peers ? binEntry('textlint', repoRoot) : '',
  };
  const configDir = path.join(path.dirname(path.dirname(data.glossaries.g10k)), 'config');
  const coreFiles = extras ? coreGlossaryFiles(repoRoot) : [];
  /** @type {Record<GlossaryName, string[]>} */
  const files = { bundled: [data.glossaries.bundled], core: coreFiles, g10k: [data.glossaries.g10k], g100k: [data.glossaries.g100k] };
  /** @type {Partial<Record<GlossaryName, TermList>>} */
  const lists = {
    bundled: termList(files.bundled),
    g10k: termList(files.g10k),
    g100k: termList(files.g100k),
    ...(extras ? { core: termList(coreFiles) } : {}),
  };
  /** @type {Partial<Record<GlossaryName, Configs>>} */
  const configs = {};
  if (peers) {
    for (const g of /** @type {const} */ (['bundled', 'g10k', 'core'])) {
      const list = lists[g];
      if (list) configs[g] = writeConfigs(configDir, g, list);
    }
  }
  const haveRealDocs = existsSync(realDocs);
  const real =
    extras && haveRealDocs && wants.corpus(REAL_DOCS) && (wants.part('lint') || wants.part('cache')) ? realCorpus(realDocs, repoRoot, configDir) : undefined;
  if (real) log(`${REAL_DOCS}: ${real.files} files, ${(real.bytes / 1e6).toFixed(1)} MB`);
  /** @param {Corpus} corpus @param {GlossaryName} glossaryName @returns {MeasureContext} */
  const context = (corpus, glossaryName) => ({
    entries,
    configs,
    glossaryFiles: files[glossaryName],
    glossaryName,
    corpus,
    timeoutMs,
    checkExpected: !corpus.real && glossaryName !== 'core',
  });

  /** @type {CliRow[]} */
  const rows = [];
  /**
   * @param {Corpus} corpus @param {GlossaryName} glossaryName @param {readonly Tool[]} tools
   */
  const group = async (corpus, glossaryName, tools) => {
    /** @type {CliRow[]} */
    const measured = [];
    for (const tool of tools) {
      if (tool === 'textlint' && corpus.name === 'code-500') {
        measured.push({ corpus: corpus.name, glossary: glossaryName, tool, na: true, note: 'textlint lints Markdown and text only' });
        continue;
      }
      measured.push(await measureOne(tool, context(corpus, glossaryName), log));
    }
    const base = measured.find((r) => r.tool === 'termlens');
    for (const r of measured) if (!r.na && r.tool !== 'termlens' && base && !base.na) r.ratio = r.wallMs / base.wallMs;
    rows.push(...measured);
  };
  if (wants.part('lint')) {
    for (const name of Object.keys(CORPORA)) {
      if (!wants.corpus(name)) continue;
      const corpus = { name, ...data.corpora[name] };
      for (const glossaryName of /** @type {const} */ (['bundled', 'g10k', 'g100k'])) {
        if (wants.glossary(glossaryName)) await group(corpus, glossaryName, glossaryName === 'g100k' || !peers ? ['termlens'] : TOOLS);
      }
      // The core glossary as a glossary size of its own; the injected mistakes are the bundled and generated glossaries'.
      if (name === 'notes-2000' && wants.glossary('core')) await group(corpus, 'core', ['termlens']);
    }
    if (real) {
      if (wants.glossary('bundled')) await group(real, 'bundled', peers ? TOOLS : ['termlens']);
      if (wants.glossary('core')) await group(real, 'core', peers ? ['termlens', 'cspell'] : ['termlens']);
    }
  }

  /** @type {CacheRow[]} */
  const cache = [];
  /** @type {boolean | undefined} */
  let cacheSupported;
  if (wants.part('cache')) {
    cacheSupported = supportsCache(entries.termlens);
    /** @type {Array<[Corpus | undefined, GlossaryName, string]>} */
    const targets = [];
    if (wants.corpus('notes-2000')) targets.push([{ name: 'notes-2000', ...data.corpora['notes-2000'] }, 'g10k', '']);
    if (wants.corpus(REAL_DOCS)) targets.push([real, 'bundled', haveRealDocs ? '' : `skipped: ${REAL_DOCS_RELATIVE} not found`]);
    for (const [corpus, glossaryName, skipped] of targets) {
      const name = corpus?.name ?? REAL_DOCS;
      if (skipped || !corpus) cache.push({ corpus: name, glossary: glossaryName, skipped, plausible: true });
      else if (!cacheSupported) cache.push({ corpus: name, glossary: glossaryName, skipped: 'skipped: this build has no --cache', plausible: true });
      else cache.push(await measureCache(context(corpus, glossaryName), log));
    }
  }

  /** @type {FloorResult | undefined} */
  let floor;
  if (wants.part('floor') && wants.corpus('notes-2000')) {
    floor = measureFloor({ dir: data.corpora['notes-2000'].path, glossaryFile: data.glossaries.g10k });
    log(`floor: tokenize + trie-match ${(floor.bytes / 1e6).toFixed(1)} MB at ${floor.mbPerSec.toFixed(1)} MB/s (${floor.matchMs.toFixed(0)} ms)`);
  }

  /** @type {CliResults} */
  const results = {
    rows,
    cache,
    ...(floor ? { floor } : {}),
    realDocs: haveRealDocs,
    ...(cacheSupported !== undefined ? { cacheSupported } : {}),
    lists,
    ran: CLI_PARTS.filter((p) => wants.part(p)),
    requested: CORPUS_NAMES.filter((c) => wants.corpus(c) && (wants.part('lint') || wants.part('cache'))),
    narrowed: parts !== undefined || corpora !== undefined || glossaries !== undefined,
    timeoutMs,
    extras,
  };
  return { ...results, markdown: renderMarkdown(results, data, real) };
}

const fmt = {
  /** Seconds from ms. @param {number} ms */
  s: (ms) => (ms / 1000).toFixed(2),
  /** @param {number | undefined} v @param {number} [d] decimals, default 1 */
  n: (v, d = 1) => (v === undefined ? '?' : v.toFixed(d)),
  /** @param {number} v */
  int: (v) => v.toLocaleString('en'),
};

/** Why a CLI target can be missed and what would close it: printed after the targets when one of the first targets is missed. */
const CLI_MISS_WHY =
  'Why a miss of the ratio targets, from profiles (`node --cpu-prof`, one thread, 2,000 notes with g10k): of 5.9 s, parsing takes 4.4 s (the Markdown block scan 0.8 s, tokenizing, trie matching and near-miss lookups 1.9 s) and building diagnostics 1.4 s; garbage collection, 1.0 to 1.5 s of it before per-chunk memos moved out of WeakMaps, is now about 0.3 s of scavenges (`--trace-gc-nvp`). ' +
  'On two cores termlens lints on two threads, each with its own copy of the glossary, and the collector then has no spare core. cspell also reads every word, so the ratio is bound by how much cheaper our per-word work is. ' +
  'What would close it: packed tokens and a packed glossary shared between threads (each thread parses and compiles its own copy), and skipping the near-miss lookup for words of the English word list.';

/** Why the real-world corpus is slower per byte, from profiles. */
const REAL_DOCS_WHY =
  'Profiled (`node --cpu-prof`, one thread): about half the time waits on remark for the Markdown chunks the fast path declines. They are 17 % of the Markdown bytes (`node bench/markdown-decline.mjs`: paragraphs a line interrupts or that are indented 0.20 MB, emphasis the fast path cannot prove 0.20 MB, lists 0.14 MB, brackets 0.13 MB, escapes 0.09 MB), which remark reads at about 0.4 MB/s against over 10 MB/s on the fast path. ' +
  "Taking those shapes on the fast path too, proven against remark on every chunk of the corpus as the shapes taken so far are, and scanning a file's chunks on both cores, would close most of it.";

/** Why one large note is no faster than cspell. */
const LARGE_NOTE_WHY =
  "One file is linted on one thread: profiled in process, parsing the 10 MB note takes 3.1 s (the trie walk alone 1.0 s) with 2.4 s of garbage collection in the run, and its diagnostics 0.6 s. Scanning a large file's chunks on several threads (they are independent once the definitions are known) and packed tokens would close it.";

/** Why the cached second run costs what it does. */
const CACHE_WHY =
  'Profiled (`node --cpu-prof`, 2,000 notes): an unchanged file is now told by its size and time and not read, and the glossary is not parsed; what is left is Node starting and compiling the CLI bundle (about 0.25 s), reading and checking the 4.3 MB cache file (about 0.15 s), listing the tree and printing the JSON. A smaller cache file (findings stored compactly, not as LSP diagnostics) and a start-up snapshot would close it.';

/**
 * The findings cell: the total, and per code for termlens.
 * @param {MeasuredRow} r
 */
function findingsCell(r) {
  const codes = r.byCode
    ? ` (${Object.entries(r.byCode)
        .sort()
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`
    : '';
  return `${r.findings}${codes}`;
}

/** @param {MeasuredRow} r */
const checkCell = (r) => (r.timedOut ? (r.note ?? '') : r.plausible ? 'ok' : `**implausible**: ${r.note}`);

/**
 * The RESULTS.md section: corpora, a table per glossary, the real-world corpus, the cached second
 * run, the floor, and the targets.
 * @param {CliResults} results
 * @param {BenchData} data
 * @param {Corpus | undefined} real the real-world corpus as measured, if it was
 * @returns {string}
 */
function renderMarkdown({ rows, cache, floor, realDocs, lists, ran, requested, narrowed, timeoutMs, extras }, data, real) {
  /** @type {string[]} */
  const out = [];
  out.push('## CLI: termlens vs cspell vs textlint');
  out.push('');
  out.push(
    `Node ${process.version}, ${availableParallelism()} cores. Each tool runs as \`node --require bench/lib/rss-hook.cjs <entry>\` in the corpus folder ` +
      '(peak RSS = `process.resourceUsage().maxRSS`, worker threads included). Wall time is the median of 3 runs when a run takes under 5 s, ' +
      "else a single run (runs column). MB/s = corpus bytes (10^6) per second of wall time; ×termlens = the peer's wall time / termlens's. " +
      (timeoutMs > 0
        ? `A run of cspell or textlint still going after ${timeoutMs / 1000} s is stopped (one of termlens after ${limitFor('termlens', timeoutMs) / 1000} s): its wall time (">") and ratio ("≥") are lower bounds.`
        : 'No run was stopped early.'),
  );
  out.push('');
  out.push(
    'termlens: `lint --no-progress --format json --no-config` (default jobs; the bundled glossary alone, or only the other one with `--no-bundled --glossary FILE`, ' +
      'a `--glossary` per file of the core glossary). ' +
      'cspell: `lint --no-progress --no-summary`, language en plus a custom dictionary of every word of every form. ' +
      'textlint: textlint-rule-terminology with `defaultTerms: false`, the preferred terms as exact spellings and `[deprecated, preferred]` pairs (from a JSON file for the generated glossaries); `--format json`; Markdown only.',
  );
  out.push('');
  out.push(
    'Expected findings are the injected mistakes each tool can see: termlens misspelled terms, deprecated forms and lower-cased proper names (codes term.misspelled + term.deprecated + term.variant); ' +
      "cspell the misspelled words; textlint the deprecated forms and case variants. The corpora also use the other glossary's terms, so cspell reports their unknown words too. " +
      'A row is flagged when a tool reports nothing, exits with an error, or finds fewer than 80% of what it should (termlens also: more than 150%). ' +
      'The mistakes are injected for the bundled and generated glossaries only: with the core glossary, and on the real documents, findings are counted, not checked (a row is flagged only when a tool exits with an error).',
  );
  out.push('');
  out.push('| corpus | files | MB | injected (bundled: misspelled/deprecated/case) | injected (g10k) |');
  out.push('|---|---:|---:|---|---|');
  for (const [name, c] of Object.entries(data.corpora)) {
    const inj = (/** @type {string} */ g) => (c.injected[g] ? `${c.injected[g].misspelled}/${c.injected[g].deprecated}/${c.injected[g].caseVariant}` : '-');
    out.push(`| ${name} | ${c.files} | ${fmt.n(c.bytes / 1e6)} | ${inj('bundled')} | ${inj('g10k')} |`);
  }
  const sizes = (/** @type {GlossaryName} */ g) => {
    const l = lists[g];
    return l ? `${fmt.int(l.concepts)} concepts, ${fmt.int(l.forms)} forms` : '';
  };
  const titles = {
    bundled: `Bundled glossary (${lists.bundled?.concepts} concepts, ${lists.bundled?.forms} forms)`,
    g10k: `Generated glossary g10k (${sizes('g10k')})`,
    g100k: `Generated glossary g100k (${sizes('g100k')}; termlens only; expected = g10k's injected mistakes, its first 10,000 concepts)`,
    core: `Core glossary, glossary/core/*.yaml (${sizes('core')}; termlens only; findings not checked)`,
  };
  const generated = rows.filter((r) => r.corpus !== REAL_DOCS);
  for (const g of /** @type {const} */ (['bundled', 'g10k', 'g100k', 'core'])) {
    const group = generated.filter((x) => x.glossary === g);
    if (group.length === 0) continue;
    out.push('');
    out.push(`### ${titles[g]}`);
    out.push('');
    out.push('| corpus | tool | wall s | runs | MB/s | peak RSS MB | exit | findings | relevant / expected | ×termlens | check |');
    out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of group) {
      if (r.na) {
        out.push(`| ${r.corpus} | ${r.tool} | n/a | | | | | | | | ${r.note} |`);
        continue;
      }
      if (r.timedOut) {
        out.push(
          `| ${r.corpus} | ${r.tool} | > ${fmt.s(r.wallMs)} | 1 | < ${fmt.n(r.mbPerSec, 2)} | | | | | ${r.ratio === undefined ? '' : `≥ ${r.ratio.toFixed(1)}×`} | ${r.note} |`,
        );
        continue;
      }
      out.push(
        `| ${r.corpus} | ${r.tool} | ${fmt.s(r.wallMs)} | ${r.runs} | ${fmt.n(r.mbPerSec, 2)} | ${fmt.n(r.peakRssMb, 0)} | ${r.exitCode} | ${findingsCell(r)} | ${r.relevant} / ${r.expected ?? 'n/a'} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(1)}×`} | ${checkCell(r)} |`,
      );
    }
  }

  const realRows = rows.filter((r) => r.corpus === REAL_DOCS);
  if (realRows.length > 0 || (!realDocs && requested.includes(REAL_DOCS) && ran.includes('lint'))) {
    out.push('');
    out.push(`### Real documents (\`${REAL_DOCS_RELATIVE}\`)`);
    out.push('');
    if (!realDocs) out.push(`skipped: ${REAL_DOCS_RELATIVE} not found`);
    else if (real?.real) {
      const r = real.real;
      const kinds = Object.entries(r.byKind)
        .map(([k, c]) => `${fmt.int(c.files)} ${k} (${fmt.n(c.bytes / 1e6)} MB)`)
        .join(', ');
      out.push(
        `Public finance, trading, DeFi and quant documents and code, unmodified: ${fmt.int(real.files)} files that \`termlens lint .\` reads (${fmt.n(real.bytes / 1e6)} MB: ${kinds}). ` +
          'termlens gets the folder; cspell the same files (`--file-list`, and without `--no-summary`: its "files checked" is in brackets when it differs); ' +
          `textlint their Markdown files only (${fmt.int(r.coverage.textlint.files)} files, ${fmt.n(r.coverage.textlint.bytes / 1e6)} MB: its Markdown plugin does not read MDX, notebooks or code). ` +
          "MB/s is each tool's own bytes per second; ×termlens compares wall times, so textlint's ratio is for less text than termlens's. " +
          "Nothing is injected here: the findings are what each tool says about real writing (cspell's include every word its English dictionary lacks).",
      );
      out.push('');
      out.push('| glossary | tool | files | MB | wall s | runs | MB/s | peak RSS MB | exit | findings | ×termlens | check |');
      out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
      for (const x of realRows) {
        if (x.na) continue;
        const label = x.glossary === 'core' ? `core (${sizes('core')})` : `bundled (${sizes('bundled')})`;
        const files = `${fmt.int(x.files ?? 0)}${x.filesChecked !== undefined && x.filesChecked !== x.files ? ` (${fmt.int(x.filesChecked)} checked)` : ''}`;
        const head = `| ${label} | ${x.tool} | ${files} | ${fmt.n((x.bytes ?? 0) / 1e6)} |`;
        if (x.timedOut) {
          out.push(
            `${head} > ${fmt.s(x.wallMs)} | 1 | < ${fmt.n(x.mbPerSec, 2)} | | | | ${x.ratio === undefined ? '' : `≥ ${x.ratio.toFixed(1)}×`} | ${x.note} |`,
          );
          continue;
        }
        out.push(
          `${head} ${fmt.s(x.wallMs)} | ${x.runs} | ${fmt.n(x.mbPerSec, 2)} | ${fmt.n(x.peakRssMb, 0)} | ${x.exitCode} | ${findingsCell(x)} | ${x.ratio === undefined ? '' : `${x.ratio.toFixed(1)}×`} | ${checkCell(x)} |`,
        );
      }
    }
  }

  if (cache.length > 0) {
    out.push('');
    out.push('### Cached second run (`termlens lint --cache`)');
    out.push('');
    out.push(
      'The same termlens command with `--cache --cache-location FILE`, FILE in a fresh temporary folder: a first run that writes the cache, then a second run on the unchanged tree ' +
        '(one pair of runs). second / first = the second wall time / the first. Flagged when the second run reports other findings than the first, or the first wrote no cache.',
    );
    out.push('');
    out.push('| corpus | glossary | first run s | second run s | second / first | peak RSS MB (first / second) | findings (first / second) | check |');
    out.push('|---|---|---:|---:|---:|---:|---:|---|');
    for (const c of cache) {
      if (!c.first || !c.second || c.ratio === undefined) {
        out.push(`| ${c.corpus} | ${c.glossary} | | | | | | ${c.skipped ?? `**implausible**: ${c.note}`} |`);
        continue;
      }
      out.push(
        `| ${c.corpus} | ${c.glossary} | ${fmt.s(c.first.wallMs)} | ${fmt.s(c.second.wallMs)} | ${(c.ratio * 100).toFixed(1)} % | ${fmt.n(c.first.peakRssMb, 0)} / ${fmt.n(c.second.peakRssMb, 0)} | ${c.first.findings} / ${c.second.findings} | ${c.plausible ? 'ok' : `**implausible**: ${c.note}`} |`,
      );
    }
  }

  if (floor) {
    out.push('');
    out.push('### Reading-only floor');
    out.push('');
    out.push(
      `In the bench's own Node process, on one thread (\`bench/lib/floor.mjs\`): tokenize every word of the ${fmt.int(floor.files)} notes of notes-2000 ` +
        `(${fmt.n(floor.bytes / 1e6)} MB already in memory, ${fmt.int(floor.words)} words) and walk a word trie of g10k's ${fmt.int(floor.forms)} forms from every word, ` +
        `nothing else (no Markdown parsing, near-miss lookup or diagnostics): **${fmt.n(floor.mbPerSec)} MB/s** (median of ${floor.passes} passes after a warm-up one, ${floor.matchMs.toFixed(0)} ms; ` +
        `${fmt.int(floor.matches)} word positions start a form). Reading the files first took ${floor.readMs.toFixed(0)} ms more: ${fmt.n(floor.withReadMbPerSec)} MB/s with reading. ` +
        'A term linter that reads every word cannot beat this on one thread; the 10 MB/s throughput target below is meant as about half of such a floor.',
    );
  }

  out.push('');
  out.push('### Targets');
  out.push('');
  /** @param {string} corpus @param {GlossaryName} glossary @param {Tool} tool */
  const find = (corpus, glossary, tool) => rows.find((r) => r.corpus === corpus && r.glossary === glossary && r.tool === tool);
  /**
   * Why a target has no figure, or undefined to leave its line out (a narrowed run that did not measure it).
   * @param {string} corpus @param {CliPart} [part] the part that measures it, default lint
   */
  const absent = (corpus, part = 'lint') =>
    narrowed && (!requested.includes(corpus) || !ran.includes(part))
      ? undefined
      : corpus === REAL_DOCS && !realDocs
        ? `skipped: ${REAL_DOCS_RELATIVE} not found`
        : narrowed
          ? undefined
          : 'not measured';
  let firstMissed = false;
  /**
   * A speed target against the peers.
   * @param {string} label @param {string} corpus @param {GlossaryName} glossary @param {number} factor how many times faster termlens must be
   * @param {readonly Tool[]} [peerTools] default cspell and textlint
   * @param {string} [why] appended to a miss; the first targets' misses are explained together below them instead
   */
  const target = (label, corpus, glossary, factor, peerTools = ['cspell', 'textlint'], why) => {
    const base = find(corpus, glossary, 'termlens');
    for (const peer of peerTools) {
      const r = find(corpus, glossary, peer);
      if (!base || base.na || !r || r.na) {
        const reason = absent(corpus);
        if (reason && !(r?.na && peer === 'textlint')) out.push(`- ${label} vs ${peer}: ${reason}`);
        continue;
      }
      const ratio = r.wallMs / base.wallMs;
      const at = r.timedOut ? '≥ ' : '';
      const verdict =
        ratio >= factor
          ? `**met**: ${at}${ratio.toFixed(1)}× (termlens ${fmt.s(base.wallMs)} s, ${peer} ${r.timedOut ? '> ' : ''}${fmt.s(r.wallMs)} s)`
          : r.timedOut
            ? `**undecided**: ≥ ${ratio.toFixed(2)}× so far (${peer} stopped after ${fmt.s(r.wallMs)} s; rerun with a longer time limit)`
            : `**missed**: ${ratio.toFixed(2)}× of the ${factor}× needed (termlens ${fmt.s(base.wallMs)} s; would need ≤ ${fmt.s(r.wallMs / factor)} s against ${peer}'s ${fmt.s(r.wallMs)} s)`;
      const missed = ratio < factor && !r.timedOut;
      if (missed && !why) firstMissed = true;
      out.push(`- ${label} vs ${peer}: ${verdict}${missed && why ? ` ${why}` : ''}`);
    }
  };
  target('2,000 notes, g10k, ≥ 5× faster', 'notes-2000', 'g10k', 5);
  target('10 MB note, g10k, faster', 'note-10mb', 'g10k', 1);
  target('10 MB note, bundled, faster', 'note-10mb', 'bundled', 1);
  target('2,000 notes, g10k, ≥ 8× faster', 'notes-2000', 'g10k', 8, ['cspell']);
  if (extras) target('real documents, bundled, ≥ 5× faster', REAL_DOCS, 'bundled', 5, ['cspell'], REAL_DOCS_WHY);
  target('10 MB note, g10k, ≥ 3× faster', 'note-10mb', 'g10k', 3, ['cspell'], LARGE_NOTE_WHY);
  target('10 MB note, bundled, ≥ 3× faster', 'note-10mb', 'bundled', 3, ['cspell'], LARGE_NOTE_WHY);
  {
    const limit = 10;
    const r = find('notes-2000', 'g10k', 'termlens');
    const ref = floor
      ? `; the floor in this run is ${fmt.n(floor.mbPerSec)} MB/s, half of it ${fmt.n(floor.mbPerSec / 2)} MB/s`
      : extras && !narrowed
        ? '; the floor was not measured'
        : '';
    const label = `2,000 notes, g10k, throughput ≥ ${limit} MB/s`;
    if (!r || r.na) {
      const reason = absent('notes-2000');
      if (reason) out.push(`- ${label}: ${reason}`);
    } else if (r.timedOut) {
      firstMissed = true;
      out.push(`- ${label}: **missed**: < ${fmt.n(r.mbPerSec, 2)} MB/s (stopped after ${fmt.s(r.wallMs)} s)${ref} (why: below)`);
    } else if (r.mbPerSec >= limit) out.push(`- ${label}: **met**: ${fmt.n(r.mbPerSec, 2)} MB/s (termlens ${fmt.s(r.wallMs)} s)${ref}`);
    else {
      const needMs = (r.mbPerSec / limit) * r.wallMs;
      firstMissed = true;
      out.push(
        `- ${label}: **missed**: ${fmt.n(r.mbPerSec, 2)} MB/s, ${(r.mbPerSec / limit).toFixed(2)}× of the ${limit} MB/s needed (termlens ${fmt.s(r.wallMs)} s; would need ≤ ${fmt.s(needMs)} s)${ref}. Why: see below.`,
      );
    }
  }
  if (extras) {
    for (const [corpus, glossary] of /** @type {Array<[string, GlossaryName]>} */ ([
      ['notes-2000', 'g10k'],
      [REAL_DOCS, 'bundled'],
    ])) {
      const label = `cached second run on an unchanged tree < 10 % of the first, ${corpus === REAL_DOCS ? 'real documents' : '2,000 notes'}, ${glossary}`;
      const c = cache.find((x) => x.corpus === corpus);
      if (!c) {
        const reason = absent(corpus, 'cache');
        if (reason) out.push(`- ${label}: ${reason}`);
      } else if (c.skipped) out.push(`- ${label}: ${c.skipped}`);
      else if (!c.first || !c.second || c.ratio === undefined) out.push(`- ${label}: not measured (${c.note})`);
      else if (c.ratio < 0.1)
        out.push(
          `- ${label}: **met**: ${(c.ratio * 100).toFixed(1)} % (${fmt.s(c.second.wallMs)} s of ${fmt.s(c.first.wallMs)} s)${c.plausible ? '' : `, but ${c.note}`}`,
        );
      else
        out.push(
          `- ${label}: **missed**: ${(c.ratio * 100).toFixed(1)} % of the first (${fmt.s(c.second.wallMs)} s of ${fmt.s(c.first.wallMs)} s; would need < ${fmt.s(c.first.wallMs * 0.1)} s). ${CACHE_WHY}`,
        );
    }
  }
  if (firstMissed) {
    out.push('');
    out.push(CLI_MISS_WHY);
  }
  const implausible = rows.filter((r) => !r.na && !r.timedOut && !r.plausible).length + cache.filter((c) => !c.skipped && !c.plausible).length;
  out.push('');
  out.push(
    implausible === 0
      ? 'Plausibility: every run found what it should (where findings are not checked: no tool exited with an error).'
      : `Plausibility: ${implausible} flagged row(s) above.`,
  );
  return out.join('\n') + '\n';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const log = (/** @type {string} */ line) => process.stderr.write(line + '\n');
  const data = await prepareData(path.join(repoRoot, 'bench', '.data'), { log });
  const limit = process.env.BENCH_CLI_TIMEOUT_S;
  const { markdown } = await benchCli({ repoRoot, data, log, ...(limit === undefined ? {} : { timeoutMs: Number(limit) * 1000 }) });
  process.stdout.write(markdown);
}
