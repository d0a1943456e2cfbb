// npm run test:editors — termlens in real editors:
//   1. installs what the tiers need (apt packages once; Node 24 and code-server into the cache, see scripts/editors/install.mjs);
//   2. the Neovim tier (scripts/editors/neovim.mjs) and the Emacs tier (scripts/editors/emacs.mjs, eglot);
//   3. the VS Code extension suite (test/editor/suite), in desktop VS Code through @vscode/test-electron when VS Code
//      can be downloaded, else in code-server with the packaged extension; TERMLENS_EDITOR=electron|code-server forces one;
//   4. in code-server, the UI check (scripts/editors/ui-check.mjs): a real mouse hover in headless Chromium;
//   5. the web tier (scripts/editors/web.mjs): the web build's server in a Web Worker of headless Chromium.
// Every run uses fresh copies of test/fixtures/editor-workspace and private HOME/user-data directories in a temp
// directory, which is removed after a passing run and kept (with the logs) after a failing one.
// `--only neovim,emacs,vscode,web` (any of them) runs just those tiers; `vscode` is the suite and the UI check.
// Exit code 0 when every tier passed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSuite } from './editors/build-suite.mjs';
import { freshWorkspace, runSuite } from './editors/code-server.mjs';
import { downloadVSCode, runSuiteInElectron } from './editors/electron.mjs';
import { ensureAptPackages } from './editors/install.mjs';
import { npmRun, startCodeServerWithExtension } from './editors/prepare.mjs';
import { uiCheck } from './editors/ui-check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The whole tier, installs included; a fresh machine needs about 4 minutes. */
const OVERALL_TIMEOUT_MS = 10 * 60_000;
/** The extension suite alone; it normally takes well under a minute. */
const SUITE_TIMEOUT_MS = 4 * 60_000;

const started = Date.now();
const say = (/** @type {string} */ line) => console.log(`termlens test:editors: ${line}`);
const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;

const tmp = mkdtempSync(join(tmpdir(), 'termlens-editors-'));
setTimeout(() => {
  console.error(`termlens test:editors: timed out after ${OVERALL_TIMEOUT_MS / 60_000} minutes; logs in ${tmp}`);
  process.exit(1);
}, OVERALL_TIMEOUT_MS);
// Exiting runs the 'exit' handlers that kill code-server's process group and the browser.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));

/** @type {Array<{ tier: string, ok: boolean, detail: string }>} */
const results = [];

const TIERS = ['neovim', 'emacs', 'vscode', 'web'];
const onlyAt = process.argv.indexOf('--only');
const only = onlyAt < 0 ? TIERS : (process.argv[onlyAt + 1] ?? '').split(',');
if (only.some((t) => !TIERS.includes(t))) {
  console.error(`termlens test:editors: --only takes a comma-separated list of ${TIERS.join(', ')}, not "${only.join(',')}"`);
  process.exit(1);
}
const runs = (/** @type {string} */ tier) => only.includes(tier);
// The web tier alone needs only the browser.
ensureAptPackages(only.every((t) => t === 'web') ? ['chromium'] : undefined);

const requested = process.env.TERMLENS_EDITOR;
if (requested && requested !== 'electron' && requested !== 'code-server') {
  console.error(`termlens test:editors: TERMLENS_EDITOR must be "electron" or "code-server", not "${requested}"`);
  process.exit(1);
}
let runner = runs('vscode') ? requested : undefined;
/** @type {string | undefined} */
let vscodeExecutablePath;
if (runs('vscode') && runner !== 'code-server') {
  try {
    vscodeExecutablePath = await downloadVSCode();
    runner = 'electron';
  } catch (error) {
    if (runner === 'electron') {
      console.error(`termlens test:editors: could not install VS Code: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
    say(`VS Code cannot be downloaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); running the suite in code-server`);
    runner = 'code-server';
  }
}

// The packaged extension for code-server; the development build for @vscode/test-electron. Both build dist/, which the Neovim
// and web tiers run.
if (runner === 'electron' || !runs('vscode')) npmRun(root, 'build');
const codeServer = runner === 'code-server' ? await startCodeServerWithExtension(root, join(tmp, 'code-server')) : undefined;

for (const [tier, name] of [
  ['neovim', 'Neovim'],
  ['emacs', 'Emacs'],
  ['web', 'VS Code for the Web (web build in Chromium)'],
]) {
  if (!runs(tier)) continue;
  say(`${name} tier`);
  const run = spawnSync(process.execPath, [join(root, 'scripts', 'editors', `${tier}.mjs`)], { cwd: root, stdio: 'inherit' });
  results.push({ tier: name, ok: run.status === 0, detail: run.status === 0 ? 'passed' : `failed (exit ${run.status ?? run.signal})` });
}

const suitePath = runs('vscode') ? await buildSuite(root) : '';
if (runner) say(`VS Code extension suite in ${runner === 'electron' ? 'desktop VS Code (@vscode/test-electron)' : 'code-server'}`);
if (runner === 'electron') {
  // runner is 'electron' only once downloadVSCode() has returned the executable.
  const code = await runSuiteInElectron({
    vscodeExecutablePath: /** @type {string} */ (vscodeExecutablePath),
    root,
    suitePath,
    workspace: freshWorkspace(root, join(tmp, 'workspace')),
    tmp: join(tmp, 'vscode'),
  });
  results.push({ tier: 'VS Code suite', ok: code === 0, detail: code === 0 ? 'passed' : `failed (exit ${code})` });
} else if (codeServer) {
  const { session, extensionPath } = codeServer;
  /** @type {string[]} */
  const hostLog = [];
  let summary = '';
  let code;
  try {
    code = await runSuite(session, {
      profileDir: join(tmp, 'chromium-suite'),
      workspace: freshWorkspace(root, join(tmp, 'workspace')),
      extensionPath,
      suitePath,
      timeoutMs: SUITE_TIMEOUT_MS,
      log: (line) => {
        hostLog.push(line);
        // The suite's own lines (see test/editor/suite/index.ts); the rest of the extension host's console goes to the log file.
        if (/^( {2}(ok |FAIL)| {7}\S)/.test(line)) console.log(line);
        if (line.startsWith('editor suite:')) summary = line;
      },
    });
  } catch (error) {
    console.error(`termlens test:editors: ${error instanceof Error ? error.message : String(error)}`);
    code = 1;
  }
  writeFileSync(join(tmp, 'extension-host.log'), hostLog.join('\n') + '\n');
  // A run that exits 0 without reporting results ran no tests.
  const ok = code === 0 && /^editor suite: [1-9]\d* passed, 0 failed$/.test(summary);
  results.push({ tier: 'VS Code suite (code-server)', ok, detail: summary || `no results (exit ${code}); see ${join(tmp, 'extension-host.log')}` });

  say('UI check in code-server');
  const shots = join(tmp, 'screenshots');
  mkdirSync(shots);
  try {
    await uiCheck(session, { workspace: freshWorkspace(root, join(tmp, 'workspace-ui')), profileDir: join(tmp, 'chromium-ui'), outDir: shots });
    results.push({ tier: 'UI check', ok: true, detail: 'passed' });
  } catch (error) {
    results.push({ tier: 'UI check', ok: false, detail: `failed: ${error instanceof Error ? error.message : String(error)}; screenshots in ${shots}` });
  }
  session.stop();
}
if (runner === 'electron') say('UI check skipped: it runs in code-server (TERMLENS_EDITOR=code-server)');

const failed = results.filter((r) => !r.ok);
for (const r of results) console.log(`termlens test:editors: ${r.ok ? 'PASS' : 'FAIL'} ${r.tier}: ${r.detail}`);
if (failed.length === 0) {
  rmSync(tmp, { recursive: true, force: true });
  say(`all ${results.length} tiers passed in ${seconds()}`);
  process.exit(0);
}
say(`${failed.length} of ${results.length} tiers failed in ${seconds()}; logs in ${tmp}`);
process.exit(1);
