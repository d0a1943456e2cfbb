/**
 * Glob patterns of project config files (`ignore`, `overrides[].files`), matched against paths
 * relative to a base folder the way `.gitignore` patterns are.
 */

import path from 'node:path';
import picomatch from 'picomatch';

/** Tests a path relative to the patterns' base folder (posix separators). */
export type RelativeMatcher = (relativePath: string) => boolean;

/**
 * One matcher for `patterns` (picomatch syntax, dot files included, no negation):
 * - a pattern without a slash (other than a trailing one) matches a name at any depth (`*.md`,
 *   `vendor`); a pattern with a slash is relative to the base folder (`docs/*.md`; a leading `/`
 *   or `./` is dropped);
 * - a pattern also matches everything below what it names (`vendor` and `vendor/` match
 *   `vendor/a/b.md`); a pattern with a trailing `/` names only folders.
 */
export function compileGlobs(patterns: readonly string[]): RelativeMatcher {
  const globs: string[] = [];
  for (const raw of patterns) {
    let pattern = raw.trim().replace(/^(?:\.\/)+/, '');
    const anchored = pattern.startsWith('/');
    pattern = pattern.replace(/^\/+/, '');
    const folderOnly = pattern.endsWith('/');
    pattern = pattern.replace(/\/+$/, '');
    if (pattern === '' || pattern.startsWith('!')) continue;
    const base = anchored || pattern.includes('/') ? pattern : `**/${pattern}`;
    if (!folderOnly) globs.push(base);
    globs.push(`${base}/**/*`);
  }
  if (globs.length === 0) return () => false;
  return picomatch(globs, { dot: true, nonegate: true });
}

/** `p` with forward slashes and a lower-case drive letter, so Windows paths compare as posix ones. */
export function toPosixPath(p: string): string {
  const slashed = p.replace(/\\/g, '/');
  return /^[A-Za-z]:/.test(slashed) ? slashed[0]!.toLowerCase() + slashed.slice(1) : slashed;
}

/** Whether `p` is absolute, as a posix path or with a Windows drive letter. */
export function isAbsolutePath(p: string): boolean {
  return path.posix.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\');
}

/**
 * `file` relative to the folder `dir` (both absolute), with posix separators, or `undefined` when
 * `file` is not inside `dir`.
 */
export function relativeInside(dir: string, file: string): string | undefined {
  const from = toPosixPath(dir);
  const to = toPosixPath(file);
  const rel = path.posix.relative(from, to);
  if (rel === '' || rel === '..' || rel.startsWith('../') || isAbsolutePath(rel)) return undefined;
  return rel;
}
