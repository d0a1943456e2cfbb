/**
 * The lexical rules of each supported language family, keyed by VS Code language IDs. The table is
 * read by the table-driven lexer in `./lexer`; it only describes what is needed to tell comments,
 * string literals and identifiers apart from the rest of the code.
 */

/** How a quoted construct escapes its closing delimiter. */
type EscapeStyle =
  /** `\x` skips the next character (also a line break, for line continuations). */
  | 'backslash'
  /** The closing delimiter written twice stands for itself (SQL `'it''s'`, C# `@"a ""b"""`). */
  | 'doubled'
  /** No escapes (Go raw strings). */
  | 'none';

/** What region a quoted construct's content yields: `none` skips it (char literals, hex strings). */
type QuotedRegion = 'string' | 'identifier' | 'none';

/** A construct opened by an optional prefix plus `open`, and closed by `close`. */
export interface QuotedRule {
  readonly type: 'quoted';
  /** Prefixes that may precede `open` (e.g. `r`, `b`, `unicode`); default: only the empty prefix. */
  readonly prefixes?: readonly string[];
  /** Whether prefixes match in any letter case (Python `Rb"..."`); default false. */
  readonly prefixCaseInsensitive?: boolean;
  readonly open: string;
  readonly close: string;
  readonly escape: EscapeStyle;
  /** Whether the construct may span lines; an unterminated single-line construct ends at the line break. */
  readonly multiline: boolean;
  readonly region: QuotedRegion;
  /**
   * Only recognise the construct where a value cannot end just before it (SQL `[name]` quoting, so
   * that `arr[1]` stays an index); default false.
   */
  readonly notAfterValue?: boolean;
}

/**
 * Special string syntaxes with their own delimiter logic:
 * - `rustRaw`: `r"..."`, `r#"..."#` with any number of `#`, after one of `prefixes`;
 * - `cppRaw`: `R"delim(...)delim"` after one of `prefixes`;
 * - `rRaw`: R 4 raw strings `r"(...)"`, `r"[...]"`, `r"{...}"` with optional dashes, either quote;
 * - `quoteRun`: C# 11 raw strings: optional `$`s, then three or more `"`, closed by as many;
 * - `template`: JavaScript template literals; `${ ... }` substitutions are lexed as code.
 */
export interface SpecialStringRule {
  readonly type: 'rustRaw' | 'cppRaw' | 'rRaw' | 'quoteRun' | 'template';
  /** Prefixes for `rustRaw` and `cppRaw` (case-sensitive). */
  readonly prefixes?: readonly string[];
}

/** A string-like construct; rules are tried in order, so longer openers must come first. */
type StringRule = QuotedRule | SpecialStringRule;

/** A block comment's delimiters. */
interface BlockComment {
  readonly open: string;
  readonly close: string;
  /** Whether block comments nest, as in Rust and Julia. */
  readonly nested: boolean;
}

/**
 * How a single quote that no string rule claimed is read:
 * - `rust`: a char literal when it closes right after one character or escape, otherwise a lifetime;
 * - `julia`: a char literal, except right after a value (`a'`, `f(x)'`), where it is the adjoint.
 */
type CharLiteralStyle = 'rust' | 'julia';

/** The lexical rules of one language family. */
export interface LanguageFamily {
  readonly name: string;
  /** VS Code language IDs handled by this family. */
  readonly languageIds: readonly string[];
  readonly lineComments: readonly string[];
  /** Tried before line comments (Julia's `#=` must win over `#`). */
  readonly blockComments: readonly BlockComment[];
  readonly strings: readonly StringRule[];
  readonly charLiterals?: CharLiteralStyle;
  /** Whether `$` is an identifier character (JavaScript, Java); default false. */
  readonly dollarInIdentifiers?: boolean;
  /** A prefix that makes the following word an identifier even if it is a keyword (`r#type`, `@class`). */
  readonly rawIdentifierPrefix?: string;
  /** Whether `/.../` regex literals exist (skipped, not a string region); default false. */
  readonly regexLiterals?: boolean;
  /** Whether `'` may separate digits in numbers (`1'000'000`); default false. */
  readonly quoteDigitSeparators?: boolean;
  /** Whether `#` at the start of a line begins a preprocessor directive (C, C++, C#); default false. */
  readonly preprocessor?: boolean;
  /** Reserved words and obvious literals; identifiers in this set yield no region. */
  readonly keywords: ReadonlySet<string>;
  /** Whether keywords match in any case (SQL); the set then holds lower-case words. Default false. */
  readonly caseInsensitiveKeywords?: boolean;
  /**
   * Keywords that end a value, like `this` or `null`: after them `/` divides (not a regex) and `'` is
   * Julia's adjoint. Same case rule as `keywords`.
   */
  readonly valueKeywords: ReadonlySet<string>;
}

function words(...lists: string[]): ReadonlySet<string> {
  return new Set(
    lists
      .join(' ')
      .split(/\s+/)
      .filter((w) => w !== ''),
  );
}

const backslashString = (quote: string, multiline = false): QuotedRule => ({
  type: 'quoted',
  open: quote,
  close: quote,
  escape: 'backslash',
  multiline,
  region: 'string',
});

/** C-style char literal `'x'` / `'\n'`: skipped, no region. */
const charLiteral: QuotedRule = { ...backslashString("'"), region: 'none' };

const cComments = {
  lineComments: ['//'],
  blockComments: [{ open: '/*', close: '*/', nested: false }],
} as const;

const ecmascript: LanguageFamily = {
  name: 'ECMAScript',
  languageIds: ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'],
  ...cComments,
  strings: [backslashString("'"), backslashString('"'), { type: 'template' }],
  dollarInIdentifiers: true,
  regexLiterals: true,
  keywords: words(
    'break case catch class const continue debugger default delete do else enum export extends',
    'false finally for function if import in instanceof new null return super switch this throw',
    'true try typeof var void while with yield let static implements interface package private',
    'protected public await async of undefined NaN Infinity arguments',
    // TypeScript
    'abstract as asserts any bigint boolean declare infer is keyof module namespace never number',
    'object readonly satisfies string symbol type unique unknown override',
  ),
  valueKeywords: words('this super null true false undefined NaN Infinity arguments'),
};

const pythonPrefixes = ['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf'];
const pythonString = (open: string, multiline: boolean): QuotedRule => ({
  ...backslashString(open, multiline),
  prefixes: ['', ...pythonPrefixes],
  prefixCaseInsensitive: true,
});

const python: LanguageFamily = {
  name: 'Python',
  languageIds: ['python'],
  lineComments: ['#'],
  blockComments: [],
  strings: [pythonString('"""', true), pythonString("'''", true), pythonString('"', false), pythonString("'", false)],
  keywords: words(
    'False None True and as assert async await break class continue def del elif else except',
    'finally for from global if import in is lambda nonlocal not or pass raise return try while',
    'with yield self cls match case',
  ),
  valueKeywords: words('False None True self cls'),
};

const r: LanguageFamily = {
  name: 'R',
  languageIds: ['r'],
  lineComments: ['#'],
  blockComments: [],
  strings: [
    { type: 'rRaw' },
    backslashString('"', true),
    backslashString("'", true),
    { type: 'quoted', open: '`', close: '`', escape: 'backslash', multiline: false, region: 'identifier' },
  ],
  keywords: words('if else repeat while function for next break in return TRUE FALSE NULL Inf NaN NA', 'NA_integer_ NA_real_ NA_complex_ NA_character_'),
  valueKeywords: words('TRUE FALSE NULL Inf NaN NA NA_integer_ NA_real_ NA_complex_ NA_character_'),
};

const julia: LanguageFamily = {
  name: 'Julia',
  languageIds: ['julia'],
  lineComments: ['#'],
  blockComments: [{ open: '#=', close: '=#', nested: true }],
  strings: [backslashString('"""', true), backslashString('"', true)],
  charLiterals: 'julia',
  keywords: words(
    'baremodule begin break catch const continue do else elseif end export false finally for',
    'function global if import let local macro module quote return struct true try using while',
    'abstract type mutable primitive where in isa nothing missing outer public',
  ),
  valueKeywords: words('end true false nothing missing'),
};

const go: LanguageFamily = {
  name: 'Go',
  languageIds: ['go'],
  ...cComments,
  strings: [backslashString('"'), { type: 'quoted', open: '`', close: '`', escape: 'none', multiline: true, region: 'string' }, charLiteral],
  keywords: words(
    'break case chan const continue default defer else fallthrough for func go goto if import',
    'interface map package range return select struct switch type var true false nil iota',
    'any bool byte complex64 complex128 error float32 float64 int int8 int16 int32 int64 rune',
    'string uint uint8 uint16 uint32 uint64 uintptr',
  ),
  valueKeywords: words('true false nil iota'),
};

const rust: LanguageFamily = {
  name: 'Rust',
  languageIds: ['rust'],
  lineComments: ['//'],
  blockComments: [{ open: '/*', close: '*/', nested: true }],
  strings: [
    { type: 'rustRaw', prefixes: ['r', 'br', 'cr'] },
    { ...backslashString('"', true), prefixes: ['', 'b', 'c'] },
    { ...charLiteral, prefixes: ['b'] },
  ],
  charLiterals: 'rust',
  rawIdentifierPrefix: 'r#',
  keywords: words(
    'as async await break const continue crate dyn else enum extern false fn for if impl in let',
    'loop match mod move mut pub ref return self Self static struct super trait true type unsafe',
    'use where while abstract become box do final macro override priv typeof unsized virtual',
    'yield try union macro_rules',
    'i8 i16 i32 i64 i128 isize u8 u16 u32 u64 u128 usize f32 f64 bool char str',
    'Some None Ok Err',
  ),
  valueKeywords: words('self Self true false None'),
};

const cKeywords = [
  'auto break case char const continue default do double else enum extern float for goto if',
  'inline int long register restrict return short signed sizeof static struct switch typedef',
  'union unsigned void volatile while _Bool _Complex _Imaginary _Alignas _Alignof _Atomic',
  '_Generic _Noreturn _Static_assert _Thread_local bool true false NULL nullptr alignas alignof',
  'static_assert thread_local typeof constexpr',
];

const cppRawPrefixes = ['R', 'u8R', 'uR', 'UR', 'LR'];
const cStringPrefixes = ['', 'L', 'u', 'U', 'u8'];

const c: LanguageFamily = {
  name: 'C',
  languageIds: ['c'],
  ...cComments,
  strings: [
    { ...backslashString('"'), prefixes: cStringPrefixes },
    { ...charLiteral, prefixes: cStringPrefixes },
  ],
  quoteDigitSeparators: true,
  preprocessor: true,
  keywords: words(...cKeywords),
  valueKeywords: words('true false NULL nullptr'),
};

const cpp: LanguageFamily = {
  name: 'C++',
  languageIds: ['cpp', 'cuda-cpp'],
  ...cComments,
  strings: [
    { type: 'cppRaw', prefixes: cppRawPrefixes },
    { ...backslashString('"'), prefixes: cStringPrefixes },
    { ...charLiteral, prefixes: cStringPrefixes },
  ],
  quoteDigitSeparators: true,
  preprocessor: true,
  keywords: words(
    ...cKeywords,
    'and and_eq asm bitand bitor catch char8_t char16_t char32_t class compl concept consteval',
    'constinit const_cast co_await co_return co_yield decltype delete dynamic_cast explicit',
    'export friend mutable namespace new noexcept not not_eq operator or or_eq private protected',
    'public reinterpret_cast requires static_cast template this throw try typeid typename using',
    'virtual wchar_t xor xor_eq override final',
  ),
  valueKeywords: words('true false NULL nullptr this'),
};

const java: LanguageFamily = {
  name: 'Java',
  languageIds: ['java'],
  ...cComments,
  strings: [backslashString('"""', true), backslashString('"'), charLiteral],
  dollarInIdentifiers: true,
  keywords: words(
    'abstract assert boolean break byte case catch char class const continue default do double',
    'else enum extends final finally float for goto if implements import instanceof int interface',
    'long native new package private protected public return short static strictfp super switch',
    'synchronized this throw throws transient try void volatile while true false null var record',
    'sealed permits yield',
  ),
  valueKeywords: words('this super true false null'),
};

const csharp: LanguageFamily = {
  name: 'C#',
  languageIds: ['csharp'],
  ...cComments,
  strings: [
    { type: 'quoteRun' },
    {
      type: 'quoted',
      prefixes: ['@', '$@', '@$'],
      open: '"',
      close: '"',
      escape: 'doubled',
      multiline: true,
      region: 'string',
    },
    // Interpolation holes are left inside the string region: the matcher ignores the punctuation.
    { ...backslashString('"'), prefixes: ['', '$'] },
    charLiteral,
  ],
  rawIdentifierPrefix: '@',
  preprocessor: true,
  keywords: words(
    'abstract as base bool break byte case catch char checked class const continue decimal',
    'default delegate do double else enum event explicit extern false finally fixed float for',
    'foreach goto if implicit in int interface internal is lock long namespace new null object',
    'operator out override params private protected public readonly ref return sbyte sealed short',
    'sizeof stackalloc static string struct switch this throw true try typeof uint ulong unchecked',
    'unsafe ushort using virtual void volatile while var dynamic async await get set init yield',
    'partial where nameof record required global when',
  ),
  valueKeywords: words('this base true false null'),
};

const sqlDoubled = (open: string, close: string, region: QuotedRegion): QuotedRule => ({
  type: 'quoted',
  open,
  close,
  escape: 'doubled',
  multiline: true,
  region,
});

const sql: LanguageFamily = {
  name: 'SQL',
  languageIds: ['sql', 'pgsql', 'postgres', 'mysql', 'plsql', 'tsql'],
  lineComments: ['--'],
  blockComments: [{ open: '/*', close: '*/', nested: false }],
  strings: [
    { ...sqlDoubled("'", "'", 'string'), prefixes: ['', 'n'], prefixCaseInsensitive: true },
    { ...sqlDoubled("'", "'", 'none'), prefixes: ['x', 'b'], prefixCaseInsensitive: true },
    sqlDoubled('"', '"', 'identifier'),
    sqlDoubled('`', '`', 'identifier'),
    { ...sqlDoubled('[', ']', 'identifier'), multiline: false, notAfterValue: true },
  ],
  caseInsensitiveKeywords: true,
  keywords: words(
    'add all alter and any as asc begin between both by cascade case cast check collate column',
    'commit constraint create cross current_date current_time current_timestamp current_user',
    'database default delete desc distinct drop else end escape except exec execute exists false',
    'fetch for foreign from full function grant group having if in index inner insert intersect',
    'into is join key lateral leading left like limit natural not null offset on or order outer',
    'over partition primary procedure references replace returns return revoke right rollback',
    'row rows select set some table then to top trailing transaction trigger true truncate union',
    'unique update using values view when where while with declare int integer bigint smallint',
    'decimal numeric float real double precision varchar char nvarchar text boolean date',
    'timestamp interval array',
  ),
  valueKeywords: words('true false null current_date current_time current_timestamp current_user'),
};

function solidityTypes(): string {
  const sized: string[] = [];
  for (let bits = 8; bits <= 256; bits += 8) sized.push(`int${bits}`, `uint${bits}`);
  for (let n = 1; n <= 32; n++) sized.push(`bytes${n}`);
  return sized.join(' ');
}

const solidity: LanguageFamily = {
  name: 'Solidity',
  languageIds: ['solidity'],
  ...cComments,
  strings: [
    { ...backslashString('"'), prefixes: ['', 'unicode'] },
    { ...backslashString("'"), prefixes: ['', 'unicode'] },
    { ...backslashString('"'), prefixes: ['hex'], region: 'none' },
    { ...backslashString("'"), prefixes: ['hex'], region: 'none' },
  ],
  keywords: words(
    'pragma solidity import as from contract interface library abstract function modifier event',
    'emit struct enum mapping public private internal external pure view payable constant',
    'immutable returns return if else for while do break continue new delete this super true',
    'false memory storage calldata using is override virtual try catch revert require assert',
    'error address bool string bytes byte int uint fixed ufixed constructor fallback receive',
    'unchecked assembly let anonymous indexed type unicode hex',
    'wei gwei ether seconds minutes hours days weeks years',
    solidityTypes(),
  ),
  valueKeywords: words('this super true false'),
};

const families: readonly LanguageFamily[] = [ecmascript, python, r, julia, go, rust, c, cpp, java, csharp, sql, solidity];

const byLanguageId: ReadonlyMap<string, LanguageFamily> = new Map(families.flatMap((family) => family.languageIds.map((id) => [id, family] as const)));

/** Every VS Code language ID the code lexer handles. */
export const supportedCodeLanguages: readonly string[] = [...byLanguageId.keys()];

/** The lexical rules for a VS Code language ID, or undefined when the language is not supported. */
export function familyForLanguage(languageId: string): LanguageFamily | undefined {
  return byLanguageId.get(languageId);
}
