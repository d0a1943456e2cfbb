/**
 * Invisible and direction-control characters: rejected in glossary forms (every form field, YAML
 * and JSON, the one-pass JSON reader included) with a `glossary.schema` problem naming the
 * character at the offending value, allowed where scripts need them (joiners in Persian, Indic
 * scripts and emoji), and stripped from everything a hover renders.
 */

import { describe, expect, it } from 'vitest';
import schema from '../../glossary/termlens.glossary.schema.json';
import { computeHover } from '../../server/src/core/features/hover';
import { escapeMarkdown, renderConceptHover, summarizeDefinition } from '../../server/src/core/features/render';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { findInvisible, INVISIBLE_PATTERN_MESSAGE, stripInvisible } from '../../server/src/core/glossary/invisible';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import type { Concept } from '../../server/src/core/glossary/model';
import { dictionary, parse } from './helpers';

const YAML = 'file:///g/a.glossary.yaml';
const JSON_URI = 'file:///g/a.glossary.json';

/** Characters that must not appear in a form, with the name the message gives. */
const INVISIBLE: ReadonlyArray<readonly [string, string]> = [
  ['\u200B', 'U+200B (ZERO WIDTH SPACE)'],
  ['\u200C', 'U+200C (ZERO WIDTH NON-JOINER)'],
  ['\u200D', 'U+200D (ZERO WIDTH JOINER)'],
  ['\u200E', 'U+200E (LEFT-TO-RIGHT MARK)'],
  ['\u200F', 'U+200F (RIGHT-TO-LEFT MARK)'],
  ['\u061C', 'U+061C (ARABIC LETTER MARK)'],
  ['\uFEFF', 'U+FEFF (ZERO WIDTH NO-BREAK SPACE)'],
  ['\u00AD', 'U+00AD (SOFT HYPHEN)'],
  ['\u180E', 'U+180E (MONGOLIAN VOWEL SEPARATOR)'],
  ['\u202A', 'U+202A (LEFT-TO-RIGHT EMBEDDING)'],
  ['\u202E', 'U+202E (RIGHT-TO-LEFT OVERRIDE)'],
  ['\u2060', 'U+2060 (WORD JOINER)'],
  ['\u2064', 'U+2064 (INVISIBLE PLUS)'],
  ['\u2066', 'U+2066 (LEFT-TO-RIGHT ISOLATE)'],
  ['\u2069', 'U+2069 (POP DIRECTIONAL ISOLATE)'],
  ['\u034F', 'U+034F (COMBINING GRAPHEME JOINER)'],
  ['\u3164', 'U+3164 (HANGUL FILLER)'],
  ['\u2800', 'U+2800 (BRAILLE PATTERN BLANK)'],
  ['\uFE0F', 'U+FE0F (VARIATION SELECTOR-16)'],
  ['\u{E0041}', 'U+E0041 (TAG CHARACTER)'],
  ['\u0007', 'U+0007 (control character)'],
];

/** `text` as a JSON string literal with every character outside printable ASCII as `\uXXXX` (YAML double quotes read it alike). */
function escaped(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c >= 0x20 && c <= 0x7e ? text[i] : `\\u${c.toString(16).padStart(4, '0')}`;
  }
  return `"${out}"`;
}

/** Where a form goes in an entry, and the label a problem gives it. */
const FIELDS: ReadonlyArray<{ readonly label: string; readonly entry: (form: string) => Record<string, unknown> }> = [
  { label: 'concepts[0].term', entry: (form) => ({ term: form }) },
  { label: 'concepts[0].aliases[1]', entry: (form) => ({ term: 'Bidi Term', aliases: ['Plain Alias', form] }) },
  { label: 'concepts[0].aliases[0].form', entry: (form) => ({ term: 'Bidi Term', aliases: [{ form, note: 'x' }] }) },
  { label: 'concepts[0].abbreviations[0]', entry: (form) => ({ term: 'Bidi Term', abbreviations: [form] }) },
  { label: 'concepts[0].deprecated[0].form', entry: (form) => ({ term: 'Bidi Term', deprecated: [{ form, reason: 'old' }] }) },
  { label: 'concepts[0].forbidden[0]', entry: (form) => ({ term: 'Bidi Term', forbidden: [form] }) },
  { label: 'concepts[0].related[0]', entry: (form) => ({ term: 'Bidi Term', related: [form] }) },
];

describe('invisible characters in glossary forms', () => {
  for (const [char, name] of INVISIBLE) {
    it(`rejects ${name} in every form field, in YAML and JSON`, () => {
      const form = `Bi${char}di Term`;
      for (const { label, entry } of FIELDS) {
        const flow = JSON.stringify(entry('FORM'));
        const json = JSON.stringify({ concepts: [entry(form)] });
        const texts: Array<readonly [string, string]> = [
          // YAML, with the character escaped and as it is.
          [`concepts:\n  - ${flow.replace('"FORM"', escaped(form))}\n`, YAML],
          [`concepts:\n  - ${flow.replace('"FORM"', JSON.stringify(form))}\n`, YAML],
          // JSON, escaped and as it is.
          [JSON.stringify({ concepts: [entry('FORM')] }).replace('"FORM"', escaped(form)), JSON_URI],
          [json, JSON_URI],
        ];
        for (const [text, uri] of texts) {
          const result = parseGlossaryText(text, uri);
          expect(result.concepts, `${label} in ${text}`).toEqual([]);
          expect(
            result.problems.map((p) => `${p.code} ${p.severity} ${p.message}`),
            `${label} in ${text}`,
          ).toEqual([`glossary.schema error ${label}: contains an invisible character ${name}`]);
          // Located at the offending value.
          const p = result.problems[0]!;
          expect(JSON.parse(text.slice(p.start, p.end)), `${label} in ${text}`).toBe(form);
        }
      }
    });
  }

  it('rejects an unpaired surrogate, in YAML and JSON', () => {
    for (const [text, uri] of [
      ['concepts:\n  - term: "Bidi \\uD800Term"\n', YAML],
      ['{"concepts":[{"term":"Bidi Term","aliases":["Bidi \\udc00Terms"]}]}', JSON_URI],
    ] as const) {
      const result = parseGlossaryText(text, uri);
      expect(result.concepts).toEqual([]);
      expect(result.problems.map((p) => p.message)).toEqual([
        expect.stringMatching(/^concepts\[0\]\.(term|aliases\[0\]): contains an unpaired surrogate U\+D[8C]00 /),
      ]);
    }
  });

  it('reports every offending form, and a file with one has no concepts', () => {
    const text =
      'concepts:\n  - term: Good Term\n  - term: Bidi Term\n    aliases: ["Bi\\u200Bdi Term", "Bidi\\u00ADTerm", Fine]\n    related: ["Good\\u202ETerm"]\n';
    const result = parseGlossaryText(text, YAML);
    expect(result.concepts).toEqual([]);
    expect(result.problems.map((p) => `${p.message} @ ${text.slice(p.start, p.end)}`)).toEqual([
      'concepts[1].aliases[0]: contains an invisible character U+200B (ZERO WIDTH SPACE) @ "Bi\\u200Bdi Term"',
      'concepts[1].aliases[1]: contains an invisible character U+00AD (SOFT HYPHEN) @ "Bidi\\u00ADTerm"',
      'concepts[1].related[0]: contains an invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) @ "Good\\u202ETerm"',
    ]);
  });

  it('reports at most 100 of them, then how many more', () => {
    const aliases = Array.from({ length: 150 }, (_, i) => `Alias\u200D Term ${i}`);
    const result = parseGlossaryText(JSON.stringify({ concepts: [{ term: 'Bidi Term', aliases }] }), JSON_URI);
    expect(result.problems).toHaveLength(101);
    // The count comes first, at the start of the file, as for other schema problems.
    expect(result.problems[0]!.message).toBe('50 more schema problems are not shown.');
    expect(result.problems[1]!.message).toBe('concepts[0].aliases[0]: contains an invisible character U+200D (ZERO WIDTH JOINER)');
    expect(result.problems.at(-1)!.message).toBe('concepts[0].aliases[99]: contains an invisible character U+200D (ZERO WIDTH JOINER)');
  });

  it('accepts joiners and variation selectors where scripts and emoji need them', () => {
    const forms = [
      'می\u200Cخواهم', // Persian: ZWNJ between Arabic letters
      'क्\u200Dष', // Devanagari: ZWJ after a virama
      '👩\u200D💻 Developer', // an emoji ZWJ sequence
      '👩🏽\u200D💻 Desk', // with a skin tone modifier
      '❤\uFE0F Index', // emoji presentation
      '葛\u{E0100} Fund', // an ideographic variation
      'Bidi Term', // nothing invisible
      'Tab\tSeparated Term', // whitespace controls are whitespace
      '\u0600123 Rate', // the Arabic number sign is visible
    ];
    const text = JSON.stringify({ concepts: forms.map((term) => ({ term })) });
    const result = parseGlossaryText(text, JSON_URI);
    expect(result.problems).toEqual([]);
    expect(result.concepts.map((c) => c.forms[0]!.text)).toEqual(forms);
  });

  it('accepts invisible characters in definitions, facets and areas, which rendering strips', () => {
    const result = parseGlossaryText(
      'concepts:\n  - term: Bidi Term\n    definitions: ["A def\\u200Binition\\u202E."]\n    facets: [{ name: "Fa\\u2066cet", text: "Te\\u00ADxt" }]\n    areas: ["Ar\\uFEFFea"]\n',
      YAML,
    );
    expect(result.problems).toEqual([]);
    const md = renderConceptHover(result.concepts[0]!);
    expect(findInvisible(md)).toBeUndefined();
    expect(md).toContain('A definition.');
    expect(md).toContain('#### Facet');
    expect(md).toContain('Text');
    expect(md).toContain('Areas: Area');
  });

  it('the JSON Schema rejects the common ones itself, with a message the loader replaces', () => {
    const formString = (schema.definitions as Record<string, { allOf?: Array<{ pattern: string; patternErrorMessage: string }> }>).formString!;
    const visible = formString.allOf![1]!;
    expect(visible.patternErrorMessage.startsWith(INVISIBLE_PATTERN_MESSAGE)).toBe(true);
    // Editors compile patterns without the `u` flag: the pattern must mean the same either way.
    const plain = new RegExp(visible.pattern);
    const unicode = new RegExp(visible.pattern, 'u');
    for (const c of [
      '\u200B',
      '\u200E',
      '\u200F',
      '\u061C',
      '\uFEFF',
      '\u00AD',
      '\u180E',
      '\u202A',
      '\u202E',
      '\u2060',
      '\u2064',
      '\u2066',
      '\u2069',
      '\u0000',
      '\u001F',
      '\u0085',
    ]) {
      expect(plain.test(`a${c}b`), `U+${c.charCodeAt(0).toString(16)}`).toBe(false);
      expect(unicode.test(`a${c}b`)).toBe(false);
    }
    for (const ok of ['Bidi Term', 'می\u200Cخواهم', '👩\u200D💻', 'Tab\tTerm', 'Ünïcödé Term']) {
      expect(plain.test(ok), ok).toBe(true);
      expect(unicode.test(ok), ok).toBe(true);
    }
    // Whatever the schema rejects, the loader names: every BMP character the pattern refuses is invisible.
    for (let c = 0; c <= 0xffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      if (!plain.test(`a${ch}b`)) expect(findInvisible(`a${ch}b`), `U+${c.toString(16)}`).toBeDefined();
    }
    // All three form shapes carry the pattern.
    for (const def of ['formString', 'formWithNote', 'formWithReason']) {
      const allOf = (schema.definitions as Record<string, { allOf?: Array<{ pattern?: string }> }>)[def]!.allOf!;
      expect(
        allOf.some((s) => s.pattern === visible.pattern),
        def,
      ).toBe(true);
    }
  });
});

describe('rendering strips invisible characters', () => {
  const concept: Concept = {
    id: 'bidi',
    kind: 'term',
    // Concepts given ready-made (not read from a file) may still carry them.
    forms: [
      { text: 'Bi\u200Bdi Term', status: 'preferred', type: 'fullForm' },
      { text: 'B\u200DT', status: 'admitted', type: 'abbreviation' },
      { text: 'Old\u00ADTerm', status: 'deprecated', type: 'variant', reason: 'Re\u2067ason' },
    ],
    senses: [{ text: 'Defi\u200Fnition \u202Egnirts\u202C with\uFEFF marks\u2060.', source: 'https://exa\u200Bmple.org/p\u200Bage', area: 'Ar\u061Cea' }],
    facets: [{ name: 'Na\u2068me', text: 'Fa\u2800cet te\u3164xt.' }],
    related: ['Rel\u200Eated'],
    areas: ['Are\u180Ea'],
  };

  it('in hovers: header, senses, sources, areas, forms, facets, related', () => {
    const md = renderConceptHover(concept, { misspelledAs: 'Bi\u200Bdy', matchedForm: concept.forms[2] });
    expect(findInvisible(md)).toBeUndefined();
    expect(md).toContain('**Bidi Term**');
    expect(md).toContain('"Bidy" looks like a misspelling');
    expect(md).toContain('"OldTerm" is deprecated: Reason');
    expect(md).toContain('Definition gnirts with marks.');
    expect(md).toContain('*Area*');
    expect(md).toContain('Abbreviations: BT');
    expect(md).toContain('Related: Related');
    expect(md).toContain('Areas: Area');
    expect(md).toContain('#### Name');
    expect(md).toContain('Facet text.');
  });

  it('in the hover of a document, and in one-line summaries', () => {
    const glossary = new CompiledGlossary([{ ...concept, forms: [{ text: 'Bidi Term', status: 'preferred', type: 'fullForm' }] }], dictionary);
    const text = 'See the Bidi Term here.';
    const md = computeHover(parse(text, 'markdown', glossary), text.indexOf('Bidi') + 1)!.markdown;
    expect(findInvisible(md)).toBeUndefined();
    expect(summarizeDefinition(concept)).toBe('Definition gnirts with marks.');
    expect(escapeMarkdown('a\u200Bb\u00ADc\uD800d')).toBe('abcd');
  });

  it('keeps joiners that scripts and emoji need', () => {
    expect(stripInvisible('می\u200Cخواهم 👩\u200D💻 ❤\uFE0F')).toBe('می\u200Cخواهم 👩\u200D💻 ❤\uFE0F');
    expect(stripInvisible('Bi\u200Ddi A\uFE0F')).toBe('Bidi A');
  });
});
