import { commands, ExtensionContext, window, workspace } from 'vscode';
import { allowedCodeLenses, showReferences } from './showReferences';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import {
  reloadGlossaryRequest,
  showReferencesCommand,
  statusNotification,
  trustNotification,
  type GlossaryStatus,
  type TermlensInitializationOptions,
  type TrustParams,
} from '../../server/src/protocolExtensions';
import { searchGlossary, showSearchGlossary } from './searchGlossary';
import { defaultLanguageIds } from '../../server/src/shared/languages';
import { count } from '../../server/src/shared/count';
import { GlossaryStatusItem } from './status';
import { explicitSettings, serverSettingKeys } from './explicitSettings';

let client: LanguageClient | undefined;

/** Starts the language server; a server that fails to start is reported, never thrown. */
export async function activate(context: ExtensionContext): Promise<void> {
  const output = window.createOutputChannel('termlens', { log: true });
  const status = new GlossaryStatusItem();
  context.subscriptions.push(output, status);

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
  const initializationOptions: TermlensInitializationOptions = { workspaceTrusted: workspace.isTrusted, showReferencesCommand: true };
  const settingKeys = serverSettingKeys(
    (context.extension.packageJSON as { contributes?: { configuration?: { properties?: Record<string, unknown> } } }).contributes?.configuration?.properties ??
      {},
  );
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    // No `synchronize`: the server registers for configuration changes and glossary file events
    // itself, which also serves other editors; registering here too would double every event.
    initializationOptions,
    middleware: {
      // A code lens runs only our own command (see showReferences.ts), whatever a server sends.
      provideCodeLenses: async (document, token, next) => allowedCodeLenses(await next(document, token)),
      workspace: {
        // Only what the user set: the server layers it over the project config file and the defaults.
        configuration: async (params, token, next) => {
          const answered = await next(params, token);
          if (!Array.isArray(answered)) return answered;
          return params.items.map((item, i) => (item.section === 'termlens' ? explicitSettings(settingKeys, item.scopeUri) : answered[i]));
        },
      },
    },
    // Log instead of the client library's own pop-ups; `activate` shows one message pointing at the output.
    initializationFailedHandler: (error) => {
      output.error(`Server initialization failed: ${describe(error)}`);
      return false;
    },
  };
  const languageClient = new LanguageClient('termlens', 'termlens', serverOptions, clientOptions);
  client = languageClient;

  context.subscriptions.push(
    commands.registerCommand('termlens.showOutput', () => output.show(true)),
    commands.registerCommand(showReferencesCommand, showReferences),
    commands.registerCommand('termlens.searchGlossary', async (query?: unknown) => {
      const running = await requireRunning(languageClient);
      if (typeof query === 'string') return searchGlossary(running, query);
      showSearchGlossary(running);
      return undefined;
    }),
    commands.registerCommand('termlens.reloadGlossary', async () => {
      const running = await requireRunning(languageClient);
      const reloaded = await running.sendRequest<GlossaryStatus>(reloadGlossaryRequest);
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
      status.show(glossary);
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

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  if (client?.isRunning()) await client.stop();
  client = undefined;
}

/** The client, once it runs; a command run while the server is down fails with a message pointing at the output. */
async function requireRunning(languageClient: LanguageClient): Promise<LanguageClient> {
  if (languageClient.isRunning()) return languageClient;
  // The command may run while `activate` is still waiting for the server to initialize.
  if (languageClient.needsStop()) {
    await languageClient.start();
    return languageClient;
  }
  throw new Error('termlens: the language server is not running. See the "termlens" output for details.');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
