/**
 * The labelled `acronym.undefined` findings of `docs/acronym-sample.md`, checked against the built
 * command line on the real corpus (../shared/corpus/real-docs, outside the repository; skipped
 * with a message when absent). Every finding in the labelled files must carry a label, so a rule
 * change that brings back a finding or adds one fails here until someone labels it, and the
 * share labelled correct must stay at the 80 % the rule is held to and match the document's
 * headline.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
const corpus = path.resolve(root, '..', 'shared', 'corpus', 'real-docs');
const cli = path.join(root, 'dist', 'cli.js');
const sample = readFileSync(path.join(root, 'docs', 'acronym-sample.md'), 'utf8');

/** `file:line abbreviation` → label, from the table of every finding. */
const labels = new Map<string, string>();
for (const m of sample.matchAll(/^\| \d+ \| `([^`]+:\d+)` \| `([^`]+)` \| (correct|wrong) \|/gm)) labels.set(`${m[1]} ${m[2]}`, m[3]!);
const files = [...new Set([...labels.keys()].map((k) => k.replace(/:\d+ .*$/, '')))];

const present = existsSync(corpus);
if (!present) console.warn(`acronym-sample: skipped, corpus not found at ${corpus}`);

describe.skipIf(!present)('the labelled acronym.undefined findings of docs/acronym-sample.md', () => {
  const empty = mkdtempSync(path.join(os.tmpdir(), 'termlens-acronym-'));
  afterAll(() => rmSync(empty, { recursive: true, force: true }));

  it('are every finding in their files, at least 80 % of them correct, as the headline says', () => {
    expect(files.length).toBeGreaterThan(20);
    // Run from an empty folder with no config, as the measurement was made.
    const run = spawnSync(process.execPath, [cli, 'lint', '--format', 'json', '--no-config', ...files.map((f) => path.join(corpus, f))], {
      cwd: empty,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    expect(run.status, run.stderr).not.toBe(2);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { code: string; line: number; message: string }[] }[];
    const found: string[] = [];
    for (const r of results) {
      const file = path.relative(corpus, path.resolve(empty, r.filePath)).split(path.sep).join('/');
      for (const m of r.messages) if (m.code === 'acronym.undefined') found.push(`${file}:${m.line} ${/^"([^"]+)"/.exec(m.message)?.[1]}`);
    }
    const unlabelled = found.filter((k) => !labels.has(k));
    expect(unlabelled, 'findings with no label in docs/acronym-sample.md').toEqual([]);
    const correct = found.filter((k) => labels.get(k) === 'correct').length;
    expect(correct / found.length).toBeGreaterThanOrEqual(0.8);
    expect(sample).toContain(`**Correct: ${correct} of ${found.length} (${Math.round((100 * correct) / found.length)} %).**`);
  });
});
