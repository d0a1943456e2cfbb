/**
 * Regions: the parts of a document where terms may be found. Markdown yields `prose`; code yields
 * `comment`, `string` and `identifier` regions. Everything outside a region (code blocks, URLs,
 * keywords, punctuation, front matter...) is never matched.
 */

/** What kind of text a region holds. */
export type RegionKind = 'prose' | 'comment' | 'string' | 'identifier';

/** A span of a document's text, as zero-based UTF-16 offsets, `end` exclusive. */
export interface Region {
  readonly kind: RegionKind;
  readonly start: number;
  readonly end: number;
}

/**
 * A `termlens-disable-next-line` directive: diagnostics with one of `codes` (all codes when empty)
 * are suppressed on zero-based `line`.
 */
export interface Suppression {
  readonly line: number;
  readonly codes: readonly string[];
}

/** Regions and suppressions found in a document by a language scanner. */
export interface ScanResult {
  readonly regions: readonly Region[];
  readonly suppressions: readonly Suppression[];
}
