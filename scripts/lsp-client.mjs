// A minimal LSP client over stdio, used by the protocol tests and by `npm run demo` to drive the
// built server exactly as an editor does. Plain JavaScript so both Node and vitest can load it.

import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, createMessageConnection, ProgressType, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

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
/** @typedef {import('vscode-languageserver').Registration} Registration */
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
 * @property {object} [capabilities] merged into the client capabilities `initialize` sends (objects merged key by key,
 *   anything else replaced), e.g. `{ textDocument: { diagnostic: {} } }` to announce pull diagnostics; default none
 * @property {Record<string, (params: any) => unknown>} [requests] answers to further requests of the server, by method
 *   (e.g. `workspace/diagnostic/refresh`); waiters are re-checked after each; default none (the server gets "method not found")
 * @property {(method: string, params: any) => void} [onNotification] called with every notification of the server, in the
 *   order they arrive, after the client has handled it; default none
 * @property {Record<string, string>} [env] added to this process's environment for the server
 */

/** The client returned by {@link startLanguageServer}. @typedef {Awaited<ReturnType<typeof startLanguageServer>>} LanguageClient */

/**
 * `base` with `extra` merged in: objects key by key, anything else (arrays too) replaced.
 * @param {Record<string, unknown>} base
 * @param {object} extra
 * @returns {Record<string, unknown>}
 */
function merged(base, extra) {
  /** @param {unknown} v @returns {v is Record<string, unknown>} */
  const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
  const out = { ...base };
  for (const [key, value] of Object.entries(extra)) out[key] = isObject(value) && isObject(out[key]) ? merged(out[key], value) : value;
  return out;
}

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
  /** @type {Registration[]} */
  const registrations = [];
  /** @type {(string | undefined)[]} */
  const configurationScopes = [];
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
  /**
   * Handles a notification of the server, then shows it to `options.onNotification`.
   * @param {string} method
   * @param {(params: any) => void} handle
   */
  const onNotification = (method, handle) =>
    connection.onNotification(method, (/** @type {unknown} */ params) => {
      handle(params);
      options.onNotification?.(method, params);
    });
  onNotification('textDocument/publishDiagnostics', (/** @type {PublishDiagnosticsParams} */ p) => {
    diagnostics.set(p.uri, p.diagnostics);
    diagnosticVersions.set(p.uri, p.version);
    notifyWaiters();
  });
  onNotification('termlens/status', (/** @type {GlossaryStatus} */ s) => {
    statuses.push(s);
    notifyWaiters();
  });
  onNotification('window/logMessage', (/** @type {import('vscode-languageserver').LogMessageParams} */ m) => {
    logs.push(m.message);
  });
  if (options.onNotification) connection.onNotification((method, params) => options.onNotification?.(method, params));
  connection.onRequest('workspace/configuration', (/** @type {import('vscode-languageserver').ConfigurationParams} */ p) =>
    p.items.map((item) => {
      configurationScopes.push(item.scopeUri);
      return item.section === 'termlens' ? settings : null;
    }),
  );
  connection.onRequest('client/registerCapability', (/** @type {import('vscode-languageserver').RegistrationParams} */ p) => {
    registrations.push(...p.registrations);
    return null;
  });
  connection.onRequest('client/unregisterCapability', () => null);
  for (const [method, answer] of Object.entries(options.requests ?? {})) {
    connection.onRequest(method, (/** @type {unknown} */ params) => {
      const result = answer(params);
      notifyWaiters();
      return result;
    });
  }
  connection.listen();

  const rootUri = options.rootPath ? pathToFileURL(options.rootPath).toString() : null;
  /** @type {InitializeResult} */
  const init = await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: rootUri ? [{ uri: rootUri, name: 'root' }] : null,
    initializationOptions: options.initializationOptions ?? {},
    capabilities: merged(
      {
        workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: options.watchedFiles ?? false } },
        textDocument: {
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: { completionItem: { snippetSupport: false, resolveSupport: { properties: ['documentation'] } } },
          publishDiagnostics: { relatedInformation: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
      options.capabilities ?? {},
    ),
  });
  await connection.sendNotification('initialized', {});

  /**
   * Resolves once `check()` is true, re-checked on every diagnostics or status notification, answered request of
   * `options.requests` and partial result.
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
  let partialTokens = 0;
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
    /** Every registration the server asked for (`client/registerCapability`), in order. */
    registrations,
    /** The `scopeUri` of every item `workspace/configuration` was asked for, in order. */
    configurationScopes,
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
    /** @param {string} uri */
    close: (uri) => connection.sendNotification('textDocument/didClose', { textDocument: { uri } }),
    /**
     * Sends a request with a partial result token, as VS Code sends `workspace/diagnostic`: the partial results
     * arrive in `partials` (each also given to `onPartial`, waiters are re-checked after each), `answer` is the final
     * answer, and `cancel` cancels the request.
     * @template P, R
     * @param {string} method
     * @param {object} params without `partialResultToken`
     * @param {(partial: P) => void} [onPartial]
     * @returns {{ partials: P[], answer: Promise<R>, cancel: () => void }}
     */
    requestWithPartialResults(method, params, onPartial) {
      const token = `partial-${++partialTokens}`;
      /** @type {P[]} */
      const partials = [];
      const progress = connection.onProgress(new ProgressType(), token, (/** @type {P} */ partial) => {
        partials.push(partial);
        onPartial?.(partial);
        notifyWaiters();
      });
      const cancel = new CancellationTokenSource();
      /** @type {Promise<R>} */
      const answer = connection.sendRequest(method, { ...params, partialResultToken: token }, cancel.token).finally(() => progress.dispose());
      return { partials, answer, cancel: () => cancel.cancel() };
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
