/**
 * The VS Code client bundle (`dist/client.js`, run `npm run build` first) holds no Markdown parser:
 * the client imports only the shared leaves of server/src (`test/unit/layers.test.ts`), and remark
 * with micromark is about 160 KB of a minified client that needs none of it. The markers are found
 * in development and production builds alike: micromark's name (its module paths in development
 * builds, strings in minified ones) and one of its error messages.
 */

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect, test } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const client = path.join(root, 'dist', 'client.js');

/** Text found only in the Markdown parser (micromark, mdast-util-from-markdown, remark). */
const MARKDOWN_PARSER_MARKERS = ['micromark', 'mdast-util-from-markdown', 'remark-parse', 'Cannot close document, a token'];

test('dist/client.js does not contain the Markdown parser', () => {
  if (!existsSync(client)) throw new Error('dist/client.js is missing: run `npm run build` first');
  const bundle = readFileSync(client, 'utf8');
  const found = MARKDOWN_PARSER_MARKERS.filter((marker) => bundle.includes(marker));
  expect(
    found,
    `dist/client.js (${bundle.length} bytes) contains the Markdown parser; something the client imports pulls in server/src/core/text/markdown.ts`,
  ).toEqual([]);
});
