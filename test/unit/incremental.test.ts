import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateGlossary, generateNote, mulberry32 } from '../../bench/lib/generate.mjs';
import { createTermService } from '../../server/src/core/service';
import { computeDiagnostics, findDiagnostics, type DiagnosticOptions } from '../../server/src/core/features/diagnostics';
import type { ParsedDocument } from '../../server/src/core/text/document';
import type { Occurrence } from '../../server/src/core/text/matcher';
import { dictionary, repoRoot } from './helpers';

/** A service with the bundled glossary and a generated one, as `npm run bench` uses them. */
function benchService() {
  const service = createTermService({ dictionary });
  const bundledText = readFileSync(path.join(repoRoot, 'glossary', 'bundled.glossary.json'), 'utf8');
  const generated = generateGlossary(3000, 11);
  service.store.setFile('file:///bundled.glossary.json', bundledText, 'bundled');
  service.store.setFile('file:///generated.glossary.json', JSON.stringify(generated), 'workspace');
  return { service, glossaries: { bundled: JSON.parse(bundledText), generated } };
}

/** Everything a parse yields that features use, comparable. */
function summary(service: ReturnType<typeof createTermService>, doc: ParsedDocument): unknown {
  return {
    regions: doc.regions.map((r) => [r.kind, r.start, r.end, r.tokens.map((t) => [t.start, t.end, t.wordEnd, t.norm, t.sep])]),
    occurrences: doc.occurrences.map((o) => [o.start, o.end, o.match, o.ref.concept, o.ref.form, o.tokens.length]),
    suppressions: doc.suppressions,
    diagnostics: service.diagnostics(doc),
  };
}

describe('incremental parsing', () => {
  it('gives the same diagnostics as a full parse after random edits in the middle of a 1 MB note', () => {
    const { service, glossaries } = benchService();
    let text = generateNote(1 << 20, glossaries, 5).text;
    expect(text.length).toBeGreaterThan(1_000_000);
    const random = mulberry32(17);
    const inserts = [
      'x',
      ' ',
      '\n',
      '\n\n',
      'Hesten Model ',
      'BS Model',
      '*',
      '**',
      '`',
      '[',
      '](u)',
      '```\n',
      '# ',
      '- ',
      '> ',
      '| a |\n|---|\n',
      '<!-- termlens-disable -->',
      '[d]: https://x.org\n\n',
      '$',
    ];
    let doc = service.parse(text, 'markdown');
    let reusedChunks = 0;
    for (let edit = 0; edit < 12; edit++) {
      const at = Math.floor(text.length / 3 + random() * (text.length / 3));
      const remove = random() < 0.4 ? Math.floor(random() * 40) : 0;
      text = text.slice(0, at) + inserts[Math.floor(random() * inserts.length)]! + text.slice(at + remove);
      const previousChunks = new Set(doc.markdown!.scan.chunks.map((c) => c.scan));
      doc = service.parse(text, 'markdown', { previous: doc });
      reusedChunks += doc.markdown!.scan.chunks.filter((c) => previousChunks.has(c.scan)).length / doc.markdown!.scan.chunks.length;
      expect(summary(service, doc)).toEqual(summary(service, service.parse(text, 'markdown')));
    }
    // Nearly every chunk was reused each time: the comparison is of incremental work, not of two full parses.
    expect(reusedChunks / 12).toBeGreaterThan(0.9);
  }, 120_000);
});

/** What the note rules react to, inserted by the random edits below (definitions, uses, suppressions, blocks). */
const NOTE_SNIPPETS = [
  ' Central Limit Order Book (CLOB) ',
  ' the CLOB ',
  ' CLOBs ',
  ' ZQXW ',
  ' Zonal Quota Exchange Window (ZQXW) ',
  ' liquidity provider, or LP ',
  ' an LP ',
  ' ARRC ',
  ' Alternative Reference Rates Committee ',
  ' annualized return ',
  ' annualised return ',
  ' alpha ',
  ' beta and carry ',
  ' Hesten Model ',
  ' BS Model ',
  '\n<!-- termlens-disable-next-line -->\n',
  '<!-- termlens-disable-line term.variant -->',
  '\n<!-- termlens-disable acronym.undefined -->\n',
  '\n<!-- termlens-enable -->\n',
  '\n\n## Risk Metrics\n\n',
  '\n# ',
  '\n```\n',
  '\n$$\n',
  '\n\n| ARRC | Alternative Reference Rates Committee |\n|---|---|\n\n',
  '\n- [pybbg](https://x.org) - ZQXW tools\n',
  'x',
  ' ',
  '\n',
  '\n\n',
  '*',
  '`',
  '[',
  '](u)',
];

describe('incremental diagnostics', () => {
  // Per seed, a generated note with the note rules' material spread over it, then random edits:
  // inserts, deletions (some across chunk boundaries), a character turned into a line break (lines
  // move, offsets do not), definitions removed. After each, the findings of the document parsed
  // from its previous version (whose chunks' findings are cached) are those of a fresh parse.
  // Every rule's findings are among those compared, over the seeds together (one seed's edits may not make them all).
  const codes = new Set<string>();
  it.each([3, 8, 21])(
    'gives the findings of a fresh parse after random edits (seed %i)',
    (seed) => {
      const { service, glossaries } = benchService();
      const random = mulberry32(seed);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
      let text = generateNote(48 * 1024, glossaries, seed).text;
      for (let i = 0; i < 24; i++) {
        const at = text.indexOf('\n\n', Math.floor(random() * text.length));
        if (at >= 0) text = text.slice(0, at) + pick(NOTE_SNIPPETS.slice(0, 15)) + text.slice(at);
      }
      const optionSets: DiagnosticOptions[] = [{}, { knownAcronyms: ['ZQXW', 'LP'] }, { severities: { 'term.variant': 'off', 'acronym.undefined': 'hint' } }];
      let doc = service.parse(text, 'markdown');
      let reused = 0;
      const edits = 40;
      for (let edit = 0; edit < edits; edit++) {
        const boundaries = doc.markdown!.scan.chunks.map((c) => c.start).filter((s) => s > 0);
        const kind = random();
        if (kind < 0.3) {
          const at = Math.floor(random() * text.length);
          text = text.slice(0, at) + pick(NOTE_SNIPPETS) + text.slice(at);
        } else if (kind < 0.5) {
          // Across (or right at) the start of a chunk.
          const at = Math.max(0, pick(boundaries) - Math.floor(random() * 40));
          const remove = random() < 0.5 ? Math.floor(random() * 80) : 0;
          text = text.slice(0, at) + (remove > 0 ? '' : pick(NOTE_SNIPPETS)) + text.slice(at + remove);
        } else if (kind < 0.65) {
          const at = Math.floor(random() * text.length);
          text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 40));
        } else if (kind < 0.8) {
          // The same length: every later offset stays, every later line moves.
          const at = Math.floor(random() * text.length);
          text = text.slice(0, at) + (text[at] === '\n' ? ' ' : '\n') + text.slice(at + 1);
        } else {
          const definition = pick(['(CLOB)', '(ZQXW)', ', or LP', 'Alternative Reference Rates Committee', '<!-- termlens-enable -->']);
          const at = text.indexOf(definition, Math.floor(random() * text.length));
          if (at >= 0) text = text.slice(0, at) + text.slice(at + definition.length);
        }
        const previousChunks = new Set(doc.markdown!.scan.chunks.map((c) => c.scan));
        doc = service.parse(text, 'markdown', { previous: doc });
        reused += doc.markdown!.scan.chunks.filter((c) => previousChunks.has(c.scan)).length / doc.markdown!.scan.chunks.length;
        const fresh = service.parse(text, 'markdown');
        expect(doc.occurrences.map(occurrenceKey)).toEqual(fresh.occurrences.map(occurrenceKey));
        const options = optionSets[edit % optionSets.length]!;
        const found = findDiagnostics(doc, options);
        expect(found).toEqual(findDiagnostics(fresh, options));
        expect(computeDiagnostics(doc, options)).toEqual(computeDiagnostics(fresh, options));
        for (const f of found) codes.add(f.code);
      }
      // The edits reused most chunks.
      expect(reused / edits).toBeGreaterThan(0.8);
    },
    120_000,
  );

  it('compared the findings of every rule over the seeds', () => {
    expect([...codes].sort()).toEqual(
      expect.arrayContaining(['acronym.before-definition', 'acronym.undefined', 'term.inconsistent', 'term.misspelled', 'term.variant']),
    );
  });
});

function occurrenceKey(o: Occurrence): unknown {
  return [o.start, o.end, o.match, o.ref.concept, o.ref.form, o.tokens.map((t) => [t.start, t.end, t.wordEnd])];
}
