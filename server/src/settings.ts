/**
 * termlens settings: typed, sanitized with defaults. The server requests them per document
 * (scope URI) and keeps no copy in module globals; anything malformed falls back to its default.
 */

// The rule table (`features/rules.ts`, data only), not `features/diagnostics.ts`: importing settings must not pull
// in the scanners (remark) behind the diagnostics.
import type { DiagnosticOptions } from './core/features/diagnostics';
import { defaultSeverities, diagnosticCodes, severityNames, type DiagnosticCode, type SeverityName } from './core/features/rules';
import { defaultLanguageIds } from './shared/languages';
import type { IdentifierStyle } from './core/text/identifiers';

/** Languages termlens works in by default: those the language table (`shared/languages.ts`) enables. */
export const defaultLanguages: readonly string[] = defaultLanguageIds;

/** The settings under `termlens.*`. */
export interface Settings {
  /** `termlens.enable`: turn termlens on or off. Default true. */
  readonly enable: boolean;
  /** `termlens.languages`: language IDs termlens works in. Default {@link defaultLanguages}. */
  readonly languages: readonly string[];
  /**
   * `termlens.glossaryFiles`: extra glossary files (paths or globs, relative to the workspace
   * folder; absolute when they come from a project config file). Default [].
   */
  readonly glossaryFiles: readonly string[];
  /** `termlens.bundledGlossary`: serve the bundled finance glossary. Default true. */
  readonly bundledGlossary: boolean;
  /** `termlens.workspaceGlossaries`: pick up `*.glossary.{yaml,yml,json}` files in the workspace. Default true. */
  readonly workspaceGlossaries: boolean;
  /** `termlens.diagnostics.severity` (`rules` in a project config): severity per diagnostic code. Default {@link defaultSeverities}. */
  readonly severities: Readonly<Record<DiagnosticCode, SeverityName>>;
  /** `termlens.completion.identifierStyle`: style of identifiers inserted in code. Default `auto`. */
  readonly identifierStyle: 'auto' | IdentifierStyle;
  /** `termlens.knownAcronyms`: abbreviations accepted without a definition (`acronym.undefined`). Default []. */
  readonly knownAcronyms: readonly string[];
  /**
   * `termlens.ignore`: globs of files that get no diagnostics, relative to the project config
   * folder, else to the workspace folder (see `isIgnored` in `config/projectConfig.ts`). Default [].
   */
  readonly ignore: readonly string[];
  /**
   * `termlens.maxDocumentSize`: documents longer than this many characters get no diagnostics
   * (one `document.too-large` note says so), while hover and completion still work; 0 means no
   * limit. Default 16 MiB, the CLI's `--max-file-size`.
   */
  readonly maxDocumentSize: number;
  /**
   * `termlens.diagnostics.workspace`: also report the findings of the files of each workspace
   * folder that are not open (the files `termlens lint` would check there), through LSP pull
   * diagnostics (`lsp/workspaceDiagnostics.ts`); editors without them ignore it. An editor setting
   * only, not read from a project config. Default false, as ESLint and cspell check open files only.
   */
  readonly workspaceDiagnostics: boolean;
  /**
   * `termlens.diagnostics.workspaceMaxFiles`: with {@link workspaceDiagnostics}, at most this many
   * files per workspace folder are checked (the first in path order; the server logs when it cuts);
   * 0 means no limit. An editor setting only. Default 5,000.
   */
  readonly workspaceDiagnosticsMaxFiles: number;
}

/**
 * Some settings, e.g. one layer of a project config file or the keys a user actually set in the
 * editor. `severities` holds only the codes the layer sets; layers merge code by code.
 */
export type PartialSettings = { readonly [K in Exclude<keyof Settings, 'severities'>]?: Settings[K] } & {
  readonly severities?: Readonly<Partial<Record<DiagnosticCode, SeverityName>>>;
};

/** The defaults, used for anything missing or malformed. */
export const defaultSettings: Settings = {
  enable: true,
  languages: defaultLanguages,
  glossaryFiles: [],
  bundledGlossary: true,
  workspaceGlossaries: true,
  severities: defaultSeverities,
  identifierStyle: 'auto',
  knownAcronyms: [],
  ignore: [],
  maxDocumentSize: 16 * 1024 * 1024,
  workspaceDiagnostics: false,
  workspaceDiagnosticsMaxFiles: 5000,
};

export { severityNames };
const STYLES: ReadonlyArray<'auto' | IdentifierStyle> = ['auto', 'camelCase', 'PascalCase', 'snake_case', 'SCREAMING_SNAKE_CASE', 'kebab-case'];

/** What `termlens.knownAcronyms` accepts (as the extension's settings schema does): a capital, then 1 to 9 letters or digits. */
export const KNOWN_ACRONYM_PATTERN = /^[A-Z][A-Za-z0-9]{1,9}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stringArray(v: unknown, keep: (s: string) => boolean = (s) => s.trim() !== ''): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && keep(x)) : undefined;
}

/**
 * The valid settings present in whatever the client sent for section `termlens`; anything missing
 * or malformed is left out (an array keeps its valid items). Accepts both the nested shape VS Code
 * sends (`{ diagnostics: { severity: {...} } }`) and dotted keys.
 */
export function sanitizePartialSettings(raw: unknown): PartialSettings {
  if (!isRecord(raw)) return {};
  const get = (path: string): unknown => {
    if (Object.prototype.hasOwnProperty.call(raw, path)) return raw[path];
    let cur: unknown = raw;
    for (const part of path.split('.')) cur = isRecord(cur) && Object.prototype.hasOwnProperty.call(cur, part) ? cur[part] : undefined;
    return cur;
  };
  const out: { -readonly [K in keyof PartialSettings]: PartialSettings[K] } = {};
  const rawSeverities = get('diagnostics.severity');
  if (isRecord(rawSeverities)) {
    const severities: Partial<Record<DiagnosticCode, SeverityName>> = {};
    for (const code of diagnosticCodes) {
      const v = rawSeverities[code];
      if (typeof v === 'string' && (severityNames as readonly string[]).includes(v)) severities[code] = v as SeverityName;
    }
    if (Object.keys(severities).length > 0) out.severities = severities;
  }
  const style = get('completion.identifierStyle');
  if (typeof style === 'string' && (STYLES as readonly string[]).includes(style)) out.identifierStyle = style as Settings['identifierStyle'];
  for (const key of ['enable', 'bundledGlossary', 'workspaceGlossaries'] as const) {
    const v = get(key);
    if (typeof v === 'boolean') out[key] = v;
  }
  for (const key of ['languages', 'glossaryFiles', 'ignore'] as const) {
    const v = stringArray(get(key));
    if (v) out[key] = v;
  }
  const maxSize = get('maxDocumentSize');
  if (typeof maxSize === 'number' && Number.isFinite(maxSize) && maxSize >= 0) out.maxDocumentSize = Math.floor(maxSize);
  const workspace = get('diagnostics.workspace');
  if (typeof workspace === 'boolean') out.workspaceDiagnostics = workspace;
  const maxFiles = get('diagnostics.workspaceMaxFiles');
  if (typeof maxFiles === 'number' && Number.isFinite(maxFiles) && maxFiles >= 0) out.workspaceDiagnosticsMaxFiles = Math.floor(maxFiles);
  const acronyms = stringArray(get('knownAcronyms'), (s) => KNOWN_ACRONYM_PATTERN.test(s));
  if (acronyms) out.knownAcronyms = acronyms;
  return out;
}

/**
 * `base` with `layers` applied in order: a key a layer sets replaces the value so far (lists
 * included), except `severities`, which merge code by code.
 */
export function applySettings(base: Settings, ...layers: readonly PartialSettings[]): Settings {
  const out: { -readonly [K in keyof Settings]: Settings[K] } = { ...base };
  for (const { severities, ...rest } of layers) {
    if (severities) out.severities = { ...out.severities, ...severities };
    // A key present with the value undefined sets nothing.
    for (const [key, value] of Object.entries(rest)) if (value !== undefined) Object.assign(out, { [key]: value });
  }
  return out;
}

/**
 * Turns whatever the client sent for section `termlens` into {@link Settings}: the defaults with
 * the valid settings present applied (no project config; `resolveSettings({ explicit: raw })` in
 * `config/projectConfig.ts` gives the same).
 */
export function sanitizeSettings(raw: unknown): Settings {
  return applySettings(defaultSettings, sanitizePartialSettings(raw));
}

/** What diagnostics depend on in `settings`: the one mapping the server and `termlens lint` both use. */
export function diagnosticOptions(settings: Settings): DiagnosticOptions {
  return { severities: settings.severities, knownAcronyms: settings.knownAcronyms };
}

/** Whether a document of `length` characters is over the `maxDocumentSize` limit of `settings`. */
export function isTooLarge(settings: Settings, length: number): boolean {
  return settings.maxDocumentSize > 0 && length > settings.maxDocumentSize;
}

/** Whether termlens should work on a document of `languageId` under `settings`. */
export function isEnabledFor(settings: Settings, languageId: string): boolean {
  return settings.enable && settings.languages.includes(languageId);
}
