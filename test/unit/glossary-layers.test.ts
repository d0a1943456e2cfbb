import { describe, expect, test } from 'vitest';
import { mergeLayers } from '../../server/src/core/glossary/layers';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { preferredTerm, type Concept } from '../../server/src/core/glossary/model';
import { GlossaryStore } from '../../server/src/core/glossary/store';

/** `line:col` (one-based) of a zero-based offset. */
function at(text: string, offset: number): string {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return `${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/** A concept as `Term [form, form]` (non-preferred forms only). */
function show(c: Concept): string {
  return `${preferredTerm(c)} [${c.forms
    .slice(1)
    .map((f) => f.text)
    .join(', ')}]`;
}

const BUNDLED = `concepts:
  - term: Black-Scholes-Merton Model
    aliases: [Black-Scholes Model]
    abbreviations: [BSM]
    definitions: [Bundled definition.]
  - term: Heston Model
`;
const uri = (name: string): string => `file:///w/${name}.glossary.yaml`;
const read = (name: string, text: string) => parseGlossaryText(text, uri(name));

describe('mergeLayers', () => {
  test('a later concept with the same preferred term overrides; others are added', () => {
    const merged = mergeLayers([
      read('bundled', BUNDLED),
      read('team', 'concepts:\n  - term: black scholes merton model\n    abbreviations: [BSM]\n    definitions: [Ours.]\n  - term: Vega\n'),
    ]);
    expect(merged.problems).toEqual([]);
    expect(merged.concepts.map(show)).toEqual(['Heston Model []', 'black scholes merton model [BSM]', 'Vega []']);
    expect(merged.concepts[1]?.senses).toEqual([{ text: 'Ours.' }]);
    expect(merged.concepts[1]?.origin?.uri).toBe(uri('team'));
  });

  test('an alias claimed by a concept of another file is an error there and dropped', () => {
    const team = 'concepts:\n  - term: Black Scholes Merton Formula\n    aliases: [Black scholes model]\n    deprecated: [bsm]\n';
    const merged = mergeLayers([read('bundled', BUNDLED), read('team', team)]);
    expect(merged.concepts.map(show)).toEqual(['Black-Scholes-Merton Model [Black-Scholes Model, BSM]', 'Heston Model []', 'Black Scholes Merton Formula []']);
    expect(merged.problems.map((p) => `${p.severity} ${p.uri} ${at(team, p.start)}-${at(team, p.end)} ${p.message}`)).toEqual([
      `error ${uri('team')} 3:15-3:34 Alias "Black scholes model" of "Black Scholes Merton Formula" is already an alias of "Black-Scholes-Merton Model" (bundled.glossary.yaml:2); it is ignored here.`,
      `warning ${uri('team')} 4:18-4:21 Deprecated form "bsm" of "Black Scholes Merton Formula" is already an abbreviation of "Black-Scholes-Merton Model" (bundled.glossary.yaml:2); it is ignored here.`,
    ]);
  });

  test('a later preferred term taking an earlier alias wins, with a warning at the later term', () => {
    const team = 'concepts:\n  - term: BSM\n';
    const merged = mergeLayers([read('bundled', BUNDLED), read('team', team)]);
    expect(merged.concepts.map(show)).toEqual(['Black-Scholes-Merton Model [Black-Scholes Model]', 'Heston Model []', 'BSM []']);
    expect(merged.problems.map((p) => `${p.severity} ${p.uri} ${at(team, p.start)} ${p.message}`)).toEqual([
      `warning ${uri('team')} 2:11 "BSM" is also an abbreviation of "Black-Scholes-Merton Model" (bundled.glossary.yaml:2); it now names this concept only.`,
    ]);
  });

  test('an alias of an earlier file matching a later preferred term is dropped from the earlier concept', () => {
    const merged = mergeLayers([read('a', 'concepts:\n  - term: Vega\n    aliases: [Volga]\n'), read('b', 'concepts:\n  - term: Volga\n')]);
    expect(merged.concepts.map(show)).toEqual(['Vega []', 'Volga []']);
    expect(merged.problems.map((p) => [p.uri, p.severity])).toEqual([[uri('b'), 'warning']]);
  });

  test('the bundled glossary is named as such', () => {
    const bundled = parseGlossaryText(BUNDLED, 'bundled:glossary');
    const merged = mergeLayers([bundled, read('team', 'concepts:\n  - term: Other\n    abbreviations: [BSM]\n')]);
    expect(merged.problems[0]?.message).toContain('(bundled glossary:2)');
  });
});

describe('GlossaryStore', () => {
  const terms = (store: GlossaryStore): string[] => store.snapshot().concepts.map((c) => preferredTerm(c));

  test('layers: bundled, then workspace by URI, then settings in the given order', () => {
    const store = new GlossaryStore({ bundled: parseGlossaryText('concepts:\n  - term: Vega\n    definitions: [bundled]\n', 'bundled:x') });
    store.setFile(uri('s1'), 'concepts:\n  - term: vega\n    definitions: [s1]\n', 'settings');
    store.setFile(uri('s2'), 'concepts:\n  - term: VEGA\n    definitions: [s2]\n', 'settings');
    store.setFile(uri('w2'), 'concepts:\n  - term: Vega\n    definitions: [w2]\n  - term: Theta\n', 'workspace');
    store.setFile(uri('w1'), 'concepts:\n  - term: Vega\n    definitions: [w1]\n', 'workspace');
    const sense = (): string | undefined => store.snapshot().concepts.find((c) => c.id === 'vega')?.senses[0]?.text;
    expect(sense()).toBe('s2');
    expect(store.snapshot().files.map((f) => f.uri)).toEqual(['bundled:x', uri('w1'), uri('w2'), uri('s1'), uri('s2')]);
    expect(store.setSettingsFiles([uri('s2'), uri('s1')])).toBe(true);
    expect(sense()).toBe('s1');
    store.deleteFile(uri('s1'));
    store.deleteFile(uri('s2'));
    expect(sense()).toBe('w2');
    expect(terms(store)).toEqual(['Vega', 'Theta']);
  });

  test('a broken edit keeps serving the last good concepts with the current problems', () => {
    const store = new GlossaryStore();
    store.setFile(uri('a'), 'concepts:\n  - term: Vega\n', 'workspace');
    const good = store.snapshot();
    expect(good.problems).toEqual([]);

    store.setFile(uri('a'), 'concepts:\n  - term: Vega\n  - trem: Theta\n', 'workspace');
    const broken = store.snapshot();
    expect(broken.version).toBeGreaterThan(good.version);
    expect(terms(store)).toEqual(['Vega']);
    expect(broken.problems.map((p) => p.message)).toEqual([
      'concepts[1]: missing required field "term"',
      'concepts[1]: unknown field "trem" (did you mean "term"?)',
    ]);
    expect(broken.files).toEqual([{ uri: uri('a'), layer: 'workspace', concepts: 1, errors: 2 }]);

    store.setFile(uri('a'), 'concepts:\n  - term: Vega\n  - term: Theta\n', 'workspace');
    expect(terms(store)).toEqual(['Vega', 'Theta']);
    expect(store.snapshot().problems).toEqual([]);
  });

  test('a file that never read cleanly contributes nothing but its problems', () => {
    const store = new GlossaryStore();
    store.setFile(uri('a'), 'concepts: [', 'workspace');
    expect(terms(store)).toEqual([]);
    expect(store.snapshot().problems.map((p) => p.code)).toEqual(['glossary.syntax']);
    expect(store.deleteFile(uri('a'))).toBe(true);
    expect(store.snapshot().problems).toEqual([]);
    expect(store.deleteFile(uri('a'))).toBe(false);
  });

  test('conflicts across files are reported, except in files whose current text is broken', () => {
    const store = new GlossaryStore();
    store.setFile(uri('a'), 'concepts:\n  - term: Vega\n    abbreviations: [V]\n', 'workspace');
    store.setFile(uri('b'), 'concepts:\n  - term: Volatility\n    abbreviations: [V]\n', 'workspace');
    expect(store.snapshot().problems.map((p) => [p.code, p.uri])).toEqual([['glossary.conflict', uri('b')]]);
    store.setFile(uri('b'), 'concepts:\n  - term: Volatility\n    abbreviations: [V]\n  - 3\n', 'workspace');
    expect(store.snapshot().problems.map((p) => [p.code, p.uri])).toEqual([['glossary.schema', uri('b')]]);
    expect(store.snapshot().concepts.map((c) => c.forms.map((f) => f.text))).toEqual([['Vega', 'V'], ['Volatility']]);
  });

  test('version and cache change only when the snapshot does', () => {
    const store = new GlossaryStore();
    const v0 = store.snapshot().version;
    expect(store.setFile(uri('a'), 'concepts:\n  - term: Vega\n', 'workspace')).toBe(true);
    const first = store.snapshot();
    expect(first.version).toBeGreaterThan(v0);
    expect(store.snapshot()).toBe(first);
    expect(store.setFile(uri('a'), 'concepts:\n  - term: Vega\n', 'workspace')).toBe(false);
    expect(store.setFile(uri('a'), 'concepts:\n  - term: Vega\n# a comment\n', 'workspace')).toBe(false);
    expect(store.snapshot()).toBe(first);
    expect(store.setFile(uri('a'), '# moved down\nconcepts:\n  - term: Vega\n', 'workspace')).toBe(true);
    expect(store.snapshot().concepts[0]?.origin?.line).toBe(2);
    expect(store.snapshot().version).toBeGreaterThan(first.version);
    expect(store.setSettingsFiles([uri('x')])).toBe(false);
  });

  test('setFile with the bundled layer', () => {
    const store = new GlossaryStore();
    store.setFile(uri('w'), 'concepts:\n  - term: Vega\n    definitions: [workspace]\n', 'workspace');
    store.setFile('file:///ext/bundled.glossary.json', '{"concepts": [{"term": "Vega", "definitions": ["bundled"]}]}', 'bundled');
    expect(store.snapshot().concepts.map((c) => c.senses[0]?.text)).toEqual(['workspace']);
    expect(store.snapshot().files.map((f) => f.layer)).toEqual(['bundled', 'workspace']);
  });
});
