// The web tier: termlens's web build (dist/browser/server.js, what VS Code for the Web runs) in headless Chromium.
// test/editor/web/page.ts starts the server in a dedicated Web Worker and drives it over LSP as the browser client
// does, with the client's own URI mapping and file-system answers over an in-memory copy of test/editor/web/workspace/
// (a note, an unopened note, a workspace glossary and a broken one) on a virtual file system. What the checks expect is
// read from the fixture's files and the bundled glossary.
//
//   node scripts/editors/web.mjs     needs Debian's chromium and a built dist/browser/ (npm run build)
//
// Prints one line per check and a final `web: N passed, M failed`; exit code 0 = all passed.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { launchBrowser } from './code-server.mjs';
import { fail, root } from './sandbox.mjs';
import { CHROMIUM_PATH } from './versions.mjs';

/** Hard limit for the whole run; a normal run takes a few seconds. */
const TIMEOUT_MS = 90_000;
const fixtures = join(root, 'test', 'editor', 'web');
const serverBundle = join(root, 'dist', 'browser', 'server.js');

if (!existsSync(CHROMIUM_PATH)) fail(`${CHROMIUM_PATH} not found; install Debian's chromium (apt-get install chromium)`);
if (!existsSync(serverBundle)) fail(`dist/browser/server.js is missing; run "npm run build" in ${root}`);

/**
 * Every file under `dir`, by path relative to it (posix separators).
 * @param {string} dir
 * @returns {Record<string, string>}
 */
function readTree(dir) {
  /** @type {Record<string, string>} */
  const out = {};
  const walk = (/** @type {string} */ at) => {
    for (const name of readdirSync(at).sort()) {
      const file = join(at, name);
      if (statSync(file).isDirectory()) walk(file);
      else out[relative(dir, file).split('\\').join('/')] = readFileSync(file, 'utf8');
    }
  };
  walk(dir);
  return out;
}

// A file named `X.in` is the workspace's `X`: the broken glossary is kept as `broken.glossary.yaml.in`, or this
// repository's own `termlens lint` would read it as a glossary of the repository.
const files = Object.fromEntries(Object.entries(readTree(join(fixtures, 'workspace'))).map(([p, text]) => [p.replace(/\.in$/, ''), text]));
const note = 'notes/review.md';
/** @type {{ concepts: Array<{ term: string, definitions: Array<string | { text: string }> }> }} */
const bundledGlossary = JSON.parse(readFileSync(join(root, 'glossary', 'bundled.glossary.json'), 'utf8'));
/** @type {{ concepts: Array<{ term: string, definitions: string[] }> }} */
const deskGlossary = parse(files['glossary/desk.glossary.yaml'] ?? '');
const heston = bundledGlossary.concepts.find((c) => c.term === 'Heston Model');
const deskTerm = deskGlossary.concepts[0];
if (!heston || !deskTerm)
  fail('the fixture needs "Heston Model" in the bundled glossary and a concept in test/editor/web/workspace/glossary/desk.glossary.yaml');
const definitionText = (/** @type {string | { text: string } | undefined} */ d) => (typeof d === 'string' ? d : (d?.text ?? ''));

const fixture = {
  serverUrl: '/server.js',
  folder: 'vscode-vfs://github/acme/desk-notes',
  extensionUri: 'https://extensions.invalid/termlens/termlens/0.1.0',
  files,
  note,
  unopened: 'notes/other.md',
  brokenGlossary: 'glossary/broken.glossary.yaml',
  bundled: { term: heston.term, definition: definitionText(heston.definitions[0]) },
  workspaceTerm: { term: deskTerm.term, definition: definitionText(deskTerm.definitions[0]) },
  misspelled: { written: 'Hesten Model', fix: heston.term },
  completionPrefix: 'Quanto Barr',
};
for (const needle of [fixture.misspelled.written, fixture.bundled.term, fixture.workspaceTerm.term, fixture.completionPrefix]) {
  if (!(files[note] ?? '').includes(needle)) fail(`test/editor/web/workspace/${note} must contain "${needle}"`);
}

const tmp = mkdtempSync(join(tmpdir(), 'termlens-web-'));
const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: [join(fixtures, 'page.ts')],
  outfile: join(tmp, 'page.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
});

/** What the page's server answers: the page, its script and the web build's server bundle, nothing else. */
const routes = new Map([
  ['/', { type: 'text/html', body: () => '<!doctype html><meta charset="utf-8"><title>termlens web tier</title><script src="/page.js"></script>' }],
  ['/page.js', { type: 'text/javascript', body: () => readFileSync(join(tmp, 'page.js')) }],
  ['/server.js', { type: 'text/javascript', body: () => readFileSync(serverBundle) }],
]);
const http = createServer((request, response) => {
  const route = routes.get(new URL(request.url ?? '/', 'http://localhost').pathname);
  response.writeHead(route ? 200 : 404, { 'content-type': route?.type ?? 'text/plain' });
  response.end(route ? route.body() : 'not found');
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve(undefined)));
const { port } = /** @type {import('node:net').AddressInfo} */ (http.address());

const context = await launchBrowser(join(tmp, 'chromium'));
/** @type {Array<{ ok: boolean, what: string, got?: string }>} */
let results = [];
/** @type {{ initializeMs?: number, diagnosticsMs?: number }} */
let timings = {};
/** @type {string[]} */
const consoleLines = [];
let timedOut = false;
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`page error: ${error.message}`));
  page.on('worker', (worker) => worker.on('console', (message) => consoleLines.push(`worker ${message.type()}: ${message.text()}`)));
  await page.goto(`http://127.0.0.1:${port}/`);
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), TIMEOUT_MS)));
  const run = page.evaluate((f) => /** @type {any} */ (globalThis).runChecks(f), fixture);
  const outcome = await Promise.race([run, timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout') timedOut = true;
  else ({ checks: results, timings } = /** @type {{ checks: typeof results, timings: typeof timings }} */ (outcome));
} catch (error) {
  results.push({ ok: false, what: 'the page ran its checks', got: error instanceof Error ? error.message : String(error) });
} finally {
  await context.close().catch(() => undefined);
  http.close();
}

for (const r of results) console.log(r.ok ? `PASS  ${r.what}` : `FAIL  ${r.what}\n      received: ${r.got}`);
const passed = results.filter((r) => r.ok).length;
let failed = results.length - passed;
if (timedOut) {
  console.log(`FAIL  the checks finished within ${TIMEOUT_MS / 1000} s`);
  failed += 1;
} else if (results.length === 0) {
  console.log('FAIL  the page reported no checks');
  failed += 1;
}
if (failed > 0 && consoleLines.length > 0) console.log(`(browser console)\n${consoleLines.map((l) => `  ${l}`).join('\n')}`);
rmSync(tmp, { recursive: true, force: true });
console.log(
  `web run: ${((Date.now() - started) / 1000).toFixed(1)} s (worker: initialize answered after ${timings.initializeMs ?? '?'} ms, ` +
    `the note's first diagnostics after ${timings.diagnosticsMs ?? '?'} ms)`,
);
console.log(`web: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
