/**
 * The web build (`dist/browser/`, run `npm run build` first) runs where there is no Node: the
 * client in VS Code's web extension host, the server in a dedicated Web Worker. Neither bundle may
 * require a Node module (esbuild's `platform: 'browser'` fails on `node:*` imports, but a
 * dependency's own `require("fs")` inside a CommonJS module would only fail at run time), and the
 * worker has no DOM. The server carries its data: the bundled glossary and the word list.
 */

import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const bundles = { client: path.join(root, 'dist', 'browser', 'client.js'), server: path.join(root, 'dist', 'browser', 'server.js') };

function read(file: string): string {
  if (!existsSync(file)) throw new Error(`${path.relative(root, file)} is missing: run \`npm run build\` first`);
  return readFileSync(file, 'utf8');
}

/** Every `require("…")` of a Node module (`node:*` or a built-in's bare name) in a bundle, as written. */
function nodeRequires(bundle: string): string[] {
  const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));
  const found = new Set<string>();
  for (const match of bundle.matchAll(/\brequire\(\s*(["'`])([^"'`]+)\1\s*\)/g)) {
    const name = match[2]!;
    if (name.startsWith('node:') || builtins.has(name) || builtins.has(name.split('/')[0]!)) found.add(match[0]);
  }
  return [...found].sort();
}

describe('the web build', () => {
  test('the check finds Node requires however they are written', () => {
    expect(nodeRequires('a=require("node:fs");b=require(\'path\');c=require("fs/promises");d=require("vscode");e=require("ajv/dist/x")')).toEqual([
      'require("fs/promises")',
      'require("node:fs")',
      "require('path')",
    ]);
  });

  for (const [name, file] of Object.entries(bundles)) {
    test(`dist/browser/${name}.js requires no Node module`, () => {
      const bundle = read(file);
      expect(nodeRequires(bundle), `dist/browser/${name}.js (${bundle.length} bytes)`).toEqual([]);
    });
  }

  test('the client requires only the vscode API', () => {
    const requires = [...read(bundles.client).matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect([...new Set(requires)]).toEqual(['vscode']);
  });

  test('the server is self-contained: no require at all, no DOM document, the glossary and the word list inside', () => {
    const bundle = read(bundles.server);
    // ajv writes `require("ajv/dist/runtime/…")` into the source of the validators it generates: text, not a call of the bundle.
    const calls = [...bundle.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]).filter((m) => !m!.startsWith('ajv/dist/runtime/'));
    expect(calls).toEqual([]);
    // A dependency's DOM build (picked by the `browser` condition instead of its `worker` one) creates elements at load.
    expect(bundle).not.toMatch(/\bdocument\.createElement\(/);
    const glossary = JSON.parse(readFileSync(path.join(root, 'glossary', 'bundled.glossary.json'), 'utf8')) as { concepts: { term: string }[] };
    const missing = glossary.concepts.map((c) => JSON.stringify(c.term).slice(1, -1)).filter((term) => !bundle.includes(term));
    expect(missing, 'bundled glossary terms not in dist/browser/server.js').toEqual([]);
    const words = readFileSync(path.join(root, 'dist', 'words.txt'), 'utf8')
      .split('\n')
      .filter(Boolean);
    expect(bundle).toContain(`${words.slice(0, 5).join('\\n')}\\n`);
  });
});
