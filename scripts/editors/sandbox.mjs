// What the terminal-editor tiers (Neovim, Emacs) share: the repository root, how a tier fails,
// the README snippet it runs word for word, and a private temporary home with a `termlens-ls` on
// its PATH.

import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Prints `message` as a tier failure and exits with code 1.
 * @param {string} message
 * @returns {never}
 */
export function fail(message) {
  console.error(`termlens test:editors: ${message}`);
  process.exit(1);
}

/**
 * The README's fenced block of `language` (```lua, ```elisp) whose first line is `firstLine`, verbatim.
 * @param {string} language
 * @param {string} firstLine
 * @returns {string | undefined}
 */
export function readmeSnippet(language, firstLine) {
  const lines = readFileSync(join(root, 'README.md'), 'utf8').split('\n');
  const start = lines.indexOf(firstLine);
  if (start < 1 || lines[start - 1] !== '```' + language) return undefined;
  const end = lines.indexOf('```', start);
  return end < 0 ? undefined : lines.slice(start, end).join('\n') + '\n';
}

/**
 * A fresh temporary folder with `bin/termlens-ls` (the built server), an empty `home/`, a
 * `workspace/` holding copies of `files` from `fixtures`, and the editor's init file `initName`
 * holding `snippet`.
 * @param {{ prefix: string, initName: string, snippet: string, fixtures: string, files: readonly string[] }} options
 */
export function editorSandbox({ prefix, initName, snippet, fixtures, files }) {
  const tmp = mkdtempSync(join(tmpdir(), prefix));
  const bin = join(tmp, 'bin');
  const home = join(tmp, 'home');
  const workspace = join(tmp, 'workspace');
  for (const dir of [bin, home, workspace]) mkdirSync(dir);
  const shQuote = (/** @type {string} */ s) => `'${s.replace(/'/g, `'\\''`)}'`;
  const shim = join(bin, 'termlens-ls');
  writeFileSync(shim, `#!/bin/sh\nexec ${shQuote(process.execPath)} ${shQuote(join(root, 'bin', 'termlens-ls.js'))} "$@"\n`);
  chmodSync(shim, 0o755);
  const init = join(tmp, initName);
  writeFileSync(init, snippet);
  for (const file of files) copyFileSync(join(fixtures, file), join(workspace, file));
  return { tmp, bin, home, workspace, init };
}

/**
 * Waits for `child` (started detached, as its own process group) to end, killing the group after
 * `timeoutMs`: its exit code (null when killed) and whether the time ran out.
 * @param {import('node:child_process').ChildProcess} child
 * @param {number} timeoutMs
 * @returns {Promise<{ code: number | null, timedOut: boolean }>}
 */
export async function waitWithTimeout(child, timeoutMs) {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  }, timeoutMs);
  /** @type {number | null} */
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, timedOut };
}
