import type { ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type ServerOptions } from 'vscode-languageclient/node';
import { defaultLanguageIds } from '../../server/src/shared/languages';
import { wireClient } from './wire';

export { deactivate } from './wire';

/** Starts the language server over Node IPC; a server that fails to start is reported, never thrown. */
export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const documentSelector: DocumentSelector = [
    // Every language termlens serves by default (the language table, a data-only module); `termlens.enable` and
    // `termlens.languages` are applied by the server per document.
    ...defaultLanguageIds.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    { scheme: 'vscode-notebook-cell', language: 'markdown' },
    // Glossary files are synced too, so that their diagnostics follow the text as it is typed.
    { scheme: 'file', pattern: '**/*.glossary.{yaml,yml,json}' },
  ];
  await wireClient(context, {
    documentSelector,
    createClient: (clientOptions) => new LanguageClient('termlens', 'termlens', serverOptions, clientOptions),
  });
}
