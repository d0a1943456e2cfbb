/**
 * Decoding a file's bytes as UTF-8 while keeping track of the bytes that are not valid UTF-8, so
 * that `termlens lint --fix` can edit such a file byte for byte around its findings.
 */

import { isUtf8 } from 'node:buffer';

/** A stretch of bytes that is not valid UTF-8 and shows in the text as one U+FFFD. */
export interface InvalidBytes {
  /** Offset of its U+FFFD in the decoded text. */
  readonly at: number;
  /** Where the bytes start in the file, and how many there are (1 to 3). */
  readonly byteStart: number;
  readonly byteLength: number;
}

/** A file's bytes decoded. */
export interface DecodedBytes {
  /** Exactly what `bytes.toString('utf8')` gives: each maximal invalid subsequence becomes one U+FFFD (WHATWG). */
  readonly text: string;
  /** Whether the bytes are valid UTF-8 (then `invalid` is empty). */
  readonly valid: boolean;
  /** The invalid stretches, in order. */
  readonly invalid: readonly InvalidBytes[];
}

/**
 * Decodes `bytes` as UTF-8 the way the WHATWG decoder (and so `Buffer#toString('utf8')`) does —
 * a maximal subpart of an ill-formed sequence becomes one U+FFFD — and lists where each U+FFFD
 * that stands for invalid bytes came from. A U+FFFD written validly in the file (EF BF BD) is text.
 */
export function decodeUtf8(bytes: Uint8Array): DecodedBytes {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (isUtf8(buffer)) return { text: buffer.toString('utf8'), valid: true, invalid: [] };
  const parts: string[] = [];
  const invalid: InvalidBytes[] = [];
  let textLength = 0;
  let runStart = 0;
  const n = buffer.length;
  let i = 0;
  while (i < n) {
    const b = buffer[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      else if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      else if (b === 0xf4) upper = 0x8f;
    } else need = 0;
    let k = 1;
    if (need > 0) {
      for (; k <= need; k++) {
        const c = i + k < n ? buffer[i + k]! : -1;
        if (c < (k === 1 ? lower : 0x80) || c > (k === 1 ? upper : 0xbf)) break;
      }
      if (k > need) {
        i += need + 1;
        continue;
      }
    }
    // bytes i..i+k-1 are a maximal invalid subpart (k is 1 for a byte that cannot start a sequence)
    if (runStart < i) {
      const run = buffer.toString('utf8', runStart, i);
      parts.push(run);
      textLength += run.length;
    }
    invalid.push({ at: textLength, byteStart: i, byteLength: k });
    parts.push('\ufffd');
    textLength++;
    i += k;
    runStart = i;
  }
  if (runStart < n) parts.push(buffer.toString('utf8', runStart, n));
  return { text: parts.join(''), valid: false, invalid };
}

/** Index of the first invalid stretch whose U+FFFD is at or after text offset `offset`. */
export function firstInvalidAtOrAfter(decoded: DecodedBytes, offset: number): number {
  const list = decoded.invalid;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.at < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether the character at text offset `offset` stands for invalid bytes. */
export function isInvalidAt(decoded: DecodedBytes, offset: number): boolean {
  const i = firstInvalidAtOrAfter(decoded, offset);
  return i < decoded.invalid.length && decoded.invalid[i]!.at === offset;
}

/**
 * The byte offsets of text offsets `offsets` (in ascending order), in one sweep over the text:
 * linear in the text's length plus the number of offsets.
 */
export function byteOffsetsOf(decoded: DecodedBytes, offsets: readonly number[]): number[] {
  const out: number[] = [];
  const { text, invalid } = decoded;
  let textPos = 0;
  let bytePos = 0;
  let next = 0;
  for (const offset of offsets) {
    if (offset < textPos) throw new Error('byteOffsetsOf: offsets must ascend');
    while (next < invalid.length && invalid[next]!.at < offset) {
      const inv = invalid[next++]!;
      textPos = inv.at + 1;
      bytePos = inv.byteStart + inv.byteLength;
    }
    bytePos += Buffer.byteLength(text.slice(textPos, offset), 'utf8');
    textPos = offset;
    out.push(bytePos);
  }
  return out;
}
