// The core bundled with esbuild into an ES module and imported, for the benchmarks that time it in process
// (Node does not run TypeScript).
// The exported shapes are declared in bundleCore.d.mts (which importers see); this file is checked against it.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** @typedef {import('./bundleCore.d.mts').BundleCoreOptions} BundleCoreOptions */

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @param {BundleCoreOptions} options
 * @returns {Promise<unknown>}
 */
export async function bundleCore({ entry, replaceRoot, plugins = [], keepDir, fileName = 'core.mjs' }) {
  const dir = keepDir ? path.resolve(keepDir) : mkdtempSync(path.join(tmpdir(), 'termlens-core-'));
  const outfile = path.join(dir, fileName);
  try {
    await build({
      stdin: { contents: entry.join('\n'), resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // As the server's build does: jsonc-parser's UMD entry requires its modules dynamically.
      mainFields: ['module', 'main'],
      outfile,
      logLevel: 'warning',
      // Some dependencies are CommonJS that require Node's built-ins.
      banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
      plugins: [...plugins, ...(replaceRoot === undefined ? [] : [replacing(replaceRoot)])],
    });
    return await import(pathToFileURL(outfile).href);
  } finally {
    if (!keepDir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Loads every TypeScript file of the tree that has a counterpart under `replaceRoot` from there.
 * @param {string} replaceRoot
 * @returns {import('esbuild').Plugin}
 */
function replacing(replaceRoot) {
  return {
    name: 'replace',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const relative = path.relative(root, args.path);
        const replacement = path.join(replaceRoot, relative);
        if (relative.startsWith('..') || !existsSync(replacement)) return undefined;
        return { contents: readFileSync(replacement, 'utf8'), resolveDir: path.dirname(args.path), loader: 'ts' };
      });
    },
  };
}
