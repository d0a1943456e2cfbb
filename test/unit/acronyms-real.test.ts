/**
 * acronym.undefined on the real-world corpus (../shared/corpus, outside the repository): the
 * control folders of ordinary non-finance text must give almost no findings. Skipped when the
 * corpus is absent.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeDiagnostics } from '../../server/src/core/features/diagnostics';
import { parse, repoRoot } from './helpers';

const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus', 'real-docs');
const controls = ['expressjs+express', 'sindresorhus+awesome'];
const present = controls.every((c) => existsSync(path.join(corpus, c)));

function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...markdownFiles(file));
    else if (/\.(?:md|mdx|markdown)$/i.test(name)) out.push(file);
  }
  return out;
}

if (!present) console.warn(`acronyms-real: skipped, corpus not found at ${corpus}`);

describe.skipIf(!present)('acronym.undefined on the control folders of ../shared/corpus/real-docs', () => {
  it('gives at most 3 findings in the non-finance control folders', () => {
    const found: string[] = [];
    for (const folder of controls) {
      for (const file of markdownFiles(path.join(corpus, folder))) {
        const text = readFileSync(file, 'utf8');
        for (const d of computeDiagnostics(parse(text, 'markdown'))) {
          if (d.code === 'acronym.undefined') found.push(`${path.relative(corpus, file)}: ${text.slice(d.data.start, d.data.end)}`);
        }
      }
    }
    expect(found.length, found.join('\n')).toBeLessThanOrEqual(3);
  });
});
