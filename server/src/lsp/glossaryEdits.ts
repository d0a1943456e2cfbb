/**
 * Code actions that write the glossary from the editor, as workspace edits the client applies
 * (so undo works and the change is shown): on `acronym.undefined`, "Add ABBR to the glossary" and
 * "Accept ABBR for this project" (`knownAcronyms` in the project config); on a term, "Add this
 * spelling as an alias" (a near miss or a variant) and "Mark this form as deprecated"; on a
 * selection or a capitalised phrase the glossary does not know, "Add … to the glossary".
 *
 * The text edits come from `core/glossary/edit.ts`; this module picks the file (the nearest
 * workspace glossary that applies to the document, else a new `project.glossary.yaml` at the
 * workspace folder's root), checks it may be written (never the bundled glossary, never outside
 * the workspace folders by real path), and builds the LSP edit for what the client supports:
 * `documentChanges` with a `CreateFile` for a new file, else plain `changes`. A client that can
 * resolve a code action's `edit` gets the edit on `codeAction/resolve`, so that moving the cursor
 * never reads or parses a glossary file. A bundled concept is never edited: a new alias or a
 * deprecated form of one goes into a copy of its entry in the workspace glossary, which replaces
 * the bundled entry (layers merge concepts by preferred term) and keeps its definitions.
 */

import * as path from 'node:path';
import {
  CodeActionKind,
  CreateFile,
  MessageType,
  ShowMessageNotification,
  TextDocumentEdit,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { resolveSettings } from '../config/projectConfig';
import {
  capitalisedPhraseAt,
  configFormatOf,
  editConfigText,
  editGlossaryText,
  editRefusal,
  formatOf,
  guessExpansion,
  newConfigFileText,
  newGlossaryFileText,
  type EditResult,
  type GlossaryChange,
  type GlossaryTextEdit,
} from '../core/glossary/edit';
import { entryFromConcept, formKey, type ConceptEntry } from '../core/glossary/format';
import { preferredTerm, type Concept } from '../core/glossary/model';
import type { TermDiagnostic } from '../core/features/diagnostics';
import { abbreviationKey } from '../core/features/noteRules';
import { occurrenceAt, regionAt, type ParsedDocument } from '../core/text/document';
import { LineIndex } from '../core/text/lineIndex';
import { isPathInside, realpathOf } from '../project/glossaryFiles';
import { diagnosticOptions } from '../settings';
import type { ServerContext, Target } from './context';
import { clientCopy, toLspDiagnostic } from './convert';

/** The kind of the actions that add to the glossary without a diagnostic to fix (a selection, a phrase, an alias to deprecate). */
export const GLOSSARY_REFACTOR_KIND = `${CodeActionKind.Refactor}.glossary`;

/** The code action kinds of this module, for the server's capabilities. */
export const GLOSSARY_EDIT_KINDS: readonly string[] = [CodeActionKind.QuickFix, GLOSSARY_REFACTOR_KIND];

/** The name of the glossary file created at a workspace folder's root when the document has none. */
export const NEW_GLOSSARY_FILE = 'project.glossary.yaml';

/** The name of the project config created at a workspace folder's root when there is none. */
export const NEW_CONFIG_FILE = 'termlens.config.yaml';

/** Longest selection offered as a new concept, in characters. */
const MAX_SELECTION = 120;

/** What the client can apply. */
interface EditCapabilities {
  readonly documentChanges: boolean;
  readonly createFile: boolean;
  readonly resolveEdit: boolean;
}

const capabilities = new WeakMap<ServerContext, EditCapabilities>();

/** Records what the client's workspace edits support (call from `initialize`). */
export function rememberEditCapabilities(ctx: ServerContext, client: ClientCapabilities): void {
  const edit = client.workspace?.workspaceEdit;
  capabilities.set(ctx, {
    documentChanges: edit?.documentChanges === true,
    createFile: edit?.documentChanges === true && (edit.resourceOperations ?? []).includes('create'),
    resolveEdit: (client.textDocument?.codeAction?.resolveSupport?.properties ?? []).includes('edit'),
  });
}

function capabilitiesOf(ctx: ServerContext): EditCapabilities {
  return capabilities.get(ctx) ?? { documentChanges: false, createFile: false, resolveEdit: false };
}

/** A file to write and what to write there; JSON data, carried by an action until it is resolved. */
type PlannedEdit =
  | { readonly file: 'glossary'; readonly path: string; readonly change: GlossaryChange }
  | { readonly file: 'config'; readonly path: string; readonly acronym: string };

/** What an unresolved action carries in `data`. */
interface ActionData {
  readonly termlensGlossaryEdit: PlannedEdit;
}

/** One action before it becomes LSP. */
interface Candidate {
  readonly title: string;
  readonly kind: string;
  readonly plan: PlannedEdit;
  readonly diagnostic?: TermDiagnostic;
}

/**
 * The glossary-writing actions for a code action request on a document termlens serves (its
 * `target` and its parse `doc`): with an edit, or, for clients that resolve edits, with the plan
 * in `data`. Actions whose edit cannot be made are left out.
 */
export async function glossaryEditActions(ctx: ServerContext, target: Target, doc: ParsedDocument, params: CodeActionParams): Promise<CodeAction[]> {
  const only = params.context.only;
  const wants = (kind: string): boolean => !only || only.some((k) => k === kind || kind.startsWith(`${k}.`));
  if (!wants(CodeActionKind.QuickFix) && !wants(GLOSSARY_REFACTOR_KIND)) return [];
  const start = doc.lines.offsetAt(params.range.start);
  const end = doc.lines.offsetAt(params.range.end);
  const docPath = documentPath(target.document.uri);
  const where = new Places(ctx, docPath);
  const candidates: Candidate[] = [];
  const ours = ctx.service.diagnostics(doc, diagnosticOptions(target.settings)).filter((d) => d.data.end >= start && d.data.start <= end);
  const seen = new Set<string>();
  for (const d of ours) {
    if (d.code !== 'acronym.undefined') continue;
    const surface = doc.text.slice(d.data.start, d.data.end);
    const key = abbreviationKey(surface) ?? surface;
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push(...(await acronymCandidates(where, doc, d, key)));
  }
  candidates.push(...(await occurrenceCandidates(where, doc, ours, start, end)));
  // A range that is a diagnostic's is the editor asking for its fixes, not a selection to add.
  if (!ours.some((d) => d.data.start === start && d.data.end === end))
    candidates.push(...(await phraseCandidates(where, doc, start, end, seen, (w) => ctx.options.dictionary.has(w))));
  const { resolveEdit } = capabilitiesOf(ctx);
  const actions: CodeAction[] = [];
  for (const c of candidates) {
    if (!wants(c.kind)) continue;
    const action: CodeAction = {
      title: c.title,
      kind: c.kind,
      ...(c.diagnostic ? { diagnostics: [lspDiagnostic(c.diagnostic, target.document.uri, params.context.diagnostics)] } : {}),
    };
    if (resolveEdit) {
      actions.push({ ...action, data: { termlensGlossaryEdit: c.plan } satisfies ActionData });
      continue;
    }
    const edit = await workspaceEditFor(ctx, c.plan);
    if (edit.ok) actions.push({ ...action, edit: edit.edit });
  }
  return actions;
}

/**
 * Fills in the edit of an action from {@link glossaryEditActions} (`codeAction/resolve`); other
 * actions come back unchanged. When the edit can no longer be made (the file changed meanwhile),
 * the action comes back without one and the user is told why.
 */
export async function resolveGlossaryEdit(ctx: ServerContext, action: CodeAction): Promise<CodeAction> {
  const plan = (action.data as Partial<ActionData> | undefined)?.termlensGlossaryEdit;
  if (!isPlan(plan)) return action;
  // The plan comes back from the client: its file is checked again, as when the action was offered.
  const edit = (await mayWrite(ctx, plan.path)) ? await workspaceEditFor(ctx, plan) : { ok: false as const, reason: 'the file may not be written' };
  if (edit.ok) return { ...action, edit: edit.edit };
  // A notification, not `showWarningMessage` (a request some clients do not answer).
  void ctx.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `termlens: ${action.title}: ${edit.reason}` });
  return action;
}

function isPlan(value: unknown): value is PlannedEdit {
  if (typeof value !== 'object' || value === null) return false;
  const plan = value as Partial<Record<'file' | 'path' | 'change' | 'acronym', unknown>>;
  if (typeof plan.path !== 'string' || !path.isAbsolute(plan.path)) return false;
  if (plan.file === 'config') return typeof plan.acronym === 'string';
  const change = plan.change as { kind?: unknown } | undefined;
  return plan.file === 'glossary' && typeof change === 'object' && change !== null && ['addConcept', 'addForm', 'deprecateForm'].includes(String(change.kind));
}

// ---------------------------------------------------------------------------------------------
// Candidates

async function acronymCandidates(where: Places, doc: ParsedDocument, d: TermDiagnostic, key: string): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const expansion = guessExpansion(doc.text, key, d.data.start);
  const known = expansion ? conceptNamed(doc, expansion) : undefined;
  if (known) {
    // The note spells out a concept the glossary has: the abbreviation becomes one of its forms.
    const plan = await where.formPlan(known, (entry) => addTo(entry, 'abbreviations', key), {
      kind: 'addForm',
      term: preferredTerm(known),
      field: 'abbreviations',
      form: key,
    });
    if (plan)
      out.push({
        title: `Add "${key}" to the glossary as an abbreviation of "${preferredTerm(known)}"${plan.where}`,
        kind: CodeActionKind.QuickFix,
        plan: plan.plan,
        diagnostic: d,
      });
  } else {
    const entry: ConceptEntry = expansion ? { term: expansion, abbreviations: [key] } : { term: key, definitions: [`TODO: what ${key} stands for`] };
    const plan = await where.newConceptPlan(entry);
    if (plan) {
      const as = expansion ? ` as "${expansion}"` : '';
      out.push({ title: `Add "${key}" to the glossary${as}${plan.where}`, kind: CodeActionKind.QuickFix, plan: plan.plan, diagnostic: d });
    }
  }
  const config = await where.configPlan(key);
  if (config)
    out.push({
      title: `Accept "${key}" for this project (knownAcronyms in ${path.basename(config.path)})`,
      kind: CodeActionKind.QuickFix,
      plan: config,
      diagnostic: d,
    });
  return out;
}

/** "Add as an alias" and "Mark as deprecated" for the term under the cursor. */
async function occurrenceCandidates(where: Places, doc: ParsedDocument, ours: readonly TermDiagnostic[], start: number, end: number): Promise<Candidate[]> {
  const occ = occurrenceAt(doc, start);
  if (!occ || occ.region === 'identifier' || occ.end < end) return [];
  const concept = doc.glossary.concepts[occ.ref.concept]!;
  const preferred = preferredTerm(concept);
  const surface = doc.text.slice(occ.start, occ.end).replace(/\s+/g, ' ');
  const diagnostic = ours.find((d) => d.data.start === occ.start && d.data.end === occ.end && d.code.startsWith('term.'));
  const out: Candidate[] = [];
  if (diagnostic?.code === 'term.misspelled' || diagnostic?.code === 'term.variant') {
    // A variant differs only in case or hyphens, which the glossary ignores: it is allowed as written, case-sensitively.
    const form = diagnostic.code === 'term.variant' ? { form: surface, caseSensitive: true } : surface;
    const alias = await where.formPlan(concept, (entry) => addTo(entry, 'aliases', form), { kind: 'addForm', term: preferred, field: 'aliases', form });
    if (alias) out.push({ title: `Add "${surface}" as an alias of "${preferred}"${alias.where}`, kind: CodeActionKind.QuickFix, plan: alias.plan, diagnostic });
    if (diagnostic.code === 'term.misspelled') {
      const deprecated = await where.formPlan(concept, (entry) => addTo(entry, 'deprecated', surface), {
        kind: 'addForm',
        term: preferred,
        field: 'deprecated',
        form: surface,
      });
      if (deprecated)
        out.push({
          title: `Mark "${surface}" as a deprecated form of "${preferred}"${deprecated.where}`,
          kind: CodeActionKind.QuickFix,
          plan: deprecated.plan,
          diagnostic,
        });
    }
    return out;
  }
  if (diagnostic || occ.match !== 'exact') return out;
  const form = doc.glossary.form(occ.ref);
  if (form.status !== 'admitted') return out;
  const plan = await where.formPlan(concept, (entry) => deprecate(entry, form.text), { kind: 'deprecateForm', term: preferred, form: form.text });
  if (plan) out.push({ title: `Mark "${form.text}" as deprecated (use "${preferred}")${plan.where}`, kind: GLOSSARY_REFACTOR_KIND, plan: plan.plan });
  return out;
}

/** "Add … to the glossary" for a selection, or for the capitalised phrase under the cursor. */
async function phraseCandidates(
  where: Places,
  doc: ParsedDocument,
  start: number,
  end: number,
  seen: ReadonlySet<string>,
  dictionary: (lowerCaseWord: string) => boolean,
): Promise<Candidate[]> {
  let span: { start: number; end: number; text: string } | undefined;
  if (start !== end) {
    const selected = doc.text.slice(start, end).trim();
    if (selected.length >= 2 && selected.length <= MAX_SELECTION && !/[\r\n]/.test(selected) && /\p{L}/u.test(selected))
      span = { start, end, text: selected.replace(/\s+/g, ' ') };
  } else {
    const region = regionAt(doc, start);
    if (region && region.kind !== 'identifier') span = capitalisedPhraseAt(doc.text, start, region.start, region.end, dictionary);
  }
  // Within a term (its words, or a part of them), the term's own actions apply; a longer phrase around it is new.
  const term = occurrenceAt(doc, start);
  if (term && span && term.start <= span.start && span.end <= term.end) return [];
  const phrase = span?.text;
  if (!phrase || seen.has(phrase) || conceptNamed(doc, phrase)) return [];
  const key = abbreviationKey(phrase);
  const expansion = key === phrase ? guessExpansion(doc.text, phrase, start) : undefined;
  const entry: ConceptEntry =
    key === phrase
      ? expansion
        ? { term: expansion, abbreviations: [phrase] }
        : { term: phrase, definitions: [`TODO: what ${phrase} stands for`] }
      : { term: phrase, definitions: [`TODO: define ${phrase}`] };
  const plan = await where.newConceptPlan(entry);
  return plan
    ? [{ title: `Add "${phrase}" to the glossary${expansion ? ` as "${expansion}"` : ''}${plan.where}`, kind: GLOSSARY_REFACTOR_KIND, plan: plan.plan }]
    : [];
}

/** The concept one of whose forms is `name` (by `formKey`), if any. */
function conceptNamed(doc: ParsedDocument, name: string): Concept | undefined {
  const concept = doc.glossary.lookup(name);
  const key = formKey(name);
  return concept?.forms.some((f) => formKey(f.text) === key) ? concept : undefined;
}

function addTo(entry: ConceptEntry, field: 'aliases' | 'abbreviations' | 'deprecated', form: string | { form: string; caseSensitive: boolean }): ConceptEntry {
  return { ...entry, [field]: [...(entry[field] ?? []), form] };
}

function deprecate(entry: ConceptEntry, form: string): ConceptEntry {
  const key = formKey(form);
  const keep = (list: ConceptEntry['aliases']) => list?.filter((f) => formKey(typeof f === 'string' ? f : f.form) !== key);
  return { ...entry, aliases: keep(entry.aliases), abbreviations: keep(entry.abbreviations), deprecated: [...(entry.deprecated ?? []), form] };
}

// ---------------------------------------------------------------------------------------------
// Where edits go

/** The files a document's glossary edits may go to, worked out once per request. */
class Places {
  private readonly folder: string | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly docPath: string | undefined,
  ) {
    const folders = ctx.project.folders();
    this.folder = docPath === undefined ? folders[0] : folders.filter((f) => isPathInside(f, docPath)).sort((a, b) => b.length - a.length)[0];
  }

  /** Where a new concept goes, or `undefined` when nowhere may be written. */
  async newConceptPlan(entry: ConceptEntry, comment?: string): Promise<{ plan: PlannedEdit; where: string } | undefined> {
    const file = await this.glossaryFile();
    if (!file) return undefined;
    return {
      plan: { file: 'glossary', path: file, change: { kind: 'addConcept', entry, ...(comment ? { comment } : {}) } },
      where: ` (${path.basename(file)})`,
    };
  }

  /**
   * Where a change to `concept`'s entry goes: its own file when that may be written; for a bundled
   * concept, a copy of its entry (`copy` of it) in the workspace glossary; else nowhere.
   */
  async formPlan(
    concept: Concept,
    copy: (entry: ConceptEntry) => ConceptEntry,
    change: GlossaryChange,
  ): Promise<{ plan: PlannedEdit; where: string } | undefined> {
    const origin = concept.origin?.uri;
    if (!origin) return undefined;
    if (origin === this.ctx.project.bundledUri()) {
      const entry = copy(entryFromConcept(concept));
      return this.newConceptPlan(entry, `"${preferredTerm(concept)}" copied from the bundled glossary by termlens; this entry replaces the bundled one.`);
    }
    const file = URI.parse(origin);
    if (file.scheme !== 'file' || !(await this.writable(file.fsPath, this.layerOf(origin)))) return undefined;
    if (this.hasErrors(origin)) return undefined;
    return { plan: { file: 'glossary', path: file.fsPath, change }, where: ` (${path.basename(file.fsPath)})` };
  }

  /** The project config `knownAcronyms` goes into: the folder's config inside the workspace, else a new one at its root. */
  async configPlan(acronym: string): Promise<PlannedEdit | undefined> {
    if (!this.folder || !/^[A-Z][A-Za-z0-9]{1,9}$/.test(acronym)) return undefined;
    const state = await this.ctx.project.config(this.docPath ?? this.folder);
    // A config above the workspace folder serves it too, but is not written; nor is a new one put in front of it.
    const file = state.path ?? path.join(this.folder, NEW_CONFIG_FILE);
    if (!(await this.writable(file))) return undefined;
    // An override that sets knownAcronyms for this document replaces the top-level list: adding to it would change nothing here.
    if (state.config && this.docPath) {
      const known = [...(state.config.settings.knownAcronyms ?? []), acronym];
      const after = resolveSettings({ config: { ...state.config, settings: { ...state.config.settings, knownAcronyms: known } }, filePath: this.docPath });
      if (!after.knownAcronyms.includes(acronym)) return undefined;
    }
    return { file: 'config', path: file, acronym };
  }

  /**
   * The glossary file new concepts go to: the nearest workspace glossary that applies to the
   * document, else a settings glossary inside the workspace when workspace glossaries are off,
   * else a new {@link NEW_GLOSSARY_FILE} at the workspace folder's root.
   */
  private async glossaryFile(): Promise<string | undefined> {
    if (!this.folder) return undefined;
    const project = this.ctx.project;
    // The workspace glossaries that apply to the document, nearest last (an untitled one is at the folder's root).
    const applying = project.glossaryFilesFor(this.docPath ?? path.join(this.folder, 'untitled'));
    for (const file of [...applying].reverse()) {
      if ((await this.writable(file, 'workspace')) && !this.hasErrors(URI.file(file).toString())) return file;
    }
    const settings = await project.settings({ at: this.docPath ?? this.folder, ...(this.docPath ? { file: this.docPath } : {}) });
    if (!settings.workspaceGlossaries) {
      const inside = project.glossaryInputs().filter((g) => g.layer === 'settings' && g.uri.startsWith('file:'));
      for (const g of inside.reverse()) {
        const file = URI.parse(g.uri).fsPath;
        if (isPathInside(this.folder, file) && (await this.writable(file, 'settings')) && !this.hasErrors(g.uri)) return file;
      }
      return undefined;
    }
    const created = path.join(this.folder, NEW_GLOSSARY_FILE);
    return (await this.writable(created)) ? created : undefined;
  }

  private layerOf(uri: string): 'bundled' | 'workspace' | 'settings' | undefined {
    return this.ctx.service.store.snapshot().files.find((f) => f.uri === uri)?.layer;
  }

  /** Whether the served file has errors: its edit would be refused. */
  private hasErrors(uri: string): boolean {
    return this.ctx.service.glossaryProblems().some((p) => p.uri === uri && p.severity === 'error' && p.code !== 'glossary.conflict');
  }

  private writable(file: string, layer?: 'bundled' | 'workspace' | 'settings'): Promise<boolean> {
    return mayWrite(this.ctx, file, layer);
  }
}

/** Whether `file` may be written (see `editRefusal`): not the bundled glossary, inside a workspace folder by path and by real path. */
async function mayWrite(ctx: ServerContext, file: string, layer?: 'bundled' | 'workspace' | 'settings'): Promise<boolean> {
  const folders = ctx.project.folders();
  const realFolders = await Promise.all(folders.map(async (f) => (await realpathOf(f, (p) => ctx.options.fs.realpath(p))) ?? f));
  const real = await realpathOfNearest(ctx, file);
  const uri = URI.file(file).toString();
  const refusal = editRefusal({
    uri,
    layer: layer ?? (uri === ctx.project.bundledUri() ? 'bundled' : undefined),
    insideWorkspace: folders.some((f) => isPathInside(f, file)),
    realPathInsideWorkspace: real !== undefined && realFolders.some((f) => isPathInside(f, real)),
    trusted: ctx.project.trusted(),
  });
  return refusal === undefined;
}

/** The real path of `file`, or of the nearest folder above it that exists, with the rest joined on (a file yet to be created). */
async function realpathOfNearest(ctx: ServerContext, file: string): Promise<string | undefined> {
  let rest = '';
  for (let at = file; ;) {
    const real = await realpathOf(at, (p) => ctx.options.fs.realpath(p));
    if (real !== undefined) return rest ? path.join(real, rest) : real;
    const parent = path.dirname(at);
    if (parent === at) return undefined;
    rest = rest ? path.join(path.basename(at), rest) : path.basename(at);
    at = parent;
  }
}

/** The path of a document on disk (files and notebook cells); none for untitled documents. */
function documentPath(uri: string): string | undefined {
  const parsed = URI.parse(uri);
  return parsed.scheme === 'file' || parsed.scheme === 'vscode-notebook-cell' ? parsed.fsPath : undefined;
}

// ---------------------------------------------------------------------------------------------
// Edits

type EditOutcome = { ok: true; edit: WorkspaceEdit } | { ok: false; reason: string };

/** The workspace edit of a plan, or why there is none; a plan that makes the edit fail (one sent back malformed) is a reason, not an error. */
async function workspaceEditFor(ctx: ServerContext, plan: PlannedEdit): Promise<EditOutcome> {
  try {
    return await editFor(ctx, plan);
  } catch (error) {
    return { ok: false, reason: `the edit could not be made (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** The workspace edit of a plan, made against the file's current text (the open editor's, else the disk's). */
async function editFor(ctx: ServerContext, plan: PlannedEdit): Promise<EditOutcome> {
  const uri = URI.file(plan.path).toString();
  const open = ctx.documents.get(uri) ?? ctx.documents.all().find((d) => URI.parse(d.uri).fsPath === plan.path);
  const text = open ? open.getText() : await ctx.options.fs.readFile(plan.path);
  const exists = open !== undefined || (await ctx.options.fs.stat(plan.path)) !== undefined;
  if (exists && text === undefined) return { ok: false, reason: `${plan.path} cannot be read` };
  const caps = capabilitiesOf(ctx);
  if (!exists) {
    const content = plan.file === 'glossary' ? newFileText(plan) : editConfigText('', 'yaml', plan.acronym).ok ? newConfigFileText(plan.acronym) : undefined;
    if (content === undefined) return { ok: false, reason: 'nothing to write' };
    const insert: TextEdit = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: content };
    if (caps.createFile) {
      return {
        ok: true,
        edit: { documentChanges: [CreateFile.create(uri, { ignoreIfExists: true }), TextDocumentEdit.create({ uri, version: null }, [insert])] },
      };
    }
    // Without resource operations, clients that take edits to a missing file (Neovim, Emacs) create it when it is saved.
    return { ok: true, edit: { changes: { [uri]: [insert] } } };
  }
  const result: EditResult =
    plan.file === 'glossary'
      ? editGlossaryText(text!, formatOf(plan.path), plan.change, { uri })
      : editConfigText(text!, configFormatOf(plan.path), plan.acronym);
  if (!result.ok) return result;
  const edits = lspEdits(text!, result.edits);
  const version = open?.version ?? null;
  return {
    ok: true,
    edit: caps.documentChanges
      ? { documentChanges: [TextDocumentEdit.create({ uri: open?.uri ?? uri, version }, edits)] }
      : { changes: { [open?.uri ?? uri]: edits } },
  };
}

/** The text of a new glossary file for a plan that adds a concept, when it reads cleanly with that concept. */
function newFileText(plan: Extract<PlannedEdit, { file: 'glossary' }>): string | undefined {
  if (plan.change.kind !== 'addConcept') return undefined;
  // Checked as an edit of an empty file would be (the plan may have come back from the client).
  if (!editGlossaryText('', formatOf(plan.path), plan.change).ok) return undefined;
  const comment = ['Glossary of this project, read by termlens (hover, completion, diagnostics).', ...(plan.change.comment ? [plan.change.comment] : [])].join(
    '\n',
  );
  return newGlossaryFileText(plan.change.entry, formatOf(plan.path), comment);
}

/**
 * Offset edits as LSP text edits. Editors keep a file's byte-order mark out of the document
 * text, so positions are counted without it.
 */
function lspEdits(text: string, edits: readonly GlossaryTextEdit[]): TextEdit[] {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lines = new LineIndex(bom ? text.slice(1) : text);
  return edits.map((e) => ({ range: lines.range(Math.max(0, e.start - bom), Math.max(0, e.end - bom)), newText: e.newText }));
}

/** Our diagnostic as the action names it: the client's copy when it sent one. */
function lspDiagnostic(d: TermDiagnostic, uri: string, sent: readonly Diagnostic[]): Diagnostic {
  return clientCopy(d, sent) ?? toLspDiagnostic(d, uri);
}
