/**
 * Runs one command line and measures it: wall time, and for Node tools the peak resident set
 * size reported by `rss-hook.cjs` (preloaded with `--require`), without /usr/bin/time.
 */

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the hook that records peak memory; pass it as `node --require HOOK entry.js`. */
export const RSS_HOOK = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-hook.cjs');

/**
 * The `node` arguments that run a Node tool's JS entry with the peak-memory hook.
 * @param {string} entry absolute path of the tool's JS entry point
 * @param {readonly string[]} args the tool's arguments
 * @returns {string[]}
 */
export function nodeArgs(entry, args) {
  return ['--require', RSS_HOOK, entry, ...args];
}

/**
 * @typedef {{ wallMs: number, peakRssMb: number | undefined, exitCode: number | null, signal: NodeJS.Signals | null,
 *   timedOut: boolean, stdout: string, stderr: string }} RunResult
 */

/**
 * Runs `cmd args` in `cwd` and waits for it to exit, collecting its output. Peak RSS is read
 * from the file the hook writes (undefined when the command did not load the hook, e.g. it is not
 * `node --require RSS_HOOK …`, or it was killed).
 * @param {{ cmd: string, args: readonly string[], cwd: string, env?: NodeJS.ProcessEnv, timeoutMs?: number }} options
 *   `env`: added to this process's environment, default nothing added; `timeoutMs`: kill the
 *   command (SIGKILL) after this long and report `timedOut`, default 0 (no limit)
 * @returns {Promise<RunResult>}
 */
export async function runTool({ cmd, args, cwd, env = {}, timeoutMs = 0 }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'termlens-bench-'));
  const rssFile = path.join(dir, 'maxrss');
  try {
    const started = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const stdout = [];
    /** @type {Buffer[]} */
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    let timedOut = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, timeoutMs)
        : undefined;
    /** @type {{ exitCode: number | null, signal: NodeJS.Signals | null }} */
    const { exitCode, signal } = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, sig) => resolve({ exitCode: code, signal: sig }));
    }).finally(() => clearTimeout(timer));
    const wallMs = performance.now() - started;
    let peakRssMb;
    try {
      peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
    } catch {
      peakRssMb = undefined;
    }
    return { wallMs, peakRssMb, exitCode, signal, timedOut, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
