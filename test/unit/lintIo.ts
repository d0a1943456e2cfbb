/** A `termlens lint` run in this process, over the real disk, for the CLI unit tests. */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LintIo } from '../../server/src/cli/lint';
import { dictionary, repoRoot } from './helpers';

/** The bundled glossary file the runs serve. */
export const bundledGlossaryPath = path.join(repoRoot, 'glossary', 'bundled.glossary.json');

/**
 * The `LintIo` of a run in `cwd`: one thread, no terminal, no environment, files read from disk
 * (each path passed to `onRead` first), empty stdin and discarded output unless `overrides` say
 * otherwise.
 */
export function diskLintIo(cwd: string, overrides: Partial<LintIo> = {}, onRead?: (file: string) => void): LintIo {
  return {
    cwd,
    version: '0.0.0',
    bundledGlossaryPath,
    dictionary,
    wordsPath: path.join(repoRoot, 'node_modules', 'word-list', 'words.txt'),
    cpus: 1,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    readFile: async (file) => {
      onRead?.(file);
      try {
        return readFileSync(file, 'utf8');
      } catch {
        return undefined;
      }
    },
    readStdin: async () => Buffer.alloc(0),
    stdout: () => {},
    stderr: () => {},
    ...overrides,
  };
}
