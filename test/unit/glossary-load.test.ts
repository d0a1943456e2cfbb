import { describe, expect, test } from 'vitest';
import { conceptFromEntry, entryFromConcept, slugify } from '../../server/src/core/glossary/format';
import { formKey, MAX_GLOSSARY_BYTES, parseGlossaryText } from '../../server/src/core/glossary/load';
import type { GlossaryFileResult } from '../../server/src/core/glossary/model';

/** `line:col` (one-based) of a zero-based offset. */
function at(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/** Problems of a document as `code line:col-line:col message`. */
function problems(text: string, uri = 'file:///g/a.glossary.yaml'): string[] {
  return parseGlossaryText(text, uri).problems.map((p) => `${p.code} ${at(text, p.start)}-${at(text, p.end)} ${p.message}`);
}

/** The text a problem's range covers. */
function covered(text: string, result: GlossaryFileResult): string[] {
  return result.problems.map((p) => text.slice(p.start, p.end));
}

const YAML = 'file:///g/a.glossary.yaml';
const JSON_URI = 'file:///g/a.glossary.json';

describe('parseGlossaryText: the format', () => {
  test('maps every field of the example to a concept', () => {
    const text = `# comment
$schema: ./termlens.glossary.schema.json
version: 1
name: Acme desk glossary
concepts:
  - term: Black-Scholes-Merton Model
    kind: term
    aliases:
      - Black-Scholes Model
      - { form: Black Scholes, note: "informal" }
    abbreviations: [BSM]
    deprecated:
      - { form: B-S Model, reason: "Ambiguous abbreviation." }
    forbidden:
      - BS Model
    definitions:
      - text: The canonical option pricing model.
        source: https://example.org/bsm
        area: Options Pricing
      - A plain definition.
    facets:
      - { name: Algorithm, text: "Step one." }
    related: [Heston Model]
    areas: [Options Pricing]
  - term: Heston Model
    id: heston
    kind: area
`;
    const result = parseGlossaryText(text, YAML);
    expect(result.problems).toEqual([]);
    const [bsm, heston] = result.concepts;
    expect(bsm).toMatchObject({
      id: 'black-scholes-merton-model',
      kind: 'term',
      senses: [{ text: 'The canonical option pricing model.', source: 'https://example.org/bsm', area: 'Options Pricing' }, { text: 'A plain definition.' }],
      facets: [{ name: 'Algorithm', text: 'Step one.' }],
      related: ['Heston Model'],
      areas: ['Options Pricing'],
      origin: { uri: YAML, line: 5 },
    });
    expect(bsm?.forms.map((f) => [f.text, f.status, f.type, f.reason ?? '', text.slice(f.loc?.start, f.loc?.end)])).toEqual([
      ['Black-Scholes-Merton Model', 'preferred', 'fullForm', '', 'Black-Scholes-Merton Model'],
      ['Black-Scholes Model', 'admitted', 'variant', '', 'Black-Scholes Model'],
      ['Black Scholes', 'admitted', 'variant', '', 'Black Scholes'],
      ['BSM', 'admitted', 'abbreviation', '', 'BSM'],
      ['B-S Model', 'deprecated', 'variant', 'Ambiguous abbreviation.', 'B-S Model'],
      ['BS Model', 'forbidden', 'variant', '', 'BS Model'],
    ]);
    expect(heston).toMatchObject({ id: 'heston', kind: 'area', origin: { line: 24 }, senses: [], facets: [], related: [] });
  });

  test('reads JSON with positions', () => {
    const text = '{\n  "concepts": [\n    {"term": "Vega", "abbreviations": [{"form": "V\\u0065"}]},\n    {"term": "Theta"}\n  ]\n}\n';
    const result = parseGlossaryText(text, JSON_URI);
    expect(result.problems).toEqual([]);
    expect(result.concepts.map((c) => [c.origin?.line, c.forms.map((f) => `${f.text}@${at(text, f.loc?.start ?? -1)}`)])).toEqual([
      [2, ['Vega@3:14', 'Ve@3:49']],
      [3, ['Theta@4:14']],
    ]);
  });

  test('a member repeated anywhere in JSON is a syntax error at the second one', () => {
    // Colons inside strings must not hide a repeat.
    expect(problems('{"concepts": [\n  {"term": "a:b", "aliases": ["c"], "aliases": ["d:e"]}\n]}', JSON_URI)).toEqual([
      'glossary.syntax 2:37-2:38 JSON syntax error: duplicate member name "aliases"',
    ]);
    expect(problems('{"concepts": [{"term": "a", "term": "b"}]}', JSON_URI)).toEqual([
      'glossary.syntax 1:29-1:30 JSON syntax error: duplicate member name "term"',
    ]);
    expect(problems('{"x-a": {"k": 1, "k": 2}, "concepts": []}', JSON_URI)).toEqual(['glossary.syntax 1:18-1:19 JSON syntax error: duplicate member name "k"']);
    // A colon written as an escape, and a member name written with one, are read as usual.
    const escaped = '{"concepts": [{"\\u0074erm": "a\\u003ab", "aliases": ["c:d"]}]}';
    expect(parseGlossaryText(escaped, JSON_URI).concepts.map((c) => c.forms.map((f) => f.text))).toEqual([['a:b', 'c:d']]);
  });

  test('a nesting deeper than 1000 levels is a syntax error', () => {
    const text = `{"x-deep": ${'['.repeat(1001)}${']'.repeat(1001)}, "concepts": []}`;
    expect(problems(text, JSON_URI)).toEqual(['glossary.syntax 1:1011-1:1012 JSON syntax error: nesting deeper than 1000 levels']);
  });

  /**
   * `parseGlossaryText` of `text` as JSON, and of the same text made to go through the general JSON
   * reader (jsonc-parser; an `x-` field added at the end, where it moves no position).
   */
  function plainAndGeneral(text: string): [string, string] {
    const general = text.replace(/\}\s*$/, ', "x-general": 0}');
    return [JSON.stringify(parseGlossaryText(text, JSON_URI)), JSON.stringify(parseGlossaryText(general, JSON_URI))];
  }

  /** `parseGlossaryText` of `text` as JSON, and of the same text as YAML with the URI renamed back. */
  function jsonAndYaml(text: string): [string, string] {
    const json = parseGlossaryText(text, JSON_URI);
    const yaml = parseGlossaryText(text, YAML);
    return [JSON.stringify(json), JSON.stringify(yaml).replaceAll(YAML, JSON_URI)];
  }

  const validJson: Record<string, string> = {
    'every field': JSON.stringify(
      {
        $schema: './termlens.glossary.schema.json',
        version: 1,
        name: 'Desk',
        concepts: [
          {
            term: ' Black-Scholes-Merton Model ',
            id: 'bsm-model',
            kind: 'area',
            aliases: ['Black-Scholes Model', { form: 'Black Scholes', note: 'informal' }, 'black scholes model'],
            abbreviations: ['BSM'],
            deprecated: [
              { form: 'B-S Model', reason: 'Ambiguous.' },
              { form: 'BS model', reason: '' },
            ],
            forbidden: ['BSM Model'],
            definitions: ['The model.', { text: 'Sourced.', source: 'https://example.org/bsm', area: ' Options Pricing ' }, { text: 'x', area: ' ' }],
            facets: [{ name: 'Algorithm', text: '' }],
            related: ['Heston Model', ' Vega '],
            areas: ['Options Pricing', ' Greeks '],
          },
          { related: ['Vega'], term: 'Heston Model', aliases: [{ note: 'n', form: 'Heston' }], areas: ['Options Pricing', 'Greeks'] },
          { term: 'Vega', areas: ['Options Pricing', 'Greeks'], definitions: [] },
        ],
      },
      null,
      2,
    ),
    'escapes, a byte order mark, tabs and CR, CRLF line breaks':
      '\ufeff{\r\n"concepts": [\r\n{"term": "V\\u0065ga \\"q\\" \\/ \\\\", "aliases": ["tab\\tin"]},\r\r\n\t{"term": "\\u00e9t\\u00E9"}]}',
  };
  test.each(Object.entries(validJson))('reads JSON with %s as the general JSON reader does, positions included', (_, text) => {
    const [plain, general] = plainAndGeneral(text);
    expect(JSON.parse(plain).concepts).not.toEqual([]);
    expect(plain).toBe(general);
    const concepts = parseGlossaryText(text, JSON_URI).concepts;
    expect(concepts.every((c) => c.origin && c.forms.every((f) => f.loc && text[f.loc.start] === '"' && text[f.loc.end - 1] === '"'))).toBe(true);
  });

  test('reads a JSON file with every field as the YAML reader does', () => {
    const [json, yaml] = jsonAndYaml(validJson['every field']!);
    expect(json).toBe(yaml);
  });

  test('reports duplicates and conflicts in JSON where it does in YAML', () => {
    const text = '{"concepts": [\n {"term": "Vega"},\n {"term": "vega"},\n {"term": "Theta", "aliases": ["VEGA"]}\n]}';
    const [json, yaml] = jsonAndYaml(text);
    expect(json).toBe(yaml);
    expect(parseGlossaryText(text, JSON_URI).problems.map((p) => [p.code, p.message, text.slice(p.start, p.end)])).toEqual([
      ['glossary.duplicate', '"vega" is already defined at line 2; merge the two entries.', '"vega"'],
      ['glossary.conflict', '"VEGA" of "Theta" is already a form of "Vega" (line 2); a form can belong to one concept only.', '"VEGA"'],
    ]);
  });

  test('follows YAML anchors, aliases and merge keys', () => {
    const text = `x-areas: &pricing [Options Pricing]
concepts:
  - &base {term: Vega, areas: *pricing}
  - <<: *base
    term: Volga
`;
    const result = parseGlossaryText(text, YAML);
    expect(result.problems).toEqual([]);
    expect(result.concepts.map((c) => [c.forms[0]?.text, c.areas])).toEqual([
      ['Vega', ['Options Pricing']],
      ['Volga', ['Options Pricing']],
    ]);
  });

  test('an alias bomb is rejected, not expanded', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    const text = `x-bomb:\n${lines.map((l) => `  ${l}`).join('\n')}\nconcepts: []\n`;
    const result = parseGlossaryText(text, YAML);
    expect(result.concepts).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.severity])).toEqual([['glossary.syntax', 'error']]);
    expect(result.problems[0]?.message).toMatch(/alias/i);
  });
});

describe('parseGlossaryText: located problems', () => {
  test('schema problems name the field and point at the value', () => {
    const text = `concepts:
  - term: Vega
    aliases: [3, {form: x, notee: 1}, [nested]]
    defintions: []
  - id: no-term
    kind: sort-of
  - term: "  "
    definitions: [{text: x, source: not a uri}]
version: 2
`;
    expect(problems(text)).toEqual([
      'glossary.schema 3:15-3:16 concepts[0].aliases[0]: must be a string or an object with "form"',
      'glossary.schema 3:28-3:33 concepts[0].aliases[1]: unknown field "notee" (did you mean "note"?)',
      'glossary.schema 3:39-3:47 concepts[0].aliases[2]: must be a string or an object with "form"',
      'glossary.schema 4:5-4:15 concepts[0]: unknown field "defintions" (did you mean "definitions"?)',
      'glossary.schema 5:5-5:16 concepts[1]: missing required field "term"',
      'glossary.schema 6:11-6:18 concepts[1].kind: must be one of "area", "term", "definition"',
      'glossary.schema 7:11-7:15 concepts[2].term: must not be empty',
      'glossary.schema 8:37-8:46 concepts[2].definitions[0].source: must be a URI such as https://example.org/page',
      'glossary.schema 9:10-9:11 version: must be 1',
    ]);
    expect(parseGlossaryText(text, YAML).concepts).toEqual([]);
  });

  test('wrong types: null, numbers, lists where objects belong', () => {
    expect(problems('concepts:\n  - null\n  - 42\n  - [a]\n  - term: [a]\n')).toEqual([
      'glossary.schema 2:5-2:9 concepts[0]: must be an object with a "term"',
      'glossary.schema 3:5-3:7 concepts[1]: must be an object with a "term"',
      'glossary.schema 4:5-4:8 concepts[2]: must be an object with a "term"',
      'glossary.schema 5:11-5:14 concepts[3].term: must be a string',
    ]);
    expect(problems('')).toEqual(['glossary.schema 1:1-1:1 glossary: must be an object with a "concepts" list']);
    expect(problems('name: x\n')).toEqual(['glossary.schema 1:1-1:8 glossary: missing required field "concepts"']);
    expect(problems('{"concepts": {"term": "x"}}', JSON_URI)).toEqual(['glossary.schema 1:14-1:27 concepts: must be a list']);
  });

  test('unknown fields in JSON point at the member name', () => {
    const text = '{"concepts": [{"term": "Vega", "alias": ["V"]}], "x-anchors": 1}';
    const result = parseGlossaryText(text, JSON_URI);
    expect(result.problems.map((p) => p.message)).toEqual(['concepts[0]: unknown field "alias" (did you mean "aliases"?)']);
    expect(covered(text, result)).toEqual(['"alias"']);
  });

  test('syntax errors are located', () => {
    expect(problems('concepts:\n  - term: [Vega\n')).toEqual([expect.stringMatching(/^glossary\.syntax 3:1-3:1 YAML syntax error: /)]);
    expect(problems('concepts:\n  - term: a\n  - term: b\n    term: c\n')).toEqual([
      expect.stringMatching(/^glossary\.syntax 4:5-4:6 YAML syntax error: Map keys must be unique/),
    ]);
    expect(problems('{"concepts": [\n  {"term": "a",}\n]}', JSON_URI)).toEqual([
      'glossary.syntax 2:16-2:17 JSON syntax error: expected a member name in double quotes',
    ]);
    expect(problems('{"concepts": [], "concepts": []}', JSON_URI)).toEqual(['glossary.syntax 1:18-1:19 JSON syntax error: duplicate member name "concepts"']);
    expect(problems('{"concepts": ["a\nb"]}', JSON_URI)).toEqual(['glossary.syntax 1:17-2:1 JSON syntax error: control character in a string']);
    expect(problems('{"concepts": []} x', JSON_URI)).toEqual(['glossary.syntax 1:18-1:19 JSON syntax error: unexpected text after the end of the JSON value']);
  });

  test('a preferred term defined twice is a duplicate on the second', () => {
    const text = 'concepts:\n  - term: Vega\n    aliases: [V]\n  - term: vega\n    aliases: [V]\n';
    expect(problems(text)).toEqual(['glossary.duplicate 4:11-4:15 "vega" is already defined at line 2; merge the two entries.']);
    expect(parseGlossaryText(text, YAML).concepts).toEqual([]);
  });

  test('a form claimed by two concepts is a conflict on the second claim', () => {
    const text = `concepts:
  - term: Black-Scholes Model
    abbreviations: [BSM]
  - term: Black Scholes Merton
    abbreviations: [bsm]
  - term: Merton Model
    deprecated: [black scholes model]
`;
    expect(problems(text)).toEqual([
      'glossary.conflict 5:21-5:24 "bsm" of "Black Scholes Merton" is already a form of "Black-Scholes Model" (line 2); a form can belong to one concept only.',
      'glossary.conflict 7:18-7:37 "black scholes model" of "Merton Model" is already a form of "Black-Scholes Model" (line 2); a form can belong to one concept only.',
    ]);
  });

  test('a form repeated within one concept is kept once', () => {
    const result = parseGlossaryText('concepts:\n  - term: Vega\n    aliases: [vega, V]\n    abbreviations: [V]\n', YAML);
    expect(result.problems).toEqual([]);
    expect(result.concepts[0]?.forms.map((f) => `${f.text}/${f.type}`)).toEqual(['Vega/fullForm', 'V/variant']);
  });

  test('oversized files are not parsed', () => {
    const result = parseGlossaryText(`concepts: []\n#${'x'.repeat(MAX_GLOSSARY_BYTES)}`, YAML);
    expect(result.problems.map((p) => p.code)).toEqual(['glossary.unreadable']);
  });

  test('never throws on garbage', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const valid = `concepts:\n  - term: Vega\n    aliases: [V, {form: "W"}]\n    definitions: [{text: x, source: "https://x.org"}]\n`;
    const validJson = JSON.stringify({ concepts: [{ term: 'Vega', aliases: ['V', { form: 'W' }], facets: [{ name: 'a', text: 'b' }] }] });
    const inputs: string[] = [
      'null',
      '42',
      '[[[[]]]]',
      '"str"',
      '{"concepts": null}',
      '{"concepts": [null, 1, [2], {"term": null}]}',
      '['.repeat(5000),
      '{"a":'.repeat(3000),
      '\uFEFF{"concepts": []}',
      'concepts: !!binary AAAA',
      '---\na: 1\n---\nb: 2\n',
      '{"__proto__": {"polluted": true}, "concepts": []}',
      'concepts:\n  - {__proto__: {term: x}}\n',
    ];
    for (let i = 0; i < 300; i++) {
      const base = i % 2 ? valid : validJson;
      inputs.push(base.slice(0, random(base.length)));
      inputs.push(Array.from({ length: random(200) }, () => String.fromCharCode(random(0x80) || 0x2028)).join(''));
      const chars = [...base];
      for (let k = 0; k < 5; k++) chars[random(chars.length)] = '{}[]:,"\'-&*!\n\\ 0'[random(17)] ?? '';
      inputs.push(chars.join(''));
    }
    for (const input of inputs) {
      for (const uri of [YAML, JSON_URI]) {
        const result = parseGlossaryText(input, uri);
        expect(Array.isArray(result.problems)).toBe(true);
        for (const p of result.problems) {
          expect(p.start).toBeGreaterThanOrEqual(0);
          expect(p.end).toBeGreaterThanOrEqual(p.start);
          expect(p.end).toBeLessThanOrEqual(input.length);
        }
        if (result.problems.some((p) => p.severity === 'error')) expect(result.concepts).toEqual([]);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a large JSON file parses completely with positions', () => {
    const concepts = Array.from({ length: 20_000 }, (_, i) => ({
      term: `Term ${i}`,
      aliases: [`Alias ${i}`, { form: `Other ${i}`, note: 'x' }],
      abbreviations: [`T${i}`],
      definitions: [{ text: `Definition of term ${i}.`, source: `https://example.org/${i}` }],
    }));
    const text = JSON.stringify({ concepts }, null, 2);
    const result = parseGlossaryText(text, JSON_URI);
    expect(result.problems).toEqual([]);
    expect(result.concepts).toHaveLength(20_000);
    expect(result.concepts[19_999]?.origin?.line).toBe(text.split('\n').findIndex((l) => l.includes('"Term 19999"')) - 1);
  }, 30_000);
});

describe('format helpers', () => {
  test('formKey folds case, hyphens, dashes and whitespace', () => {
    expect(formKey('  Black-Scholes\u2013Merton\u2011Model ')).toBe('black scholes merton model');
    expect(formKey('black \t scholes\u2010merton  model')).toBe('black scholes merton model');
    expect(formKey('B-S')).not.toBe(formKey('BS'));
  });

  test('slugify', () => {
    expect(slugify('Black-Scholes-Merton Model')).toBe('black-scholes-merton-model');
    expect(slugify('S&P 500')).toBe('s-p-500');
    expect(slugify('Café Δ-hedge')).toBe('cafe-δ-hedge');
    expect(slugify('%')).toBe('u25');
  });

  test('entryFromConcept is the compact, ordered inverse of conceptFromEntry', () => {
    const entry = {
      term: 'Black-Scholes-Merton Model',
      id: 'bsm',
      kind: 'area' as const,
      aliases: ['Black-Scholes Model'],
      abbreviations: ['BSM'],
      deprecated: [{ form: 'B-S Model', reason: 'Ambiguous.' }, 'BS-M'],
      forbidden: ['BS Model'],
      definitions: ['Plain.', { text: 'Sourced.', source: 'https://x.org' }],
      facets: [{ name: 'Algorithm', text: '...' }],
      related: ['Heston Model'],
      areas: ['Options Pricing'],
    };
    const back = entryFromConcept(conceptFromEntry(entry, { origin: { uri: YAML, line: 3 } }));
    expect(back).toEqual(entry);
    expect(Object.keys(back)).toEqual(Object.keys(entry));
    expect(entryFromConcept(conceptFromEntry({ term: 'Vega', kind: 'term', aliases: [{ form: 'V', note: 'n' }], facets: [] }))).toEqual({
      term: 'Vega',
      aliases: ['V'],
    });
  });
});
