/**
 * Rename of a glossary entry's preferred term in its file: the minimal edit (every other byte
 * unchanged), the old term kept as a deprecated form, `related` entries naming it updated, YAML
 * in block and flow style, quoted terms, JSON, CRLF; and refusals when the file is broken.
 */

import { describe, expect, it } from 'vitest';
import { applyOffsetEdits, renameEntry } from '../../server/src/core/features/rename';

/** The file after renaming the entry whose term is `oldTerm` (its first appearance after `term:` or `"term":`). */
function renamedFile(text: string, oldTerm: string, newTerm: string, uri = 'file:///ws/terms.glossary.yaml'): string {
  const termStart = Math.max(text.search(new RegExp(`term: ['"]?${oldTerm}`)), text.search(new RegExp(`"term": "${oldTerm}`)));
  const at = text.indexOf(oldTerm, termStart) - (/['"]/.test(text[text.indexOf(oldTerm, termStart) - 1]!) ? 1 : 0);
  const result = renameEntry({ uri, text, termStart: at, oldTerm, newTerm });
  if ('error' in result) throw new Error(result.error);
  return applyOffsetEdits(text, result.edits);
}

describe('renaming a YAML entry', () => {
  it.each<[string, string, string, string]>([
    [
      'a block entry gets a deprecated list after its forms',
      'concepts:\n  - term: Heston Model # classic\n    abbreviations: [HM]\n    definitions:\n      - A model.\n',
      'Rough Heston Model',
      'concepts:\n  - term: Rough Heston Model # classic\n    abbreviations: [HM]\n    deprecated: [Heston Model]\n    definitions:\n      - A model.\n',
    ],
    [
      'an entry with only a term',
      'concepts:\n  - term: Heston Model\n  - term: SABR Model\n',
      'Rough Heston Model',
      'concepts:\n  - term: Rough Heston Model\n    deprecated: [Heston Model]\n  - term: SABR Model\n',
    ],
    [
      'a block deprecated list gets an item',
      'concepts:\n  - term: Heston Model\n    deprecated:\n      - Heston-Nandi\n      - form: Hestons model\n        reason: possessive\n    definitions: [A model.]\n',
      'Rough Heston Model',
      'concepts:\n  - term: Rough Heston Model\n    deprecated:\n      - Heston-Nandi\n      - form: Hestons model\n        reason: possessive\n      - Heston Model\n    definitions: [A model.]\n',
    ],
    [
      'a flow deprecated list gets an item',
      'concepts:\n  - term: Heston Model\n    deprecated: [Heston-Nandi]\n',
      'Rough Heston Model',
      'concepts:\n  - term: Rough Heston Model\n    deprecated: [Heston-Nandi, Heston Model]\n',
    ],
    [
      'an empty flow deprecated list gets an item',
      'concepts:\n  - term: Heston Model\n    deprecated: []\n',
      'Rough Heston Model',
      'concepts:\n  - term: Rough Heston Model\n    deprecated: [Heston Model]\n',
    ],
    [
      'a flow entry',
      'concepts:\n  - { term: Heston Model, aliases: [Heston] }\n',
      'Rough Heston Model',
      'concepts:\n  - { term: Rough Heston Model, aliases: [Heston], deprecated: [Heston Model] }\n',
    ],
    [
      'a quoted term keeps its quotes',
      "concepts:\n  - term: 'Heston Model'\n",
      "Heston's Rough Model",
      "concepts:\n  - term: 'Heston''s Rough Model'\n    deprecated: [Heston Model]\n",
    ],
    [
      'a new term YAML would misread is quoted',
      'concepts:\n  - term: Heston Model\n',
      'Heston: rough',
      'concepts:\n  - term: "Heston: rough"\n    deprecated: [Heston Model]\n',
    ],
    [
      'related entries naming the old term follow it',
      'concepts:\n  - term: Heston Model\n  - term: SABR Model\n    related: [heston model, Black-Scholes]\n  - term: Vanna\n    related:\n      - "Heston Model"\n',
      'Rough Heston Model',
      'concepts:\n  - term: Rough Heston Model\n    deprecated: [Heston Model]\n  - term: SABR Model\n    related: [Rough Heston Model, Black-Scholes]\n  - term: Vanna\n    related:\n      - "Rough Heston Model"\n',
    ],
    ['a new case of the same term deprecates nothing', 'concepts:\n  - term: Heston Model\n', 'Heston model', 'concepts:\n  - term: Heston model\n'],
    [
      'CRLF line endings stay',
      'concepts:\r\n  - term: Heston Model\r\n    aliases: [Heston]\r\n',
      'Rough Heston Model',
      'concepts:\r\n  - term: Rough Heston Model\r\n    aliases: [Heston]\r\n    deprecated: [Heston Model]\r\n',
    ],
    [
      'comments and odd spacing elsewhere stay',
      '# top\nconcepts:   # list\n\n  - term:   Heston Model\n    # forms follow\n    aliases:\n      - Heston\n\n  # next\n  - term: SABR Model\n',
      'Rough Heston Model',
      '# top\nconcepts:   # list\n\n  - term:   Rough Heston Model\n    # forms follow\n    aliases:\n      - Heston\n    deprecated: [Heston Model]\n\n  # next\n  - term: SABR Model\n',
    ],
  ])('%s', (_what, text, newTerm, expected) => {
    expect(renamedFile(text, 'Heston Model', newTerm)).toBe(expected);
  });
});

describe('renaming a JSON entry', () => {
  it('edits the term and appends to or adds the deprecated list', () => {
    const text = '{\n  "concepts": [\n    { "term": "Heston Model", "deprecated": ["Heston-Nandi"] },\n    {\n      "term": "SABR Model"\n    }\n  ]\n}\n';
    const uri = 'file:///ws/terms.glossary.json';
    expect(renamedFile(text, 'Heston Model', 'Rough Heston Model', uri)).toBe(
      '{\n  "concepts": [\n    { "term": "Rough Heston Model", "deprecated": ["Heston-Nandi", "Heston Model"] },\n    {\n      "term": "SABR Model"\n    }\n  ]\n}\n',
    );
    expect(renamedFile(text, 'SABR Model', 'SABR Volatility Model', uri)).toBe(
      '{\n  "concepts": [\n    { "term": "Heston Model", "deprecated": ["Heston-Nandi"] },\n    {\n      "term": "SABR Volatility Model",\n      "deprecated": ["SABR Model"]\n    }\n  ]\n}\n',
    );
  });
});

describe('refusals', () => {
  it('refuses while the file has errors', () => {
    const text = 'concepts:\n  - term: Heston Model\n    aliases: [unclosed\n';
    const result = renameEntry({ uri: 'file:///ws/terms.glossary.yaml', text, termStart: text.indexOf('Heston'), oldTerm: 'Heston Model', newTerm: 'Rough' });
    expect('error' in result && result.error).toMatch(/terms\.glossary\.yaml has errors/);
  });

  it('refuses when the entry is not where the term was read (the file changed)', () => {
    const text = 'concepts:\n  - term: Heston Model\n';
    const result = renameEntry({ uri: 'file:///ws/terms.glossary.yaml', text, termStart: 3, oldTerm: 'Heston Model', newTerm: 'Rough' });
    expect('error' in result && result.error).toMatch(/was not found/);
  });

  it('refuses when deprecated is not a list', () => {
    const text = 'concepts:\n  - term: Heston Model\n    deprecated: Heston-Nandi\n';
    const result = renameEntry({ uri: 'file:///ws/terms.glossary.yaml', text, termStart: text.indexOf('Heston'), oldTerm: 'Heston Model', newTerm: 'Rough' });
    expect('error' in result && result.error).toMatch(/not a list|has errors/);
  });
});
