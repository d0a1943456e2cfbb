/**
 * Entry point of the web build of the language server (`dist/browser/server.js`), which the
 * browser client (`client/src/browser/extension.ts`) starts in a dedicated Web Worker: LSP over
 * `postMessage`, every workspace file read through the editor (`lsp/clientFs.ts`), the bundled
 * glossary and the English word list bundled in. Markdown is parsed in this worker, without the
 * time budget of the Node server's remark worker (`node/markdownBudget.ts`).
 */

import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import bundledGlossary from 'termlens-asset:glossary/bundled.glossary.json';
import words from 'termlens-asset:dist/words.txt';
import { createDictionary } from './core/text/dictionary';
import { createClientFileSystem, listFilesThrough, withFiles } from './lsp/clientFs';
import { extensionPathPrefix } from './protocolExtensions';
import { startServer } from './server';

/** Where the server knows the bundled glossary: below the extension's folder, which the client maps to the extension's URI. */
const BUNDLED_GLOSSARY_PATH = `${extensionPathPrefix}/glossary/bundled.glossary.json`;

// A dedicated worker's global scope is the port the client's messages arrive on.
const port = globalThis as unknown as ConstructorParameters<typeof BrowserMessageReader>[0];
const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(port), new BrowserMessageWriter(port));
const fs = withFiles(createClientFileSystem(connection), { [BUNDLED_GLOSSARY_PATH]: bundledGlossary });
startServer(connection, {
  fs,
  listFiles: (folder) => listFilesThrough(fs, folder),
  bundledGlossaryPath: BUNDLED_GLOSSARY_PATH,
  dictionary: createDictionary(() => words, { normalized: true }),
});
