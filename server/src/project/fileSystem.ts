/**
 * The file system a project is read through: the few operations config lookup, glossary discovery
 * and Restricted Mode need. `node/nodeFs.ts` implements it on `node:fs` (the server and the CLI),
 * `project/memoryFs.ts` in memory (tests), in the way vscode-markdown-languageservice's
 * `IWorkspace` is implemented by the VS Code extension and by its `InMemoryWorkspace`.
 */

/** What is at a path (symlinks followed). */
export interface FileStat {
  readonly isFile: boolean;
  readonly isDirectory: boolean;
  /** Size in bytes (files). */
  readonly size: number;
}

/** Options of {@link ProjectFileSystem.glob}. */
export interface GlobOptions {
  /** The folder a relative pattern is matched from; default the process's working folder. */
  readonly cwd?: string;
  /** Patterns (relative to `cwd`) of paths never returned nor searched. */
  readonly ignore?: readonly string[];
  /** Whether `*` and `**` match names starting with a dot; default false. */
  readonly dot?: boolean;
}

/** The file system of a project. Paths are absolute. */
export interface ProjectFileSystem {
  /** The text of the file at `path` (UTF-8), or `undefined` when there is no readable file there (missing, a folder, unreadable). */
  readFile(path: string): Promise<string | undefined>;
  /** What is at `path`, symlinks followed; `undefined` when nothing is (or a link is broken). */
  stat(path: string): Promise<FileStat | undefined>;
  /** The path with every symlink resolved; rejects when it cannot be (missing file, broken link, link loop). */
  realpath(path: string): Promise<string>;
  /** The absolute paths of the files matching `pattern` (posix separators; absolute, or relative to `cwd`), symlinks followed. */
  glob(pattern: string, options?: GlobOptions): Promise<string[]>;
}
