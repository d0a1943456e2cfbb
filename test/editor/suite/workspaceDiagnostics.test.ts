/**
 * Workspace diagnostics in a real VS Code: with `termlens.diagnostics.workspace` on, a note that was
 * never opened shows its finding in `vscode.languages.getDiagnostics()` (the Problems panel's
 * source), pulled by vscode-languageclient's `workspace/diagnostic`; opening it and closing it again
 * never shows the finding twice (pushed while open, pulled while closed).
 */

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openFile, setSetting, termlensDiagnostics, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

const NOTE = 'notes/never-opened.md';
const TEXT = '# Never opened\n\nThe desk calibrates the Hesten Model daily.\n';

/** The `term.misspelled` diagnostics of `uri`, from every collection (pushed and pulled alike). */
const misspelled = (uri: vscode.Uri) => termlensDiagnostics(uri).filter((d) => codeOf(d) === 'term.misspelled');

/** The most `term.misspelled` diagnostics `uri` has at any time during `ms`, sampled every 50 ms. */
async function mostDuring(uri: vscode.Uri, ms: number): Promise<number> {
  let most = 0;
  for (const end = Date.now() + ms; Date.now() < end;) {
    most = Math.max(most, misspelled(uri).length);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return most;
}

suite('workspace diagnostics', () => {
  suiteSetup(async () => {
    await vscode.workspace.fs.writeFile(workspaceUri(NOTE), new TextEncoder().encode(TEXT));
  });

  suiteTeardown(async () => {
    await setSetting('diagnostics.workspace', undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(NOTE)).then(undefined, () => undefined);
  });

  test('a file that was never opened shows its finding, once, opened or not', async () => {
    const uri = workspaceUri(NOTE);
    assert.equal(misspelled(uri).length, 0, 'nothing is reported for an unopened file with the setting off');
    await setSetting('diagnostics.workspace', true);
    const [found] = await waitForDiagnostics(uri, 'the finding of the unopened note', (d) => d.some((x) => codeOf(x) === 'term.misspelled'));
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the note was never opened');
    assert.deepEqual([found!.range.start.line, found!.range.start.character, found!.range.end.character], [2, 24, 36]);

    const document = await openFile(NOTE);
    assert.equal(document.getText(found!.range), 'Hesten Model');
    assert.equal(await mostDuring(uri, 2000), 1, 'once while the note is open');

    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitFor('the note to be closed', () => !vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString()));
    assert.equal(await mostDuring(uri, 3000), 1, 'once after it was closed');
    assert.equal(misspelled(uri).length, 1, 'still shown, pulled again from the disk');
  });
});
