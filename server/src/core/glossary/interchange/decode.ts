/**
 * Bytes to text for the importers, with the encoding detected: UTF-8 (with or without a byte order
 * mark), UTF-16 LE or BE (by their byte order mark, or by the zero bytes of ASCII text without
 * one), and for CSV, windows-1252 when the bytes are not valid UTF-8 (what spreadsheet programs on
 * Windows write). XML is decoded by its byte order mark or its declared encoding instead. Uses the
 * platform's `TextDecoder` only; no Node module.
 */

import { finding, type InterchangeFinding } from './findings';

/** The encodings the importers read. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'iso-8859-1';

/** Text decoded from bytes. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
  /** Whether the bytes started with a byte order mark (not part of `text`). */
  readonly bom: boolean;
}

/** Decoded text, or the error finding saying why the bytes are not text. */
export type DecodeResult = { readonly ok: true; readonly decoded: DecodedText; readonly findings: InterchangeFinding[] } | { readonly ok: false; readonly findings: InterchangeFinding[] };

/**
 * windows-1252 bytes 0x80–0x9F (the rest is Latin-1). Written out because Node's `TextDecoder`
 * decodes the label `windows-1252` as Latin-1 (0x80 → U+0080 instead of €). The five unassigned
 * bytes map to the C1 control of the same value, as the WHATWG Encoding Standard has it.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d,
  0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Decodes windows-1252 (`latin1: true`: ISO-8859-1, every byte its own code point). */
export function decodeSingleByte(bytes: Uint8Array, latin1 = false): string {
  const parts: string[] = [];
  const CHUNK = 8192;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(bytes.length, start + CHUNK);
    const codes = new Array<number>(end - start);
    for (let i = start; i < end; i++) {
      const b = bytes[i]!;
      codes[i - start] = !latin1 && b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

/** The one-based line of byte `offset` (counting LF bytes before it; right for any ASCII-compatible encoding). */
export function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** The offset of the first byte that makes `bytes` invalid UTF-8, or -1 when they are valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  try {
    // The platform's decoder checks valid text fastest; the bytes are walked only to locate an error.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return -1;
  } catch {
    // Invalid: found below.
  }
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0) return i;
    const min = need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return n;
}

/** UTF-16 without a byte order mark, judged by where ASCII text puts its zero bytes; undefined when it does not look like UTF-16. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 1024);
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.6 && evenZero === 0) return 'utf-16le';
  if (evenZero > pairs * 0.6 && oddZero === 0) return 'utf-16be';
  return undefined;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', bom: boolean): DecodeResult {
  const body = bom ? bytes.subarray(2) : bytes;
  if (body.length % 2 !== 0) {
    return { ok: false, findings: [finding('error', 'interchange.encoding', `the file is ${encoding.toUpperCase()} but has an odd number of bytes`)] };
  }
  try {
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
    return { ok: true, decoded: { text, encoding, bom }, findings: [] };
  } catch {
    return { ok: false, findings: [finding('error', 'interchange.encoding', `the file is not valid ${encoding.toUpperCase()} (an unpaired surrogate)`)] };
  }
}

/** The encoding a byte order mark names, if the bytes start with one. */
function bomOf(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32' | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if ((a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff)) return 'utf-32';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  return undefined;
}

const UTF32_ERROR = finding('error', 'interchange.encoding', 'the file is UTF-32, which is not supported: save it as UTF-8');

/**
 * Decodes a text file (CSV): by its byte order mark (UTF-8, UTF-16 LE/BE), else UTF-16 when its
 * zero bytes say so, else UTF-8 when the bytes are valid UTF-8, else windows-1252 with an info
 * finding naming the line of the first byte that is not UTF-8. Zero bytes in what is neither
 * UTF-16 nor UTF-32 mean a binary file: an error.
 */
export function decodeTextFile(bytes: Uint8Array): DecodeResult {
  const bom = bomOf(bytes);
  if (bom === 'utf-32') return { ok: false, findings: [UTF32_ERROR] };
  if (bom === 'utf-16le' || bom === 'utf-16be') return decodeUtf16(bytes, bom, true);
  const body = bom === 'utf-8' ? bytes.subarray(3) : bytes;
  const utf16 = bom ? undefined : sniffUtf16(body);
  if (utf16) return decodeUtf16(body, utf16, false);
  if (body.subarray(0, 8192).includes(0)) return { ok: false, findings: [finding('error', 'interchange.encoding', 'the file looks binary (it has zero bytes), not like text')] };
  const invalid = firstInvalidUtf8(body);
  if (invalid < 0) return { ok: true, decoded: { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), encoding: 'utf-8', bom: bom === 'utf-8' }, findings: [] };
  const line = lineOfByte(body, invalid);
  if (bom === 'utf-8') {
    return { ok: false, findings: [finding('error', 'interchange.encoding', 'the file starts with a UTF-8 byte order mark but is not valid UTF-8', line)] };
  }
  return {
    ok: true,
    decoded: { text: decodeSingleByte(body), encoding: 'windows-1252', bom: false },
    findings: [finding('info', 'interchange.encoding', 'the file is not valid UTF-8; read as windows-1252', line)],
  };
}

/** The `encoding` of an XML declaration at the start of ASCII-compatible bytes, lowercased, if there is one. */
function declaredXmlEncoding(bytes: Uint8Array): string | undefined {
  const head = decodeSingleByte(bytes.subarray(0, 200), true);
  const m = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*(["'])([A-Za-z0-9._-]+)\1/.exec(head);
  return m?.[2]?.toLowerCase();
}

/**
 * Decodes an XML file: by its byte order mark, else by the zero bytes of UTF-16 without one, else by
 * the declared `encoding` (UTF-8, ISO-8859-1, windows-1252, US-ASCII), else as UTF-8. Invalid
 * bytes for the encoding are an error (XML names its encoding, so nothing is guessed).
 */
export function decodeXmlFile(bytes: Uint8Array): DecodeResult {
  const bom = bomOf(bytes);
  if (bom === 'utf-32') return { ok: false, findings: [UTF32_ERROR] };
  if (bom === 'utf-16le' || bom === 'utf-16be') return decodeUtf16(bytes, bom, true);
  const body = bom === 'utf-8' ? bytes.subarray(3) : bytes;
  const utf16 = bom ? undefined : sniffUtf16(body);
  if (utf16) return decodeUtf16(body, utf16, false);
  const declared = bom === 'utf-8' ? 'utf-8' : (declaredXmlEncoding(body) ?? 'utf-8');
  if (declared === 'iso-8859-1' || declared === 'latin1' || declared === 'iso_8859-1' || declared === 'l1') {
    return { ok: true, decoded: { text: decodeSingleByte(body, true), encoding: 'iso-8859-1', bom: false }, findings: [] };
  }
  if (declared === 'windows-1252' || declared === 'cp1252') {
    return { ok: true, decoded: { text: decodeSingleByte(body), encoding: 'windows-1252', bom: false }, findings: [] };
  }
  if (declared !== 'utf-8' && declared !== 'utf8' && declared !== 'us-ascii' && declared !== 'ascii') {
    return { ok: false, findings: [finding('error', 'interchange.encoding', `the declared encoding "${declared}" is not supported: use UTF-8`, 1)] };
  }
  const invalid = firstInvalidUtf8(body);
  if (invalid >= 0) {
    return { ok: false, findings: [finding('error', 'interchange.encoding', 'the file is not valid UTF-8', lineOfByte(body, invalid))] };
  }
  return { ok: true, decoded: { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(body), encoding: 'utf-8', bom: bom === 'utf-8' }, findings: [] };
}
