#!/usr/bin/env node
// `npm run bench`: generates the benchmark data (once per generator version, in bench/.data/),
// measures the language server over stdio and the CLI against cspell and textlint (on the
// generated corpora and, when it is there, ../shared/corpus/real-docs), the cached second run and
// the reading-only floor, and writes bench/RESULTS.md with the machine, the date and the command.
//
//   node bench/run.mjs                 everything
//   node bench/run.mjs --only server   the server half (or --only cli)
//   node bench/run.mjs --only cli --corpus real-docs --out /tmp/r.md   a part, for development
//   node bench/run.mjs --help          prints the usage and exits
//   node bench/run.mjs --against REF   old code (git ref REF) against this code, side by side: bench/AGAINST.md
//   BENCH_CLI_TIMEOUT_S=0 node bench/run.mjs   let the peers run to the end (textlint: tens of minutes)

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchAgainst } from './lib/against.mjs';
import { benchCli, CLI_PARTS, CORPUS_NAMES, GLOSSARY_NAMES } from './lib/cli.mjs';
import { prepareData } from './lib/generate.mjs';
import { benchServer, SERVER_PARTS } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const usage =
  'usage: node bench/run.mjs [--only server|cli] [--part NAMES] [--corpus NAMES] [--glossary NAMES] [--out FILE]\n' +
  '       node bench/run.mjs --against REF [--candidate REF] [--rounds N] [--own-bundled] [--only server|cli]\n';
/**
 * @type {{ only?: string, help?: boolean, against?: string, candidate?: string, rounds?: string, 'own-bundled'?: boolean,
 *   part?: string, corpus?: string, glossary?: string, out?: string }}
 */
let options;
try {
  options = parseArgs({
    options: {
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      against: { type: 'string' },
      candidate: { type: 'string' },
      rounds: { type: 'string' },
      'own-bundled': { type: 'boolean' },
      part: { type: 'string' },
      corpus: { type: 'string' },
      glossary: { type: 'string' },
      out: { type: 'string' },
    },
  }).values;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(
    `${usage}  --only server          the language server half only\n  --only cli             the CLI half only (termlens lint against cspell and textlint, the cache, the floor)\n` +
      `  --part NAMES           only these parts, comma-separated: server ${SERVER_PARTS.join(', ')}; cli ${CLI_PARTS.join(', ')}\n` +
      '                         (ready: 5 starts; load: each glossary size; notes: hover, completion, edits and opening at 100,000 terms;\n' +
      '                         open200: 200 open notes; lint: the tables; cache: the --cache pair of runs; floor: the reading-only floor)\n' +
      `  --corpus NAMES         CLI corpora only these, comma-separated: ${CORPUS_NAMES.join(', ')}\n` +
      `  --glossary NAMES       CLI lint tables with these glossaries only, comma-separated: ${GLOSSARY_NAMES.join(', ')}\n` +
      '  --out FILE             write the results to FILE (default bench/RESULTS.md; a run narrowed by --part, --corpus or\n' +
      '                         --glossary prints them to stdout instead, unless --out is given)\n' +
      '                         e.g. node bench/run.mjs --only cli --corpus real-docs --out /tmp/real-docs.md\n' +
      '  BENCH_CLI_TIMEOUT_S=N  stop a cspell or textlint run after N seconds (default 60; 0 for no limit; termlens: 300 at the least)\n' +
      '  --against REF          A/B: a production build of git ref REF (A, kept in $BENCH_REF_DIR, default <tmpdir>/termlens-bench-ref)\n' +
      "                         against this working tree's dist/ (B), alternately on the same data; writes bench/AGAINST.md\n" +
      '                         (medians, B/A and spreads) instead of RESULTS.md. The CLI half measures termlens alone, on the generated corpora.\n' +
      '  --candidate REF        with --against: B is a production build of REF too, not the working tree\n' +
      '  --rounds N             with --against: rounds of A and B (default 3; a verdict needs 3)\n' +
      "  --own-bundled          with --against: each build serves its own bundled glossary, not the data's\n",
  );
  process.exit(0);
}
const { only } = options;
const rounds = options.rounds === undefined ? 3 : Number(options.rounds);
const abOnly = options.candidate !== undefined || options.rounds !== undefined || options['own-bundled'] !== undefined;
/**
 * A comma-separated list of names, each one of `allowed`; undefined when not given, null when a name is unknown.
 * @template {string} T
 * @param {string | undefined} value
 * @param {readonly T[]} allowed
 * @returns {Set<T> | undefined | null}
 */
function names(value, allowed) {
  if (value === undefined) return undefined;
  const list = value.split(',').map((v) => v.trim());
  return list.every((v) => /** @type {readonly string[]} */ (allowed).includes(v)) ? new Set(/** @type {T[]} */ (list)) : null;
}
const partNames = names(options.part, [...SERVER_PARTS, ...CLI_PARTS]);
const corpusNames = names(options.corpus, CORPUS_NAMES);
const glossaryNames = names(options.glossary, GLOSSARY_NAMES);
const narrowing = options.part !== undefined || options.corpus !== undefined || options.glossary !== undefined || options.out !== undefined;
if (
  (only !== undefined && only !== 'server' && only !== 'cli') ||
  (abOnly && options.against === undefined) ||
  (options.against !== undefined && narrowing) ||
  (only === 'server' && (options.corpus !== undefined || options.glossary !== undefined)) ||
  partNames === null ||
  corpusNames === null ||
  glossaryNames === null ||
  !Number.isInteger(rounds) ||
  rounds < 1
) {
  process.stderr.write(usage);
  process.exit(2);
}
/** @param {string} line */
const log = (line) => process.stderr.write(`bench: ${line}\n`);

if (options.against !== undefined) {
  const data = await prepareData(path.join(here, '.data'), { log });
  const limit = process.env.BENCH_CLI_TIMEOUT_S;
  try {
    const { markdown } = await benchAgainst({
      repoRoot,
      data,
      against: options.against,
      candidate: options.candidate,
      only,
      rounds,
      ownBundled: options['own-bundled'] ?? false,
      log,
      command: `node bench/run.mjs ${process.argv.slice(2).join(' ')}`,
      ...(limit === undefined ? {} : { timeoutMs: Number(limit) * 1000 }),
    });
    const out = path.join(here, 'AGAINST.md');
    writeFileSync(out, markdown);
    log(`wrote ${path.relative(repoRoot, out)}`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  process.exit(0);
}

const started = new Date();
const loadAtStart = os.loadavg();
const data = await prepareData(path.join(here, '.data'), { log });
/** @type {Set<import('./lib/server.mjs').ServerPart> | undefined} */
const serverParts = partNames ? new Set(SERVER_PARTS.filter((p) => partNames.has(p))) : undefined;
/** @type {Set<import('./lib/cli.mjs').CliPart> | undefined} */
const cliParts = partNames ? new Set(CLI_PARTS.filter((p) => partNames.has(p))) : undefined;
// --corpus and --glossary narrow the CLI half: on their own they leave the server half out.
const runServer = only !== 'cli' && (serverParts ? serverParts.size > 0 : corpusNames === undefined && glossaryNames === undefined);
const runCli = only !== 'server' && (cliParts ? cliParts.size > 0 : true);
const sections = [];
if (runServer) sections.push((await benchServer({ repoRoot, data, log, ...(serverParts ? { parts: serverParts } : {}) })).markdown);
// BENCH_CLI_TIMEOUT_S: stop a peer's run after this many seconds (default 60; 0 for no limit).
const limit = process.env.BENCH_CLI_TIMEOUT_S;
if (runCli) {
  const { markdown } = await benchCli({
    repoRoot,
    data,
    log,
    ...(limit === undefined ? {} : { timeoutMs: Number(limit) * 1000 }),
    ...(cliParts ? { parts: cliParts } : {}),
    ...(corpusNames ? { corpora: corpusNames } : {}),
    ...(glossaryNames ? { glossaries: glossaryNames } : {}),
  });
  sections.push(markdown);
}

const cpus = os.cpus();
const machine = [
  `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${os.availableParallelism()} cores available`,
  `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()} (${os.arch()})`,
  `- Node ${process.version}; load average at the start: ${loadAtStart.map((l) => l.toFixed(2)).join(', ')}`,
];
const args = process.argv.slice(2).join(' ');
const partial = options.part !== undefined || options.corpus !== undefined || options.glossary !== undefined;
const header = [
  '# termlens benchmark results',
  '',
  `Written by \`npm run bench\`${args ? ` (\`node bench/run.mjs ${args}\`)` : ''} on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${((Date.now() - started.getTime()) / 60000).toFixed(1)} minutes. The data is generated with fixed seeds (\`bench/lib/generate.mjs\`): the same on every machine.${partial ? ' **A partial run**: only the parts named on the command line were measured.' : ''}`,
  '',
  '## Machine',
  '',
  ...machine,
  '',
  'Machines like this one are noisy: compare the ratios between tools measured in the same run rather than absolute times across runs.',
  '',
];
const text = [...header, ...sections.flatMap((s) => [s, ''])].join('\n');
if (partial && options.out === undefined) {
  process.stdout.write(text);
} else {
  const out = options.out === undefined ? path.join(here, 'RESULTS.md') : path.resolve(options.out);
  writeFileSync(out, text);
  const shown = path.relative(repoRoot, out);
  log(`wrote ${shown.startsWith('..') ? out : shown}`);
}
