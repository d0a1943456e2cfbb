/**
 * Jupyter notebooks: cells decoded from the notebook JSON with every code unit mapped back to the
 * notebook text (escapes to their span), findings reported at the notebook's own line and column
 * with the cell number, and `--fix` rewriting only the fixed characters inside the JSON strings.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildService, lintJob, lintNotebookText, type LintJob } from '../../server/src/cli/engine';
import { defaultSettings } from '../../server/src/settings';
import { languageIdForPath, NOTEBOOK_LANGUAGE_ID } from '../../server/src/core/text/fileTypes';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { canEditInPlace, notebookRange, parseNotebook, type NotebookCell } from '../../server/src/core/text/notebook';
import { dictionary, repoRoot } from './helpers';

const bundledPath = path.join(repoRoot, 'glossary', 'bundled.glossary.json');
const service = buildService(dictionary, [{ uri: 'file:///bundled.glossary.json', text: readFileSync(bundledPath, 'utf8'), layer: 'bundled' }]);
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** A notebook written by hand, as Jupyter writes them (1-space indent, sources as arrays of lines). */
const NOTEBOOK = String.raw`{
 "cells": [
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": [
    "# Calibrating the Hesten Model\n",
    "Quotes from the \"caf\u00e9\" desk: the Hesten Model again.\n"
   ]
  },
  {
   "cell_type": "raw",
   "metadata": {},
   "source": "the Hesten Model"
  },
  {
   "cell_type": "code",
   "execution_count": null,
   "metadata": {},
   "outputs": [],
   "source": [
    "hesten = 1  # the Hesten Model\n",
    "label = \"Hesten Model\""
   ]
  },
  {
   "cell_type": "markdown",
   "metadata": {},
   "source": "Split over lines: the Hesten\nModel is not fixed here."
  }
 ],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4,
 "nbformat_minor": 5
}
`;

/** 1-based line and column of the `nth` (0-based) occurrence of `needle` in `text`. */
function at(text: string, needle: string, nth = 0): { line: number; column: number } {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`no ${needle}`);
  const p = new LineIndex(text).positionAt(offset);
  return { line: p.line + 1, column: p.character + 1 };
}

function cells(text: string): readonly NotebookCell[] {
  const parsed = parseNotebook(text);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.cells;
}

describe('parseNotebook', () => {
  it('decodes Markdown and code cells (raw cells left out), with their numbers and languages', () => {
    const list = cells(NOTEBOOK);
    expect(list.map((c) => [c.number, c.kind, c.languageId])).toEqual([
      [1, 'markdown', 'markdown'],
      [3, 'code', 'python'],
      [4, 'markdown', 'markdown'],
    ]);
    expect(list[0]!.text).toBe('# Calibrating the Hesten Model\nQuotes from the "café" desk: the Hesten Model again.\n');
    expect(list[1]!.text).toBe('hesten = 1  # the Hesten Model\nlabel = "Hesten Model"');
  });

  it('maps each decoded character to its span in the notebook, an escape to the whole escape', () => {
    const [md] = cells(NOTEBOOK);
    const cell = md!;
    const e = cell.text.indexOf('é');
    const span = notebookRange(cell, e, e + 1);
    expect(NOTEBOOK.slice(span.start, span.end)).toBe(String.raw`\u00e9`);
    const nl = cell.text.indexOf('\n');
    expect(NOTEBOOK.slice(notebookRange(cell, nl, nl + 1).start, notebookRange(cell, nl, nl + 1).end)).toBe(String.raw`\n`);
    const q = cell.text.indexOf('"');
    expect(NOTEBOOK.slice(notebookRange(cell, q, q + 1).start, notebookRange(cell, q, q + 1).end)).toBe(String.raw`\"`);
    const h = cell.text.indexOf('Hesten Model', 40);
    const word = notebookRange(cell, h, h + 12);
    expect(NOTEBOOK.slice(word.start, word.end)).toBe('Hesten Model');
    // Every plain character maps to itself.
    for (let k = 0; k < cell.text.length; k++) {
      if (!cell.escaped[k]) expect(NOTEBOOK[cell.starts[k]!]).toBe(cell.text[k]);
    }
    expect(canEditInPlace(cell, h, h + 12)).toBe(true);
    expect(canEditInPlace(cell, e - 1, e + 1)).toBe(false);
    // "Model\n" then the next string: crosses two strings of the source array.
    const end = cell.text.indexOf('Model') + 5;
    expect(canEditInPlace(cell, end - 5, end + 2)).toBe(false);
  });

  it('takes the code language from kernelspec, else language_info, else python', () => {
    const nb = (metadata: object) => JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, source: 'x <- 1 # note' }], metadata });
    const lang = (metadata: object) => cells(nb(metadata))[0]!.languageId;
    expect(lang({ kernelspec: { language: 'R' } })).toBe('r');
    expect(lang({ language_info: { name: 'julia' } })).toBe('julia');
    expect(lang({})).toBe('python');
  });

  it('reports invalid JSON and non-notebooks without throwing', () => {
    expect(parseNotebook('{"cells": [')).toEqual({ error: expect.stringMatching(/^not a valid notebook: JSON error \w+ at 1:12$/) });
    expect(parseNotebook('[1, 2]')).toEqual({ error: 'not a Jupyter notebook (no "cells" array)' });
    expect(parseNotebook('')).toHaveProperty('error');
    expect(languageIdForPath('analysis/Vol.IPYNB')).toBe(NOTEBOOK_LANGUAGE_ID);
  });
});

describe('lintNotebookText', () => {
  it('reports findings at the notebook line and column, with the cell number', () => {
    const { diagnostics, error } = lintNotebookText(service, NOTEBOOK, defaultSettings);
    expect(error).toBeUndefined();
    const found = diagnostics.map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      code: d.code,
      cell: /\(cell (\d+)\)$/.exec(d.message)?.[1],
    }));
    expect(found).toEqual([
      { ...at(NOTEBOOK, 'Hesten Model', 0), code: 'term.misspelled', cell: '1' },
      { ...at(NOTEBOOK, 'Hesten Model', 1), code: 'term.misspelled', cell: '1' },
      // cell 2 is raw: its "Hesten Model" is skipped
      { ...at(NOTEBOOK, 'Hesten Model', 3), code: 'term.misspelled', cell: '3' },
      { ...at(NOTEBOOK, 'Hesten Model', 4), code: 'term.misspelled', cell: '3' },
      { ...at(NOTEBOOK, 'Hesten\\nModel'), code: 'term.misspelled', cell: '4' },
    ]);
    // Offsets and ranges agree; the fix of the term split by an escape is dropped.
    const lines = new LineIndex(NOTEBOOK);
    for (const d of diagnostics) expect(lines.range(d.data.start, d.data.end)).toEqual(d.range);
    expect(NOTEBOOK.slice(diagnostics[4]!.data.start, diagnostics[4]!.data.end)).toBe('Hesten\\nModel');
    expect(diagnostics[4]!.data.fix).toBeUndefined();
    expect(diagnostics[0]!.data.fix?.edits.map((e) => NOTEBOOK.slice(e.start, e.end))).toEqual(['Hesten Model']);
  });

  it('leaves out cells whose language the settings do not enable', () => {
    const settings = { ...defaultSettings, languages: ['markdown'] };
    const messages = lintNotebookText(service, NOTEBOOK, settings).diagnostics.map((d) => d.message);
    expect(messages.every((m) => !m.endsWith('(cell 3)'))).toBe(true);
    expect(messages).toHaveLength(3);
  });

  it('reads the Markdown cells as one note: a definition in one cell holds in the next', () => {
    const nb = JSON.stringify(
      {
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['Fixings come from the Quant Execution Services (QES) desk.\n'] },
          { cell_type: 'code', metadata: {}, source: ['x = 1  # QES\n'] },
          { cell_type: 'markdown', metadata: {}, source: ['The QES desk fixes daily.\n', 'The QRM desk does not.\n'] },
        ],
        metadata: {},
      },
      null,
      1,
    );
    const found = lintNotebookText(service, nb, defaultSettings).diagnostics.map(
      (d) => `${d.code} ${nb.slice(d.data.start, d.data.end)} ${d.message.slice(-8)}`,
    );
    expect(found).toEqual(['acronym.undefined QRM (cell 3)']);
  });

  it('names notebook lines in messages and points related spans at their own cells', () => {
    const nb = JSON.stringify(
      {
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['We calibrate the Heston Model.\n'] },
          { cell_type: 'markdown', metadata: {}, source: ['Then the Heston Stochastic Volatility Model again.\n'] },
        ],
        metadata: {},
      },
      null,
      1,
    );
    const [d, ...rest] = lintNotebookText(service, nb, defaultSettings).diagnostics.filter((x) => x.code === 'term.inconsistent');
    expect(rest).toEqual([]);
    const first = nb.indexOf('Heston Model');
    const line = new LineIndex(nb).positionAt(first).line + 1;
    expect(d!.message).toContain(`"Heston Model" on line ${line}`);
    expect(d!.message).toMatch(/\(cell 2\)$/);
    expect(nb.slice(d!.data.start, d!.data.end)).toBe('Heston Stochastic Volatility Model');
    expect(d!.relatedInformation!.map((r) => nb.slice(r.start, r.end))).toEqual(['Heston Model']);
    expect(d!.data.fix?.edits.map((e) => nb.slice(e.start, e.end))).toEqual(['Heston Stochastic Volatility Model']);
  });

  it('escapes the fix text for JSON', () => {
    // A glossary whose fix writes a quote and a non-ASCII character.
    const custom = buildService(dictionary, [
      { uri: 'file:///q.glossary.yaml', text: 'concepts:\n  - term: Black–Scholes \"model\"\n    deprecated: [BS quote model]\n', layer: 'workspace' },
    ]);
    const nb = JSON.stringify({ cells: [{ cell_type: 'markdown', metadata: {}, source: ['See the BS quote model.\n'] }], metadata: {} }, null, 1);
    const [d] = lintNotebookText(custom, nb, defaultSettings).diagnostics;
    expect(d?.data.fix?.edits.map((e) => e.newText)).toEqual([String.raw`Black–Scholes \"model\"`]);
  });
});

describe('termlens lint --fix on a notebook', () => {
  function job(file: string): LintJob {
    return { index: 0, path: file, languageId: NOTEBOOK_LANGUAGE_ID, settings: defaultSettings };
  }

  it('rewrites only the fixed words inside the JSON strings, every other byte kept', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'termlens-nb-'));
    temps.push(dir);
    const file = path.join(dir, 'calibration.ipynb');
    writeFileSync(file, NOTEBOOK.replace(/\n/g, '\r\n'));
    const result = await lintJob(service, job(file), 1 << 24, 'fix');
    expect(result).toMatchObject({ linted: { fixes: { applied: 4 } } });
    const after = readFileSync(file, 'utf8');
    // The four fixable findings changed and nothing else; the split one is left as it was.
    expect(after).toBe(
      NOTEBOOK.replace(/\n/g, '\r\n')
        .replace(/Hesten Model/g, 'Heston Model')
        .replace('the Heston Model"', 'the Hesten Model"'),
    );
    expect(JSON.parse(after)).toBeTruthy();
    expect(lintNotebookText(service, after, defaultSettings).diagnostics.map((d) => d.message.slice(-8))).toEqual(['(cell 4)']);
  });

  it('skips a notebook that is not valid JSON with the reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'termlens-nb-'));
    temps.push(dir);
    const file = path.join(dir, 'broken.ipynb');
    writeFileSync(file, '{"cells": [{"cell_type": "markdown", "source": "the Hesten Model"}');
    expect(await lintJob(service, job(file), 1 << 24, 'fix')).toEqual({ index: 0, skipped: expect.stringMatching(/^not a valid notebook: JSON error/) });
    expect(readFileSync(file, 'utf8')).toBe('{"cells": [{"cell_type": "markdown", "source": "the Hesten Model"}');
  });
});
