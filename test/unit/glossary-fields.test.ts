/**
 * The entry fields `examples`, `notes`, `status: proposed` and `caseSensitive`, end to end: the
 * JSON Schema, the loader, the writer (`entryFromConcept`), the hover, the matcher and the
 * diagnostics.
 */

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Nodes, Parent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { computeCompletions } from '../../server/src/core/features/completion';
import { findDiagnostics } from '../../server/src/core/features/diagnostics';
import { computeHover } from '../../server/src/core/features/hover';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { conceptFromEntry, entryFromConcept, type ConceptEntry } from '../../server/src/core/glossary/format';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { cursor, dictionary, glossaryFrom, parse, repoRoot, termsIn } from './helpers';

const YAML = 'file:///g/a.glossary.yaml';
const JSON_URI = 'file:///g/a.glossary.json';

/** The messages of a glossary's problems. */
function problems(text: string, uri = YAML): string[] {
  return parseGlossaryText(text, uri).problems.map((p) => `${p.code} ${p.message}`);
}

/** The codes and surfaces of a document's diagnostics: `term.deprecated "BS Model"`. */
function diagnostics(text: string, glossary: CompiledGlossary, languageId = 'markdown'): string[] {
  return findDiagnostics(parse(text, languageId, glossary)).map((d) => `${d.code} "${text.slice(d.start, d.end)}"`);
}

function hover(textWithCursor: string, glossary: CompiledGlossary): string | undefined {
  const { text, offset } = cursor(textWithCursor);
  return computeHover(parse(text, 'markdown', glossary), offset)?.markdown;
}

describe('the schema', () => {
  it.each([
    ['examples: 3', 'concepts[0].examples: must be a list'],
    ['examples: [3]', 'concepts[0].examples[0]: must be a string'],
    ['examples: ["  "]', 'concepts[0].examples[0]: must not be empty'],
    ['notes: 5', 'concepts[0].notes: must be a string or a list of strings'],
    ['notes: [true]', 'concepts[0].notes[0]: must be a string'],
    ['notes: ""', 'concepts[0].notes: must not be empty'],
    ['status: approved', 'concepts[0].status: must be "proposed" (leave it out for an established concept)'],
    ['caseSensitive: "yes"', 'concepts[0].caseSensitive: must be true or false'],
    ['aliases: [{ form: Put, caseSensitive: 1 }]', 'concepts[0].aliases[0].caseSensitive: must be true or false'],
    ['deprecated: [{ form: ipv4, reason: old, caseSensitive: no }]', 'concepts[0].deprecated[0].caseSensitive: must be true or false'],
  ])('rejects %s', (field, message) => {
    const found = problems(`concepts:\n  - term: IPv4\n    ${field}\n`);
    expect(
      found.some((p) => p.startsWith('glossary.schema') && p.includes(message)),
      found.join('\n'),
    ).toBe(true);
  });

  it('rejects a misspelt field with a suggestion', () => {
    expect(problems('concepts:\n  - term: IPv4\n    example: [x]\n').join('\n')).toContain('did you mean "examples"');
  });

  it('describes every new field', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'glossary', 'termlens.glossary.schema.json'), 'utf8'));
    const props = schema.definitions.concept.properties;
    for (const field of ['examples', 'notes', 'status', 'caseSensitive']) expect(props[field].description.length, field).toBeGreaterThan(60);
    expect(schema.definitions.formWithNote.properties.caseSensitive.type).toBe('boolean');
    expect(schema.definitions.formWithReason.properties.caseSensitive.type).toBe('boolean');
  });
});

describe('the loader and the writer', () => {
  const text = `concepts:
  - term: Heston Model
    status: proposed
    examples:
      - " We calibrate the Heston Model daily. "
      - The Heston Model fits the smile.
    notes: Prefer the full name.
  - term: IPv4
    caseSensitive: true
    aliases: [{ form: Internet Protocol version 4, caseSensitive: false }]
    deprecated: [{ form: ipv4, caseSensitive: false }]
  - term: Put Option
    notes: [One., Two.]
    aliases: [{ form: Put, caseSensitive: true }, put contract]
`;

  it('reads every field from YAML and from JSON', () => {
    const yaml = parseGlossaryText(text, YAML);
    expect(yaml.problems).toEqual([]);
    const json = JSON.stringify({ concepts: yaml.concepts.map(entryFromConcept) });
    const fromJson = parseGlossaryText(json, JSON_URI);
    expect(fromJson.problems).toEqual([]);
    for (const [heston, ipv4, put] of [yaml.concepts, fromJson.concepts]) {
      expect(heston).toMatchObject({
        status: 'proposed',
        examples: ['We calibrate the Heston Model daily.', 'The Heston Model fits the smile.'],
        notes: ['Prefer the full name.'],
      });
      expect(ipv4!.forms.map((f) => [f.text, f.status, f.caseSensitive === true])).toEqual([
        ['IPv4', 'preferred', true],
        ['Internet Protocol version 4', 'admitted', false],
        // A case-sensitive form and a form differing only in case are two forms.
        ['ipv4', 'deprecated', false],
      ]);
      expect(ipv4!.status).toBeUndefined();
      expect(put).toMatchObject({ notes: ['One.', 'Two.'] });
      expect(put!.forms.map((f) => [f.text, f.caseSensitive === true])).toEqual([
        ['Put Option', false],
        ['Put', true],
        ['put contract', false],
      ]);
    }
  });

  it('leaves the fields out of concepts without them, and out of written entries', () => {
    const [concept] = parseGlossaryText('concepts:\n  - term: Heston Model\n    aliases: [Heston]\n', YAML).concepts;
    for (const key of ['examples', 'notes', 'status']) expect(concept, key).not.toHaveProperty(key);
    expect(concept!.forms.some((f) => 'caseSensitive' in f)).toBe(false);
    expect(entryFromConcept(concept!)).toEqual({ term: 'Heston Model', aliases: ['Heston'] });
  });

  it('writes them back compactly, and reads what it wrote as the same concepts', () => {
    const concepts = parseGlossaryText(text, YAML).concepts;
    const entries = concepts.map(entryFromConcept);
    expect(entries).toEqual([
      {
        term: 'Heston Model',
        status: 'proposed',
        examples: ['We calibrate the Heston Model daily.', 'The Heston Model fits the smile.'],
        notes: ['Prefer the full name.'],
      },
      {
        term: 'IPv4',
        caseSensitive: true,
        aliases: [{ form: 'Internet Protocol version 4', caseSensitive: false }],
        deprecated: [{ form: 'ipv4', caseSensitive: false }],
      },
      { term: 'Put Option', aliases: [{ form: 'Put', caseSensitive: true }, 'put contract'], notes: ['One.', 'Two.'] },
    ]);
    const strip = ({ origin: _o, relatedLocs: _r, ...c }: (typeof concepts)[number]) => ({ ...c, forms: c.forms.map(({ loc: _l, ...f }) => f) });
    expect(entries.map((e) => strip(conceptFromEntry(e)))).toEqual(concepts.map(strip));
  });

  it('keeps a reason and a case policy together', () => {
    const entry: ConceptEntry = { term: 'SPAN', deprecated: [{ form: 'Span', reason: 'Write it in capitals.', caseSensitive: true }] };
    expect(entryFromConcept(conceptFromEntry(entry))).toEqual(entry);
  });

  it('keeps one form written twice in the same case', () => {
    const concept = conceptFromEntry({ term: 'Put Option', caseSensitive: true, aliases: ['Put-Option', 'put option', 'Put  Option'] });
    expect(concept.forms.map((f) => f.text)).toEqual(['Put Option', 'put option']);
    // Without a case policy, forms differing in case are one form, as before.
    expect(conceptFromEntry({ term: 'Put Option', aliases: ['put option'] }).forms.map((f) => f.text)).toEqual(['Put Option']);
  });
});

describe('hover', () => {
  const glossary = glossaryFrom(`concepts:
  - term: Heston Model
    status: proposed
    definitions: [A stochastic volatility model.]
    examples:
      - One <img src=x onerror=alert(1)> [click](command:workbench.action.quit) example.
      - "# Two: **bold** https://evil.example/x"
      - Three.
      - Four.
    notes:
      - "<script>alert(1)</script> Calibrate on [liquid](javascript:alert(1)) strikes."
  - term: Put Option
    definitions: [The right to sell.]
`);

  it('shows "proposed", the notes and at most three examples, after the definition', () => {
    const md = hover('The Hes|ton Model fits.', glossary)!;
    expect(md.split('\n')[0]).toBe('**Heston Model** · *term* · *proposed*');
    const definition = md.indexOf('A stochastic volatility model.');
    const note = md.indexOf('*Note:*');
    const example = md.indexOf('*Example:*');
    expect(definition).toBeGreaterThan(0);
    expect(note).toBeGreaterThan(definition);
    expect(example).toBeGreaterThan(note);
    expect(md.match(/\*Example:\*/g)).toHaveLength(3);
    expect(md).toContain('Three.');
    expect(md).not.toContain('Four.');
    expect(md).toContain('*and 1 more examples*');
  });

  it('escapes examples and notes: no HTML, no links, no command: or javascript: URLs', () => {
    const md = hover('The Hes|ton Model fits.', glossary)!;
    const tree = unified().use(remarkParse).use(remarkGfm).parse(md);
    const kinds = new Set<string>();
    const urls: string[] = [];
    const walk = (node: Nodes): void => {
      kinds.add(node.type);
      if (node.type === 'link') urls.push(node.url);
      if ('children' in node) for (const child of (node as Parent).children) walk(child as Nodes);
    };
    walk(tree);
    for (const kind of ['html', 'image', 'heading', 'inlineCode']) expect(kinds.has(kind), kind).toBe(false);
    // Only the header is bold; the one link is GFM's literal autolink of an http(s) URL, as in definitions.
    expect(md.match(/\*\*/g)).toHaveLength(2);
    expect(urls).toEqual(['https://evil.example/x']);
    expect(md).not.toMatch(/\]\((command|javascript):/);
    expect(md).toContain('\\<img src=x onerror=alert(1)>');
    expect(md).toContain('https\\://evil');
  });

  it('shows nothing new for a concept without the fields', () => {
    const md = hover('a Put Op|tion', glossary)!;
    expect(md).toBe('**Put Option** · *term*\n\nThe right to sell.');
  });

  it('cuts a long example at a word', () => {
    const long = glossaryFrom(`concepts:\n  - term: Heston Model\n    examples: ["${'word '.repeat(200)}"]\n`);
    const line = hover('Hes|ton Model', long)!
      .split('\n')
      .find((l) => l.startsWith('*Example:*'))!;
    expect(line.length).toBeLessThan(260);
    expect(line.endsWith('word…')).toBe(true);
  });
});

describe('status: proposed', () => {
  const entries = `
  - term: Black-Scholes-Merton Model
    abbreviations: [BSM]
    deprecated: [{ form: B-S Model, reason: Ambiguous. }]
    definitions: [The canonical option pricing model.]
  - term: optimisation
    aliases: [optimization]
  - term: Heston Model
`;
  const enforced = glossaryFrom(`concepts:${entries}`);
  const proposed = glossaryFrom(`concepts:${entries.replace(/(- term: [^\n]+\n)/g, '$1    status: proposed\n')}`);
  const note = `We use the B-S Model.

The Hestn Model and the black-scholes-merton model are compared.

The Black-Scholes-Merton Model, later the BSM, needs optimisation and optimization.
`;

  it('raises no term diagnostics of its own', () => {
    expect(diagnostics(note, enforced)).toEqual([
      'term.deprecated "B-S Model"',
      'term.misspelled "Hestn Model"',
      'term.variant "black-scholes-merton model"',
      'term.inconsistent "BSM"',
      'term.inconsistent "optimization"',
    ]);
    expect(diagnostics(note, proposed)).toEqual([]);
    expect(diagnostics('# BS\n\n"B-S Model" // Hestn Model', proposed, 'typescript')).toEqual([]);
  });

  it('still hovers and completes', () => {
    expect(hover('We use the B-S Mo|del.', proposed)).toContain('"B-S Model" is deprecated');
    const { text, offset } = cursor('the Hest|');
    const labels = computeCompletions(parse(text, 'markdown', proposed), offset, { invoked: true }).items.map((i) => i.label);
    expect(labels).toContain('Heston Model');
  });
});

describe('caseSensitive', () => {
  const glossary = glossaryFrom(`concepts:
  - term: IPv4
    caseSensitive: true
  - term: Put Option
    aliases: [{ form: Put, caseSensitive: true }]
  - term: Heston Model
    caseSensitive: true
  - term: Black-Scholes Model
`);
  const terms = (text: string, languageId = 'markdown'): string[] => termsIn(text, languageId, glossary);

  it('matches a form in prose only as written', () => {
    expect(terms('IPv4, not ipv4, IPV4 or Ipv4.')).toEqual(['IPv4=IPv4']);
    expect(terms('Buy a Put; put it there; two Puts and the Put’s strike.')).toEqual(['Put=Put Option', 'Puts=Put Option', 'Put’s=Put Option']);
    // The concept's other forms keep their own policy.
    expect(terms('a put option, a PUT OPTION')).toEqual(['put option=Put Option', 'PUT OPTION=Put Option']);
  });

  it('does not report a case variant: it is not the term', () => {
    // Without caseSensitive, "black-scholes model" is a variant of "Black-Scholes Model"; with it, "heston model" is nothing.
    expect(diagnostics('the black-scholes model and the heston model', glossary)).toEqual(['term.variant "black-scholes model"']);
    expect(terms('the heston model, the Heston model, the Heston Model')).toEqual(['Heston Model=Heston Model']);
  });

  it('reports a case variant listed as a deprecated form', () => {
    const text = 'Put here, put there, PUT too.';
    // The concept's policy applies to the deprecated form too: only "put" as written.
    const strict = glossaryFrom('concepts:\n  - term: Put\n    caseSensitive: true\n    deprecated: [{ form: put, reason: Capitalise it. }]\n');
    expect(diagnostics(text, strict)).toEqual(['term.deprecated "put"']);
    const loose = glossaryFrom('concepts:\n  - term: Put\n    caseSensitive: true\n    deprecated: [{ form: put, caseSensitive: false }]\n');
    expect(diagnostics(text, loose)).toEqual(['term.deprecated "put"', 'term.deprecated "PUT"']);
    expect(hover('Put here, p|ut there', strict)).toContain('"put" is deprecated: Capitalise it.');
  });

  it('finds near misses only with the other words as written', () => {
    expect(terms('the Heston Modle, the heston modle')).toEqual(['Heston Modle~Heston Model']);
  });

  it('matches identifiers in their style unless the word is English', () => {
    expect(terms('ipv4_address = parse_ipv4(IPV4_ADDR); Ipv4Address x;', 'typescript')).toEqual(['ipv4=IPv4', 'ipv4=IPv4', 'IPV4=IPv4', 'Ipv4=IPv4']);
    expect(terms('map.put(k, v); put_value(); isPut = PUT_CALL;', 'typescript')).toEqual(['Put=Put Option']);
    // Comments and strings are prose: as written only.
    expect(terms('// an ipv4 and an IPv4\nconst s = "put the Put";', 'typescript')).toEqual(['IPv4=IPv4', 'Put=Put Option']);
  });

  it('leaves matching of forms without it unchanged', () => {
    const plain = new CompiledGlossary(parseGlossaryText('concepts:\n  - term: Put\n  - term: IPv4\n', YAML).concepts, dictionary);
    // A lone acronym (two capitals) already matches prose only in its own case.
    expect(termsIn('Put, put, PUT; IPv4, ipv4', 'markdown', plain)).toEqual(['Put=Put', 'put=Put', 'PUT=Put', 'IPv4=IPv4']);
    expect(termsIn('put_value(ipv4)', 'typescript', plain)).toEqual(['put=Put', 'ipv4=IPv4']);
  });
});

describe('the README', () => {
  it('its glossary example loads without problems', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Glossary format'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    const result = parseGlossaryText(yaml, YAML);
    expect(result.problems).toEqual([]);
    const byTerm = new Map(result.concepts.map((c) => [c.forms[0]!.text, c]));
    expect(byTerm.get('Vanna-Volga Adjustment')!.status).toBe('proposed');
    expect(byTerm.get('IPv4')!.forms[0]!.caseSensitive).toBe(true);
    expect(byTerm.get('Black-Scholes-Merton Model')!.examples).toHaveLength(1);
  });
});
