// Compiles the editor test suite (test/editor/suite/index.ts and what it imports) with esbuild into
// dist-test/editor/index.js: CommonJS for the extension host, with `vscode` (provided by the editor)
// and `mocha` (loaded from node_modules at run time) left external.
import { build } from 'esbuild';
import { join } from 'node:path';

/**
 * Builds the suite.
 * @param {string} root the repository root
 * @returns {Promise<string>} the path of the compiled suite module (what `extensionTestsPath` names)
 */
export async function buildSuite(root) {
  const outfile = join(root, 'dist-test', 'editor', 'index.js');
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, 'test', 'editor', 'suite', 'index.ts')],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return outfile;
}
