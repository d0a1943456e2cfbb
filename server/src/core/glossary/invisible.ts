/**
 * Invisible and direction-control characters: what may not appear in a glossary form (a form with
 * one looks exactly like another form, or reorders the text around it), and what rendering strips
 * from glossary text.
 *
 * A character is *invisible* here when it is:
 * - a C0 or C1 control other than the whitespace ones (tab, line feed, vertical tab, form feed,
 *   carriage return);
 * - a format character (`\p{Cf}`: soft hyphen U+00AD, Arabic letter mark U+061C, Mongolian vowel
 *   separator U+180E, zero-width space, joiners and direction marks U+200B–U+200F, embeddings and
 *   overrides U+202A–U+202E, word joiner and invisible operators U+2060–U+2064, isolates
 *   U+2066–U+2069, U+206A–U+206F, the byte order mark U+FEFF, interlinear annotation U+FFF9–U+FFFB,
 *   tags U+E0001–U+E007F, …), except the *visible* ones (the Arabic and Syriac number and
 *   abbreviation signs U+0600–U+0605, U+06DD, U+070F, U+0890–U+0891, U+08E2, U+110BD, U+110CD, which
 *   are written above the digits they span);
 * - a default-ignorable code point (`\p{Default_Ignorable_Code_Point}`: also the combining
 *   grapheme joiner U+034F, the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, the Khmer inherent
 *   vowels U+17B4–U+17B5, variation selectors), or U+2800 BRAILLE PATTERN BLANK;
 *
 * with two exceptions that some scripts need:
 * - ZERO WIDTH NON-JOINER U+200C and ZERO WIDTH JOINER U+200D between two letters, marks or emoji
 *   of which neither is ASCII, Latin, Greek or Cyrillic (Persian `می‌خواهم`, Indic conjuncts, emoji
 *   sequences such as 👩‍💻). Between Latin letters (`Bi‍di`) they only make a look-alike;
 * - a variation selector (U+FE00–U+FE0F, U+E0100–U+E01EF, U+180B–U+180D, U+180F) right after a
 *   character other than ASCII, whitespace or another invisible character (❤️, CJK variants).
 *
 * An unpaired surrogate (invalid UTF-16, e.g. `"\uD800"` in JSON) is not a character at all and is
 * treated the same way.
 */

/** An invisible character found in a string. */
export interface InvisibleCharacter {
  /** UTF-16 offset in the string. */
  readonly index: number;
  readonly codePoint: number;
  /** `true` for an unpaired surrogate. */
  readonly unpaired: boolean;
}

/**
 * The start of the message a schema `pattern` for forms reports (see the glossary JSON Schema's
 * `formString`); the loader replaces it with {@link describeInvisible} of the character found.
 */
export const INVISIBLE_PATTERN_MESSAGE = 'must not contain invisible characters';

/** Any character that may be invisible (a cheap first test; surrogates stand for every astral character). */
const SUSPECT =
  /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb\ud800-\udfff]/;
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;
const FORMAT_OR_IGNORABLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\u2800]/u;
const VISIBLE_FORMAT = /[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]/u;
const VARIATION_SELECTOR = /\p{Variation_Selector}/u;
const JOINABLE = /[\p{L}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}]/u;
const ALPHABETIC_SCRIPT = /[\p{ASCII}\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}]/u;
const WHITESPACE = /\s/;

/** The first invisible character of `text` (see the module comment), or undefined. */
export function findInvisible(text: string): InvisibleCharacter | undefined {
  if (!SUSPECT.test(text)) return undefined;
  for (let i = 0; i < text.length; i++) {
    const found = invisibleAt(text, i);
    if (found) return found;
    if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) i++;
  }
  return undefined;
}

/** `text` without its invisible characters (see the module comment). */
export function stripInvisible(text: string): string {
  if (!SUSPECT.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const found = invisibleAt(text, i);
    const width = found && !found.unpaired && found.codePoint > 0xffff ? 2 : 1;
    if (found) {
      out += text.slice(from, i);
      from = i + width;
    }
    if (width === 2 || (!found && isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)))) i++;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `an invisible character U+200B (ZERO WIDTH SPACE)`, for messages; prefixed with `contains `. */
export function describeInvisible(found: InvisibleCharacter): string {
  const hex = `U+${found.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (found.unpaired) return `contains an unpaired surrogate ${hex} (invalid UTF-16, not a character)`;
  const name = nameOf(found.codePoint);
  return `contains an invisible character ${hex}${name ? ` (${name})` : ''}`;
}

/** The invisible character starting at `text[i]`, if it is one. */
function invisibleAt(text: string, i: number): InvisibleCharacter | undefined {
  const c = text.charCodeAt(i);
  if (c < 0x80 && c >= 0x20 && c !== 0x7f) return undefined;
  if (isHighSurrogate(c) || isLowSurrogate(c)) {
    if (isHighSurrogate(c) && isLowSurrogate(text.charCodeAt(i + 1))) {
      const cp = text.codePointAt(i)!;
      return isInvisible(text, i, cp, 2) ? { index: i, codePoint: cp, unpaired: false } : undefined;
    }
    return { index: i, codePoint: c, unpaired: true };
  }
  return isInvisible(text, i, c, 1) ? { index: i, codePoint: c, unpaired: false } : undefined;
}

/** Whether code point `cp`, written at `text[i, i + width)`, is invisible there. */
function isInvisible(text: string, i: number, cp: number, width: number): boolean {
  const ch = String.fromCodePoint(cp);
  if (CONTROL.test(ch)) return true;
  if (!FORMAT_OR_IGNORABLE.test(ch) || VISIBLE_FORMAT.test(ch)) return false;
  if (cp === 0x200c || cp === 0x200d) {
    const before = codePointBefore(text, i);
    const after = text.codePointAt(i + width);
    return !(joinable(before) && joinable(after));
  }
  if (VARIATION_SELECTOR.test(ch)) {
    const before = codePointBefore(text, i);
    if (before === undefined || before < 0x80) return true;
    const base = String.fromCodePoint(before);
    return WHITESPACE.test(base) || FORMAT_OR_IGNORABLE.test(base) || CONTROL.test(base);
  }
  return true;
}

function joinable(cp: number | undefined): boolean {
  if (cp === undefined) return false;
  const ch = String.fromCodePoint(cp);
  return JOINABLE.test(ch) && !ALPHABETIC_SCRIPT.test(ch);
}

function codePointBefore(text: string, i: number): number | undefined {
  if (i === 0) return undefined;
  const c = text.charCodeAt(i - 1);
  if (isLowSurrogate(c) && i >= 2 && isHighSurrogate(text.charCodeAt(i - 2))) return text.codePointAt(i - 2);
  return c;
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Unicode names of the invisible characters people meet; others are shown by code point only. */
const NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x17b4: 'KHMER VOWEL INHERENT AQ',
  0x17b5: 'KHMER VOWEL INHERENT AA',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x206a: 'INHIBIT SYMMETRIC SWAPPING',
  0x206b: 'ACTIVATE SYMMETRIC SWAPPING',
  0x206c: 'INHIBIT ARABIC FORM SHAPING',
  0x206d: 'ACTIVATE ARABIC FORM SHAPING',
  0x206e: 'NATIONAL DIGIT SHAPES',
  0x206f: 'NOMINAL DIGIT SHAPES',
  0x2800: 'BRAILLE PATTERN BLANK',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0xfff9: 'INTERLINEAR ANNOTATION ANCHOR',
  0xfffa: 'INTERLINEAR ANNOTATION SEPARATOR',
  0xfffb: 'INTERLINEAR ANNOTATION TERMINATOR',
  0xe0001: 'LANGUAGE TAG',
};

function nameOf(cp: number): string | undefined {
  const named = NAMES[cp];
  if (named) return named;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 'control character';
  if (cp >= 0xfe00 && cp <= 0xfe0f) return `VARIATION SELECTOR-${cp - 0xfe00 + 1}`;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return `VARIATION SELECTOR-${cp - 0xe0100 + 17}`;
  if (cp >= 0x180b && cp <= 0x180f) return 'MONGOLIAN FREE VARIATION SELECTOR';
  if (cp >= 0xe0020 && cp <= 0xe007f) return 'TAG CHARACTER';
  return undefined;
}
