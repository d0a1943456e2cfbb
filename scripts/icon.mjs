// Renders the extension icon, media/icon.svg → media/icon.png (256 × 256), with resvg compiled to
// WebAssembly (@resvg/resvg-wasm): the same bytes on every machine, whatever its fonts or libraries.
//
//   node scripts/icon.mjs           write media/icon.png (npm run icon)
//   node scripts/icon.mjs --check   exit 1 if media/icon.png is not what media/icon.svg renders to
//
// The PNG is committed, since the galleries read it from the package; test/protocol/package.test.ts
// runs --check, so an edited SVG without a re-rendered PNG fails.
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = join(root, 'media/icon.svg');
const TARGET = join(root, 'media/icon.png');
/** The icon's size in pixels: the Marketplace asks for at least 128 × 128; 256 stays sharp on high-DPI screens. */
const SIZE = 256;

/** @type {boolean} */
let check;
try {
  check = parseArgs({ options: { check: { type: 'boolean', default: false } } }).values.check;
} catch (error) {
  console.error(`termlens: ${error instanceof Error ? error.message : String(error)}\nusage: node scripts/icon.mjs [--check]`);
  process.exit(2);
}

const require = createRequire(import.meta.url);
await initWasm(readFileSync(require.resolve('@resvg/resvg-wasm/index_bg.wasm')));
// No system fonts are loaded: the icon has no text, and a machine's fonts must not change its pixels.
const rendered = new Resvg(readFileSync(SOURCE, 'utf8'), { fitTo: { mode: 'width', value: SIZE }, font: { loadSystemFonts: false } }).render();
if (rendered.width !== SIZE || rendered.height !== SIZE) {
  console.error(`termlens: media/icon.svg rendered to ${rendered.width} × ${rendered.height}, not ${SIZE} × ${SIZE}: keep its viewBox square`);
  process.exit(1);
}
const png = Buffer.from(rendered.asPng());

if (check) {
  /** @type {Buffer | undefined} */
  let committed;
  try {
    committed = readFileSync(TARGET);
  } catch {
    committed = undefined;
  }
  if (!committed || !committed.equals(png)) {
    console.error('termlens: media/icon.png is not what media/icon.svg renders to: run "npm run icon" and commit media/icon.png');
    process.exit(1);
  }
  console.log('termlens: media/icon.png is up to date');
} else {
  writeFileSync(TARGET, png);
  console.log(`termlens: wrote media/icon.png (${SIZE} × ${SIZE}, ${png.length} bytes)`);
}
