import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImportGreeksLive, type ImportIo } from '../../server/src/cli/importCommand';
import { conceptFromEntry, type ConceptEntry } from '../../server/src/core/glossary/format';
import { importGreeksLive, type ImportPage } from '../../server/src/core/glossary/import/greeksLive';
import { applyOverlay } from '../../server/src/core/glossary/import/overlay';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { preferredTerm, type Concept } from '../../server/src/core/glossary/model';

const ROOT = resolve(__dirname, '../..');
const SOURCES = 'glossary/sources/greeks-live';

function realPages(): ImportPage[] {
  return readdirSync(join(ROOT, SOURCES))
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((name) => ({ name, text: readFileSync(join(ROOT, SOURCES, name), 'utf8') }));
}

function byTerm(concepts: readonly Concept[], term: string): Concept {
  const c = concepts.find((x) => preferredTerm(x) === term);
  if (!c) throw new Error(`no concept ${term}`);
  return c;
}

function codes(report: readonly { code: string }[]): string[] {
  return report.map((f) => f.code);
}

interface TermSpec {
  name: string;
  url?: string;
  /** Markdown definition line; `null` for none. Default `Meaning ⎊ <name> is a thing. ⎊ Definition`. */
  md?: string | null;
  /** JSON-LD description; default: same as `md`. */
  json?: string;
  /** JSON-LD headline; default: `name`. */
  headline?: string;
  /** Leave the term out of the JSON-LD. */
  notInJson?: boolean;
}

/** A small Greeks.live area page, consistent between Markdown and JSON-LD unless told otherwise. */
function makePage(area: string, terms: TermSpec[], opts: { collectionJson?: string; extraParts?: TermSpec[] } = {}): string {
  const slug = area.toLowerCase().replace(/\s+/g, '-');
  const urlOf = (t: TermSpec): string => t.url ?? `https://term.greeks.live/term/${t.name.toLowerCase().replace(/\s+/g, '-')}/`;
  const mdDef = (t: TermSpec): string | null => (t.md === undefined ? `Meaning ⎊ ${t.name} is a thing. ⎊ Definition` : t.md);
  const facets = [
    ['Algorithm', `Algorithms of ${area}.`],
    ['Calibration', `Calibration of ${area}.`],
  ] as const;
  const md = [
    `# ${area} ⎊ Area ⎊ Greeks.live`,
    '',
    '---',
    '',
    ...facets.flatMap(([n, t]) => [`## What is the ${n} of ${area}?`, '', t, '']),
    '',
    '---',
    '',
    ...terms.flatMap((t) => [`## [${t.name}](${urlOf(t)})`, '', ...(mdDef(t) === null ? [] : [mdDef(t) ?? '', ''])]),
    '---',
    '',
    '## Raw Schema Data',
    '',
  ];
  const breadcrumb = {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: [
      { '@type': 'ListItem', position: 1, name: 'Home', item: 'https://term.greeks.live/' },
      { '@type': 'ListItem', position: 3, name: area, item: `https://term.greeks.live/area/${slug}/` },
    ],
  };
  const faq = {
    '@type': 'FAQPage',
    mainEntity: facets.map(([n, t]) => ({ '@type': 'Question', name: `What is the ${n} of ${area}?`, acceptedAnswer: { '@type': 'Answer', text: t } })),
  };
  const collection = {
    '@type': 'CollectionPage',
    headline: `${area} ⎊ Area ⎊ Greeks.live`,
    description: `Algorithm ⎊ Algorithms of ${area}.`,
    url: `https://term.greeks.live/area/${slug}/`,
    hasPart: [...terms, ...(opts.extraParts ?? [])]
      .filter((t) => !t.notInJson)
      .map((t) => ({ '@type': 'Article', url: urlOf(t), headline: t.headline ?? t.name, description: t.json ?? mdDef(t) ?? '' })),
  };
  const block = (v: unknown): string => ['```json', JSON.stringify(v, null, 4), '```', ''].join('\n');
  return [
    ...md,
    block(breadcrumb),
    block(faq),
    opts.collectionJson ?? block(collection),
    '',
    '---',
    '',
    `**Original URL:** https://term.greeks.live/area/${slug}/resource/1/`,
    '',
  ].join('\n');
}

describe('importGreeksLive on the five real pages', () => {
  const { concepts, report } = importGreeksLive(realPages());

  it('makes one concept per area and per linked term, merging a term linked from several pages', () => {
    const areas = concepts.filter((c) => c.kind === 'area').map(preferredTerm);
    expect(areas).toEqual([
      'Calibration Challenges',
      'Execution Model Calibration',
      'Model Generalization Challenges',
      'Model Generalization Failure',
      'Model Training Procedures',
    ]);
    // 104 linked URLs, of which two (…/term/ and …/definition/margin-requirement-calibration/) share
    // a slug, plus 5 areas, of which "Calibration Challenges" is also a linked term: 103 + 5 - 1.
    expect(concepts).toHaveLength(107);
    expect(new Set(concepts.map((c) => c.id)).size).toBe(107);
  });

  it('keeps every name exactly as the pages write it', () => {
    const written = new Set<string>();
    for (const p of realPages()) {
      for (const m of p.text.matchAll(/^## \[(.+)\]\(/gm)) written.add(m[1] ?? '');
      written.add(/^# (.+?) ⎊/.exec(p.text)?.[1] ?? '');
    }
    expect(new Set(concepts.map(preferredTerm))).toEqual(written);
    expect(concepts.every((c) => c.forms.length === 1)).toBe(true);
    expect(concepts.map(preferredTerm)).toContain('Black Scholes Model On-Chain');
  });

  it('reads an area page: facets, source URL, related terms', () => {
    const failure = byTerm(concepts, 'Model Generalization Failure');
    expect(failure.kind).toBe('area');
    expect(failure.facets.map((f) => f.name)).toEqual(['Algorithm', 'Failure', 'Assumption']);
    expect(failure.facets[0]?.text).toMatch(/^Model generalization failure in cryptocurrency, options, and derivatives trading arises when/);
    expect(failure.senses[0]?.source).toBe('https://term.greeks.live/area/model-generalization-failure/');
    expect(failure.related).toHaveLength(30);
    expect(failure.related[0]).toBe('Black-Scholes-Merton Model');
  });

  it('makes an area that is also a linked term one area concept with the term definitions as senses', () => {
    const cc = byTerm(concepts, 'Calibration Challenges');
    expect(cc.kind).toBe('area');
    expect(cc.facets.map((f) => f.name)).toEqual(['Calibration', 'Adjustment', 'Algorithm']);
    expect(cc.senses.map((s) => s.source)).toEqual([
      'https://term.greeks.live/area/calibration-challenges/',
      'https://term.greeks.live/term/calibration-challenges/',
    ]);
    expect(cc.areas).toEqual(['Calibration Challenges', 'Execution Model Calibration', 'Model Generalization Challenges']);
    expect(cc.related).not.toContain('Calibration Challenges');
    expect(cc.related).toHaveLength(29);
  });

  it('keeps differing definitions of one term as senses and dedupes identical ones', () => {
    const clc = byTerm(concepts, 'Confidence Level Calibration');
    expect(clc.senses.map((s) => [s.area, s.text])).toEqual([
      ['Calibration Challenges', 'Process of setting statistical thresholds to determine the scope of potential losses in risk modeling.'],
      ['Execution Model Calibration', 'The selection of statistical probability thresholds to balance risk protection against capital efficiency.'],
    ]);
    const zcb = byTerm(concepts, 'Zero-Coupon Bond Model');
    expect(zcb.senses).toHaveLength(1);
    expect(zcb.areas).toEqual(['Execution Model Calibration', 'Model Generalization Challenges', 'Model Training Procedures']);
    expect(report).toContainEqual(expect.objectContaining({ code: 'import.multiple-senses', terms: ['Confidence Level Calibration'] }));
  });

  it('takes kinds from the URLs and strips the Meaning/Definition markers', () => {
    expect(byTerm(concepts, 'Sample Bias').kind).toBe('definition');
    expect(byTerm(concepts, 'Heston Model').kind).toBe('definition');
    expect(byTerm(concepts, 'Gas Fees Challenges').kind).toBe('term');
    expect(byTerm(concepts, 'Sample Bias').senses[0]).toEqual({
      text: 'A statistical error where the data used for analysis is not representative of the actual market environment.',
      source: 'https://term.greeks.live/definition/sample-bias/',
      area: 'Model Generalization Challenges',
    });
    const texts = concepts.flatMap((c) => c.senses.map((s) => s.text));
    expect(texts.some((t) => t.startsWith('Meaning') || t.includes('⎊'))).toBe(false);
    // Linked once as /term/ and once as /definition/: one concept, reported.
    expect(byTerm(concepts, 'Margin Requirement Calibration').kind).toBe('term');
    expect(report).toContainEqual(expect.objectContaining({ code: 'import.kind-conflict', terms: ['Margin Requirement Calibration'] }));
  });

  it('reports the naming inconsistencies of the data', () => {
    const spelling = report.filter((f) => f.code === 'import.inconsistent-spelling');
    const bs = spelling.find((f) => f.message.includes('"black scholes"'));
    expect(bs?.terms).toEqual(expect.arrayContaining(['Black Scholes Model On-Chain', 'Black-Scholes Model Verification']));
    const bsm = spelling.find((f) => f.message.includes('"scholes merton"'));
    expect(bsm?.terms).toEqual(['Black Scholes Merton Model Adaptation', 'Black-Scholes-Merton Model', 'Black-Scholes-Merton Model Limitations']);
    expect(report).toContainEqual(
      expect.objectContaining({
        code: 'import.number-variant',
        terms: ['Black-Scholes Model Vulnerabilities', 'Black-Scholes Model Vulnerability'],
      }),
    );
    expect(report).toContainEqual(
      expect.objectContaining({
        code: 'import.definition-names-other-term',
        terms: ['Hybrid DeFi Model Optimization', 'Adaptive Volatility Oracle Framework'],
      }),
    );
    // "Using AI to optimize…" names no other term; "Black-Scholes Integration…" abbreviates its own.
    const named = report.filter((f) => f.code === 'import.definition-names-other-term').map((f) => f.terms?.[0]);
    expect(named).not.toContain('Machine Learning Finance');
    expect(named).not.toContain('Black-Scholes Model Integration');
    expect(codes(report)).not.toContain('import.markdown-jsonld-mismatch');
    expect(codes(report)).not.toContain('import.malformed');
  });

  it('is deterministic and independent of the order of the pages', () => {
    const again = importGreeksLive([...realPages()].reverse());
    expect(again).toEqual({ concepts, report });
    expect(JSON.stringify(again)).toBe(JSON.stringify({ concepts, report }));
  });
});

describe('importGreeksLive on small pages', () => {
  it('reads a consistent page without findings', () => {
    const { concepts, report } = importGreeksLive([{ name: 'a.md', text: makePage('Toy Area', [{ name: 'Toy Term' }]) }]);
    expect(report).toEqual([]);
    expect(concepts.map((c) => [preferredTerm(c), c.kind, c.senses[0]?.text])).toEqual([
      ['Toy Area', 'area', 'Algorithms of Toy Area.'],
      ['Toy Term', 'term', 'Toy Term is a thing.'],
    ]);
    expect(byTerm(concepts, 'Toy Area').senses[0]?.source).toBe('https://term.greeks.live/area/toy-area/');
  });

  it('reports truncated JSON-LD and keeps the Markdown terms', () => {
    const text = makePage('Toy Area', [{ name: 'Toy Term' }], { collectionJson: '```json\n{ "@type": "CollectionPage", "hasPart": [\n' });
    const { concepts, report } = importGreeksLive([{ name: 'a.md', text }]);
    expect(report.filter((f) => f.code === 'import.malformed').map((f) => f.message)).toEqual([
      expect.stringMatching(/^JSON-LD block 3 does not parse/),
      'no readable CollectionPage JSON-LD',
    ]);
    expect(report.every((f) => f.page === 'a.md')).toBe(true);
    expect(byTerm(concepts, 'Toy Term').senses[0]?.text).toBe('Toy Term is a thing.');
  });

  it('reports a missing definition and keeps the term', () => {
    const { concepts, report } = importGreeksLive([
      { name: 'a.md', text: makePage('Toy Area', [{ name: 'Bare Term', md: null, json: '' }, { name: 'Next Term' }]) },
    ]);
    expect(byTerm(concepts, 'Bare Term').senses).toEqual([]);
    expect(byTerm(concepts, 'Next Term').senses).toHaveLength(1);
    expect(report).toEqual([expect.objectContaining({ code: 'import.missing-definition', terms: ['Bare Term'] })]);
  });

  it('keeps hostile definitions as plain data without breaking parsing', () => {
    const hostile = 'Meaning ⎊ <script>alert(1)</script> and [x](command:foo) ## [Fake](https://evil/) ⎊ Definition';
    const { concepts } = importGreeksLive([{ name: 'a.md', text: makePage('Toy Area', [{ name: 'Evil Term', md: hostile }, { name: 'Next Term' }]) }]);
    expect(byTerm(concepts, 'Evil Term').senses[0]?.text).toBe('<script>alert(1)</script> and [x](command:foo) ## [Fake](https://evil/)');
    expect(concepts.map(preferredTerm)).toEqual(['Evil Term', 'Next Term', 'Toy Area']);
  });

  it('cross-checks the Markdown against the JSON-LD and keeps the Markdown', () => {
    const text = makePage(
      'Toy Area',
      [
        { name: 'Renamed Term', headline: 'Other Name' },
        { name: 'Redefined Term', json: 'Something else.' },
        { name: 'Markdown Only', notInJson: true },
      ],
      { extraParts: [{ name: 'Json Only', json: 'Only in JSON.' }] },
    );
    const { concepts, report } = importGreeksLive([{ name: 'a.md', text }]);
    const mismatches = report.filter((f) => f.code === 'import.markdown-jsonld-mismatch');
    expect(mismatches.map((f) => f.terms)).toEqual([['Renamed Term', 'Other Name'], ['Redefined Term'], ['Json Only'], ['Markdown Only']]);
    expect(byTerm(concepts, 'Renamed Term').forms.map((f) => f.text)).toEqual(['Renamed Term']);
    expect(byTerm(concepts, 'Redefined Term').senses[0]?.text).toBe('Redefined Term is a thing.');
    expect(byTerm(concepts, 'Json Only').senses[0]?.text).toBe('Only in JSON.');
  });

  it('never throws on text that is not a page', () => {
    for (const text of ['', 'hello', '```json\n{', '# Title ⎊ Area\n## [x](', '## Raw Schema Data\n```json\n[1,2]\n```']) {
      const { report } = importGreeksLive([{ name: 'x.md', text }]);
      expect(codes(report)).toContain('import.malformed');
    }
  });

  it('detects separator and capitalisation variants of word pairs and number variants generally', () => {
    const text = makePage('Toy Area', [
      { name: 'Real-Time Risk' },
      { name: 'Real Time Calibration' },
      { name: 'Real-time Pricing' },
      { name: 'Margin Engines' },
      { name: 'Margin Engine' },
    ]);
    const { report } = importGreeksLive([{ name: 'a.md', text }]);
    const spelling = report.filter((f) => f.code === 'import.inconsistent-spelling');
    expect(spelling).toHaveLength(1);
    expect(spelling[0]?.message).toBe(
      'the words "real time" are written 3 ways: "Real Time" (Real Time Calibration); "Real-Time" (Real-Time Risk); "Real-time" (Real-time Pricing)',
    );
    expect(report).toContainEqual(expect.objectContaining({ code: 'import.number-variant', terms: ['Margin Engine', 'Margin Engines'] }));
  });

  it('merges a term linked from two pages, senses in page-name order', () => {
    const a = makePage('Area B', [{ name: 'Shared Term', md: 'Second.' }]);
    const b = makePage('Area A', [{ name: 'Shared Term', md: 'First.' }]);
    const { concepts, report } = importGreeksLive([
      { name: 'b.md', text: a },
      { name: 'a.md', text: b },
    ]);
    const shared = byTerm(concepts, 'Shared Term');
    expect(shared.senses.map((s) => s.text)).toEqual(['First.', 'Second.']);
    expect(shared.areas).toEqual(['Area A', 'Area B']);
    expect(report).toContainEqual(expect.objectContaining({ code: 'import.multiple-senses', message: expect.stringContaining('2 different definitions') }));
  });
});

function concept(entry: ConceptEntry): Concept {
  return conceptFromEntry(entry);
}

describe('applyOverlay', () => {
  const base = [
    concept({ term: 'Black-Scholes-Merton Model', kind: 'definition', definitions: ['Base.'] }),
    concept({ term: 'Heston Model', aliases: ['Heston'] }),
    concept({ term: 'Toy Area', kind: 'area' }),
  ];

  it('augments a matching concept with forms, senses, related and areas', () => {
    const { concepts, report } = applyOverlay(base, [
      concept({
        term: 'black scholes merton model',
        aliases: ['Black-Scholes Model', 'Black Scholes Model'],
        abbreviations: ['BSM'],
        deprecated: [{ form: 'B-S Model', reason: 'ambiguous abbreviation' }],
        forbidden: ['BS Model'],
        definitions: ['Base.', 'Overlay.'],
        related: ['Heston Model'],
        areas: ['Options Pricing'],
      }),
    ]);
    expect(report).toEqual([]);
    const bsm = byTerm(concepts, 'Black-Scholes-Merton Model');
    expect(bsm.kind).toBe('definition');
    expect(bsm.forms.map((f) => [f.text, f.status, f.type, f.reason])).toEqual([
      ['Black-Scholes-Merton Model', 'preferred', 'fullForm', undefined],
      ['Black-Scholes Model', 'admitted', 'variant', undefined],
      ['BSM', 'admitted', 'abbreviation', undefined],
      ['B-S Model', 'deprecated', 'variant', 'ambiguous abbreviation'],
      ['BS Model', 'forbidden', 'variant', undefined],
    ]);
    expect(bsm.senses.map((s) => s.text)).toEqual(['Base.', 'Overlay.']);
    expect(bsm.related).toEqual(['Heston Model']);
    expect(bsm.areas).toEqual(['Options Pricing']);
    expect(base[0]?.forms).toHaveLength(1);
  });

  it('changes kind only when the overlay sets a kind other than term', () => {
    const { concepts } = applyOverlay(base, [concept({ term: 'Toy Area' }), concept({ term: 'Heston Model', kind: 'definition' })]);
    expect(byTerm(concepts, 'Toy Area').kind).toBe('area');
    expect(byTerm(concepts, 'Heston Model').kind).toBe('definition');
  });

  it('adds unmatched concepts, and reports them, conflicting forms and unknown related terms', () => {
    const { concepts, report } = applyOverlay(base, [
      concept({ term: 'SABR Model', related: ['Nowhere Model'] }),
      concept({ term: 'Toy Area', aliases: ['Heston'] }),
    ]);
    expect(concepts.map(preferredTerm)).toEqual(['Black-Scholes-Merton Model', 'Heston Model', 'SABR Model', 'Toy Area']);
    expect(report.map((f) => [f.severity, f.code, f.terms])).toEqual([
      ['info', 'import.overlay-new-concept', ['SABR Model']],
      ['warning', 'import.overlay-conflict', ['Heston', 'Toy Area']],
      ['warning', 'import.unknown-related', ['SABR Model', 'Nowhere Model']],
    ]);
    expect(byTerm(concepts, 'Toy Area').forms).toHaveLength(1);
  });

  it('augments the concept owning an alias named as the overlay term', () => {
    const { concepts, report } = applyOverlay(base, [concept({ term: 'Heston', abbreviations: ['HM'] })]);
    expect(report).toEqual([]);
    expect(byTerm(concepts, 'Heston Model').forms.map((f) => f.text)).toEqual(['Heston Model', 'Heston', 'HM']);
  });

  it('applies the checked-in overlay to the real pages without a stray term', () => {
    const overlay = parseGlossaryText(readFileSync(join(ROOT, 'glossary/overlay.glossary.yaml'), 'utf8'), 'overlay.glossary.yaml');
    expect(overlay.problems).toEqual([]);
    const { concepts, report } = applyOverlay(importGreeksLive(realPages()).concepts, overlay.concepts);
    expect(report).toEqual([]);
    expect(concepts).toHaveLength(107);
    const find = (form: string): string | undefined => {
      const c = concepts.find((x) => x.forms.some((f) => f.text === form));
      return c && preferredTerm(c);
    };
    expect(find('BSM')).toBe('Black-Scholes-Merton Model');
    expect(find('SVJD')).toBe('Stochastic Volatility Jump-Diffusion Model');
    expect(find('MJD')).toBe('Merton Jump Diffusion Model');
    expect(find('Hybrid Pricing Model')).toBe('Hybrid Pricing Models');
    expect(byTerm(concepts, 'Heston Model').related).toContain('Stochastic Volatility Jump-Diffusion Model');
  });
});

/** An io over the repository that records writes and output. */
function repoIo(): ImportIo & { files: Map<string, string>; out: string; err: string } {
  const io = {
    files: new Map<string, string>(),
    out: '',
    err: '',
    readFile: async (path: string) => readFileSync(resolve(ROOT, path), 'utf8'),
    writeFile: async (path: string, text: string) => void io.files.set(path, text),
    stdout: (text: string) => void (io.out += text),
    stderr: (text: string) => void (io.err += text),
  };
  return io;
}

describe('termlens import greeks-live', () => {
  const pagePaths = readdirSync(join(ROOT, SOURCES))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `${SOURCES}/${f}`);
  const buildArgs = [
    ...[...pagePaths].reverse(),
    // The overlays as `npm run build:glossary` passes them: the curated overlay, then the core glossary.
    ...[...readFileSync(join(ROOT, 'package.json'), 'utf8').matchAll(/--overlay (\S+)/g)].flatMap((m) => ['--overlay', m[1]!]),
    '--out',
    'glossary/bundled.glossary.json',
    '--report',
    'glossary/IMPORT-REPORT.md',
  ];

  it('rejects bad usage and unreadable pages with exit code 2', async () => {
    for (const [args, message] of [
      [[], 'no pages given'],
      [['a.md', '--frobnicate'], 'unknown option --frobnicate'],
      [['a.md', '--out'], '--out needs a file'],
      [['missing/page.md'], 'cannot read page missing/page.md'],
    ] as const) {
      const io = repoIo();
      expect(await runImportGreeksLive(args, io)).toBe(2);
      expect(io.err.split('\n')[0]).toContain(message);
      expect(io.files.size).toBe(0);
    }
  });

  it('prints the glossary to stdout and the findings to stderr without --out', async () => {
    const io = repoIo();
    expect(await runImportGreeksLive([`${SOURCES}/calibration-challenges.md`], io)).toBe(0);
    const file = JSON.parse(io.out) as { version: number; concepts: ConceptEntry[] };
    expect(file.version).toBe(1);
    expect(file.concepts.map((c) => c.term)).toContain('Heston Model');
    expect(io.err).toMatch(/^info import\.multiple-senses: "Calibration Challenges" has 2 different definitions/m);
    expect(io.err).toMatch(/^termlens import greeks-live: 1 page: 30 concepts, 30 forms, 2 findings \(1 warning\)$/m);
  });

  it('exits 1 without writing when the overlay has errors', async () => {
    const io = repoIo();
    io.readFile = async (path: string) => (path === 'bad.yaml' ? 'concepts: [{ aliases: [x] }]' : readFileSync(resolve(ROOT, path), 'utf8'));
    expect(await runImportGreeksLive([...pagePaths, '--overlay', 'bad.yaml', '--out', 'x.json'], io)).toBe(1);
    expect(io.files.size).toBe(0);
  });

  it('reproduces the checked-in bundled glossary and import report byte for byte', async () => {
    const io = repoIo();
    expect(await runImportGreeksLive(buildArgs, io)).toBe(0);
    const bundled = io.files.get('glossary/bundled.glossary.json');
    expect(bundled).toBe(readFileSync(join(ROOT, 'glossary/bundled.glossary.json'), 'utf8'));
    expect(io.files.get('glossary/IMPORT-REPORT.md')).toBe(readFileSync(join(ROOT, 'glossary/IMPORT-REPORT.md'), 'utf8'));
    expect(io.out).toBe('termlens import greeks-live: 5 pages: 1011 concepts, 2028 forms, 944 findings (36 warnings); wrote glossary/bundled.glossary.json\n');
    const again = repoIo();
    await runImportGreeksLive(buildArgs, again);
    expect(again.files).toEqual(io.files);
    const loaded = parseGlossaryText(bundled ?? '', 'bundled.glossary.json');
    expect(loaded.problems).toEqual([]);
    expect(loaded.concepts).toHaveLength(1011);
  });
});
