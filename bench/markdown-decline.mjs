// How much real Markdown takes the fast path (server/src/core/text/markdownFast.ts), and why the
// rest falls to remark: over every Markdown file of a folder (default: the real-world corpus
// ../shared/corpus/real-docs beside the repository), the chunks the fast path declined, by the
// first reason it gave, with their bytes; the share of bytes it took; and the in-process scan time
// (`scanMarkdownChunks`, remark in this thread), split into remark and everything else.
//
//   node bench/markdown-decline.mjs [FOLDER] [--json] [--show REASON] [--whole]
//
// --show REASON prints the start of a few chunks declined for REASON; --whole also times the
// remark-only scan of each whole document (the reference the chunked scan is tested against).
// The core is bundled with esbuild into a temporary file first (bench/lib/bundleCore.mjs), as Node does not run TypeScript.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleCore } from './lib/bundleCore.mjs';

/** @typedef {typeof import('../server/src/core/text/markdown.js')} MarkdownModule */
/** @typedef {typeof import('../server/src/core/text/markdownFast.js')} FastModule */
/** @typedef {typeof import('../server/src/core/text/fileTypes.js')} FileTypesModule */
/** @typedef {import('../server/src/core/text/markdownFast.js').DeclineReason} DeclineReason */

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { json: { type: 'boolean', default: false }, show: { type: 'string' }, whole: { type: 'boolean', default: false } },
});
const folder = path.resolve(positionals[0] ?? path.join(root, '..', 'shared', 'corpus', 'real-docs'));
if (!existsSync(folder)) {
  console.error(`markdown-decline: ${folder} is absent (the shared corpus sits beside the repository; or name a folder)`);
  process.exit(2);
}

/** Bundles the core modules this script needs and imports them. */
async function loadCore() {
  return /** @type {MarkdownModule & Pick<FastModule, 'scanSimpleMarkdown'> & Pick<FileTypesModule, 'languageIdForPath'>} */ (
    await bundleCore({
      entry: [
        "export * from './server/src/core/text/markdown';",
        "export { scanSimpleMarkdown } from './server/src/core/text/markdownFast';",
        "export { languageIdForPath } from './server/src/core/text/fileTypes';",
      ],
    })
  );
}

const core = await loadCore();

/** @param {string} dir @returns {string[]} */
function markdownFiles(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(p));
    else if (core.languageIdForPath(p) === 'markdown') out.push(p);
  }
  return out;
}

const files = markdownFiles(folder);
let totalBytes = 0;
let fastBytes = 0;
let chunkCount = 0;
let fastChunks = 0;
let scanMs = 0;
let remarkMs = 0;
let wholeMs = 0;
/** @type {Map<string, { chunks: number, bytes: number, examples: string[] }>} */
const declined = new Map();

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  /** @type {import('../server/src/core/text/markdown.js').ChunkScanner} */
  const timedRemark = (request) => {
    const t0 = performance.now();
    const scan = core.scanMarkdownChunk(request);
    remarkMs += performance.now() - t0;
    return scan;
  };
  const t0 = performance.now();
  const scan = core.scanMarkdownChunks(text, undefined, { scanChunk: timedRemark });
  scanMs += performance.now() - t0;
  if (values.whole) {
    const t1 = performance.now();
    core.scanMarkdownChunks(text, undefined, { whole: true });
    wholeMs += performance.now() - t1;
  }
  // Classify the chunks again, untimed, as the scan called the fast path: it is deterministic, so it declines the same ones.
  for (const chunk of scan.chunks) {
    const bytes = Buffer.byteLength(chunk.text);
    totalBytes += bytes;
    chunkCount++;
    /** @type {{ reason?: DeclineReason }} */
    const why = {};
    if (core.scanSimpleMarkdown(chunk.text, chunk.start === 0, why, { noDefinitions: scan.definitions.length === 0, definitions: scan.definitions })) {
      fastBytes += bytes;
      fastChunks++;
      continue;
    }
    const reason = why.reason ?? 'unknown';
    const entry = declined.get(reason) ?? { chunks: 0, bytes: 0, examples: [] };
    entry.chunks++;
    entry.bytes += bytes;
    if (reason === values.show && entry.examples.length < 8)
      entry.examples.push(`${path.relative(folder, file)} @${chunk.start}:\n${chunk.text.slice(0, 400)}`);
    declined.set(reason, entry);
  }
}

const rows = [...declined].sort((a, b) => b[1].bytes - a[1].bytes);
const share = totalBytes === 0 ? 0 : fastBytes / totalBytes;
if (values.json) {
  console.log(
    JSON.stringify(
      {
        folder,
        files: files.length,
        chunks: chunkCount,
        bytes: totalBytes,
        fast: { chunks: fastChunks, bytes: fastBytes, share },
        declined: Object.fromEntries(rows.map(([reason, e]) => [reason, { chunks: e.chunks, bytes: e.bytes }])),
        ms: {
          scan: Math.round(scanMs),
          remark: Math.round(remarkMs),
          other: Math.round(scanMs - remarkMs),
          ...(values.whole ? { whole: Math.round(wholeMs) } : {}),
        },
      },
      null,
      2,
    ),
  );
} else {
  const mb = (/** @type {number} */ n) => `${(n / 1e6).toFixed(2)} MB`;
  console.log(`${files.length} Markdown files in ${folder}: ${chunkCount} chunks, ${mb(totalBytes)}`);
  console.log(`fast path: ${fastChunks} chunks, ${mb(fastBytes)} (${(share * 100).toFixed(1)} % of the bytes)`);
  console.log('declined, by first reason:');
  for (const [reason, e] of rows) console.log(`  ${reason.padEnd(18)} ${String(e.chunks).padStart(6)} chunks ${mb(e.bytes).padStart(10)}`);
  console.log(
    `scan time in-process: ${(scanMs / 1000).toFixed(1)} s (remark ${(remarkMs / 1000).toFixed(1)} s, fast path and the rest ${((scanMs - remarkMs) / 1000).toFixed(1)} s)`,
  );
  if (values.whole) console.log(`remark-only whole documents: ${(wholeMs / 1000).toFixed(1)} s`);
}
if (values.show) for (const example of declined.get(values.show)?.examples ?? []) console.log(`\n--- ${example}`);
