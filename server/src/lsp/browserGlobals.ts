/**
 * The Node globals the server's modules use, for the web build only: esbuild injects these
 * exports in place of `setImmediate`, `Buffer.byteLength` and `process` in
 * `dist/browser/server.js` (`scripts/build.mjs`). `process` is a stand-in with a platform that is
 * not Windows and no working folder: vscode-uri would otherwise take a Windows browser's user
 * agent as a reason to write paths with backslashes, which the server's posix paths are not.
 */

/** `setImmediate`: after the events already queued, as a zero-delay timer is in a worker. */
function setImmediateShim(callback: (...args: unknown[]) => void, ...args: unknown[]): unknown {
  return setTimeout(callback, 0, ...args);
}

/** `Buffer.byteLength(text, 'utf8')`: the UTF-8 length of a string (lone surrogates count 3, as U+FFFD). */
function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** `process`: path-browserify's `cwd()` (paths resolve from the root) and the platform libraries test for Windows. */
const processShim = { platform: 'browser', cwd: (): string => '/', env: {} as Record<string, string | undefined> };

export { setImmediateShim as setImmediate, utf8ByteLength as 'Buffer.byteLength', processShim as process };
