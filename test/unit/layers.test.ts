/**
 * The layers of the code base, checked on its import graph. Every `.ts` file under server/src and
 * client/src is read with the TypeScript compiler's `preProcessFile` (static `import … from`,
 * `import type`, `export … from`, `import('…')` and `require('…')`), its relative imports are
 * resolved to files, and each file is given a layer by its path:
 *
 *   shared   server/src/protocolExtensions.ts, server/src/shared/   leaves: pure types and data
 *   core     server/src/{text,glossary,features}/, service.ts        pure: no I/O, no LSP
 *   project  server/src/{config,project}/, settings.ts               project model and configuration
 *   node     server/src/node/                                        the Node edge (workers, files)
 *   lsp      server/src/server.ts, main.ts, browserMain.ts, lsp/  the language server
 *   cli      server/src/cli/                                         `termlens`
 *   client   client/src/                                             the VS Code client
 *
 * A layer imports only the layers below it (see {@link MAY_IMPORT}); lsp and cli are siblings and
 * do not import each other; the client imports only the shared leaves (it is bundled on its own,
 * and anything else would pull server code, e.g. remark, into dist/client.js). Type-only imports
 * count too: a layer that needs another's types depends on it. Packages are checked per layer
 * ({@link FORBIDDEN_PACKAGES}).
 *
 * Decisions: `settings.ts` is project-level configuration (sanitizing settings and config layers),
 * so it may import core. `protocolExtensions.ts` holds only the custom protocol's types and method
 * names, so it is a shared leaf, and `features/search.ts` (core) may import it. The packages
 * `vscode-languageserver-textdocument` and `vscode-languageserver-types` are pure data structures,
 * not the LSP runtime, and core may use them; `vscode-languageserver` (and its subpaths, e.g.
 * `/node`), `vscode`, `vscode-languageclient` and Node's I/O modules may not.
 *
 * A violation that exists today and cannot be fixed yet is listed in {@link ALLOWED}, with its
 * reason; anything else fails with one line per violation:
 * `server/src/core/text/x.ts imports server/src/server.ts: core may not import lsp`.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, test } from 'vitest';

const root = path.resolve(__dirname, '..', '..');

type Layer = 'shared' | 'core' | 'project' | 'node' | 'lsp' | 'cli' | 'client';

/** The layer of a file (a path relative to the repository, posix separators), or undefined for a file outside every layer. */
function layerOf(file: string): Layer | undefined {
  if (file === 'server/src/protocolExtensions.ts' || file.startsWith('server/src/shared/')) return 'shared';
  if (/^server\/src\/core\//.test(file)) return 'core';
  if (/^server\/src\/(config|project)\//.test(file) || file === 'server/src/settings.ts') return 'project';
  if (file.startsWith('server/src/node/')) return 'node';
  if (['server/src/server.ts', 'server/src/main.ts', 'server/src/browserMain.ts'].includes(file) || file.startsWith('server/src/lsp/')) return 'lsp';
  if (file.startsWith('server/src/cli/')) return 'cli';
  if (file.startsWith('client/src/')) return 'client';
  return undefined;
}

/** Which layers each layer may import (its own included). */
const MAY_IMPORT: Readonly<Record<Layer, readonly Layer[]>> = {
  shared: ['shared'],
  core: ['shared', 'core'],
  project: ['shared', 'core', 'project'],
  node: ['shared', 'core', 'project', 'node'],
  lsp: ['shared', 'core', 'project', 'node', 'lsp'],
  cli: ['shared', 'core', 'project', 'node', 'cli'],
  client: ['shared', 'client'],
};

/** The LSP server runtime: `vscode-languageserver` and its subpaths, not its pure `-types` and `-textdocument` siblings. */
const LSP_RUNTIME = /^vscode-languageserver(\/|$)/;
/** The VS Code extension API and the client library. */
const VSCODE = /^(vscode|vscode-languageclient)(\/|$)/;
/** Node's modules that read or write files, start processes or threads, or talk to the network. */
const NODE_IO = /^(node:)?(fs|fs\/promises|child_process|worker_threads|net|http|https|cluster|dgram|readline)$/;

/** Packages a layer may not import, each with what it is. */
const FORBIDDEN_PACKAGES: Readonly<Record<Layer, readonly (readonly [RegExp, string])[]>> = {
  shared: [
    [LSP_RUNTIME, 'the LSP runtime'],
    [VSCODE, 'the VS Code API'],
    [NODE_IO, 'Node I/O'],
  ],
  core: [
    [LSP_RUNTIME, 'the LSP runtime'],
    [VSCODE, 'the VS Code API'],
    [NODE_IO, 'Node I/O'],
  ],
  project: [
    [LSP_RUNTIME, 'the LSP runtime'],
    [VSCODE, 'the VS Code API'],
  ],
  node: [
    [LSP_RUNTIME, 'the LSP runtime'],
    [VSCODE, 'the VS Code API'],
  ],
  lsp: [[VSCODE, 'the VS Code API']],
  cli: [
    [LSP_RUNTIME, 'the LSP runtime'],
    [VSCODE, 'the VS Code API'],
  ],
  client: [[LSP_RUNTIME, 'the LSP runtime']],
};

/**
 * Violations that exist today and are fixed elsewhere, each with its reason, as the exact line the
 * check prints. An entry that no longer occurs fails the test too, so that the list only shrinks.
 */
const ALLOWED: ReadonlyMap<string, string> = new Map<string, string>([
  // Empty: every layer rule holds. Add an entry only with the reason and the fix that removes it.
]);

/** Every .ts file under `dir` (relative to the repository), sorted. */
function tsFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(root, rel)).sort()) {
      const child = `${rel}/${name}`;
      if (statSync(path.join(root, child)).isDirectory()) walk(child);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(child);
    }
  };
  walk(dir);
  return out;
}

/** The specifiers `file` imports: static, type-only, re-exports, dynamic `import()` and `require`. */
function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The repository file a relative specifier of `from` names (`x` → `x.ts`, `x/index.ts`, or `x.json` as written). */
function resolveRelative(from: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (existsSync(path.join(root, candidate)) && statSync(path.join(root, candidate)).isFile()) return candidate;
  }
  // A file that does not exist (yet): named as the import would most likely resolve.
  return /\.(ts|json)$/.test(base) ? base : `${base}.ts`;
}

/** An import that breaks a layer rule. */
interface Violation {
  readonly message: string;
}

/** The violations among the imports of `files` (read with `read`), in file order. */
function layerViolations(files: readonly string[], read: (file: string) => string): Violation[] {
  const violations: Violation[] = [];
  for (const file of files) {
    const layer = layerOf(file);
    if (!layer) {
      violations.push({ message: `${file} is in no layer: give it one in test/unit/layers.test.ts` });
      continue;
    }
    for (const specifier of importSpecifiers(read(file))) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        // JSON data (the schemas) belongs to no layer and may be imported by anyone.
        if (target.endsWith('.json')) continue;
        const targetLayer = layerOf(target);
        if (!targetLayer) violations.push({ message: `${file} imports ${target}: ${target} is in no layer` });
        else if (!MAY_IMPORT[layer].includes(targetLayer)) violations.push({ message: `${file} imports ${target}: ${layer} may not import ${targetLayer}` });
      } else {
        for (const [pattern, what] of FORBIDDEN_PACKAGES[layer]) {
          if (pattern.test(specifier)) violations.push({ message: `${file} imports ${specifier}: ${layer} may not import ${what}` });
        }
      }
    }
  }
  return violations;
}

const sources = [...tsFiles('server/src'), ...tsFiles('client/src')];
const readSource = (file: string): string => readFileSync(path.join(root, file), 'utf8');

describe('layers', () => {
  test('every file is in a layer and every import follows the layer rules (ALLOWED aside)', () => {
    const found = layerViolations(sources, readSource).map((v) => v.message);
    const fresh = found.filter((m) => !ALLOWED.has(m));
    expect(fresh, `import-graph violations (see test/unit/layers.test.ts):\n${fresh.join('\n')}\n`).toEqual([]);
  });

  test('every ALLOWED entry still occurs (remove the ones that were fixed)', () => {
    const found = new Set(layerViolations(sources, readSource).map((v) => v.message));
    const stale = [...ALLOWED.keys()].filter((m) => !found.has(m));
    expect(stale, `fixed, remove from ALLOWED in test/unit/layers.test.ts:\n${stale.join('\n')}\n`).toEqual([]);
  });

  test('the check sees every kind of import and names the rule broken', () => {
    const files: Record<string, string> = {
      'server/src/core/text/a.ts': [
        "import { x } from '../../server';",
        "import type { Y } from '../../cli/lint';",
        "export { z } from '../../node/markdownBudget';",
        "const w = import('../../project/workspace');",
        "import { readFileSync } from 'node:fs';",
        "import { createConnection } from 'vscode-languageserver/node';",
        "import { TextDocument } from 'vscode-languageserver-textdocument';",
        "import { b } from './b';",
        "import { p } from '../../protocolExtensions';",
      ].join('\n'),
      'server/src/cli/a.ts': "import { startServer } from '../server';",
      'server/src/server.ts': "import { lint } from './cli/lint';",
      'client/src/a.ts': "import { count } from '../../server/src/shared/count';\nimport { scanMarkdown } from '../../server/src/core/text/markdown';",
      'server/src/stray.ts': '',
    };
    expect(layerViolations(Object.keys(files), (f) => files[f] ?? '').map((v) => v.message)).toEqual([
      'server/src/core/text/a.ts imports server/src/server.ts: core may not import lsp',
      'server/src/core/text/a.ts imports server/src/cli/lint.ts: core may not import cli',
      'server/src/core/text/a.ts imports server/src/node/markdownBudget.ts: core may not import node',
      'server/src/core/text/a.ts imports server/src/project/workspace.ts: core may not import project',
      'server/src/core/text/a.ts imports node:fs: core may not import Node I/O',
      'server/src/core/text/a.ts imports vscode-languageserver/node: core may not import the LSP runtime',
      'server/src/cli/a.ts imports server/src/server.ts: cli may not import lsp',
      'server/src/server.ts imports server/src/cli/lint.ts: lsp may not import cli',
      'client/src/a.ts imports server/src/core/text/markdown.ts: client may not import core',
      'server/src/stray.ts is in no layer: give it one in test/unit/layers.test.ts',
    ]);
  });
});
