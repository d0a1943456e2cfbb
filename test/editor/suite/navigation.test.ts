/**
 * Following a concept in a real VS Code: a rename (what F2 runs: prepare, then the rename
 * provider's workspace edit, applied and saved) of a term a workspace glossary file defines
 * changes the glossary entry, a note and a Python file, two of them never opened; and the
 * glossary entry's code lens counts the uses and runs only termlens's own command.
 */

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openFile, positionOf, waitFor, workspaceUri } from './helpers';

const FILES: Record<string, string> = {
  'rename.glossary.yaml': 'concepts:\n  - term: Varnak Volatility Model\n    abbreviations: [VVM]\n',
  'notes/varnak.md': 'The Varnak Volatility Model (VVM) fits. Varnak volatility models are new.\n',
  'src/varnak.py': 'def calibrate_varnak_volatility_model():\n    # fit the Varnak Volatility Model\n    return VARNAK_VOLATILITY_MODEL\n',
};

const write = (rel: string, text: string) => vscode.workspace.fs.writeFile(workspaceUri(rel), new TextEncoder().encode(text));
const readBack = async (rel: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri(rel)));

suite('rename and references', () => {
  suiteSetup(async () => {
    for (const [rel, text] of Object.entries(FILES)) await write(rel, text);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const rel of Object.keys(FILES)) await vscode.workspace.fs.delete(workspaceUri(rel)).then(undefined, () => undefined);
  });

  test('the code lens of a glossary entry counts its uses and runs only termlens.showReferences', async () => {
    const glossary = await openFile('rename.glossary.yaml');
    const lenses = await waitFor('a code lens counting 6 uses', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', glossary.uri);
      return found.find((l) => l.command?.title === '6 uses in 2 files') && found;
    });
    assert.deepEqual(
      lenses.map((l) => l.command?.command),
      ['termlens.showReferences'],
    );
  });

  test('F2 on a term renames it in the glossary entry, the note and the Python file', async () => {
    const note = await openFile('notes/varnak.md');
    const position = positionOf(note, 'Varnak Volatility', 2);
    // What F2 asks first: the span and the placeholder of the rename box.
    const prepared = await waitFor(
      'the rename to be offered',
      async () => await vscode.commands.executeCommand<{ range: vscode.Range; placeholder: string }>('vscode.prepareRename', note.uri, position),
    );
    assert.equal(prepared.placeholder, 'Varnak Volatility Model');
    assert.equal(note.getText(prepared.range), 'Varnak Volatility Model');

    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      note.uri,
      position,
      'Rough Varnak Volatility Model',
    );
    assert.deepEqual(
      edit
        .entries()
        .map(([uri]) => vscode.workspace.asRelativePath(uri))
        .sort(),
      ['notes/varnak.md', 'rename.glossary.yaml', 'src/varnak.py'],
    );
    assert.ok(await vscode.workspace.applyEdit(edit), 'the editor applied the rename');
    // The edit opened the files it changed; save each (Save All saves only those shown in editors).
    for (const [uri] of edit.entries()) assert.ok(await (await vscode.workspace.openTextDocument(uri)).save(), `${uri.path} was saved`);

    assert.equal(
      await readBack('rename.glossary.yaml'),
      'concepts:\n  - term: Rough Varnak Volatility Model\n    abbreviations: [VVM]\n    deprecated: [Varnak Volatility Model]\n',
    );
    assert.equal(await readBack('notes/varnak.md'), 'The Rough Varnak Volatility Model (VVM) fits. Rough Varnak volatility models are new.\n');
    assert.equal(
      await readBack('src/varnak.py'),
      'def calibrate_rough_varnak_volatility_model():\n    # fit the Rough Varnak Volatility Model\n    return ROUGH_VARNAK_VOLATILITY_MODEL\n',
    );
  });
});
