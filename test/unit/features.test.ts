/**
 * Hover, completion, diagnostics and quick fixes on the bundled glossary, with documents written
 * inline and a `|` cursor, in the style of vscode-css-languageservice's `assertHover`.
 */

import { describe, expect, it } from 'vitest';
import { computeCodeActions } from '../../server/src/core/features/codeActions';
import { computeCompletions, resolveCompletion } from '../../server/src/core/features/completion';
import { computeDefinition } from '../../server/src/core/features/definition';
import { computeDiagnostics, type DiagnosticOptions } from '../../server/src/core/features/diagnostics';
import { computeHover } from '../../server/src/core/features/hover';
import { searchGlossary } from '../../server/src/core/features/search';
import { toLspCodeAction, toLspDiagnostic } from '../../server/src/lsp/convert';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { parseDocument } from '../../server/src/core/text/document';
import { bundled, cursor, dictionary, glossaryFrom, parse } from './helpers';

/** The hover text at the cursor, or undefined. */
function hoverAt(textWithCursor: string, languageId = 'markdown'): string | undefined {
  const { text, offset } = cursor(textWithCursor);
  const value = computeHover(parse(text, languageId), offset)?.markdown;
  return value === undefined ? undefined : unescape(value);
}

/** Markdown with its backslash escapes removed, to assert on what a reader sees. */
function unescape(markdown: string): string {
  return markdown.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** Completion labels (or inserted texts) at the cursor. */
function completionsAt(textWithCursor: string, languageId = 'markdown', field: 'label' | 'insertText' = 'label'): string[] {
  const { text, offset } = cursor(textWithCursor);
  const list = computeCompletions(parse(text, languageId), offset, { invoked: true });
  return list.items.map((i) => (field === 'label' ? i.label : i.insertText));
}

/** Diagnostics as `code "surface" -> "replacement"` strings (the replacement is the fix's first edit). */
function diagnosticsOf(text: string, languageId = 'markdown', options?: DiagnosticOptions): string[] {
  const doc = parse(text, languageId);
  return computeDiagnostics(doc, options).map((d) => {
    const start = doc.lines.offsetAt(d.range.start);
    const end = doc.lines.offsetAt(d.range.end);
    return `${d.code} "${text.slice(start, end)}" -> "${d.data.fix?.edits[0]?.newText}"`;
  });
}

describe('hover', () => {
  it('shows the preferred term, kind, definitions with sources, variants and related terms', () => {
    const hover = hoverAt('We calibrate the Hes|ton Model daily.')!;
    expect(hover).toContain('**Heston Model**');
    expect(hover).toContain('*definition*');
    expect(hover).toMatch(/Stochastic model assuming variance mean-reverts/);
    expect(hover).toContain('](https://term.greeks.live/definition/heston-model/)');
    expect(hover).toContain('Related:');
  });

  it('shows abbreviations and admitted variants', () => {
    const hover = hoverAt('The Black-Scholes-Merton Mo|del.')!;
    expect(hover).toContain('Abbreviations: BSM');
    expect(hover).toContain('Also: Black-Scholes Model');
  });

  it('shows an area term with its facet sections', () => {
    const hover = hoverAt('On Calibration Chal|lenges in crypto.')!;
    expect(hover).toContain('*area*');
    expect(hover).toMatch(/#### Calibration/);
    expect(hover).toMatch(/#### Algorithm/);
  });

  it.each([
    ['abbreviation', 'We price with BS|M today.', 'Black-Scholes-Merton Model'],
    ['code comment', '# fit the Hes|ton Model first\nx = 1\n', 'Heston Model'],
    ['string', 'label = "Heston Mo|del"\n', 'Heston Model'],
    ['identifier', 'def fit(heston_mo|del):\n    pass\n', 'Heston Model'],
    ['misspelling', 'the Hes|ten Model', 'Heston Model'],
  ])('works on an %s', (_name, text, term) => {
    const language = text.includes('def ') || text.startsWith('#') || text.startsWith('label') ? 'python' : 'markdown';
    expect(hoverAt(text, language)).toContain(`**${term}**`);
  });

  it('renders an entry by the glossary it is hovered in, not once per concept', () => {
    const yaml = `
concepts:
  - id: carry
    term: Carry Trade
    definitions: [{ text: Borrowing cheap to hold a higher-yielding asset. }]
    related: [funding-rate]
  - id: funding-rate
    term: Funding Rate
    definitions: [{ text: The periodic payment between perpetual longs and shorts. }]
`;
    const result = parseGlossaryText(yaml, 'file:///carry.glossary.yaml');
    const both = new CompiledGlossary(result.concepts, dictionary);
    const alone = new CompiledGlossary(result.concepts.slice(0, 1), dictionary);
    const text = 'A Carry Trade here.';
    const offset = text.indexOf('Trade');
    const hover = (glossary: CompiledGlossary): string | undefined => computeHover(parseDocument(text, 'markdown', glossary), offset)?.markdown;
    // The same concept object in both: the related name resolves only where its concept exists.
    expect(hover(both)).toMatch(/Related: Funding Rate/);
    expect(hover(alone)).toMatch(/Related: funding-rate/);
    expect(hover(both)).toMatch(/Related: Funding Rate/);
    // A misspelling is rendered with what was written, each time.
    const misspelled = (written: string): string | undefined => computeHover(parseDocument(`A ${written} here.`, 'markdown', both), 4)?.markdown;
    expect(misspelled('Carry Trada')).toMatch(/"Carry Trada" looks like a misspelling/);
    expect(misspelled('Carry Trede')).toMatch(/"Carry Trede" looks like a misspelling/);
  });

  it('says a near miss looks like a misspelling and a deprecated form why', () => {
    expect(hoverAt('the Hes|ten Model')).toMatch(/misspelling/);
    expect(hoverAt('the BS Mo|del')).toMatch(/forbidden/);
  });

  it.each([
    ['fenced code', '```\nHeston Mo|del\n```\n'],
    ['inline code', 'see `Heston Mo|del` here'],
    ['a URL', 'see <https://example.com/Heston-Mo|del>'],
    ['front matter', '---\ntitle: Heston Mo|del\n---\n\nText.'],
    ['ordinary code', 'x = Heston + Mo|del\n'],
  ])('is absent in %s', (_name, text) => {
    expect(hoverAt(text, text.startsWith('x =') ? 'python' : 'markdown')).toBeUndefined();
  });

  it('escapes hostile glossary content', () => {
    const glossary = glossaryFrom(`
concepts:
  - term: Evil Model
    definitions:
      - text: "<img src=x onerror=alert(1)> [run](command:workbench.action.terminal.new)"
        source: "command:workbench.action.terminal.new"
`);
    const { text, offset } = cursor('the Evil Mo|del');
    const hover = computeHover(parse(text, 'markdown', glossary), offset)!.markdown;
    expect(hover).not.toMatch(/(^|[^\\])<img/);
    expect(hover).not.toMatch(/\]\(command:/);
    expect(hover).not.toMatch(/(^|[^\\])command:/);
  });
});

describe('completion', () => {
  it('completes a prefix over several words, replacing them all', () => {
    const { text, offset } = cursor('We price with black sch|');
    const list = computeCompletions(parse(text), offset, { invoked: true });
    expect(list.items[0]!.label).toMatch(/^Black-Scholes/);
    expect(list.items[0]!.start).toBe('We price with '.length);
    expect(list.items[0]!.end).toBe(offset);
    expect(list.items.map((i) => i.label)).toContain('Black-Scholes-Merton Model');
    expect(list.isIncomplete).toBe(true);
  });

  it('ranks exact prefix matches first and leaves earlier words of the sentence alone', () => {
    const { text, offset } = cursor('the heston|');
    const [first] = computeCompletions(parse(text), offset, { invoked: true }).items;
    expect(first!.label).toBe('Heston Model');
    expect(first!.start).toBe('the '.length);
  });

  it('prefers the match that accounts for more of the typed words', () => {
    const { text, offset } = cursor('Jumps: stoch vol jump|');
    const [first] = computeCompletions(parse(text), offset, { invoked: true }).items;
    expect(first!.label).toBe('Stochastic Volatility Jump-Diffusion Model');
    expect(first!.start).toBe('Jumps: '.length);
  });

  it.each([
    ['stoch vol jump|', 'Stochastic Volatility Jump-Diffusion Model'],
    ['bsm|', 'Black-Scholes-Merton Model'],
    ['svjd|', 'Stochastic Volatility Jump-Diffusion Model'],
    ['mjd|', 'Merton Jump Diffusion Model'],
    ['hestn|', 'Heston Model'],
  ])('finds %j', (typed, term) => {
    expect(completionsAt(`Notes: ${typed}`)).toContain(term);
  });

  it('inserts the preferred term in prose, comments and strings', () => {
    expect(completionsAt('see bsm|', 'markdown', 'insertText')[0]).toBe('Black-Scholes-Merton Model');
    expect(completionsAt('# uses black sch|\n', 'python', 'insertText')).toContain('Black-Scholes-Merton Model');
  });

  it('labels an identifier item with the identifier it inserts, followed by the term', () => {
    const { text, offset } = cursor('x = heston_mo|');
    const [item] = computeCompletions(parse(text, 'python'), offset, { invoked: true }).items;
    expect(item!.label).toBe('heston_model');
    expect(item!.shownAfter).toBe('Heston Model');
  });

  it.each([
    ['python', 'x = heston_mo|', 'heston_model'],
    ['python', 'x = hestonMo|', 'hestonModel'],
    ['typescript', 'const h = hestonMo|', 'hestonModel'],
    ['typescript', 'const h = HestonMo|', 'HestonModel'],
    ['typescript', 'const h = HESTON_MO|', 'HESTON_MODEL'],
    ['python', 'x = black_scholes_m|', 'black_scholes_merton_model'],
  ])('writes an identifier in the typed style (%s %j)', (language, text, expected) => {
    expect(completionsAt(text, language, 'insertText')).toContain(expected);
  });

  it('falls back to the language convention for a single lowercase word', () => {
    expect(completionsAt('x = hesto|', 'python', 'insertText')).toContain('heston_model');
    expect(completionsAt('let x = hesto|', 'typescript', 'insertText')).toContain('hestonModel');
  });

  it('offers nothing in code blocks or ordinary code', () => {
    expect(completionsAt('```\nblack sch|\n```\n')).toEqual([]);
    expect(completionsAt('x = 1 +|', 'python')).toEqual([]);
  });

  it('shows the definition on each item and fills documentation on resolve', () => {
    const { text, offset } = cursor('bsm|');
    const item = computeCompletions(parse(text), offset, { invoked: true }).items[0]!;
    expect(item.description).toMatch(/^Foundational derivative pricing model/);
    expect(item.documentation).toBeUndefined();
    expect(unescape(resolveCompletion(bundled(), item).documentation!)).toContain('**Black-Scholes-Merton Model**');
  });
});

describe('diagnostics', () => {
  it.each([
    ['the Hesten Model is', ['term.misspelled "Hesten Model" -> "Heston Model"']],
    ['a Black-Sholes-Merton Model here', ['term.misspelled "Black-Sholes-Merton Model" -> "Black-Scholes-Merton Model"']],
    ['the hesten model', ['term.misspelled "hesten model" -> "Heston model"']],
    ['The Black Scholes Merton model assumes', ['term.variant "Black Scholes Merton model" -> "Black-Scholes-Merton model"']],
    ['the span model is', ['term.variant "span model" -> "SPAN model"']],
    ['the heston model', ['term.variant "heston model" -> "Heston model"']],
    ['avoid the BS Model', ['term.deprecated "BS Model" -> "Black-Scholes-Merton Model"']],
    ['avoid the B-S Model', ['term.deprecated "B-S Model" -> "Black-Scholes-Merton Model"']],
  ])('flags %j', (text, expected) => {
    expect(diagnosticsOf(text)).toEqual(expected);
  });

  it.each([
    'Our portfolio margin model is fine as written.',
    // BSM after the full form without "(BSM)" would be term.inconsistent (note-rules.test.ts).
    'The Heston Model and the Black-Scholes-Merton Model (BSM), and the BSM too.',
    'The Black-Scholes-Merton model (sentence case) is fine.',
    'HESTON MODEL IN A SHOUTED HEADING',
    'Security models, modes and a security model.',
    "The Heston Model's smile and two Heston Models.",
    'Black-Scholes Model and Black Scholes Model On-Chain as the data writes them.',
    'We model the time span of a session and train a model on a sample.',
  ])('leaves correct text alone: %j', (text) => {
    expect(diagnosticsOf(text)).toEqual([]);
  });

  it.each([
    ['fenced code', '```\nHesten Model\n```\n'],
    ['indented code', 'Text.\n\n    Hesten Model\n'],
    ['inline code', 'see `Hesten Model`'],
    ['a URL', 'see <https://example.com/Hesten-Model> and https://example.com/Hesten-Model'],
    ['front matter', '---\ntitle: Hesten Model\n---\n\nText.'],
    ['HTML', '<div>Hesten Model</div>\n'],
    ['math', '$$\nHesten Model\n$$\n'],
  ])('never fires in %s', (_name, text) => {
    expect(diagnosticsOf(text)).toEqual([]);
  });

  it('fires in comments and strings but never in identifiers', () => {
    const py = 'hesten_model = 1  # the Hesten Model\nlabel = "The span model"\nkey = "span model"\n';
    expect(diagnosticsOf(py, 'python')).toEqual(['term.misspelled "Hesten Model" -> "Heston Model"', 'term.variant "span model" -> "SPAN model"']);
  });

  it('does not flag an all-lowercase string literal as a variant (keys and ids, not prose)', () => {
    expect(diagnosticsOf('key = "heston model"\n', 'python')).toEqual([]);
    expect(diagnosticsOf('key = "hesten model"\n', 'python')).toEqual(['term.misspelled "hesten model" -> "Heston model"']);
  });

  it('flags even an English word between two exact words of a term, but not at its edge', () => {
    expect(diagnosticsOf('the Economic Deign Failure')).toEqual(['term.misspelled "Economic Deign Failure" -> "Economic Design Failure"']);
    expect(diagnosticsOf('switch to order book mode')).toEqual([]);
  });

  it('does not treat another short name as a near miss', () => {
    expect(diagnosticsOf('Stan models and Stan Model')).toEqual([]);
    expect(diagnosticsOf('Hestn Model')).toEqual(['term.misspelled "Hestn Model" -> "Heston Model"']);
  });

  it('honours inline suppression in Markdown and in code', () => {
    expect(diagnosticsOf('<!-- termlens-disable-next-line term.misspelled -->\nthe Hesten Model\n')).toEqual([]);
    expect(diagnosticsOf('<!-- termlens-disable-next-line term.variant -->\nthe Hesten Model\n')).toHaveLength(1);
    expect(diagnosticsOf('<!-- termlens-disable-next-line -->\nthe Hesten Model and span model\n')).toEqual([]);
    expect(diagnosticsOf('# termlens-disable-next-line term.misspelled\nx = "Hesten Model"\n', 'python')).toEqual([]);
  });

  it('uses the configured severity per code, and off disables a code', () => {
    const doc = parse('the Hesten Model and the span model');
    const severities = computeDiagnostics(doc, { severities: { 'term.misspelled': 'error', 'term.variant': 'hint' } }).map((d) => `${d.code}:${d.severity}`);
    expect(severities).toEqual(['term.misspelled:1', 'term.variant:4']);
    expect(diagnosticsOf('the Hesten Model and the span model', 'markdown', { severities: { 'term.variant': 'off' } })).toHaveLength(1);
  });

  it('names the preferred term and quotes its definition in the message', () => {
    const [d] = computeDiagnostics(parse('the Hesten Model'));
    expect(d!.message).toMatch(/^"Hesten Model" looks like a misspelling of "Heston Model" — \S/);
  });
});

describe('go to definition', () => {
  it('leads from a term to the line of its entry in the glossary file', () => {
    const glossary = glossaryFrom('concepts:\n  - term: Gamma Scalping\n  - term: Vanna Volga Method\n    aliases: [Vanna-Volga]\n');
    const { text, offset } = cursor('we use vanna-vo|lga pricing');
    expect(computeDefinition(parse(text, 'markdown', glossary), offset)).toEqual({
      uri: 'file:///test.glossary.yaml',
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } },
    });
    expect(computeDefinition(parse('no terms here', 'markdown', glossary), 3)).toBeUndefined();
  });
});

describe('quick fixes', () => {
  /** The text after applying every fix offered for the offsets `at` (default: the whole text). */
  function fixAll(text: string, at?: [number, number]): { titles: string[]; fixed: string } {
    const doc = parse(text);
    const actions = computeCodeActions(computeDiagnostics(doc), at?.[0] ?? 0, at?.[1] ?? text.length);
    let fixed = text;
    for (const a of [...actions].reverse()) {
      const edit = a.edits[0]!;
      fixed = fixed.slice(0, edit.start) + edit.newText + fixed.slice(edit.end);
    }
    return { titles: actions.map((a) => a.title), fixed };
  }

  it('replace the flagged text with the glossary spelling', () => {
    const { titles, fixed } = fixAll('The Black Scholes Merton model and the Hesten Model.');
    expect(titles).toEqual(['Replace with "Black-Scholes-Merton model"', 'Replace with "Heston Model"']);
    expect(fixed).toBe('The Black-Scholes-Merton model and the Heston Model.');
    expect(computeDiagnostics(parse(fixed))).toEqual([]);
  });

  it('offer only the fixes for diagnostics in the requested range', () => {
    const text = 'the Hesten Model and the span model';
    const at = text.indexOf('span');
    expect(fixAll(text, [at, at]).titles).toEqual(['Replace with "SPAN model"']);
  });

  it("edit by the server's own positions, whatever the client sends back", () => {
    // Neovim before 0.10 sends diagnostics back with byte columns: "è" and "ô" shift them by 3.
    const text = 'Le modèle à côté: Hesten Model';
    const doc = parse(text);
    const [ours] = computeDiagnostics(doc);
    const shifted = { ...toLspDiagnostic(ours!, 'file:///n.md'), range: { start: { line: 0, character: 22 }, end: { line: 0, character: 34 } } };
    const [action] = computeCodeActions([ours!], 0, text.length);
    const edit = action!.edits[0]!;
    expect(text.slice(0, edit.start) + edit.newText + text.slice(edit.end)).toBe('Le modèle à côté: Heston Model');
    const lsp = toLspCodeAction(action!, 'file:///n.md', doc.lines, [shifted]);
    const lspEdit = lsp.edit!.changes!['file:///n.md']![0]!;
    expect(text.slice(0, doc.lines.offsetAt(lspEdit.range.start)) + lspEdit.newText + text.slice(doc.lines.offsetAt(lspEdit.range.end))).toBe(
      'Le modèle à côté: Heston Model',
    );
    expect(lsp.diagnostics).toEqual([shifted]);
  });

  it('work for clients that drop the diagnostic data', () => {
    const doc = parse('the Hesten Model');
    const [ours] = computeDiagnostics(doc);
    const { data: _dropped, ...withoutData } = toLspDiagnostic(ours!, 'file:///n.md');
    const [action] = computeCodeActions([ours!], ours!.data.start, ours!.data.end);
    expect(action!.title).toBe('Replace with "Heston Model"');
    expect(toLspCodeAction(action!, 'file:///n.md', doc.lines, [withoutData]).diagnostics).toEqual([withoutData]);
  });

  it('give no fix where the server finds nothing', () => {
    const doc = parse('the Heston Model');
    expect(computeCodeActions(computeDiagnostics(doc), 0, 16)).toEqual([]);
  });
});

describe('glossary search', () => {
  it('finds concepts fuzzily with their definitions', () => {
    const items = searchGlossary(bundled(), 'stoch vol jump');
    expect(items[0]!.term).toBe('Stochastic Volatility Jump-Diffusion Model');
    expect(items[0]!.definition.length).toBeGreaterThan(10);
    expect(items[0]!.abbreviations).toContain('SVJD');
  });

  it('keeps near-misses of a clear hit out ("heston" is not "Merton")', () => {
    // The clear hit first; with the core glossary a weak fuzzy match ("best bid") may follow it.
    expect(searchGlossary(bundled(), 'heston').map((i) => i.term)[0]).toBe('Heston Model');
    expect(searchGlossary(bundled(), 'hestn').map((i) => i.term)).toContain('Heston Model');
  });

  it('lists concepts alphabetically for an empty query', () => {
    const items = searchGlossary(bundled(), '', 3);
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.term)).toEqual([...items.map((i) => i.term)].sort((a, b) => a.localeCompare(b)));
  });
});
