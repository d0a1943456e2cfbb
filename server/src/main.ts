/**
 * Entry point of `termlens-ls`: speaks LSP over stdio (`--stdio`), Node IPC (`--node-ipc`) or a
 * socket (`--socket=PORT`), as vscode-languageserver reads them from the command line.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { discoverFiles } from './node/discovery';
import { startIdleCollector } from './node/idleCollector';
import { createBudgetedChunkScanner } from './node/markdownBudget';
import { nodeFileSystem } from './node/nodeFs';
import { startServer } from './server';
import { createDictionary } from './core/text/dictionary';

const USAGE = `Usage: termlens-ls --stdio | --node-ipc | --socket=PORT

The termlens language server: glossary hovers, completion and diagnostics for finance terms.
Start it from an editor's LSP client; see the README for Neovim and other editors.`;

/**
 * The time budget of one Markdown block, in ms: 250, or `TERMLENS_MARKDOWN_BUDGET_MS` (tests set
 * it low to make a pathological block time out at a small size).
 */
function budgetFromEnvironment(): number {
  const value = Number(process.env.TERMLENS_MARKDOWN_BUDGET_MS);
  return Number.isFinite(value) && value > 0 ? value : 250;
}

function main(argv: readonly string[]): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (argv.includes('--version')) {
    process.stdout.write('termlens-ls 0.1.0\n');
    return;
  }
  if (!argv.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe'))) {
    process.stderr.write(`termlens-ls: no transport given\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // The bundle lives in dist/; the bundled glossary and the word list ship beside it.
  const root = path.resolve(__dirname, '..');
  const connection = createConnection(ProposedFeatures.all);
  const idle = startIdleCollector();
  // Any message counts as activity; only the transport in use is listened to (reading stdin otherwise would hold it open).
  if (argv.includes('--stdio')) process.stdin.on('data', () => idle.touch());
  else process.on('message', () => idle.touch());
  const markdown = createBudgetedChunkScanner({
    workerPath: path.join(__dirname, 'markdown-worker.js'),
    budgetMs: budgetFromEnvironment(),
    log: (message) => connection.console.warn(message),
  });
  startServer(connection, {
    fs: nodeFileSystem,
    listFiles: async (folder) => (await discoverFiles([folder], { cwd: folder })).files,
    cwd: process.cwd(),
    scanMarkdownChunk: markdown.scan,
    bundledGlossaryPath: path.join(root, 'glossary', 'bundled.glossary.json'),
    dictionary: createDictionary(() => readFileSync(path.join(__dirname, 'words.txt'), 'utf8'), { normalized: true }),
  });
}

main(process.argv.slice(2));
