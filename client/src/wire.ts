/**
 * What the desktop client (`extension.ts`) and the web client (`browser/extension.ts`) share: the
 * output channel, the status bar item, the client options, the commands, the server's status and
 * trust notifications, and the start-up. Each entry passes in only its transport (it creates the
 * client) and, for the web build, the mapping between the editor's URIs and the server's. This
 * module imports no Node module, as the web build bundles it.
 */

import { commands, window, workspace, type ExtensionContext } from 'vscode';
import type { BaseLanguageClient, DocumentSelector, LanguageClientOptions } from 'vscode-languageclient';
import {
  reloadGlossaryRequest,
  showReferencesCommand,
  statusNotification,
  trustNotification,
  type GlossaryStatus,
  type TermlensInitializationOptions,
  type TrustParams,
} from '../../server/src/protocolExtensions';
import { count } from '../../server/src/shared/count';
import { explicitSettings, serverSettingKeys } from './explicitSettings';
import { searchGlossary, showSearchGlossary } from './searchGlossary';
import { allowedCodeLenses, showReferences } from './showReferences';
import { GlossaryStatusItem } from './status';

/** What an entry point passes to {@link wireClient}. */
export interface WireOptions {
  /** The documents the client syncs with the server. */
  documentSelector: DocumentSelector;
  /**
   * Creates the client over the entry's transport (Node IPC, or a Web Worker) with the options built here; it is
   * started by {@link wireClient}. Handlers of server requests that the server may send while it initializes are
   * registered here too.
   */
  createClient: (clientOptions: LanguageClientOptions) => BaseLanguageClient;
  /** The client library's URI conversions. Default: its own (the server's URIs are the editor's). */
  uriConverters?: LanguageClientOptions['uriConverters'];
  /**
   * The editor's URI of a URI the server sent and the client library does not convert (command arguments, setting
   * scopes, the status's files). Default: none, the server's URIs are the editor's.
   */
  toCode?: (uri: string) => string;
}

let client: BaseLanguageClient | undefined;

/** Creates the client, registers the commands and starts the language server; a server that fails to start is reported, never thrown. */
export async function wireClient(context: ExtensionContext, options: WireOptions): Promise<void> {
  const { toCode } = options;
  const output = window.createOutputChannel('termlens', { log: true });
  const status = new GlossaryStatusItem();
  context.subscriptions.push(output, status);

  const inEditor = (glossary: GlossaryStatus): GlossaryStatus => (toCode ? statusInEditor(glossary, toCode) : glossary);
  const initializationOptions: TermlensInitializationOptions = { workspaceTrusted: workspace.isTrusted, showReferencesCommand: true };
  const settingKeys = serverSettingKeys(
    (context.extension.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } } }).contributes?.configuration?.properties ??
      {},
  );
  const clientOptions: LanguageClientOptions = {
    documentSelector: options.documentSelector,
    outputChannel: output,
    // No `synchronize`: the server registers for configuration changes and glossary file events
    // itself, which also serves other editors; registering here too would double every event.
    initializationOptions,
    ...(options.uriConverters && { uriConverters: options.uriConverters }),
    middleware: {
      // A code lens runs only our own command (see showReferences.ts), whatever a server sends.
      provideCodeLenses: async (document, token, next) => allowedCodeLenses(await next(document, token)),
      workspace: {
        // Only what the user set: the server layers it over the project config file and the defaults.
        configuration: async (params, token, next) => {
          const answered = await next(params, token);
          if (!Array.isArray(answered)) return answered;
          // Requests carry the server's URIs: the settings of a folder are looked up by the editor's.
          return params.items.map((item, i) =>
            item.section === 'termlens' ? explicitSettings(settingKeys, toCode ? item.scopeUri && toCode(item.scopeUri) : item.scopeUri) : answered[i],
          );
        },
      },
    },
    // Log instead of the client library's own pop-ups; `wireClient` shows one message pointing at the output.
    initializationFailedHandler: (error) => {
      output.error(`Server initialization failed: ${describe(error)}`);
      return false;
    },
  };
  const languageClient = options.createClient(clientOptions);
  client = languageClient;

  context.subscriptions.push(
    commands.registerCommand('termlens.showOutput', () => output.show(true)),
    // The lens's arguments are the server's, not converted by the client library.
    commands.registerCommand(showReferencesCommand, (uri: unknown, position: unknown) => showReferences(uri, position, toCode)),
    commands.registerCommand('termlens.searchGlossary', async (query?: unknown) => {
      const running = await requireRunning(languageClient);
      if (typeof query === 'string') return searchGlossary(running, query);
      showSearchGlossary(running);
      return undefined;
    }),
    commands.registerCommand('termlens.reloadGlossary', async () => {
      const running = await requireRunning(languageClient);
      const reloaded = inEditor(await running.sendRequest<GlossaryStatus>(reloadGlossaryRequest));
      status.show(reloaded);
      // Not awaited: the message resolves only when the user dismisses it.
      if (reloaded.errorCount > 0) {
        void window
          .showWarningMessage(`termlens: glossary reloaded with ${count(reloaded.errorCount, 'error')} (${reloaded.termCount} terms)`, 'Show Output')
          .then((choice) => choice && output.show(true));
      } else {
        void window.showInformationMessage(`termlens: glossary reloaded (${reloaded.termCount} terms)`);
      }
      return reloaded;
    }),
    languageClient.onNotification(statusNotification, (glossary: GlossaryStatus) => {
      status.show(inEditor(glossary));
    }),
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

/** Stops the language server (and the web build's worker with it). */
export async function deactivate(): Promise<void> {
  if (client?.isRunning()) await client.stop();
  client = undefined;
}

/** The status with its files' URIs as the editor knows them (the tooltip shows them relative to the workspace). */
function statusInEditor(status: GlossaryStatus, toCode: (uri: string) => string): GlossaryStatus {
  return { ...status, files: status.files.map((file) => ({ ...file, uri: toCode(file.uri) })) };
}

/** The client, once it runs; a command run while the server is down fails with a message pointing at the output. */
async function requireRunning(languageClient: BaseLanguageClient): Promise<BaseLanguageClient> {
  if (languageClient.isRunning()) return languageClient;
  // The command may run while `wireClient` is still waiting for the server to initialize.
  if (languageClient.needsStop()) {
    await languageClient.start();
    return languageClient;
  }
  throw new Error('termlens: the language server is not running. See the "termlens" output for details.');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
