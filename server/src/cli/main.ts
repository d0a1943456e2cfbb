/**
 * Entry point of the `termlens` command: the same engine as the language server, on files.
 *
 *   termlens lint [options] [PATH|GLOB ...]
 *   termlens glossary check|stats [options] [FILE ...]
 *   termlens glossary suggest|usage [options] [PATH|GLOB ...]
 *   termlens import greeks-live PAGE... [--overlay FILE] [--out FILE] [--report FILE]
 *   termlens import csv|tbx|skos FILE... [options]
 *   termlens export tbx|csv|markdown [options] [FILE ...]
 */

import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { version } from '../../../package.json';
import { createDictionary } from '../core/text/dictionary';
import { runGlossary } from './glossaryCommand';
import { runImportGreeksLive } from './importCommand';
import { IMPORT_USAGE, runExport, runImport } from './interchangeCommand';
import { runLint, type LintIo } from './lint';

const USAGE = `usage: termlens <command> [options]

commands:
  lint [options] [PATH|GLOB ...]        report term diagnostics in Markdown and code files (see lint --help)
  glossary check [options] [FILE ...]   validate glossary files
  glossary stats [options] [FILE ...]   count concepts and terms by kind, status, area and file
  glossary suggest [options] [PATH ...] propose concepts the glossary lacks, mined from the files (glossary YAML)
  glossary usage [options] [PATH ...]   where each concept is used, forms written wrong, unused concepts
  import greeks-live PAGE... [--overlay FILE] [--out FILE] [--report FILE]
                                        build a glossary from Greeks.live area pages
  import csv|tbx|skos FILE... [options] convert a CSV, TBX or SKOS/OWL glossary into a glossary file (see import csv --help)
  export tbx|csv|markdown [options] [FILE ...]
                                        write the project's glossary as TBX-Basic, CSV or a Markdown page
  help                                  show this message
  --version                             show the version`;

/** Reads a file as UTF-8, or undefined when it is missing, a folder or unreadable. */
async function readTextFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

/** What lint and glossary commands use: dist/cli.js sits in dist/, beside the word list and the worker; the bundled glossary ships in glossary/. */
function lintIo(stdout: (t: string) => void, stderr: (t: string) => void): LintIo {
  const root = path.resolve(__dirname, '..');
  const wordsPath = path.join(__dirname, 'words.txt');
  const workerPath = path.join(__dirname, 'lint-worker.js');
  const markdownWorkerPath = path.join(__dirname, 'markdown-worker.js');
  return {
    cwd: process.cwd(),
    version,
    bundledGlossaryPath: path.join(root, 'glossary', 'bundled.glossary.json'),
    dictionary: createDictionary(() => readFileSync(wordsPath, 'utf8'), { normalized: true }),
    wordsPath,
    ...(existsSync(workerPath) ? { workerPath } : {}),
    ...(existsSync(markdownWorkerPath) ? { markdownWorkerPath } : {}),
    cpus: availableParallelism(),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    env: process.env,
    readFile: readTextFile,
    readStdin,
    stdout,
    stdoutBytes: (bytes) => void process.stdout.write(bytes),
    stderr,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const stdout = (t: string) => void process.stdout.write(t);
  const stderr = (t: string) => void process.stderr.write(t);
  switch (command) {
    case 'import': {
      const [source, ...args] = rest;
      if (source === 'csv' || source === 'tbx' || source === 'skos') return runImport(source, args, lintIo(stdout, stderr));
      if (source === undefined || source === '--help' || source === '-h') {
        const usage = `${IMPORT_USAGE}\n\ntermlens import greeks-live PAGE... [--overlay FILE]... [--out FILE] [--report FILE] builds the bundled glossary.\n`;
        (source === undefined ? stderr : stdout)(usage);
        return source === undefined ? 2 : 0;
      }
      if (source !== 'greeks-live') {
        stderr(`termlens: unknown import source ${JSON.stringify(source ?? '')}; expected "csv", "tbx", "skos" or "greeks-live"\n`);
        return 2;
      }
      return runImportGreeksLive(args, { readFile: (p) => readFile(p, 'utf8'), writeFile: (p, t) => writeFile(p, t), stdout, stderr });
    }
    case 'export':
      return runExport(rest, lintIo(stdout, stderr));
    case 'lint':
      return runLint(rest, lintIo(stdout, stderr));
    case 'glossary':
      return runGlossary(rest, lintIo(stdout, stderr));
    case 'help':
    case '--help':
    case '-h':
      stdout(USAGE + '\n');
      return 0;
    case '--version':
      stdout(version + '\n');
      return 0;
    default:
      stderr(`termlens: ${command ? `unknown command ${JSON.stringify(command)}` : 'no command given'} (see termlens --help)\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`termlens: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
