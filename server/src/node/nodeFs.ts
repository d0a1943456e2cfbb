/**
 * The {@link ProjectFileSystem} of the real disk, for the language server and the CLI: `node:fs`
 * and tinyglobby (which follows symlinks, as editors' file searches do).
 */

import { readFile, realpath, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { glob } from 'tinyglobby';
import type { FileStat, GlobOptions, ProjectFileSystem } from '../project/fileSystem';

async function statOf(p: string): Promise<FileStat | undefined> {
  try {
    const info = await stat(p);
    return { isFile: info.isFile(), isDirectory: info.isDirectory(), size: info.size };
  } catch {
    return undefined;
  }
}

/** The disk, read as UTF-8. */
export const nodeFileSystem: ProjectFileSystem = {
  async readFile(p) {
    try {
      const info = await stat(p);
      if (!info.isFile()) return undefined;
      return await readFile(p, 'utf8');
    } catch {
      return undefined;
    }
  },
  stat: statOf,
  realpath: (p) => realpath(p),
  async glob(pattern: string, options: GlobOptions = {}) {
    const found = await glob(pattern, {
      absolute: true,
      ignore: [...(options.ignore ?? [])],
      ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      ...(options.dot !== undefined ? { dot: options.dot } : {}),
    });
    return found.map((f) => path.resolve(f));
  },
};
