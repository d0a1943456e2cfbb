/**
 * Writing the glossary from the editor (server/src/lsp/glossaryEdits.ts) in a real VS Code: the
 * "Add ABBR to the glossary" quick fix on an undefined abbreviation, resolved and applied by the
 * editor as a user picks it, creates the workspace glossary with the entry, and the abbreviation
 * hovers. Runs after termlens.test.ts, whose suites leave no glossary or config file behind.
 */

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, openFile, positionOf, waitFor, waitForDiagnostics, waitForHover, workspaceUri } from './helpers';

suite('writing the glossary', () => {
  const note = () => workspaceUri('notes/desk-glossary.md');
  const glossary = () => workspaceUri('project.glossary.yaml');

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of [note(), glossary()]) await vscode.workspace.fs.delete(uri).then(undefined, () => undefined);
  });

  suiteSetup(async () => {
    // The entry goes to the workspace glossary that applies, so none may be left by another suite.
    const left = await vscode.workspace.findFiles('**/*.glossary.{yaml,yml,json}');
    assert.deepEqual(
      left.map((u) => vscode.workspace.asRelativePath(u)),
      [],
      'no workspace glossary before this suite',
    );
  });

  test('"Add ABBR to the glossary" writes the entry into project.glossary.yaml, and the abbreviation hovers', async () => {
    await vscode.workspace.fs.writeFile(
      note(),
      new TextEncoder().encode('We route client flow to the Quokka Wombat Exchange every morning.\nThe QWE book is thin after lunch.\n'),
    );
    const doc = await openFile('notes/desk-glossary.md');
    const isUndefined = (d: vscode.Diagnostic) => codeOf(d) === 'acronym.undefined' && doc.getText(d.range) === 'QWE';
    const [diagnostic] = (await waitForDiagnostics(doc.uri, 'an acronym.undefined diagnostic on QWE', (d) => d.some(isUndefined))).filter(isUndefined);

    // As the light bulb does: the actions at the diagnostic, the edit of the chosen one resolved. Asked again when the
    // first answer lacks them: the editor drops an answer for a model that changed since it asked (as the note just
    // written can be reloaded from disk).
    let titles: string[] = [];
    const add = await waitFor('the "Add QWE to the glossary" action with its edit', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic!.range, undefined, 20);
      titles = actions.map((a) => a.title);
      const found = actions.find((a) => a.title === 'Add "QWE" to the glossary as "Quokka Wombat Exchange" (project.glossary.yaml)');
      if (!found?.edit) throw new Error(`actions: ${titles.join(' | ')}`);
      return found;
    });
    assert.equal(add.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(titles.includes('Accept "QWE" for this project (knownAcronyms in termlens.config.yaml)'), titles.join(' | '));
    assert.ok(await vscode.workspace.applyEdit(add.edit!), 'the editor applied the edit');

    const written = await vscode.workspace.openTextDocument(glossary());
    assert.ok(await written.save(), 'the new glossary file was saved');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(glossary()));
    assert.match(text, /^concepts:\n {2}- term: Quokka Wombat Exchange\n {4}abbreviations: \[QWE\]\n$/m);

    await waitForHover(doc.uri, positionOf(doc, 'QWE', 1), 'Quokka Wombat Exchange');
    await waitForDiagnostics(doc.uri, 'the acronym.undefined diagnostic to clear', (d) => !d.some(isUndefined));
  });
});
