/**
 * Entry point of the `termlens` command: the same engine as the language server, on files.
 *
 *   termlens lint [--glossary FILE]... [--no-bundled] FILE...
 *   termlens import greeks-live PAGE... [--overlay FILE] [--out FILE] [--report FILE]
 */

import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDictionary } from '../text/dictionary';
import { runImportGreeksLive } from './importCommand';
import { runLint } from './lint';

const USAGE = `usage: termlens <command> [options]

commands:
  lint [--glossary FILE]... [--no-bundled] FILE...   report term diagnostics in Markdown and code files
  import greeks-live PAGE... [--overlay FILE] [--out FILE] [--report FILE]
                                                     build a glossary from Greeks.live area pages
  help                                               show this message`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const stdout = (t: string) => void process.stdout.write(t);
  const stderr = (t: string) => void process.stderr.write(t);
  switch (command) {
    case 'import': {
      const [source, ...args] = rest;
      if (source !== 'greeks-live') {
        stderr(`termlens: unknown import source ${JSON.stringify(source ?? '')}; expected "greeks-live"\n`);
        return 2;
      }
      return runImportGreeksLive(args, { readFile: (p) => readFile(p, 'utf8'), writeFile: (p, t) => writeFile(p, t), stdout, stderr });
    }
    case 'lint': {
      // dist/cli.js sits in dist/; the bundled glossary and the word list ship beside it.
      const root = path.resolve(__dirname, '..');
      return runLint(rest, {
        bundledGlossaryPath: path.join(root, 'glossary', 'bundled.glossary.json'),
        dictionary: createDictionary(() => readFileSync(path.join(__dirname, 'words.txt'), 'utf8')),
        readFile: (p) => readFile(p, 'utf8'),
        fileUri: (p) => pathToFileURL(path.resolve(p)).toString(),
        stdout,
        stderr,
      });
    }
    case 'help':
    case '--help':
    case '-h':
      stdout(USAGE + '\n');
      return 0;
    default:
      stderr(`termlens: ${command ? `unknown command ${JSON.stringify(command)}` : 'no command given'}\n${USAGE}\n`);
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
