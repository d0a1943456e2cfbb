/**
 * The CLI half of `npm run bench`: `termlens lint` against cspell and textlint +
 * textlint-rule-terminology, all configured with the same term list, on the generated corpora.
 * Run directly (`node bench/lib/cli.mjs`) it prepares the data and prints the Markdown section.
 */

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareData } from './generate.mjs';
import { nodeArgs, runTool } from './measure.mjs';

const require = createRequire(import.meta.url);

/** @typedef {import('./generate.mjs').BenchData} BenchData */
/** @typedef {import('./generate.mjs').CorpusInfo} CorpusInfo */
/** @typedef {import('./generate.mjs').Injected} Injected */
/** @typedef {import('../../server/src/core/glossary/format.js').GlossaryFile} GlossaryFile */
/** @typedef {'termlens' | 'cspell' | 'textlint'} Tool */
/** @typedef {'bundled' | 'g10k' | 'g100k'} GlossaryName */

/**
 * One glossary's term list as every tool gets it (see {@link termList}).
 * @typedef {{ concepts: number, forms: number, words: string[], terms: Array<string | [string, string]> }} TermList
 */

/** The config files of cspell and textlint for one term list. @typedef {{ cspell: string, textlint: string }} Configs */

/** What a run found: in total, and (termlens) per diagnostic code. @typedef {{ total: number, byCode?: Record<string, number> }} Counted */

/**
 * What one measurement needs (see {@link benchCli}).
 * @typedef {{ entries: Readonly<Record<Tool, string>>, configs: Readonly<Partial<Record<GlossaryName, Configs>>>, glossaryFile: string,
 *   glossaryName: GlossaryName, corpus: CorpusInfo & { name: string }, timeoutMs: number }} MeasureContext
 */

/**
 * Corpora in table order, with the globs cspell and textlint are given (termlens gets the folder).
 * @type {Readonly<Record<string, { globs: string[], label: string }>>}
 */
const CORPORA = {
  'note-1mb': { globs: ['**/*.md'], label: '1 MB note' },
  'note-10mb': { globs: ['**/*.md'], label: '10 MB note' },
  'notes-2000': { globs: ['**/*.md'], label: '2,000 notes' },
  'code-500': { globs: ['**/*.py', '**/*.ts'], label: '500 code files' },
};
/** @type {readonly Tool[]} */
const TOOLS = ['termlens', 'cspell', 'textlint'];
/** Runs shorter than this are repeated and the median taken. */
const REPEAT_BELOW_MS = 5000;
const REPEATS = 3;

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
 * The same term list for every tool, from one glossary file: its forms, the words of every form
 * (cspell's custom dictionary) and textlint-rule-terminology's terms (preferred terms as exact
 * spellings, `[deprecated form, preferred term]` pairs; the rule has no notion of admitted variants).
 * @param {string} file
 * @returns {TermList}
 */
function termList(file) {
  /** @type {GlossaryFile} */
  const glossary = JSON.parse(readFileSync(file, 'utf8'));
  /** @type {Set<string>} */
  const words = new Set();
  /** @type {Set<string>} */
  const plain = new Set();
  /** @type {Array<[string, string]>} */
  const pairs = [];
  let forms = 0;
  for (const c of glossary.concepts) {
    const admitted = [c.term, ...(c.aliases ?? []).map(formText), ...(c.abbreviations ?? []).map(formText)];
    const wrong = [...(c.deprecated ?? []), ...(c.forbidden ?? [])].map(formText);
    forms += admitted.length + wrong.length;
    for (const f of [...admitted, ...wrong]) for (const w of f.split(/[^A-Za-z0-9']+/)) if (/[A-Za-z]/.test(w)) words.add(w);
    // The rule puts exact spellings into a regular expression unescaped: keep only plain ones.
    if (/^[A-Za-z0-9 -]+$/.test(c.term)) plain.add(c.term);
    for (const f of wrong) pairs.push([escapeRegExp(f).replace(/[ -]/g, '[ -]'), c.term]);
  }
  return { concepts: glossary.concepts.length, forms, words: [...words].sort(), terms: [...plain, ...pairs] };
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
 * The command line of one tool on one corpus, and how to count its findings.
 * `findingsExit`: exit codes that mean "ran fine" (0 clean, 1 findings).
 * @param {Tool} tool
 * @param {MeasureContext} ctx
 * @returns {{ args: string[], count: (stdout: string) => Counted }}
 */
function command(tool, { entries, configs, glossaryFile, glossaryName, corpus }) {
  const globs = CORPORA[corpus.name].globs;
  if (tool === 'termlens') {
    const glossaryArgs = glossaryName === 'bundled' ? [] : ['--no-bundled', '--glossary', glossaryFile];
    return {
      args: nodeArgs(entries.termlens, ['lint', '--no-progress', '--format', 'json', '--no-config', ...glossaryArgs, '.']),
      count(stdout) {
        /** @type {Record<string, number>} */
        const byCode = {};
        // The fields used of `--format json` (JsonFileResult in server/src/cli/format/json.ts, not imported here:
        // it would pull most of the server into this type check).
        /** @type {Array<{ messages: Array<{ code: string }> }>} */
        const files = JSON.parse(stdout);
        for (const file of files) for (const m of file.messages) byCode[m.code] = (byCode[m.code] ?? 0) + 1;
        const total = Object.values(byCode).reduce((a, b) => a + b, 0);
        return { total, byCode };
      },
    };
  }
  const config = configs[glossaryName];
  if (!config) throw new Error(`bench: no ${tool} config for the ${glossaryName} glossary`);
  if (tool === 'cspell') {
    return {
      args: nodeArgs(entries.cspell, ['lint', '--config', config.cspell, '--no-config-search', '--no-progress', '--no-summary', '--no-color', ...globs]),
      count(stdout) {
        return { total: stdout.split('\n').filter((line) => / - Unknown word \(/.test(line)).length };
      },
    };
  }
  return {
    args: nodeArgs(entries.textlint, ['--config', config.textlint, '--format', 'json', '--no-color', ...globs]),
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
 * A measured tool; a run stopped at the time limit (`timedOut`) has no findings.
 * @typedef {{ corpus: string, glossary: GlossaryName, tool: Tool, na?: undefined, timedOut?: boolean, runs: number, wallMs: number,
 *   mbPerSec: number, peakRssMb?: number, exitCode?: number | null, findings?: number, byCode?: Record<string, number>,
 *   relevant?: number, expected?: number, ratio?: number, plausible: boolean, note?: string }} MeasuredRow
 */

/** One row of the results. @typedef {NaRow | MeasuredRow} CliRow */

/**
 * Measures one tool on one corpus with one glossary: the median of three runs when a run takes
 * under 5 s, else one run. Throws when the tool crashed (killed, or output that does not parse).
 * @param {Tool} tool
 * @param {MeasureContext} ctx
 * @param {(line: string) => void} log
 * @returns {Promise<MeasuredRow>}
 */
async function measureOne(tool, ctx, log) {
  const { corpus, glossaryName, timeoutMs } = ctx;
  const cmd = command(tool, ctx);
  /** @type {import('./measure.mjs').RunResult[]} */
  const runs = [];
  /** @type {Counted | undefined} */
  let counted;
  while (runs.length < REPEATS) {
    const run = await runTool({ cmd: process.execPath, args: cmd.args, cwd: corpus.path, env: { NO_COLOR: '1', FORCE_COLOR: '0' }, timeoutMs });
    const where = `${tool} on ${corpus.name} with ${glossaryName}`;
    if (run.timedOut) {
      log(`  ${where}: stopped after ${(run.wallMs / 1000).toFixed(0)} s`);
      const note = `stopped after ${(timeoutMs / 1000).toFixed(0)} s: wall time is a lower bound, findings not counted`;
      return {
        corpus: corpus.name,
        glossary: glossaryName,
        tool,
        runs: 1,
        wallMs: run.wallMs,
        mbPerSec: corpus.bytes / 1e6 / (run.wallMs / 1000),
        timedOut: true,
        plausible: true,
        note,
      };
    }
    if (run.signal) throw new Error(`bench: ${where} was killed by ${run.signal}\n${run.stderr.slice(-2000)}`);
    if (!counted) {
      try {
        counted = cmd.count(run.stdout);
      } catch (error) {
        throw new Error(
          `bench: ${where} crashed (exit ${run.exitCode}; ${error instanceof Error ? error.message : String(error)})\n${run.stderr.slice(-2000)}`,
        );
      }
    }
    runs.push(run);
    log(`  ${where}: ${(run.wallMs / 1000).toFixed(2)} s, ${run.peakRssMb?.toFixed(0) ?? '?'} MB, exit ${run.exitCode}, ${counted.total} findings`);
    if (run.wallMs >= REPEAT_BELOW_MS) break;
  }
  // The first run has counted the findings (or returned or thrown).
  const found = /** @type {Counted} */ (counted);
  const wallMs = median(runs.map((r) => r.wallMs));
  const rss = runs.map((r) => r.peakRssMb).filter((v) => v !== undefined);
  const exitCode = runs[0].exitCode;
  const expected = expectedFindings(tool, corpus.injected[glossaryName === 'g100k' ? 'g10k' : glossaryName]);
  const relevant = relevantFindings(tool, found);
  const problems = [];
  if (exitCode !== 0 && exitCode !== 1) problems.push(`exit ${exitCode}: ${run0Line(runs[0].stderr)}`);
  if (found.total === 0) problems.push('no findings');
  else if (relevant < 0.8 * expected) problems.push(`found ${relevant} of ${expected} injected`);
  // termlens should report the injected mistakes and little else: many more means false positives.
  else if (tool === 'termlens' && relevant > 1.5 * expected) problems.push(`found ${relevant}, far more than the ${expected} injected`);
  return {
    corpus: corpus.name,
    glossary: glossaryName,
    tool,
    runs: runs.length,
    wallMs,
    mbPerSec: corpus.bytes / 1e6 / (wallMs / 1000),
    peakRssMb: rss.length > 0 ? median(rss) : undefined,
    exitCode,
    findings: found.total,
    ...(found.byCode ? { byCode: found.byCode } : {}),
    relevant,
    expected,
    plausible: problems.length === 0,
    ...(problems.length > 0 ? { note: problems.join('; ') } : {}),
  };
}

/** @param {string} stderr */
function run0Line(stderr) {
  return stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
}

/**
 * Runs the CLI benchmark: corpora {note-1mb, note-10mb, notes-2000, code-500} × glossaries
 * {bundled, g10k} × tools {termlens, cspell, textlint} (textlint is n/a on code), plus termlens
 * alone with g100k. Every tool sees the same term list: termlens the bundled glossary alone or
 * only the generated one (`--no-bundled`), cspell a custom dictionary of every word of every form,
 * textlint-rule-terminology the forms and deprecated → preferred pairs. Configs are written to
 * `<data folder>/config/`.
 * @param {{ repoRoot: string, data: Awaited<ReturnType<typeof prepareData>>, log?: (line: string) => void, timeoutMs?: number, peers?: boolean }} options
 *   `log`: a progress line per run, default none; `timeoutMs`: stop a run after this long and
 *   report its wall time as a lower bound (textlint with 10,000 terms takes many minutes on the
 *   large corpora), default 60000; 0 for no limit; `peers`: false to measure termlens alone
 *   (`--against`), default true
 * @returns {Promise<{ rows: CliRow[], markdown: string }>}
 */
export async function benchCli({ repoRoot, data, log = () => {}, timeoutMs = 60000, peers = true }) {
  const entries = {
    termlens: path.join(repoRoot, 'bin', 'termlens.js'),
    cspell: peers ? binEntry('cspell', repoRoot) : '',
    textlint: peers ? binEntry('textlint', repoRoot) : '',
  };
  const configDir = path.join(path.dirname(path.dirname(data.glossaries.g10k)), 'config');
  const lists = { bundled: termList(data.glossaries.bundled), g10k: termList(data.glossaries.g10k), g100k: termList(data.glossaries.g100k) };
  const configs = peers ? { bundled: writeConfigs(configDir, 'bundled', lists.bundled), g10k: writeConfigs(configDir, 'g10k', lists.g10k) } : {};

  /** @type {CliRow[]} */
  const rows = [];
  for (const name of Object.keys(CORPORA)) {
    const corpus = { name, ...data.corpora[name] };
    for (const glossaryName of /** @type {const} */ (['bundled', 'g10k', 'g100k'])) {
      /** @type {MeasureContext} */
      const ctx = { entries, configs, glossaryFile: data.glossaries[glossaryName], glossaryName, corpus, timeoutMs };
      /** @type {CliRow[]} */
      const group = [];
      for (const tool of glossaryName === 'g100k' || !peers ? /** @type {const} */ (['termlens']) : TOOLS) {
        if (tool === 'textlint' && name === 'code-500') {
          group.push({ corpus: name, glossary: glossaryName, tool, na: true, note: 'textlint lints Markdown and text only' });
          continue;
        }
        group.push(await measureOne(tool, ctx, log));
      }
      const base = group.find((r) => r.tool === 'termlens');
      for (const r of group) if (!r.na && r.tool !== 'termlens' && base && !base.na) r.ratio = r.wallMs / base.wallMs;
      rows.push(...group);
    }
  }
  return { rows, markdown: renderMarkdown(rows, data, lists, timeoutMs) };
}

const fmt = {
  /** Seconds from ms. @param {number} ms */
  s: (ms) => (ms / 1000).toFixed(2),
  /** @param {number | undefined} v @param {number} [d] decimals, default 1 */
  n: (v, d = 1) => (v === undefined ? '?' : v.toFixed(d)),
};

/** Why a CLI target can be missed and what would close it: printed after the targets when one is missed. */
const CLI_MISS_WHY =
  'Why a miss: termlens reads every word of every note. On two cores it lints on two threads (the main one and one worker, each with its own copy of the glossary), ' +
  'and its time goes to tokenizing, trie matching and near-miss lookups for every word, to remark for the Markdown chunks the fast path declines, ' +
  "and to building each note's diagnostics; cspell also reads every word, so the ratio is bound by how much cheaper our per-word work is. " +
  'What would close it: sharing one compiled glossary between threads (a packed, transferable form instead of a copy per thread), ' +
  'letting the fast path take more chunk shapes (nested lists, escapes, dollar amounts), and skipping the near-miss lookup for words of the English word list.';

/**
 * The RESULTS.md section: corpora, a table per glossary, and the targets.
 * @param {readonly CliRow[]} rows
 * @param {BenchData} data
 * @param {Readonly<Record<GlossaryName, TermList>>} lists
 * @param {number} timeoutMs
 * @returns {string}
 */
function renderMarkdown(rows, data, lists, timeoutMs) {
  /** @type {string[]} */
  const out = [];
  out.push('## CLI: termlens vs cspell vs textlint');
  out.push('');
  out.push(
    `Node ${process.version}, ${availableParallelism()} cores. Each tool runs as \`node --require bench/lib/rss-hook.cjs <entry>\` in the corpus folder ` +
      '(peak RSS = `process.resourceUsage().maxRSS`, worker threads included). Wall time is the median of 3 runs when a run takes under 5 s, ' +
      "else a single run (runs column). MB/s = corpus bytes (10^6) per second of wall time; ×termlens = the peer's wall time / termlens's. " +
      (timeoutMs > 0
        ? `A run still going after ${timeoutMs / 1000} s is stopped: its wall time (">") and ratio ("≥") are lower bounds.`
        : 'No run was stopped early.'),
  );
  out.push('');
  out.push(
    'termlens: `lint --no-progress --format json --no-config` (default jobs; the bundled glossary alone, or only the generated one with `--no-bundled --glossary FILE`). ' +
      'cspell: `lint --no-progress --no-summary`, language en plus a custom dictionary of every word of every form. ' +
      'textlint: textlint-rule-terminology with `defaultTerms: false`, the preferred terms as exact spellings and `[deprecated, preferred]` pairs (from a JSON file for the generated glossaries); `--format json`; Markdown only.',
  );
  out.push('');
  out.push(
    'Expected findings are the injected mistakes each tool can see: termlens misspelled terms, deprecated forms and lower-cased proper names (codes term.misspelled + term.deprecated + term.variant); ' +
      "cspell the misspelled words; textlint the deprecated forms and case variants. The corpora also use the other glossary's terms, so cspell reports their unknown words too. " +
      'A row is flagged when a tool reports nothing, exits with an error, or finds fewer than 80% of what it should (termlens also: more than 150%).',
  );
  out.push('');
  out.push('| corpus | files | MB | injected (bundled: misspelled/deprecated/case) | injected (g10k) |');
  out.push('|---|---:|---:|---|---|');
  for (const [name, c] of Object.entries(data.corpora)) {
    const inj = (/** @type {string} */ g) => (c.injected[g] ? `${c.injected[g].misspelled}/${c.injected[g].deprecated}/${c.injected[g].caseVariant}` : '-');
    out.push(`| ${name} | ${c.files} | ${fmt.n(c.bytes / 1e6)} | ${inj('bundled')} | ${inj('g10k')} |`);
  }
  const titles = {
    bundled: `Bundled glossary (${lists.bundled.concepts} concepts, ${lists.bundled.forms} forms)`,
    g10k: `Generated glossary g10k (${lists.g10k.concepts.toLocaleString('en')} concepts, ${lists.g10k.forms.toLocaleString('en')} forms)`,
    g100k: `Generated glossary g100k (${lists.g100k.concepts.toLocaleString('en')} concepts, ${lists.g100k.forms.toLocaleString('en')} forms; termlens only; expected = g10k's injected mistakes, its first 10,000 concepts)`,
  };
  for (const g of /** @type {const} */ (['bundled', 'g10k', 'g100k'])) {
    out.push('');
    out.push(`### ${titles[g]}`);
    out.push('');
    out.push('| corpus | tool | wall s | runs | MB/s | peak RSS MB | exit | findings | relevant / expected | ×termlens | check |');
    out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const r of rows.filter((x) => x.glossary === g)) {
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
      const codes = r.byCode
        ? ` (${Object.entries(r.byCode)
            .sort()
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')})`
        : '';
      out.push(
        `| ${r.corpus} | ${r.tool} | ${fmt.s(r.wallMs)} | ${r.runs} | ${fmt.n(r.mbPerSec, 2)} | ${fmt.n(r.peakRssMb, 0)} | ${r.exitCode} | ${r.findings}${codes} | ${r.relevant} / ${r.expected} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(1)}×`} | ${r.plausible ? 'ok' : `**implausible**: ${r.note}`} |`,
      );
    }
  }
  out.push('');
  out.push('### Targets');
  out.push('');
  /** @param {string} corpus @param {GlossaryName} glossary @param {Tool} tool */
  const find = (corpus, glossary, tool) => rows.find((r) => r.corpus === corpus && r.glossary === glossary && r.tool === tool);
  /** @param {string} label @param {string} corpus @param {GlossaryName} glossary @param {number} factor how many times faster termlens must be */
  const target = (label, corpus, glossary, factor) => {
    const base = find(corpus, glossary, 'termlens');
    for (const peer of /** @type {const} */ (['cspell', 'textlint'])) {
      const r = find(corpus, glossary, peer);
      if (!base || base.na || !r || r.na) continue;
      const ratio = r.wallMs / base.wallMs;
      const at = r.timedOut ? '≥ ' : '';
      const verdict =
        ratio >= factor
          ? `**met**: ${at}${ratio.toFixed(1)}× (termlens ${fmt.s(base.wallMs)} s, ${peer} ${r.timedOut ? '> ' : ''}${fmt.s(r.wallMs)} s)`
          : r.timedOut
            ? `**undecided**: ≥ ${ratio.toFixed(2)}× so far (${peer} stopped after ${fmt.s(r.wallMs)} s; rerun with a longer time limit)`
            : `**missed**: ${ratio.toFixed(2)}× of the ${factor}× needed (termlens ${fmt.s(base.wallMs)} s; would need ≤ ${fmt.s(r.wallMs / factor)} s against ${peer}'s ${fmt.s(r.wallMs)} s)`;
      out.push(`- ${label} vs ${peer}: ${verdict}`);
    }
  };
  target('2,000 notes, g10k, ≥ 5× faster', 'notes-2000', 'g10k', 5);
  target('10 MB note, g10k, faster', 'note-10mb', 'g10k', 1);
  target('10 MB note, bundled, faster', 'note-10mb', 'bundled', 1);
  if (out.some((line) => line.includes('**missed**'))) {
    out.push('');
    out.push(CLI_MISS_WHY);
  }
  const implausible = rows.filter((r) => !r.na && !r.timedOut && !r.plausible);
  out.push('');
  out.push(implausible.length === 0 ? 'Plausibility: every run found what it should.' : `Plausibility: ${implausible.length} flagged row(s) above.`);
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
