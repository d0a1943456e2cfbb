/**
 * The bundled glossaries on real writing: `../shared/corpus/real-docs` (public finance, trading,
 * DeFi and quant repositories; see its README). Every one of the 60 most frequent finance terms its
 * README lists must hover with a definition where the corpus writes it, and the two non-finance
 * control folders must get no `term.*` finding. Skipped, with a message, when `../shared` is absent.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeDiagnostics } from '../../server/src/core/features/diagnostics';
import { computeHover } from '../../server/src/core/features/hover';
import { languageIdForPath } from '../../server/src/core/text/fileTypes';
import { bundled, parse, repoRoot } from '../unit/helpers';

const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
const realDocs = path.join(corpus, 'real-docs');
const present = existsSync(realDocs);
if (!present) console.warn(`test/corpus: skipped, ${realDocs} is absent (the shared corpus sits beside the repository)`);

/** Every file under `dir` with a language termlens reads, as [path, languageId]. */
function files(dir: string): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(p));
    else {
      const languageId = languageIdForPath(p);
      if (languageId && !p.endsWith('.ipynb')) out.push([p, languageId]);
    }
  }
  return out;
}

/** The terms of the README's table of the 60 most frequent terms that had no hover. */
function listedTerms(): string[] {
  const readme = readFileSync(path.join(corpus, 'README.md'), 'utf8');
  return [...readme.matchAll(/^\| (\d+) \| ([^|]+?) \| \d+ \| \d+ \|$/gm)].map((m) => m[2]!.replace(/\s*\(alone\)$/, ''));
}

describe.skipIf(!present)('real finance writing (../shared/corpus/real-docs)', () => {
  const all = present ? files(realDocs) : [];
  const texts = new Map(all.map(([p]) => [p, readFileSync(p, 'utf8')]));

  it('every one of the 60 listed terms hovers with a definition where the corpus writes it', () => {
    const terms = listedTerms();
    expect(terms).toHaveLength(60);
    const missing: string[] = [];
    for (const term of terms) {
      const pattern = new RegExp(`(?<![\\w-])${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`, 'gi');
      let hovered = false;
      let tried = 0;
      for (const [file, languageId] of all) {
        if (!languageId.startsWith('markdown') && languageId !== 'mdx') continue;
        const text = texts.get(file)!;
        pattern.lastIndex = 0;
        const found = [...text.matchAll(pattern)].slice(0, 5);
        if (found.length === 0) continue;
        const doc = parse(text, 'markdown');
        for (const m of found) {
          const hover = computeHover(doc, m.index! + 1);
          if (hover && /\S/.test(hover.markdown)) hovered = true;
        }
        if (hovered || ++tried >= 60) break;
      }
      if (!hovered) missing.push(term);
    }
    expect(missing, `no hover for: ${missing.join(', ')}`).toEqual([]);
  });

  it('the non-finance control folders get no term.* finding', () => {
    const findings: string[] = [];
    for (const [file, languageId] of all) {
      if (!/[\\/](expressjs\+express|sindresorhus\+awesome)[\\/]/.test(file)) continue;
      const doc = parse(texts.get(file)!, languageId, bundled());
      for (const d of computeDiagnostics(doc))
        if (d.code.startsWith('term.')) findings.push(`${path.relative(realDocs, file)}:${d.range.start.line + 1} ${d.code} ${d.message.slice(0, 80)}`);
    }
    expect(findings).toEqual([]);
  });
});
