/**
 * Copies of this repository as a fresh clone has it, for the tests that package, install or run
 * termlens the way a gallery, a CI runner or pre-commit would: its own files (tracked, or new and
 * not ignored), without node_modules, dist/ or .git, in a temp folder.
 */

import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** The repository the tests run from. */
export const repositoryRoot = path.resolve(__dirname, '..', '..');

/** Folders never copied when the repository is not a git work tree (what .gitignore keeps out, and `.git`). */
const NOT_COPIED = new Set(['.git', 'node_modules', 'dist', 'coverage', '.vscode-test', 'dist-test', '.data', 'tmp']);

/** The repository's files, relative, with `/`: what `git ls-files` lists (tracked, or untracked and not ignored) that exists. */
function repositoryFiles(): string[] {
  const git = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  if (git.status === 0) return git.stdout.split('\0').filter((file) => file !== '' && existsSync(path.join(repositoryRoot, file)));
  // Not a git work tree (an unpacked archive): every file outside the ignored folders.
  const files: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of readdirSync(path.join(repositoryRoot, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory() && !NOT_COPIED.has(entry.name)) walk(child);
      else if (entry.isFile() && !/\.vsix$|^test-results\.json$/.test(entry.name)) files.push(child);
    }
  };
  walk('');
  return files;
}

/** Options of {@link copyRepository}. */
export interface CopyOptions {
  /** Link `node_modules` to the repository's (as `npm ci` would have filled it), for scripts that build. */
  readonly linkNodeModules?: boolean;
  /** Also commit the copy in a new git repository, tagged with this name, as a hosted termlens would be. */
  readonly gitTag?: string;
}

/** Runs `git ARGS` in `cwd` with a fixed identity, throwing with git's message when it fails. */
export function git(cwd: string, args: readonly string[], options: SpawnSyncOptions = {}): string {
  const run = spawnSync('git', ['-c', 'user.name=termlens test', '-c', 'user.email=test@termlens.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    ...options,
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${String(run.stderr)}`);
  return String(run.stdout);
}

/** Copies the repository's files into `into` (created), and returns `into`. */
export function copyRepository(into: string, options: CopyOptions = {}): string {
  for (const file of repositoryFiles()) {
    const from = path.join(repositoryRoot, file);
    if (!lstatSync(from).isFile()) continue;
    const to = path.join(into, file);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
    // Keep the executable bit: bin/ and scripts are run as they are.
    chmodSync(to, lstatSync(from).mode & 0o777);
  }
  if (options.gitTag !== undefined) {
    git(into, ['init', '--quiet']);
    git(into, ['add', '--all']);
    git(into, ['commit', '--quiet', '--no-verify', '-m', 'termlens']);
    git(into, ['tag', options.gitTag]);
  }
  if (options.linkNodeModules) symlinkSync(path.join(repositoryRoot, 'node_modules'), path.join(into, 'node_modules'), 'dir');
  return into;
}

/**
 * A folder holding an `npm` that stands in for the network: `npm ci` and `npm install` without
 * package names link `node_modules` to the repository's (what they would install from the
 * registry, by the same lockfile); every other command is the real npm. Put it first on `PATH`.
 */
export function offlineNpmShim(dir: string): string {
  const realNpm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (!realNpm) throw new Error('npm is not on the PATH');
  mkdirSync(dir, { recursive: true });
  const shim = path.join(dir, 'npm');
  writeFileSync(
    shim,
    `#!/bin/sh
# Test stand-in for the registry: see offlineNpmShim in test/protocol/repo-copy.ts.
case "$1" in
  ci | install)
    installs_packages=no
    shift
    for arg in "$@"; do case "$arg" in -*) ;; *) installs_packages=yes ;; esac; done
    if [ "$installs_packages" = no ]; then
      [ -e node_modules ] || ln -s ${JSON.stringify(path.join(repositoryRoot, 'node_modules'))} node_modules
      echo "npm (test stand-in): linked node_modules instead of installing from the registry" >&2
      exit 0
    fi
    set -- install "$@"
    ;;
esac
exec ${JSON.stringify(realNpm)} "$@"
`,
  );
  chmodSync(shim, 0o755);
  return dir;
}
