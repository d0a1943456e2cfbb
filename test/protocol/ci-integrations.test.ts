/**
 * The one-line integrations, run the way their hosts run them, in scratch git repositories, from
 * fresh clones of a copy of this repository (tagged as a hosted termlens would be):
 *
 * - the GitHub Action (`action.yml`): its composite steps run as the runner runs them (inputs
 *   and `${{ }}` expressions evaluated into the steps' `env`, `bash --noprofile --norc -eo
 *   pipefail`, `GITHUB_ACTION_PATH`, `GITHUB_OUTPUT`), alone and in the README's workflow;
 * - the README's GitLab CI job: its variables and script lines, in one shell as GitLab's runner;
 * - the pre-commit hooks (`.pre-commit-hooks.yaml`). pre-commit itself comes from PyPI, which
 *   this machine cannot reach, so its contract is SIMULATED: which staged files a hook gets
 *   (`files` searched as a Python regex, `types` by identify's tags, reimplemented and checked
 *   against pre-commit's documented semantics), how it installs a `language: node` hook (`npm
 *   install` in the clone, `npm pack`, whose stdout must be the tarball's name alone, `npm install
 *   -g` of the tarball into the hook's environment) and how it runs one (`entry`, `args`, then the
 *   file names). With TERMLENS_TEST_PRECOMMIT=1 and a `pre-commit` on the PATH (Debian's
 *   package), the README's configuration also runs under the real pre-commit; its first install
 *   takes minutes (npm installs every development dependency from the cache).
 *
 * No network: `npm ci` and `npm install` of the clones are stood in for by linking the
 * repository's node_modules (offlineNpmShim); everything else — git, the production build, npm
 * pack and the tarball's install — is real.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { languageTable } from '../../server/src/shared/languages';
import { sarifErrors } from '../sarif';
import { copyRepository, git, offlineNpmShim, repositoryRoot } from './repo-copy';

const TAG = 'v0.0.0-test';
const readme = readFileSync(path.join(repositoryRoot, 'README.md'), 'utf8');

/** The first ```yaml block after the README's `**LABEL:**` paragraph, parsed, and its text. */
function readmeSnippet(label: string): { text: string; value: unknown } {
  const at = readme.indexOf(`**${label}:**`);
  expect(at, `README.md: no **${label}:** paragraph`).toBeGreaterThanOrEqual(0);
  const match = /```yaml\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(match, `README.md: no yaml block after **${label}:**`).not.toBeNull();
  return { text: match![1]!, value: parse(match![1]!) as unknown };
}

let temp: string;
/** A tagged git repository holding a copy of this repository: where the snippets clone termlens from. */
let hosted: string;
/** The folder the npm stand-in is in (first on the PATH of everything run here). */
let shimDir: string;

/** A fresh directory under the temp folder. */
function fresh(name: string): string {
  const dir = path.join(temp, name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The environment of a command run here: the npm stand-in first on the PATH, no colours. */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${shimDir}${path.delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

/** A scratch git repository (the user's) with `files` committed or, with `stage`, staged. */
function scratchRepository(name: string, files: Record<string, string | Buffer>, stage = false): string {
  const dir = fresh(name);
  git(dir, ['init', '--quiet']);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  if (Object.keys(files).length > 0) {
    git(dir, ['add', '--all']);
    if (!stage) git(dir, ['commit', '--quiet', '--no-verify', '-m', 'notes']);
  }
  return dir;
}

/** A note with one warning: a near miss of "Heston Model" (term.misspelled) on line 3. */
const NOTE = '# Calibration\n\nWe calibrate the Hesten Model every morning.\n';

beforeAll(() => {
  temp = mkdtempSync(path.join(tmpdir(), 'termlens-ci-'));
  shimDir = offlineNpmShim(path.join(temp, 'shim'));
  hosted = copyRepository(path.join(temp, 'hosted', 'termlens'), { gitTag: TAG });
}, 120_000);

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// GitHub Actions
// ---------------------------------------------------------------------------------------------

interface ActionStep {
  name?: string;
  id?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  if?: string;
  uses?: string;
}

interface ActionManifest {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  outputs: Record<string, { description: string; value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

/** What one use of the action did. */
interface ActionRun {
  /** Exit code of the step that failed, or 0. */
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly outputs: Record<string, string>;
}

/** The `name=value` and `name<<DELIMITER` lines of a GITHUB_OUTPUT file, as the runner reads them. */
function readOutputFile(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  if (!existsSync(file)) return outputs;
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      outputs[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) outputs[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
  }
  return outputs;
}

/**
 * Evaluates the `${{ }}` expressions of `text` the action may use: `inputs.NAME`,
 * `steps.ID.outputs.NAME`, `github.action_path` and `github.workspace`. Any other expression
 * fails the test, so that the simulation never guesses.
 */
function evaluate(
  text: string,
  context: { inputs: Record<string, string>; steps: Record<string, Record<string, string>>; actionPath: string; workspace: string },
): string {
  return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(expression))) return context.inputs[m[1]!] ?? '';
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expression))) return context.steps[m[1]!]?.[m[2]!] ?? '';
    if (expression === 'github.action_path') return context.actionPath;
    if (expression === 'github.workspace') return context.workspace;
    throw new Error(`action.yml: the test's runner does not evaluate \${{ ${expression} }}`);
  });
}

/**
 * Runs the action checked out at `actionPath` with inputs `given` (a step's `with:`) in
 * `workspace`, as the runner runs a composite action: each input's value or default; each step's
 * `env` evaluated; `bash --noprofile --norc -eo pipefail` on the script in the workspace (or the
 * step's working directory); outputs read from GITHUB_OUTPUT; the first failing step ends it.
 */
function runAction(actionPath: string, workspace: string, given: Record<string, unknown> = {}): ActionRun {
  const action = parse(readFileSync(path.join(actionPath, 'action.yml'), 'utf8')) as ActionManifest;
  expect(action.runs.using).toBe('composite');
  const unexpected = Object.keys(given).filter((name) => !(name in action.inputs));
  expect(unexpected, 'inputs the action does not have (the runner warns "Unexpected input(s)")').toEqual([]);
  const inputs: Record<string, string> = {};
  for (const [name, input] of Object.entries(action.inputs)) inputs[name] = name in given ? String(given[name]) : (input.default ?? '');
  const steps: Record<string, Record<string, string>> = {};
  const context = { inputs, steps, actionPath, workspace };
  const runnerTemp = fresh(`runner-temp-${Math.random().toString(36).slice(2)}`);
  let stdout = '';
  let stderr = '';
  let status = 0;
  action.runs.steps.forEach((step, index) => {
    if (status !== 0) return;
    expect(step.shell, `step ${index + 1} of action.yml: composite run steps need a shell`).toBe('bash');
    expect(step.uses, 'the action runs no other actions').toBeUndefined();
    const script = path.join(runnerTemp, `step-${index}.sh`);
    writeFileSync(script, evaluate(step.run ?? '', context));
    const outputFile = path.join(runnerTemp, `output-${index}`);
    const stepEnv: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.env ?? {})) stepEnv[name] = evaluate(String(value), context);
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: step['working-directory'] ? evaluate(step['working-directory'], context) : workspace,
      encoding: 'utf8',
      timeout: 240_000,
      env: env({
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        GITHUB_ACTION_PATH: actionPath,
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: outputFile,
        RUNNER_TEMP: runnerTemp,
        ...stepEnv,
      }),
    });
    stdout += run.stdout;
    stderr += run.stderr;
    if (step.id) steps[step.id] = readOutputFile(outputFile);
    status = run.status ?? 1;
  });
  const outputs: Record<string, string> = {};
  for (const [name, output] of Object.entries(action.outputs)) outputs[name] = evaluate(output.value, context);
  return { status, stdout, stderr, outputs };
}

/** A fresh clone of the hosted termlens at the tag, where the runner puts `uses: OWNER/termlens@REF`. */
function checkOutAction(name: string): string {
  const dir = path.join(fresh('_actions'), name);
  git(temp, ['clone', '--quiet', '--depth', '1', '--branch', TAG, `file://${hosted}`, dir]);
  return dir;
}

interface SarifLog {
  version: string;
  runs: {
    results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
  }[];
}

/** `ruleId level uri:line` of every result of a SARIF file. */
function sarifResults(file: string): string[] {
  const log = JSON.parse(readFileSync(file, 'utf8')) as SarifLog;
  expect(sarifErrors(log)).toBe('No errors');
  return log.runs.flatMap((run) =>
    run.results.map(
      (r) => `${r.ruleId} ${r.level} ${r.locations[0]!.physicalLocation.artifactLocation.uri}:${r.locations[0]!.physicalLocation.region.startLine}`,
    ),
  );
}

describe('the GitHub Action', () => {
  let actionPath: string;

  beforeAll(() => {
    actionPath = checkOutAction('termlens');
  }, 60_000);

  test('on a fresh checkout builds termlens, then annotates the pull request (format github, the defaults)', () => {
    expect(existsSync(path.join(actionPath, 'dist')), 'a fresh clone has no dist/').toBe(false);
    const workspace = scratchRepository('gh-defaults', { 'notes/calibration.md': NOTE, 'README.md': '# Desk notes\n\nNothing to see.\n' });
    const run = runAction(actionPath, workspace);
    expect(run.stdout + run.stderr).toContain('termlens: built dist/ (production)');
    expect(run.status, run.stderr).toBe(0);
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(
      /^::warning file=notes\/calibration\.md,line=3,col=18,endLine=3,endColumn=30,title=termlens term\.misspelled::"Hesten Model" /,
    );
    expect(run.outputs).toEqual({ 'exit-code': '0', findings: '1', 'sarif-file': '' });
  }, 240_000);

  test('max-warnings fails the step, with the exit code as an output; a second use reuses the build', () => {
    const workspace = scratchRepository('gh-max-warnings', { 'note.md': NOTE });
    const run = runAction(actionPath, workspace, { 'max-warnings': 0 });
    expect(run.stdout).toContain('termlens: using the built');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('termlens: too many warnings (1; --max-warnings is 0)');
    expect(run.outputs['exit-code']).toBe('1');
    expect(runAction(actionPath, workspace, { 'max-warnings': 1 }).status).toBe(0);
  }, 240_000);

  test('format sarif writes the log to sarif-file; paths are split but not globbed by the shell; config is used', () => {
    const workspace = scratchRepository('gh-sarif', {
      'docs/a.md': NOTE,
      'notes/b.md': NOTE,
      'notes/skipped.md': NOTE,
      'other/c.md': NOTE,
      'ci/termlens.yaml': 'rules:\n  term.misspelled: error\n',
    });
    const run = runAction(actionPath, workspace, {
      format: 'sarif',
      'sarif-file': 'reports/termlens.sarif',
      paths: 'docs\nnotes/b*.md',
      config: 'ci/termlens.yaml',
    });
    expect(run.status, run.stderr).toBe(1);
    const sarif = path.join(workspace, 'reports', 'termlens.sarif');
    expect(run.outputs).toEqual({ 'exit-code': '1', findings: '2', 'sarif-file': sarif });
    expect(sarifResults(sarif)).toEqual(['term.misspelled error docs/a.md:3', 'term.misspelled error notes/b.md:3']);
  }, 240_000);

  test('a wrong format or a bad config fails with one message', () => {
    const workspace = scratchRepository('gh-wrong', { 'note.md': NOTE, 'bad.yaml': 'rules: [\n' });
    const wrong = runAction(actionPath, workspace, { format: 'stylish' });
    expect(wrong.status).toBe(2);
    expect(wrong.stdout).toContain('::error title=termlens::format must be github or sarif, not "stylish"');
    const bad = runAction(actionPath, workspace, { config: 'bad.yaml' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^termlens: .*bad\.yaml/m);
  }, 240_000);

  test("the README's workflow: annotations fail the job, and the SARIF step still writes the file upload-sarif reads", () => {
    const workflow = readmeSnippet('GitHub Actions').value as { jobs: Record<string, { steps: (ActionStep & { with?: Record<string, unknown> })[] }> };
    const [job, ...others] = Object.values(workflow.jobs);
    expect(others).toEqual([]);
    const workspace = scratchRepository('gh-readme', { 'note.md': NOTE });
    let failed = false;
    let uploaded: string | undefined;
    const used: string[] = [];
    for (const step of job!.steps) {
      // A step without `if: always()` is skipped after a failure, as on GitHub.
      if (failed && step.if !== 'always()') continue;
      expect(step.run, 'the workflow only uses actions').toBeUndefined();
      const uses = step.uses!;
      used.push(uses.replace(/@.*/, ''));
      if (uses === '<owner>/termlens@<ref>') {
        const run = runAction(actionPath, workspace, step.with ?? {});
        if (run.status !== 0) failed = true;
      } else if (uses.startsWith('github/codeql-action/upload-sarif@')) {
        uploaded = path.join(workspace, String(step.with?.sarif_file));
      } else {
        // actions/checkout and actions/setup-node: the workspace is checked out, and this Node.js runs termlens.
        expect(['actions/checkout', 'actions/setup-node']).toContain(uses.replace(/@.*/, ''));
      }
    }
    expect(used).toEqual(['actions/checkout', 'actions/setup-node', '<owner>/termlens', '<owner>/termlens', 'github/codeql-action/upload-sarif']);
    expect(failed, 'max-warnings 0 fails the job on the warning').toBe(true);
    expect(uploaded).toBeDefined();
    expect(sarifResults(uploaded!)).toEqual(['term.misspelled warning note.md:3']);
  }, 240_000);
});

// ---------------------------------------------------------------------------------------------
// GitLab CI
// ---------------------------------------------------------------------------------------------

describe('GitLab CI', () => {
  test("the README's job clones and builds termlens, keeps the SARIF artifact and fails on the warning", () => {
    const config = readmeSnippet('GitLab CI').value as Record<
      string,
      { image: string; variables: Record<string, string>; script: string[]; artifacts: { when: string; paths: string[] } }
    >;
    const job = config.termlens!;
    expect(Object.keys(job.variables).sort()).toEqual(['TERMLENS_DIR', 'TERMLENS_REF', 'TERMLENS_REPOSITORY']);
    const project = scratchRepository('gitlab-project', { 'note.md': NOTE, 'docs/clean.md': '# Clean\n\nThe Heston Model is calibrated daily.\n' });
    // GitLab's runner runs the script lines in one shell that stops at the first failing line.
    const script = ['set -eo pipefail', ...job.script].join('\n');
    const run = spawnSync('bash', ['--noprofile', '--norc', '-c', script], {
      cwd: project,
      encoding: 'utf8',
      timeout: 240_000,
      env: env({
        CI: 'true',
        GITLAB_CI: 'true',
        CI_PROJECT_DIR: project,
        ...job.variables,
        // Where this test hosts termlens, and a folder of its own for the clone.
        TERMLENS_REPOSITORY: `file://${hosted}`,
        TERMLENS_REF: TAG,
        TERMLENS_DIR: path.join(temp, 'gitlab-termlens'),
      }),
    });
    expect(run.stderr).toContain('termlens: too many warnings (1; --max-warnings is 0)');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/note\.md:3:18 +warning +term\.misspelled/);
    expect(job.artifacts).toEqual({ when: 'always', paths: ['termlens.sarif'] });
    expect(sarifResults(path.join(project, 'termlens.sarif'))).toEqual(['term.misspelled warning note.md:3']);
  }, 240_000);
});

// ---------------------------------------------------------------------------------------------
// pre-commit (simulated; see the top of the file)
// ---------------------------------------------------------------------------------------------

interface Hook {
  id: string;
  name: string;
  entry: string;
  language: string;
  files?: string;
  exclude?: string;
  types?: string[];
  types_or?: string[];
  exclude_types?: string[];
  pass_filenames?: boolean;
  args?: string[];
}

const hooks = parse(readFileSync(path.join(repositoryRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];

/**
 * A Python `re` pattern as a JavaScript RegExp. Only what both read alike is accepted: a leading
 * `(?i)` becomes the `i` flag; other inline flags, named groups and possessive or atomic forms fail.
 */
function pythonRegExp(pattern: string): RegExp {
  let flags = '';
  let source = pattern;
  if (source.startsWith('(?i)')) {
    flags = 'i';
    source = source.slice(4);
  }
  if (/\(\?[aiLmsux]|\(\?P|\(\?>|[*+?}]\+|\\[AZ]/.test(source)) throw new Error(`a Python pattern the test cannot translate: ${pattern}`);
  return new RegExp(source, flags);
}

/** identify's text test: no byte outside its text set in the first 1024 bytes. */
function isText(bytes: Buffer): boolean {
  return bytes.subarray(0, 1024).every((b) => [7, 8, 9, 10, 11, 12, 13, 27].includes(b) || (b >= 0x20 && b !== 0x7f));
}

/** The identify tags this test needs: `file` and `text` or `binary` (for a regular file). */
function tags(repo: string, file: string): Set<string> {
  return new Set(['file', isText(readFileSync(path.join(repo, file))) ? 'text' : 'binary']);
}

/**
 * The files pre-commit hands a hook, as pre-commit does: `files` and `exclude` searched (not
 * matched) in the path relative to the root, with `/`; every tag of `types`, one of `types_or`,
 * none of `exclude_types`. Defaults: files '', exclude '^$', types [file].
 */
function filesFor(hook: Hook, repo: string, names: readonly string[]): string[] {
  const include = pythonRegExp(hook.files ?? '');
  const exclude = pythonRegExp(hook.exclude ?? '^$');
  return names.filter((name) => {
    if (!include.test(name) || exclude.test(name)) return false;
    const t = tags(repo, name);
    const types = hook.types ?? ['file'];
    return (
      types.every((x) => t.has(x)) &&
      ((hook.types_or ?? []).length === 0 || hook.types_or!.some((x) => t.has(x))) &&
      !(hook.exclude_types ?? []).some((x) => t.has(x))
    );
  });
}

/** The staged file names, as pre-commit lists them (`git diff --staged --name-only --no-ext-diff -z`, added, copied, modified or renamed). */
function stagedFiles(repo: string): string[] {
  return git(repo, ['diff', '--staged', '--name-only', '--no-ext-diff', '-z', '--diff-filter=ACMR']).split('\0').filter(Boolean);
}

describe('the pre-commit hooks', () => {
  test('the simulation reads files and types as pre-commit documents them', () => {
    const repo = scratchRepository('pc-semantics', {
      'a.md': 'x',
      'A.MD': 'x',
      'docs/a.md.bak': 'x',
      'bin.md': Buffer.from([0x89, 0x50, 0x00, 0x01]),
      'x/notes.md': 'y',
    });
    const all = ['a.md', 'A.MD', 'docs/a.md.bak', 'bin.md', 'x/notes.md'];
    // `files` is searched, not matched: unanchored unless the pattern says so.
    expect(filesFor({ id: 't', name: 't', entry: 'e', language: 'system', files: 'md' }, repo, all)).toEqual(['a.md', 'docs/a.md.bak', 'bin.md', 'x/notes.md']);
    expect(filesFor({ id: 't', name: 't', entry: 'e', language: 'system', files: '^x/' }, repo, all)).toEqual(['x/notes.md']);
    expect(filesFor({ id: 't', name: 't', entry: 'e', language: 'system', files: '\\.md$' }, repo, all)).toEqual(['a.md', 'bin.md', 'x/notes.md']);
    expect(filesFor({ id: 't', name: 't', entry: 'e', language: 'system', files: '(?i)\\.md$' }, repo, all)).toEqual(['a.md', 'A.MD', 'bin.md', 'x/notes.md']);
    // `types` must all be tags of the file; `text` leaves out binary content whatever the name.
    expect(filesFor({ id: 't', name: 't', entry: 'e', language: 'system', files: '\\.md$', types: ['text'] }, repo, all)).toEqual(['a.md', 'x/notes.md']);
    expect(filesFor({ id: 't', name: 't', entry: 'e', language: 'system', exclude: '^x/' }, repo, all)).toEqual(['a.md', 'A.MD', 'docs/a.md.bak', 'bin.md']);
    expect(() => pythonRegExp('(?P<name>x)')).toThrow();
  });

  test('two hooks, termlens and termlens-fix, on the language table’s extensions, passing the file names', () => {
    expect(hooks.map((h) => h.id)).toEqual(['termlens', 'termlens-fix']);
    const extensions = [...new Set(languageTable.flatMap((l) => l.extensions))].sort();
    for (const hook of hooks) {
      expect(hook.language).toBe('node');
      expect(hook.pass_filenames).toBe(true);
      const listed = /^\(\?i\)\\\.\(([a-z|]+)\)\$$/.exec(hook.files ?? '');
      expect(listed, `${hook.id}: files must be (?i)\\.(EXT|…)$`).not.toBeNull();
      expect(listed![1]!.split('|').sort(), `${hook.id}: files must list exactly the extensions of server/src/shared/languages.ts`).toEqual(extensions);
      const re = pythonRegExp(hook.files!);
      for (const ext of extensions) {
        expect(re.test(`notes/deep/file.${ext}`)).toBe(true);
        expect(re.test(`NOTES/FILE.${ext.toUpperCase()}`)).toBe(true);
      }
      for (const name of ['a.png', 'a.yaml', 'a.json', 'md', 'a.md.bak', 'Makefile', 'a.rb'])
        expect(re.test(name), `${hook.id} must leave out ${name}`).toBe(false);
    }
    expect(hooks[0]!.entry).toBe('termlens lint');
    expect(hooks[1]!.entry).toBe('termlens lint --fix');
  });

  test('installs as pre-commit installs a node hook, then checks and fixes only the staged files', () => {
    // The hook repository: pre-commit clones it at `rev` and needs a package.json with a `termlens` bin.
    const clone = path.join(fresh('pre-commit-home'), 'repo');
    git(temp, ['clone', '--quiet', '--branch', TAG, `file://${hosted}`, clone]);
    const pkg = JSON.parse(readFileSync(path.join(clone, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin.termlens).toBe('bin/termlens.js');
    const envDir = path.join(temp, 'pre-commit-home', 'node_env-system');
    // pre-commit's node env: the global prefix is the env (its bin/ first on the PATH), no user npmrc.
    const hookEnv = env({ NODE_VIRTUAL_ENV: envDir, npm_config_prefix: envDir, NPM_CONFIG_PREFIX: envDir, npm_config_offline: 'true' });
    delete hookEnv.NPM_CONFIG_USERCONFIG;
    delete hookEnv.npm_config_userconfig;
    const step = (args: string[]) => spawnSync('npm', args, { cwd: clone, encoding: 'utf8', env: hookEnv, timeout: 240_000 });
    const install = step(['install', '--dev', '--prod', '--ignore-prepublish', '--no-progress', '--no-save']);
    expect(install.status, install.stderr).toBe(0);
    // pre-commit takes the whole of npm pack's stdout, stripped, as the tarball's file name.
    const pack = step(['pack']);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = pack.stdout.trim();
    expect(tarball, "npm pack's stdout must be the tarball's name alone (the prepack build's output goes elsewhere)").toBe('termlens-0.1.0.tgz');
    const global = step(['install', '-g', path.join(clone, tarball)]);
    expect(global.status, global.stderr).toBe(0);
    rmSync(path.join(clone, 'node_modules'), { recursive: true, force: true });
    const bin = path.join(envDir, 'bin');
    expect(existsSync(path.join(bin, 'termlens')), 'npm install -g links the termlens bin into the env').toBe(true);

    const repo = scratchRepository(
      'pc-user',
      {
        'notes/calibration.md': NOTE,
        'notes/clean.ipynb': JSON.stringify({
          cells: [{ cell_type: 'markdown', metadata: {}, source: ['The Heston Model, calibrated daily.'] }],
          metadata: {},
          nbformat: 4,
          nbformat_minor: 5,
        }),
        'src/price.py': '# Price with the Hesten Model.\nprice = 1\n',
        'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]),
        'config.yaml': 'a: 1\n',
      },
      true,
    );
    writeFileSync(path.join(repo, 'unstaged.md'), NOTE);
    const staged = stagedFiles(repo);
    expect(staged.sort()).toEqual(['config.yaml', 'logo.png', 'notes/calibration.md', 'notes/clean.ipynb', 'src/price.py']);

    /** One hook run: `entry`, `args`, the files (pre-commit splits long lists like xargs; these fit one call). */
    const runHook = (hook: Hook) => {
      const files = filesFor(hook, repo, staged);
      const [command, ...entryArgs] = hook.entry.split(' ');
      const before = git(repo, ['diff']);
      const run = spawnSync(command!, [...entryArgs, ...(hook.args ?? []), ...files], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...hookEnv, PATH: `${bin}${path.delimiter}${hookEnv.PATH}` },
      });
      // pre-commit fails a hook that exits non-zero or that changed files.
      const modified = git(repo, ['diff']) !== before;
      return { files, status: run.status, output: run.stdout + run.stderr, passed: run.status === 0 && !modified, modified };
    };

    const check = runHook(hooks[0]!);
    expect(check.files.sort()).toEqual(['notes/calibration.md', 'notes/clean.ipynb', 'src/price.py']);
    expect(check.passed).toBe(false);
    expect(check.output).toMatch(/notes\/calibration\.md:3:18 +warning +term\.misspelled/);
    expect(check.output).toMatch(/src\/price\.py:1:\d+ +warning +term\.misspelled/);
    expect(check.output, 'files that are not staged are not checked').not.toContain('unstaged.md');

    const fix = runHook(hooks[1]!);
    expect(fix.modified, 'termlens-fix rewrites the staged files').toBe(true);
    expect(fix.passed, 'pre-commit reports a hook that changed files as failed').toBe(false);
    expect(readFileSync(path.join(repo, 'notes/calibration.md'), 'utf8')).toContain('We calibrate the Heston Model every morning.');
    expect(readFileSync(path.join(repo, 'unstaged.md'), 'utf8'), 'files that are not staged are not fixed').toBe(NOTE);
    git(repo, ['add', '--all', '--', 'notes', 'src']);
    expect(runHook(hooks[0]!).passed, 'once the fixes are staged the check passes').toBe(true);
  }, 300_000);

  const real = process.env.TERMLENS_TEST_PRECOMMIT === '1' && spawnSync('pre-commit', ['--version']).status === 0;
  test.skipIf(!real)(
    "with the real pre-commit (TERMLENS_TEST_PRECOMMIT=1): the README's configuration fails on the staged misspelling",
    () => {
      const config = readmeSnippet('pre-commit').text.replace('<termlens repository URL>', `file://${hosted}`).replace('<ref>', TAG);
      const repo = scratchRepository('pc-real', { '.pre-commit-config.yaml': config, 'note.md': NOTE }, true);
      const run = spawnSync('pre-commit', ['run'], {
        cwd: repo,
        encoding: 'utf8',
        timeout: 590_000,
        env: { ...process.env, PRE_COMMIT_HOME: fresh('pre-commit-real-home'), npm_config_offline: 'true', NO_COLOR: '1' },
      });
      expect(run.status, run.stdout + run.stderr).toBe(1);
      expect(run.stdout).toMatch(/termlens\.+Failed/);
      expect(run.stdout).toMatch(/note\.md:3:18 +warning +term\.misspelled/);
    },
    600_000,
  );
});
