// Runs code-server for the editor tier: private HOME/XDG and user-data directories under one temp
// directory, its own process group (killed on stop and when this process exits), a free port, the
// packaged extension installed into a fresh extensions directory, and headless Debian Chromium
// (playwright-core) to load the workbench.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { node24Env } from './install.mjs';
import { CHROMIUM_PATH } from './versions.mjs';

/** User settings of every run: no start page, tips, chat or minimap, so the editor is all there is to see. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'editor.minimap.enabled': false,
  'editor.fontSize': 15,
  'telemetry.telemetryLevel': 'off',
};

/** Chromium flags: headless without sandbox, and no background traffic to hosts it cannot reach. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A free TCP port on 127.0.0.1.
 * @returns {Promise<number>}
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Copies the fixture workspace to a fresh `target`; returns `target`.
 * @param {string} root the repository root
 * @param {string} target
 * @returns {string}
 */
export function freshWorkspace(root, target) {
  cpSync(join(root, 'test', 'fixtures', 'editor-workspace'), target, { recursive: true });
  return target;
}

/**
 * A code-server session under `tmp`: call `install(vsix)`, then `start()`; `stop()` kills its process group.
 * @param {{ codeServer: string, nodeHome: string, tmp: string }} options
 */
export function codeServerSession({ codeServer, nodeHome, tmp }) {
  const home = join(tmp, 'home');
  const userData = join(tmp, 'user-data');
  const extensions = join(tmp, 'extensions');
  const logFile = join(tmp, 'code-server.log');
  for (const dir of [home, join(userData, 'User'), extensions]) mkdirSync(dir, { recursive: true });
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const env = {
    ...node24Env(nodeHome),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
  };
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child;
  let port = 0;
  const kill = () => {
    if (child?.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
  };
  process.on('exit', kill);

  return {
    logFile,
    get port() {
      return port;
    },

    /**
     * Installs a packaged extension into the session's extensions directory.
     * @param {string} vsix the package
     * @returns {string} the directory the extension was installed to
     */
    install(vsix) {
      const result = spawnSync(codeServer, [...dirs, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120_000 });
      if (result.status !== 0)
        throw new Error(`code-server --install-extension ${vsix} failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`);
      const installed = readdirSync(extensions).find((name) => name.startsWith('termlens.termlens-'));
      if (!installed) throw new Error(`code-server installed ${vsix} but no termlens.termlens-* directory appeared in ${extensions}`);
      return join(extensions, installed);
    },

    /** Starts code-server in its own process group and waits until /healthz answers. */
    async start() {
      port = await freePort();
      const out = openSync(logFile, 'a');
      // `detached` makes the child a process-group leader (setsid), so stop() also ends its file watchers.
      child = spawn(
        codeServer,
        [
          '--bind-addr',
          `127.0.0.1:${port}`,
          '--auth',
          'none',
          '--disable-telemetry',
          '--disable-update-check',
          '--disable-workspace-trust',
          '--disable-getting-started-override',
          // Without it code-server ignores the extension-test payload of the URL.
          '--vscode-option',
          'enable-smoke-test-driver',
          ...dirs,
        ],
        { env, detached: true, stdio: ['ignore', out, out] },
      );
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode} at start; see ${logFile}`);
        try {
          const response = await fetch(`http://127.0.0.1:${port}/healthz`);
          if (response.ok) return;
        } catch {
          // Not listening yet.
        }
        if (Date.now() > deadline) throw new Error(`code-server did not answer /healthz within 60 s; see ${logFile}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },

    /**
     * The workbench URL for `folder`, with an optional extension-test payload.
     * @param {string} folder
     * @param {unknown} [payload] sent as JSON
     * @returns {string}
     */
    url(folder, payload) {
      const query = `folder=${encodeURIComponent(folder)}` + (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
      return `http://127.0.0.1:${port}/?${query}`;
    },

    /**
     * A path on this machine as the remote URI the workbench knows it by.
     * @param {string} path
     * @returns {string}
     */
    remoteUri(path) {
      return `vscode-remote://127.0.0.1:${port}${path}`;
    },

    stop: kill,
  };
}

/**
 * Headless Debian Chromium with a fresh profile in `profileDir`.
 * @param {string} profileDir
 * @param {{ width: number, height: number }} viewport
 */
export function launchBrowser(profileDir, viewport = { width: 1280, height: 720 }) {
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM_PATH, headless: true, viewport, args: CHROMIUM_ARGS });
}

/**
 * Runs the compiled suite in code-server's extension host: loads the workbench with the smoke-test
 * payload and waits for `codeAutomationExit`. Every console line of the extension host is passed to `log`.
 * @param {ReturnType<typeof codeServerSession>} session
 * @param {{ profileDir: string, workspace: string, extensionPath: string, suitePath: string, timeoutMs: number, log: (line: string) => void }} options
 * @returns {Promise<number>} the suite's exit code (0 = every test passed)
 */
export async function runSuite(session, { profileDir, workspace, extensionPath, suitePath, timeoutMs, log }) {
  const context = await launchBrowser(profileDir);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    /** @type {(code: number) => void} */
    let exited = () => {};
    const exit = new Promise((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationLog', (/** @type {unknown} */ _level, /** @type {unknown} */ args) => {
      for (const line of (Array.isArray(args) ? args : [args]).map(String).join(' ').split('\n')) log(line);
    });
    await page.exposeFunction('codeAutomationExit', (/** @type {unknown} */ code) => exited(Number(code)));
    const payload = [
      ['extensionDevelopmentPath', session.remoteUri(extensionPath)],
      ['extensionTestsPath', session.remoteUri(suitePath)],
    ];
    await page.goto(session.url(workspace, payload));
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const code = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    if (code === 'timeout') throw new Error(`the editor suite did not finish within ${timeoutMs / 1000} s; code-server log: ${session.logFile}`);
    return /** @type {number} */ (code);
  } finally {
    await context.close().catch(() => undefined);
  }
}
