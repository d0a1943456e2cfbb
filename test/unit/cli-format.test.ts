/**
 * `termlens lint` output formats (stylish, json, sarif, github) on hand-built results: documents
 * written inline with each finding's flagged text in `[[…]]`.
 */

import { describe, expect, it } from 'vitest';
import {
  diagnosticCodeDocs,
  diagnosticCodes,
  type DiagnosticCode,
  type SeverityNumber,
  type TermDiagnostic,
  type TermFix,
} from '../../server/src/core/features/diagnostics';
import { formatGithub } from '../../server/src/cli/format/github';
import { formatJson } from '../../server/src/cli/format/json';
import { formatSarif } from '../../server/src/cli/format/sarif';
import { formatStylish } from '../../server/src/cli/format/stylish';
import { summarize, type LintFileResult } from '../../server/src/cli/results';
import { LineIndex } from '../../server/src/core/text/lineIndex';
import { sarifErrors } from '../sarif';

/** A finding to build: its code, severity (default warning), message, and optionally a fix or a related `[[…]]` span. */
interface Finding {
  readonly code: DiagnosticCode;
  readonly severity?: SeverityNumber;
  readonly message?: string;
  /** Replaces the flagged text; `safe` by default. */
  readonly fix?: { readonly newText: string; readonly safe?: boolean };
  /** Index of another `[[…]]` span this finding refers to, with a message. */
  readonly related?: { readonly span: number; readonly message: string };
}

/**
 * A lint result for a document whose flagged spans are written `[[like this]]`. Findings take the
 * spans in order; spans beyond the findings serve only as related locations.
 */
function fileResult(displayPath: string, marked: string, findings: readonly Finding[], fixes?: LintFileResult['fixes']): LintFileResult {
  const spans: Array<{ start: number; end: number }> = [];
  let text = '';
  let rest = marked;
  for (let open = rest.indexOf('[['); open >= 0; open = rest.indexOf('[[')) {
    const close = rest.indexOf(']]', open);
    text += rest.slice(0, open);
    spans.push({ start: text.length, end: text.length + close - open - 2 });
    text += rest.slice(open + 2, close);
    rest = rest.slice(close + 2);
  }
  text += rest;
  const lines = new LineIndex(text);
  const diagnostics = findings.map((f, k): TermDiagnostic => {
    const span = spans[k]!;
    const fix: TermFix | undefined = f.fix && {
      title: `Replace with "${f.fix.newText}"`,
      edits: [{ start: span.start, end: span.end, newText: f.fix.newText }],
      safe: f.fix.safe ?? true,
    };
    const related = f.related && spans[f.related.span]!;
    return {
      range: lines.range(span.start, span.end),
      severity: f.severity ?? 2,
      code: f.code,
      source: 'termlens',
      message: f.message ?? `"${text.slice(span.start, span.end)}" is flagged`,
      data: { start: span.start, end: span.end, conceptId: 'c', ...(fix ? { fix } : {}) },
      ...(f.related && related
        ? { relatedInformation: [{ start: related.start, end: related.end, range: lines.range(related.start, related.end), message: f.related.message }] }
        : {}),
    };
  });
  return { path: displayPath === '<stdin>' ? '<stdin>' : `/repo/${displayPath}`, displayPath, text, diagnostics, ...(fixes ? { fixes } : {}) };
}

const notes = fileResult('docs/notes.md', '# Pricing\n\nWe calibrate the [[Hesten Model]] daily.\n\tThe [[span model]] and [[BS Model]] too.\n', [
  { code: 'term.misspelled', fix: { newText: 'Heston Model' }, message: '"Hesten Model" looks like a misspelling of "Heston Model"' },
  { code: 'term.variant', severity: 3, fix: { newText: 'SPAN model' }, message: '"span model" should be written "SPAN model"' },
  { code: 'term.deprecated', severity: 1, fix: { newText: 'Black-Scholes-Merton Model' }, message: '"BS Model" is deprecated' },
]);
const clean = fileResult('src/clean.py', '# nothing here\n', []);

/** Stylish output without colour. */
function stylish(results: readonly LintFileResult[]): string {
  return formatStylish(results, { color: false });
}

describe('stylish', () => {
  it('groups findings by file with clickable locations, excerpts, carets and a summary', () => {
    expect(stylish([notes, clean])).toBe(
      [
        'docs/notes.md',
        'docs/notes.md:3:18  warning  term.misspelled  "Hesten Model" looks like a misspelling of "Heston Model"',
        '    We calibrate the Hesten Model daily.',
        '                     ^^^^^^^^^^^^',
        'docs/notes.md:4:6  info  term.variant  "span model" should be written "SPAN model"',
        '    The span model and BS Model too.',
        '        ^^^^^^^^^^',
        'docs/notes.md:4:21  error  term.deprecated  "BS Model" is deprecated',
        '    The span model and BS Model too.',
        '                       ^^^^^^^^',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 info)',
        '',
      ].join('\n'),
    );
  });

  it('reports a clean run, fixes and hints in the summary', () => {
    expect(stylish([clean, clean])).toBe('✔ no problems in 2 files\n');
    const fixedClean = fileResult('a.md', 'fine\n', [], { applied: 2, original: 'fine?\n' });
    expect(stylish([fixedClean])).toBe('a.md (2 fixed)\n\n✔ no problems in 1 file, 2 fixed\n');
    const hinted = fileResult('b.md', 'a [[span model]]\n', [{ code: 'term.variant', severity: 4, message: 'm' }], { applied: 1, original: '' });
    expect(stylish([hinted]).split('\n').slice(-2)).toEqual(['✖ 1 problem (0 errors, 0 warnings, 0 infos, 1 hint), 1 fixed', '']);
    expect(stylish([hinted])).toContain('b.md:1:3  hint  term.variant  m\n');
  });

  it.each([
    ['expands tabs and drops the indent', 'x\t[[span model]]\n', 'x   span model', '    ^^^^^^^^^^'],
    ['underlines only the first line of a multi-line range', 'the [[Heston\nModel]] is\n', 'the Heston', '    ^^^^^^'],
    ['counts a surrogate pair as one column', '😀 [[span model]]\n', '😀 span model', '  ^^^^^^^^^^'],
    ['shows control characters as U+FFFD', 'a\u001b[31m [[span model]]\n', 'a\uFFFD[31m span model', '       ^^^^^^^^^^'],
    ['drops a CRLF line break', 'a [[span model]]\r\nb\r\n', 'a span model', '  ^^^^^^^^^^'],
    ['marks an empty range with one caret', 'end[[]]\n', 'end', '   ^'],
  ])('%s', (_name, marked, line, carets) => {
    const out = stylish([fileResult('t.md', marked, [{ code: 'term.variant', message: 'm' }])]);
    expect(out.split('\n').slice(2, 4)).toEqual([`    ${line}`, `    ${carets}`]);
  });

  it('cuts a long line to 100 columns around the finding', () => {
    const before = 'a'.repeat(150);
    const after = 'b'.repeat(150);
    const out = stylish([fileResult('t.md', `${before} [[span model]] ${after}\n`, [{ code: 'term.variant', message: 'm' }])]);
    const [line, carets] = out.split('\n').slice(2, 4) as [string, string];
    expect(line).toMatch(/^ {4}…a+ span model b+…$/);
    expect([...line].length).toBe(4 + 100 + 2);
    expect(line.slice(carets.indexOf('^'), carets.length)).toBe('span model');
    const start = fileResult('t.md', `[[span model]] ${after}\n`, [{ code: 'term.variant', message: 'm' }]);
    expect(stylish([start]).split('\n')[2]).toMatch(/^ {4}span model b+…$/);
  });

  it('colours only when asked', () => {
    const plain = stylish([notes]);
    const coloured = formatStylish([notes], { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[4mdocs/notes.md\u001b[24m');
    expect(coloured).toContain('\u001b[31merror\u001b[39m');
    expect(coloured).toContain(`\u001b[33m${' '.repeat(17)}${'^'.repeat(12)}\u001b[39m`);
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });

  it('counts by severity', () => {
    expect(summarize([notes, clean, fileResult('x.md', 'y', [], { applied: 3, original: 'z' })])).toEqual({
      errors: 1,
      warnings: 1,
      infos: 1,
      hints: 0,
      files: 3,
      fixed: 3,
    });
  });
});

/** The JSON output, parsed. */
function json(results: readonly LintFileResult[]): unknown {
  const out = formatJson(results);
  expect(out.endsWith(']\n')).toBe(true);
  expect(out).toContain('\n  {\n    "filePath"');
  return JSON.parse(out);
}

describe('json', () => {
  it('lists files with findings or fixes, with 1-based UTF-16 positions, fixes and related locations', () => {
    const inconsistent = fileResult(
      'b.md',
      'The [[Heston Model]] and the [[heston model]].\n',
      [{ code: 'term.inconsistent', severity: 3, message: 'written two ways', related: { span: 1, message: 'also written here' } }],
      { applied: 1, original: 'x' },
    );
    expect(json([notes, clean, inconsistent])).toEqual([
      {
        filePath: 'docs/notes.md',
        messages: [
          {
            line: 3,
            column: 18,
            endLine: 3,
            endColumn: 30,
            severity: 'warning',
            code: 'term.misspelled',
            message: '"Hesten Model" looks like a misspelling of "Heston Model"',
            fix: { title: 'Replace with "Heston Model"', edits: [{ start: 28, end: 40, newText: 'Heston Model' }] },
          },
          expect.objectContaining({ line: 4, column: 6, severity: 'info', code: 'term.variant' }),
          expect.objectContaining({ line: 4, column: 21, severity: 'error', code: 'term.deprecated' }),
        ],
        errorCount: 1,
        warningCount: 1,
        infoCount: 1,
        hintCount: 0,
      },
      {
        filePath: 'b.md',
        messages: [
          {
            line: 1,
            column: 5,
            endLine: 1,
            endColumn: 17,
            severity: 'info',
            code: 'term.inconsistent',
            message: 'written two ways',
            related: [{ line: 1, column: 26, message: 'also written here' }],
          },
        ],
        errorCount: 0,
        warningCount: 0,
        infoCount: 1,
        hintCount: 0,
        fixed: 1,
      },
    ]);
  });

  it('keeps a stable key order', () => {
    const [file] = json([notes]) as [Record<string, unknown> & { messages: Array<Record<string, unknown>> }];
    expect(Object.keys(file)).toEqual(['filePath', 'messages', 'errorCount', 'warningCount', 'infoCount', 'hintCount']);
    expect(Object.keys(file.messages[0]!)).toEqual(['line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message', 'fix']);
  });

  it('prints an empty array for a clean run', () => {
    expect(formatJson([clean])).toBe('[]\n');
  });
});

/** The SARIF log, after asserting it is valid against the official SARIF 2.1.0 schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the log is checked against the SARIF schema here; the tests read it as free-form JSON.
function sarif(results: readonly LintFileResult[]): any {
  const out = formatSarif(results, { rootUri: 'file:///repo/', version: '1.2.3' });
  const log = JSON.parse(out);
  expect(sarifErrors(log), 'SARIF schema errors').toBe('No errors');
  expect(out.endsWith('}\n')).toBe(true);
  return log;
}

describe('sarif', () => {
  it('the validator rejects a broken log', () => {
    expect(sarifErrors({ version: '2.1.0', runs: [{ tool: { driver: {} } }] })).not.toBe('No errors');
    expect(sarifErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 't' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).not.toBe(
      'No errors',
    );
    expect(sarifErrors({ version: '2.1.0', runs: [{ tool: { driver: { name: 't' } }, originalUriBaseIds: { R: { uri: 'a b' } } }] })).not.toBe('No errors');
  });

  it('describes every diagnostic code as a rule', () => {
    const log = sarif([clean]);
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    const run = log.runs[0];
    expect(run.tool.driver).toMatchObject({ name: 'termlens', version: '1.2.3', informationUri: 'https://github.com/termlens/termlens' });
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual(diagnosticCodes);
    expect(run.tool.driver.rules[0]).toEqual({
      id: 'term.misspelled',
      shortDescription: { text: diagnosticCodeDocs['term.misspelled'] },
      fullDescription: { text: diagnosticCodeDocs['term.misspelled'] },
      defaultConfiguration: { level: 'warning' },
    });
    expect(run.tool.driver.rules.find((r: { id: string }) => r.id === 'term.variant').defaultConfiguration).toEqual({ level: 'note' });
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///repo/' } });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.results).toEqual([]);
  });

  it('reports results with levels, regions, fixes and related locations', () => {
    const inconsistent = fileResult('docs/my notes #1.md', 'The [[Heston Model]] and\nthe [[heston model]].\n', [
      { code: 'term.inconsistent', severity: 4, message: 'written two ways', related: { span: 1, message: 'also here' } },
    ]);
    const stdin = fileResult('<stdin>', 'a [[span model]]', [{ code: 'term.variant', severity: 3 }]);
    const [misspelled, variant, deprecated, inc, fromStdin] = sarif([notes, inconsistent, stdin]).runs[0].results;
    const notesLocation = { uri: 'docs/notes.md', uriBaseId: 'SRCROOT' };
    expect(misspelled).toEqual({
      ruleId: 'term.misspelled',
      ruleIndex: diagnosticCodes.indexOf('term.misspelled'),
      level: 'warning',
      message: { text: '"Hesten Model" looks like a misspelling of "Heston Model"' },
      locations: [{ physicalLocation: { artifactLocation: notesLocation, region: { startLine: 3, startColumn: 18, endLine: 3, endColumn: 30 } } }],
      fixes: [
        {
          description: { text: 'Replace with "Heston Model"' },
          artifactChanges: [
            {
              artifactLocation: notesLocation,
              replacements: [{ deletedRegion: { charOffset: 28, charLength: 12 }, insertedContent: { text: 'Heston Model' } }],
            },
          ],
        },
      ],
    });
    expect([variant.level, deprecated.level, inc.level]).toEqual(['note', 'error', 'note']);
    expect(deprecated.ruleIndex).toBe(diagnosticCodes.indexOf('term.deprecated'));
    expect(inc.ruleIndex).toBe(diagnosticCodes.indexOf('term.inconsistent'));
    expect(inc.ruleIndex).toBeGreaterThanOrEqual(0);
    expect(inc.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'docs/my%20notes%20%231.md', uriBaseId: 'SRCROOT' });
    expect(inc.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'docs/my%20notes%20%231.md', uriBaseId: 'SRCROOT' },
          region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 17 },
        },
        message: { text: 'also here' },
      },
    ]);
    expect(inc.fixes).toBeUndefined();
    expect(fromStdin.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'stdin' });
  });

  it('gives files outside the cwd absolute URIs', () => {
    const outside = fileResult('../other/a.md', '[[span model]]', [{ code: 'term.variant' }]);
    const absolute = fileResult('/elsewhere/a b.md', '[[span model]]', [{ code: 'term.variant' }]);
    const drive = fileResult('D:/x/a.md', '[[span model]]', [{ code: 'term.variant' }]);
    const results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: unknown } }> }> = sarif([outside, absolute, drive]).runs[0].results;
    const uris = results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
    expect(uris).toEqual([{ uri: '../other/a.md', uriBaseId: 'SRCROOT' }, { uri: 'file:///elsewhere/a%20b.md' }, { uri: 'file:///D:/x/a.md' }]);
  });
});

/** The GitHub workflow commands, one per line. */
function github(results: readonly LintFileResult[]): string[] {
  const out = formatGithub(results);
  expect(out === '' || out.endsWith('\n')).toBe(true);
  return out.split('\n').filter((l) => l !== '');
}

describe('github', () => {
  it('writes one annotation per finding', () => {
    expect(github([notes, clean])).toEqual([
      '::warning file=docs/notes.md,line=3,col=18,endLine=3,endColumn=30,title=termlens term.misspelled::"Hesten Model" looks like a misspelling of "Heston Model"',
      '::notice file=docs/notes.md,line=4,col=6,endLine=4,endColumn=16,title=termlens term.variant::"span model" should be written "SPAN model"',
      '::error file=docs/notes.md,line=4,col=21,endLine=4,endColumn=29,title=termlens term.deprecated::"BS Model" is deprecated',
    ]);
    expect(formatGithub([clean])).toBe('');
  });

  it('escapes data and properties, and leaves columns out of multi-line ranges', () => {
    const odd = fileResult('a,b:c%.md', 'the [[Heston\nModel]]', [{ code: 'term.variant', severity: 4, message: '100% sure:\r\nyes, really' }]);
    expect(github([odd])).toEqual(['::notice file=a%2Cb%3Ac%25.md,line=1,endLine=2,title=termlens term.variant::100%25 sure:%0D%0Ayes, really']);
    const stdin = fileResult('<stdin>', '[[span model]]', [{ code: 'term.variant' }]);
    expect(github([stdin])).toEqual(['::warning line=1,col=1,endLine=1,endColumn=11,title=termlens term.variant::"span model" is flagged']);
  });
});
