/**
 * Identifier helpers: splitting identifiers into words, recognising and producing naming styles,
 * and splitting glossary terms into the words an identifier is built from.
 */

/** A naming style for identifiers. */
export type IdentifierStyle = 'camelCase' | 'PascalCase' | 'snake_case' | 'SCREAMING_SNAKE_CASE' | 'kebab-case';

type CharClass = 'upper' | 'lower' | 'digit' | 'separator';

const UPPER_RE = /[\p{Lu}\p{Lt}]/u;
const LETTER_OR_MARK_RE = /[\p{L}\p{M}]/u;
const DIGIT_RE = /\p{N}/u;

function classify(ch: string): CharClass {
  const c = ch.charCodeAt(0);
  if (c < 128) {
    if (c >= 65 && c <= 90) return 'upper';
    if (c >= 97 && c <= 122) return 'lower';
    if (c >= 48 && c <= 57) return 'digit';
    return 'separator';
  }
  if (UPPER_RE.test(ch)) return 'upper';
  // Lower-case, caseless (CJK) and combining characters all continue a word like lower case does.
  if (LETTER_OR_MARK_RE.test(ch)) return 'lower';
  if (DIGIT_RE.test(ch)) return 'digit';
  return 'separator';
}

/**
 * Splits an identifier into word parts (offsets relative to `name`, `end` exclusive) at
 * camelCase/PascalCase humps, acronym ends (`HTTPServer` → `HTTP`, `Server`; `parseBSMModel` →
 * `parse`, `BSM`, `Model`) and separators (`_`, `-`, `$` and any other non-alphanumeric character,
 * which are skipped). Digits stay attached to the word before them (`heston_model_v2` → `heston`,
 * `model`, `v2`; `HTTP2Server` → `HTTP2`, `Server`) unless a separator precedes them (`model_2` →
 * `model`, `2`); a letter after digits starts a new word (`base64encode` → `base64`, `encode`). A
 * plural `s` after an acronym stays with it (`URLs`, `IDsToFetch` → `IDs`, `To`, `Fetch`).
 */
export function splitIdentifier(name: string): Array<{ start: number; end: number }> {
  const parts: Array<{ start: number; end: number }> = [];
  const chars = Array.from(name);
  const classes = chars.map(classify);
  let wordStart = -1;
  let offset = 0;
  let prevOffset = 0;
  for (let k = 0; k < chars.length; k++) {
    const ch = chars[k]!;
    const cls = classes[k]!;
    const prev = k > 0 ? classes[k - 1]! : 'separator';
    if (cls === 'separator') {
      if (wordStart >= 0) parts.push({ start: wordStart, end: offset });
      wordStart = -1;
    } else if (wordStart < 0) {
      wordStart = offset;
    } else if (cls === 'upper' && (prev === 'lower' || prev === 'digit')) {
      parts.push({ start: wordStart, end: offset });
      wordStart = offset;
    } else if (cls === 'lower' && prev === 'digit') {
      parts.push({ start: wordStart, end: offset });
      wordStart = offset;
    } else if (cls === 'lower' && prev === 'upper' && prevOffset > wordStart && classes[k - 2] === 'upper') {
      const pluralAcronym = ch === 's' && classes[k + 1] !== 'lower';
      if (!pluralAcronym) {
        parts.push({ start: wordStart, end: prevOffset });
        wordStart = prevOffset;
      }
    }
    prevOffset = offset;
    offset += ch.length;
  }
  if (wordStart >= 0) parts.push({ start: wordStart, end: offset });
  return parts;
}

function hasLower(s: string): boolean {
  return s !== s.toUpperCase();
}

function hasUpper(s: string): boolean {
  return s !== s.toLowerCase();
}

/**
 * Guesses the naming style from a partially typed identifier (leading `_`/`$` ignored):
 * `heston_`/`heston_mo` → snake_case, `HESTON_` → SCREAMING_SNAKE_CASE, `heston-` → kebab-case,
 * `hestonMo` → camelCase, `HestonMo` and `Hest` (and a single capital `H`) → PascalCase, an
 * all-capital word of two or more letters (`HES`) → SCREAMING_SNAKE_CASE. A single lower-case word
 * (`hest`) is ambiguous: undefined, so the caller falls back to {@link defaultIdentifierStyle}.
 */
export function detectIdentifierStyle(typed: string): IdentifierStyle | undefined {
  const core = typed.replace(/^[_$]+/, '');
  const letters = core.replace(/[^\p{L}]/gu, '');
  if (letters === '') return undefined;
  if (core.includes('_')) return hasLower(letters) ? 'snake_case' : 'SCREAMING_SNAKE_CASE';
  if (core.includes('-')) return 'kebab-case';
  if (!hasUpper(letters)) return undefined;
  if (!hasLower(letters)) return Array.from(letters).length > 1 ? 'SCREAMING_SNAKE_CASE' : 'PascalCase';
  const first = Array.from(letters)[0]!;
  return hasUpper(first) ? 'PascalCase' : 'camelCase';
}

const SNAKE_CASE_LANGUAGES: ReadonlySet<string> = new Set(['python', 'r', 'rust', 'julia', 'c', 'sql', 'pgsql', 'postgres', 'mysql', 'plsql', 'tsql']);

/**
 * The naming style used for new identifiers in a language when the typed text does not tell:
 * snake_case for Python, R, Rust, Julia, C and SQL; camelCase for everything else (TypeScript,
 * JavaScript, Java, Go, C#, Solidity, C++ and unknown languages). Go exports PascalCase names but
 * most names are locals in camelCase; C++ code bases vary, and camelCase matches its most common
 * style guides for functions and variables, so camelCase is the safer default for both.
 */
export function defaultIdentifierStyle(languageId: string): IdentifierStyle {
  return SNAKE_CASE_LANGUAGES.has(languageId) ? 'snake_case' : 'camelCase';
}

function upperFirst(word: string): string {
  const first = String.fromCodePoint(word.codePointAt(0)!);
  return first.toUpperCase() + word.slice(first.length);
}

/**
 * A word as written inside a PascalCase/camelCase identifier: acronyms of more than two letters
 * become capitalised (`SPAN` → `Span`), two-letter acronyms stay (`IO`), other words get an upper
 * case first letter and keep the rest as written (`scholes` → `Scholes`, `McKinsey` → `McKinsey`).
 */
function humpWord(word: string): string {
  const letters = word.replace(/[^\p{L}]/gu, '');
  const isAcronym = hasUpper(letters) && !hasLower(letters);
  if (isAcronym && Array.from(letters).length <= 2) return word;
  return upperFirst(isAcronym ? word.toLowerCase() : word);
}

/**
 * Builds an identifier from a glossary term's words (see {@link termWords}) in `style`.
 * Characters other than letters, combining marks and digits are dropped; non-ASCII letters are
 * kept. Acronyms follow the .NET guidance: `SPAN Model` → `spanModel` / `SpanModel`, while
 * two-letter acronyms stay upper case except as the first word of camelCase (`IO Model` →
 * `ioModel` / `IOModel`). `Black Scholes Merton Model` → `blackScholesMertonModel`,
 * `BlackScholesMertonModel`, `black_scholes_merton_model`, `BLACK_SCHOLES_MERTON_MODEL`,
 * `black-scholes-merton-model`. A term starting with a digit yields a name starting with one.
 */
export function formatIdentifier(words: readonly string[], style: IdentifierStyle): string {
  const clean = words.map((w) => w.replace(/[^\p{L}\p{M}\p{N}]/gu, '')).filter((w) => w !== '');
  switch (style) {
    case 'camelCase':
      return clean.map((w, i) => (i === 0 ? w.toLowerCase() : humpWord(w))).join('');
    case 'PascalCase':
      return clean.map(humpWord).join('');
    case 'snake_case':
      return clean.map((w) => w.toLowerCase()).join('_');
    case 'SCREAMING_SNAKE_CASE':
      return clean.map((w) => w.toUpperCase()).join('_');
    case 'kebab-case':
      return clean.map((w) => w.toLowerCase()).join('-');
  }
}

/**
 * Splits a glossary term into words on white space, hyphens, dashes, slashes and any other
 * punctuation (`Cost-Plus Pricing Model` → `Cost`, `Plus`, `Pricing`, `Model`). An apostrophe
 * inside a word is dropped rather than splitting it (`Black's Model` → `Blacks`, `Model`).
 */
export function termWords(term: string): string[] {
  return term
    .replace(/(?<=[\p{L}\p{N}])['\u2019](?=[\p{L}\p{N}])/gu, '')
    .split(/[^\p{L}\p{M}\p{N}]+/u)
    .filter((w) => w !== '');
}

/**
 * Writes a glossary term's words in `style` so that they continue the identifier prefix `prefix`
 * (kept as written): `calibrate_` + Heston Model → `calibrate_heston_model`; in camelCase the
 * term's first word starts a new hump after a letter or digit (`price` + Black-Scholes-Merton
 * Model → `priceBlackScholesMertonModel`); in the separated styles a separator is added when the
 * prefix does not end with one (`model2` + Heston Model → `model2_heston_model`). An empty prefix,
 * or one made only of separators (`_`), gives `prefix` + {@link formatIdentifier}.
 */
export function continueIdentifier(prefix: string, words: readonly string[], style: IdentifierStyle): string {
  const last = Array.from(prefix).pop();
  const afterWord = last !== undefined && classify(last) !== 'separator';
  if (!afterWord || !/[\p{L}\p{N}]/u.test(prefix)) return prefix + formatIdentifier(words, style);
  switch (style) {
    case 'camelCase':
    case 'PascalCase':
      return prefix + formatIdentifier(words, 'PascalCase');
    case 'snake_case':
    case 'SCREAMING_SNAKE_CASE':
      return `${prefix}_${formatIdentifier(words, style)}`;
    case 'kebab-case':
      return `${prefix}-${formatIdentifier(words, style)}`;
  }
}
