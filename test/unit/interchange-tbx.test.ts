/**
 * `termlens import tbx` and `termlens export tbx` as pure functions: TBX 2019 and TBX 2008 read,
 * statuses and term types, definitions and sources, broken and hostile XML (malformed, entity
 * expansion, external entities), escaping of what is written, and the round trip export → import.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { conceptFromEntry } from '../../server/src/core/glossary/format';
import type { InterchangeFinding } from '../../server/src/core/glossary/interchange/findings';
import { glossaryToTbx, parseTbx, parseTbxText } from '../../server/src/core/glossary/interchange/tbx';
import { checkGlossaryFile, glossaryFileText } from '../../server/src/core/glossary/interchange/write';
import { checkDoctype, parseXml } from '../../server/src/core/glossary/interchange/xml';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import type { Concept } from '../../server/src/core/glossary/model';
import { repoRoot } from './helpers';

function brief(findings: readonly InterchangeFinding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.code}${f.line !== undefined ? ` ${f.line}` : ''}`);
}

function concepts(yaml: string): Concept[] {
  const result = parseGlossaryText(yaml, 'file:///g.glossary.yaml');
  expect(result.problems).toEqual([]);
  return [...result.concepts];
}

/** What a TBX round trip keeps of a concept: forms with status, type and reason, definitions with sources, examples, notes, related, areas. */
function kept(c: Concept): unknown {
  return {
    forms: c.forms.map((f) => `${f.status}/${f.type}: ${f.text}${f.reason ? ` (${f.reason})` : ''}`),
    senses: c.senses.map((s) => ({ text: s.text, source: s.source })),
    related: c.related,
    areas: c.areas,
    notes: c.notes ?? [],
    examples: c.examples ?? [],
  };
}

const TBX_2019 = `<?xml version="1.0" encoding="UTF-8"?>
<tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
  <text>
    <body>
      <conceptEntry id="c1">
        <descrip type="subjectField">Options Pricing</descrip>
        <ref type="crossReference" target="c2">Heston Model</ref>
        <langSec xml:lang="en">
          <descripGrp>
            <descrip type="definition">The canonical option pricing model.</descrip>
            <admin type="source">https://example.org/bsm</admin>
          </descripGrp>
          <termSec>
            <term>Black-Scholes-Merton Model</term>
            <termNote type="termType">fullForm</termNote>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            <descrip type="context">We price it with the BSM.</descrip>
          </termSec>
          <termSec>
            <term>BSM</term>
            <termNote type="termType">acronym</termNote>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
          </termSec>
          <termSec>
            <term>Black-Scholes Model</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
          </termSec>
          <termSec>
            <term>B-S Model</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
            <note>Ambiguous.</note>
          </termSec>
          <termSec>
            <term>BS Model</term>
            <termNote type="administrativeStatus">supersededTerm-admn-sts</termNote>
          </termSec>
        </langSec>
        <langSec xml:lang="de">
          <termSec><term>Black-Scholes-Modell</term></termSec>
        </langSec>
      </conceptEntry>
      <conceptEntry id="c2">
        <langSec xml:lang="en-GB">
          <descrip type="definition">A stochastic volatility model.</descrip>
          <termSec><term>Heston Model</term></termSec>
        </langSec>
      </conceptEntry>
      <conceptEntry id="c3">
        <langSec xml:lang="fr"><termSec><term>modèle</term></termSec></langSec>
      </conceptEntry>
    </body>
  </text>
</tbx>
`;

describe('TBX import', () => {
  it('reads TBX 2019: statuses, term types, definitions with sources, examples, related entries and subject fields', () => {
    const result = parseTbxText(TBX_2019);
    expect(result.entries).toEqual([
      {
        term: 'Black-Scholes-Merton Model',
        aliases: ['Black-Scholes Model'],
        abbreviations: ['BSM'],
        deprecated: [
          { form: 'B-S Model', reason: 'Ambiguous.' },
          { form: 'BS Model', reason: 'superseded' },
        ],
        definitions: [{ text: 'The canonical option pricing model.', source: 'https://example.org/bsm' }],
        examples: ['We price it with the BSM.'],
        related: ['Heston Model'],
        areas: ['Options Pricing'],
      },
      { term: 'Heston Model', definitions: ['A stochastic volatility model.'] },
    ]);
    expect(result.findings.map((f) => f.message)).toEqual(['1 entry has no term in "en" (languages in the file: de, fr); skipped']);
  });

  it('reads another language with --lang', () => {
    const result = parseTbxText(TBX_2019, { lang: 'de' });
    expect(result.entries).toEqual([{ term: 'Black-Scholes-Modell', areas: ['Options Pricing'] }]);
    expect(result.findings.map((f) => f.message)).toEqual([
      '2 entries have no term in "de" (languages in the file: en, en-GB, fr); skipped',
      'entry "c1": the related term "Heston Model" names no imported concept; left out',
    ]);
  });

  it('reads TBX 2008 (martif, termEntry, langSet, tig and ntig) with a declared encoding', () => {
    const tbx = `<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>old</p></sourceDesc></fileDesc></martifHeader>
  <text><body>
    <termEntry id="t1">
      <descrip type="subjectField">Volatility</descrip>
      <langSet xml:lang="en-US">
        <descripGrp><descrip type="definition">Expected volatility implied by an option price.</descrip><admin type="source">ISO 1087</admin></descripGrp>
        <tig><term>implied volatility</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>IV</term><termNote type="termType">abbreviation</termNote></tig>
        <ntig><termGrp><term>implied vol</term><termNote type="termType">shortForm</termNote></termGrp></ntig>
        <tig><term>caf\xe9 vol</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote><note>forbidden</note><note>Slang.</note></tig>
      </langSet>
    </termEntry>
  </body></text>
</martif>`;
    const bytes = Uint8Array.from(tbx, (c) => c.charCodeAt(0));
    const result = parseTbx(bytes);
    expect(result.entries).toEqual([
      {
        term: 'implied volatility',
        abbreviations: ['IV', 'implied vol'],
        forbidden: [{ form: 'café vol', reason: 'Slang.' }],
        definitions: ['Expected volatility implied by an option price.'],
        areas: ['Volatility'],
      },
    ]);
    // "ISO 1087" is a citation, not a URI: the definition is kept without it.
    expect(brief(result.findings)).toEqual(['warning interchange.source 6']);
  });

  it('reads DCT-style data categories (prefixed elements)', () => {
    const tbx = `<tbx style="dct" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2" xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <text><body><conceptEntry id="a">
    <min:subjectField>Rates</min:subjectField>
    <langSec xml:lang="en">
      <basic:definition>A swap of fixed for floating interest.</basic:definition>
      <termSec><term>interest rate swap</term><min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>
      <termSec><term>IRS</term><basic:termType>acronym</basic:termType></termSec>
    </langSec>
  </conceptEntry></body></text></tbx>`;
    expect(parseTbxText(tbx).entries).toEqual([
      { term: 'interest rate swap', abbreviations: ['IRS'], definitions: ['A swap of fixed for floating interest.'], areas: ['Rates'] },
    ]);
  });

  it('warns of unknown status and type values and skips an entry with only deprecated terms', () => {
    const tbx = `<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="a"><langSec xml:lang="en">
  <termSec><term>rho</term><termNote type="administrativeStatus">maybeTerm</termNote><termNote type="termType">weird</termNote></termSec>
</langSec></conceptEntry>
<conceptEntry id="b"><langSec xml:lang="en"><termSec><term>old</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></termSec></langSec></conceptEntry>
</body></text></tbx>`;
    const result = parseTbxText(tbx);
    expect(result.entries).toEqual([{ term: 'rho' }]);
    expect(brief(result.findings)).toEqual(['warning interchange.status 3', 'warning interchange.status 3', 'warning interchange.skipped 5']);
  });

  describe('errors', () => {
    it('duplicate terms and entries without a term', () => {
      const tbx = `<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body>
<conceptEntry id="a"><langSec xml:lang="en"><termSec><term>vega</term></termSec></langSec></conceptEntry>
<conceptEntry id="b"><langSec xml:lang="en"><termSec><term>Vega</term></termSec></langSec></conceptEntry>
</body></text></tbx>`;
      const result = parseTbxText(tbx);
      expect(result.findings.map((f) => `${f.line} ${f.severity} ${f.message}`)).toEqual([
        '3 error entry "b": the term "Vega" is already the term of entry "a"',
      ]);
    });

    it.each([
      ['an unclosed element', '<tbx><text><body>\n<conceptEntry>\n</body></text></tbx>', 3],
      ['text after the root', '<tbx><text/></tbx>\n<x/>', 2],
      ['an undefined entity', '<tbx><text><body><conceptEntry>\n&nbsp;</conceptEntry></body></text></tbx>', 2],
      ['not XML at all', 'term,definition\nvega,x\n', 1],
    ])('malformed XML: %s, at its line', (_name, text, line) => {
      const result = parseTbxText(text);
      expect(brief(result.findings)).toEqual([`error interchange.syntax ${line}`]);
      expect(result.entries).toEqual([]);
    });

    it('a root that is not TBX', () => {
      expect(parseTbxText('<glossary><term>x</term></glossary>').findings.map((f) => f.message)).toEqual([
        'not a TBX document: the root element is <glossary>, not <tbx> or <martif>',
      ]);
    });

    it('an undeclared encoding that is not UTF-8', () => {
      const bytes = new Uint8Array([...new TextEncoder().encode('<tbx><text><body>\n<x>caf'), 0xe9, ...new TextEncoder().encode('</x></body></text></tbx>')]);
      expect(brief(parseTbx(bytes).findings)).toEqual(['error interchange.encoding 2']);
    });
  });

  describe('hostile XML', () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE tbx [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<tbx><text><body><conceptEntry><langSec xml:lang="en"><termSec><term>&lol9;</term></termSec></langSec></conceptEntry></body></text></tbx>`;

    it('an entity expansion ("billion laughs") is refused before parsing, at the declaration', () => {
      const started = performance.now();
      const result = parseTbxText(laughs);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(result.entries).toEqual([]);
      expect(brief(result.findings)).toEqual([
        'error interchange.entities 4',
        'error interchange.entities 5',
        'error interchange.entities 6',
        'error interchange.entities 7',
      ]);
      expect(result.findings[0]!.message).toContain('refers to other entities');
    });

    it('external and parameter entities are refused, never fetched', () => {
      const xxe =
        '<?xml version="1.0"?>\n<!DOCTYPE tbx [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n<!ENTITY % p SYSTEM "http://example.invalid/x.dtd">\n]>\n<tbx>&xxe;</tbx>';
      const result = parseTbxText(xxe);
      expect(result.findings.map((f) => f.message)).toEqual([
        'the external entity "xxe" is not read (nothing is fetched)',
        'the parameter entity "p" is not read (no DTD is processed)',
      ]);
    });

    it('a simple entity referenced so often that it would expand past the limit ("quadratic blowup") is refused', () => {
      const big = 'x'.repeat(100_000);
      const text = `<!DOCTYPE tbx [<!ENTITY a "${big}">]>\n<tbx>${'&a;'.repeat(200)}</tbx>`;
      expect(checkDoctype(text).ok).toBe(false);
      expect(brief(parseTbxText(text).findings)).toEqual(['error interchange.entities']);
    });

    it('simple entities are expanded, as RDF/XML files use them for namespaces', () => {
      const parsed = parseXml('<!DOCTYPE r [<!ENTITY ns "https://example.org/">]><r a="&ns;x">&ns;y</r>');
      expect(parsed.ok && parsed.root.attributes.get('a')).toBe('https://example.org/x');
      expect(parsed.ok && parsed.root.content).toEqual(['https://example.org/y']);
    });

    it('elements nested deeper than the limit are an error, not a crash', () => {
      const text = `<tbx>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</tbx>`;
      expect(parseTbxText(text).findings[0]!.message).toBe('malformed XML: elements nest deeper than 256 levels');
    });
  });
});

describe('TBX export', () => {
  const yaml = `concepts:
  - term: Black-Scholes-Merton Model
    aliases: [Black-Scholes Model]
    abbreviations: [BSM]
    deprecated: [{ form: B-S Model, reason: "Ambiguous <b>abbreviation</b> & more." }]
    forbidden: [{ form: BS Model, reason: Slang. }, BSc Model]
    definitions:
      - text: The canonical model; see "quotes" & <tags>.
        source: https://example.org/bsm?a=1&b=2
      - Second line one
        continues.
    examples: [We price with the BSM.]
    notes: [Assumes constant volatility.]
    related: [heston model, Nowhere Model]
    areas: [Options Pricing]
  - term: Heston Model
    kind: area
    definitions: [A stochastic volatility model.]
  - term: "]]> <evil attr=\\"x\\">"
    definitions: ["a bell \\u0001 character"]
`;

  it('writes TBX-Basic with every string escaped, the lossy fields counted', () => {
    const { text, findings } = glossaryToTbx(concepts(yaml));
    expect(text).toContain('<tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">');
    expect(text).toContain('<conceptEntry id="black-scholes-merton-model">');
    expect(text).toContain('<ref type="crossReference" target="heston-model">heston model</ref>');
    expect(text).toContain('<ref type="crossReference">Nowhere Model</ref>');
    expect(text).toContain('<admin type="source">https://example.org/bsm?a=1&amp;b=2</admin>');
    expect(text).toContain('<note>Ambiguous &lt;b&gt;abbreviation&lt;/b&gt; &amp; more.</note>');
    expect(text).toContain('<term>]]&gt; &lt;evil attr="x"&gt;</term>');
    expect(text).toContain('<descrip type="definition">a bell \ufffd character</descrip>');
    expect(text).not.toContain('<evil');
    expect(findings.map((f) => f.message)).toEqual(['TBX-Basic has no place for the kind of 1 concepts (area or definition); left out']);
    const parsed = parseXml(text);
    expect(parsed.ok).toBe(true);
  });

  it('round trip: export → import gives the same concepts (forms, statuses, types, reasons, definitions, sources)', () => {
    const before = concepts(yaml).filter((c) => !c.forms[0]!.text.startsWith(']]>'));
    const imported = parseTbxText(glossaryToTbx(before).text);
    // "Nowhere Model" names no concept: the importer leaves it out and says so.
    expect(imported.findings.map((f) => f.message)).toEqual([
      'entry "black-scholes-merton-model": the related term "Nowhere Model" names no imported concept; left out',
    ]);
    const after = imported.entries.map((e) => kept(conceptFromEntry(e)));
    const expected = before.map(kept) as { related: string[] }[];
    expected[0]!.related = ['heston model'];
    expect(after).toEqual(expected);
  });

  it('round trip of the whole bundled glossary, and the imported file passes the glossary check', () => {
    const file = path.join(repoRoot, 'glossary', 'bundled.glossary.json');
    const before = parseGlossaryText(readFileSync(file, 'utf8'), 'file:///bundled.glossary.json').concepts;
    const { text } = glossaryToTbx(before);
    const imported = parseTbxText(text);
    expect(imported.findings).toEqual([]);
    expect(imported.entries.map((e) => kept(conceptFromEntry(e)))).toEqual(before.map(kept));
    expect(checkGlossaryFile(glossaryFileText(imported.entries), 'file:///round-trip.glossary.yaml')).toEqual([]);
  });
});
