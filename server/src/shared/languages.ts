/**
 * The one table of the languages termlens reads: VS Code language ID, how documents of it are
 * scanned, the file extensions `termlens lint` reads as it, other editors' names for it, and
 * whether it is in the default of `termlens.languages`.
 *
 * Data only, with no imports: the VS Code client imports it for its document selector and must not
 * pull in server code. Derived from it: `BY_EXTENSION` and `LANGUAGE_ALIASES` of
 * `text/fileTypes.ts`, the prose languages of `text/document.ts`; checked against it by
 * `test/unit/registry.test.ts`: the code lexer's languages (`text/code/languages.ts`),
 * `defaultLanguages` of `settings.ts`, package.json (`termlens.languages`, `activationEvents`) and
 * the client's document selector.
 */

/**
 * How a language is scanned: `markdown` by remark, `plaintext` as one prose region, `code` by the
 * code lexer (comments, strings, identifiers), `notebook` cell by cell (`text/notebook.ts`).
 */
export type LanguageKind = 'markdown' | 'plaintext' | 'code' | 'notebook';

/** One language termlens reads. */
export interface LanguageEntry {
  /** The VS Code language ID. */
  readonly id: string;
  readonly kind: LanguageKind;
  /** File extensions (lower case, without the dot) that `termlens lint` reads as this language. */
  readonly extensions: readonly string[];
  /** Other editors' names for it (Neovim filetypes, Emacs modes, short names), mapped to {@link id}. */
  readonly aliases: readonly string[];
  /**
   * Whether it is in the default of `termlens.languages` (and so in the client's document selector
   * and the extension's activation events). Notebooks are not: their cells are read in their own
   * languages, and `termlens lint` reads `.ipynb` files whenever termlens is enabled.
   */
  readonly enabledByDefault: boolean;
}

function language(id: string, kind: LanguageKind, extensions: readonly string[], aliases: readonly string[] = [], enabledByDefault = true): LanguageEntry {
  return { id, kind, extensions, aliases, enabledByDefault };
}

/** Every language termlens reads, those enabled by default first, in the order settings list them. */
export const languageTable: readonly LanguageEntry[] = [
  language('markdown', 'markdown', ['md', 'markdown', 'mdx'], ['md']),
  language('plaintext', 'plaintext', ['txt'], ['text', 'txt']),
  language('typescript', 'code', ['ts', 'mts', 'cts'], ['ts']),
  language('typescriptreact', 'code', ['tsx'], ['tsx']),
  language('javascript', 'code', ['js', 'mjs', 'cjs'], ['js']),
  language('javascriptreact', 'code', ['jsx'], ['jsx']),
  language('python', 'code', ['py', 'pyi'], ['py']),
  language('r', 'code', ['r']),
  language('julia', 'code', ['jl'], ['jl']),
  language('go', 'code', ['go'], ['golang']),
  language('rust', 'code', ['rs'], ['rs']),
  language('java', 'code', ['java']),
  language('c', 'code', ['c', 'h']),
  language('cpp', 'code', ['cc', 'cpp', 'cxx', 'hpp', 'hh', 'hxx'], ['c++']),
  language('csharp', 'code', ['cs'], ['cs', 'c#']),
  language('sql', 'code', ['sql']),
  language('solidity', 'code', ['sol'], ['sol']),
  // Read when a client names them, not enabled by default.
  language('mdx', 'markdown', [], [], false),
  language('quarto', 'markdown', [], [], false),
  language('rmd', 'markdown', [], [], false),
  language('text', 'plaintext', [], [], false),
  language('cuda-cpp', 'code', [], [], false),
  language('pgsql', 'code', [], [], false),
  language('postgres', 'code', [], [], false),
  language('mysql', 'code', [], [], false),
  language('plsql', 'code', [], [], false),
  language('tsql', 'code', [], [], false),
  language('jupyter', 'notebook', ['ipynb'], [], false),
];

/** The default of `termlens.languages`: every language enabled by default, in table order. */
export const defaultLanguageIds: readonly string[] = languageTable.filter((l) => l.enabledByDefault).map((l) => l.id);

/** The language IDs of one kind, in table order. */
export function languageIdsOfKind(kind: LanguageKind): readonly string[] {
  return languageTable.filter((l) => l.kind === kind).map((l) => l.id);
}
