/** Language IDs (as VS Code names them) for file names, for tools that read files from disk. */

import { languageTable } from '../../shared/languages';

/** File extension (lower case, no dot) → language ID, from the language table of `shared/languages.ts`. */
const BY_EXTENSION: Readonly<Record<string, string>> = Object.fromEntries(languageTable.flatMap((l) => l.extensions.map((ext) => [ext, l.id])));

/** The language ID of Jupyter notebooks (`.ipynb`), whose cells are read one by one (see `notebook.ts`). */
export const NOTEBOOK_LANGUAGE_ID = 'jupyter';

/** The language ID for a file path by its extension, or undefined when termlens does not read that kind of file. */
export function languageIdForPath(filePath: string): string | undefined {
  const match = /\.([^./\\]+)$/.exec(filePath);
  return match ? BY_EXTENSION[match[1]!.toLowerCase()] : undefined;
}

/** Other editors' names for the languages termlens reads (Neovim filetypes, Emacs modes, short names), from the language table. */
const LANGUAGE_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(languageTable.flatMap((l) => l.aliases.map((alias) => [alias, l.id])));

/** VS Code's language ID for a language ID sent by any client (`cs` → `csharp`, `text` → `plaintext`). */
export function canonicalLanguageId(languageId: string): string {
  const id = languageId.toLowerCase();
  return LANGUAGE_ALIASES[id] ?? id;
}
