import { describe, expect, it } from 'vitest';
import { scanCode, supportedCodeLanguages } from '../../server/src/core/text/code/lexer';

/** Regions of `src` as `kind: text` strings. */
function regions(languageId: string, src: string): string[] {
  const result = scanCode(src, languageId);
  if (result === undefined) throw new Error(`unsupported: ${languageId}`);
  return result.regions.map((r) => `${r.kind}: ${src.slice(r.start, r.end)}`);
}

function suppressions(languageId: string, src: string): Array<{ line: number; codes: readonly string[] }> {
  return scanCode(src, languageId)!.suppressions.map((s) => ({ line: s.line, codes: s.codes }));
}

interface Case {
  readonly name: string;
  readonly lang: string;
  readonly src: string;
  readonly expected: readonly string[];
}

const cases: readonly Case[] = [
  // ---- ECMAScript ----
  {
    name: 'ts comments, strings, identifiers, keywords',
    lang: 'typescript',
    src: `// Heston Model calibration
const hestonModel = price('Black-Scholes', "SPAN"); /* block
  text */ return this;`,
    expected: [
      'comment: Heston Model calibration',
      'identifier: hestonModel',
      'identifier: price',
      'string: Black-Scholes',
      'string: SPAN',
      'comment: block\n  text',
    ],
  },
  {
    name: 'code spans in comments are code, not prose',
    lang: 'typescript',
    src: '// The slug `black-scholes-merton-model` and ``a `b` c`` end; `unclosed Heston\nx;',
    expected: ['comment: The slug ', 'comment:  and ', 'comment:  end; `unclosed Heston', 'identifier: x'],
  },
  {
    name: 'jsdoc markers are trimmed',
    lang: 'javascript',
    src: '/** Implied volatility. */\nlet $vol_2 = 1.5e3;',
    expected: ['comment: Implied volatility.', 'identifier: $vol_2'],
  },
  {
    name: 'template literal with nested substitutions',
    lang: 'typescriptreact',
    src: 'const s = `Heston ${model({ a: `inner ${deep}` })} text`;',
    expected: ['identifier: s', 'string: Heston ', 'identifier: model', 'identifier: a', 'string: inner ', 'identifier: deep', 'string:  text'],
  },
  {
    name: 'regex literals are skipped, division is not',
    lang: 'javascript',
    src: `const re = /"quoted'/gi; const half = total / 2 / count; if (x) return /a\\/b[/]/.test(y);`,
    expected: ['identifier: re', 'identifier: half', 'identifier: total', 'identifier: count', 'identifier: x', 'identifier: test', 'identifier: y'],
  },
  {
    name: 'an unterminated regex-like slash is division; regexes on later lines still work',
    lang: 'typescript',
    src: "a = (/[ 'x' / 2\nb = /'/",
    expected: ['identifier: a', 'string: x', 'identifier: b'],
  },
  {
    name: 'escaped quotes in strings',
    lang: 'javascriptreact',
    src: `x = 'it\\'s' + "say \\"hi\\""`,
    expected: ['identifier: x', "string: it\\'s", 'string: say \\"hi\\"'],
  },
  // ---- Python ----
  {
    name: 'python prefixes, triple quotes and docstrings',
    lang: 'python',
    src: `def price(self):
    """Price with the Heston Model."""
    # Monte Carlo fallback
    return rb'raw\\d' + F"fmt {x}" + '''multi
line''' + None`,
    expected: [
      'identifier: price',
      'string: Price with the Heston Model.',
      'comment: Monte Carlo fallback',
      'string: raw\\d',
      'string: fmt {x}',
      'string: multi\nline',
    ],
  },
  {
    name: 'python hash inside a string is not a comment',
    lang: 'python',
    src: `tag = "#not comment"  # real`,
    expected: ['identifier: tag', 'string: #not comment', 'comment: real'],
  },
  // ---- R ----
  {
    name: 'r raw strings and backtick names',
    lang: 'r',
    src: `model <- r"(C:\\path "quoted")" # fit
x <- R'---[a ]" b]---' ; \`heston model\` <- TRUE`,
    expected: ['identifier: model', 'string: C:\\path "quoted"', 'comment: fit', 'identifier: x', 'string: a ]" b', 'identifier: heston model'],
  },
  // ---- Julia ----
  {
    name: 'julia nested comments, triple strings, chars and adjoint',
    lang: 'julia',
    src: `#= outer #= inner =# still =#
function vol(A)
    c = 'x'; B = A' * A'' ; s = """Black
Scholes"""
end`,
    expected: [
      'comment: outer #= inner =# still',
      'identifier: vol',
      'identifier: A',
      'identifier: c',
      'identifier: B',
      'identifier: A',
      'identifier: A',
      'identifier: s',
      'string: Black\nScholes',
    ],
  },
  // ---- Go ----
  {
    name: 'go raw strings and runes',
    lang: 'go',
    src: 'func hestonPrice() string { r := \'\\\'\'; return `raw\n"text"` + "esc" }',
    expected: ['identifier: hestonPrice', 'identifier: r', 'string: raw\n"text"', 'string: esc'],
  },
  // ---- Rust ----
  {
    name: 'rust lifetimes vs chars, raw strings, nested comments',
    lang: 'rust',
    src: `/* a /* nested */ comment */
fn pick<'a>(x: &'a str) -> char { let q = '\\''; let c = 'z'; let u = '\\u{1F600}'; 'x' }
let s = r##"raw "# still"##; let b = b"bytes"; let bc = b'q'; let r#type = 1;`,
    expected: [
      'comment: a /* nested */ comment',
      'identifier: pick',
      'identifier: a',
      'identifier: x',
      'identifier: a',
      'identifier: q',
      'identifier: c',
      'identifier: u',
      'identifier: s',
      'string: raw "# still',
      'identifier: b',
      'string: bytes',
      'identifier: bc',
      'identifier: type',
    ],
  },
  {
    name: 'rust doc comments',
    lang: 'rust',
    src: '/// Computes VaR.\n//! Crate docs\n',
    expected: ['comment: Computes VaR.', 'comment: Crate docs'],
  },
  // ---- Java / C / C++ ----
  {
    name: 'java text blocks and chars',
    lang: 'java',
    src: 'String s = """\n  Heston\n  """; char c = \'"\'; int $x = 0;',
    expected: ['identifier: String', 'identifier: s', 'string: \n  Heston\n  ', 'identifier: c', 'identifier: $x'],
  },
  {
    name: 'c preprocessor and digit separators',
    lang: 'c',
    src: '#include <stdio.h>\n#define MAX_RATE 1\'000\nint rate = L"wide";',
    expected: ['identifier: MAX_RATE', 'identifier: rate', 'string: wide'],
  },
  {
    name: 'cpp raw strings',
    lang: 'cpp',
    src: 'auto s = R"xy(a )" still)xy"; auto t = u8R"(ok)"; char c = \'a\';',
    expected: ['identifier: s', 'string: a )" still', 'identifier: t', 'string: ok', 'identifier: c'],
  },
  // ---- C# ----
  {
    name: 'csharp verbatim, interpolated and raw strings',
    lang: 'csharp',
    src: `#region Pricing models
var a = @"C:\\dir ""q"""; var b = $"Value {x}"; var c = """
raw "text"
"""; var @class = 'c';
#endregion`,
    expected: [
      'comment: Pricing models',
      'identifier: a',
      'string: C:\\dir ""q""',
      'identifier: b',
      'string: Value {x}',
      'identifier: c',
      'string: \nraw "text"\n',
      'identifier: class',
    ],
  },
  // ---- SQL ----
  {
    name: 'sql quoted identifiers, doubled quotes, case-insensitive keywords',
    lang: 'sql',
    src: `-- Heston calibration
SELECT [Heston Model], "Cost Basis", \`vol\`, arr[1] FROM trades WHERE note = 'it''s' /* end */`,
    expected: [
      'comment: Heston calibration',
      'identifier: Heston Model',
      'identifier: Cost Basis',
      'identifier: vol',
      'identifier: arr',
      'identifier: trades',
      'identifier: note',
      "string: it''s",
      'comment: end',
    ],
  },
  {
    name: 'sql lower-case keywords and N/X strings',
    lang: 'sql',
    src: `select n'text', X'ff' from t`,
    expected: ['string: text', 'identifier: t'],
  },
  // ---- Solidity ----
  {
    name: 'solidity unicode and hex strings',
    lang: 'solidity',
    src: `contract Vault { string s = unicode"Ether vault"; bytes h = hex"deadbeef"; uint256 amount = 1 ether; }`,
    expected: ['identifier: Vault', 'identifier: s', 'string: Ether vault', 'identifier: h', 'identifier: amount'],
  },
  // ---- Unicode identifiers ----
  {
    name: 'unicode identifiers',
    lang: 'python',
    src: 'précision_σ = 1 # café',
    expected: ['identifier: précision_σ', 'comment: café'],
  },
];

describe('scanCode regions', () => {
  it.each(cases)('$name', ({ lang, src, expected }) => {
    expect(regions(lang, src)).toEqual(expected);
  });
});

describe('unterminated constructs', () => {
  const unterminated: readonly Case[] = [
    { name: 'js string to end of line', lang: 'javascript', src: "a = 'open\nb", expected: ['identifier: a', 'string: open', 'identifier: b'] },
    { name: 'js block comment', lang: 'typescript', src: 'a /* never closed', expected: ['identifier: a', 'comment: never closed'] },
    { name: 'js template', lang: 'typescript', src: 'x = `text ${y', expected: ['identifier: x', 'string: text ', 'identifier: y'] },
    { name: 'python triple quote', lang: 'python', src: 'x = """doc\nmore', expected: ['identifier: x', 'string: doc\nmore'] },
    { name: 'rust nested comment', lang: 'rust', src: '/* a /* b */ c', expected: ['comment: a /* b */ c'] },
    { name: 'rust raw string', lang: 'rust', src: 'r#"abc"', expected: ['string: abc"'] },
    { name: 'cpp raw string', lang: 'cpp', src: 'R"d(abc)"', expected: ['string: abc)"'] },
    { name: 'csharp raw string', lang: 'csharp', src: '"""abc""', expected: ['string: abc""'] },
    { name: 'sql string', lang: 'sql', src: "SELECT 'abc", expected: ['string: abc'] },
    { name: 'julia char-ish quote', lang: 'julia', src: "x = 'abc", expected: ['identifier: x', 'identifier: abc'] },
    { name: 'trailing backslash', lang: 'c', src: '"abc\\', expected: ['string: abc\\'] },
  ];
  it.each(unterminated)('$name', ({ lang, src, expected }) => {
    expect(regions(lang, src)).toEqual(expected);
  });
});

describe('suppressions', () => {
  it('disable-next-line after a line comment applies to the next line', () => {
    const src = 'a = 1\n// termlens-disable-next-line term.variant term.misspelled\nb = 2';
    expect(suppressions('typescript', src)).toEqual([{ line: 2, codes: ['term.variant', 'term.misspelled'] }]);
  });

  it('comma-separated codes, reason after --', () => {
    const src = '# termlens-disable-next-line term.variant, term.deprecated -- vendor name\nx = 1';
    expect(suppressions('python', src)).toEqual([{ line: 1, codes: ['term.variant', 'term.deprecated'] }]);
  });

  it('no codes means all codes', () => {
    expect(suppressions('sql', '-- termlens-disable-next-line\nSELECT 1')).toEqual([{ line: 1, codes: [] }]);
  });

  it('block comment: the line after its last line', () => {
    const src = 'x\r\n/* termlens-disable-next-line term.misspelled\n   spanning lines */\nconst y = 1;';
    expect(suppressions('javascript', src)).toEqual([{ line: 3, codes: ['term.misspelled'] }]);
  });

  it('disable-line applies to the comment line', () => {
    const src = 'a\nconst hestonModle = 1; // termlens-disable-line term.misspelled\n';
    expect(suppressions('typescript', src)).toEqual([{ line: 1, codes: ['term.misspelled'] }]);
  });

  it('directives in strings are ignored, look-alikes are not directives', () => {
    const src = 's = "termlens-disable-next-line"\n// termlens-disable-next-lines\n// termlens-disable-lineage';
    expect(suppressions('typescript', src)).toEqual([]);
  });
});

describe('language support', () => {
  it('returns undefined for unsupported languages', () => {
    expect(scanCode('x', 'markdown')).toBeUndefined();
  });

  it('lists every required language', () => {
    for (const id of [
      'typescript',
      'typescriptreact',
      'javascript',
      'javascriptreact',
      'python',
      'r',
      'julia',
      'go',
      'rust',
      'java',
      'c',
      'cpp',
      'csharp',
      'sql',
      'solidity',
    ]) {
      expect(supportedCodeLanguages).toContain(id);
    }
  });
});

/** Problems with the scan of `text`: regions must be sorted, non-overlapping, non-empty and in bounds. */
function malformations(text: string, languageId: string): string[] {
  const result = scanCode(text, languageId)!;
  const problems: string[] = [];
  let last = 0;
  for (const r of result.regions) {
    if (r.start < last || r.end <= r.start || r.end > text.length) problems.push(`${languageId} ${r.kind} ${r.start}-${r.end}`);
    last = r.end;
  }
  for (const s of result.suppressions) if (s.line < 0) problems.push(`${languageId} suppression line ${s.line}`);
  return problems;
}

describe('robustness', () => {
  it('random junk never throws and yields well-formed regions', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const alphabet = `abcXYZ_$09 \t\n\r'"\`/\\*#=-[](){}@!.,;:<>+rRbBuU8Lé\u{1F600}\uD800\u0000`;
    const alphabetChars = Array.from(alphabet);
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(random() * 200);
      let text = '';
      for (let i = 0; i < length; i++) {
        text += random() < 0.2 ? String.fromCharCode(Math.floor(random() * 0x10000)) : alphabetChars[Math.floor(random() * alphabetChars.length)]!;
      }
      const problems = supportedCodeLanguages.flatMap((lang) => malformations(text, lang));
      expect(problems, JSON.stringify(text)).toEqual([]);
    }
  });

  it('scans a large generated input correctly', () => {
    const unit = '// Heston Model\nconst hestonModel = "Black-Scholes" + `t ${x} u`; /* c */\n';
    const count = 20000;
    const text = unit.repeat(count);
    const result = scanCode(text, 'typescript')!;
    expect(result.regions.length).toBe(count * 7);
    const last = result.regions.slice(-7).map((r) => `${r.kind}: ${text.slice(r.start, r.end)}`);
    expect(last).toEqual([
      'comment: Heston Model',
      'identifier: hestonModel',
      'string: Black-Scholes',
      'string: t ',
      'identifier: x',
      'string:  u',
      'comment: c',
    ]);
  });

  it('handles many unterminated openers without quadratic blow-up', () => {
    const text = '"'.repeat(5000) + "'".repeat(5000) + '/*'.repeat(5000) + 'r#'.repeat(5000) + '$'.repeat(5000) + '(/['.repeat(5000);
    expect(supportedCodeLanguages.flatMap((lang) => malformations(text, lang))).toEqual([]);
  });
});
