// Bundles the VS Code client, the language server and the CLI into dist/ with esbuild, and the web build (client and
// server for VS Code for the Web) into dist/browser/.
//
//   node scripts/build.mjs               development build: linked source maps, not minified
//   node scripts/build.mjs --production  minified, no source maps (what `npm run package` ships)
//
// Every runtime library is bundled, so the extension and the bin/ wrappers need no node_modules.
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeSchemaValidators } from './schemaValidators.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
/** @type {boolean} */
let production;
try {
  production = parseArgs({ options: { production: { type: 'boolean', default: false } } }).values.production;
} catch (error) {
  console.error(`termlens: ${error instanceof Error ? error.message : String(error)}\nusage: node scripts/build.mjs [--production]`);
  process.exit(2);
}

// The schema validators are compiled ahead of time into the core (scripts/schemaValidators.mjs).
writeSchemaValidators();
mkdirSync(dist, { recursive: true });
if (production) {
  // Source maps left over from a development build must not end up in the .vsix.
  for (const dir of [dist, join(dist, 'browser')]) {
    if (existsSync(dir)) for (const file of readdirSync(dir)) if (file.endsWith('.map')) rmSync(join(dir, file));
  }
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  // Prefer ESM entry points: jsonc-parser's `main` is a UMD build whose internal `require`s esbuild cannot follow.
  mainFields: ['module', 'main'],
  // Some ESM-only dependencies (fdir, under tinyglobby) call `createRequire(import.meta.url)`, which CJS output
  // lacks: point `import.meta.url` at the bundle's own file. Any other `import.meta` use fails the build (esbuild
  // would only warn and leave it empty).
  define: { 'import.meta.url': 'import_meta_url' },
  logOverride: { 'empty-import-meta': 'error' },
};
const importMetaUrlShim = "const import_meta_url = require('url').pathToFileURL(__filename).href;";

/**
 * Node executables: the language server and the CLI (also run through bin/termlens-ls.js and bin/termlens.js),
 * the CLI's worker thread, which dist/cli.js starts from its own folder for large lint runs, and the remark worker
 * that the server and the CLI parse Markdown on with a time budget (server/src/node/markdownBudget.ts).
 */
const executables = [
  { entry: 'server/src/main.ts', out: 'server.js' },
  { entry: 'server/src/cli/main.ts', out: 'cli.js' },
  { entry: 'server/src/cli/worker.ts', out: 'lint-worker.js' },
  { entry: 'server/src/node/markdownWorker.ts', out: 'markdown-worker.js' },
];

// The server loads this English word list lazily, so that ordinary words are never flagged as misspelled terms.
// It is written in the form server/src/core/text/dictionary.ts searches by bisection: lower-case, unique, sorted;
// before the bundles, as the web build's server bundles it.
const words = readFileSync(join(root, 'node_modules/word-list/words.txt'), 'utf8');
writeFileSync(
  join(dist, 'words.txt'),
  [...new Set(words.split('\n').map((w) => w.trim().toLowerCase()))]
    .filter((w) => w !== '')
    .sort()
    .join('\n') + '\n',
);

/**
 * The web build: the client for VS Code's web extension host (CommonJS, `vscode` provided by the host) and the language
 * server for the dedicated Web Worker it starts (an IIFE). Node's `path` is path-browserify; the server's three other
 * Node globals come from server/src/lsp/browserGlobals.ts; `termlens-asset:FILE` imports a repository file as text (the
 * bundled glossary and the word list ship inside the server bundle). Any other Node module fails the build.
 * @type {import('esbuild').BuildOptions}
 */
const browserCommon = {
  bundle: true,
  platform: 'browser',
  target: 'es2022',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  mainFields: ['browser', 'module', 'main'],
  alias: { path: 'path-browserify', 'node:path': 'path-browserify' },
  plugins: [
    {
      name: 'termlens-asset',
      setup(builder) {
        builder.onResolve({ filter: /^termlens-asset:/ }, (args) => ({
          path: join(root, args.path.slice('termlens-asset:'.length)),
          namespace: 'termlens-asset',
        }));
        builder.onLoad({ filter: /.*/, namespace: 'termlens-asset' }, (args) => ({ contents: readFileSync(args.path, 'utf8'), loader: 'text' }));
      },
    },
    {
      // esbuild would fail too, with a hint to build for Node; say where the dependency belongs instead.
      name: 'no-node-in-the-browser',
      setup(builder) {
        const nodeModules = new Set(builtinModules.filter((m) => m !== 'path'));
        builder.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
          const name = args.path.replace(/^node:/, '');
          if (!nodeModules.has(name) && !nodeModules.has(name.split('/')[0] ?? '')) return undefined;
          const text = `the web build cannot import Node's "${args.path}" (from ${relative(root, args.importer)}): pass what needs it in through ServerOptions (server/src/lsp/context.ts), as server/src/main.ts does`;
          return { errors: [{ text }] };
        });
      },
    },
  ],
};

const results = await Promise.allSettled([
  build({
    ...common,
    entryPoints: [join(root, 'client/src/extension.ts')],
    outfile: join(dist, 'client.js'),
    external: ['vscode'],
    target: 'node18',
    banner: { js: importMetaUrlShim },
  }),
  ...executables.map(({ entry, out }) =>
    build({
      ...common,
      entryPoints: [join(root, entry)],
      outfile: join(dist, out),
      target: 'node20',
      banner: { js: `#!/usr/bin/env node\n${importMetaUrlShim}` },
    }).then(() => chmodSync(join(dist, out), 0o755)),
  ),
  build({
    ...browserCommon,
    entryPoints: [join(root, 'client/src/browser/extension.ts')],
    outfile: join(dist, 'browser', 'client.js'),
    format: 'cjs',
    external: ['vscode'],
  }),
  build({
    ...browserCommon,
    entryPoints: [join(root, 'server/src/browserMain.ts')],
    outfile: join(dist, 'browser', 'server.js'),
    format: 'iife',
    // A dedicated worker has no DOM: packages' `worker` builds, not their `browser` ones (decode-named-character-reference's uses `document`).
    conditions: ['worker'],
    inject: [join(root, 'server/src/lsp/browserGlobals.ts')],
  }),
]);
const failures = results.filter((result) => result.status === 'rejected');
if (failures.length > 0) {
  // esbuild has already printed its own errors; print anything else that went wrong.
  for (const { reason } of failures) if (!(reason instanceof Error && 'errors' in reason)) console.error(reason);
  console.error('termlens: build failed');
  process.exit(1);
}

console.log(`termlens: built dist/ (${production ? 'production' : 'development'})`);
