/**
 * termlens settings: typed, sanitized with defaults. The server requests them per document
 * (scope URI) and keeps no copy in module globals; anything malformed falls back to its default.
 */

import { defaultSeverities, diagnosticCodes, type DiagnosticCode, type SeverityName } from './features/diagnostics';
import type { IdentifierStyle } from './text/identifiers';

/** Languages termlens works in by default: Markdown, plain text and the code languages it lexes. */
export const defaultLanguages: readonly string[] = [
  'markdown',
  'plaintext',
  'typescript',
  'typescriptreact',
  'javascript',
  'javascriptreact',
  'python',
  'r',
  'julia',
  'go',
  'rust',
  'java',
  'c',
  'cpp',
  'csharp',
  'sql',
  'solidity',
];

/** The settings under `termlens.*`. */
export interface Settings {
  /** `termlens.enable`: turn termlens on or off. Default true. */
  readonly enable: boolean;
  /** `termlens.languages`: language IDs termlens works in. Default {@link defaultLanguages}. */
  readonly languages: readonly string[];
  /** `termlens.glossaryFiles`: extra glossary files (paths or globs, relative to the workspace folder). Default []. */
  readonly glossaryFiles: readonly string[];
  /** `termlens.bundledGlossary`: serve the bundled finance glossary. Default true. */
  readonly bundledGlossary: boolean;
  /** `termlens.workspaceGlossaries`: pick up `*.glossary.{yaml,yml,json}` files in the workspace. Default true. */
  readonly workspaceGlossaries: boolean;
  /** `termlens.diagnostics.severity`: severity per diagnostic code. Default {@link defaultSeverities}. */
  readonly severities: Readonly<Record<DiagnosticCode, SeverityName>>;
  /** `termlens.completion.identifierStyle`: style of identifiers inserted in code. Default `auto`. */
  readonly identifierStyle: 'auto' | IdentifierStyle;
}

/** The defaults, used for anything missing or malformed. */
export const defaultSettings: Settings = {
  enable: true,
  languages: defaultLanguages,
  glossaryFiles: [],
  bundledGlossary: true,
  workspaceGlossaries: true,
  severities: defaultSeverities,
  identifierStyle: 'auto',
};

const SEVERITIES: readonly SeverityName[] = ['error', 'warning', 'information', 'hint', 'off'];
const STYLES: ReadonlyArray<'auto' | IdentifierStyle> = ['auto', 'camelCase', 'PascalCase', 'snake_case', 'SCREAMING_SNAKE_CASE', 'kebab-case'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringArray(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '') : undefined;
}

/**
 * Turns whatever the client sent for section `termlens` into {@link Settings}. Accepts both the
 * nested shape VS Code sends (`{ diagnostics: { severity: {...} } }`) and dotted keys.
 */
export function sanitizeSettings(raw: unknown): Settings {
  if (!isRecord(raw)) return defaultSettings;
  const get = (path: string): unknown => {
    if (path in raw) return raw[path];
    let cur: unknown = raw;
    for (const part of path.split('.')) cur = isRecord(cur) ? cur[part] : undefined;
    return cur;
  };
  const severities: Record<DiagnosticCode, SeverityName> = { ...defaultSeverities };
  const rawSeverities = get('diagnostics.severity');
  if (isRecord(rawSeverities)) {
    for (const code of diagnosticCodes) {
      const v = rawSeverities[code];
      if (typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v)) severities[code] = v as SeverityName;
    }
  }
  const style = get('completion.identifierStyle');
  const enable = get('enable');
  const bundled = get('bundledGlossary');
  const workspace = get('workspaceGlossaries');
  return {
    enable: typeof enable === 'boolean' ? enable : defaultSettings.enable,
    languages: stringArray(get('languages')) ?? defaultSettings.languages,
    glossaryFiles: stringArray(get('glossaryFiles')) ?? defaultSettings.glossaryFiles,
    bundledGlossary: typeof bundled === 'boolean' ? bundled : defaultSettings.bundledGlossary,
    workspaceGlossaries: typeof workspace === 'boolean' ? workspace : defaultSettings.workspaceGlossaries,
    severities,
    identifierStyle: typeof style === 'string' && (STYLES as readonly string[]).includes(style) ? (style as Settings['identifierStyle']) : 'auto',
  };
}

/** Whether termlens should work on a document of `languageId` under `settings`. */
export function isEnabledFor(settings: Settings, languageId: string): boolean {
  return settings.enable && settings.languages.includes(languageId);
}
