import { describe, expect, test } from 'vitest';
import schemaFile from '../../glossary/termlens.config.schema.json';
import {
  CONFIG_FILE_NAMES,
  findProjectConfig,
  isIgnored,
  parseProjectConfig,
  resolveSettings,
  type ProjectConfig,
} from '../../server/src/config/projectConfig';
import { compileGlobs } from '../../server/src/config/globs';
import { defaultSeverities, diagnosticCodes } from '../../server/src/core/features/diagnostics';
import { defaultSettings, sanitizeSettings } from '../../server/src/settings';

/** Problems of a config text as `code line:col "covered text" message`. */
function problems(text: string, path = '/repo/termlens.config.yaml'): string[] {
  return parseProjectConfig(text, path).problems.map((p) => `${p.code} ${p.line}:${p.column} ${JSON.stringify(text.slice(p.start, p.end))} ${p.message}`);
}

/** The config of a text that must have no problems. */
function config(text: string, path = '/repo/termlens.config.yaml'): ProjectConfig {
  const result = parseProjectConfig(text, path);
  expect(result.problems).toEqual([]);
  if (!result.config) throw new Error('no config');
  return result.config;
}

const RULES = diagnosticCodes.join(', ');

describe('parseProjectConfig', () => {
  test('reads every key of a YAML config, paths made absolute against its folder', () => {
    const c = config(
      `# termlens settings for the desk
glossaryFiles: [glossary/desk.glossary.yaml, "docs/**/*.glossary.yaml", /shared/firm.glossary.json]
bundledGlossary: false
workspaceGlossaries: false
languages: [markdown, python]
rules:
  term.variant: error
  term.deprecated: off
knownAcronyms: [CLOB, HFT]
ignore: [vendor/, "*.min.js"]
overrides:
  - files: ["notes/**"]
    excludedFiles: [notes/drafts/**]
    rules: { term.misspelled: hint }
    languages: [markdown]
    knownAcronyms: [OTC]
`,
      '/repo/sub/termlens.config.yaml',
    );
    expect(c).toEqual({
      path: '/repo/sub/termlens.config.yaml',
      dir: '/repo/sub',
      settings: {
        glossaryFiles: ['/repo/sub/glossary/desk.glossary.yaml', '/repo/sub/docs/**/*.glossary.yaml', '/shared/firm.glossary.json'],
        bundledGlossary: false,
        workspaceGlossaries: false,
        languages: ['markdown', 'python'],
        severities: { 'term.variant': 'error', 'term.deprecated': 'off' },
        knownAcronyms: ['CLOB', 'HFT'],
      },
      ignore: ['vendor/', '*.min.js'],
      overrides: [
        {
          files: ['notes/**'],
          excludedFiles: ['notes/drafts/**'],
          settings: { severities: { 'term.misspelled': 'hint' }, languages: ['markdown'], knownAcronyms: ['OTC'] },
        },
      ],
    });
  });

  test('reads JSON, and the termlens key of package.json', () => {
    expect(config('{ "$schema": "./termlens.config.schema.json", "rules": { "term.variant": "hint" } }', '/r/termlens.config.json').settings).toEqual({
      severities: { 'term.variant': 'hint' },
    });
    const pkg = '{\n  "name": "desk",\n  "termlens": { "glossaryFiles": ["g.glossary.yaml"] }\n}\n';
    expect(config(pkg, '/r/package.json')).toMatchObject({ dir: '/r', settings: { glossaryFiles: ['/r/g.glossary.yaml'] } });
  });

  test('an empty YAML file is an empty config; a package.json without the key is no config', () => {
    expect(config('# nothing yet\n')).toMatchObject({ settings: {}, ignore: [], overrides: [] });
    expect(parseProjectConfig('{ "name": "x" }', '/r/package.json')).toEqual({ problems: [] });
  });

  test('Windows paths: the folder and glossary files get posix separators', () => {
    const c = config('glossaryFiles: [g/a.glossary.yaml, "D:\\\\x\\\\b.glossary.yaml"]', 'C:\\repo\\termlens.config.yaml');
    expect(c.dir).toBe('C:\\repo');
    expect(c.settings.glossaryFiles).toEqual(['c:/repo/g/a.glossary.yaml', 'd:/x/b.glossary.yaml']);
  });

  test.each([
    [
      'unknown rule, listing the known ones',
      'rules:\n  term.misspeled: error\n',
      [`config.schema 2:3 "term.misspeled" rules.term.misspeled: unknown rule (did you mean "term.misspelled"?); known rules: ${RULES}`],
    ],
    [
      'unknown rule without a near match',
      'overrides:\n  - files: [a.md]\n    rules: { zzz: off }\n',
      [`config.schema 3:14 "zzz" overrides[0].rules.zzz: unknown rule; known rules: ${RULES}`],
    ],
    [
      'bad severity',
      'rules:\n  term.variant: loud\n',
      ['config.schema 2:17 "loud" rules.term.variant: must be one of "error", "warning", "information", "hint", "off"'],
    ],
    ['unknown key', 'ignores: [a]\n', ['config.schema 1:1 "ignores" config: unknown field "ignores" (did you mean "ignore"?)']],
    ['wrong type', 'bundledGlossary: "no"\n', ['config.schema 1:18 "\\"no\\"" bundledGlossary: must be true or false']],
    ['list expected', 'languages: markdown\n', ['config.schema 1:12 "markdown" languages: must be a list']],
    ['not an object', '- a\n', ['config.schema 1:1 "- a\\n" config: must be an object']],
    [
      'override without files, and with empty files',
      'overrides:\n  - rules: {}\n  - files: []\n',
      ['config.schema 2:5 "rules: {}" overrides[0]: missing required field "files"', 'config.schema 3:12 "[]" overrides[1].files: must not be empty'],
    ],
    [
      'negated glob',
      'ignore: ["!keep.md"]\n',
      ['config.schema 1:10 "\\"!keep.md\\"" ignore[0]: must be a glob pattern, not empty and not starting with "!" (negated patterns are not supported)'],
    ],
    [
      'malformed acronym',
      'knownAcronyms: [clob]\n',
      ['config.schema 1:17 "clob" knownAcronyms[0]: must be an abbreviation: a capital letter, then 1 to 9 letters or digits (e.g. CLOB)'],
    ],
  ])('schema problem: %s', (_name, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  test('problems are located in JSON and inside package.json', () => {
    expect(problems('{\n  "rules": {\n    "term.variant": 3\n  }\n}', '/r/termlens.config.json')).toEqual([
      'config.schema 3:21 "3" rules.term.variant: must be a string',
      'config.schema 3:21 "3" rules.term.variant: must be one of "error", "warning", "information", "hint", "off"',
    ]);
    expect(problems('{\n  "name": "x",\n  "termlens": { "ignore": "dist" }\n}', '/r/package.json')).toEqual([
      'config.schema 3:27 "\\"dist\\"" termlens.ignore: must be a list',
    ]);
    expect(problems('{ "termlens": true }', '/r/package.json')).toEqual(['config.schema 1:15 "true" termlens: must be an object']);
  });

  test('syntax errors are located; there is no config', () => {
    expect(problems('{\n  "rules": {,}\n}', '/r/termlens.config.json')).toEqual(['config.syntax 2:13 "," JSON syntax error: expected a value']);
    expect(problems('rules:\n  term.variant: error\n  term.variant: hint\n')).toEqual(['config.syntax 3:3 "t" YAML syntax error: Map keys must be unique']);
    expect(parseProjectConfig('rules: [', '/r/termlens.config.yaml').config).toBeUndefined();
  });
});

describe('the schema file', () => {
  type Schema = { description?: string; properties?: Record<string, Schema>; items?: Schema; definitions?: Record<string, Schema>; $ref?: string };

  test('lists every diagnostic code as a rule', () => {
    expect(Object.keys((schemaFile as Schema).definitions?.rules?.properties ?? {}).sort()).toEqual([...diagnosticCodes].sort());
  });

  test('describes every property', () => {
    const undescribed: string[] = [];
    const walk = (schema: Schema, where: string): void => {
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        if (!property.description) undescribed.push(`${where}.${name}`);
        walk(property, `${where}.${name}`);
      }
      if (schema.items) walk(schema.items, `${where}[]`);
    };
    walk(schemaFile as Schema, '');
    for (const [name, definition] of Object.entries((schemaFile as Schema).definitions ?? {})) walk(definition, `#${name}`);
    expect(undescribed).toEqual([]);
  });
});

describe('globs', () => {
  test.each([
    // A name without a slash matches at any depth, as a file or a folder.
    ['*.md', 'a.md', true],
    ['*.md', 'docs/deep/a.md', true],
    ['*.md', 'a.mdx', false],
    ['vendor', 'vendor/x/y.ts', true],
    ['vendor', 'src/vendor/y.ts', true],
    ['vendor', 'vendors/y.ts', false],
    ['vendor/', 'src/vendor/y.ts', true],
    ['vendor/', 'vendor', false],
    ['.cache', 'a/.cache/b.md', true],
    // A slash anchors the pattern at the base folder.
    ['docs/*.md', 'docs/a.md', true],
    ['docs/*.md', 'x/docs/a.md', false],
    ['docs/*.md', 'docs/sub/a.md', false],
    ['/notes', 'notes/a.md', true],
    ['/notes', 'x/notes/a.md', false],
    ['./notes/', 'notes/a.md', true],
    ['notes/**', 'notes/a/b.md', true],
    ['docs/drafts', 'docs/drafts/x/y.md', true],
    // Dot files match wildcards; negation is not a thing.
    ['**/*.md', '.github/a.md', true],
    ['!a.md', 'b.md', false],
  ])('%s matches %s: %s', (pattern, file, expected) => {
    expect(compileGlobs([pattern])(file)).toBe(expected);
  });
});

describe('resolveSettings', () => {
  const desk = config(
    `rules: { term.variant: error }
languages: [markdown]
knownAcronyms: [CLOB]
overrides:
  - files: [notes/]
    rules: { term.misspelled: hint }
    knownAcronyms: [OTC]
  - files: ["*.py"]
    excludedFiles: [legacy/**]
    languages: [python]
  - files: [notes/2024/**]
    rules: { term.misspelled: off, term.variant: information }
`,
    '/repo/termlens.config.yaml',
  );

  /** The settings of a file under `desk`, with `explicit` editor settings. */
  const pick = (file: string | undefined, explicit?: unknown) => {
    const s = resolveSettings({ config: desk, explicit, ...(file !== undefined ? { filePath: file } : {}) });
    return { misspelled: s.severities['term.misspelled'], variant: s.severities['term.variant'], languages: s.languages, acronyms: s.knownAcronyms };
  };

  test.each([
    ['no file: top level only', undefined, { misspelled: 'warning', variant: 'error', languages: ['markdown'], acronyms: ['CLOB'] }],
    ['a file no override matches', '/repo/README.md', { misspelled: 'warning', variant: 'error', languages: ['markdown'], acronyms: ['CLOB'] }],
    ['one override', '/repo/notes/a.md', { misspelled: 'hint', variant: 'error', languages: ['markdown'], acronyms: ['OTC'] }],
    ['two overrides, later wins', '/repo/notes/2024/a.md', { misspelled: 'off', variant: 'information', languages: ['markdown'], acronyms: ['OTC'] }],
    ['glob at any depth', '/repo/src/model.py', { misspelled: 'warning', variant: 'error', languages: ['python'], acronyms: ['CLOB'] }],
    ['excludedFiles', '/repo/legacy/model.py', { misspelled: 'warning', variant: 'error', languages: ['markdown'], acronyms: ['CLOB'] }],
    ['outside the config folder', '/elsewhere/notes/a.md', { misspelled: 'warning', variant: 'error', languages: ['markdown'], acronyms: ['CLOB'] }],
  ])('%s', (_name, file, expected) => {
    expect(pick(file)).toEqual(expected);
  });

  test('explicit editor settings win, key by key and code by code', () => {
    expect(pick('/repo/notes/a.md', { diagnostics: { severity: { 'term.variant': 'warning' } }, knownAcronyms: ['ABC'] })).toEqual({
      misspelled: 'hint',
      variant: 'warning',
      languages: ['markdown'],
      acronyms: ['ABC'],
    });
    // Malformed editor values do not override the project config.
    expect(pick('/repo/README.md', { languages: 'python', diagnostics: { severity: { 'term.variant': 'loud' } } })).toMatchObject({
      variant: 'error',
      languages: ['markdown'],
    });
  });

  test('without a config: defaults and explicit settings, same as sanitizeSettings', () => {
    expect(resolveSettings({})).toEqual(defaultSettings);
    const raw = { enable: false, diagnostics: { severity: { 'term.deprecated': 'error' } }, ignore: ['dist/'] };
    expect(resolveSettings({ explicit: raw })).toEqual(sanitizeSettings(raw));
    expect(resolveSettings({ explicit: raw }).severities).toEqual({ ...defaultSeverities, 'term.deprecated': 'error' });
  });
});

describe('isIgnored', () => {
  const c = config('ignore: [vendor/, "*.generated.md", /build]\n', '/repo/termlens.config.yaml');
  const withIgnore = (ignore: string[]) => ({ ...defaultSettings, ignore });

  test.each([
    ['/repo/vendor/lib/a.md', true],
    ['/repo/src/vendor/a.md', true],
    ['/repo/docs/api.generated.md', true],
    ['/repo/build/out.md', true],
    ['/repo/src/build/out.md', false],
    ['/repo/README.md', false],
    ['/other/vendor/a.md', false],
  ])('config ignore: %s -> %s', (file, expected) => {
    expect(isIgnored(c, defaultSettings, file)).toBe(expected);
  });

  test('settings.ignore is relative to the config folder, else to root', () => {
    expect(isIgnored(c, withIgnore(['docs/']), '/repo/docs/a.md')).toBe(true);
    expect(isIgnored(c, withIgnore(['docs/']), '/repo/README.md')).toBe(false);
    expect(isIgnored(undefined, withIgnore(['docs/*.md']), '/ws/docs/a.md', '/ws')).toBe(true);
    expect(isIgnored(undefined, withIgnore(['docs/*.md']), '/ws/x/docs/a.md', '/ws')).toBe(false);
    expect(isIgnored(undefined, withIgnore(['docs/*.md']), '/other/docs/a.md', '/ws')).toBe(false);
    // No config and no root: names without a slash still match at any depth.
    expect(isIgnored(undefined, withIgnore(['*.md']), '/ws/a.md')).toBe(true);
    expect(isIgnored(undefined, defaultSettings, '/ws/a.md', '/ws')).toBe(false);
  });

  test('Windows paths', () => {
    const win = config('ignore: [vendor/]\n', 'C:\\repo\\termlens.config.yaml');
    expect(isIgnored(win, defaultSettings, 'C:\\repo\\vendor\\a.md')).toBe(true);
    expect(isIgnored(win, defaultSettings, 'C:\\repo\\src\\a.md')).toBe(false);
    expect(isIgnored(win, defaultSettings, 'D:\\repo\\vendor\\a.md')).toBe(false);
  });
});

describe('findProjectConfig', () => {
  /** An in-memory file system: file paths to texts; a path ending in `/` is a folder (for `.git`). */
  const lookup = (files: Record<string, string>, start: string, withExists = true) => {
    const reads: string[] = [];
    const io = {
      readFile: async (p: string) => {
        reads.push(p);
        return files[p];
      },
      ...(withExists ? { exists: async (p: string) => p in files || `${p}/` in files } : {}),
    };
    return findProjectConfig(start, io).then((found) => ({ found: found?.path, reads }));
  };

  test('the first name in a folder wins', async () => {
    const files = { '/r/termlens.config.yml': 'a: 1', '/r/termlens.config.json': '{}', '/r/package.json': '{"termlens":{}}' };
    expect((await lookup(files, '/r')).found).toBe('/r/termlens.config.json');
    expect(CONFIG_FILE_NAMES).toEqual(['termlens.config.json', 'termlens.config.yaml', 'termlens.config.yml', 'package.json']);
  });

  test('searches parents; package.json counts only with a termlens key', async () => {
    const files = {
      '/r/a/b/package.json': '{ "name": "b" }',
      '/r/a/package.json': '{ "name": "a", "termlens": { "ignore": ["x"] } }',
      '/r/termlens.config.yaml': 'ignore: [y]',
    };
    expect((await lookup(files, '/r/a/b')).found).toBe('/r/a/package.json');
  });

  test('a broken package.json that mentions termlens is returned, so its error is reported', async () => {
    expect((await lookup({ '/r/package.json': '{ "termlens": { ', '/termlens.config.yaml': '' }, '/r')).found).toBe('/r/package.json');
    expect((await lookup({ '/r/package.json': '{ "name": ', '/termlens.config.yaml': '' }, '/r')).found).toBe('/termlens.config.yaml');
  });

  test('stops after the repository root (.git folder or file)', async () => {
    const above = { '/home/termlens.config.yaml': 'rules: {}' };
    expect(await lookup({ ...above, '/home/repo/.git/': '' }, '/home/repo/docs')).toEqual({
      found: undefined,
      reads: ['/home/repo/docs', '/home/repo'].flatMap((dir) => CONFIG_FILE_NAMES.map((n) => `${dir}/${n}`)),
    });
    expect((await lookup({ ...above, '/home/repo/.git': 'gitdir: ../x' }, '/home/repo')).found).toBeUndefined();
    // A config in the repository root itself is still found.
    expect((await lookup({ '/home/repo/.git/': '', '/home/repo/termlens.config.yml': '' }, '/home/repo/docs')).found).toBe('/home/repo/termlens.config.yml');
    // Without an `exists` capability the search goes up to the file-system root.
    expect((await lookup({ ...above, '/home/repo/.git/': '' }, '/home/repo/docs', false)).found).toBe('/home/termlens.config.yaml');
  });

  test('Windows paths', async () => {
    expect((await lookup({ 'C:\\r\\termlens.config.json': '{}' }, 'C:\\r\\docs')).found).toBe('C:\\r\\termlens.config.json');
  });
});
