/**
 * The LSP edge: wires the connection's lifecycle, document and feature events to the parts in
 * `lsp/` — `documents.ts` (parsing and publishing diagnostics), `glossarySync.ts` (glossary
 * reloads and glossary and config problems) and `convert.ts` (the one place where termlens's
 * results become LSP objects) — and each request to a pure feature of the {@link TermService}.
 */

import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeActionParams,
  type CodeAction,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAMES } from './config/projectConfig';
import { GLOSSARY_GLOB } from './project/glossaryFiles';
import { createProject, isGlossaryFileUri } from './project/workspace';
import {
  reloadGlossaryRequest,
  searchGlossaryRequest,
  trustNotification,
  type SearchGlossaryParams,
  type SearchGlossaryResult,
  type TermlensInitializationOptions,
  type TrustParams,
} from './protocolExtensions';
import { createTermService, type TermService } from './core/service';
import { diagnosticOptions, isTooLarge } from './settings';
import { explicitSettings, type ClientState, type ServerContext, type ServerOptions } from './lsp/context';
import { toLspCodeAction, toLspCompletionList, toLspHover, toLspLocation, withDocumentation } from './lsp/convert';
import { DocumentPipeline } from './lsp/documents';
import { GLOSSARY_EDIT_KINDS, glossaryEditActions, rememberEditCapabilities, resolveGlossaryEdit } from './lsp/glossaryEdits';
import { GlossarySync } from './lsp/glossarySync';
import { navigationCapabilities, registerNavigation } from './lsp/navigation';
import { updateAllOrNothing } from './lsp/textDocumentSync';
import { registerWorkspaceDiagnostics, workspaceDiagnosticsCapabilities, workspaceDiagnosticsChanged, workspaceFilesChanged } from './lsp/workspaceDiagnostics';

export type { ServerOptions } from './lsp/context';

/** Glob of the files a project config can live in; `package.json` counts only with a `termlens` key. */
const CONFIG_GLOB = `**/{${CONFIG_FILE_NAMES.join(',')}}`;

/** Wires `connection` to a new termlens service and starts listening. */
export function startServer(connection: Connection, options: ServerOptions): TermService {
  const service = createTermService({ dictionary: options.dictionary, scanMarkdownChunk: options.scanMarkdownChunk });
  const documents = new TextDocuments({ create: TextDocument.create, update: updateAllOrNothing });
  const client: ClientState = {
    hasConfiguration: false,
    hasConfigurationRegistration: false,
    hasWatchedFilesRegistration: false,
    hasRelativePatterns: false,
    pushedSettings: undefined,
  };
  const log = (message: string) => connection.console.log(message);
  const project = createProject({
    fs: options.fs,
    bundled: options.bundledGlossaryPath,
    cwd: options.cwd,
    store: service.store,
    explicitSettings: (scope) => explicitSettings(connection, client, scope),
    log,
  });
  let loaded: () => void = () => {};
  const glossaryLoaded = new Promise<void>((resolve) => (loaded = resolve));
  // A client that never sends `initialized` must not hang every request. (A browser's timer is a number, without `unref`.)
  const timer: unknown = setTimeout(() => loaded(), 10_000);
  (timer as { unref?: () => void }).unref?.();
  const ctx: ServerContext = { connection, options, service, documents, project, client, glossaryLoaded, log };
  const docs = new DocumentPipeline(ctx);
  registerWorkspaceDiagnostics(ctx);
  const glossary = new GlossarySync(ctx, () => {
    docs.revalidateAll();
    workspaceDiagnosticsChanged(ctx);
  });

  // The first reload (on `initialized`) settles `glossaryLoaded`; GlossarySync logs its failures.
  registerLifecycle(ctx, () => glossary.reload().finally(loaded));
  registerDocumentEvents(ctx, docs, glossary);
  registerFeatures(ctx, docs);
  registerNavigation(ctx, docs);
  documents.listen(connection);
  connection.listen();
  return service;
}

/** Edits and closes of open documents: glossary files feed the glossary, other documents get validated. */
function registerDocumentEvents(ctx: ServerContext, docs: DocumentPipeline, glossary: GlossarySync): void {
  const { connection, documents, project } = ctx;
  documents.onDidChangeContent((e) => {
    project.setOpenDocument(e.document.uri, e.document.getText());
    if (isGlossaryFileUri(e.document.uri)) glossary.edited(e.document.uri);
    else docs.scheduleValidation(e.document.uri);
  });
  documents.onDidClose((e) => {
    project.closeDocument(e.document.uri);
    if (isGlossaryFileUri(e.document.uri)) {
      // Unsaved edits are gone with the editor: serve the file as it is on disk again.
      glossary.closed(e.document.uri);
      void glossary.reload();
      return;
    }
    docs.forget(e.document.uri);
    project.forget({ scope: e.document.uri });
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
}

/** Records what the client can do and the project's folders and trust, and answers with the server's capabilities. */
function initialize(ctx: ServerContext, params: InitializeParams): InitializeResult {
  const { client, project } = ctx;
  const init = (params.initializationOptions ?? {}) as TermlensInitializationOptions;
  const workspace = params.capabilities.workspace;
  client.hasConfiguration = workspace?.configuration === true;
  client.hasConfigurationRegistration = workspace?.didChangeConfiguration?.dynamicRegistration === true;
  // Clients that neither answer workspace/configuration nor send settings can pass them here.
  if (init.settings !== undefined) client.pushedSettings = init.settings;
  client.hasWatchedFilesRegistration = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  client.hasRelativePatterns = workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
  const folders = params.workspaceFolders?.map((f) => URI.parse(f.uri).fsPath) ?? (params.rootUri ? [URI.parse(params.rootUri).fsPath] : []);
  project.setTrusted(init.workspaceTrusted !== false);
  project.setFolders(folders);
  rememberEditCapabilities(ctx, params.capabilities);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      definitionProvider: true,
      completionProvider: { resolveProvider: true },
      codeActionProvider: { codeActionKinds: [...GLOSSARY_EDIT_KINDS], resolveProvider: true },
      ...navigationCapabilities(ctx, params),
      ...workspaceDiagnosticsCapabilities(ctx, params),
    },
    serverInfo: { name: 'termlens-ls', version: '0.1.0' },
  };
}

/** Initialization, settings, watched files, trust and the reload request. */
function registerLifecycle(ctx: ServerContext, reload: () => Promise<void>): void {
  const { connection, project, client, service } = ctx;
  connection.onInitialize((params: InitializeParams) => initialize(ctx, params));

  connection.onInitialized(() => {
    if (client.hasConfiguration && client.hasConfigurationRegistration)
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'termlens' });
    if (client.hasWatchedFilesRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: GLOSSARY_GLOB }, { globPattern: CONFIG_GLOB }] });
    }
    void reload();
  });

  connection.onDidChangeConfiguration((change) => {
    project.forget();
    const section = (change.settings as { termlens?: unknown } | undefined)?.termlens;
    if (section !== undefined) client.pushedSettings = section;
    void reload();
  });

  connection.onDidChangeWatchedFiles(async (params) => {
    let changed = false;
    for (const change of params.changes) if (project.fileChanged(change.uri, change.type === FileChangeType.Deleted)) changed = true;
    workspaceFilesChanged(ctx, params.changes);
    // Created and changed files are simply re-read with every layer, which also applies ordering and trust.
    if (changed) await reload();
  });

  connection.onNotification(trustNotification, (params: TrustParams) => {
    // Project configs outside the workspace are read only when trusted: the model looks them up again.
    project.setTrusted(params.trusted);
    void reload();
  });

  connection.onRequest(reloadGlossaryRequest, async () => {
    project.forget({ configs: true });
    await reload();
    return service.status(project.glossaryTexts());
  });
}

/** The quick fixes and glossary edits (`lsp/glossaryEdits.ts`) for a code action request, or null when none apply. */
async function codeActions(ctx: ServerContext, docs: DocumentPipeline, params: CodeActionParams): Promise<CodeAction[] | null> {
  const target = await docs.enabledDoc(params.textDocument.uri);
  if (!target) return null;
  const only = params.context.only;
  const fixes = !only || only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`));
  if (isTooLarge(target.settings, target.document.getText().length)) return null;
  const doc = docs.parsedFor(target.document, target.languageId);
  if (await docs.isIgnoredDoc(params.textDocument.uri, target.settings)) return null;
  const { uri } = params.textDocument;
  const sent = params.context.diagnostics;
  const start = doc.lines.offsetAt(params.range.start);
  const end = doc.lines.offsetAt(params.range.end);
  const quickFixes = fixes
    ? ctx.service.codeActions(doc, start, end, diagnosticOptions(target.settings)).map((a) => toLspCodeAction(a, uri, doc.lines, sent))
    : [];
  return [...quickFixes, ...(await glossaryEditActions(ctx, target, doc, params))];
}

/** Hover, definition, completion, code actions and glossary search. */
function registerFeatures(ctx: ServerContext, docs: DocumentPipeline): void {
  const { connection, service } = ctx;
  connection.onRequest(searchGlossaryRequest, (params: SearchGlossaryParams): SearchGlossaryResult => {
    const query = typeof params?.query === 'string' ? params.query : '';
    const limit = typeof params?.limit === 'number' && params.limit > 0 ? Math.min(params.limit, 500) : 50;
    return { items: service.search(query, limit) };
  });

  connection.onHover(async (params) => {
    const target = await docs.enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    const doc = docs.parsedAt(target, offset);
    const hover = service.hover(doc, offset);
    return hover ? toLspHover(hover, doc.lines) : null;
  });

  connection.onDefinition(async (params) => {
    const target = await docs.enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    const location = service.definition(docs.parsedAt(target, offset), offset);
    return location ? toLspLocation(location) : null;
  });

  connection.onCompletion(async (params) => {
    const target = await docs.enabledDoc(params.textDocument.uri);
    if (!target) return null;
    const offset = target.document.offsetAt(params.position);
    const invoked = params.context?.triggerKind === 1;
    const doc = docs.parsedAt(target, offset);
    return toLspCompletionList(service.completions(doc, offset, { identifierStyle: target.settings.identifierStyle, invoked }), doc.lines);
  });

  connection.onCompletionResolve((item) => {
    // Items from another client or an older server may lack our data: return them unchanged.
    const data = item.data as { conceptId?: unknown } | undefined;
    if (typeof data?.conceptId !== 'string') return item;
    return withDocumentation(item, service.completionDocumentation(data.conceptId));
  });

  connection.onCodeAction((params) => codeActions(ctx, docs, params));
  connection.onCodeActionResolve((action) => resolveGlossaryEdit(ctx, action));
}
