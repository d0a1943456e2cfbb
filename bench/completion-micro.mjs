// Completion latency in process, without the JSON-RPC of `npm run bench`: the 100,000-term
// generated glossary (plus the bundled one, as the server serves them), the 1 MB note, and
// completion at 300 places 3 characters into a capitalised word of prose (the positions the server
// benchmark types at), then the resolve of the first item. Prints p50/p95/p99/max and the sizes of
// the collections fuse.js searched.
//
//   node bench/completion-micro.mjs [--data DIR] [--against DIR] [--positions N] [--rounds N] [--seed N] [--slowest N] [--diffs N] [--keep-bundle DIR] [--json]
//
// --data: the benchmark data folder (default bench/.data, generated there on first use as by
// `npm run bench`). --against DIR: also measure a second build of the core in which every file
// present under DIR (same relative paths, e.g. DIR/server/src/core/features/fuzzy.ts) replaces the
// tree's; the two are timed alternately, position by position, so that a noisy machine affects both
// alike. Each round starts from a freshly compiled glossary, so lazily built indexes and caches are
// paid for inside the round, as in a server that has just loaded the glossary; the garbage of
// loading is collected before the timing starts, as the server's idle collector does
// (server/src/node/idleCollector.ts). --slowest N lists
// the N slowest completions of each build (the text before the cursor, the entries fuse.js searched).
// --diffs N shows the first N places where the two builds' first five labels differ.
// --keep-bundle DIR writes the bundled core there and keeps it, to read a `node --cpu-prof` profile by.
// The core is bundled with esbuild into a temporary file first (bench/lib/bundleCore.mjs), as Node does not run TypeScript.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bundleCore } from './lib/bundleCore.mjs';
import { mulberry32, prepareData } from './lib/generate.mjs';
import { quantile, typingOffsets } from './lib/server.mjs';

/** @typedef {typeof import('../server/src/core/service.js')} ServiceModule */
/** @typedef {typeof import('../server/src/core/glossary/load.js')} LoadModule */
/** @typedef {typeof import('../server/src/core/text/dictionary.js')} DictionaryModule */
/** @typedef {ServiceModule & LoadModule & DictionaryModule & { fuseSearched: number[] }} Core */

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.join(root, 'bench', '.data') },
    against: { type: 'string' },
    positions: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '1' },
    seed: { type: 'string', default: '14' },
    json: { type: 'boolean', default: false },
    slowest: { type: 'string', default: '0' },
    'keep-bundle': { type: 'string' },
    diffs: { type: 'string', default: '0' },
  },
});
const positionCount = Number(values.positions);
const rounds = Number(values.rounds);

/**
 * Bundles the core, with the files under `replaceRoot` (if given) in place of the tree's, and with
 * fuse.js wrapped so that every search records how many entries it searched.
 * @param {string | undefined} replaceRoot
 * @returns {Promise<Core>}
 */
async function loadCore(replaceRoot) {
  const fuseEntry = require.resolve('fuse.js');
  /** @type {import('esbuild').Plugin} */
  const measure = {
    name: 'measure',
    setup(b) {
      b.onResolve({ filter: /^fuse\.js$/ }, (args) =>
        args.importer === 'fuse-counted' ? { path: fuseEntry } : { path: 'fuse-counted', namespace: 'fuse-counted' },
      );
      b.onResolve({ filter: /^fuse-counted$/ }, () => ({ path: 'fuse-counted', namespace: 'fuse-counted' }));
      b.onLoad({ filter: /.*/, namespace: 'fuse-counted' }, () => ({
        contents: [
          "import Fuse from 'fuse.js';",
          'export const fuseSearched = [];',
          'export default class CountedFuse extends Fuse {',
          '  constructor(docs, options, index) { super(docs, options, index); this.counted = docs.length; }',
          '  search(query, options) { fuseSearched.push(this.counted); return super.search(query, options); }',
          '}',
        ].join('\n'),
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
  return /** @type {Core} */ (
    await bundleCore({
      entry: [
        "export { createTermService } from './server/src/core/service';",
        "export { parseGlossaryText } from './server/src/core/glossary/load';",
        "export { createDictionary } from './server/src/core/text/dictionary';",
        "export { fuseSearched } from 'fuse-counted';",
      ],
      replaceRoot,
      plugins: [measure],
      keepDir: values['keep-bundle'],
      fileName: replaceRoot === undefined ? 'core.mjs' : 'core-against.mjs',
    })
  );
}

/** @param {number[]} xs */
function summary(xs) {
  return { n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99), max: Math.max(...xs) };
}

const data = await prepareData(values.data, { log: (/** @type {string} */ m) => console.error(m) });
const noteText = readFileSync(path.join(data.corpora['note-1mb'].path, 'note.md'), 'utf8');
const bundledText = readFileSync(data.glossaries.bundled, 'utf8');
const g100kText = readFileSync(data.glossaries.g100k, 'utf8');
const wordList = readFileSync(path.join(root, 'node_modules', 'word-list', 'words.txt'), 'utf8');

/** @type {Array<{ name: string, core: Core }>} */
const variants = [{ name: 'tree', core: await loadCore(undefined) }];
if (values.against) variants.push({ name: 'against', core: await loadCore(path.resolve(values.against)) });

/**
 * A service as the server builds it: the bundled glossary and the 100,000-term one from settings,
 * the note parsed, then the completion indexes built (`warm`, timed).
 * @param {Core} core
 */
function serviceOf(core) {
  const service = core.createTermService({ dictionary: core.createDictionary(() => wordList) });
  service.store.setBundled(core.parseGlossaryText(bundledText, pathToFileURL(data.glossaries.bundled).href));
  const g100kUri = pathToFileURL(data.glossaries.g100k).href;
  service.store.setSettingsFiles([g100kUri]);
  service.store.setFile(g100kUri, g100kText, 'settings');
  // Parsed first, so that the time of warm() is the completion indexes' (the word list is read by then).
  const doc = service.parse(noteText, 'markdown');
  const t0 = performance.now();
  service.warm();
  const warmMs = performance.now() - t0;
  return { service, doc, warmMs };
}

/** @typedef {{ ms: number, before: string, searched: number[] }} Sample */
/** @type {Record<string, { completion: number[], resolved: number[], items: number, withItems: number, searched: number[], warmMs: number[], samples: Sample[] }>} */
const results = Object.fromEntries(
  variants.map((v) => [v.name, { completion: [], resolved: [], items: 0, withItems: 0, searched: [], warmMs: [], samples: [] }]),
);
/** @type {Record<string, string[][]>} */
const labels = Object.fromEntries(variants.map((v) => [v.name, []]));

setFlagsFromString('--expose-gc');
const collectGarbage = /** @type {() => void} */ (runInNewContext('gc'));

for (let round = 0; round < rounds; round++) {
  const offsets = typingOffsets(noteText, positionCount, mulberry32(Number(values.seed) + round));
  const built = variants.map((v) => ({ ...v, ...serviceOf(v.core) }));
  collectGarbage();
  for (const b of built) results[b.name].warmMs.push(b.warmMs);
  for (let i = 0; i < offsets.length; i++) {
    // Alternate which variant goes first, so that neither always follows the other's garbage.
    const order = (i + round) % 2 === 0 ? built : [...built].reverse();
    for (const { name, core, service, doc } of order) {
      const r = results[name];
      core.fuseSearched.length = 0;
      const t0 = performance.now();
      const list = service.completions(doc, offsets[i]);
      const t1 = performance.now();
      const first = list.items[0];
      if (first) service.completionDocumentation(first.conceptId);
      const t2 = performance.now();
      r.completion.push(t1 - t0);
      if (first) {
        r.resolved.push(t2 - t0);
        r.withItems++;
        r.items += list.items.length;
      }
      r.searched.push(...core.fuseSearched);
      const lineStart = noteText.lastIndexOf('\n', offsets[i] - 1) + 1;
      r.samples.push({ ms: t1 - t0, before: noteText.slice(Math.max(lineStart, offsets[i] - 30), offsets[i]), searched: [...core.fuseSearched] });
      if (round === 0) labels[name].push(list.items.slice(0, 5).map((item) => item.label));
    }
  }
}

const report = Object.fromEntries(
  Object.entries(results).map(([name, r]) => [
    name,
    {
      completion: summary(r.completion),
      resolved: summary(r.resolved),
      withItems: r.withItems,
      meanItems: r.items / Math.max(1, r.withItems),
      fuseSearched: { searches: r.searched.length, ...summary(r.searched.length ? r.searched : [0]) },
      warmMs: r.warmMs,
    },
  ]),
);
if (variants.length === 2) {
  // How often the first five labels differ between the two builds (first round).
  const [a, b] = variants.map((v) => labels[v.name]);
  let differ = 0;
  let firstDiffers = 0;
  a.forEach((la, i) => {
    if (la.join('\n') !== b[i].join('\n') && differ++ < Number(values.diffs)) {
      const before = results[variants[0].name].samples[i].before;
      console.error(`…${JSON.stringify(before)}\n  ${variants[0].name}: ${la.join(' | ')}\n  ${variants[1].name}: ${b[i].join(' | ')}`);
    }
    if (la[0] !== b[i][0]) firstDiffers++;
  });
  report.top5Differ = /** @type {any} */ ({ of: a.length, differ, firstDiffers });
}
if (values.json) {
  console.log(JSON.stringify(report, null, 1));
} else {
  /** @param {number} x */
  const ms = (x) => x.toFixed(2);
  for (const [name, r] of Object.entries(results)) {
    const c = summary(r.completion);
    const s = summary(r.resolved);
    const f = summary(r.searched.length ? r.searched : [0]);
    console.log(
      `${name}: completion p50 ${ms(c.p50)} p95 ${ms(c.p95)} p99 ${ms(c.p99)} max ${ms(c.max)} ms (n ${c.n}, ${r.withItems} with items, ${(r.items / Math.max(1, r.withItems)).toFixed(1)} items)` +
        `; + resolve p50 ${ms(s.p50)} p99 ${ms(s.p99)} max ${ms(s.max)} ms` +
        `; fuse.js searched ${r.searched.length}× p50 ${f.p50} p99 ${f.p99} max ${f.max} entries; completion indexes built in ${r.warmMs.map((x) => Math.round(x)).join('/')} ms`,
    );
  }
  for (const [name, r] of Object.entries(results)) {
    for (const sample of [...r.samples].sort((a, b) => b.ms - a.ms).slice(0, Number(values.slowest))) {
      console.log(`  ${name} ${ms(sample.ms)} ms: …${JSON.stringify(sample.before)} fuse.js searched [${sample.searched.join(', ')}]`);
    }
  }
  if (report.top5Differ) console.log(`first five labels differ at ${JSON.stringify(report.top5Differ)}`);
}
