/** `termlens lint --fix` and `--fix-dry-run`: the safe quick fixes applied to a text or a file's bytes, and its diff. */

import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import type { TermDiagnostic, TextEditSpan } from '../core/features/diagnostics';
import { byteOffsetsOf, decodeUtf8, firstInvalidAtOrAfter, type DecodedBytes } from './utf8';

/** Whether two edits touch the same text; two insertions at one point, or one at a replacement's edge, also clash. */
function overlaps(a: TextEditSpan, b: TextEditSpan): boolean {
  if (a.start < b.end && b.start < a.end) return true;
  const empty = a.start === a.end || b.start === b.end;
  return empty && a.start <= b.end && b.start <= a.end;
}

/**
 * The edits taken so far in a pass, kept sorted by start. No two of them clash (see
 * {@link overlaps}), so their ends ascend too, and whether a new edit clashes with any of them is
 * a binary search and at most a few comparisons; adding one is an append when fixes come in text
 * order (diagnostics are sorted by start).
 */
class TakenEdits {
  readonly list: TextEditSpan[] = [];

  clashes(edit: TextEditSpan): boolean {
    const list = this.list;
    // The first taken edit that ends at or after the new one's start: the earliest that can touch it.
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]!.end < edit.start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < list.length && list[i]!.start <= edit.end; i++) if (overlaps(edit, list[i]!)) return true;
    return false;
  }

  add(edit: TextEditSpan): void {
    const list = this.list;
    let i = list.length;
    if (i > 0 && (list[i - 1]!.start > edit.start || (list[i - 1]!.start === edit.start && list[i - 1]!.end > edit.end))) {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const t = list[mid]!;
        if (t.start < edit.start || (t.start === edit.start && t.end <= edit.end)) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    if (i === list.length) list.push(edit);
    else list.splice(i, 0, edit);
  }
}

/** `text` with `edits` (sorted by start, none clashing) made, built in one pass. */
export function applyEdits(text: string, edits: readonly TextEditSpan[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(text.slice(at, e.start), e.newText);
    at = e.end;
  }
  parts.push(text.slice(at));
  return parts.join('');
}

/** How {@link applySafeFixes} may be steered (by {@link applySafeFixesToBytes}). */
export interface FixHooks {
  /** Whether an edit may be made to the current text; a fix with an edit refused is left out. Default: all may. */
  readonly allows?: (edit: TextEditSpan) => boolean;
  /** Makes a pass's edits (sorted by start, none clashing) and returns the text to lint next. Default: {@link applyEdits}. */
  readonly apply?: (text: string, edits: readonly TextEditSpan[]) => string;
}

/** What {@link applySafeFixes} did. */
export interface FixedText {
  /** The final text. */
  readonly output: string;
  /** Fixes applied, over all passes. */
  readonly applied: number;
  /** The final text's diagnostics. */
  readonly diagnostics: readonly TermDiagnostic[];
  /** The given text's diagnostics (the first lint). */
  readonly initialDiagnostics: readonly TermDiagnostic[];
}

/**
 * Applies the safe fixes (`data.fix.safe`) of `lint`'s diagnostics, in passes: each pass takes,
 * in diagnostic order, every safe fix whose edits clash with none taken before it in that pass (a
 * fix is taken whole or not at all; fixes that would change nothing, and fixes whose own edits
 * clash, are ignored), makes their edits and lints the result again, until a pass changes nothing
 * or after `maxPasses` (default 10) passes. Each pass is O(n log n) in the fixes plus linear in the
 * text. Returns the final text, the number of fixes applied and the final text's diagnostics.
 */
export function applySafeFixes(text: string, lint: (text: string) => readonly TermDiagnostic[], maxPasses = 10, hooks: FixHooks = {}): FixedText {
  let output = text;
  let applied = 0;
  let diagnostics = lint(output);
  const initialDiagnostics = diagnostics;
  for (let pass = 0; pass < maxPasses; pass++) {
    let taken = 0;
    const edits = new TakenEdits();
    for (const d of diagnostics) {
      const fix = d.data.fix;
      if (!fix?.safe || fix.edits.every((e) => output.slice(e.start, e.end) === e.newText)) continue;
      if (fix.edits.some((e) => edits.clashes(e))) continue;
      if (fix.edits.length > 1 && clashAmongThemselves(fix.edits)) continue;
      if (hooks.allows && !fix.edits.every(hooks.allows)) continue;
      taken++;
      for (const e of fix.edits) edits.add(e);
    }
    if (taken === 0) break;
    output = (hooks.apply ?? applyEdits)(output, edits.list);
    applied += taken;
    diagnostics = lint(output);
  }
  return { output, applied, diagnostics, initialDiagnostics };
}

function clashAmongThemselves(edits: readonly TextEditSpan[]): boolean {
  const own = new TakenEdits();
  for (const e of edits) {
    if (own.clashes(e)) return true;
    own.add(e);
  }
  return false;
}

/** An edit of bytes: `[start, end)` of the bytes before it replaced by `newBytes`. */
export interface ByteEdit {
  readonly start: number;
  readonly end: number;
  readonly newBytes: Buffer;
}

/** What {@link applySafeFixesToBytes} did. */
export interface FixedBytes extends FixedText {
  /** The bytes after the fixes: `bytes` itself when nothing changed. */
  readonly bytes: Buffer;
  /** The text the linter first saw (the bytes decoded) and the final one (`output`, also the final bytes decoded). */
  readonly original: string;
  /** Whether the given bytes were valid UTF-8. */
  readonly valid: boolean;
  /** The edits of each pass, in the bytes before that pass, sorted by start. */
  readonly passes: readonly (readonly ByteEdit[])[];
}

/**
 * {@link applySafeFixes} on a file's bytes. Valid UTF-8 is decoded, fixed as text and encoded
 * again. Otherwise the linter sees the bytes decoded as `Buffer#toString` decodes them (each
 * invalid stretch one U+FFFD), and each pass's edits are made to the bytes themselves at the byte
 * ranges their offsets map to, so that every byte outside the edits stays as it is. A fix is left
 * out when an edit covers a character that stands for invalid bytes, would delete the text between
 * two such characters (joining their bytes could make a different character), or splits a
 * surrogate pair.
 */
export function applySafeFixesToBytes(bytes: Buffer, lint: (text: string) => readonly TermDiagnostic[], maxPasses = 10): FixedBytes {
  let decoded = decodeUtf8(bytes);
  const original = decoded.text;
  const valid = decoded.valid;
  const passes: ByteEdit[][] = [];
  let current = bytes;

  const byteEditsOf = (edits: readonly TextEditSpan[]): ByteEdit[] => {
    const offsets = byteOffsetsOf(
      decoded,
      edits.flatMap((e) => [e.start, e.end]),
    );
    return edits.map((e, i) => ({ start: offsets[2 * i]!, end: offsets[2 * i + 1]!, newBytes: Buffer.from(e.newText, 'utf8') }));
  };

  if (valid) {
    // As before: fix the text, encode the result. The byte edits are only recorded.
    const fixed = applySafeFixes(original, lint, maxPasses, {
      apply: (text, edits) => {
        passes.push(byteEditsOf(edits));
        const next = applyEdits(text, edits);
        decoded = { text: next, valid: true, invalid: [] };
        return next;
      },
    });
    const out = fixed.output === original ? bytes : Buffer.from(fixed.output, 'utf8');
    return { ...fixed, bytes: out, original, valid, passes };
  }

  const fixed = applySafeFixes(original, lint, maxPasses, {
    allows: (edit) => editAllowed(decoded, edit),
    apply: (_text, edits) => {
      const byteEdits = byteEditsOf(edits);
      passes.push(byteEdits);
      current = applyByteEdits(current, byteEdits);
      decoded = decodeUtf8(current);
      return decoded.text;
    },
  });
  return { ...fixed, bytes: current, original, valid, passes };
}

/** `bytes` with `edits` (sorted by start, not overlapping) made. */
export function applyByteEdits(bytes: Buffer, edits: readonly ByteEdit[]): Buffer {
  if (edits.length === 0) return bytes;
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(bytes.subarray(at, e.start), e.newBytes);
    at = e.end;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/** Whether an edit keeps clear of invalid bytes: see {@link applySafeFixesToBytes}. */
function editAllowed(decoded: DecodedBytes, edit: TextEditSpan): boolean {
  const { invalid, text } = decoded;
  const i = firstInvalidAtOrAfter(decoded, edit.start);
  if (i < invalid.length && invalid[i]!.at < edit.end) return false;
  // Deleting what separates two invalid stretches can join their bytes into a valid character;
  // inserted text cannot (it starts with no continuation byte and ends complete).
  if (edit.newText === '' && i > 0 && invalid[i - 1]!.at === edit.start - 1 && i < invalid.length && invalid[i]!.at === edit.end) return false;
  return !splitsPair(text, edit.start) && !splitsPair(text, edit.end);
}

function splitsPair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/** A git-style unified diff (`--- a/PATH`, `+++ b/PATH`) from `before` to `after`; empty when they are equal. */
export function unifiedDiff(displayPath: string, before: string, after: string): string {
  if (before === after) return '';
  return createTwoFilesPatch(`a/${displayPath}`, `b/${displayPath}`, before, after, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
}
