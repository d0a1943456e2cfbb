/** Small helpers for the editor suite: workspace paths, polling, and the editor's own provider commands. */

import * as vscode from 'vscode';

/** How long {@link waitFor} polls by default, in ms: the language server may still be loading the glossary. */
const DEFAULT_WAIT_MS = 15_000;

/** The URI of `relativePath` in the (only) workspace folder. */
export function workspaceUri(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the editor suite needs a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

/** Opens a workspace file in an editor. */
export async function openFile(relativePath: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relativePath));
  await vscode.window.showTextDocument(document);
  return document;
}

/** Opens a new untitled document with `content`. */
export async function openUntitled(language: string, content: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument({ language, content });
  await vscode.window.showTextDocument(document);
  return document;
}

/**
 * Polls `probe` every 100 ms until it returns something other than `undefined`, `false` or `null`,
 * and returns that; fails after `timeoutMs` (default 15 s) naming `what` and the last value seen.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      last = value;
    } catch (error) {
      last = error instanceof Error ? error.message : error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The position inside the `nth` occurrence of `needle` in `document`, `into` characters in. */
export function positionOf(document: vscode.TextDocument, needle: string, into = 1, nth = 0): vscode.Position {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${nth}) not found in ${document.uri.toString()}`);
  }
  return document.positionAt(at + into);
}

/** The end of the document. */
export function endOf(document: vscode.TextDocument): vscode.Position {
  return document.positionAt(document.getText().length);
}

/**
 * The Markdown of every hover the editor would show at `position`, joined by blank lines, with
 * backslash-escaped punctuation unescaped (termlens escapes all glossary text) so it reads as shown.
 */
export async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n\n')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Waits until the hover at `position` contains `expected`, and returns the hover text. */
export function waitForHover(uri: vscode.Uri, position: vscode.Position, expected: string): Promise<string> {
  return waitFor(`a hover containing ${JSON.stringify(expected)} at ${position.line + 1}:${position.character + 1} of ${uri.path}`, async () => {
    const text = await hoverText(uri, position);
    if (text.includes(expected)) return text;
    // Thrown rather than returned, so that a timeout reports the last hover text.
    throw new Error(`hover: ${JSON.stringify(text.slice(0, 200))}`);
  });
}

/** The completion items the editor would offer at `position`. */
export async function completionItems(uri: vscode.Uri, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
  return list.items;
}

/** The label text of a completion item. */
export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Waits until the completion labels at `position` satisfy `accept`, and returns them. */
export function waitForCompletions(uri: vscode.Uri, position: vscode.Position, what: string, accept: (labels: string[]) => boolean): Promise<string[]> {
  return waitFor(what, async () => {
    const labels = (await completionItems(uri, position)).map(labelOf);
    return accept(labels) && labels;
  });
}

/** The code of a diagnostic as a string. */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return String(typeof code === 'object' ? code.value : code);
}

/** The termlens diagnostics of `uri` (diagnostics of other sources, e.g. a YAML extension, are left out). */
export function termlensDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'termlens');
}

/** Waits until the termlens diagnostics of `uri` satisfy `accept`, and returns them. */
export function waitForDiagnostics(uri: vscode.Uri, what: string, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return waitFor(`${what} in ${uri.path}`, () => {
    const diagnostics = termlensDiagnostics(uri);
    return accept(diagnostics) && diagnostics;
  });
}

/** Whether the diagnostics include every one of `codes`. */
export function hasCodes(diagnostics: readonly vscode.Diagnostic[], ...codes: string[]): boolean {
  const present = new Set(diagnostics.map(codeOf));
  return codes.every((code) => present.has(code));
}

/** Sets a `termlens` setting in the workspace (`undefined` removes it). */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('termlens').update(key, value, vscode.ConfigurationTarget.Workspace);
}
