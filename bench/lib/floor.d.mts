/** Types of `floor.mjs`: the reading-only floor of the benchmark. */

/** What {@link measureFloor} measured; times in ms, throughput in MB (10^6 bytes) per second. */
export interface FloorResult {
  /** Markdown files read. */
  readonly files: number;
  /** Their size in bytes (UTF-8). */
  readonly bytes: number;
  /** Forms put into the word trie. */
  readonly forms: number;
  /** Words tokenized per pass. */
  readonly words: number;
  /** Word positions where a form starts (the longest match counted once). */
  readonly matches: number;
  /** Reading the files into memory, once. */
  readonly readMs: number;
  /** The median timed pass of tokenizing and trie-matching every text. */
  readonly matchMs: number;
  /** Timed passes (after one untimed warm-up pass). */
  readonly passes: number;
  /** `bytes` per second of `matchMs`. */
  readonly mbPerSec: number;
  /** `bytes` per second of `matchMs + readMs`. */
  readonly withReadMbPerSec: number;
}

/**
 * Tokenizes every word of the Markdown files under `dir` (not in dot folders) and walks a word trie
 * of every form of the glossary in `glossaryFile` (JSON) from each word. `passes`: default 3.
 */
export function measureFloor(options: { dir: string; glossaryFile: string; passes?: number }): FloorResult;
