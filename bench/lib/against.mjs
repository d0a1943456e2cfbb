/**
 * `node bench/run.mjs --against REF`: old code against new code, side by side in one run, on the
 * same data. A is a production build of git ref REF, prepared outside the repository; B is the
 * working tree's dist/ (or `--candidate REF2`, built the same way). Both run the current bench code
 * (`benchServer`, and `benchCli` without the peers) on the same generated data and, unless
 * `--own-bundled`, the same bundled glossary, alternating A and B (ABBA…) for N rounds. The
 * report gives per figure the medians of A and B, B/A, and the spread of each, so that noise is
 * visible; a figure is called slower or faster only when the ranges of A and B do not overlap.
 */

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startLanguageServer } from '../../scripts/lsp-client.mjs';
import { benchCli } from './cli.mjs';
import { benchServer } from './server.mjs';

/** @typedef {import('./generate.mjs').BenchData} BenchData */
/** @typedef {import('./server.mjs').ServerResults} ServerResults */
/** @typedef {import('./server.mjs').SkippableFigure} SkippableFigure */
/** @typedef {import('./cli.mjs').CliRow} CliRow */

/**
 * One side of the comparison: where its build is, and what it was built from.
 * @typedef {object} Build
 * @property {'A' | 'B'} label
 * @property {string} name the ref as given, or "working tree"
 * @property {string} root the folder holding its dist/, bin/ and glossary/
 * @property {string} [sha] the commit (for the working tree: HEAD)
 * @property {string} [subject] the commit's subject line
 * @property {string} [date] the commit's date (ISO)
 * @property {boolean} worktree whether it is the working tree (its dist/ as built)
 * @property {string[]} notes what the report should say about it (dependencies, build kind)
 */

/**
 * What a figure is measured with. `bundled`: the bundled glossary alone; `generated+bundled`: a
 * generated glossary beside the bundled one (the server's default); `generated`: a generated
 * glossary alone (`--no-bundled`).
 * @typedef {'bundled' | 'generated+bundled' | 'generated'} Input
 */

/**
 * One figure of one run; lower is better. `value` undefined: not measured (skipped or timed out).
 * `work`: what the run found (diagnostics, findings), to show whether A and B did the same work.
 * @typedef {{ id: string, half: 'server' | 'cli', label: string, unit: 'ms' | 's' | 'MB', input: Input, value: number | undefined, work?: string }} Figure
 */

/**
 * The options of {@link benchAgainst}.
 * @typedef {object} AgainstOptions
 * @property {string} repoRoot the repository (its git history, node_modules and working tree)
 * @property {BenchData} data the prepared benchmark data
 * @property {string} against the git ref of A
 * @property {string} [candidate] the git ref of B; default: the working tree's dist/
 * @property {'server' | 'cli'} [only] one half only; default both
 * @property {number} [rounds] rounds of A and B, default 3
 * @property {boolean} [ownBundled] give each build its own bundled glossary instead of the data's, default false
 * @property {string} [refDir] where ref builds are kept, default `$BENCH_REF_DIR` or `<tmpdir>/termlens-bench-ref`; must be outside the repository
 * @property {number} [timeoutMs] stop a CLI run after this long, default 60000; 0 for no limit
 * @property {(line: string) => void} [log] progress lines, default none
 * @property {string} [command] the command line, for the report
 */

/** Figures of a server that lacks a protocol feature (detected by {@link probeServer}), by figure group. */
const NEEDS = {
  completion: 'completion (`completionProvider`)',
  resolve: 'completion item resolve (`completionProvider.resolveProvider`)',
  edit: 'incremental edits with versioned diagnostics (`textDocumentSync` 2, `version` in `publishDiagnostics`)',
};

/**
 * @param {string} cwd
 * @param {readonly string[]} args
 * @returns {string}
 */
function git(cwd, args) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * The commit a ref names, with its subject and date; throws a one-line error for an unknown ref.
 * @param {string} repoRoot
 * @param {string} ref
 * @returns {{ sha: string, subject: string, date: string }}
 */
function resolveRef(repoRoot, ref) {
  let sha;
  try {
    sha = git(repoRoot, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new Error(`bench: ${ref} is not a commit of ${repoRoot}`);
  }
  const [subject, date] = git(repoRoot, ['log', '-1', '--format=%s%n%cI', sha]).split('\n');
  return { sha, subject, date };
}

/**
 * Whether `version` satisfies `range`, for the range forms package.json files here use: exact
 * (`1.2.3`, `1.91`), `^1.2.3` and `~1.2.3`. Prereleases match exactly only. Any other form: false
 * (the caller then installs the old dependencies instead of sharing the current ones).
 * @param {string} version
 * @param {string} range
 * @returns {boolean}
 */
export function satisfies(version, range) {
  const r = /^([~^]?)(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?$/.exec(range.trim());
  const v = /^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/.exec(version);
  if (!r || !v) return false;
  if (r[5] || v[4]) return range.trim().replace(/^[~^]/, '') === version;
  const have = [Number(v[1]), Number(v[2]), Number(v[3])];
  // Missing parts of the range are wildcards (`1.91` is 1.91.x).
  const want = [r[2], r[3], r[4]].map((p) => (p === undefined ? undefined : Number(p)));
  const given = want.filter((p) => p !== undefined).length;
  const floor = want.map((p) => p ?? 0);
  const cmp = have[0] - floor[0] || have[1] - floor[1] || have[2] - floor[2];
  if (cmp < 0) return false;
  if (r[1] === '') return have.slice(0, given).every((p, i) => p === want[i]);
  if (r[1] === '~') return have[0] === floor[0] && (given < 2 || have[1] === floor[1]);
  // Caret: the left-most non-zero part given is fixed.
  const fixed = floor[0] > 0 || given === 1 ? 1 : floor[1] > 0 || given === 2 ? 2 : 3;
  return have.slice(0, fixed).every((p, i) => p === floor[i]);
}

/**
 * Whether the old tree can be built with the current node_modules: every dependency of its
 * package.json installed here in a version its range accepts. Also lists the direct dependencies
 * whose installed version differs from the old lock file's (A then bundles the newer library).
 * @param {string} oldRoot
 * @param {string} repoRoot
 * @returns {{ ok: boolean, problems: string[], drift: string[] }}
 */
function checkDependencies(oldRoot, repoRoot) {
  /** @type {{ dependencies?: Record<string, string>, devDependencies?: Record<string, string> }} */
  const pkg = JSON.parse(readFileSync(path.join(oldRoot, 'package.json'), 'utf8'));
  const lockFile = path.join(oldRoot, 'package-lock.json');
  /** @type {{ packages?: Record<string, { version?: string }> }} */
  const lock = existsSync(lockFile) ? JSON.parse(readFileSync(lockFile, 'utf8')) : {};
  const problems = [];
  const drift = [];
  for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    const manifest = path.join(repoRoot, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) {
      problems.push(`${name} is not installed here`);
      continue;
    }
    /** @type {string} */
    const installed = JSON.parse(readFileSync(manifest, 'utf8')).version;
    if (!satisfies(installed, range)) problems.push(`${name}@${installed} does not satisfy ${range}`);
    const locked = lock.packages?.[`node_modules/${name}`]?.version;
    if (locked && locked !== installed) drift.push(`${name} ${locked} → ${installed}`);
  }
  return { ok: problems.length === 0, problems, drift };
}

/**
 * Runs a command with its output on this process's stderr; throws when it fails.
 * @param {string} cmd
 * @param {readonly string[]} args
 * @param {string} cwd
 */
function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, stdio: ['ignore', 2, 2] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`bench: \`${cmd} ${args.join(' ')}\` failed in ${cwd} (exit ${result.status ?? result.signal})`);
}

/**
 * Writes the tree of commit `sha` into `dir` (`git archive | tar -x`): no worktree is registered
 * and the repository's checkout, index and refs are left alone.
 * @param {string} repoRoot
 * @param {string} sha
 * @param {string} dir
 * @returns {Promise<void>}
 */
function extract(repoRoot, sha, dir) {
  return new Promise((resolve, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', sha], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const tar = spawn('tar', ['-x', '-f', '-', '-C', dir], { stdio: ['pipe', 'inherit', 'inherit'] });
    archive.stdout.pipe(tar.stdin);
    let pending = 2;
    /** @param {string} what */
    const done = (what) => (/** @type {number | null} */ code) => {
      if (code !== 0) reject(new Error(`bench: ${what} of ${sha} failed (exit ${code})`));
      else if (--pending === 0) resolve();
    };
    archive.on('error', reject).on('close', done('git archive'));
    tar.on('error', reject).on('close', done('tar -x'));
  });
}

/**
 * A production build of `ref` in `<refDir>/<sha>/`, made once and reused: the commit's tree,
 * node_modules shared with the repository by a symlink when the old package.json accepts the
 * installed versions (else `npm ci` there), then the commit's own `node scripts/build.mjs --production`.
 * @param {{ repoRoot: string, ref: string, label: 'A' | 'B', refDir: string, log: (line: string) => void }} options
 * @returns {Promise<Build>}
 */
async function refBuild({ repoRoot, ref, label, refDir, log }) {
  const { sha, subject, date } = resolveRef(repoRoot, ref);
  const root = path.join(refDir, sha);
  const stampFile = path.join(root, '.termlens-bench.json');
  const built = () => ['dist/server.js', 'dist/cli.js', 'bin/termlens.js'].every((f) => existsSync(path.join(root, f)));
  if (!existsSync(stampFile) || !built()) {
    log(`${label}: preparing a production build of ${ref} (${sha.slice(0, 10)}) in ${root}`);
    mkdirSync(refDir, { recursive: true });
    const staging = `${root}.partial-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging);
    try {
      await extract(repoRoot, sha, staging);
      const deps = checkDependencies(staging, repoRoot);
      if (deps.ok) symlinkSync(path.join(repoRoot, 'node_modules'), path.join(staging, 'node_modules'), 'dir');
      else {
        log(`${label}: its dependencies differ from the installed ones (${deps.problems.join('; ')}): npm ci`);
        run('npm', existsSync(path.join(staging, 'package-lock.json')) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'], staging);
      }
      run(process.execPath, ['scripts/build.mjs', '--production'], staging);
      writeFileSync(
        path.join(staging, '.termlens-bench.json'),
        JSON.stringify({ sha, builtAt: new Date().toISOString(), node: process.version, sharedNodeModules: deps.ok, ...deps }, null, 1),
      );
      rmSync(root, { recursive: true, force: true });
      renameSync(staging, root);
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw error;
    }
  }
  /** @type {{ sharedNodeModules: boolean, problems: string[], drift: string[] }} */
  const stamp = JSON.parse(readFileSync(stampFile, 'utf8'));
  const notes = [
    stamp.sharedNodeModules
      ? `built with the repository's node_modules (its package.json accepts every installed version)${
          stamp.drift.length > 0 ? `; installed versions newer than its lock file: ${stamp.drift.join(', ')}` : '; the same versions as its lock file'
        }`
      : `built with its own node_modules (\`npm ci\`: ${stamp.problems.join('; ')})`,
  ];
  return { label, name: ref, root, sha, subject, date, worktree: false, notes };
}

/**
 * The working tree as B: its dist/ as it is (`npm run bench -- --against REF` builds it for production first).
 * @param {string} repoRoot
 * @returns {Build}
 */
function workingTreeBuild(repoRoot) {
  for (const f of ['dist/server.js', 'dist/cli.js']) {
    if (!existsSync(path.join(repoRoot, f))) throw new Error(`bench: ${f} is missing: run \`npm run build -- --production\` first`);
  }
  const { sha, subject, date } = resolveRef(repoRoot, 'HEAD');
  const dirty = git(repoRoot, ['status', '--porcelain', '--untracked-files=no']) !== '';
  const notes = [`the working tree's dist/ (HEAD ${sha.slice(0, 10)}${dirty ? ' plus uncommitted changes' : ''})`];
  if (readdirSync(path.join(repoRoot, 'dist')).some((f) => f.endsWith('.map'))) {
    notes.push(
      '**dist/ is a development build** (source maps present): A is a production build; run `npm run bench -- --against REF` to build B for production',
    );
  }
  return { label: 'B', name: 'working tree', root: repoRoot, sha, subject, date, worktree: true, notes };
}

/**
 * The modification times of a build's bundles, to notice a working tree rebuilt during the run.
 * @param {Build} build
 */
const bundleStamp = (build) => ['server.js', 'cli.js'].map((f) => statSync(path.join(build.root, 'dist', f)).mtimeMs).join(',');

/**
 * Gives a ref build the bundled glossary `file` (the data's), or back its own (`file` undefined).
 * The working tree's is the data's already and is never touched.
 * @param {Build} build
 * @param {string | undefined} file
 */
function setBundled(build, file) {
  if (build.worktree) return;
  const target = path.join(build.root, 'glossary', 'bundled.glossary.json');
  const own = path.join(build.root, 'glossary', 'bundled.glossary.own.json');
  if (!existsSync(own)) copyFileSync(target, own);
  copyFileSync(file ?? own, target);
}

/**
 * Starts a build's server once with the bundled glossary and checks what the server benchmark
 * relies on: the `termlens/status` notification, hover, completion and resolve, incremental edits
 * answered by versioned diagnostics. Returns the concepts served and the missing features.
 * @param {Build} build
 * @returns {Promise<{ conceptCount: number | undefined, fatal: string[], skip: Set<SkippableFigure> }>}
 */
async function probeServer(build) {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'termlens-bench-probe-'));
  /** @type {Set<SkippableFigure>} */
  const skip = new Set();
  /** @type {string[]} */
  const fatal = [];
  const client = await startLanguageServer(path.join(build.root, 'dist', 'server.js'), { rootPath: workspace, settings: {} });
  try {
    const caps = client.initializeResult.capabilities;
    if (!caps.completionProvider) skip.add('completion');
    if (!caps.completionProvider?.resolveProvider) skip.add('resolve');
    const sync = typeof caps.textDocumentSync === 'object' ? caps.textDocumentSync.change : caps.textDocumentSync;
    if (sync !== 2) skip.add('edit');
    const uri = pathToFileURL(path.join(workspace, 'probe.md')).toString();
    await client.open(uri, 'markdown', 'The Heston Model.\n');
    try {
      await client.waitFor(() => client.statuses.some((s) => typeof s.conceptCount === 'number'), 'the glossary status', 120_000);
    } catch {
      fatal.push('no `termlens/status` notification with `conceptCount`');
    }
    let hovered = false;
    for (const started = performance.now(); !hovered && performance.now() - started < 120_000;) {
      hovered = !!(await client.hover(uri, { line: 0, character: 6 }));
      if (!hovered) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (!hovered) fatal.push('no hover on "Heston Model" with the bundled glossary');
    if (!skip.has('edit')) {
      try {
        // Generous timeouts: on a loaded machine a slow answer must not pass for a missing feature.
        await client.waitFor(() => client.diagnostics.has(uri), 'diagnostics', 120_000);
        const version = client.edit(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, 'x');
        await client.waitFor(() => (client.diagnosticVersions.get(uri) ?? 0) >= version, 'versioned diagnostics', 120_000);
      } catch {
        skip.add('edit');
      }
    }
    return { conceptCount: client.statuses.at(-1)?.conceptCount, fatal, skip };
  } finally {
    await client.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

/**
 * The figures of one server run.
 * @param {ServerResults} r
 * @returns {Figure[]}
 */
function serverFigures(r) {
  /** @type {Figure[]} */
  const out = [];
  /**
   * @param {string} id @param {string} label @param {Figure['unit']} unit @param {Input} input
   * @param {number | undefined} value @param {string} [work]
   */
  const add = (id, label, unit, input, value, work) => out.push({ id: `server.${id}`, half: 'server', label, unit, input, value, ...(work ? { work } : {}) });
  add('ready.hover', 'ready: first hover answered (median of 5 starts)', 'ms', 'bundled', r.ready.hoverMs);
  add('ready.status', 'ready: glossary status (median of 5 starts)', 'ms', 'bundled', r.ready.statusMs);
  const names = /** @type {const} */ (['bundled', '10k', '100k']);
  r.load.forEach((l, i) => {
    const name = names[i] ?? String(i);
    const input = name === 'bundled' ? 'bundled' : 'generated+bundled';
    const what = name === 'bundled' ? 'bundled glossary' : `${name === '10k' ? '10,000' : '100,000'}-term glossary`;
    add(`load.${name}.status`, `${what}: loaded (status)`, 'ms', input, l.statusMs);
    add(`load.${name}.hover`, `${what}: first hover answered`, 'ms', input, l.hoverMs);
    add(`load.${name}.rss`, `${what}: resident memory, idle 5 s after the first hover`, 'MB', input, l.rssMb);
  });
  const one = r['note-1mb'];
  const ten = r['note-10mb'];
  const c = one.completion;
  const answered = one.hover ? `${one.hover.answered} of ${one.hover.n} on a term` : undefined;
  add('hover.p50', 'hover p50, 1 MB note, 100k terms', 'ms', 'generated+bundled', one.hover?.p50, answered);
  add('hover.p99', 'hover p99, 1 MB note, 100k terms', 'ms', 'generated+bundled', one.hover?.p99, answered);
  const items = c ? `${c.withItems} with items, ${c.meanItems.toFixed(0)} items` : undefined;
  add('completion.p50', 'completion p50, 100k terms', 'ms', 'generated+bundled', c?.p50, items);
  add('completion.p99', 'completion p99, 100k terms', 'ms', 'generated+bundled', c?.p99, items);
  add('resolve.p50', 'completion + resolve p50', 'ms', 'generated+bundled', c?.resolvedP50, items);
  add('resolve.p99', 'completion + resolve p99', 'ms', 'generated+bundled', c?.resolvedP99, items);
  add('edit1.p50', 'edit → diagnostics p50, 1 MB note', 'ms', 'generated+bundled', one.edit?.p50, `${one.diagnostics} diagnostics`);
  add('edit1.p95', 'edit → diagnostics p95, 1 MB note', 'ms', 'generated+bundled', one.edit?.p95, `${one.diagnostics} diagnostics`);
  add('edit10.p50', 'edit → diagnostics p50, 10 MB note', 'ms', 'generated+bundled', ten.edit?.p50, `${ten.diagnostics} diagnostics`);
  add('edit10.p95', 'edit → diagnostics p95, 10 MB note', 'ms', 'generated+bundled', ten.edit?.p95, `${ten.diagnostics} diagnostics`);
  add('open1', 'open 1 MB note → first diagnostics', 'ms', 'generated+bundled', one.openMs, `${one.diagnostics} diagnostics`);
  add('open10', 'open 10 MB note → first diagnostics', 'ms', 'generated+bundled', ten.openMs, `${ten.diagnostics} diagnostics`);
  add('rssAfterNotes', 'resident memory after both notes, 100k terms', 'MB', 'generated+bundled', r.rssAfterNotes);
  add('open200.ms', '200 open notes: all diagnosed, 10k terms', 'ms', 'generated+bundled', r.open200.allDiagnosedMs);
  add('open200.rss', '200 open notes: resident memory, 10k terms', 'MB', 'generated+bundled', r.open200.rssMb);
  return out;
}

/**
 * The figures of one CLI run (termlens rows only).
 * @param {readonly CliRow[]} rows
 * @returns {Figure[]}
 */
function cliFigures(rows) {
  /** @type {Figure[]} */
  const out = [];
  for (const r of rows) {
    if (r.na || r.tool !== 'termlens') continue;
    /** @type {Input} */
    const input = r.glossary === 'bundled' ? 'bundled' : 'generated';
    const where = `lint ${r.corpus}, ${r.glossary}`;
    const work = r.timedOut ? 'timed out' : `${r.findings} findings`;
    const base = { half: /** @type {const} */ ('cli'), input, work };
    out.push({ ...base, id: `cli.${r.corpus}.${r.glossary}.wall`, label: `${where}: wall time`, unit: 's', value: r.timedOut ? undefined : r.wallMs / 1000 });
    out.push({ ...base, id: `cli.${r.corpus}.${r.glossary}.rss`, label: `${where}: peak RSS`, unit: 'MB', value: r.peakRssMb });
  }
  return out;
}

/**
 * The middle value (the mean of the two middle ones for an even count).
 * @param {readonly number[]} values
 * @returns {number}
 */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * How A and B compare on one figure: B slower (or larger) when every B run is above every A run,
 * faster when every one is below, else within noise; undecided with fewer than 3 runs each.
 * @param {readonly number[]} a
 * @param {readonly number[]} b
 * @param {Figure['unit']} unit
 * @returns {string}
 */
export function verdict(a, b, unit) {
  if (a.length < 3 || b.length < 3) return 'n/a (< 3 rounds)';
  const [worse, better] = unit === 'MB' ? ['larger', 'smaller'] : ['slower', 'faster'];
  if (Math.min(...b) > Math.max(...a)) return `**B ${worse}**`;
  if (Math.max(...b) < Math.min(...a)) return `B ${better}`;
  return 'within noise';
}

/**
 * @param {number | undefined} v
 * @param {Figure['unit']} unit
 */
function fmt(v, unit) {
  if (v === undefined || !Number.isFinite(v)) return 'n/a';
  if (unit === 'MB') return v.toFixed(0);
  if (unit === 's') return v.toFixed(2);
  return v < 10 ? v.toFixed(2) : v.toFixed(0);
}

const INPUT_LABEL = {
  bundled: 'bundled',
  'generated+bundled': 'generated + bundled',
  generated: 'generated only',
};

/**
 * Runs A and B alternately and returns the report (bench/AGAINST.md).
 * @param {AgainstOptions} options
 * @returns {Promise<{ markdown: string, rows: Array<{ figure: Figure, a: number[], b: number[] }> }>}
 */
export async function benchAgainst(options) {
  const { repoRoot, data, against, candidate, only, rounds = 3, ownBundled = false, timeoutMs = 60000, log = () => {} } = options;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('bench: --rounds must be a whole number ≥ 1');
  const refDir = path.resolve(options.refDir ?? process.env.BENCH_REF_DIR ?? path.join(os.tmpdir(), 'termlens-bench-ref'));
  const relative = path.relative(path.resolve(repoRoot), refDir);
  if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
    // Old sources inside the repository would be picked up by vitest, tsc and ESLint.
    throw new Error(`bench: the ref builds' folder ${refDir} must be outside the repository`);
  }
  const started = new Date();
  const loadAtStart = os.loadavg();
  const a = await refBuild({ repoRoot, ref: against, label: 'A', refDir, log });
  const b = candidate === undefined ? workingTreeBuild(repoRoot) : await refBuild({ repoRoot, ref: candidate, label: 'B', refDir, log });
  const builds = [a, b];
  /** @type {string[]} */
  const notes = [];
  const bundledConcepts = /** @type {{ concepts: unknown[] }} */ (JSON.parse(readFileSync(data.glossaries.bundled, 'utf8'))).concepts.length;
  for (const build of builds) setBundled(build, ownBundled ? undefined : data.glossaries.bundled);
  if (ownBundled) {
    const counts = builds.map((build) => {
      const file = build.worktree ? data.glossaries.bundled : path.join(build.root, 'glossary', 'bundled.glossary.own.json');
      return `${build.label} ${/** @type {{ concepts: unknown[] }} */ (JSON.parse(readFileSync(file, 'utf8'))).concepts.length}`;
    });
    notes.push(
      `--own-bundled: each build serves its own bundled glossary (${counts.join(', ')} concepts), so figures whose glossary column says "bundled" compare different inputs, and "generated + bundled" ones differ by that part.`,
    );
  } else {
    notes.push(
      `Both builds serve the same bundled glossary: the data's (\`${path.relative(repoRoot, data.glossaries.bundled)}\`, ${bundledConcepts} concepts; copied into each ref build's glossary/ for the run). The "bundled" figures therefore compare the code on the same input, but they measure mostly start-up; the "generated" ones are the better comparison of the engine.`,
    );
  }

  const halves = /** @type {Array<'server' | 'cli'>} */ (only ? [only] : ['server', 'cli']);
  /** @type {Set<SkippableFigure>} */
  let skip = new Set();
  if (halves.includes('server')) {
    for (const build of builds) {
      const probe = await probeServer(build);
      log(
        `${build.label}: server serves ${probe.conceptCount ?? '?'} concepts with the bundled glossary; lacks: ${[...probe.fatal, ...probe.skip].join(', ') || 'nothing'}`,
      );
      if (!ownBundled && probe.conceptCount !== bundledConcepts) {
        notes.push(
          `${build.label}'s server served ${probe.conceptCount ?? 'no'} concepts from the shared bundled glossary of ${bundledConcepts}: the bundled input differs.`,
        );
      }
      for (const s of probe.skip) skip.add(s);
      if (probe.fatal.length > 0) {
        notes.push(`Server half skipped: ${build.label}'s server gives ${probe.fatal.join(' and ')}, which every server figure waits for.`);
        halves.splice(halves.indexOf('server'), 1);
        break;
      }
    }
    // Skipped for both builds, so that both draw the same positions from the bench's PRNG.
    for (const s of skip) notes.push(`Skipped for both builds: the ${s} figures, which need ${NEEDS[s]} (missing in one of them).`);
  }
  if (halves.includes('cli')) notes.push('CLI: termlens alone (cspell and textlint measure nothing that differs between A and B).');

  /** @type {Map<string, { figure: Figure, a: number[], b: number[], workA: Set<string>, workB: Set<string> }>} */
  const table = new Map();
  /** @type {number[]} */
  const loads = [];
  /** @type {Record<string, number>} */
  const minutes = {};
  const stampB = b.worktree ? bundleStamp(b) : '';
  for (const half of halves) {
    const halfStarted = performance.now();
    for (let round = 1; round <= rounds; round++) {
      /** @type {Map<'A' | 'B', Figure[]>} */
      const got = new Map();
      for (const build of round % 2 === 1 ? [a, b] : [b, a]) {
        loads.push(os.loadavg()[0]);
        const tag = `${half} ${round}/${rounds} ${build.label}`;
        const blog = (/** @type {string} */ line) => log(`[${tag}] ${line.trimStart()}`);
        const t0 = performance.now();
        try {
          got.set(
            build.label,
            half === 'server'
              ? serverFigures((await benchServer({ repoRoot: build.root, data, log: blog, skip })).results)
              : cliFigures((await benchCli({ repoRoot: build.root, data, log: blog, timeoutMs, peers: false })).rows),
          );
        } catch (error) {
          const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
          notes.push(
            `The ${half} half stopped in round ${round}: ${build.label} (${build.name}) failed: ${message}. Its figures cover the ${round - 1} complete round(s).`,
          );
          log(`${tag}: failed: ${message}`);
          break;
        }
        log(`[${tag}] done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
      const figA = got.get('A');
      const figB = got.get('B');
      if (!figA || !figB) break;
      for (const [label, figures] of /** @type {const} */ ([
        ['A', figA],
        ['B', figB],
      ])) {
        for (const f of figures) {
          const entry = table.get(f.id) ?? { figure: f, a: [], b: [], workA: new Set(), workB: new Set() };
          table.set(f.id, entry);
          if (f.value !== undefined) (label === 'A' ? entry.a : entry.b).push(f.value);
          if (f.work) (label === 'A' ? entry.workA : entry.workB).add(f.work);
        }
      }
    }
    minutes[half] = (performance.now() - halfStarted) / 60000;
  }
  if (b.worktree && bundleStamp(b) !== stampB) notes.push("**The working tree's dist/ was rebuilt during the run**: B's figures mix two builds; run again.");

  const rows = [...table.values()];
  const markdown = render({ options, builds, rows, notes, loads, loadAtStart, started, minutes, rounds, skip });
  return { markdown, rows: rows.map(({ figure, a: ra, b: rb }) => ({ figure, a: ra, b: rb })) };
}

/**
 * @param {{ options: AgainstOptions, builds: Build[], rows: Array<{ figure: Figure, a: number[], b: number[], workA: Set<string>, workB: Set<string> }>,
 *   notes: string[], loads: number[], loadAtStart: number[], started: Date, minutes: Record<string, number>, rounds: number, skip: Set<SkippableFigure> }} r
 * @returns {string}
 */
function render({ options, builds, rows, notes, loads, loadAtStart, started, minutes, rounds }) {
  const [a, b] = builds;
  const name = (/** @type {Build} */ build) => (build.worktree ? 'working tree' : build.name);
  const cpus = os.cpus();
  const total = (Date.now() - started.getTime()) / 60000;
  const out = [
    '# termlens A/B benchmark',
    '',
    `Written by \`${options.command ?? `node bench/run.mjs --against ${options.against}`}\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${total.toFixed(1)} minutes (${Object.entries(
      minutes,
    )
      .map(([half, m]) => `${half} ${m.toFixed(1)}`)
      .join(', ')}). ${rounds} round(s); A and B alternate (A B, B A, …) so that drift in the machine's load hits both alike.`,
    '',
    ...builds.map(
      (build) =>
        `- **${build.label}** = ${name(build)}: ${build.sha ? `\`${build.sha.slice(0, 10)}\` ${build.subject} (${build.date?.slice(0, 10)})` : ''}${build.worktree ? '' : `, built in \`${build.root}\``}; ${build.notes.join('; ')}.`,
    ),
    '',
    '## Machine',
    '',
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${os.availableParallelism()} cores available`,
    `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()} (${os.arch()}); Node ${process.version}`,
    `- load average at the start: ${loadAtStart.map((l) => l.toFixed(2)).join(', ')}; 1-minute load average before each run: median ${loads.length > 0 ? median(loads).toFixed(2) : 'n/a'}, ${loads.length > 0 ? `${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}` : ''}${
      loads.length > 0 && median(loads) > os.availableParallelism()
        ? ' (**above the core count**: other processes competed for the CPU; the alternation shares that out, the spreads show it)'
        : ''
    }`,
    '',
    '## How to read it',
    '',
    `Every figure is measured by the current bench code (\`bench/lib/server.mjs\`, \`bench/lib/cli.mjs\`) on the same generated data (\`bench/.data/\`), once per round and build. ` +
      'Columns A and B give the median over the rounds and, in brackets, the range (min–max); B/A is the ratio of the medians, "by round" the range of B/A within each round. ' +
      'A verdict needs at least 3 rounds: **B slower** (or larger) when every B run is above every A run, B faster when every one is below, else within noise. ' +
      'Times in ms unless the figure says s; memory in MB. "work" shows what each build found (diagnostics, findings): where A and B differ, they did not do the same work.',
    '',
    'Glossary column: "bundled" = the bundled glossary alone (start-up figures); "generated + bundled" = a generated glossary (10,000 or 100,000 terms) beside the bundled one, as the server loads by default; "generated only" = `termlens lint --no-bundled --glossary FILE`.',
    '',
  ];
  for (const half of /** @type {const} */ (['server', 'cli'])) {
    const mine = rows.filter((r) => r.figure.half === half);
    if (mine.length === 0) continue;
    out.push(half === 'server' ? '## Server (over stdio)' : '## CLI (`termlens lint`, termlens alone)', '');
    out.push(`| figure | glossary | A ${name(a)} | B ${name(b)} | B/A | by round | verdict | work |`, '|---|---|---:|---:|---:|---:|---|---|');
    for (const { figure, a: va, b: vb, workA, workB } of mine) {
      const u = figure.unit;
      const cell = (/** @type {number[]} */ v) => (v.length === 0 ? 'skipped' : `${fmt(median(v), u)} (${fmt(Math.min(...v), u)}–${fmt(Math.max(...v), u)})`);
      const ratio = va.length > 0 && vb.length > 0 ? (median(vb) / median(va)).toFixed(2) : '';
      const paired = va.length === vb.length && va.length > 0 ? va.map((x, i) => vb[i] / x) : [];
      const byRound = paired.length > 1 ? `${Math.min(...paired).toFixed(2)}–${Math.max(...paired).toFixed(2)}` : '';
      const same = [...workA].join(', ') === [...workB].join(', ');
      const work = workA.size === 0 && workB.size === 0 ? '' : same ? [...workA].join(', ') : `A: ${[...workA].join(', ')}; B: ${[...workB].join(', ')}`;
      const v = va.length > 0 && vb.length > 0 ? verdict(va, vb, u) : '';
      out.push(
        `| ${figure.label}${u === 's' ? ' (s)' : u === 'MB' ? ' (MB)' : ''} | ${INPUT_LABEL[figure.input]} | ${cell(va)} | ${cell(vb)} | ${ratio} | ${byRound} | ${v} | ${work} |`,
      );
    }
    out.push('');
  }
  out.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
