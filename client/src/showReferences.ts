/**
 * The command of a glossary entry's code lens ("12 uses in 5 files"): shows the references of the
 * term at the lens in VS Code's references view. The server names only this command in its
 * lenses, with `[uri, position]` as arguments (LSP shapes); the client checks both, and drops
 * any lens naming another command, so a glossary file can never make a click run something else.
 */

import { commands, Position, Uri, type CodeLens, type Location, type ProviderResult } from 'vscode';
import { showReferencesCommand } from '../../server/src/protocolExtensions';

/**
 * Runs Find All References at `uri`/`position` and shows the result as the references view does. `toCode` maps the
 * server's URI to the editor's (the web build's); default: none, the URI is the editor's.
 */
export async function showReferences(uri: unknown, position: unknown, toCode?: (uri: string) => string): Promise<void> {
  const at = position as { line?: unknown; character?: unknown } | undefined;
  if (typeof uri !== 'string' || !uri.startsWith('file:') || typeof at?.line !== 'number' || typeof at.character !== 'number') return;
  const target = toCode ? Uri.parse(toCode(uri), true) : Uri.parse(uri);
  const where = new Position(at.line, at.character);
  const locations = await commands.executeCommand<Location[]>('vscode.executeReferenceProvider', target, where);
  await commands.executeCommand('editor.action.showReferences', target, where, locations ?? []);
}

/** The lenses whose command, if any, is {@link showReferencesCommand}. */
export async function allowedCodeLenses(lenses: ProviderResult<CodeLens[]>): Promise<CodeLens[] | null | undefined> {
  const resolved = await lenses;
  return resolved?.filter((lens) => !lens.command || lens.command.command === '' || lens.command.command === showReferencesCommand);
}
