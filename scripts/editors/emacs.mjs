// Emacs headless test: eglot, configured by the README's Emacs snippet word for word, runs
// `termlens-ls --stdio` on a note and a Python file (test/editor/emacs/test.el holds the checks).
//
//   node scripts/editors/emacs.mjs     needs Emacs 28+ with eglot (Debian: emacs-nox elpa-eglot
//                                      elpa-markdown-mode) and a built dist/server.js (npm run build)
//
// Prints one line per check and a final `emacs: N passed, M failed`; exit code 0 = all passed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { editorSandbox, fail, readmeSnippet, root, waitWithTimeout } from './sandbox.mjs';

const fixtures = join(root, 'test', 'editor', 'emacs');
/** The README line that starts the Emacs snippet; the test finds the snippet by it. */
const FIRST_LINE = ';; termlens: glossary hovers, completion and diagnostics (Emacs 28+ with eglot)';
/** Hard limit for the whole Emacs run; a normal run takes a few seconds. */
const TIMEOUT_MS = 90_000;

/**
 * Emacs Lisp evaluated in `emacs --batch`; its stdout, or undefined when Emacs cannot be run.
 * @param {string} form
 * @param {NodeJS.ProcessEnv} env
 */
function emacsEval(form, env) {
  const r = spawnSync('emacs', ['--batch', '-f', 'package-activate-all', '--eval', form], { encoding: 'utf8', env });
  return r.error || r.status !== 0 ? undefined : r.stdout.trim();
}

if (!existsSync(join(root, 'dist', 'server.js'))) fail(`dist/server.js is missing; run "npm run build" in ${root}`);
const snippet = readmeSnippet('elisp', FIRST_LINE);
if (!snippet) fail(`README.md has no \`\`\`elisp block starting with "${FIRST_LINE}"`);

const { tmp, home, workspace, init, bin } = editorSandbox({
  prefix: 'termlens-emacs-',
  initName: 'init.el',
  snippet,
  fixtures,
  files: ['note.md', 'model.py'],
});

// A private HOME: no user init, packages, auto-saves or eglot state outside the temp dir.
/** @type {NodeJS.ProcessEnv} */
const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
delete env.EMACSLOADPATH;
delete env.EMACSDATA;

// `emacs --batch` loads the site files (Debian's add the packages' directories) but, unlike an
// interactive start, activates no packages: -f package-activate-all does what that start does.
const about = emacsEval('(princ (format "%s %s %s" emacs-version (and (locate-library "eglot") t) (and (locate-library "markdown-mode") t)))', env);
const [version = '', hasEglot, hasMarkdown] = (about ?? '').split(' ');
/** @type {string | undefined} */
let missing;
if (!about) missing = "emacs not found; install Debian's emacs-nox elpa-eglot elpa-markdown-mode";
else if (Number(version.split('.')[0]) < 28) missing = `Emacs ${version} is older than 28`;
else if (hasEglot !== 't') missing = `Emacs ${version} has no eglot; install Debian's elpa-eglot`;
else if (hasMarkdown !== 't') missing = `Emacs ${version} has no markdown-mode; install Debian's elpa-markdown-mode`;
if (missing) {
  rmSync(tmp, { recursive: true, force: true });
  fail(missing);
}

const started = Date.now();
const child = spawn('emacs', ['--batch', '-f', 'package-activate-all', '-l', init, '-l', join(fixtures, 'test.el')], {
  // Its own process group, so a timeout kills Emacs and the servers it started.
  cwd: workspace,
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let out = '';
let err = '';
child.stdout.setEncoding('utf8');
child.stdout.on('data', (chunk) => {
  out += chunk;
  process.stdout.write(chunk);
});
// Emacs's messages (eglot's "Connected!", file saves): kept for a failed run only.
child.stderr.setEncoding('utf8');
child.stderr.on('data', (chunk) => (err += chunk));
const { code, timedOut } = await waitWithTimeout(child, TIMEOUT_MS);
const seconds = ((Date.now() - started) / 1000).toFixed(1);

let passed = (out.match(/^PASS {2}/gm) ?? []).length;
let failed = (out.match(/^FAIL {2}/gm) ?? []).length;
// The quick fix, saved by test.el, as it reached the disk.
if (code === 0 && !timedOut) {
  const saved = readFileSync(join(workspace, 'note.md'), 'utf8');
  if (saved.includes('writes Heston Model and') && !saved.includes('Hesten')) {
    console.log('PASS  the saved note.md has the quick fix');
    passed += 1;
  } else {
    console.log(`FAIL  the saved note.md has the quick fix\n      received: ${JSON.stringify(saved)}`);
    failed += 1;
  }
}
if (timedOut) {
  console.log(`FAIL  emacs finished within ${TIMEOUT_MS / 1000} s (killed)`);
  failed += 1;
} else if (code !== 0 && failed === 0) {
  console.log(`FAIL  emacs exited with code ${code} before reporting a failed check`);
  failed += 1;
} else if (code === 0 && (failed > 0 || passed === 0)) {
  console.log('FAIL  emacs exited 0 without reporting passed checks only');
  failed += 1;
}
if (failed === 0) rmSync(tmp, { recursive: true, force: true });
else {
  writeFileSync(join(tmp, 'emacs-messages.log'), err);
  console.log(`(Emacs ${version}; temp dir with init.el, workspace and emacs-messages.log kept: ${tmp})`);
}
console.log(`emacs run: ${seconds} s`);
console.log(`emacs: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
