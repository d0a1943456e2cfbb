/**
 * `termlens import csv` and `termlens export csv` as pure functions: headers and their synonyms,
 * delimiters, encodings, multi-value cells, errors with row numbers, and the round trip
 * export → import on inline glossaries and on the whole bundled glossary.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conceptFromEntry } from '../../server/src/core/glossary/format';
import { escapeValue, glossaryToCsv, parseGlossaryCsv, parseGlossaryCsvText, splitValues } from '../../server/src/core/glossary/interchange/csv';
import { decodeTextFile } from '../../server/src/core/glossary/interchange/decode';
import { importContext } from '../../server/src/core/glossary/interchange/entries';
import type { InterchangeFinding } from '../../server/src/core/glossary/interchange/findings';
import { checkGlossaryFile, glossaryFileText } from '../../server/src/core/glossary/interchange/write';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import type { Concept } from '../../server/src/core/glossary/model';
import { repoRoot } from './helpers';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** `severity code line` of each finding, for compact assertions. */
function brief(findings: readonly InterchangeFinding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.code}${f.line !== undefined ? ` ${f.line}` : ''}`);
}

function concepts(yaml: string): Concept[] {
  const result = parseGlossaryText(yaml, 'file:///g.glossary.yaml');
  expect(result.problems).toEqual([]);
  return [...result.concepts];
}

/** What a CSV round trip keeps of a concept: forms (text, status, type), definitions with sources, and the rest but reasons, facets and kinds. */
function kept(c: Concept): unknown {
  return {
    forms: c.forms.map((f) => `${f.status}/${f.type}: ${f.text}`),
    senses: c.senses.map((s) => ({ text: s.text, source: s.source })),
    related: c.related,
    areas: c.areas,
    notes: c.notes ?? [],
    examples: c.examples ?? [],
  };
}

describe('CSV import', () => {
  it('reads the columns, their synonyms in any case, and multi-value cells', () => {
    const csv = [
      'Preferred Term,Definition,Source,Abbreviation,Synonyms,Deprecated,See also,Category,Notes,Examples',
      'Black-Scholes-Merton Model,The canonical option pricing model.,https://example.org/bsm,BSM,Black-Scholes Model|Black Scholes,B-S Model,Heston Model,Options Pricing|Models,Assumes constant volatility.,We price with the BSM.',
      'Heston Model,A stochastic volatility model.,,,,,,Options Pricing,,',
    ].join('\n');
    const result = parseGlossaryCsv(utf8(csv));
    expect(result.findings).toEqual([]);
    expect(result.entries).toEqual([
      {
        term: 'Black-Scholes-Merton Model',
        aliases: ['Black-Scholes Model', 'Black Scholes'],
        abbreviations: ['BSM'],
        deprecated: ['B-S Model'],
        definitions: [{ text: 'The canonical option pricing model.', source: 'https://example.org/bsm' }],
        examples: ['We price with the BSM.'],
        notes: ['Assumes constant volatility.'],
        related: ['Heston Model'],
        areas: ['Options Pricing', 'Models'],
      },
      { term: 'Heston Model', definitions: ['A stochastic volatility model.'], areas: ['Options Pricing'] },
    ]);
  });

  it.each([
    ['comma', 'term,abbreviations\nat the money,ATM\n'],
    ['semicolon', 'term;abbreviations\nat the money;ATM\n'],
    ['tab', 'term\tabbreviations\nat the money\tATM\n'],
    ['semicolon with commas in cells', 'term;definition;abbreviations\nat the money;strike equals spot, roughly;ATM\n'],
  ])('detects the delimiter: %s', (_name, csv) => {
    const result = parseGlossaryCsvText(csv);
    expect(result.findings).toEqual([]);
    expect(result.entries[0]).toMatchObject({ term: 'at the money', abbreviations: ['ATM'] });
  });

  it('keeps quoted cells with delimiters, quotes and line breaks, and CRLF line ends', () => {
    const result = parseGlossaryCsvText('term,definition\r\n"Put, American","Exercisable any day; ""early""\r\nexercise"\r\n');
    expect(result.findings).toEqual([]);
    expect(result.entries).toEqual([{ term: 'Put, American', definitions: ['Exercisable any day; "early"\nexercise'] }]);
  });

  it('splits multi-value cells on | only, with \\| for a bar inside a value', () => {
    expect(splitValues('a | b|c')).toEqual(['a', 'b', 'c']);
    expect(splitValues('x \\| y|z')).toEqual(['x | y', 'z']);
    expect(splitValues('a; b')).toEqual(['a; b']);
    expect(splitValues('\\sigma|c:\\\\')).toEqual(['\\sigma', 'c:\\']);
    expect(splitValues('  ')).toEqual([]);
    for (const value of ['a|b', '\\', 'ends with \\', '\\|', '\\\\', 'x\\y', '|']) expect(splitValues(escapeValue(value))).toEqual([value]);
  });

  it('gives the n-th source to the n-th definition and warns of a source without a definition', () => {
    const result = parseGlossaryCsvText('term,definition,source\nvega,first|second|,|https://b.example/|https://c.example/\n');
    expect(result.entries[0]!.definitions).toEqual(['first', { text: 'second', source: 'https://b.example/' }]);
    expect(brief(result.findings)).toEqual(['warning interchange.source 2']);
  });

  it('reads a cell that the exporter protected against formula injection as written', () => {
    const result = parseGlossaryCsvText("term,definition\n'=SUM(A1),'-1 times the delta\n");
    expect(result.entries).toEqual([{ term: '=SUM(A1)', definitions: ['-1 times the delta'] }]);
  });

  it('skips blank rows and warns of unknown columns and cells past the header', () => {
    const result = parseGlossaryCsvText('term,colour\n\nrho,red,extra\n');
    expect(result.entries).toEqual([{ term: 'rho' }]);
    expect(brief(result.findings)).toEqual(['warning interchange.columns 1', 'warning interchange.columns 3']);
    expect(result.findings[0]!.message).toContain('"colour"');
  });

  describe('errors, with their row numbers', () => {
    it('no term column', () => {
      const result = parseGlossaryCsvText('word list;meaning\nvega;sensitivity to volatility\n');
      expect(brief(result.findings)).toEqual(['error interchange.columns 1']);
      expect(result.findings[0]!.message).toMatch(/no term column: the header row \("word list", "meaning"\) needs a column named "term"/);
      expect(result.entries).toEqual([]);
    });

    it('two columns naming one field', () => {
      const result = parseGlossaryCsvText('term,name\nvega,vega\n');
      expect(result.findings.map((f) => f.message)).toEqual(['columns 1 ("term") and 2 ("name") both name the term']);
    });

    it('empty terms and duplicate terms, each at its line (a quoted line break counts)', () => {
      const csv = 'term,definition\ndelta,"first\nline"\n,orphan definition\nDelta,again\ngamma,ok\n';
      const result = parseGlossaryCsvText(csv);
      expect(result.findings.map((f) => `${f.line} ${f.severity} ${f.code}: ${f.message}`)).toEqual([
        '4 error interchange.empty-term: row 4: no term',
        '5 error interchange.duplicate-term: row 5: the term "Delta" is already the term of row 2',
      ]);
    });

    it('an invisible character in a term; in another form it is left out with a warning', () => {
      const result = parseGlossaryCsvText('term,aliases\nve\u200bga,theta\nrho,rh\u202eo|r\n');
      expect(brief(result.findings)).toEqual(['error interchange.invalid-form 2', 'warning interchange.invalid-form 3']);
      expect(result.findings[0]!.message).toContain('U+200B (ZERO WIDTH SPACE)');
    });

    it('a malformed quote, at its line', () => {
      const result = parseGlossaryCsvText('term,definition\nvega,fine\ntheta,"unterminated\n');
      expect(result.findings.some((f) => f.severity === 'error' && f.code === 'interchange.syntax' && f.line === 3)).toBe(true);
      expect(result.entries).toEqual([]);
    });

    it('a header and no rows, or nothing at all', () => {
      expect(brief(parseGlossaryCsvText('term,definition\n').findings)).toEqual(['error interchange.empty']);
      expect(brief(parseGlossaryCsvText('\n\n').findings)).toEqual(['error interchange.empty']);
    });
  });

  it('leaves out a form claimed by an earlier row or by the bundled glossary, with a warning', () => {
    const context = importContext(concepts('concepts:\n  - term: consumer price index\n    abbreviations: [CPI]\n'), 'bundled.glossary.json');
    const result = parseGlossaryCsvText('term,abbreviations\ncapital-protected product,CPI|CPP\ncapital preservation,CPP\n', { context });
    expect(result.entries).toEqual([{ term: 'capital-protected product', abbreviations: ['CPP'] }, { term: 'capital preservation' }]);
    expect(result.findings.map((f) => f.message)).toEqual([
      'row 2: "CPI" is already an abbreviation of "consumer price index" in bundled.glossary.json; left out',
      'row 3: "CPP" is already a form of "capital-protected product" (row 2); left out',
    ]);
  });
});

describe('encodings', () => {
  const csv = 'term,definition\ncafé,“quoted” – €5\n';

  it('UTF-8 with and without a byte order mark', () => {
    for (const bytes of [utf8(csv), new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(csv)])]) {
      const result = parseGlossaryCsv(bytes);
      expect(result.findings).toEqual([]);
      expect(result.entries).toEqual([{ term: 'café', definitions: ['“quoted” – €5'] }]);
    }
  });

  it('UTF-16 LE and BE by their byte order mark', () => {
    const units = [...csv].map((c) => c.charCodeAt(0));
    const le = new Uint8Array([0xff, 0xfe, ...units.flatMap((u) => [u & 0xff, u >> 8])]);
    const be = new Uint8Array([0xfe, 0xff, ...units.flatMap((u) => [u >> 8, u & 0xff])]);
    for (const bytes of [le, be]) expect(parseGlossaryCsv(bytes).entries).toEqual([{ term: 'café', definitions: ['“quoted” – €5'] }]);
  });

  it('windows-1252 when the bytes are not UTF-8, with an info finding at the first bad line', () => {
    // "café" with é = 0xE9, “ ” – € = 0x93 0x94 0x96 0x80 in windows-1252.
    const bytes = new Uint8Array([
      ...utf8('term,definition\ncaf'),
      0xe9,
      ...utf8(','),
      0x93,
      ...utf8('quoted'),
      0x94,
      ...utf8(' '),
      0x96,
      ...utf8(' '),
      0x80,
      ...utf8('5\n'),
    ]);
    const result = parseGlossaryCsv(bytes);
    expect(result.entries).toEqual([{ term: 'café', definitions: ['“quoted” – €5'] }]);
    expect(brief(result.findings)).toEqual(['info interchange.encoding 2']);
  });

  it('rejects binary data, UTF-32 and a UTF-8 byte order mark before invalid UTF-8', () => {
    expect(brief(decodeTextFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00, 0x41])).findings)).toEqual(['error interchange.encoding']);
    expect(decodeTextFile(new Uint8Array([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0])).findings[0]!.message).toContain('UTF-32');
    expect(brief(decodeTextFile(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0x0a, 0xc3, 0x28])).findings)).toEqual(['error interchange.encoding 2']);
  });

  it('UTF-16 LE without a byte order mark, by its zero bytes', () => {
    const bytes = new Uint8Array([...'term\nvega\n'].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(parseGlossaryCsv(bytes).entries).toEqual([{ term: 'vega' }]);
  });
});

describe('CSV export', () => {
  const yaml = `concepts:
  - term: Black-Scholes-Merton Model
    aliases: [Black-Scholes Model]
    abbreviations: [BSM]
    deprecated: [{ form: B-S Model, reason: Ambiguous. }]
    forbidden: [BS Model]
    definitions:
      - text: "The canonical model; see |x| and \\\\sigma."
        source: https://example.org/bsm
      - A second, "quoted" definition,
        over two lines.
    examples: [We price with the BSM.]
    notes: [Assumes constant volatility.]
    related: [Heston Model]
    areas: [Options Pricing]
  - term: Heston Model
    definitions: [A stochastic volatility model.]
    facets: [{ name: Calibration, text: To the surface. }]
  - term: "=HYPERLINK(evil)"
    aliases: ["+1 sigma", "@risk"]
`;

  it('writes the columns the importer reads, protecting formula cells', () => {
    const { text, findings } = glossaryToCsv(concepts(yaml));
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('term,aliases,abbreviations,deprecated,forbidden,definition,source,examples,notes,related,areas');
    expect(lines[3]).toBe(`"'=HYPERLINK(evil)","'+1 sigma|@risk",,,,,,,,,`);
    expect(brief(findings)).toEqual(['info interchange.lossy']);
    expect(findings[0]!.message).toBe('CSV has no place for 1 reasons of deprecated or forbidden forms, 1 facets; left out');
  });

  it('round trip: export → import gives the same concepts (forms, statuses, types, definitions, sources)', () => {
    const before = concepts(yaml);
    const imported = parseGlossaryCsv(utf8(glossaryToCsv(before).text));
    expect(imported.findings).toEqual([]);
    expect(imported.entries.map((e) => kept(conceptFromEntry(e)))).toEqual(before.map(kept));
  });

  it('round trip of the whole bundled glossary, and the imported file passes the glossary check', () => {
    const file = path.join(repoRoot, 'glossary', 'bundled.glossary.json');
    const before = parseGlossaryText(readFileSync(file, 'utf8'), 'file:///bundled.glossary.json').concepts;
    expect(before.length).toBeGreaterThan(900);
    const imported = parseGlossaryCsv(utf8(glossaryToCsv(before).text));
    expect(imported.findings).toEqual([]);
    expect(imported.entries.map((e) => kept(conceptFromEntry(e)))).toEqual(before.map(kept));
    const text = glossaryFileText(imported.entries, { name: 'round trip' });
    expect(checkGlossaryFile(text, 'file:///round-trip.glossary.yaml')).toEqual([]);
  });
});
