/** Types of `languages.mjs`: the file extensions `termlens lint` reads, from the language table. */

/** Extension (lower case, no dot) → VS Code language ID, for every extension of `server/src/shared/languages.ts`. */
export function lintedExtensions(repoRoot: string): Map<string, string>;
