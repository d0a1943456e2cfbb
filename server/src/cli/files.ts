/**
 * Which files `termlens lint` reads (the listing itself is `node/discovery.ts`, shared with the
 * language server), and reading one file, skipping binary and oversized ones.
 */

import { createHash, randomBytes } from 'node:crypto';
import { chmod, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export { discoverFiles, displayPath, isGlobPattern, type Discovery, type DiscoveryOptions, type FoundFile } from '../node/discovery';

/** Default of `--max-file-size`: 16 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

/** A file is binary when its first this many bytes (8 KB) hold a NUL byte. */
const BINARY_SNIFF_BYTES = 8192;

/** A file read for linting (its bytes, and their text as UTF-8), or why it was skipped. */
export type ReadResult = { readonly text: string; readonly bytes: Buffer } | { readonly skipped: string };

/**
 * Reads a file unless it is larger than `maxSize` bytes (`skipped: 'larger than N bytes'`) or
 * binary, i.e. has a NUL byte in its first 8 KB (`skipped: 'binary file'`); `text` is its bytes
 * decoded as UTF-8. Unreadable files are skipped with the system's reason.
 */
export async function readLintableFile(file: string, maxSize: number): Promise<ReadResult> {
  try {
    const info = await stat(file);
    if (info.size > maxSize) return { skipped: `larger than ${maxSize} bytes` };
    const bytes = await readFile(file);
    if (bytes.length > maxSize) return { skipped: `larger than ${maxSize} bytes` };
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { skipped: 'binary file' };
    return { text: bytes.toString('utf8'), bytes };
  } catch (error) {
    return { skipped: `cannot read${codeOf(error)}` };
  }
}

/** The SHA-256 of a file's bytes, in hex: what `--cache` knows a file's content by. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** ` (CODE)` of a system error, or nothing. */
function codeOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code ? ` (${code})` : '';
}

/** Why {@link replaceFileIfUnchanged} did not write: the file changed since it was read, or writing failed (`code`: the system's reason). */
export type WriteFailure = { readonly reason: 'changed' } | { readonly reason: 'unwritable'; readonly code?: string };

/**
 * Replaces the file `file` (through symbolic links: the file they point to) holding `expected` with
 * `bytes`, atomically: writes `.<name>.termlens-<pid>-<random>.tmp` beside it with the file's mode,
 * reads the file again and, only when it still holds exactly `expected`, renames the temporary
 * file over it. Resolves to undefined when written, else to why not; the temporary file is
 * removed on any failure. `beforeCommit` (for tests) runs just before the file is read again.
 */
export async function replaceFileIfUnchanged(
  file: string,
  expected: Buffer,
  bytes: Buffer,
  beforeCommit?: () => void | Promise<void>,
): Promise<WriteFailure | undefined> {
  let temp: string | undefined;
  try {
    const target = await realpath(file);
    const info = await stat(target);
    temp = path.join(path.dirname(target), `.${path.basename(target)}.termlens-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    await writeFile(temp, bytes, { flag: 'wx', mode: 0o600 });
    await chmod(temp, info.mode & 0o7777);
    await beforeCommit?.();
    const now = await stat(target);
    if (now.size !== expected.length || !(await readFile(target)).equals(expected)) {
      await rm(temp, { force: true });
      return { reason: 'changed' };
    }
    await rename(temp, target);
    return undefined;
  } catch (error) {
    if (temp !== undefined) await rm(temp, { force: true }).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' && temp !== undefined) return { reason: 'changed' };
    return { reason: 'unwritable', ...(code ? { code } : {}) };
  }
}
