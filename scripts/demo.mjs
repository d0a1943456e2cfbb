// `npm run demo`: the main job on the bundled glossary. Builds and packages the extension, installs
// it into VS Code when a `code` command exists, then starts the packaged language server over
// stdio, exactly as an editor does, and shows it at work on examples/research-note.md.
//
//   node scripts/demo.mjs [NOTE]   NOTE (relative to the current directory) instead of examples/research-note.md

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { applyEdits, startLanguageServer } from './lsp-client.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** @type {string[]} */
let positionals;
try {
  ({ positionals } = parseArgs({ options: {}, allowPositionals: true }));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\nusage: node scripts/demo.mjs [NOTE]\n`);
  process.exit(2);
}
const source = positionals[0] ? join(process.cwd(), positionals[0]) : join(root, 'examples', 'research-note.md');
// The note is opened from a workspace of its own: this repository's termlens.config.yaml ignores
// examples/ (the note is wrong on purpose), and the demo must show what a user's project shows.
const workspace = mkdtempSync(join(tmpdir(), 'termlens-demo-'));
const note = join(workspace, 'research-note.md');
writeFileSync(note, readFileSync(source));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

console.log('== Building and packaging the extension (npm run package)');
execFileSync(npm, ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });

const code = spawnSync('code', ['--version'], { encoding: 'utf8' });
if (code.status === 0) {
  console.log('== Installing termlens.vsix into VS Code');
  execFileSync('code', ['--install-extension', join(root, 'termlens.vsix'), '--force'], { stdio: 'inherit' });
} else {
  console.log('== No `code` command on PATH: install termlens.vsix with "Extensions: Install from VSIX..." in VS Code');
}

const text = readFileSync(note, 'utf8');
const uri = pathToFileURL(note).toString();
const lines = text.split('\n');
/** The text of a range that starts on a line of the note. @param {import('./lsp-client.mjs').Range} r */
const slice = (r) => lines[r.start.line].slice(r.start.character, r.start.line === r.end.line ? r.end.character : undefined);
/** The position one character into the first occurrence of `needle`. @param {string} needle */
const positionOf = (needle) => {
  const line = lines.findIndex((l) => l.includes(needle));
  return { line, character: lines[line].indexOf(needle) + 1 };
};

const client = await startLanguageServer(join(root, 'dist', 'server.js'), { rootPath: dirname(note) });
try {
  await client.ready();
  const status = client.statuses[client.statuses.length - 1];
  console.log(`\n== termlens-ls --stdio: ${status.conceptCount} concepts, ${status.termCount} terms in the bundled glossary`);
  await client.open(uri, 'markdown', text);
  const diagnostics = await client.diagnosticsFor(uri);
  console.log(`\n== Diagnostics on ${source} (${diagnostics.length})`);
  let fixed = text;
  /** @type {import('./lsp-client.mjs').TextEdit[]} */
  const edits = [];
  for (const d of diagnostics) {
    console.log(`  ${d.range.start.line + 1}:${d.range.start.character + 1}  ${d.code}  ${JSON.stringify(slice(d.range))}\n      ${d.message}`);
    for (const offered of (await client.codeActions(uri, d.range, [d])) ?? []) {
      const action = offered.edit || !offered.data ? offered : await client.resolveCodeAction(offered);
      const changes = action.edit?.changes?.[uri];
      if (changes) {
        // A fix of the note itself: applied below, all together.
        console.log(`      quick fix: ${action.title}`);
        edits.push(...changes);
        continue;
      }
      // An action that writes the glossary or the project config instead: shown, not applied.
      console.log(`      code action: ${action.title}`);
      /** @type {[string, readonly object[]][]} */
      const written = Object.entries(action.edit?.changes ?? {});
      for (const change of action.edit?.documentChanges ?? []) if ('textDocument' in change) written.push([change.textDocument.uri, change.edits]);
      for (const [target, fileEdits] of written) {
        const added = fileEdits
          .map((e) => ('newText' in e && typeof e.newText === 'string' ? e.newText : ''))
          .join('')
          .trim()
          .split('\n');
        console.log(`        writes ${relative(dirname(note), fileURLToPath(target))}: ${added.slice(0, 4).join(' ⏎ ')}${added.length > 4 ? ' …' : ''}`);
      }
    }
  }
  fixed = applyEdits(text, edits);
  await client.change(uri, fixed);
  console.log(`  after applying every quick fix: ${(await client.diagnosticsFor(uri)).length} diagnostics`);

  console.log('\n== Hovers');
  for (const term of ['Heston Model', 'implied volatility', 'funding rate', 'TWAP', 'delta hedged', 'Sample Bias']) {
    const hover = await client.hover(uri, positionOf(term));
    const value = hover?.contents.value ?? '(none)';
    console.log(
      `  -- ${term}\n${value
        .split('\n')
        .slice(0, 6)
        .map((l) => `     ${l}`)
        .join('\n')}\n`,
    );
  }

  console.log('== Completions');
  const draft = pathToFileURL(join(dirname(note), 'draft.md')).toString();
  await client.open(draft, 'markdown', '');
  for (const typed of ['We price with black sch', 'Jumps: stoch vol jump', 'Compare bsm', 'Hedge the gam', 'Track the funding ra', 'Size it by open inter']) {
    await client.change(draft, typed);
    const list = await client.completion(draft, { line: 0, character: typed.length });
    console.log(
      `  ${JSON.stringify(typed)} → ${(list?.items ?? [])
        .slice(0, 3)
        .map((i) => i.label)
        .join(' | ')}`,
    );
  }
} finally {
  await client.stop();
}

// The same engine on the command line: `--fix` on a note that is not valid UTF-8 fixes the term
// and keeps every other byte (the Latin-1 é, 0xe9) as it was.
const latin1 = join(workspace, 'latin1-note.md');
// termlens-disable-next-line term.misspelled
writeFileSync(latin1, Buffer.from('Latin-1 caf\xe9 and the Hesten Model.\n', 'latin1'));
console.log('\n== termlens lint --fix on a Latin-1 note (not valid UTF-8)');
const lint = spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'lint', '--fix', latin1], { encoding: 'utf8', cwd: workspace });
process.stdout.write((lint.stdout + lint.stderr).replace(/^/gm, '  '));
const after = readFileSync(latin1);
console.log(`  bytes now: ${after.toString('latin1').trimEnd()} (0xe9 ${after.includes(0xe9) ? 'kept' : 'LOST'})`);
rmSync(workspace, { recursive: true, force: true });
