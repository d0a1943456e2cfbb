/**
 * The server half of `npm run bench`: the built language server (`dist/server.js`) started over
 * stdio and driven as an editor drives it, with the generated glossaries and corpora of
 * `generate.mjs`. Every figure is a round trip as the client sees it.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { startLanguageServer } from '../../scripts/lsp-client.mjs';
import { mulberry32 } from './generate.mjs';

/** @typedef {import('../../scripts/lsp-client.mjs').LanguageClient} LanguageClient */
/** @typedef {import('../../scripts/lsp-client.mjs').CompletionList} CompletionList */
/** @typedef {import('../../scripts/lsp-client.mjs').Position} Position */

/** Latency quantiles in ms. @typedef {{ n: number, p50: number, p99: number, answered: number }} HoverStats */
/**
 * `resolvedP50`/`resolvedP99`: undefined when resolve was skipped.
 * @typedef {{ n: number, p50: number, p99: number, withItems: number, meanItems: number, resolvedP50?: number, resolvedP99?: number }} CompletionStats
 */
/** @typedef {{ n: number, p50: number, p95: number, max: number }} EditStats */
/**
 * One large note opened in the server with the 100,000-term glossary; hover and completion are measured on the 1 MB note only.
 * @typedef {{ corpus: string, openMs: number, diagnostics: number, hover?: HoverStats, completion?: CompletionStats, edit?: EditStats }} NoteRow
 */
/**
 * One glossary size: times from spawning the server, resident memory after the first hover, and
 * how many concepts the server said it serves (its last glossary status).
 * @typedef {{ name: string, statusMs: number, hoverMs: number, rssMb: number | undefined, concepts?: number }} LoadRow
 */
/** 200 notes of notes-2000 opened in one server. @typedef {{ docs: number, bytes: number, allDiagnosedMs: number, rssBeforeMb: number | undefined, rssMb: number | undefined }} Open200 */
/**
 * What {@link benchServer} measured. `load` holds the bundled, 10,000- and 100,000-term sizes in
 * that order; `loadCore` the core glossary alone; `open200` is with the 10,000-term glossary,
 * `open200Bundled` with the bundled glossary alone.
 * @typedef {{ ready: { statusMs: number, hoverMs: number, runs: number }, load: LoadRow[], loadCore?: LoadRow, 'note-1mb': NoteRow, 'note-10mb': NoteRow,
 *   rssAfterNotes: number | undefined, open200: Open200, open200Bundled?: Open200 }} ServerResults
 */
/**
 * Parts of the server half: `ready` (5 starts with the bundled glossary), `load` (each glossary
 * size), `notes` (hover, completion, edits and opening the large notes at 100,000 terms),
 * `open200` (200 open notes).
 * @typedef {'ready' | 'load' | 'notes' | 'open200'} ServerPart
 */
/** Every part name `parts` of {@link benchServer} accepts. */
export const SERVER_PARTS = /** @type {const} */ (['ready', 'load', 'notes', 'open200']);

/** Why a server target can be missed and what would close it: printed next to a miss only. */
const MISSES = {
  hover:
    "Hover itself is a binary search in the occurrence index of the parsed note and a rendered entry reused per glossary: the p50 shows the round trip. The tail is not the server's work: with 6,000 hovers profiled, the server spends about 0.2 ms of CPU on each (a third of it writing the reply to the pipe), the slowest hovers coincide with no garbage collection in either process (GC events traced by `PerformanceObserver`), and no offset is slow when repeated (every offset's fastest of four is under 0.5 ms). It is the scheduling of two processes on two cores across a pipe; a client and server on more cores, or fewer wake-ups per message, would close it.",
  completion:
    'Candidates are pruned by word prefix before fuse.js ranks them, but a short, common prefix still leaves thousands of forms to rank at 100,000 terms. Pre-ranked candidate lists per word prefix (so that fuse.js sees at most a few hundred forms) would close it.',
  edit: "An edit re-parses only the Markdown chunk it touched and recomputes the term findings of that chunk alone (they are cached per chunk, by offsets relative to it). In process (`bench/edit-micro.mjs`, 100,000 terms) an edit of the 10 MB note costs about 70 ms to apply the change to the document, 110 ms to re-parse (finding the chunk, shifting the others, re-tokenizing the one), 200 ms to assemble the diagnostics (the note rules over every chunk's summary and 3,912 diagnostics rebuilt) and 8 ms to convert them; over stdio add JSON-RPC of every diagnostic and GC. Publishing only the diagnostics that changed and keeping the note rules' totals incrementally would close it.",
  open: 'Profiled in process (`bench/edit-micro.mjs` under `--cpu-prof`, 100,000 terms): opening the 1 MB note costs 0.50 s of parsing (finding terms in every word: the trie walk 0.20 s, near-miss lookups, the Markdown chunk scan 0.13 s) and 0.15 s of diagnostics; the 10 MB note 3.1 s of parsing and 0.6 s of diagnostics, with 2.4 s of garbage collection in the run. Over stdio the full text and every diagnostic also cross JSON-RPC. Diagnosing the visible part of a large note first, and packed tokens that make parsing allocate little, would close it.',
  ready:
    'Most of it is Node starting and compiling the server bundle (about 0.23 s in a profile), then reading the glossary, preparing the word list (about 0.07 s) and building the completion indexes (about 0.06 s). Node 20 has no module compile cache (`module.enableCompileCache` is Node 22); a start-up snapshot (`node --build-snapshot`) of the loaded server, or the compile cache once Node 22 is the floor, would close it.',
  load: 'Profiled in process (`bench/edit-micro.mjs` under `--cpu-prof`): reading the 29 MB file takes about 0.64 s (JSON.parse and its checks) plus 0.25 s turning entries into concepts; compiling the trie and form table 0.32 s, merging the layers 0.22 s, the initials index 0.17 s and the completion indexes 0.22 s; the rest is Node start-up and JSON-RPC. A prebuilt packed index of the glossary (typed arrays and one string table), written next to it and loaded lazily, would close it.',
  memory:
    'The concepts themselves take about 55 MB in the shape the data model keeps (an object and a source position per form), and V8 keeps its young generation grown after the load; the compiled indexes are about 10 MB. Positions found on demand instead of stored per form, or a packed representation (typed arrays and one string table), would close it.',
  open200:
    "Measured in process on the same 200 notes (2.1 MB): their parsed documents hold 47 MB of heap, 43 MB of it in the chunks' scanned regions, whose tokens are one object and one normalized string per word (about 350,000 words); their diagnostics 4 MB more. Tokens packed in typed arrays, or dropped once the terms are found and re-tokenized on demand, would close it.",
};

/** How long a server is left idle before its resident memory is read: it collects garbage once idle (`server/src/node/idleCollector.ts`). */
const SETTLE_MS = 5000;

/**
 * Resident memory of a process in MB once it has been idle for {@link SETTLE_MS}, as it stays
 * while the user reads or types (not the peak right after loading).
 * @param {number | undefined} pid
 * @returns {Promise<number | undefined>}
 */
async function settledRssMb(pid) {
  await sleep(SETTLE_MS);
  return rssMb(pid);
}

/**
 * Resident memory of a process in MB, from /proc (Linux); undefined elsewhere.
 * @param {number | undefined} pid
 * @returns {number | undefined}
 */
function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The `q` quantile (0..1) of `values`, nearest rank.
 * @param {readonly number[]} values
 * @param {number} q
 * @returns {number}
 */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

const median = (/** @type {readonly number[]} */ values) => quantile(values, 0.5);
const ms = (/** @type {number | undefined} */ v) => (v === undefined ? 'n/a' : v < 10 ? v.toFixed(2) : v.toFixed(0));
const mb = (/** @type {number | undefined} */ v) => (v === undefined ? 'n/a' : v.toFixed(0));

/**
 * Offset ↔ LSP position for one text.
 * @param {string} text
 * @returns {(offset: number) => Position}
 */
function positions(text) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - starts[lo] };
  };
}

/**
 * Times `fn` `n` times in a row; returns the durations in ms and the results.
 * @template T
 * @param {number} n
 * @param {(i: number) => Promise<T>} fn
 * @returns {Promise<{ times: number[], results: T[] }>}
 */
async function timeEach(n, fn) {
  /** @type {number[]} */
  const times = [];
  /** @type {T[]} */
  const results = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    results.push(await fn(i));
    times.push(performance.now() - t0);
  }
  return { times, results };
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The note hovered to tell that a glossary is served: a term of the bundled glossary, 6 characters in. */
const PROBE = { text: 'The Heston Model.\n', character: 6 };
/** The probe for the core glossary alone (it has no Heston Model). */
const CORE_PROBE = { text: 'The volatility smile.\n', character: 6 };

/**
 * Starts the server with `settings`, waits for the glossary status with at least
 * `expectedConcepts` concepts, then until the server answers a hover with a definition. Returns
 * the client, the times (ms from spawning the process) to the status and to that first hover, and
 * the concept count of the last status.
 * @param {string} serverPath
 * @param {string} workspace
 * @param {object} settings the `termlens` settings
 * @param {number} expectedConcepts
 * @param {{ text: string, character: number }} [probe] the note hovered (on its first line), default {@link PROBE}
 * @returns {Promise<{ client: LanguageClient, statusAt: number, hoverAt: number, concepts: number | undefined }>}
 */
async function startAndHover(serverPath, workspace, settings, expectedConcepts, probe = PROBE) {
  const t0 = performance.now();
  const client = await startLanguageServer(serverPath, { rootPath: workspace, settings });
  const probeUri = pathToFileURL(path.join(workspace, 'probe.md')).toString();
  await client.open(probeUri, 'markdown', probe.text);
  await client.waitFor(() => client.statuses.some((s) => s.conceptCount >= expectedConcepts), 'the glossary', 120_000);
  const statusAt = performance.now() - t0;
  for (;;) {
    const hover = await client.hover(probeUri, { line: 0, character: probe.character });
    if (hover) break;
    await sleep(1);
    if (performance.now() - t0 > 120_000) throw new Error(`no hover after 120 s; stderr: ${client.stderr}`);
  }
  return { client, statusAt, hoverAt: performance.now() - t0, concepts: client.statuses.at(-1)?.conceptCount };
}

/**
 * Positions (offsets) in `text` where glossary terms are written, up to `limit`, spread over the text.
 * @param {string} text
 * @param {readonly string[]} terms
 * @param {number} limit
 * @param {() => number} random
 * @returns {number[]}
 */
function termOffsets(text, terms, limit, random) {
  /** @type {number[]} */
  const found = [];
  for (const term of terms) {
    const at = text.indexOf(term, Math.floor(random() * text.length * 0.9));
    if (at >= 0) found.push(at + Math.min(3, term.length - 1));
    if (found.length >= limit) break;
  }
  return found;
}

/**
 * Offsets 3 characters into capitalised words in prose (as if the user were typing a term), up to `limit`.
 * @param {string} text
 * @param {number} limit
 * @param {() => number} random
 * @returns {number[]}
 */
export function typingOffsets(text, limit, random) {
  /** @type {number[]} */
  const out = [];
  const re = /(?<=[a-z,] )[A-Z][a-z]{4,}/g;
  while (out.length < limit) {
    re.lastIndex = Math.floor(random() * text.length * 0.95);
    const m = re.exec(text);
    if (m) out.push(m.index + 3);
  }
  return out;
}

/**
 * One-character edits in the middle third of an open document, each followed by waiting for the
 * diagnostics of the new version; edits alternate between inserting and deleting a character so the
 * text stays the same size. Edits are spaced like a user pausing between words.
 * @param {LanguageClient} client
 * @param {string} uri
 * @param {string} text the document's text
 * @param {number} count
 * @param {() => number} random
 * @returns {Promise<number[]>}
 */
async function editLatencies(client, uri, text, count, random) {
  const at = positions(text);
  /** @type {number[]} */
  const latencies = [];
  let current = text;
  for (let i = 0; i < count; i++) {
    const offset = Math.floor(current.length / 3 + random() * (current.length / 3));
    const position = at(offset);
    const insert = i % 2 === 0;
    const range = insert ? { start: position, end: position } : { start: position, end: { line: position.line, character: position.character + 1 } };
    const t0 = performance.now();
    const version = client.edit(uri, range, insert ? 'x' : '');
    await client.waitFor(() => (client.diagnosticVersions.get(uri) ?? 0) >= version, `diagnostics of version ${version}`, 120_000);
    const latency = performance.now() - t0;
    latencies.push(latency);
    current = insert ? current.slice(0, offset) + 'x' + current.slice(offset) : current.slice(0, offset) + current.slice(offset + 1);
    await sleep(Math.min(2000, 2 * latency + 100));
  }
  return latencies;
}

/**
 * The diagnostics of `uri` once published, waiting up to 120 s (`diagnosticsFor` waits 10 s, too
 * little for the 10 MB note on a loaded 2-core machine).
 * @param {LanguageClient} client
 * @param {string} uri
 */
async function diagnosed(client, uri) {
  await client.waitFor(() => client.diagnostics.has(uri), `diagnostics for ${uri}`, 120_000);
  return client.diagnostics.get(uri) ?? [];
}

/**
 * Whether a completion answer has items.
 * @param {CompletionList | null} list
 * @returns {list is CompletionList}
 */
const hasItems = (list) => !!list && list.items.length > 0;

/**
 * A figure group that needs a protocol feature an older server may lack: `completion`
 * (completion and resolve), `resolve` (completion + resolve only), `edit` (incremental edits with
 * versioned diagnostics).
 * @typedef {'completion' | 'resolve' | 'edit'} SkippableFigure
 */

/**
 * Opens the first 200 notes of notes-2000 (sorted by path) in a server started with `settings`
 * and waits until all 200 are diagnosed.
 * @param {string} serverPath
 * @param {string} workspace
 * @param {string} notesDir
 * @param {object} settings
 * @param {number} expectedConcepts
 * @returns {Promise<Open200>}
 */
async function open200(serverPath, workspace, notesDir, settings, expectedConcepts) {
  /** @type {string[]} */
  const notes = [];
  const walk = (/** @type {string} */ dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.md')) notes.push(full);
    }
  };
  walk(notesDir);
  notes.sort();
  const many = await startAndHover(serverPath, workspace, settings, expectedConcepts);
  try {
    const rssBefore = await settledRssMb(many.client.pid);
    const t0 = performance.now();
    const opened = notes.slice(0, 200);
    let bytes = 0;
    for (const file of opened) {
      const text = readFileSync(file, 'utf8');
      bytes += Buffer.byteLength(text);
      await many.client.open(pathToFileURL(file).toString(), 'markdown', text);
    }
    for (const file of opened) await diagnosed(many.client, pathToFileURL(file).toString());
    return { docs: opened.length, bytes, allDiagnosedMs: performance.now() - t0, rssBeforeMb: rssBefore, rssMb: await settledRssMb(many.client.pid) };
  } finally {
    await many.client.stop();
  }
}

/**
 * The project's core glossary files (`glossary/core/*.yaml`, sorted) and their concept count;
 * undefined when the build has no `glossary/core/` (an older ref under `--against`).
 * @param {string} repoRoot
 * @returns {{ files: string[], concepts: number } | undefined}
 */
function coreGlossary(repoRoot) {
  const dir = path.join(repoRoot, 'glossary', 'core');
  if (!existsSync(dir)) return undefined;
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
  /** @type {(file: string) => number} */
  const count = (file) => /** @type {{ concepts: unknown[] }} */ (parseYaml(readFileSync(file, 'utf8'))).concepts.length;
  return { files, concepts: files.reduce((n, f) => n + count(f), 0) };
}

/**
 * Runs the server benchmark.
 * @param {{ repoRoot: string, data: Awaited<ReturnType<typeof import('./generate.mjs').prepareData>>, log?: (line: string) => void,
 *   skip?: ReadonlySet<SkippableFigure>, parts?: ReadonlySet<ServerPart> }} options `skip`: figure groups not measured (shown as
 *   skipped), default none; `parts`: measure only these parts (the others are left out of the results, whose fields for them are
 *   then missing), default all
 * @returns {Promise<{ results: ServerResults, markdown: string }>}
 */
export async function benchServer({ repoRoot, data, log = () => {}, skip = new Set(), parts }) {
  const serverPath = path.join(repoRoot, 'dist', 'server.js');
  if (!existsSync(serverPath)) throw new Error('dist/server.js is missing: run `npm run build` first');
  const wants = (/** @type {ServerPart} */ part) => !parts || parts.has(part);
  const workspace = mkdtempSync(path.join(tmpdir(), 'termlens-bench-'));
  const random = mulberry32(2026);
  /** @type {Partial<ServerResults>} */
  const results = {};
  try {
    // 1. Start to first hover, bundled glossary only.
    if (wants('ready')) {
      /** @type {Array<{ statusAt: number, hoverAt: number, rss: number | undefined }>} */
      const ready = [];
      for (let run = 0; run < 5; run++) {
        const { client, statusAt, hoverAt } = await startAndHover(serverPath, workspace, {}, 100);
        ready.push({ statusAt, hoverAt, rss: rssMb(client.pid) });
        await client.stop();
      }
      results.ready = { statusMs: median(ready.map((r) => r.statusAt)), hoverMs: median(ready.map((r) => r.hoverAt)), runs: ready.length };
      log(`server ready (bundled): first hover ${ms(results.ready.hoverMs)} ms`);
    }

    // 2. Glossary load time and memory per size: the bundled glossary, the core glossary alone, then the generated ones beside the bundled one.
    /** @type {LanguageClient | undefined} */
    let big;
    if (wants('load')) {
      const core = coreGlossary(repoRoot);
      /** @type {Array<{ key: 'bundled' | 'core' | '10k' | '100k', settings: object, expected: number, probe?: typeof PROBE }>} */
      const sizes = [
        { key: 'bundled', settings: {}, expected: 100 },
        ...(core
          ? [
              {
                key: /** @type {const} */ ('core'),
                settings: { bundledGlossary: false, glossaryFiles: core.files },
                expected: core.concepts,
                probe: CORE_PROBE,
              },
            ]
          : []),
        { key: '10k', settings: { glossaryFiles: [data.glossaries.g10k] }, expected: 10_000 },
        { key: '100k', settings: { glossaryFiles: [data.glossaries.g100k] }, expected: 100_000 },
      ];
      results.load = [];
      for (const { key, settings, expected, probe } of sizes) {
        const started = await startAndHover(serverPath, workspace, settings, expected, probe);
        const served = started.concepts === undefined ? '' : ` (${started.concepts.toLocaleString('en-US')} concepts)`;
        const name = {
          bundled: `bundled${served}`,
          core: `core, glossary/core/*.yaml, bundled off${served}`,
          '10k': `10,000 terms + bundled${served}`,
          '100k': `100,000 terms + bundled${served}`,
        }[key];
        /** @type {LoadRow} */
        const row = {
          name,
          statusMs: started.statusAt,
          hoverMs: started.hoverAt,
          rssMb: await settledRssMb(started.client.pid),
          ...(started.concepts === undefined ? {} : { concepts: started.concepts }),
        };
        if (key === 'core') results.loadCore = row;
        else results.load.push(row);
        log(`glossary ${name}: loaded in ${ms(row.statusMs)} ms, first hover ${ms(row.hoverMs)} ms, RSS ${mb(row.rssMb)} MB`);
        if (key === '100k' && wants('notes')) big = started.client;
        else await started.client.stop();
      }
    }

    // 3. Hover, completion and edits with the 100,000-term glossary on the 1 MB note, then the 10 MB note.
    if (wants('notes')) {
      big ??= (await startAndHover(serverPath, workspace, { glossaryFiles: [data.glossaries.g100k] }, 100_000)).client;
      const server = big;
      /** @type {import('./generate.mjs').GlossaryFile} */
      const g100k = JSON.parse(readFileSync(data.glossaries.g100k, 'utf8'));
      const terms = g100k.concepts.slice(0, 20_000).map((c) => c.term);
      for (const [corpus, edits] of /** @type {Array<['note-1mb' | 'note-10mb', number]>} */ ([
        ['note-1mb', 40],
        ['note-10mb', 16],
      ])) {
        const file = path.join(data.corpora[corpus].path, 'note.md');
        const text = readFileSync(file, 'utf8');
        const uri = pathToFileURL(file).toString();
        const at = positions(text);
        const t0 = performance.now();
        await server.open(uri, 'markdown', text);
        const diagnostics = await diagnosed(server, uri);
        const openMs = performance.now() - t0;
        /** @type {NoteRow} */
        const row = { corpus, openMs, diagnostics: diagnostics.length };
        if (corpus === 'note-1mb') {
          const hoverAt = [...termOffsets(text, terms, 300, random), ...Array.from({ length: 200 }, () => Math.floor(random() * text.length))];
          const hovers = await timeEach(hoverAt.length, (i) => server.hover(uri, at(hoverAt[i])));
          row.hover = {
            n: hovers.times.length,
            p50: quantile(hovers.times, 0.5),
            p99: quantile(hovers.times, 0.99),
            answered: hovers.results.filter(Boolean).length,
          };
          const typing = typingOffsets(text, 300, random);
          if (!skip.has('completion')) {
            const completions = await timeEach(typing.length, (i) => server.completion(uri, at(typing[i])));
            const withItems = completions.results.filter(hasItems);
            const resolves = skip.has('resolve') ? undefined : await timeEach(withItems.length, (i) => server.resolve(withItems[i].items[0]));
            const both = completions.times.filter((_, i) => (completions.results[i]?.items.length ?? 0) > 0).map((t, i) => t + (resolves?.times[i] ?? 0));
            row.completion = {
              n: completions.times.length,
              p50: quantile(completions.times, 0.5),
              p99: quantile(completions.times, 0.99),
              withItems: withItems.length,
              meanItems: withItems.reduce((n, r) => n + r.items.length, 0) / Math.max(1, withItems.length),
              ...(resolves ? { resolvedP50: quantile(both, 0.5), resolvedP99: quantile(both, 0.99) } : {}),
            };
          }
          log(`hover p50 ${ms(row.hover.p50)} p99 ${ms(row.hover.p99)} ms; completion p50 ${ms(row.completion?.p50)} p99 ${ms(row.completion?.p99)} ms`);
        }
        if (!skip.has('edit')) {
          const latencies = await editLatencies(server, uri, text, edits, random);
          row.edit = { n: latencies.length, p50: quantile(latencies, 0.5), p95: quantile(latencies, 0.95), max: Math.max(...latencies) };
        }
        log(`${corpus}: opened in ${ms(openMs)} ms; edit → diagnostics p50 ${ms(row.edit?.p50)} p95 ${ms(row.edit?.p95)} ms`);
        results[corpus] = row;
        await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
      }
      results.rssAfterNotes = rssMb(server.pid);
      await server.stop();
    }

    // 4. Memory with 200 open notes: with the 10,000-term glossary, then with the bundled glossary alone.
    if (wants('open200')) {
      const notesDir = data.corpora['notes-2000'].path;
      results.open200 = await open200(serverPath, workspace, notesDir, { glossaryFiles: [data.glossaries.g10k] }, 10_000);
      log(`200 open notes, 10,000 terms: RSS ${mb(results.open200.rssMb)} MB (from ${mb(results.open200.rssBeforeMb)} MB)`);
      results.open200Bundled = await open200(serverPath, workspace, notesDir, {}, 100);
      log(`200 open notes, bundled: RSS ${mb(results.open200Bundled.rssMb)} MB (from ${mb(results.open200Bundled.rssBeforeMb)} MB)`);
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
  // With every part run, every field is set above (or the run has thrown); with `parts`, those of the parts not run are missing.
  return { results: /** @type {ServerResults} */ (results), markdown: renderServer(results, parts !== undefined) };
}

/**
 * The RESULTS.md section of the server half.
 * @param {Partial<ServerResults>} r
 * @param {boolean} narrowed only some parts were run: targets of the others are left out
 * @returns {string}
 */
function renderServer(r, narrowed) {
  /** @type {string[]} */
  const lines = [];
  // Hover and completion were measured on the 1 MB note, edits on both.
  const one = r['note-1mb'];
  const ten = r['note-10mb'];
  const skipped = (/** @type {string} */ what) => `| ${what} | | skipped: the server lacks the protocol feature | |`;
  const load100k = r.load?.find((l) => l.name.startsWith('100,000'));
  const bundledLoad = r.load?.find((l) => l.name.startsWith('bundled'));
  lines.push('## Server (over stdio, as an editor drives it)', '');
  if (r.ready) {
    lines.push(
      `Ready with the bundled glossary: first hover answered ${ms(r.ready.hoverMs)} ms after the process was spawned (glossary status at ${ms(r.ready.statusMs)} ms; median of ${r.ready.runs} starts).`,
      '',
    );
  }
  if (r.load) {
    lines.push('| glossary | glossary loaded (status) | first hover answered | resident memory, idle 5 s after the first hover |', '|---|---:|---:|---:|');
    const rows = [...r.load];
    if (r.loadCore) rows.splice(bundledLoad ? 1 : 0, 0, r.loadCore);
    for (const l of rows) lines.push(`| ${l.name} | ${ms(l.statusMs)} ms | ${ms(l.hoverMs)} ms | ${mb(l.rssMb)} MB |`);
    lines.push(
      '',
      'Times are from spawning the server process (Node start-up included); the first hover comes after the word list and completion indexes are built. ' +
        'Concepts are those the server says it serves. The generated glossaries are served beside the bundled one (the default); the core glossary ' +
        '(glossary/core/*.yaml, the hand-written files that `npm run build:glossary` merges with the Greeks.live pages into the bundled glossary) is served alone, with `termlens.bundledGlossary` off.',
      '',
    );
  }
  if (one && ten) {
    lines.push('With the 100,000-term glossary:', '');
    lines.push('| measure | n | p50 | p95 / p99 |', '|---|---:|---:|---:|');
    if (one.hover) {
      lines.push(
        `| hover on the 1 MB note (${one.hover.answered} of ${one.hover.n} on a term) | ${one.hover.n} | ${ms(one.hover.p50)} ms | p99 ${ms(one.hover.p99)} ms |`,
      );
    }
    const c = one.completion;
    lines.push(
      c
        ? `| completion, first page (${c.withItems} with items, ${c.meanItems.toFixed(0)} items on average) | ${c.n} | ${ms(c.p50)} ms | p99 ${ms(c.p99)} ms |`
        : skipped('completion, first page'),
    );
    lines.push(
      c?.resolvedP50 !== undefined
        ? `| completion + resolve of the first item | ${c.withItems} | ${ms(c.resolvedP50)} ms | p99 ${ms(c.resolvedP99)} ms |`
        : skipped('completion + resolve of the first item'),
    );
    lines.push(
      one.edit
        ? `| one-character edit → refreshed diagnostics, 1 MB note (${one.diagnostics} diagnostics) | ${one.edit.n} | ${ms(one.edit.p50)} ms | p95 ${ms(one.edit.p95)} ms |`
        : skipped('one-character edit → refreshed diagnostics, 1 MB note'),
    );
    lines.push(
      ten.edit
        ? `| one-character edit → refreshed diagnostics, 10 MB note (${ten.diagnostics} diagnostics) | ${ten.edit.n} | ${ms(ten.edit.p50)} ms | p95 ${ms(ten.edit.p95)} ms |`
        : skipped('one-character edit → refreshed diagnostics, 10 MB note'),
    );
    lines.push(`| opening the 1 MB note → first diagnostics | 1 | ${ms(one.openMs)} ms | |`);
    lines.push(`| opening the 10 MB note → first diagnostics | 1 | ${ms(ten.openMs)} ms | |`);
    lines.push('');
  }
  if (r.open200) {
    lines.push(
      `Memory with 200 open notes (${(r.open200.bytes / 1e6).toFixed(1)} MB of Markdown, 10,000-term glossary): ${mb(r.open200.rssMb)} MB resident (${mb(r.open200.rssBeforeMb)} MB before opening them); all 200 diagnosed ${ms(r.open200.allDiagnosedMs)} ms after the first was sent.`,
      '',
    );
  }
  if (r.open200Bundled) {
    lines.push(
      `The same 200 notes with the bundled glossary alone: ${mb(r.open200Bundled.rssMb)} MB resident (${mb(r.open200Bundled.rssBeforeMb)} MB before opening them); all 200 diagnosed ${ms(r.open200Bundled.allDiagnosedMs)} ms after the first was sent.`,
      '',
    );
  }
  lines.push('Targets (each miss says by how much, why, and what would close it):', '');
  /**
   * @param {string} label
   * @param {boolean} ran whether the part that measures it was run (a narrowed run leaves the others out)
   * @param {number | undefined} value
   * @param {'ms' | 'MB'} unit
   * @param {number} limit
   * @param {string} why
   */
  const check = (label, ran, value, unit, limit, why) => {
    if (narrowed && !ran) return;
    const shown = unit === 'MB' ? mb(value) : ms(value);
    if (value !== undefined && value < limit) return lines.push(`- ${label}: ${shown} ${unit}, met`);
    const by =
      value === undefined
        ? 'not measured'
        : `${shown} ${unit}, missed by ${unit === 'MB' ? mb(value - limit) : ms(value - limit)} ${unit} (${(value / limit).toFixed(1)}× the limit)`;
    lines.push(`- ${label}: **${by}**. ${why}`);
  };
  const notes = !!(one && ten);
  check('hover p99 under 2 ms at 100,000 terms on the 1 MB note', notes, one?.hover?.p99, 'ms', 2, MISSES.hover);
  check('completion p99 under 20 ms at 100,000 terms', notes, one?.completion?.p99, 'ms', 20, MISSES.completion);
  check('completion + resolve of the first item p99 under 25 ms at 100,000 terms', notes, one?.completion?.resolvedP99, 'ms', 25, MISSES.completion);
  check('refreshed diagnostics p95 under 50 ms after a one-character edit in the 1 MB note', notes, one?.edit?.p95, 'ms', 50, MISSES.edit);
  check('refreshed diagnostics p95 under 300 ms in the 10 MB note', notes, ten?.edit?.p95, 'ms', 300, MISSES.edit);
  check('opening the 1 MB note → first diagnostics under 200 ms at 100,000 terms', notes, one?.openMs, 'ms', 200, MISSES.open);
  check('opening the 10 MB note → first diagnostics under 1.5 s at 100,000 terms', notes, ten?.openMs, 'ms', 1500, MISSES.open);
  check('ready (first hover answered) with the bundled glossary under 300 ms', !!r.ready, r.ready?.hoverMs, 'ms', 300, MISSES.ready);
  check('100,000-term glossary loaded (first hover answered) under 1.5 s', !!r.load, load100k?.hoverMs, 'ms', 1500, MISSES.load);
  check('100,000-term glossary under 150 MB resident', !!r.load, load100k?.rssMb, 'MB', 150, MISSES.memory);
  check('200 open notes with the bundled glossary under 150 MB resident', !!r.open200Bundled, r.open200Bundled?.rssMb, 'MB', 150, MISSES.open200);
  return lines.join('\n');
}
