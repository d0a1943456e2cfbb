// Steps shared by scripts/test-editors.mjs and scripts/screenshots.mjs: building and packaging the
// extension, and a started code-server session with the package installed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { codeServerSession } from './code-server.mjs';
import { ensureCodeServer, ensureNode24 } from './install.mjs';

/**
 * Runs an npm script quietly in `root`; prints its output and exits with code 1 if it fails.
 * @param {string} root the repository root
 * @param {string} script
 */
export function npmRun(root, script) {
  const result = spawnSync('npm', ['run', '--silent', script], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stdout.write(result.stdout ?? '');
    process.stderr.write(result.stderr ?? '');
    console.error(`termlens test:editors: npm run ${script} failed`);
    process.exit(1);
  }
}

/**
 * Packages the extension (`npm run package`: production build and termlens.vsix), installs Node 24
 * and code-server if needed, and starts a code-server session under `tmp` with the package installed.
 * @param {string} root the repository root
 * @param {string} tmp the session's directory
 * @returns {Promise<{ session: ReturnType<typeof codeServerSession>, extensionPath: string }>}
 */
export async function startCodeServerWithExtension(root, tmp) {
  npmRun(root, 'package');
  const nodeHome = ensureNode24();
  const codeServer = ensureCodeServer(nodeHome);
  const session = codeServerSession({ codeServer, nodeHome, tmp });
  const extensionPath = session.install(join(root, 'termlens.vsix'));
  await session.start();
  return { session, extensionPath };
}
