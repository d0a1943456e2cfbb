// `npm run demo`: the main job on the bundled glossary. Builds and packages the extension, installs
// it into VS Code when a `code` command exists, then starts the packaged language server over
// stdio, exactly as an editor does, and shows it at work on examples/research-note.md.

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyEdits, startLanguageServer } from './lsp-client.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const note = process.argv[2] ? join(process.cwd(), process.argv[2]) : join(root, 'examples', 'research-note.md');
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
const slice = (r) => lines[r.start.line].slice(r.start.character, r.start.line === r.end.line ? r.end.character : undefined);
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
  console.log(`\n== Diagnostics on ${note} (${diagnostics.length})`);
  let fixed = text;
  const edits = [];
  for (const d of diagnostics) {
    console.log(`  ${d.range.start.line + 1}:${d.range.start.character + 1}  ${d.code}  ${JSON.stringify(slice(d.range))}\n      ${d.message}`);
    const [action] = await client.codeActions(uri, d.range, [d]);
    if (action) {
      console.log(`      quick fix: ${action.title}`);
      edits.push(...action.edit.changes[uri]);
    }
  }
  fixed = applyEdits(text, edits);
  await client.change(uri, fixed);
  console.log(`  after applying every quick fix: ${(await client.diagnosticsFor(uri)).length} diagnostics`);

  console.log('\n== Hovers');
  for (const term of ['Heston Model', 'Sample Bias', 'Calibration Challenges']) {
    const hover = await client.hover(uri, positionOf(term));
    const value = hover?.contents.value ?? '(none)';
    console.log(`  -- ${term}\n${value.split('\n').slice(0, 6).map((l) => `     ${l}`).join('\n')}\n`);
  }

  console.log('== Completions');
  const draft = pathToFileURL(join(dirname(note), 'draft.md')).toString();
  await client.open(draft, 'markdown', '');
  for (const typed of ['We price with black sch', 'Jumps: stoch vol jump', 'Compare bsm']) {
    await client.change(draft, typed);
    const list = await client.completion(draft, { line: 0, character: typed.length });
    console.log(`  ${JSON.stringify(typed)} → ${list.items.slice(0, 3).map((i) => i.label).join(' | ')}`);
  }
} finally {
  await client.stop();
}
