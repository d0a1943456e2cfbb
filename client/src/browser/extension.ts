/**
 * The client of the web build (`browser` in package.json, `dist/browser/client.js`), for VS Code
 * for the Web: starts `dist/browser/server.js` in a dedicated Web Worker, translates the
 * workspace's URIs to the paths the server models (`uris.ts`), and answers the server's
 * file-system requests with `vscode.workspace.fs` (`workspaceFs.ts`). Status bar item, commands
 * and settings work as in the Node client (`../extension.ts`), from the same modules.
 */

import { commands, Position, RelativePattern, Uri, window, workspace, type ExtensionContext, type Location } from 'vscode';
import { LanguageClient, type DocumentSelector, type LanguageClientOptions } from 'vscode-languageclient/browser';
import {
  fsGlobRequest,
  fsReadFileRequest,
  fsStatRequest,
  reloadGlossaryRequest,
  showReferencesCommand,
  statusNotification,
  trustNotification,
  type GlossaryStatus,
  type TermlensInitializationOptions,
  type TrustParams,
} from '../../../server/src/protocolExtensions';
import { defaultLanguageIds } from '../../../server/src/shared/languages';
import { count } from '../../../server/src/shared/count';
import { explicitSettings, serverSettingKeys } from '../explicitSettings';
import { searchGlossary, showSearchGlossary } from '../searchGlossary';
import { allowedCodeLenses } from '../showReferences';
import { GlossaryStatusItem } from '../status';
import { createUriMapper, type UriMapper } from './uris';
import { fsRequestHandlers, type EditorFileSystem } from './workspaceFs';

let client: LanguageClient | undefined;

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

/** The status with its files' URIs as the editor knows them (the tooltip shows them relative to the workspace). */
function statusInEditor(status: GlossaryStatus, uris: UriMapper): GlossaryStatus {
  return { ...status, files: status.files.map((file) => ({ ...file, uri: uris.toCode(file.uri) })) };
}

/** Starts the language server in a worker; a server that fails to start is reported, never thrown. */
export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('termlens', { log: true });
  const status = new GlossaryStatusItem();
  context.subscriptions.push(output, status);

  const uris = createUriMapper(workspace.workspaceFolders?.[0]?.uri.toString(), context.extensionUri.toString());
  const initializationOptions: TermlensInitializationOptions = { workspaceTrusted: workspace.isTrusted, showReferencesCommand: true };
  const settingKeys = serverSettingKeys(
    (context.extension.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } } }).contributes?.configuration?.properties ??
      {},
  );
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    initializationOptions,
    uriConverters: {
      code2Protocol: (uri) => uris.toProtocol(uri.toString()),
      protocol2Code: (uri) => Uri.parse(uris.toCode(uri), true),
    },
    middleware: {
      provideCodeLenses: async (document, token, next) => allowedCodeLenses(await next(document, token)),
      workspace: {
        configuration: async (params, token, next) => {
          const answered = await next(params, token);
          if (!Array.isArray(answered)) return answered;
          // Requests carry the server's URIs: the settings of a folder are looked up by the editor's.
          return params.items.map((item, i) =>
            item.section === 'termlens' ? explicitSettings(settingKeys, item.scopeUri && uris.toCode(item.scopeUri)) : answered[i],
          );
        },
      },
    },
    initializationFailedHandler: (error) => {
      output.error(`Server initialization failed: ${describe(error)}`);
      return false;
    },
  };
  // The web extension host is a worker with the DOM's `Worker`; this project compiles against Node's globals.
  const WebWorker = (globalThis as unknown as { Worker: new (url: string) => Worker }).Worker;
  const worker = new WebWorker(Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js').toString(true));
  const languageClient = new LanguageClient('termlens', 'termlens', clientOptions, worker);
  client = languageClient;

  const fs = fsRequestHandlers(editorFileSystem, uris);
  context.subscriptions.push(
    languageClient.onRequest(fsReadFileRequest, fs.readFile),
    languageClient.onRequest(fsStatRequest, fs.stat),
    languageClient.onRequest(fsGlobRequest, fs.glob),
    commands.registerCommand('termlens.showOutput', () => output.show(true)),
    // The lens's arguments are the server's, not converted by the client library.
    commands.registerCommand(showReferencesCommand, async (uri: unknown, position: unknown) => {
      const at = position as { line?: unknown; character?: unknown } | undefined;
      if (typeof uri !== 'string' || !uri.startsWith('file:') || typeof at?.line !== 'number' || typeof at.character !== 'number') return;
      const target = Uri.parse(uris.toCode(uri), true);
      const where = new Position(at.line, at.character);
      const locations = await commands.executeCommand<Location[]>('vscode.executeReferenceProvider', target, where);
      await commands.executeCommand('editor.action.showReferences', target, where, locations ?? []);
    }),
    commands.registerCommand('termlens.searchGlossary', async (query?: unknown) => {
      const running = await requireRunning(languageClient);
      if (typeof query === 'string') return searchGlossary(running, query);
      showSearchGlossary(running);
      return undefined;
    }),
    commands.registerCommand('termlens.reloadGlossary', async () => {
      const running = await requireRunning(languageClient);
      const reloaded = statusInEditor(await running.sendRequest<GlossaryStatus>(reloadGlossaryRequest), uris);
      status.show(reloaded);
      if (reloaded.errorCount > 0) {
        void window
          .showWarningMessage(`termlens: glossary reloaded with ${count(reloaded.errorCount, 'error')} (${reloaded.termCount} terms)`, 'Show Output')
          .then((choice) => choice && output.show(true));
      } else {
        void window.showInformationMessage(`termlens: glossary reloaded (${reloaded.termCount} terms)`);
      }
      return reloaded;
    }),
    languageClient.onNotification(statusNotification, (glossary: GlossaryStatus) => status.show(statusInEditor(glossary, uris))),
    workspace.onDidGrantWorkspaceTrust(() => {
      const params: TrustParams = { trusted: true };
      if (languageClient.needsStop()) void languageClient.sendNotification(trustNotification, params);
    }),
  );

  try {
    await languageClient.start();
  } catch (error) {
    status.showFailure();
    output.error(`The language server failed to start: ${describe(error)}`);
    void window
      .showErrorMessage('termlens: the language server failed to start. See the "termlens" output for details.', 'Show Output')
      .then((choice) => choice && output.show(true));
  }
}

/** Stops the language server and its worker. */
export async function deactivate(): Promise<void> {
  if (client?.isRunning()) await client.stop();
  client = undefined;
}

/** The client, once it runs (see `../extension.ts`). */
async function requireRunning(languageClient: LanguageClient): Promise<LanguageClient> {
  if (languageClient.isRunning()) return languageClient;
  if (languageClient.needsStop()) {
    await languageClient.start();
    return languageClient;
  }
  throw new Error('termlens: the language server is not running. See the "termlens" output for details.');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
