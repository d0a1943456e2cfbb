/**
 * The page of the web tier (scripts/editors/web.mjs): in headless Chromium, starts the web build's
 * language server (`dist/browser/server.js`) in a dedicated Web Worker and plays the browser
 * client without VS Code: LSP over `postMessage` (JSON-RPC written out below), the workspace's
 * URIs translated and the server's file-system requests answered by the browser client's own
 * modules (`client/src/browser/uris.ts`, `workspaceFs.ts`) over an in-memory workspace on a
 * virtual file system (`vscode-vfs://github/…`, as vscode.dev opens a repository).
 *
 * `window.runChecks(fixture)` runs every check and resolves with one result per check, and the time
 * the worker took to answer `initialize` and to publish the note's first diagnostics (reported, not checked).
 */

import picomatch from 'picomatch';
import { createUriMapper } from '../../../client/src/browser/uris';
import { FILE_TYPE, fsRequestHandlers, type EditorFileSystem } from '../../../client/src/browser/workspaceFs';
import { fsGlobRequest, fsReadFileRequest, fsStatRequest, searchGlossaryRequest } from '../../../server/src/protocolExtensions';

/** What web.mjs passes in: the workspace, and what the checks expect, taken from the fixture's own files. */
interface Fixture {
  readonly serverUrl: string;
  /** The workspace folder's URI (a virtual file system). */
  readonly folder: string;
  readonly extensionUri: string;
  /** Workspace files: path relative to the folder → text. */
  readonly files: Readonly<Record<string, string>>;
  readonly note: string;
  readonly unopened: string;
  readonly brokenGlossary: string;
  readonly bundled: { readonly term: string; readonly definition: string };
  readonly workspaceTerm: { readonly term: string; readonly definition: string };
  readonly misspelled: { readonly written: string; readonly fix: string };
  readonly completionPrefix: string;
}

interface CheckResult {
  readonly ok: boolean;
  readonly what: string;
  readonly got?: string;
}

type Json = unknown;
interface Message {
  readonly id?: number | string;
  readonly method?: string;
  readonly params?: Json;
  readonly result?: Json;
  readonly error?: { readonly code: number; readonly message: string };
}
interface Position {
  readonly line: number;
  readonly character: number;
}
interface Range {
  readonly start: Position;
  readonly end: Position;
}
interface Diagnostic {
  readonly range: Range;
  readonly severity?: number;
  readonly code?: string | number;
  readonly message: string;
}

const WAIT_MS = 15_000;

/** The JSON-RPC side of the page: requests with ids, the server's requests answered, notifications kept and listened to. */
class Rpc {
  private nextId = 1;
  private readonly pending = new Map<number | string, { resolve(v: Json): void; reject(e: Error): void }>();
  private readonly listeners = new Set<(m: Message) => void>();
  readonly notifications: Message[] = [];
  /** Methods of the server's requests, in order. */
  readonly serverRequests: string[] = [];
  /** Errors the worker raised (uncaught exceptions, a script that failed to load). */
  readonly errors: string[] = [];

  constructor(
    private readonly worker: Worker,
    private readonly answer: (method: string, params: Json) => Promise<Json>,
  ) {
    worker.onmessage = (event: MessageEvent<Message>) => void this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => void this.errors.push(event.message || 'an error event');
  }

  private async receive(m: Message): Promise<void> {
    if (m.method === undefined && m.id !== undefined) {
      const waiting = this.pending.get(m.id);
      this.pending.delete(m.id);
      if (m.error) waiting?.reject(new Error(`${m.error.code}: ${m.error.message}`));
      else waiting?.resolve(m.result ?? null);
    } else if (m.method !== undefined && m.id !== undefined) {
      this.serverRequests.push(m.method);
      let result: Json = null;
      try {
        result = await this.answer(m.method, m.params);
      } catch (error) {
        this.worker.postMessage({ jsonrpc: '2.0', id: m.id, error: { code: -32603, message: String(error) } });
        return;
      }
      this.worker.postMessage({ jsonrpc: '2.0', id: m.id, result });
    } else if (m.method !== undefined) {
      this.notifications.push(m);
      for (const listener of this.listeners) listener(m);
    }
  }

  /** A request's result; rejects on an error answer, or when none came within {@link WAIT_MS}. */
  request<R>(method: string, params: Json): Promise<R> {
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${method} within ${WAIT_MS / 1000} s${this.errors.length ? `; the worker failed: ${this.errors.join('; ')}` : ''}`));
      }, WAIT_MS);
      const settle = (then: () => void) => {
        clearTimeout(timer);
        then();
      };
      this.pending.set(id, { resolve: (v) => settle(() => resolve(v as R)), reject: (e) => settle(() => reject(e)) });
      this.worker.postMessage({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: Json): void {
    this.worker.postMessage({ jsonrpc: '2.0', method, params });
  }

  /** The first notification (already received or to come) that `test` accepts, or undefined after {@link WAIT_MS}. */
  waitFor(test: (m: Message) => boolean): Promise<Message | undefined> {
    const seen = this.notifications.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const listener = (m: Message): void => {
        if (!test(m)) return;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(m);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        resolve(undefined);
      }, WAIT_MS);
      this.listeners.add(listener);
    });
  }
}

/** The fixture's files as a virtual file system, by editor URI. */
function memoryEditorFs(folder: string, files: Readonly<Record<string, string>>): EditorFileSystem {
  const encoder = new TextEncoder();
  const byUri = new Map(Object.entries(files).map(([rel, text]) => [`${folder}/${rel}`, encoder.encode(text)]));
  const missing = (uri: string): Error => new Error(`FileNotFound: ${uri}`);
  return {
    async readFile(uri) {
      const bytes = byUri.get(uri);
      if (!bytes) throw missing(uri);
      return bytes;
    },
    async stat(uri) {
      const bytes = byUri.get(uri);
      if (bytes) return { type: FILE_TYPE.file, size: bytes.length };
      if ([...byUri.keys()].some((u) => u.startsWith(`${uri.replace(/\/$/, '')}/`))) return { type: FILE_TYPE.directory, size: 0 };
      throw missing(uri);
    },
    async findFiles(base, pattern, exclude) {
      const prefix = `${base.replace(/\/$/, '')}/`;
      const include = picomatch(pattern);
      const excluded = exclude ? picomatch(exclude) : () => false;
      return [...byUri.keys()].filter((uri) => uri.startsWith(prefix) && include(uri.slice(prefix.length)) && !excluded(uri.slice(prefix.length)));
    },
  };
}

/** Where `needle` starts in `text` (line and UTF-16 column), `offset` characters in. */
function positionOf(text: string, needle: string, offset = 0): Position {
  const at = text.indexOf(needle);
  if (at < 0) throw new Error(`"${needle}" is not in the note`);
  const before = text.slice(0, at + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

function show(value: unknown): string {
  return (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value))).slice(0, 400);
}

async function runChecks(fixture: Fixture): Promise<{ checks: CheckResult[]; timings: Record<string, number> }> {
  const started = performance.now();
  const timings: Record<string, number> = {};
  const results: CheckResult[] = [];
  const check = (ok: boolean, what: string, got?: unknown): boolean => {
    results.push(ok ? { ok, what } : { ok, what, got: show(got) });
    return ok;
  };
  const uris = createUriMapper(fixture.folder, fixture.extensionUri);
  const fs = fsRequestHandlers(memoryEditorFs(fixture.folder, fixture.files), uris);
  const answer = async (method: string, params: Json): Promise<Json> => {
    if (method === fsReadFileRequest) return fs.readFile(params as never);
    if (method === fsStatRequest) return fs.stat(params as never);
    if (method === fsGlobRequest) return fs.glob(params as never);
    if (method === 'workspace/configuration') return ((params as { items: unknown[] }).items ?? []).map(() => ({}));
    return null;
  };
  const rpc = new Rpc(new Worker(fixture.serverUrl), answer);
  const noteUri = `${fixture.folder}/${fixture.note}`;
  const note = fixture.files[fixture.note]!;
  const protocolNote = uris.toProtocol(noteUri);
  const diagnosticsOf = (uri: string, test: (d: readonly Diagnostic[]) => boolean) =>
    rpc.waitFor((m) => {
      const p = m.params as { uri?: string; diagnostics?: Diagnostic[] } | undefined;
      return m.method === 'textDocument/publishDiagnostics' && p?.uri !== undefined && uris.toCode(p.uri) === uri && test(p.diagnostics ?? []);
    });

  const init = await rpc.request<{ capabilities?: Record<string, unknown> }>('initialize', {
    processId: null,
    rootUri: uris.toProtocol(fixture.folder),
    workspaceFolders: [{ uri: uris.toProtocol(fixture.folder), name: 'desk-notes' }],
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true, relativePatternSupport: true } },
      textDocument: {
        publishDiagnostics: {},
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
      },
    },
    initializationOptions: { workspaceTrusted: true },
  });
  timings.initializeMs = Math.round(performance.now() - started);
  check(init.capabilities?.hoverProvider === true, 'initialize: the worker answers with hover among its capabilities', init);
  rpc.notify('initialized', {});
  rpc.notify('textDocument/didOpen', { textDocument: { uri: protocolNote, languageId: 'markdown', version: 1, text: note } });

  const misspelled = await diagnosticsOf(noteUri, (d) => d.some((x) => x.code === 'term.misspelled'));
  timings.diagnosticsMs = Math.round(performance.now() - started);
  const diagnostics = ((misspelled?.params as { diagnostics?: Diagnostic[] } | undefined)?.diagnostics ?? []).filter((d) => d.code === 'term.misspelled');
  const at = positionOf(note, fixture.misspelled.written);
  const onWord = diagnostics.find((d) => d.range.start.line === at.line && d.range.start.character === at.character);
  check(
    onWord !== undefined && onWord.message.includes(fixture.misspelled.fix),
    `diagnostic: term.misspelled on "${fixture.misspelled.written}" naming "${fixture.misspelled.fix}"`,
    misspelled?.params ?? 'no term.misspelled diagnostic for the note',
  );

  if (onWord) {
    const actions = await rpc.request<{ title: string; edit?: { changes?: Record<string, { newText: string }[]> } }[] | null>('textDocument/codeAction', {
      textDocument: { uri: protocolNote },
      range: onWord.range,
      context: { diagnostics: [onWord], only: ['quickfix'] },
    });
    const fix = (actions ?? []).find((a) => Object.values(a.edit?.changes ?? {}).some((edits) => edits.some((e) => e.newText === fixture.misspelled.fix)));
    check(
      fix !== undefined && fix.title.includes(fixture.misspelled.fix),
      `quick fix: replaces "${fixture.misspelled.written}" with "${fixture.misspelled.fix}"`,
      actions,
    );
  } else check(false, `quick fix: replaces "${fixture.misspelled.written}" with "${fixture.misspelled.fix}"`, 'no diagnostic to fix');

  const brokenUri = `${fixture.folder}/${fixture.brokenGlossary}`;
  const broken = await diagnosticsOf(brokenUri, (d) => d.some((x) => x.severity === 1));
  check(
    broken !== undefined,
    `glossary-file diagnostic: an error in ${fixture.brokenGlossary}, published at its workspace URI`,
    broken ?? rpc.notifications.map((m) => m.method),
  );

  type Hover = { contents?: { value?: string } | string } | null;
  const hoverText = (h: Hover): string => (typeof h?.contents === 'string' ? h.contents : (h?.contents?.value ?? ''));
  const bundledHover = await rpc.request<Hover>('textDocument/hover', {
    textDocument: { uri: protocolNote },
    position: positionOf(note, fixture.bundled.term, 2),
  });
  check(
    hoverText(bundledHover).includes(fixture.bundled.definition),
    `hover: "${fixture.bundled.term}" shows its definition from the bundled glossary`,
    bundledHover,
  );
  const workspaceHover = await rpc.request<Hover>('textDocument/hover', {
    textDocument: { uri: protocolNote },
    position: positionOf(note, fixture.workspaceTerm.term, 2),
  });
  check(
    hoverText(workspaceHover).includes(fixture.workspaceTerm.definition),
    `hover: "${fixture.workspaceTerm.term}" shows its definition from the workspace glossary (read through the editor's file system)`,
    workspaceHover,
  );

  const end = positionOf(note, fixture.completionPrefix, fixture.completionPrefix.length);
  const completion = await rpc.request<{ items?: { label: string }[] } | { label: string }[] | null>('textDocument/completion', {
    textDocument: { uri: protocolNote },
    position: end,
    context: { triggerKind: 1 },
  });
  const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
  check(
    items.some((i) => i.label === fixture.workspaceTerm.term),
    `completion: "${fixture.completionPrefix}" offers "${fixture.workspaceTerm.term}"`,
    items.map((i) => i.label),
  );

  const references = await rpc.request<{ uri: string }[] | null>('textDocument/references', {
    textDocument: { uri: protocolNote },
    position: positionOf(note, fixture.workspaceTerm.term, 2),
    context: { includeDeclaration: false },
  });
  const unopened = `${fixture.folder}/${fixture.unopened}`;
  check(
    (references ?? []).some((r) => uris.toCode(r.uri) === unopened),
    `references: "${fixture.workspaceTerm.term}" is found in ${fixture.unopened}, which is not open (listed through findFiles)`,
    references,
  );

  const search = await rpc.request<{ items?: { term: string }[] }>(searchGlossaryRequest, { query: fixture.workspaceTerm.term.toLowerCase() });
  check(
    (search.items ?? []).some((i) => i.term === fixture.workspaceTerm.term),
    `search: "${fixture.workspaceTerm.term.toLowerCase()}" finds the workspace term`,
    search,
  );

  check(
    ['termlens/fs/glob', 'termlens/fs/readFile'].every((m) => rpc.serverRequests.includes(m)),
    'the server read the workspace through the client (termlens/fs/glob and termlens/fs/readFile requests)',
    rpc.serverRequests,
  );

  check(rpc.errors.length === 0, 'the worker raised no uncaught error', rpc.errors);
  await rpc.request('shutdown', null).catch(() => undefined);
  rpc.notify('exit', null);
  return { checks: results, timings };
}

(globalThis as unknown as { runChecks: typeof runChecks }).runChecks = runChecks;
