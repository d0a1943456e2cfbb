/**
 * Writing the glossary (`core/glossary/edit.ts`): each case is a file as people write it and a
 * change, and the whole text the edit must give. Every case also checks that the edit is the one
 * span it claims (bytes before and after it unchanged; an insertion replaces nothing) and that the
 * result reads as a glossary (or config) with no error, holding the change.
 */

import { describe, expect, test } from 'vitest';
import {
  applyTextEdits,
  capitalisedPhraseAt,
  editConfigText,
  editGlossaryText,
  editRefusal,
  guessExpansion,
  minimalEdit,
  newConfigFileText,
  newGlossaryFileText,
  type ConfigFormat,
  type EditResult,
  type FileFormat,
  type GlossaryChange,
} from '../../server/src/core/glossary/edit';
import { formKey, type ConceptEntry } from '../../server/src/core/glossary/format';
import { MAX_GLOSSARY_BYTES, parseGlossaryText } from '../../server/src/core/glossary/load';
import { preferredTerm } from '../../server/src/core/glossary/model';
import { parseProjectConfig } from '../../server/src/config/projectConfig';

const CLOB: ConceptEntry = { term: 'Central Limit Order Book', abbreviations: ['CLOB'] };
const addClob: GlossaryChange = { kind: 'addConcept', entry: CLOB };
const ENTRY_LINES = '  - term: Central Limit Order Book\n    abbreviations: [CLOB]\n';

/** The edit's result, checked: one span, bytes outside it unchanged, and an insertion unless `replaces`. */
function edited(text: string, result: EditResult, replaces = false): string {
  if (!result.ok) throw new Error(`refused: ${result.reason}`);
  expect(result.edits).toHaveLength(1);
  const [edit] = result.edits;
  const out = applyTextEdits(text, result.edits);
  expect(out).toBe(result.text);
  expect(out.slice(0, edit!.start)).toBe(text.slice(0, edit!.start));
  expect(out.slice(out.length - (text.length - edit!.end))).toBe(text.slice(edit!.end));
  if (!replaces) expect(edit!.end).toBe(edit!.start);
  return out;
}

/** The loaded glossary of `text` has no error and shows `change`. */
function holdsChange(text: string, format: FileFormat, change: GlossaryChange): void {
  const result = parseGlossaryText(text, format === 'json' ? 'file:///w/a.glossary.json' : 'file:///w/a.glossary.yaml');
  expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
  const term = change.kind === 'addConcept' ? change.entry.term : change.term;
  const concept = result.concepts.find((c) => formKey(preferredTerm(c)) === formKey(term));
  expect(concept, term).toBeDefined();
  if (change.kind === 'addForm') {
    const text = typeof change.form === 'string' ? change.form : change.form.form;
    const form = concept!.forms.find((f) => f.text === text);
    expect(form?.status).toBe(change.field === 'deprecated' ? 'deprecated' : 'admitted');
    if (change.field === 'abbreviations') expect(form?.type).toBe('abbreviation');
  } else if (change.kind === 'deprecateForm') {
    expect(concept!.forms.find((f) => formKey(f.text) === formKey(change.form))?.status).toBe('deprecated');
  }
}

interface Case {
  readonly name: string;
  readonly text: string;
  readonly change: GlossaryChange;
  readonly expected: string;
  readonly format?: FileFormat;
  /** The edit replaces text (rather than only inserting). */
  readonly replaces?: boolean;
}

const yamlConcepts: Case[] = [
  {
    name: 'a block list with comments: after the last entry, before the comment that closes the list',
    text: '# Desk glossary\nconcepts:\n  - term: Heston Model # stochastic volatility\n    aliases: [Heston]\n  - term: Funding Rate\n    definitions:\n      - The periodic payment between longs and shorts.\n  # more to come\nname: Desk\n',
    change: addClob,
    expected: `# Desk glossary\nconcepts:\n  - term: Heston Model # stochastic volatility\n    aliases: [Heston]\n  - term: Funding Rate\n    definitions:\n      - The periodic payment between longs and shorts.\n${ENTRY_LINES}  # more to come\nname: Desk\n`,
  },
  {
    name: 'a block list with its dashes at the key column',
    text: 'concepts:\n- term: Heston Model\n- term: Funding Rate\n',
    change: addClob,
    expected: 'concepts:\n- term: Heston Model\n- term: Funding Rate\n- term: Central Limit Order Book\n  abbreviations: [CLOB]\n',
  },
  {
    name: 'four-space indentation',
    text: 'concepts:\n    -   term: Heston Model\n        aliases: [Heston]\n',
    change: addClob,
    expected: 'concepts:\n    -   term: Heston Model\n        aliases: [Heston]\n    -   term: Central Limit Order Book\n        abbreviations: [CLOB]\n',
  },
  {
    name: 'an entry whose keys start on the line after its dash',
    text: 'concepts:\n  -\n    term: Heston Model\n',
    change: addClob,
    expected: `concepts:\n  -\n    term: Heston Model\n${ENTRY_LINES}`,
  },
  {
    name: 'a flow list on one line',
    text: 'concepts: [{term: Heston Model}, {term: Funding Rate}] # two for now\n',
    change: addClob,
    expected: 'concepts: [{term: Heston Model}, {term: Funding Rate}, {term: Central Limit Order Book, abbreviations: [CLOB]}] # two for now\n',
  },
  {
    name: 'a flow list written one entry a line',
    text: 'concepts: [\n  {term: Heston Model},\n  {term: Funding Rate}\n]\n',
    change: addClob,
    expected: 'concepts: [\n  {term: Heston Model},\n  {term: Funding Rate},\n  {term: Central Limit Order Book, abbreviations: [CLOB]}\n]\n',
  },
  {
    name: 'a flow list with a trailing comma',
    text: 'concepts: [{term: Heston Model},]\n',
    change: addClob,
    expected: 'concepts: [{term: Heston Model}, {term: Central Limit Order Book, abbreviations: [CLOB]},]\n',
  },
  {
    name: 'an empty `concepts: []` with a comment: a block list under the key, the comment kept',
    text: 'name: Desk\nconcepts: [] # none yet\n',
    change: addClob,
    expected: `name: Desk\nconcepts: # none yet\n${ENTRY_LINES}`,
    replaces: true,
  },
  {
    name: 'CRLF line breaks',
    text: '# Desk\r\nconcepts:\r\n  - term: Heston Model\r\n',
    change: addClob,
    expected: '# Desk\r\nconcepts:\r\n  - term: Heston Model\r\n  - term: Central Limit Order Book\r\n    abbreviations: [CLOB]\r\n',
  },
  {
    name: 'a byte-order mark',
    text: '\uFEFFconcepts:\n  - term: Heston Model\n',
    change: addClob,
    expected: `\uFEFFconcepts:\n  - term: Heston Model\n${ENTRY_LINES}`,
  },
  {
    name: 'no line break at the end: none after the new entry either',
    text: 'concepts:\n  - term: Heston Model',
    change: addClob,
    expected: 'concepts:\n  - term: Heston Model\n  - term: Central Limit Order Book\n    abbreviations: [CLOB]',
  },
  {
    name: 'entries with anchors and a merge key',
    text: 'concepts:\n  - &model\n    term: Heston Model\n    areas: [Options]\n  - <<: *model\n    term: SABR Model\n',
    change: addClob,
    expected: `concepts:\n  - &model\n    term: Heston Model\n    areas: [Options]\n  - <<: *model\n    term: SABR Model\n${ENTRY_LINES}`,
  },
  {
    name: 'an empty file',
    text: '',
    change: addClob,
    expected: `concepts:\n${ENTRY_LINES}`,
  },
  {
    name: 'a file of comments only, without a final line break',
    text: '# Desk glossary',
    change: addClob,
    expected: '# Desk glossary\nconcepts:\n  - term: Central Limit Order Book\n    abbreviations: [CLOB]',
  },
  {
    name: 'a comment line above the entry, and values that need quotes',
    text: 'concepts:\n  - term: Heston Model\n',
    change: {
      kind: 'addConcept',
      entry: { term: 'Yes: No', aliases: ['a, b', 'true'], definitions: ['TODO: what YN stands for'] },
      comment: 'added by termlens',
    },
    expected:
      'concepts:\n  - term: Heston Model\n  # added by termlens\n  - term: "Yes: No"\n    aliases: ["a, b", "true"]\n    definitions: ["TODO: what YN stands for"]\n',
  },
];

const yamlForms: Case[] = [
  {
    name: 'an alias into a flow list, quoted as YAML needs',
    text: 'concepts:\n  - term: Heston Model\n    aliases: [Heston, Heston SV Model] # common\n',
    change: { kind: 'addForm', term: 'heston model', field: 'aliases', form: 'Heston: SV' },
    expected: 'concepts:\n  - term: Heston Model\n    aliases: [Heston, Heston SV Model, "Heston: SV"] # common\n',
  },
  {
    name: 'an alias into a block list',
    text: 'concepts:\n  - term: Heston Model\n    aliases:\n      - Heston\n      - { form: Heston SV, note: informal }\n    definitions: [Stochastic volatility.]\n',
    change: { kind: 'addForm', term: 'Heston Model', field: 'aliases', form: 'Hesten Model' },
    expected:
      'concepts:\n  - term: Heston Model\n    aliases:\n      - Heston\n      - { form: Heston SV, note: informal }\n      - Hesten Model\n    definitions: [Stochastic volatility.]\n',
  },
  {
    name: 'into an empty flow list',
    text: 'concepts:\n  - term: Heston Model\n    aliases: []\n',
    change: { kind: 'addForm', term: 'Heston Model', field: 'aliases', form: 'Heston' },
    expected: 'concepts:\n  - term: Heston Model\n    aliases: [Heston]\n',
  },
  {
    name: 'a new abbreviations list, after the aliases',
    text: 'concepts:\n  - term: Central Limit Order Book\n    aliases: [Order Book]\n    definitions: [Bids and offers by price.]\n  - term: Heston Model\n',
    change: { kind: 'addForm', term: 'Central Limit Order Book', field: 'abbreviations', form: 'CLOB' },
    expected:
      'concepts:\n  - term: Central Limit Order Book\n    aliases: [Order Book]\n    abbreviations: [CLOB]\n    definitions: [Bids and offers by price.]\n  - term: Heston Model\n',
  },
  {
    name: 'a new aliases list right after the term, with CRLF',
    text: 'concepts:\r\n  - term: Heston Model\r\n    definitions: [Stochastic volatility.]\r\n',
    change: { kind: 'addForm', term: 'Heston Model', field: 'aliases', form: 'Hesten Model' },
    expected: 'concepts:\r\n  - term: Heston Model\r\n    aliases: [Hesten Model]\r\n    definitions: [Stochastic volatility.]\r\n',
  },
  {
    name: 'a flow-map entry',
    text: 'concepts:\n  - { term: Heston Model, definitions: [Stochastic volatility.] }\n',
    change: { kind: 'addForm', term: 'Heston Model', field: 'aliases', form: 'Heston' },
    expected: 'concepts:\n  - { term: Heston Model, aliases: [Heston], definitions: [Stochastic volatility.] }\n',
  },
  {
    name: 'a case-sensitive variant of the term',
    text: 'concepts:\n  - term: Black-Scholes Model\n',
    change: { kind: 'addForm', term: 'Black-Scholes Model', field: 'aliases', form: { form: 'Black Scholes model', caseSensitive: true } },
    expected: 'concepts:\n  - term: Black-Scholes Model\n    aliases: [{form: Black Scholes model, caseSensitive: true}]\n',
  },
  {
    name: 'a deprecated form into an existing block list, in an entry with an anchor',
    text: 'concepts:\n  - &h\n    term: Heston Model\n    deprecated:\n      - { form: Heston SV, reason: ambiguous }\n',
    change: { kind: 'addForm', term: 'Heston Model', field: 'deprecated', form: 'Hesten Model' },
    expected: 'concepts:\n  - &h\n    term: Heston Model\n    deprecated:\n      - { form: Heston SV, reason: ambiguous }\n      - Hesten Model\n',
  },
  {
    name: 'the last entry of a file without a final line break',
    text: 'concepts:\n  - term: Heston Model\n    aliases: [Heston]',
    change: { kind: 'addForm', term: 'Heston Model', field: 'abbreviations', form: 'HM' },
    expected: 'concepts:\n  - term: Heston Model\n    aliases: [Heston]\n    abbreviations: [HM]',
  },
  {
    name: 'deprecating one alias of a flow list',
    text: 'concepts:\n  - term: Black-Scholes-Merton Model\n    aliases: [Black-Scholes Model, Black-Scholes, BSM Model]\n',
    change: { kind: 'deprecateForm', term: 'Black-Scholes-Merton Model', form: 'black scholes' },
    expected: 'concepts:\n  - term: Black-Scholes-Merton Model\n    aliases: [Black-Scholes Model, BSM Model]\n    deprecated: [Black-Scholes]\n',
    replaces: true,
  },
  {
    name: 'deprecating the only alias of a block list: an empty list is left, with its comment',
    text: 'concepts:\n  - term: Heston Model\n    aliases: # one\n      - Heston\n    deprecated:\n      - Hesten\n    definitions: [Stochastic volatility.]\n',
    change: { kind: 'deprecateForm', term: 'Heston Model', form: 'Heston', reason: 'Too short' },
    expected:
      'concepts:\n  - term: Heston Model\n    aliases: [] # one\n    deprecated:\n      - Hesten\n      - {form: Heston, reason: Too short}\n    definitions: [Stochastic volatility.]\n',
    replaces: true,
  },
];

const jsonCases: Case[] = [
  {
    name: 'JSON: a concept at the end of concepts, two-space indentation',
    format: 'json',
    text: '{\n  "name": "Desk",\n  "concepts": [\n    {\n      "term": "Heston Model",\n      "aliases": ["Heston"]\n    }\n  ]\n}\n',
    change: addClob,
    expected:
      '{\n  "name": "Desk",\n  "concepts": [\n    {\n      "term": "Heston Model",\n      "aliases": ["Heston"]\n    },\n    {\n      "term": "Central Limit Order Book",\n      "abbreviations": [\n        "CLOB"\n      ]\n    }\n  ]\n}\n',
  },
  {
    name: 'JSON: tabs',
    format: 'json',
    text: '{\n\t"concepts": [\n\t\t{\n\t\t\t"term": "Heston Model"\n\t\t}\n\t]\n}\n',
    change: { kind: 'addConcept', entry: { term: 'Funding Rate' } },
    expected: '{\n\t"concepts": [\n\t\t{\n\t\t\t"term": "Heston Model"\n\t\t},\n\t\t{\n\t\t\t"term": "Funding Rate"\n\t\t}\n\t]\n}\n',
  },
  {
    name: 'JSON: a form into an existing array, kept on its line',
    format: 'json',
    text: '{\n  "concepts": [\n    { "term": "Heston Model", "aliases": ["Heston", "Heston SV"] }\n  ]\n}\n',
    change: { kind: 'addForm', term: 'Heston Model', field: 'aliases', form: 'Hesten Model' },
    expected: '{\n  "concepts": [\n    { "term": "Heston Model", "aliases": ["Heston", "Heston SV", "Hesten Model"] }\n  ]\n}\n',
  },
  {
    name: 'JSON: a new property after the term, CRLF',
    format: 'json',
    text: '{\r\n  "concepts": [\r\n    {\r\n      "term": "Heston Model",\r\n      "definitions": ["Stochastic volatility."]\r\n    }\r\n  ]\r\n}\r\n',
    change: { kind: 'addForm', term: 'Heston Model', field: 'deprecated', form: 'Hesten Model' },
    expected:
      '{\r\n  "concepts": [\r\n    {\r\n      "term": "Heston Model",\r\n      "deprecated": ["Hesten Model"],\r\n      "definitions": ["Stochastic volatility."]\r\n    }\r\n  ]\r\n}\r\n',
  },
  {
    name: 'JSON: deprecating an alias',
    format: 'json',
    text: '{\n  "concepts": [\n    {\n      "term": "Heston Model",\n      "aliases": ["Heston", "Heston SV"]\n    }\n  ]\n}\n',
    change: { kind: 'deprecateForm', term: 'Heston Model', form: 'Heston' },
    expected: '{\n  "concepts": [\n    {\n      "term": "Heston Model",\n      "aliases": ["Heston SV"],\n      "deprecated": ["Heston"]\n    }\n  ]\n}\n',
    replaces: true,
  },
];

describe('editGlossaryText', () => {
  for (const c of [...yamlConcepts, ...yamlForms, ...jsonCases]) {
    test(c.name, () => {
      const format = c.format ?? 'yaml';
      const out = edited(c.text, editGlossaryText(c.text, format, c.change), c.replaces);
      expect(out).toBe(c.expected);
      holdsChange(out, format, c.change);
    });
  }

  const refusals: { name: string; text: string; change: GlossaryChange; reason: RegExp; format?: FileFormat }[] = [
    { name: 'a file with a syntax error', text: 'concepts:\n  - term: [Heston\n', change: addClob, reason: /not valid YAML/ },
    { name: 'a file with a schema error', text: 'concepts:\n  - trem: Heston Model\n', change: addClob, reason: /has errors.*term/ },
    { name: 'a concept already there', text: 'concepts:\n  - term: central limit order book\n', change: addClob, reason: /already has/ },
    {
      name: 'a form already there, written otherwise',
      text: 'concepts:\n  - term: Heston Model\n    aliases: [Hesten-Model]\n',
      change: { kind: 'addForm', term: 'Heston Model', field: 'deprecated', form: 'hesten model' },
      reason: /already in the entry/,
    },
    {
      name: 'the term itself',
      text: 'concepts:\n  - term: Heston Model\n',
      change: { kind: 'addForm', term: 'Heston Model', field: 'aliases', form: 'heston model' },
      reason: /is the term/,
    },
    {
      name: 'no such entry',
      text: 'concepts:\n  - term: Heston Model\n',
      change: { kind: 'addForm', term: 'SABR', field: 'aliases', form: 'x' },
      reason: /no entry "SABR"/,
    },
    {
      name: 'aliases that come from a merge key',
      text: 'concepts:\n  - &m\n    term: Heston Model\n    definitions: [d]\n  - <<: *m\n    term: SABR Model\n',
      change: { kind: 'addForm', term: 'SABR Model', field: 'definitions' as never, form: 'x' },
      reason: /merge key/,
    },
    {
      name: 'an entry written as an alias of another',
      text: 'concepts:\n  - &m { term: Heston Model }\n  - *m\n',
      change: { kind: 'addForm', term: 'Heston Model', field: 'aliases', form: 'x' },
      reason: /has errors|alias/,
    },
    {
      name: 'deprecating a form that is not admitted',
      text: 'concepts:\n  - term: Heston Model\n',
      change: { kind: 'deprecateForm', term: 'Heston Model', form: 'Heston' },
      reason: /not an alias/,
    },
    { name: 'a change to an empty file', text: '# nothing yet\n', change: { kind: 'addForm', term: 'A', field: 'aliases', form: 'x' }, reason: /no concepts/ },
    { name: 'JSON with a syntax error', format: 'json', text: '{"concepts": [', change: addClob, reason: /not valid JSON/ },
    { name: 'a file over the size limit', text: ' '.repeat(MAX_GLOSSARY_BYTES + 1), change: addClob, reason: /larger than 50 MB/ },
  ];
  for (const r of refusals) {
    test(`refuses ${r.name}`, () => {
      const result = editGlossaryText(r.text, r.format ?? 'yaml', r.change);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(r.reason);
    });
  }

  test('a new glossary file reads cleanly', () => {
    const text = newGlossaryFileText({ term: 'CLOB', definitions: ['TODO: what CLOB stands for'] }, 'yaml', 'Glossary of this project.');
    expect(text).toBe('# Glossary of this project.\nconcepts:\n  - term: CLOB\n    definitions: ["TODO: what CLOB stands for"]\n');
    expect(parseGlossaryText(text, 'file:///w/project.glossary.yaml').concepts.map(preferredTerm)).toEqual(['CLOB']);
    const json = newGlossaryFileText(CLOB, 'json');
    expect(parseGlossaryText(json, 'file:///w/project.glossary.json').concepts.map(preferredTerm)).toEqual(['Central Limit Order Book']);
  });

  test('minimalEdit is the one span between the common prefix and suffix', () => {
    expect(minimalEdit('abcdef', 'abXYef')).toEqual({ start: 2, end: 4, newText: 'XY' });
    expect(minimalEdit('aaa', 'aaaa')).toEqual({ start: 3, end: 3, newText: 'a' });
  });
});

describe('editConfigText (knownAcronyms)', () => {
  const cases: { name: string; format: ConfigFormat; text: string; expected: string; path?: string }[] = [
    {
      name: 'a flow list with aligned comments above',
      format: 'yaml',
      text: 'ignore:\n  - test/          # on purpose\n  - examples/      # demo\nknownAcronyms: [LSP, IPC]\n',
      expected: 'ignore:\n  - test/          # on purpose\n  - examples/      # demo\nknownAcronyms: [LSP, IPC, CLOB]\n',
    },
    {
      name: 'a block list',
      format: 'yaml',
      text: 'knownAcronyms:\n  - LSP\n  - IPC\nrules:\n  term.variant: error\n',
      expected: 'knownAcronyms:\n  - LSP\n  - IPC\n  - CLOB\nrules:\n  term.variant: error\n',
    },
    { name: 'no list yet', format: 'yaml', text: 'rules:\n  term.variant: error\n', expected: 'rules:\n  term.variant: error\nknownAcronyms: [CLOB]\n' },
    {
      name: 'no list yet, CRLF, no final line break',
      format: 'yaml',
      text: 'rules:\r\n  term.variant: error',
      expected: 'rules:\r\n  term.variant: error\r\nknownAcronyms: [CLOB]',
    },
    { name: 'an empty file', format: 'yaml', text: '', expected: 'knownAcronyms: [CLOB]\n' },
    {
      name: 'JSON',
      format: 'json',
      path: '/w/termlens.config.json',
      text: '{\n  "knownAcronyms": ["LSP"]\n}\n',
      expected: '{\n  "knownAcronyms": ["LSP", "CLOB"]\n}\n',
    },
    {
      name: 'JSON without the list',
      format: 'json',
      path: '/w/termlens.config.json',
      text: '{\n  "rules": {}\n}\n',
      expected: '{\n  "rules": {},\n  "knownAcronyms": [\n    "CLOB"\n  ]\n}\n',
    },
    {
      name: 'package.json',
      format: 'package.json',
      path: '/w/package.json',
      text: '{\n  "name": "notes",\n  "termlens": {\n    "knownAcronyms": ["LSP"]\n  }\n}\n',
      expected: '{\n  "name": "notes",\n  "termlens": {\n    "knownAcronyms": ["LSP", "CLOB"]\n  }\n}\n',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const out = edited(c.text, editConfigText(c.text, c.format, 'CLOB'));
      expect(out).toBe(c.expected);
      const parsed = parseProjectConfig(out, c.path ?? '/w/termlens.config.yaml');
      expect(parsed.problems).toEqual([]);
      expect(parsed.config?.settings.knownAcronyms).toContain('CLOB');
    });
  }

  test('refuses what knownAcronyms does not accept, and an acronym already there', () => {
    expect(editConfigText('', 'yaml', 'clob').ok).toBe(false);
    expect(editConfigText('', 'yaml', 'ABCDEFGHIJKL').ok).toBe(false);
    const again = editConfigText('knownAcronyms: [CLOB]\n', 'yaml', 'CLOB');
    expect(again.ok ? '' : again.reason).toMatch(/already/);
    expect(editConfigText('knownAcronyms: CLOB\n', 'yaml', 'LP').ok).toBe(false);
  });

  test('a new config file reads cleanly', () => {
    expect(parseProjectConfig(newConfigFileText('CLOB'), '/w/termlens.config.yaml').config?.settings.knownAcronyms).toEqual(['CLOB']);
  });
});

describe('editRefusal', () => {
  const inside = { uri: 'file:///w/project.glossary.yaml', insideWorkspace: true, realPathInsideWorkspace: true, trusted: true };
  test.each([
    ['a workspace file', inside, undefined],
    ['the bundled glossary', { ...inside, layer: 'bundled' as const }, /bundled/],
    ['a file outside the workspace', { ...inside, uri: 'file:///elsewhere/a.glossary.yaml', insideWorkspace: false }, /outside the workspace/],
    ['a symlink out of a trusted workspace', { ...inside, realPathInsideWorkspace: false }, /symlink/],
    ['a symlink out of an untrusted workspace', { ...inside, realPathInsideWorkspace: false, trusted: false }, /not trusted/],
    ['a workspace file in an untrusted workspace', { ...inside, trusted: false }, undefined],
    ['a virtual file', { ...inside, uri: 'vscode-vfs://github/a.glossary.yaml' }, /on disk/],
  ])('%s', (_name, target, reason) => {
    const result = editRefusal(target);
    if (reason === undefined) expect(result).toBeUndefined();
    else expect(result).toMatch(reason);
  });
});

describe('guessExpansion', () => {
  test.each([
    [
      'a capitalised phrase on another line of the paragraph',
      'Orders rest in the Central Limit Order Book.\nThe |CLOB matches them by price.',
      'CLOB',
      'Central Limit Order Book',
    ],
    ['a phrase in lower case', 'A liquidity provider earns the spread.\nEvery |LP takes inventory risk.', 'LP', 'liquidity provider'],
    [
      'small words without a letter',
      'Rules come from the Bank for International Settlements.\nThe |BIS sets them.',
      'BIS',
      'Bank for International Settlements',
    ],
    ['hyphenated words', 'Trades done over-the-counter\nare bilateral: |OTC trades.', 'OTC', 'over-the-counter'],
    [
      'capitalised beats nearer lower case',
      'See the Automated Market Maker docs.\nan annual maintenance meeting\nEach |AMM prices by formula.',
      'AMM',
      'Automated Market Maker',
    ],
    ['not in another paragraph', 'The Central Limit Order Book.\n\nThe |CLOB matches orders.', 'CLOB', undefined],
    ['nothing spells it', 'The |CLOB matches orders.', 'CLOB', undefined],
    ['another abbreviation does not spell it', 'Use the CLOB API here.\nThe |CA is new.', 'CA', undefined],
  ])('%s', (_name, marked, key, expected) => {
    const offset = marked.indexOf('|');
    expect(guessExpansion(marked.replace('|', ''), key, offset)).toBe(expected);
  });
});

describe('capitalisedPhraseAt', () => {
  test.each([
    ['a name inside a sentence', 'We launched the Liquidity Mi|ning Program last week.', 'Liquidity Mining Program'],
    ['without the sentence-initial article', 'The Uniswap Back|end settles trades.', 'Uniswap Backend'],
    ['with a small word inside', 'The Bank for International Settle|ments sets rules.', 'Bank for International Settlements'],
    ['an ordinary word that opens the sentence is left out', 'Rules of the Bank for International Settle|ments apply.', 'Bank for International Settlements'],
    ['one capitalised word is not a phrase', 'We trade on Bin|ance daily.', undefined],
    ['a word in lower case', 'We trade on the order bo|ok daily.', undefined],
    ['a heading in capitals', 'RISK LIM|ITS AND MARGIN', undefined],
  ])('%s', (_name, marked, expected) => {
    const offset = marked.indexOf('|');
    const english = new Set(['rules', 'we', 'trade', 'bank']);
    expect(capitalisedPhraseAt(marked.replace('|', ''), offset, 0, marked.length - 1, (w) => english.has(w))?.text).toBe(expected);
  });
});
