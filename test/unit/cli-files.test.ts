/** File discovery of `termlens lint`: folders, globs, .gitignore at every level, binary and oversized files. */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discoverFiles, readLintableFile } from '../../server/src/cli/files';

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
      'Makefile': '',
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
    expect(await read('text.md')).toEqual({ text: 'Heston Model\n' });
    expect(await read('binary.md')).toEqual({ skipped: 'binary file' });
    expect(await read('late-nul.md')).toHaveProperty('text');
    expect(await read('big.md', 100)).toEqual({ skipped: 'larger than 100 bytes' });
    expect(await read('missing.md')).toEqual({ skipped: 'cannot read (ENOENT)' });
  });
});
