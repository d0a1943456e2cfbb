/**
 * The comparison the fast-path differential tests make (`markdownFast.test.ts` on generated and
 * mutated chunks, `test/corpus/markdown-fast-real.test.ts` on the real-world corpus): a chunk's
 * prose regions from the fast path against remark's, as source slices.
 */

import { markdownRegions, scanMarkdownChunk, scanMarkdownChunks } from '../../server/src/core/text/markdown';
import { scanSimpleMarkdown } from '../../server/src/core/text/markdownFast';

/**
 * remark's prose regions of `md` parsed on its own, as source slices: as the start of a document
 * (front matter allowed) or, with `atStart` false, as a later chunk of one; with the document's
 * `definitions` after it (at the start) or before it, as the chunked scan parses chunks.
 */
export function remarkRegions(md: string, atStart = true, definitions: readonly string[] = []): string[] {
  // The document's definitions, as the chunked scan hands them to remark with a chunk.
  const preamble = definitions.map((d) => `[${d}]: x\n\n`).join('');
  const regions =
    atStart && definitions.length === 0
      ? markdownRegions(scanMarkdownChunks(md, undefined, { whole: true }))
      : (scanMarkdownChunk({ chunk: md, nextLine: '', before: atStart ? '' : preamble, after: atStart ? preamble : '', atStart })?.regions ?? []);
  return regions.map((r) => md.slice(r.start, r.end));
}

/**
 * The fast path's regions of `md` as source slices, or undefined when it declines. `md` stands
 * alone, as remark parses it in {@link remarkRegions}: no definitions but its own.
 */
export function fastRegions(md: string, atStart = true): string[] | undefined {
  return scanSimpleMarkdown(md, atStart, undefined, { noDefinitions: true })?.map((r) => md.slice(r.start, r.end));
}
