#!/usr/bin/env node
// `npm run bench`: generates the benchmark data (once per generator version, in bench/.data/),
// measures the language server over stdio and the CLI against cspell and textlint, and writes
// bench/RESULTS.md with the machine, the date and the command.
//
//   node bench/run.mjs                 everything
//   node bench/run.mjs --only server   the server half (or --only cli)
//   node bench/run.mjs --help          prints the usage and exits
//   node bench/run.mjs --against REF   old code (git ref REF) against this code, side by side: bench/AGAINST.md
//   BENCH_CLI_TIMEOUT_S=0 node bench/run.mjs   let the peers run to the end (textlint: tens of minutes)

import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchAgainst } from './lib/against.mjs';
import { benchCli } from './lib/cli.mjs';
import { prepareData } from './lib/generate.mjs';
import { benchServer } from './lib/server.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..');
const usage = 'usage: node bench/run.mjs [--only server|cli] [--against REF [--candidate REF] [--rounds N] [--own-bundled]]\n';
/** @type {{ only?: string, help?: boolean, against?: string, candidate?: string, rounds?: string, 'own-bundled'?: boolean }} */
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
    },
  }).values;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(
    `${usage}  --only server          the language server half only\n  --only cli             the CLI half only (termlens lint against cspell and textlint)\n` +
      '  BENCH_CLI_TIMEOUT_S=N  stop a CLI run after N seconds (default 60; 0 for no limit)\n' +
      '  --against REF          A/B: a production build of git ref REF (A, kept in $BENCH_REF_DIR, default <tmpdir>/termlens-bench-ref)\n' +
      "                         against this working tree's dist/ (B), alternately on the same data; writes bench/AGAINST.md\n" +
      '                         (medians, B/A and spreads) instead of RESULTS.md. The CLI half measures termlens alone.\n' +
      '  --candidate REF        with --against: B is a production build of REF too, not the working tree\n' +
      '  --rounds N             with --against: rounds of A and B (default 3; a verdict needs 3)\n' +
      "  --own-bundled          with --against: each build serves its own bundled glossary, not the data's\n",
  );
  process.exit(0);
}
const { only } = options;
const rounds = options.rounds === undefined ? 3 : Number(options.rounds);
const abOnly = options.candidate !== undefined || options.rounds !== undefined || options['own-bundled'] !== undefined;
if ((only !== undefined && only !== 'server' && only !== 'cli') || (abOnly && options.against === undefined) || !Number.isInteger(rounds) || rounds < 1) {
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
const data = await prepareData(path.join(here, '.data'), { log });
const sections = [];
if (only !== 'cli') sections.push((await benchServer({ repoRoot, data, log })).markdown);
// BENCH_CLI_TIMEOUT_S: stop a CLI run after this many seconds (default 60; 0 for no limit).
const limit = process.env.BENCH_CLI_TIMEOUT_S;
if (only !== 'server') sections.push((await benchCli({ repoRoot, data, log, ...(limit === undefined ? {} : { timeoutMs: Number(limit) * 1000 }) })).markdown);

const cpus = os.cpus();
const machine = [
  `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${os.availableParallelism()} cores available`,
  `- memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()} (${os.arch()})`,
  `- Node ${process.version}; load average at the start: ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ')}`,
];
const header = [
  '# termlens benchmark results',
  '',
  `Written by \`npm run bench\`${only ? ` (\`node bench/run.mjs --only ${only}\`)` : ''} on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, in ${((Date.now() - started.getTime()) / 60000).toFixed(1)} minutes. The data is generated with fixed seeds (\`bench/lib/generate.mjs\`): the same on every machine.`,
  '',
  '## Machine',
  '',
  ...machine,
  '',
  'Machines like this one are noisy: compare the ratios between tools measured in the same run rather than absolute times across runs.',
  '',
];
const out = path.join(here, 'RESULTS.md');
writeFileSync(out, [...header, ...sections.flatMap((s) => [s, ''])].join('\n'));
log(`wrote ${path.relative(repoRoot, out)}`);
