// Neovim headless test: Neovim's built-in LSP client, configured by the README's Neovim snippet, runs
// `termlens-ls --stdio` on a note and a Python file (test/editor/neovim/test.lua holds the checks).
//
//   node scripts/editors/neovim.mjs     needs `nvim` on PATH and a built dist/server.js (npm run build)
//
// Prints one line per check and a final `neovim: N passed, M failed`; exit code 0 = all passed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { editorSandbox, fail, readmeSnippet, root, waitWithTimeout } from './sandbox.mjs';

const fixtures = join(root, 'test', 'editor', 'neovim');
/** Hard limit for the whole Neovim run; a normal run takes about a second. */
const TIMEOUT_MS = 60_000;

/**
 * The installed Neovim's [major, minor], or undefined when `nvim` cannot be run.
 * @returns {[number, number] | undefined}
 */
function nvimVersion() {
  const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return undefined;
  const m = /NVIM v(\d+)\.(\d+)/.exec(r.stdout);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Quotes a path for a Vim Ex command line (`luafile <path>`).
 * @param {string} path
 */
function exPath(path) {
  return path.replace(/[\\ %#|"]/g, (c) => `\\${c}`);
}

const version = nvimVersion();
if (!version) fail("nvim not found; install Debian's neovim");
if (!existsSync(join(root, 'dist', 'server.js'))) fail(`dist/server.js is missing; run "npm run build" in ${root}`);

// Neovim 0.8+ gets the README's vim.lsp.start snippet, older ones the 0.7 one: the test follows what is installed.
const modern = version[0] > 0 || version[1] >= 8;
const firstLine = `-- termlens: glossary hovers, completion and diagnostics (Neovim ${modern ? '0.8+' : '0.7+'})`;
const snippet = readmeSnippet('lua', firstLine);
if (!snippet) fail(`README.md has no \`\`\`lua block starting with "${firstLine}"`);

const { tmp, home, workspace, init, bin } = editorSandbox({
  prefix: 'termlens-nvim-',
  initName: 'init.lua',
  snippet,
  fixtures,
  files: ['note.md', 'model.py'],
});

// A private HOME and XDG tree: no user config, plugins, shada or LSP log outside the temp dir.
/** @type {NodeJS.ProcessEnv} */
const env = {
  ...process.env,
  PATH: `${bin}:${process.env.PATH ?? ''}`,
  HOME: home,
  XDG_CONFIG_HOME: join(home, '.config'),
  XDG_DATA_HOME: join(home, '.local', 'share'),
  XDG_STATE_HOME: join(home, '.local', 'state'),
  XDG_CACHE_HOME: join(home, '.cache'),
};
delete env.VIMINIT;
delete env.NVIM_APPNAME;

const started = Date.now();
const child = spawn(
  'nvim',
  ['--headless', '-u', init, '-i', 'NONE', '-n', '-c', `luafile ${exPath(join(fixtures, 'test.lua'))}`],
  // Its own process group, so a timeout kills Neovim and the server it started.
  { cwd: workspace, env, stdio: ['ignore', 'pipe', 'inherit'], detached: true },
);
let out = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
const { code, timedOut } = await waitWithTimeout(child, TIMEOUT_MS);
const seconds = ((Date.now() - started) / 1000).toFixed(1);

const passed = (out.match(/^PASS {2}/gm) ?? []).length;
let failed = (out.match(/^FAIL {2}/gm) ?? []).length;
if (timedOut) {
  console.log(`FAIL  nvim finished within ${TIMEOUT_MS / 1000} s (killed)`);
  failed += 1;
} else if (code !== 0 && failed === 0) {
  console.log(`FAIL  nvim exited with code ${code} before reporting a failed check`);
  failed += 1;
} else if (code === 0 && (failed > 0 || passed === 0)) {
  console.log('FAIL  nvim exited 0 without reporting passed checks only');
  failed += 1;
}
if (failed === 0) rmSync(tmp, { recursive: true, force: true });
else console.log(`(Neovim ${version.join('.')}; temp dir with init.lua, workspace and LSP log kept: ${tmp})`);
console.log(`neovim run: ${seconds} s`);
console.log(`neovim: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
