/**
 * The `termlens` settings a user actually set, for the server's `workspace/configuration` requests.
 *
 * A project config file (`termlens.config.*`) sits between the defaults and the editor's
 * settings, so the server must not receive VS Code's defaults as if they were choices: a default
 * would always win over the project file. This builds the section from `inspect()` instead,
 * keeping only values set at user, workspace or folder level (objects such as the severity map are
 * merged across levels, as VS Code merges them).
 */

import { Uri, workspace } from 'vscode';

/** Setting keys under `termlens.` that the server reads (not `trace.server`, which the client handles). */
export function serverSettingKeys(properties: Record<string, unknown>): string[] {
  return Object.keys(properties)
    .filter((key) => key.startsWith('termlens.') && key !== 'termlens.trace.server')
    .map((key) => key.slice('termlens.'.length));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The explicitly set values of `keys` for `scopeUri`, nested the way VS Code sends a section. */
export function explicitSettings(keys: readonly string[], scopeUri: string | undefined): Record<string, unknown> {
  const config = workspace.getConfiguration('termlens', scopeUri ? Uri.parse(scopeUri) : undefined);
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const info = config.inspect(key);
    if (!info) continue;
    let value: unknown;
    for (const level of [info.globalValue, info.workspaceValue, info.workspaceFolderValue]) {
      if (level === undefined) continue;
      value = isRecord(value) && isRecord(level) ? { ...value, ...level } : level;
    }
    if (value === undefined) continue;
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) {
      if (!isRecord(node[part])) node[part] = {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts[parts.length - 1]!] = value;
  }
  return out;
}
