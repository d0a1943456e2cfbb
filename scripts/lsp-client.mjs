// A minimal LSP client over stdio, used by the protocol tests and by `npm run demo` to drive the
// built server exactly as an editor does. Plain JavaScript so both Node and vitest can load it.

import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/** @typedef {import('vscode-languageserver').CodeAction} CodeAction */
/** @typedef {import('vscode-languageserver').CompletionItem} CompletionItem */
/** @typedef {import('vscode-languageserver').CompletionList} CompletionList */
/** @typedef {import('vscode-languageserver').Diagnostic} Diagnostic */
/** @typedef {import('vscode-languageserver').Hover} Hover */
/** @typedef {import('vscode-languageserver').InitializeResult} InitializeResult */
/** @typedef {import('vscode-languageserver').MarkupContent} MarkupContent */
/** @typedef {import('vscode-languageserver').Position} Position */
/** @typedef {import('vscode-languageserver').PublishDiagnosticsParams} PublishDiagnosticsParams */
/** @typedef {import('vscode-languageserver').Range} Range */
/** @typedef {import('vscode-languageserver').TextEdit} TextEdit */
/** @typedef {import('../server/src/protocolExtensions.js').GlossaryStatus} GlossaryStatus */

/**
 * A hover as the termlens server answers it: its contents are always Markdown or plain-text markup.
 * @typedef {Hover & { contents: MarkupContent }} TermlensHover
 */

/**
 * Options of {@link startLanguageServer}.
 * @typedef {object} StartOptions
 * @property {string} [rootPath] the workspace folder (`rootUri` and the only workspace folder); default none
 * @property {object} [settings] what `workspace/configuration` answers for the `termlens` section; default `{}`
 * @property {object} [initializationOptions] default `{}`
 * @property {boolean} [watchedFiles] whether the client supports dynamic registration of `didChangeWatchedFiles`; default false
 * @property {Record<string, string>} [env] added to this process's environment for the server
 */

/** The client returned by {@link startLanguageServer}. @typedef {Awaited<ReturnType<typeof startLanguageServer>>} LanguageClient */

/**
 * Starts `node serverPath --stdio` and initializes it.
 * @param {string} serverPath path of dist/server.js
 * @param {StartOptions} [options]
 */
export async function startLanguageServer(serverPath, options = {}) {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  /** @type {Map<string, Diagnostic[]>} */
  const diagnostics = new Map();
  /** @type {Array<{ check: () => boolean, resolve: () => void }>} */
  const waiters = [];
  /** @type {string[]} */
  const logs = [];
  /** @type {GlossaryStatus[]} */
  const statuses = [];
  /** @type {object} */
  let settings = options.settings ?? {};

  const notifyWaiters = () => {
    for (const w of [...waiters]) {
      if (w.check()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  /** @type {Map<string, number | undefined>} */
  const diagnosticVersions = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (/** @type {PublishDiagnosticsParams} */ p) => {
    diagnostics.set(p.uri, p.diagnostics);
    diagnosticVersions.set(p.uri, p.version);
    notifyWaiters();
  });
  connection.onNotification('termlens/status', (/** @type {GlossaryStatus} */ s) => {
    statuses.push(s);
    notifyWaiters();
  });
  connection.onNotification('window/logMessage', (/** @type {import('vscode-languageserver').LogMessageParams} */ m) => {
    logs.push(m.message);
  });
  connection.onRequest('workspace/configuration', (/** @type {import('vscode-languageserver').ConfigurationParams} */ p) =>
    p.items.map((item) => (item.section === 'termlens' ? settings : null)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();

  const rootUri = options.rootPath ? pathToFileURL(options.rootPath).toString() : null;
  /** @type {InitializeResult} */
  const init = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
    initializationOptions: options.initializationOptions ?? {},
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: options.watchedFiles ?? false } },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: false, resolveSupport: { properties: ['documentation'] } } },
        publishDiagnostics: { relatedInformation: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      },
    },
  });
  await connection.sendNotification('initialized', {});

  /**
   * Resolves once `check()` is true, re-checked on every diagnostics or status notification.
   * @param {() => boolean} check
   * @param {string} what what is waited for, for the timeout error
   * @param {number} [timeout] in ms, default 10000
   * @returns {Promise<void>}
   */
  const waitFor = (check, what, timeout = 10000) =>
    check()
      ? Promise.resolve()
      : new Promise((/** @type {(value: void) => void} */ resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; server stderr: ${stderr}`)), timeout);
          waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
        });

  /** @type {Map<string, number>} */
  const versions = new Map();
  return {
    connection,
    initializeResult: init,
    /** The server's process id. */
    pid: child.pid,
    diagnostics,
    /** The document version of the last diagnostics published per URI. */
    diagnosticVersions,
    statuses,
    logs,
    get stderr() {
      return stderr;
    },
    waitFor,
    /** Waits for the first glossary status (the glossary is loaded). */
    ready: () => waitFor(() => statuses.length > 0, 'the glossary status'),
    /**
     * @param {string} uri
     * @param {string} languageId
     * @param {string} text
     */
    open(uri, languageId, text) {
      versions.set(uri, 1);
      diagnostics.delete(uri);
      return connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    /**
     * Replaces the whole text of `uri`.
     * @param {string} uri
     * @param {string} text
     */
    change(uri, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      diagnostics.delete(uri);
      return connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    /**
     * Sends one incremental change (`text` replaces `range`) and returns the new version.
     * @param {string} uri
     * @param {Range} range
     * @param {string} text
     * @returns {number}
     */
    edit(uri, range, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
      return version;
    },
    /**
     * Waits until diagnostics for `uri` have been published since the last open/change, for the
     * version sent last, that `accept` takes (default: any); a later publish may replace them.
     * @param {string} uri
     * @param {(diagnostics: Diagnostic[]) => boolean} [accept]
     * @returns {Promise<Diagnostic[]>}
     */
    diagnosticsFor: async (uri, accept = () => true) => {
      // A publish for an older version (a settings change re-diagnosing the text before the
      // change) may still be on its way: wait for the version the client sent last.
      const current = () => diagnosticVersions.get(uri) === undefined || diagnosticVersions.get(uri) === versions.get(uri);
      await waitFor(() => diagnostics.has(uri) && current() && accept(diagnostics.get(uri) ?? []), `diagnostics for ${uri}`);
      return /** @type {Diagnostic[]} */ (diagnostics.get(uri));
    },
    /**
     * Changes what `workspace/configuration` answers and tells the server.
     * @param {object} next the new `termlens` settings
     */
    setSettings(next) {
      settings = next;
      return connection.sendNotification('workspace/didChangeConfiguration', { settings: { termlens: next } });
    },
    /** @type {(uri: string, position: Position) => Promise<TermlensHover | null>} */
    hover: (uri, position) => connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }),
    /** @type {(uri: string, position: Position) => Promise<CompletionList | null>} */
    completion: (uri, position) => connection.sendRequest('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } }),
    /** @type {(item: CompletionItem) => Promise<CompletionItem>} */
    resolve: (item) => connection.sendRequest('completionItem/resolve', item),
    /** @type {(uri: string, range: Range, diags: Diagnostic[]) => Promise<CodeAction[] | null>} */
    codeActions: (uri, range, diags) => connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: diags } }),
    /** @type {(action: CodeAction) => Promise<CodeAction>} */
    resolveCodeAction: (action) => connection.sendRequest('codeAction/resolve', action),
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // The server may already be gone.
      }
      connection.dispose();
      child.kill();
    },
  };
}

/**
 * Applies LSP text edits to a text (edits must not overlap).
 * @param {string} text
 * @param {readonly TextEdit[]} edits
 * @returns {string}
 */
export function applyEdits(text, edits) {
  const lines = text.split('\n');
  const offsetAt = (/** @type {Position} */ p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offsetAt(b.range.start) - offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(e.range.start)) + e.newText + out.slice(offsetAt(e.range.end));
  return out;
}
