/** Language IDs (as VS Code names them) for file names, for tools that read files from disk. */

const BY_EXTENSION: Readonly<Record<string, string>> = {
  md: 'markdown',
  markdown: 'markdown',
  mdx: 'markdown',
  txt: 'plaintext',
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  py: 'python',
  pyi: 'python',
  r: 'r',
  jl: 'julia',
  go: 'go',
  rs: 'rust',
  java: 'java',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  cs: 'csharp',
  sql: 'sql',
  sol: 'solidity',
  ipynb: 'jupyter',
};

/** The language ID of Jupyter notebooks (`.ipynb`), whose cells are read one by one (see `notebook.ts`). */
export const NOTEBOOK_LANGUAGE_ID = 'jupyter';

/** The language ID for a file path by its extension, or undefined when termlens does not read that kind of file. */
export function languageIdForPath(filePath: string): string | undefined {
  const match = /\.([^./\\]+)$/.exec(filePath);
  return match ? BY_EXTENSION[match[1]!.toLowerCase()] : undefined;
}

/** Other editors' names for the languages termlens reads (Neovim filetypes, Emacs modes, short names). */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = {
  text: 'plaintext',
  txt: 'plaintext',
  md: 'markdown',
  cs: 'csharp',
  'c#': 'csharp',
  js: 'javascript',
  jsx: 'javascriptreact',
  ts: 'typescript',
  tsx: 'typescriptreact',
  py: 'python',
  rs: 'rust',
  golang: 'go',
  'c++': 'cpp',
  jl: 'julia',
  sol: 'solidity',
};

/** VS Code's language ID for a language ID sent by any client (`cs` → `csharp`, `text` → `plaintext`). */
export function canonicalLanguageId(languageId: string): string {
  const id = languageId.toLowerCase();
  return LANGUAGE_ALIASES[id] ?? id;
}
