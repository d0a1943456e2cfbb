/**
 * termlens in a real VS Code (desktop through @vscode/test-electron, or code-server), on a fresh
 * copy of test/fixtures/editor-workspace. The suites run in order and share the window.
 */

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  codeOf,
  endOf,
  hasCodes,
  hoverText,
  labelOf,
  openFile,
  openUntitled,
  positionOf,
  setSetting,
  termlensDiagnostics,
  waitFor,
  waitForCompletions,
  waitForDiagnostics,
  waitForHover,
  workspaceUri,
} from './helpers';

const EXTENSION_ID = 'termlens.termlens';
const HESTON = 'Stochastic model assuming variance mean-reverts';
const BSM = 'Foundational derivative pricing model';

/**
 * The extension activates once per window, on whichever event comes first (the workbench itself may
 * open a Markdown or plain-text model before the suite starts), so each test checks that the event
 * that would activate termlens for its document is declared, and that the running server serves it.
 */
suite('activation', () => {
  const extension = () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is installed`);
    return found;
  };
  const declares = (event: string) =>
    assert.ok((extension().packageJSON as { activationEvents: string[] }).activationEvents.includes(event), `activationEvents include ${event}`);

  test('activates on a Markdown file', async () => {
    declares('onLanguage:markdown');
    const note = await openFile('notes/research-note.md');
    await waitFor('termlens to activate', () => extension().isActive);
    await waitForDiagnostics(note.uri, 'a misspelled-term diagnostic', (d) => hasCodes(d, 'term.misspelled'));
  });

  test('activates on a Python file', async () => {
    declares('onLanguage:python');
    const code = await openFile('src/pricing.py');
    assert.equal(code.languageId, 'python');
    await waitForDiagnostics(code.uri, 'diagnostics', (d) => hasCodes(d, 'term.misspelled', 'term.variant'));
  });

  test("activates on a notebook's Markdown cell", async () => {
    const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('notebooks/analysis.ipynb'));
    await vscode.window.showNotebookDocument(notebook);
    const cell = notebook.cellAt(0).document;
    assert.equal(cell.languageId, 'markdown');
    assert.equal(cell.uri.scheme, 'vscode-notebook-cell');
    declares(`onLanguage:${cell.languageId}`);
    const [misspelled] = await waitForDiagnostics(cell.uri, 'a misspelled-term diagnostic', (d) => hasCodes(d, 'term.misspelled'));
    assert.equal(cell.getText(misspelled!.range), 'Hesten Model');
    await waitForHover(cell.uri, positionOf(cell, 'Heston Model', 2), HESTON);
  });
});

suite('hover', () => {
  test('shows the definition of a term in prose', async () => {
    const note = await openFile('notes/research-note.md');
    const text = await waitForHover(note.uri, positionOf(note, 'Heston Model', 3), HESTON);
    assert.match(text, /\*\*Heston Model\*\*/);
  });

  test('shows the definition of a term in a code comment', async () => {
    const code = await openFile('src/pricing.py');
    const text = await waitForHover(code.uri, positionOf(code, 'Heston Model to the surface', 2), HESTON);
    assert.match(text, /\*\*Heston Model\*\*/);
  });

  test('shows nothing on an ordinary word', async () => {
    const note = await openFile('notes/research-note.md');
    await waitForHover(note.uri, positionOf(note, 'Heston Model', 3), HESTON);
    assert.equal(await hoverText(note.uri, positionOf(note, 'calibrate', 2)), '');
  });
});

suite('completion', () => {
  test('completes a prefix', async () => {
    const doc = await openUntitled('markdown', 'We price with black sch');
    const labels = await waitForCompletions(doc.uri, endOf(doc), 'Black-Scholes completions', (l) => l.some((x) => x.startsWith('Black-Scholes')));
    assert.ok(labels.includes('Black-Scholes-Merton Model'), labels.join(', '));
  });

  test('completes a fuzzy query', async () => {
    const doc = await openUntitled('markdown', 'We use stoch vol jump');
    await waitForCompletions(doc.uri, endOf(doc), 'the SVJD model', (l) => l.includes('Stochastic Volatility Jump-Diffusion Model'));
  });

  test('completes an abbreviation', async () => {
    const doc = await openUntitled('markdown', 'Compare bsm');
    await waitForCompletions(doc.uri, endOf(doc), 'the BSM model', (l) => l.includes('Black-Scholes-Merton Model'));
  });

  test('offers an identifier-style item in a code file', async () => {
    const doc = await openUntitled('python', 'x = heston_mo');
    await waitForCompletions(doc.uri, endOf(doc), 'the heston_model identifier', (l) => l.includes('heston_model'));
    const items = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, endOf(doc));
    const item = items.items.find((i) => labelOf(i) === 'heston_model');
    const inserted = item?.textEdit?.newText ?? (typeof item?.insertText === 'string' ? item.insertText : item?.insertText?.value);
    assert.equal(inserted, 'heston_model');
  });
});

suite('diagnostics and quick fixes', () => {
  test('reports misspelled, variant and deprecated terms with their codes', async () => {
    const note = await openFile('notes/research-note.md');
    const diagnostics = await waitForDiagnostics(note.uri, 'all three term codes', (d) => hasCodes(d, 'term.misspelled', 'term.variant', 'term.deprecated'));
    const found = (code: string) => diagnostics.filter((d) => codeOf(d) === code).map((d) => note.getText(d.range));
    assert.deepEqual(found('term.misspelled'), ['Hesten Model']);
    assert.deepEqual(found('term.variant').sort(), ['Black Scholes Merton model', 'span model']);
    assert.deepEqual(found('term.deprecated'), ['B-S Model']);
    const misspelled = diagnostics.find((d) => codeOf(d) === 'term.misspelled')!;
    assert.equal(misspelled.severity, vscode.DiagnosticSeverity.Warning);
  });

  test('a quick fix replaces a misspelled term', async () => {
    const doc = await openFile('notes/tickets.md');
    const [diagnostic] = await waitForDiagnostics(doc.uri, 'a misspelled-term diagnostic', (d) => hasCodes(d, 'term.misspelled'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, diagnostic!.range);
    const fix = actions.find((a) => a.title === 'Replace with "Heston Model"');
    assert.ok(fix?.edit, `a "Replace with" fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(doc.lineAt(2).text, 'Some desks still write Heston Model in tickets.');
    await waitForDiagnostics(doc.uri, 'the diagnostic to clear', (d) => d.length === 0);
  });
});

suite('settings', () => {
  teardown(async () => {
    await setSetting('diagnostics.severity', undefined);
    await setSetting('languages', undefined);
  });

  test('a severity change takes effect without reload', async () => {
    const note = await openFile('notes/research-note.md');
    const isVariant = (d: vscode.Diagnostic) => codeOf(d) === 'term.variant';
    await waitForDiagnostics(
      note.uri,
      'variant diagnostics as information',
      (d) => d.some(isVariant) && d.filter(isVariant).every((x) => x.severity === vscode.DiagnosticSeverity.Information),
    );
    await setSetting('diagnostics.severity', { 'term.variant': 'error' });
    await waitForDiagnostics(
      note.uri,
      'variant diagnostics as errors',
      (d) => d.some(isVariant) && d.filter(isVariant).every((x) => x.severity === vscode.DiagnosticSeverity.Error),
    );
    await setSetting('diagnostics.severity', { 'term.variant': 'off' });
    const rest = await waitForDiagnostics(note.uri, 'variant diagnostics turned off', (d) => d.length > 0 && !d.some(isVariant));
    assert.ok(hasCodes(rest, 'term.misspelled', 'term.deprecated'));
  });

  test('disabling a language takes effect without reload', async () => {
    const code = await openFile('src/pricing.py');
    await waitForDiagnostics(code.uri, 'diagnostics', (d) => d.length > 0);
    await setSetting('languages', ['markdown']);
    await waitForDiagnostics(code.uri, 'diagnostics to clear', (d) => d.length === 0);
    assert.equal(await hoverText(code.uri, positionOf(code, 'Heston Model to the surface', 2)), '');
    await setSetting('languages', undefined);
    await waitForDiagnostics(code.uri, 'diagnostics to come back', (d) => hasCodes(d, 'term.misspelled'));
  });
});

suite('project config file', () => {
  const config = () => workspaceUri('termlens.config.yaml');
  const write = (text: string) => vscode.workspace.fs.writeFile(config(), new TextEncoder().encode(text));

  suiteTeardown(async () => {
    await setSetting('diagnostics.severity', undefined);
    await vscode.workspace.fs.delete(config()).then(undefined, () => undefined);
  });

  test('termlens.config.yaml sets severities, a broken one is reported, and workspace settings override it', async () => {
    const note = await openFile('notes/research-note.md');
    const isVariant = (d: vscode.Diagnostic) => codeOf(d) === 'term.variant';
    const variantsAre = (severity: vscode.DiagnosticSeverity) => (d: vscode.Diagnostic[]) =>
      d.some(isVariant) && d.filter(isVariant).every((x) => x.severity === severity);
    await waitForDiagnostics(note.uri, 'variant diagnostics as information', variantsAre(vscode.DiagnosticSeverity.Information));

    await write('rules:\n  term.variant: error\n');
    await waitForDiagnostics(note.uri, 'variant diagnostics as errors, from the config file', variantsAre(vscode.DiagnosticSeverity.Error));

    await write('rules:\n  term.varient: error\n');
    const problems = await waitFor('a diagnostic on the broken config file', () => {
      const d = termlensDiagnostics(config());
      return d.length > 0 ? d : undefined;
    });
    assert.equal(codeOf(problems[0]!), 'config.schema');
    assert.match(problems[0]!.message, /term\.varient/);
    // The last good config keeps serving.
    assert.ok(variantsAre(vscode.DiagnosticSeverity.Error)(termlensDiagnostics(note.uri)));

    await write('rules:\n  term.variant: error\n');
    await waitFor('the config diagnostic to clear', () => termlensDiagnostics(config()).length === 0);
    await setSetting('diagnostics.severity', { 'term.variant': 'hint' });
    await waitForDiagnostics(note.uri, 'variant diagnostics as hints: the workspace setting wins', variantsAre(vscode.DiagnosticSeverity.Hint));
  });
});

suite('workspace glossary files', () => {
  const glossary = () => workspaceUri('terms.glossary.yaml');
  const write = (text: string) => vscode.workspace.fs.writeFile(glossary(), new TextEncoder().encode(text));

  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(glossary()).then(undefined, () => undefined);
  });

  test('a new glossary file serves its terms, and a broken one is reported while its last good version keeps serving', async () => {
    const doc = await openUntitled('markdown', 'We use the Quokka Wombat Method for FX and the Heston Model for crypto.');
    assert.equal(await hoverText(doc.uri, positionOf(doc, 'Quokka', 2)), '', 'the term is unknown before the glossary file exists');

    await write('concepts:\n  - term: Quokka Wombat Method\n    definitions: [A smile-consistent FX option pricing rule.]\n');
    await waitForHover(doc.uri, positionOf(doc, 'Quokka', 2), 'smile-consistent');

    await write('concepts:\n  - term: Quokka Wombat Method\n    definitions: [A smile-consistent FX option pricing rule.\n  - term: [broken\n');
    const problems = await waitFor('a diagnostic on the broken glossary file', () => {
      const d = termlensDiagnostics(glossary());
      return d.length > 0 && d;
    });
    assert.ok(
      problems.every((p) => ['glossary.syntax', 'glossary.schema'].includes(codeOf(p))),
      problems.map(codeOf).join(', '),
    );
    assert.match(await hoverText(doc.uri, positionOf(doc, 'Quokka', 2)), /smile-consistent/);
    assert.match(await hoverText(doc.uri, positionOf(doc, 'Heston Model', 2)), new RegExp(HESTON));
  });
});

suite('commands', () => {
  test('"Search Glossary" is registered and returns items', async () => {
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('termlens.searchGlossary'));
    const items = await vscode.commands.executeCommand<Array<{ term: string; definition: string }>>('termlens.searchGlossary', 'black scholes');
    assert.ok(Array.isArray(items) && items.length > 0, 'search returned items');
    const bsm = items.find((item) => item.term === 'Black-Scholes-Merton Model');
    assert.ok(bsm, items.map((item) => item.term).join(', '));
    assert.ok(bsm.definition.startsWith(BSM));
  });
});
