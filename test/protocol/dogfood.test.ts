/**
 * termlens lints its own repository with its own config (termlens.config.yaml): the README,
 * ARCHITECTURE.md and every source file's comments and strings, as a team would in CI.
 */

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');

it('the repository lints clean with `termlens lint` and its own config', () => {
  const run = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'lint', '--format', 'json', '--no-progress'], { cwd: root, encoding: 'utf8' });
  const findings = run.stdout
    ? (JSON.parse(run.stdout) as { filePath: string; messages: { line: number; column: number; code: string; message: string }[] }[])
    : [];
  const lines = findings.flatMap((f) => f.messages.map((m) => `${f.filePath}:${m.line}:${m.column} ${m.code} ${m.message}`));
  expect(lines).toEqual([]);
  expect(run.status, run.stderr).toBe(0);
  // Not vacuous: the docs and the sources were read.
  const summary = spawnSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'lint', '--no-color', '--no-progress'], { cwd: root, encoding: 'utf8' });
  expect(Number(/no problems in (\d+) files/.exec(summary.stdout)?.[1] ?? 0)).toBeGreaterThan(40);
});
