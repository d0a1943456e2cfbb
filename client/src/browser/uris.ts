/**
 * The URIs of the web build. The language server models a workspace as paths (`file:` URIs), as
 * on the disk; in VS Code for the Web the workspace lives on a virtual file system
 * (`vscode-vfs://github/owner/repo/…`, `vscode-remote://host/…`). The browser client translates at
 * the protocol's edge: a URI of the workspace's file system becomes the `file:` URI of its path,
 * a URI below the extension's folder a path below {@link extensionPathPrefix}, and back. Anything
 * else (untitled documents, notebook cells, https links) passes unchanged.
 *
 * Only one virtual file system is mapped: the first workspace folder's (scheme and authority).
 * Pure string functions over vscode-uri, so that the unit tests run them without VS Code.
 */

import { URI } from 'vscode-uri';
import { extensionPathPrefix } from '../../../server/src/protocolExtensions';

/** Translates URIs between the editor and the server. */
export interface UriMapper {
  /** The URI the server knows an editor URI by. */
  toProtocol(uri: string): string;
  /** The editor URI of a URI the server sent. */
  toCode(uri: string): string;
  /** The editor URI of a path the server asks about. */
  pathToCode(path: string): string;
  /** The path the server knows an editor URI by, or undefined when it knows none (another file system). */
  codeToPath(uri: string): string | undefined;
}

/** Joins a posix path below a folder path, without `..` escaping it. */
function below(folder: string, rest: string): string {
  const parts = rest.split('/').filter((part) => part !== '' && part !== '.' && part !== '..');
  return [folder.replace(/\/+$/, ''), ...parts].join('/') || '/';
}

/**
 * A mapper for a workspace whose first folder is `workspaceFolder` (none: no folder open) and an
 * extension installed at `extensionUri`.
 */
export function createUriMapper(workspaceFolder: string | undefined, extensionUri: string): UriMapper {
  const folder = workspaceFolder === undefined ? undefined : URI.parse(workspaceFolder);
  // A workspace on the disk needs no translation (a `file:` folder in the browser, or tests).
  const base = folder && folder.scheme !== 'file' ? { scheme: folder.scheme, authority: folder.authority } : undefined;
  const extension = URI.parse(extensionUri);
  const extensionPath = extension.path.replace(/\/+$/, '');

  const inExtension = (u: URI): string | undefined => {
    if (u.scheme !== extension.scheme || u.authority !== extension.authority) return undefined;
    if (u.path !== extensionPath && !u.path.startsWith(`${extensionPath}/`)) return undefined;
    return below(extensionPathPrefix, u.path.slice(extensionPath.length));
  };

  const codeToPath = (uri: string): string | undefined => {
    const u = URI.parse(uri);
    const own = inExtension(u);
    if (own !== undefined) return own;
    if (base ? u.scheme === base.scheme && u.authority === base.authority : u.scheme === 'file') return u.path || '/';
    return undefined;
  };

  const pathToCode = (path: string): string => {
    if (path === extensionPathPrefix || path.startsWith(`${extensionPathPrefix}/`)) {
      return extension.with({ path: below(extensionPath, path.slice(extensionPathPrefix.length)) }).toString();
    }
    return base ? URI.from({ scheme: base.scheme, authority: base.authority, path }).toString() : URI.file(path).toString();
  };

  return {
    toProtocol(uri) {
      const path = codeToPath(uri);
      return path === undefined ? uri : URI.file(path).toString();
    },
    toCode(uri) {
      const u = URI.parse(uri);
      return u.scheme === 'file' ? pathToCode(u.path) : uri;
    },
    pathToCode,
    codeToPath,
  };
}
