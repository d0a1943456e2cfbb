import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateGlossary, generateNote, mulberry32 } from '../../bench/lib/generate.mjs';
import { createTermService } from '../../server/src/core/service';
import type { ParsedDocument } from '../../server/src/core/text/document';
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
