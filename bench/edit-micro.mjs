// Edit latency in process, without the JSON-RPC of `npm run bench`: the 100,000-term generated
// glossary (plus the bundled one, as the server serves them), a large note opened (parse,
// diagnostics and their LSP conversion from scratch, timed), then one-character edits in its middle
// third, alternately inserting "x" and deleting a character as `bench/lib/server.mjs` types them,
// each followed by what the server does for it: the editor's document updated, the note parsed
// again from its previous version, its diagnostics computed and converted to LSP diagnostics.
// Prints p50/p95/max per phase.
//
//   node bench/edit-micro.mjs [--data DIR] [--against DIR] [--note 1mb|10mb|both] [--edits N] [--seed N] [--keep-bundle DIR] [--profile-edits DIR] [--json]
//
// --data: the benchmark data folder (default bench/.data, generated there on first use as by
// `npm run bench`). --against DIR: also measure a second build of the core in which every file
// present under DIR (same relative paths, e.g. DIR/server/src/core/features/diagnostics.ts)
// replaces the tree's; the two get the same edits, alternately, and their LSP diagnostics are
// compared after the open and after every edit (a difference is printed and fails the run).
// --edits: edits per note (default 40 on the 1 MB note, 16 on the 10 MB note, as `npm run bench`).
// --keep-bundle DIR writes the bundled core there and keeps it, to read a `node --cpu-prof` profile by.
// --profile-edits DIR writes a CPU profile of the edits alone (not the loading and the open) per
// note there, e.g. DIR/edits-1mb.cpuprofile.
// The core is bundled with esbuild into a temporary file first (bench/lib/bundleCore.mjs), as Node does not run TypeScript.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bundleCore } from './lib/bundleCore.mjs';
import { mulberry32, prepareData } from './lib/generate.mjs';
import { quantile } from './lib/server.mjs';

/**
 * The bundled core, as `loadCore` exports it.
 * @typedef {typeof import('../server/src/core/service.js') & typeof import('../server/src/core/glossary/load.js') & typeof import('../server/src/core/text/dictionary.js') & {
 *   skippedSpans: typeof import('../server/src/core/text/document.js').skippedSpans,
 *   defaultSeverities: typeof import('../server/src/core/features/rules.js').defaultSeverities,
 *   convert: typeof import('../server/src/lsp/convert.js') & { toLspDiagnostics?: (found: unknown[], uri: string) => unknown[] },
 *   TextDocument: typeof import('vscode-languageserver-textdocument').TextDocument,
 * }} Core
 */
/** @typedef {import('../server/src/core/service.js').TermService} TermService */
/** @typedef {import('../server/src/core/text/document.js').ParsedDocument} ParsedDocument */
/**
 * One build under measurement, with its open document.
 * @typedef {{ name: string, core: Core, service: TermService, document?: import('vscode-languageserver-textdocument').TextDocument, doc?: ParsedDocument, lsp?: unknown[] }} State
 */

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.join(root, 'bench', '.data') },
    against: { type: 'string' },
    note: { type: 'string', default: 'both' },
    edits: { type: 'string' },
    seed: { type: 'string', default: '7' },
    json: { type: 'boolean', default: false },
    'keep-bundle': { type: 'string' },
    'profile-edits': { type: 'string' },
  },
});

/**
 * Bundles the core and the LSP conversion, with the files under `replaceRoot` (if given) in place of the tree's.
 * @param {string | undefined} replaceRoot
 * @returns {Promise<Core>}
 */
async function loadCore(replaceRoot) {
  return /** @type {Core} */ (
    await bundleCore({
      entry: [
        "export { createTermService } from './server/src/core/service';",
        "export { parseGlossaryText } from './server/src/core/glossary/load';",
        "export { createDictionary } from './server/src/core/text/dictionary';",
        "export { skippedSpans } from './server/src/core/text/document';",
        "export { defaultSeverities } from './server/src/core/features/rules';",
        "export * as convert from './server/src/lsp/convert';",
        "export { TextDocument } from 'vscode-languageserver-textdocument';",
      ],
      replaceRoot,
      keepDir: values['keep-bundle'],
      fileName: replaceRoot === undefined ? 'core.mjs' : 'core-against.mjs',
    })
  );
}

/** @param {number[]} xs */
function stats(xs) {
  return { n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), max: Math.max(...xs) };
}

const data = await prepareData(values.data, { log: (/** @type {string} */ m) => console.error(m) });
const bundledText = readFileSync(data.glossaries.bundled, 'utf8');
const g100kText = readFileSync(data.glossaries.g100k, 'utf8');
const wordList = readFileSync(path.join(root, 'node_modules', 'word-list', 'words.txt'), 'utf8');

const variants = [{ name: 'tree', core: await loadCore(undefined) }];
if (values.against) variants.push({ name: 'against', core: await loadCore(path.resolve(values.against)) });

setFlagsFromString('--expose-gc');
const collectGarbage = /** @type {() => void} */ (runInNewContext('gc'));

/**
 * A service as the server builds it: the bundled glossary and the 100,000-term one from settings.
 * @param {Core} core
 */
function serviceOf(core) {
  const service = core.createTermService({ dictionary: core.createDictionary(() => wordList) });
  service.store.setBundled(core.parseGlossaryText(bundledText, pathToFileURL(data.glossaries.bundled).href));
  const g100kUri = pathToFileURL(data.glossaries.g100k).href;
  service.store.setSettingsFiles([g100kUri]);
  service.store.setFile(g100kUri, g100kText, 'settings');
  service.warm();
  return service;
}

/** The server's default diagnostic options (`diagnosticOptions` of the default settings). */
const optionsOf = (/** @type {Core} */ core) => ({ severities: core.defaultSeverities, knownAcronyms: [] });

/**
 * What `DocumentPipeline.diagnosticsOf` does for a parsed document: diagnostics, converted, plus
 * the notes on skipped blocks. Uses the tree's list conversion when it has one.
 * @param {Core} core
 * @param {TermService} service
 * @param {ParsedDocument} doc
 * @param {string} uri
 */
function lspDiagnostics(core, service, doc, uri) {
  const found = service.diagnostics(doc, optionsOf(core));
  const t = performance.now();
  const out = core.convert.toLspDiagnostics ? core.convert.toLspDiagnostics(found, uri) : found.map((d) => core.convert.toLspDiagnostic(d, uri));
  for (const span of core.skippedSpans(doc)) out.push(core.convert.skippedDiagnostic(doc.lines.positionAt(span.start), span.end - span.start));
  return { out, convertMs: performance.now() - t };
}

const notes = values.note === 'both' ? ['1mb', '10mb'] : [values.note];
/** @type {Record<string, Record<string, any>>} */
const report = {};
let mismatches = 0;
for (const note of notes) {
  const text = readFileSync(path.join(data.corpora[`note-${note}`].path, 'note.md'), 'utf8');
  const uri = pathToFileURL(path.join(data.corpora[`note-${note}`].path, 'note.md')).href;
  const editCount = Number(values.edits ?? (note === '1mb' ? 40 : 16));
  const states = /** @type {Required<State>[]} */ (variants.map((v) => ({ ...v, service: serviceOf(v.core) })));
  collectGarbage();
  const results =
    /** @type {Record<string, { open: Record<string, number>, apply: number[], parse: number[], diagnose: number[], convert: number[], total: number[], count: number }>} */ (
      Object.fromEntries(variants.map((v) => [v.name, { open: {}, apply: [], parse: [], diagnose: [], convert: [], total: [], count: 0 }]))
    );
  /** @type {unknown[][]} */
  const lastLsp = [];
  // Open: the editor's document, a parse from scratch, diagnostics, conversion.
  for (const [k, s] of states.entries()) {
    const r = results[s.name];
    const t0 = performance.now();
    s.document = s.core.TextDocument.create(uri, 'markdown', 1, text);
    s.doc = s.service.parse(s.document.getText(), 'markdown', { positions: s.document });
    const t1 = performance.now();
    const diagnostics = s.service.diagnostics(s.doc, optionsOf(s.core));
    const t2 = performance.now();
    const { out, convertMs } = lspDiagnostics(s.core, s.service, s.doc, uri);
    const t3 = performance.now();
    r.open = { parse: t1 - t0, diagnose: t2 - t1, convert: convertMs, total: t3 - t0 - (t3 - t2 - convertMs) };
    r.count = diagnostics.length;
    lastLsp[k] = out;
    collectGarbage();
  }
  if (states.length === 2 && JSON.stringify(lastLsp[0]) !== JSON.stringify(lastLsp[1])) {
    mismatches++;
    console.error(`${note}: the two builds differ after opening (${lastLsp[0].length} vs ${lastLsp[1].length} diagnostics)`);
  }
  const random = mulberry32(Number(values.seed));
  let current = text;
  const profileDir = values['profile-edits'];
  const session = profileDir ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
  }
  for (let i = 0; i < editCount; i++) {
    const offset = Math.floor(current.length / 3 + random() * (current.length / 3));
    const insert = i % 2 === 0;
    const order = i % 2 === 0 ? states : [...states].reverse();
    for (const s of order) {
      const r = results[s.name];
      const position = s.document.positionAt(offset);
      const range = insert ? { start: position, end: position } : { start: position, end: s.document.positionAt(offset + 1) };
      const t0 = performance.now();
      s.core.TextDocument.update(s.document, [{ range, text: insert ? 'x' : '' }], s.document.version + 1);
      const t1 = performance.now();
      s.doc = s.service.parse(s.document.getText(), 'markdown', { previous: s.doc, positions: s.document });
      const t2 = performance.now();
      s.service.diagnostics(s.doc, optionsOf(s.core));
      const t3 = performance.now();
      const { out, convertMs } = lspDiagnostics(s.core, s.service, s.doc, uri);
      r.apply.push(t1 - t0);
      r.parse.push(t2 - t1);
      r.diagnose.push(t3 - t2);
      r.convert.push(convertMs);
      // The second diagnostics call is the service's cache: the total counts the first one and the conversion.
      r.total.push(t3 - t0 + convertMs);
      s.lsp = out;
      r.count = out.length;
    }
    current = insert ? current.slice(0, offset) + 'x' + current.slice(offset) : current.slice(0, offset) + current.slice(offset + 1);
    if (states.length === 2) {
      const [a, b] = states.map((s) => JSON.stringify(s.lsp));
      if (a !== b) {
        mismatches++;
        console.error(`${note}: the two builds differ after edit ${i} at ${offset} (${states[0].lsp.length} vs ${states[1].lsp.length} diagnostics)`);
      }
    }
  }
  if (session && profileDir) {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(profileDir, { recursive: true });
    writeFileSync(path.join(profileDir, `edits-${note}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
  report[note] = Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      {
        open: r.open,
        diagnostics: r.count,
        total: stats(r.total),
        apply: stats(r.apply),
        parse: stats(r.parse),
        diagnose: stats(r.diagnose),
        convert: stats(r.convert),
      },
    ]),
  );
  // Let the next note's builds start from a heap without this one's documents.
  states.length = 0;
  collectGarbage();
}

if (values.json) {
  console.log(JSON.stringify(report, null, 1));
} else {
  const ms = (/** @type {number} */ x) => x.toFixed(1);
  for (const [note, byName] of Object.entries(report)) {
    for (const [name, r] of Object.entries(byName)) {
      const o = r.open;
      console.log(
        `${note} ${name}: open ${ms(o.total)} ms (parse ${ms(o.parse)}, diagnostics ${ms(o.diagnose)}, LSP ${ms(o.convert)}); ${r.diagnostics} diagnostics; ` +
          `edit p50 ${ms(r.total.p50)} p95 ${ms(r.total.p95)} max ${ms(r.total.max)} ms (n ${r.total.n}) = ` +
          ['apply', 'parse', 'diagnose', 'convert'].map((k) => `${k} p50 ${ms(r[k].p50)} p95 ${ms(r[k].p95)}`).join(', '),
      );
    }
  }
}
if (mismatches > 0) {
  console.error(`${mismatches} mismatch(es) between the two builds`);
  process.exitCode = 1;
}
