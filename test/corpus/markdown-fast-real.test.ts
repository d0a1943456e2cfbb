/**
 * The Markdown fast path (`markdownFast.ts`) on real writing: every chunk of every Markdown file of
 * `../shared/corpus/real-docs` that the chunked scan gives the fast path and that it takes must
 * yield exactly the prose regions remark gives for that chunk; and the chunked scan of a document
 * must equal the remark-only scan of it whole. remark on the whole corpus takes about a minute
 * here, so the whole-document comparison runs on a deterministic sample: every third file in
 * path order (the per-chunk comparison covers every file). Skipped, with a message, when
 * `../shared` is absent.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageIdForPath } from '../../server/src/core/text/fileTypes';
import { markdownRegions, scanMarkdownChunks, type MarkdownScan } from '../../server/src/core/text/markdown';
import { scanSimpleMarkdown } from '../../server/src/core/text/markdownFast';
import { repoRoot } from '../unit/helpers';
import { remarkRegions } from '../unit/markdownFastCompare';

const realDocs = path.resolve(repoRoot, '..', 'shared', 'corpus', 'real-docs');
const present = existsSync(realDocs);
if (!present) console.warn(`test/corpus: markdown-fast-real skipped, ${realDocs} is absent (the shared corpus sits beside the repository)`);

/** Every Markdown file under `dir`, in path order. */
function markdownFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...markdownFiles(p));
    else if (languageIdForPath(p) === 'markdown') out.push(p);
  }
  return out;
}

/** Regions and suppressions of a scan, comparable. */
function result(scan: MarkdownScan): { regions: [number, number][]; suppressions: unknown } {
  return { regions: markdownRegions(scan).map((r) => [r.start, r.end]), suppressions: scan.suppressions };
}

describe.skipIf(!present)('the Markdown fast path on real writing (../shared/corpus/real-docs)', () => {
  const files = present ? markdownFiles(realDocs) : [];
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const scans = new Map<string, MarkdownScan>();

  it('takes most of the bytes, and every chunk it takes has remark’s regions', () => {
    let bytes = 0;
    let fastBytes = 0;
    let fastChunks = 0;
    const differing: string[] = [];
    for (const file of files) {
      const text = texts.get(file)!;
      const scan = scanMarkdownChunks(text);
      scans.set(file, scan);
      const context = { noDefinitions: scan.definitions.length === 0, definitions: scan.definitions };
      for (const chunk of scan.chunks) {
        bytes += chunk.text.length;
        const atStart = chunk.start === 0;
        // The chunks the scan took the fast path for: the fast path is deterministic.
        const fast = scanSimpleMarkdown(chunk.text, atStart, undefined, context);
        if (!fast) continue;
        fastChunks++;
        fastBytes += chunk.text.length;
        const got = fast.map((r) => chunk.text.slice(r.start, r.end));
        const want = remarkRegions(chunk.text, atStart, scan.definitions);
        if (JSON.stringify(got) !== JSON.stringify(want))
          differing.push(`${path.relative(realDocs, file)} @${chunk.start}: ${JSON.stringify(chunk.text.slice(0, 200))}`);
      }
    }
    expect(differing, differing.slice(0, 5).join('\n')).toEqual([]);
    // The comparison is not vacuous: thousands of chunks, most of the bytes (82.7 % when this was written).
    expect(fastChunks).toBeGreaterThan(3000);
    expect(fastBytes / bytes).toBeGreaterThan(0.75);
  });

  it('scans sampled documents in chunks exactly as remark scans them whole', () => {
    const sample = files.filter((_file, i) => i % 3 === 0);
    expect(sample.length).toBeGreaterThan(500);
    const differing: string[] = [];
    for (const file of sample) {
      const text = texts.get(file)!;
      const chunked = scans.get(file) ?? scanMarkdownChunks(text);
      if (JSON.stringify(result(chunked)) !== JSON.stringify(result(scanMarkdownChunks(text, undefined, { whole: true }))))
        differing.push(path.relative(realDocs, file));
    }
    expect(differing).toEqual([]);
  });
});
