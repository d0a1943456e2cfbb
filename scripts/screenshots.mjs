// npm run screenshots — regenerates the README's screenshots, docs/images/hover.png, completion.png and
// quickfix.png, by running the editor tier's UI check in code-server with every step (see
// scripts/editors/ui-check.mjs). Installs what it needs like npm run test:editors.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshWorkspace } from './editors/code-server.mjs';
import { ensureAptPackages } from './editors/install.mjs';
import { startCodeServerWithExtension } from './editors/prepare.mjs';
import { uiCheck } from './editors/ui-check.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'docs', 'images');
const TIMEOUT_MS = 10 * 60_000;

const tmp = mkdtempSync(join(tmpdir(), 'termlens-screenshots-'));
setTimeout(() => {
  console.error(`termlens screenshots: timed out after ${TIMEOUT_MS / 60_000} minutes; logs in ${tmp}`);
  process.exit(1);
}, TIMEOUT_MS);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));

ensureAptPackages();
mkdirSync(outDir, { recursive: true });
const { session } = await startCodeServerWithExtension(root, join(tmp, 'code-server'));
try {
  const shots = await uiCheck(session, { workspace: freshWorkspace(root, join(tmp, 'workspace')), profileDir: join(tmp, 'chromium'), outDir, all: true });
  for (const shot of shots) console.log(`termlens screenshots: wrote ${shot}`);
} catch (error) {
  console.error(`termlens screenshots: ${error instanceof Error ? error.message : String(error)}; logs in ${tmp}`);
  process.exit(1);
} finally {
  session.stop();
}
rmSync(tmp, { recursive: true, force: true });
process.exit(0);
