// A minimal LSP client over stdio, used by the protocol tests and by `npm run demo` to drive the
// built server exactly as an editor does. Plain JavaScript so both Node and vitest can load it.

import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';

/**
 * Starts `node serverPath --stdio` and initializes it.
 * @param {string} serverPath path of dist/server.js
 * @param {{ rootPath?: string, settings?: object, initializationOptions?: object, watchedFiles?: boolean, env?: Record<string, string> }} [options]
 */
export async function startLanguageServer(serverPath, options = {}) {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = new Map();
  const waiters = [];
  const logs = [];
  const statuses = [];
  let settings = options.settings ?? {};

  const notifyWaiters = () => {
    for (const w of [...waiters]) {
      if (w.check()) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  const diagnosticVersions = new Map();
  connection.onNotification('textDocument/publishDiagnostics', (p) => {
    diagnostics.set(p.uri, p.diagnostics);
    diagnosticVersions.set(p.uri, p.version);
    notifyWaiters();
  });
  connection.onNotification('termlens/status', (s) => {
    statuses.push(s);
    notifyWaiters();
  });
  connection.onNotification('window/logMessage', (m) => logs.push(m.message));
  connection.onRequest('workspace/configuration', (p) => p.items.map((item) => (item.section === 'termlens' ? settings : null)));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();

  const rootUri = options.rootPath ? pathToFileURL(options.rootPath).toString() : null;
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

  /** Resolves once `check()` is true, re-checked on every diagnostics or status notification. */
  const waitFor = (check, what, timeout = 10000) =>
    check()
      ? Promise.resolve()
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; server stderr: ${stderr}`)), timeout);
          waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
        });

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
    open(uri, languageId, text) {
      versions.set(uri, 1);
      diagnostics.delete(uri);
      return connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    },
    change(uri, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      diagnostics.delete(uri);
      return connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    },
    /** Sends one incremental change (`text` replaces `range`) and returns the new version. */
    edit(uri, range, text) {
      const version = (versions.get(uri) ?? 1) + 1;
      versions.set(uri, version);
      connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text }] });
      return version;
    },
    /** Waits until diagnostics for `uri` have been published since the last open/change. */
    diagnosticsFor: async (uri) => {
      await waitFor(() => diagnostics.has(uri), `diagnostics for ${uri}`);
      return diagnostics.get(uri);
    },
    setSettings(next) {
      settings = next;
      return connection.sendNotification('workspace/didChangeConfiguration', { settings: { termlens: next } });
    },
    hover: (uri, position) => connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }),
    completion: (uri, position) => connection.sendRequest('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } }),
    resolve: (item) => connection.sendRequest('completionItem/resolve', item),
    codeActions: (uri, range, diags) => connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: diags } }),
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

/** Applies LSP text edits to a text (edits must not overlap). */
export function applyEdits(text, edits) {
  const lines = text.split('\n');
  const offsetAt = (p) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offsetAt(b.range.start) - offsetAt(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offsetAt(e.range.start)) + e.newText + out.slice(offsetAt(e.range.end));
  return out;
}
