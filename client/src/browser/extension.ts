/**
 * The client of the web build (`browser` in package.json, `dist/browser/client.js`), for VS Code
 * for the Web: starts `dist/browser/server.js` in a dedicated Web Worker, translates the
 * workspace's URIs to the paths the server models (`uris.ts`), and answers the server's
 * file-system requests with `vscode.workspace.fs` (`workspaceFs.ts`). Status bar item, commands
 * and settings work as in the Node client (`../extension.ts`), from the same module (`../wire.ts`).
 */

import { RelativePattern, Uri, workspace, type ExtensionContext } from 'vscode';
import { LanguageClient, type DocumentSelector } from 'vscode-languageclient/browser';
import { fsGlobRequest, fsReadFileRequest, fsStatRequest } from '../../../server/src/protocolExtensions';
import { defaultLanguageIds } from '../../../server/src/shared/languages';
import { wireClient } from '../wire';
import { createUriMapper } from './uris';
import { fsRequestHandlers, type EditorFileSystem } from './workspaceFs';

export { deactivate } from '../wire';

/** The editor's file system, as `workspaceFs.ts` asks for it. */
const editorFileSystem: EditorFileSystem = {
  readFile: async (uri) => workspace.fs.readFile(Uri.parse(uri, true)),
  stat: async (uri) => {
    const info = await workspace.fs.stat(Uri.parse(uri, true));
    return { type: info.type, size: info.size };
  },
  // `null`: no `files.exclude` either, as on the disk; the server filters what it asked for.
  findFiles: async (base, pattern, exclude) =>
    (await workspace.findFiles(new RelativePattern(Uri.parse(base, true), pattern), exclude ?? null)).map((uri) => uri.toString()),
};

/** The schemes of the documents termlens serves: the workspace's file systems', and unsaved documents. */
function documentSelector(): DocumentSelector {
  const schemes = [...new Set(['file', 'untitled', ...(workspace.workspaceFolders ?? []).map((f) => f.uri.scheme)])];
  return [
    ...defaultLanguageIds.flatMap((language) => schemes.map((scheme) => ({ scheme, language }))),
    { scheme: 'vscode-notebook-cell', language: 'markdown' },
    ...schemes.filter((s) => s !== 'untitled').map((scheme) => ({ scheme, pattern: '**/*.glossary.{yaml,yml,json}' })),
  ];
}

/** Starts the language server in a worker; a server that fails to start is reported, never thrown. */
export async function activate(context: ExtensionContext): Promise<void> {
  const uris = createUriMapper(workspace.workspaceFolders?.[0]?.uri.toString(), context.extensionUri.toString());
  await wireClient(context, {
    documentSelector: documentSelector(),
    uriConverters: {
      code2Protocol: (uri) => uris.toProtocol(uri.toString()),
      protocol2Code: (uri) => Uri.parse(uris.toCode(uri), true),
    },
    toCode: (uri) => uris.toCode(uri),
    createClient: (clientOptions) => {
      // The web extension host is a worker with the DOM's `Worker`; this project compiles against Node's globals.
      const WebWorker = (globalThis as unknown as { Worker: new (url: string) => Worker }).Worker;
      const worker = new WebWorker(Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js').toString(true));
      const languageClient = new LanguageClient('termlens', 'termlens', clientOptions, worker);
      // Before the start, so that the server's first file-system requests are answered.
      const fs = fsRequestHandlers(editorFileSystem, uris);
      context.subscriptions.push(
        languageClient.onRequest(fsReadFileRequest, fs.readFile),
        languageClient.onRequest(fsStatRequest, fs.stat),
        languageClient.onRequest(fsGlobRequest, fs.glob),
      );
      return languageClient;
    },
  });
}
