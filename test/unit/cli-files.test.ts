/**
 * File discovery of `termlens lint`: folders, globs, .gitignore at every level, symbolic links and
 * unreadable folders, binary and oversized files; and replacing a fixed file.
 */

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReadAhead } from '../../server/src/cli/engine';
import { discoverFiles, fileStampSync, readLintableBytes, readLintableBytesSync, readLintableFile, replaceFileIfUnchanged } from '../../server/src/cli/files';

/** Folders whose `readdir` fails with EACCES (root can read anything, so a chmod would not do). */
const unreadable = vi.hoisted(() => new Set<string>());
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = ((folder: string, ...rest: unknown[]) => {
    if (unreadable.has(String(folder))) return Promise.reject(Object.assign(new Error(`EACCES: permission denied, scandir '${folder}'`), { code: 'EACCES' }));
    return (actual.readdir as (...args: unknown[]) => unknown)(folder, ...rest);
  }) as typeof actual.readdir;
  return { ...actual, readdir, default: { ...actual, readdir } };
});

let dir: string;

/** Writes `files` (relative path → content) under the temp folder. */
function tree(files: Record<string, string | Buffer>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** Discovery from the temp folder: found files relative to it, notes and missing arguments. */
async function discover(...args: string[]): Promise<{ files: string[]; explicit: string[]; notes: readonly string[]; missing: readonly string[] }> {
  const result = await discoverFiles(args, { cwd: dir });
  const rel = (p: string) => path.relative(dir, p).split(path.sep).join('/');
  return {
    files: result.files.map((f) => rel(f.path)),
    explicit: result.files.filter((f) => f.explicit).map((f) => rel(f.path)),
    notes: result.notes,
    missing: result.missing,
  };
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'termlens-files-'));
});

afterEach(() => {
  unreadable.clear();
  rmSync(dir, { recursive: true, force: true });
});

describe('discoverFiles', () => {
  it('walks the current folder by default: supported extensions, sorted, skipping node_modules and .git', async () => {
    tree({
      'b.md': '',
      'a/z.py': '',
      'a/y.ts': '',
      'image.png': 'x',
      'node_modules/pkg/readme.md': '',
      '.git/notes.md': '',
      Makefile: '',
    });
    expect(await discover()).toEqual({ files: ['a/y.ts', 'a/z.py', 'b.md'], explicit: [], notes: [], missing: [] });
  });

  it('honours .gitignore files at every level, relative to their folder, with negation', async () => {
    tree({
      '.gitignore': 'build/\n*.tmp.md\n',
      'notes/.gitignore': '/private.md\ndrafts/*\n!drafts/keep.md\n',
      'notes/private.md': '',
      'notes/public.md': '',
      'notes/drafts/a.md': '',
      'notes/drafts/keep.md': '',
      'notes/deep/private.md': '',
      'build/out.md': '',
      'x.tmp.md': '',
      'y.md': '',
    });
    expect((await discover()).files).toEqual(['notes/deep/private.md', 'notes/drafts/keep.md', 'notes/public.md', 'y.md']);
  });

  it('reads .git/info/exclude at the repository root', async () => {
    tree({ '.git/info/exclude': 'secret.md\n', 'secret.md': '', 'open.md': '' });
    expect((await discover()).files).toEqual(['open.md']);
  });

  it('notes explicitly named files it leaves out, and reports paths that do not exist', async () => {
    tree({ '.gitignore': 'ignored.md\n', 'ignored.md': '', 'data.csv': '', 'ok.md': '' });
    expect(await discover('ok.md', 'data.csv', 'ignored.md', 'nope.md')).toEqual({
      files: ['ok.md'],
      explicit: ['ok.md'],
      notes: ['skipped data.csv: not a Markdown or supported code file', 'skipped ignored.md: ignored by .gitignore'],
      missing: ['nope.md'],
    });
  });

  it('expands globs, filtered by .gitignore, and notes a glob matching nothing', async () => {
    tree({ '.gitignore': 'docs/old.md\n', 'docs/a.md': '', 'docs/old.md': '', 'docs/b.txt': '', 'src/c.md': '' });
    expect(await discover('docs/*.md', 'src/**/*.md', '*.rs')).toEqual({
      files: ['docs/a.md', 'src/c.md'],
      explicit: [],
      notes: ['no files match *.rs'],
      missing: [],
    });
  });

  it('lists a file named twice once, as named', async () => {
    tree({ 'a.md': '' });
    expect(await discover('.', 'a.md')).toMatchObject({ files: ['a.md'], explicit: ['a.md'] });
  });

  it('lists a file reached through symbolic links and link loops once, by its own path', async () => {
    tree({ 'docs/a.md': 'The Hesten Model.\n', 'docs/sub/c.md': '' });
    symlinkSync('a.md', path.join(dir, 'docs', 'b.md'));
    symlinkSync('..', path.join(dir, 'docs', 'sub', 'up'));
    symlinkSync('../docs', path.join(dir, 'docs', 'sub', 'again'));
    for (const args of [[], ['**/*.md'], ['docs', 'docs/sub', '.']]) {
      expect((await discover(...args)).files, args.join(' ')).toEqual(['docs/a.md', 'docs/sub/c.md']);
    }
    // A link named on the command line is linted by that name.
    expect(await discover('docs/b.md', 'docs')).toMatchObject({ files: ['docs/b.md', 'docs/sub/c.md'], explicit: ['docs/b.md'] });
  });

  it('notes a folder it cannot read, and goes on with the others', async () => {
    tree({ 'open/a.md': '', 'locked/b.md': '', 'locked/deeper/c.md': '' });
    unreadable.add(path.join(dir, 'locked'));
    expect(await discover()).toEqual({ files: ['open/a.md'], explicit: [], notes: ['skipped locked: cannot read the folder (EACCES)'], missing: [] });
    expect((await discover('locked')).notes).toEqual(['skipped locked: cannot read the folder (EACCES)']);
  });
});

describe('readLintableFile', () => {
  it('reads text, and skips binary files (a NUL byte in the first 8 KB) and files over the size limit', async () => {
    tree({
      'text.md': 'Heston Model\n',
      'binary.md': Buffer.from([0x48, 0x00, 0x49]),
      'late-nul.md': Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.from([0])]),
      'big.md': 'x'.repeat(101),
    });
    const read = (name: string, max = 100_000) => readLintableFile(path.join(dir, name), max);
    expect(await read('text.md')).toEqual({ text: 'Heston Model\n', bytes: Buffer.from('Heston Model\n') });
    expect(await read('binary.md')).toEqual({ skipped: 'binary file' });
    expect(await read('late-nul.md')).toHaveProperty('text');
    expect(await read('big.md', 100)).toEqual({ skipped: 'larger than 100 bytes' });
    expect(await read('missing.md')).toEqual({ skipped: 'cannot read (ENOENT)' });
  });

  it('reads bytes on this thread and through the thread pool alike, with the stamp the cache knows a file by', async () => {
    tree({
      'text.md': 'Heston Model\n',
      'binary.md': Buffer.from([0x48, 0x00, 0x49]),
      'big.md': 'x'.repeat(101),
    });
    mkdirSync(path.join(dir, 'folder.md'));
    for (const name of ['text.md', 'binary.md', 'big.md', 'missing.md', 'folder.md']) {
      const file = path.join(dir, name);
      const sync = readLintableBytesSync(file, 100);
      expect(sync, name).toEqual(await readLintableBytes(file, 100));
      const stamp = fileStampSync(file);
      if ('bytes' in sync) expect(sync.stamp, name).toEqual(stamp);
    }
    expect(readLintableBytesSync(path.join(dir, 'big.md'), 100)).toEqual({ skipped: 'larger than 100 bytes' });
    expect(fileStampSync(path.join(dir, 'folder.md'))).toBeUndefined();
    expect(fileStampSync(path.join(dir, 'text.md'))?.size).toBe(13);
  });
});

describe('ReadAhead', () => {
  it('gives each job the read of its own file, queued or not, in any order of taking', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`n${i}.md`] = `note ${i}\n`.repeat(i + 1);
    tree(files);
    const job = (name: string, index: number) => ({ index, path: path.join(dir, name), languageId: 'markdown', settings: {} as never });
    const jobs = Object.keys(files).map(job);
    const ahead = new ReadAhead(1000, 3);
    ahead.queue(jobs.slice(0, 10));
    ahead.queue(jobs.slice(10));
    const order = [...jobs.slice(0, 5), jobs[12]!, ...jobs.slice(5, 12), ...jobs.slice(13)];
    for (const j of order) {
      const read = await ahead.take(j);
      expect('bytes' in read && read.bytes.toString(), j.path).toBe(files[path.basename(j.path)]);
    }
    // A job never queued is read when it is taken; a file gone before it is read is skipped.
    expect(await ahead.take(job('n3.md', 99))).toMatchObject({ bytes: Buffer.from(files['n3.md']!) });
    expect(await ahead.take(job('gone.md', 100))).toEqual({ skipped: 'cannot read (ENOENT)' });
    const small = new ReadAhead(5);
    tree({ 'six.md': '123456' });
    const six = job('six.md', 0);
    small.queue([six]);
    expect(await small.take(six)).toEqual({ skipped: 'larger than 5 bytes' });
  });
});

describe('replaceFileIfUnchanged', () => {
  it('replaces a file that still holds what was read, and leaves one that changed', async () => {
    tree({ 'a.md': 'old\n', 'b.md': 'old\n' });
    const a = path.join(dir, 'a.md');
    const b = path.join(dir, 'b.md');
    expect(await replaceFileIfUnchanged(a, Buffer.from('old\n'), Buffer.from('new\n'))).toBeUndefined();
    expect(readFileSync(a, 'utf8')).toBe('new\n');
    expect(await replaceFileIfUnchanged(b, Buffer.from('old\n'), Buffer.from('new\n'), () => writeFileSync(b, 'mine\n'))).toEqual({ reason: 'changed' });
    expect(readFileSync(b, 'utf8')).toBe('mine\n');
    // Same size, other bytes: still a change.
    expect(await replaceFileIfUnchanged(b, Buffer.from('old\n'), Buffer.from('new\n'), () => writeFileSync(b, 'olé\n'))).toEqual({ reason: 'changed' });
    expect(await replaceFileIfUnchanged(b, Buffer.from('mine\n'), Buffer.from('new\n'), () => rmSync(b))).toEqual({ reason: 'changed' });
    expect(readdirSync(dir).sort()).toEqual(['a.md']);
  });
});
