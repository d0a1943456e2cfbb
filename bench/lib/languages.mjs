/**
 * The file extensions `termlens lint` reads, for the bench's own file lists (the real-world corpus
 * as cspell and textlint are given it). Read from the language table,
 * `server/src/shared/languages.ts` (data only), as text: the bench runs the built CLI, not the
 * sources, and this plain JavaScript cannot import TypeScript.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';

// The shape of the declarations is in languages.d.mts (which importers see); this file is checked against it.

/**
 * Extension → language ID, for every extension the language table lists.
 * @param {string} repoRoot
 * @returns {Map<string, string>}
 */
export function lintedExtensions(repoRoot) {
  const source = readFileSync(path.join(repoRoot, 'server', 'src', 'shared', 'languages.ts'), 'utf8');
  /** @type {Map<string, string>} */
  const out = new Map();
  for (const m of source.matchAll(/language\('([^']+)', '[^']+', \[([^\]]*)\]/g)) for (const e of m[2].matchAll(/'([^']+)'/g)) out.set(e[1], m[1]);
  if (!out.has('md')) throw new Error('bench: found no file extensions in server/src/shared/languages.ts');
  return out;
}
