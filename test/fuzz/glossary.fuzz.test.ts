/**
 * Fuzzing glossary files: seeded, bounded mutations of a valid glossary, in YAML and JSON —
 * truncation, values of the wrong type, huge strings, deep nesting, duplicate keys, invisible and
 * direction-control characters in forms, thousands of aliases, anchors and aliases (and alias
 * bombs), unpaired surrogates, prototype keys (`__proto__`, `constructor`) and hostile Markdown,
 * HTML and links in every text field.
 *
 * Properties: `parseGlossaryText` never fails (its defensive catch never fires) and locates every
 * problem inside the text; a file with any error yields no concepts; no form or related term of a
 * concept contains an invisible character; with the concepts compiled, hover, completion (and its
 * documentation), diagnostics and code actions on a small note that uses the terms never throw;
 * and rendered hover Markdown never contains raw HTML, an entity, or a link other than http(s)
 * (no `command:`, `javascript:`, `data:`, `vbscript:` or `file:` anywhere but as escaped text).
 */

import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { mulberry32 } from '../../bench/lib/generate.mjs';
import { computeCodeActions } from '../../server/src/core/features/codeActions';
import { computeCompletions, resolveCompletion } from '../../server/src/core/features/completion';
import { computeDiagnostics } from '../../server/src/core/features/diagnostics';
import { computeHover } from '../../server/src/core/features/hover';
import { renderConceptHover } from '../../server/src/core/features/render';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { findInvisible } from '../../server/src/core/glossary/invisible';
import { mergeLayers } from '../../server/src/core/glossary/layers';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import type { GlossaryFileResult } from '../../server/src/core/glossary/model';
import { parseDocument } from '../../server/src/core/text/document';
import { dictionary } from '../unit/helpers';

/** Cases per run, and the time they may take: whichever ends first. */
const CASES = 400;
const BUDGET_MS = 5000;

/** Text that must come out of rendering as plain, inert text. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<!-- comment -->',
  '<a href="command:workbench.action.terminal.new">run</a>',
  '[click](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)',
  '[x](javascript:alert(1))',
  '[y](data:text/html;base64,PHNjcmlwdD4=)',
  '<command:foo>',
  '<javascript:alert(1)>',
  '![img](https://evil.example/x.png)',
  '&lt;b&gt; &#60;i&#62; &amp;',
  '`code` **bold** _em_ # heading\n- list\n| a | b |\n|---|---|',
  'vbscript:msgbox(1) file:///etc/passwd',
  'https://example.org/ok?a=(1)&b=<2>',
  '\u202Egnirts\u202C \u2066iso\u2069 z\u200Bw\u200Bs\u00ADh',
  '\\<script\\> \\\\<b>',
];

const INVISIBLE = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200E',
  '\u200F',
  '\u061C',
  '\uFEFF',
  '\u00AD',
  '\u180E',
  '\u202A',
  '\u202E',
  '\u2060',
  '\u2066',
  '\u2069',
  '\u034F',
  '\u2800',
  '\uFE0F',
  '\u{E0041}',
  '\u0007',
];
const SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];
const SOURCES = [
  'https://example.org/bsm',
  'javascript:alert(1)',
  'command:workbench.action.reloadWindow',
  'data:text/html,<b>x</b>',
  'http://[::1',
  'https://exa mple.org/a)b',
  'https://example.org/<script>',
  'file:///etc/passwd',
];

/** A valid glossary exercising every field. */
function baseGlossary(): Record<string, unknown> {
  return {
    $schema: './termlens.glossary.schema.json',
    version: 1,
    name: 'Fuzz glossary',
    concepts: [
      {
        term: 'Black-Scholes-Merton Model',
        aliases: ['Black-Scholes Model', { form: 'Black Scholes', note: 'informal' }],
        abbreviations: ['BSM'],
        deprecated: [{ form: 'B-S Model', reason: 'Ambiguous abbreviation.' }],
        forbidden: ['BS Model'],
        definitions: [{ text: 'The canonical option pricing model.', source: 'https://example.org/bsm', area: 'Options Pricing' }, 'A plain definition.'],
        facets: [{ name: 'Algorithm', text: 'Step one. Step two.' }],
        related: ['Heston Model', 'Implied Volatility'],
        areas: ['Options Pricing'],
      },
      { term: 'Heston Model', id: 'heston', kind: 'area', definitions: ['A stochastic volatility model.'], related: ['Black-Scholes-Merton Model'] },
      { term: 'Implied Volatility', abbreviations: ['IV'], aliases: ['Implied Vol'], definitions: ['The volatility implied by a price.'] },
      { term: 'Central Limit Order Book', abbreviations: ['CLOB'], kind: 'definition', definitions: ['An order book.'] },
    ],
  };
}

type Random = () => number;

/** Picks from the PRNG. */
function picker(random: Random) {
  const int = (n: number): number => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { int, pick, chance: (p: number): boolean => random() < p };
}

/** Every [parent, key] of a data tree, for structural mutations. */
function slots(
  data: unknown,
  out: Array<[Record<string, unknown> | unknown[], string | number]> = [],
): Array<[Record<string, unknown> | unknown[], string | number]> {
  if (Array.isArray(data)) {
    data.forEach((v, i) => {
      out.push([data, i]);
      slots(v, out);
    });
  } else if (data && typeof data === 'object') {
    for (const [k, v] of Object.entries(data)) {
      out.push([data as Record<string, unknown>, k]);
      slots(v, out);
    }
  }
  return out;
}

/** The string values of a data tree, with where they are. */
function stringSlots(data: unknown): Array<[Record<string, unknown> | unknown[], string | number]> {
  return slots(data).filter(([parent, key]) => typeof (parent as Record<string | number, unknown>)[key] === 'string');
}

/** A random value of some type, possibly hostile. */
function randomValue(random: Random, depth = 0): unknown {
  const { int, pick, chance } = picker(random);
  switch (int(depth > 2 ? 6 : 9)) {
    case 0:
      return int(1000) - 500;
    case 1:
      return chance(0.5);
    case 2:
      return null;
    case 3:
      return pick(HOSTILE);
    case 4:
      return `Term ${pick(INVISIBLE)}${int(100)}`;
    case 5:
      return '';
    case 6:
      return Array.from({ length: int(4) }, () => randomValue(random, depth + 1));
    case 7:
      return Object.fromEntries(Array.from({ length: int(3) }, () => [pick([...PROTO_KEYS, 'form', 'text', 'term', 'x-ext']), randomValue(random, depth + 1)]));
    default:
      return { form: randomValue(random, depth + 1) };
  }
}

/** One structural mutation of the data, in place. */
function mutateData(data: Record<string, unknown>, random: Random): string {
  const { int, pick, chance } = picker(random);
  // An earlier mutation may have replaced the list or an entry with something else.
  if (!Array.isArray(data.concepts)) data.concepts = [{ term: 'Replacement Term' }];
  const concepts = data.concepts as unknown[];
  const concept = (): Record<string, unknown> => {
    const objects = concepts.filter((c): c is Record<string, unknown> => typeof c === 'object' && c !== null && !Array.isArray(c));
    if (objects.length > 0) return pick(objects);
    const added = { term: 'Added Term' };
    concepts.push(added);
    return added;
  };
  switch (int(12)) {
    case 0: {
      const all = slots(data);
      const [parent, key] = pick(all);
      (parent as Record<string | number, unknown>)[key] = randomValue(random);
      return `wrong type at ${String(key)}`;
    }
    case 1: {
      const strings = stringSlots(data);
      if (strings.length === 0) return 'no strings';
      const [parent, key] = pick(strings);
      (parent as Record<string | number, unknown>)[key] = 'x'.repeat(int(3) === 0 ? 200_000 : 5000) + pick(HOSTILE);
      return `huge string at ${String(key)}`;
    }
    case 2: {
      let nested: unknown = 'Deep';
      for (let d = int(60) + 1; d > 0; d--) nested = chance(0.5) ? [nested] : { form: nested };
      concept().aliases = [nested];
      return 'deep nesting';
    }
    case 3: {
      const strings = stringSlots(data);
      if (strings.length === 0) return 'no strings';
      const [parent, key] = pick(strings);
      const text = (parent as Record<string | number, unknown>)[key] as string;
      const at = int(text.length + 1);
      (parent as Record<string | number, unknown>)[key] = text.slice(0, at) + pick(INVISIBLE) + text.slice(at);
      return `invisible character at ${String(key)}`;
    }
    case 4: {
      const n = 500 + int(3000);
      concept().aliases = Array.from({ length: n }, (_, i) => (chance(0.5) ? `Alias Term ${i}` : `Alias Terms ${int(n)}`));
      return `${n} aliases`;
    }
    case 5: {
      const strings = stringSlots(data);
      if (strings.length === 0) return 'no strings';
      const [parent, key] = pick(strings);
      const text = (parent as Record<string | number, unknown>)[key] as string;
      (parent as Record<string | number, unknown>)[key] = text + pick(SURROGATES) + (chance(0.5) ? 'x' : '');
      return `unpaired surrogate at ${String(key)}`;
    }
    case 6: {
      const target = chance(0.3) ? data : chance(0.5) ? concept() : ((concept().aliases as unknown[] | undefined)?.[0] ?? concept());
      if (target && typeof target === 'object') {
        Object.defineProperty(target, pick(PROTO_KEYS), { value: randomValue(random), enumerable: true, writable: true, configurable: true });
      }
      return 'prototype key';
    }
    case 7: {
      const c = concept();
      c.term = pick(PROTO_KEYS);
      if (chance(0.5)) c.id = pick(PROTO_KEYS);
      if (chance(0.5)) c.aliases = [pick(PROTO_KEYS), pick(PROTO_KEYS)];
      c.related = [pick(PROTO_KEYS)];
      return 'prototype names as terms';
    }
    case 8: {
      const c = concept();
      c.definitions = [{ text: pick(HOSTILE), source: pick(SOURCES), area: pick(HOSTILE) }, pick(HOSTILE)];
      c.facets = [{ name: pick(HOSTILE), text: pick(HOSTILE).repeat(1 + int(50)) }];
      c.areas = [pick(HOSTILE).replace(/\s+/g, ' ')];
      return 'hostile text';
    }
    case 9: {
      const c = concept();
      c.aliases = [pick(HOSTILE).replace(/\s+/g, ' '), 'Bidi Term', `Bi${pick(INVISIBLE)}di Term`];
      return 'hostile forms';
    }
    case 10:
      concepts.push({ ...concept() });
      return 'duplicate concept';
    default:
      delete concept().term;
      return 'missing term';
  }
}

/** One mutation of the text itself. */
function mutateText(text: string, yaml: boolean, random: Random): [string, string] {
  const { int, pick } = picker(random);
  const at = int(text.length + 1);
  switch (int(yaml ? 9 : 7)) {
    case 0:
      return [text.slice(0, at), `truncated at ${at}`];
    case 1:
      return [text.slice(0, at) + pick([...INVISIBLE, ...SURROGATES]) + text.slice(at), `character inserted at ${at}`];
    case 2: {
      const end = Math.min(text.length, at + int(40));
      return [text.slice(0, at) + text.slice(end), `deleted ${at}-${end}`];
    }
    case 3:
      return [
        text.slice(0, at) +
          pick(['{', '}', '[', ']', ':', ',', '"', "'", '\n', '\t', '#', '&a', '*a', '!!binary', '<<: *a', '- ', '\\u', '\u0000']) +
          text.slice(at),
        `punctuation at ${at}`,
      ];
    case 4: {
      // A line repeated: duplicate keys (YAML) or members (JSON, on a pretty-printed file).
      const lines = text.split('\n');
      const i = int(lines.length);
      lines.splice(i, 0, lines[i] ?? '');
      return [lines.join('\n'), `line ${i} repeated`];
    }
    case 5:
      return [yaml ? `${'['.repeat(2000)}\n${text}` : `${'['.repeat(1500)}${text}`, 'deep nesting'];
    case 6:
      return ['\uFEFF' + text.replace(/\n/g, pick(['\r\n', '\r', '\n'])), 'byte order mark and line breaks'];
    case 7:
      // Anchors and aliases, and an alias bomb.
      return [
        pick([
          `x-a: &a [Alias One, Alias Two]\nx-b: &b { term: Anchored Term, aliases: *a }\n${text.replace(/^concepts:\n/m, 'concepts:\n  - *b\n  - { <<: *b, term: Merged Term }\n')}`,
          `x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\nx-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nx-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nx-d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\nx-e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n${text.replace(/^concepts:\n/m, 'concepts:\n  - { term: Bomb, aliases: *e }\n')}`,
          `${text}\nx-self: &s [*s]\n`,
          text.replace(/term: /, 'term: &t ').replace(/\n {2}- term: Heston Model/, '\n  - term: *t'),
        ]),
        'anchors and aliases',
      ];
    default:
      return [text.replace(/^( +)term:/m, '$1term: !!binary'), 'tag'];
  }
}

/** Builds one case: a mutated glossary text and its URI. */
function makeCase(seed: number): { text: string; uri: string; description: string[] } {
  const random = mulberry32(seed);
  const { int, chance } = picker(random);
  const yaml = chance(0.5);
  const data = baseGlossary();
  const description: string[] = [yaml ? 'yaml' : 'json'];
  for (let k = int(3); k > 0; k--) description.push(mutateData(data, random));
  let text = yaml ? stringify(data, { lineWidth: 0 }) : JSON.stringify(data, null, chance(0.5) ? 2 : undefined);
  for (let k = int(3); k > 0; k--) {
    const [mutated, what] = mutateText(text, yaml, random);
    text = mutated;
    description.push(what);
  }
  return { text, uri: `file:///fuzz/${seed}.glossary.${yaml ? 'yaml' : 'json'}`, description };
}

/** The number of backslashes right before `text[i]`. */
function backslashesBefore(text: string, i: number): number {
  let n = 0;
  while (i - n - 1 >= 0 && text[i - n - 1] === '\\') n++;
  return n;
}

/** Asserts that rendered Markdown holds no raw HTML, entity or non-http(s) link. */
function expectSafeMarkdown(md: string, context: string): void {
  expect(findInvisible(md), `invisible character in ${JSON.stringify(md)} (${context})`).toBeUndefined();
  // Every `<`, `&` and `]` rendering did not write itself is backslash-escaped.
  for (let i = 0; i < md.length; i++) {
    const c = md[i];
    if (c !== '<' && c !== '&') continue;
    expect(backslashesBefore(md, i) % 2, `unescaped ${c} at ${i} in ${JSON.stringify(md)} (${context})`).toBe(1);
  }
  // Links: every unescaped `](` opens an http(s) destination.
  const destinations: Array<[number, number]> = [];
  for (let i = md.indexOf(']('); i >= 0; i = md.indexOf('](', i + 1)) {
    if (backslashesBefore(md, i) % 2 === 1) continue;
    const end = md.indexOf(')', i);
    const href = md.slice(i + 2, end < 0 ? md.length : end);
    expect(href, `link in ${JSON.stringify(md)} (${context})`).toMatch(/^https?:\/\/[^\s()<>]+$/);
    destinations.push([i + 2, end < 0 ? md.length : end]);
  }
  // Outside link destinations, no scheme a Markdown renderer could turn into a link.
  let outside = '';
  let from = 0;
  for (const [start, end] of destinations) {
    outside += md.slice(from, start) + ' ';
    from = end;
  }
  outside += md.slice(from);
  expect(outside, `scheme in ${JSON.stringify(md)} (${context})`).not.toMatch(/(?:command|javascript|data|vbscript|file):/i);
  expect(outside, `autolink in ${JSON.stringify(md)} (${context})`).not.toMatch(/(?:^|[^\\])<[a-z][a-z0-9+.-]*:/i);
}

/** The features on a small note that uses the glossary's terms; returns how many hovers were checked. */
function exerciseFeatures(result: GlossaryFileResult, random: Random, context: string): number {
  const { int, pick, chance } = picker(random);
  const merged = mergeLayers([result]);
  const glossary = new CompiledGlossary(merged.concepts, dictionary);
  let hovers = 0;
  for (const concept of glossary.concepts.slice(0, 40)) {
    const md = renderConceptHover(concept, { resolveRelated: (name) => glossary.lookup(name), misspelledAs: chance(0.3) ? pick(HOSTILE) : undefined });
    expectSafeMarkdown(md, context);
    hovers++;
  }
  const forms = glossary.concepts.flatMap((c) => c.forms.slice(0, 5).map((f) => f.text));
  const words: string[] = [];
  for (let k = 0; k < 12; k++) {
    const form = forms.length > 0 ? pick(forms) : 'Heston Model';
    const typo = chance(0.3) && form.length > 3 ? form.slice(0, 2) + form.slice(3) : form;
    words.push(pick(['The', 'and the', 'Then', 'using', '(', 'see']), chance(0.2) ? `${typo}s` : typo, pick(['.', ',', ' is fine.', ' (BSM)', '\n\n']));
  }
  const note = `# Note\n\n${words.join(' ')}\n\nAn undefined ABC and the ${forms[0]?.slice(0, 4) ?? 'Hes'}`;
  {
    const languageId = pick(['markdown', 'markdown', 'plaintext', 'python']);
    const text = languageId === 'python' ? `# ${note.replace(/\n/g, '\n# ')}\nblack_scholes = "${forms[0] ?? ''}"\n` : note;
    const doc = parseDocument(text, languageId, glossary);
    const diagnostics = computeDiagnostics(doc);
    for (const d of diagnostics) expect(d.data.start).toBeLessThanOrEqual(d.data.end);
    computeCodeActions(diagnostics, 0, text.length);
    const offsets = [...doc.occurrences.slice(0, 8).map((o) => o.start + 1), ...Array.from({ length: 3 }, () => int(text.length + 1)), text.length];
    for (const offset of offsets) {
      const hover = computeHover(doc, offset);
      if (hover) {
        expectSafeMarkdown(hover.markdown, context);
        hovers++;
      }
      const list = computeCompletions(doc, offset, { invoked: chance(0.5) });
      for (const item of list.items.slice(0, 2)) {
        const resolved = resolveCompletion(glossary, item);
        if (resolved.documentation) expectSafeMarkdown(resolved.documentation, context);
        expect(findInvisible(item.label)).toBeUndefined();
      }
    }
  }
  return hovers;
}

describe('glossary fuzzing', () => {
  it(`hostile glossary files never break loading, and what loads is safe to serve`, { timeout: 60_000 }, () => {
    // The word list and the JIT warm up outside the budget.
    exerciseFeatures(parseGlossaryText(JSON.stringify(baseGlossary()), 'file:///warm.glossary.json'), mulberry32(1), 'warm-up');
    const started = performance.now();
    let cases = 0;
    let loaded = 0;
    let hovers = 0;
    for (let seed = 1; seed <= CASES && performance.now() - started < BUDGET_MS; seed++) {
      const { text, uri, description } = makeCase(seed);
      const context = `seed ${seed}: ${description.join(', ')}`;
      let result: GlossaryFileResult | undefined;
      expect(() => (result = parseGlossaryText(text, uri)), context).not.toThrow();
      result = result!;
      // The defensive catch in parseGlossaryText is never what answers.
      expect(
        result.problems.filter((p) => p.message.startsWith('Could not read the glossary')),
        context,
      ).toEqual([]);
      for (const p of result.problems) {
        expect(p.start, context).toBeGreaterThanOrEqual(0);
        expect(p.end, context).toBeGreaterThanOrEqual(p.start);
        expect(p.end, context).toBeLessThanOrEqual(text.length);
        expect(p.message.length, context).toBeLessThan(1000);
      }
      if (result.problems.some((p) => p.severity === 'error')) expect(result.concepts, context).toEqual([]);
      for (const concept of result.concepts) {
        for (const form of concept.forms) expect(findInvisible(form.text), `${context}: ${JSON.stringify(form.text)}`).toBeUndefined();
        for (const name of concept.related) expect(findInvisible(name), `${context}: ${JSON.stringify(name)}`).toBeUndefined();
      }
      if (result.concepts.length > 0) {
        loaded++;
        expect(() => (hovers += exerciseFeatures(result!, mulberry32(seed * 7919), context)), context).not.toThrow();
      }
      cases++;
    }
    // Enough ran to mean something, and both outcomes occurred.
    expect(cases).toBeGreaterThanOrEqual(60);
    expect(loaded).toBeGreaterThan(5);
    expect(loaded).toBeLessThan(cases);
    expect(hovers).toBeGreaterThan(50);
  });

  it('the unmutated base glossary loads in both formats', () => {
    for (const [text, uri] of [
      [stringify(baseGlossary()), 'file:///base.glossary.yaml'],
      [JSON.stringify(baseGlossary()), 'file:///base.glossary.json'],
    ] as const) {
      const result = parseGlossaryText(text, uri);
      expect(result.problems).toEqual([]);
      expect(result.concepts).toHaveLength(4);
    }
  });
});
