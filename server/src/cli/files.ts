/**
 * Which files `termlens lint` reads (the listing itself is `node/discovery.ts`, shared with the
 * language server), and reading one file, skipping binary and oversized ones.
 */

import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, statSync } from 'node:fs';
import { chmod, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

export { discoverFiles, displayPath, isGlobPattern, type Discovery, type DiscoveryOptions, type FoundFile } from '../node/discovery';

/** Default of `--max-file-size`: 16 MiB. */
export const DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024;

/** A file is binary when its first this many bytes (8 KB) hold a NUL byte. */
const BINARY_SNIFF_BYTES = 8192;

/** A file read for linting (its bytes, and their text as UTF-8), or why it was skipped. */
export type ReadResult = { readonly text: string; readonly bytes: Buffer } | { readonly skipped: string };

/** A file's size in bytes and its modification time in ms, as a stat gives them: what `--cache-strategy metadata` knows it by. */
export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
}

/** A file's bytes read for linting, with its {@link FileStamp} from before they were read, or why it was skipped (see {@link readLintableFile}). */
export type BytesRead = { readonly bytes: Buffer; readonly stamp: FileStamp } | { readonly skipped: string };

/**
 * Reads a file unless it is larger than `maxSize` bytes (`skipped: 'larger than N bytes'`) or
 * binary, i.e. has a NUL byte in its first 8 KB (`skipped: 'binary file'`); `text` is its bytes
 * decoded as UTF-8. Unreadable files are skipped with the system's reason.
 */
export async function readLintableFile(file: string, maxSize: number): Promise<ReadResult> {
  const read = await readLintableBytes(file, maxSize);
  return 'skipped' in read ? read : { text: read.bytes.toString('utf8'), bytes: read.bytes };
}

/** {@link readLintableFile} without decoding the bytes. */
export async function readLintableBytes(file: string, maxSize: number): Promise<BytesRead> {
  try {
    const info = await stat(file);
    if (info.size > maxSize) return tooLarge(maxSize);
    return lintable(await readFile(file), maxSize, info);
  } catch (error) {
    return { skipped: `cannot read${codeOf(error)}` };
  }
}

/**
 * {@link readLintableBytes} on this thread: for many small files, which the system has in memory
 * as a rule, several times faster than reading them through the thread pool.
 */
export function readLintableBytesSync(file: string, maxSize: number): BytesRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    // What reading after a stat would say: too large if it is, else why it cannot be read.
    return sizeOf(file) > maxSize ? tooLarge(maxSize) : { skipped: `cannot read${codeOf(error)}` };
  }
  try {
    const info = fstatSync(fd);
    if (info.size > maxSize) return tooLarge(maxSize);
    return lintable(readFileSync(fd), maxSize, info);
  } catch (error) {
    return { skipped: `cannot read${codeOf(error)}` };
  } finally {
    closeSync(fd);
  }
}

/** A file's {@link FileStamp} now; undefined when it cannot be found or is no file. */
export function fileStampSync(file: string): FileStamp | undefined {
  try {
    const info = statSync(file);
    return info.isFile() ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/** A file's size; 0 when it cannot be found. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function tooLarge(maxSize: number): BytesRead {
  return { skipped: `larger than ${maxSize} bytes` };
}

/** The bytes read, unless (having grown since the size was checked) too many or binary. */
function lintable(bytes: Buffer, maxSize: number, info: FileStamp): BytesRead {
  if (bytes.length > maxSize) return tooLarge(maxSize);
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { skipped: 'binary file' };
  return { bytes, stamp: { size: info.size, mtimeMs: info.mtimeMs } };
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
