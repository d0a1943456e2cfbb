// Runs the compiled editor suite in desktop VS Code through @vscode/test-electron, with the repository
// as the development extension. VS Code is downloaded into the cache (`vscode/`) on first use.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cacheDir } from './install.mjs';

/** How long the download may stay idle before it counts as impossible, in ms. */
const DOWNLOAD_IDLE_TIMEOUT_MS = 15_000;

/**
 * Downloads (or finds in the cache) the current stable VS Code.
 * @returns {Promise<string>} the VS Code executable
 * @throws when VS Code cannot be downloaded (no route to the update host, for instance)
 */
export function downloadVSCode() {
  return downloadAndUnzipVSCode({ cachePath: join(cacheDir(), 'vscode'), timeout: DOWNLOAD_IDLE_TIMEOUT_MS });
}

/**
 * Runs the suite in a fresh VS Code window on `workspace`.
 * @param {{ vscodeExecutablePath: string, root: string, suitePath: string, workspace: string, tmp: string }} options
 * @returns {Promise<number>} the exit code (0 = every test passed)
 */
export async function runSuiteInElectron({ vscodeExecutablePath, root, suitePath, workspace, tmp }) {
  const userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  mkdirSync(userData, { recursive: true });
  mkdirSync(extensions, { recursive: true });
  try {
    return await runTests({
      vscodeExecutablePath,
      extensionDevelopmentPath: root,
      extensionTestsPath: suitePath,
      launchArgs: [
        workspace,
        '--user-data-dir',
        userData,
        '--extensions-dir',
        extensions,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
      ],
    });
  } catch (error) {
    // runTests rejects with the exit code of a failed run; anything else is a launch failure.
    console.error(`termlens test:editors: VS Code run failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
