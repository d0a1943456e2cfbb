/**
 * The project config file (`termlens.config.json`, `termlens.config.yaml`/`.yml`, or the
 * `termlens` key of `package.json`), shared by `termlens lint` and the language server, and the
 * merge of defaults, project config, per-glob overrides and editor settings into {@link Settings}.
 */

import path from 'node:path';
import type { DiagnosticCode, SeverityName } from '../core/features/rules';
import { applySettings, defaultSettings, sanitizePartialSettings, type PartialSettings, type Settings } from '../settings';
import { compileGlobs, isAbsolutePath, relativeInside, toPosixPath, type RelativeMatcher } from './globs';
import { readJson, readYaml, schemaProblem, schemaValidator, type ReadResult } from './locate';
import { validateConfigFile } from '../core/glossary/schemaValidators.generated';

/**
 * The names a project config file can have, in the order they are looked for in a folder (the
 * first found wins); `package.json` counts only when it has a `termlens` key.
 */
export const CONFIG_FILE_NAMES: readonly string[] = ['termlens.config.json', 'termlens.config.yaml', 'termlens.config.yml', 'package.json'];

/** One `overrides` entry: settings for the files matching `files` but no `excludedFiles` glob. */
export interface ConfigOverride {
  /** Globs relative to the config's folder. */
  readonly files: readonly string[];
  /** Globs relative to the config's folder; default none. */
  readonly excludedFiles?: readonly string[];
  /** `rules` (as `severities`), `languages` and `knownAcronyms`, when present. */
  readonly settings: PartialSettings;
  /**
   * Glossary files (paths or globs, absolute with posix separators; `npm:` entries as written)
   * that apply to the matching files only, on top of the glossaries that apply everywhere;
   * absent when the override names none.
   */
  readonly glossaryFiles?: readonly string[];
}

/** A parsed, validated config file. */
export interface ProjectConfig {
  /** Absolute path of the file. */
  readonly path: string;
  /** Its folder: globs and `glossaryFiles` are relative to it. */
  readonly dir: string;
  /** The top-level keys present (`rules` as `severities`); `glossaryFiles` already absolute, with posix separators. */
  readonly settings: PartialSettings;
  /** `ignore` globs, relative to {@link dir}. */
  readonly ignore: readonly string[];
  readonly overrides: readonly ConfigOverride[];
}

/** A problem of a config file, located at the offending text. */
export interface ConfigProblem {
  /** `config.syntax`: not valid JSON/YAML; `config.schema`: a value `termlens.config.schema.json` rejects. */
  readonly code: 'config.syntax' | 'config.schema';
  /** One line naming the key, e.g. `rules.term.misspeled: unknown rule; known rules: …`. */
  readonly message: string;
  /** The config file's path, as given to {@link parseProjectConfig}. */
  readonly path: string;
  /** Zero-based offsets into the text, `end` exclusive. */
  readonly start: number;
  readonly end: number;
  /** One-based line and column (UTF-16 code units) of `start`. */
  readonly line: number;
  readonly column: number;
}

/** A config file as written (after validation). */
interface ConfigFile {
  readonly glossaryFiles?: string[];
  readonly bundledGlossary?: boolean;
  readonly workspaceGlossaries?: boolean;
  readonly languages?: string[];
  readonly rules?: Partial<Record<DiagnosticCode, SeverityName>>;
  readonly knownAcronyms?: string[];
  readonly ignore?: string[];
  readonly overrides?: readonly {
    readonly files: string[];
    readonly excludedFiles?: string[];
    readonly rules?: Partial<Record<DiagnosticCode, SeverityName>>;
    readonly languages?: string[];
    readonly knownAcronyms?: string[];
    readonly glossaryFiles?: string[];
  }[];
}

/**
 * Validated against the schema file as editors see it (compiled ahead of time,
 * `scripts/schemaValidators.mjs`): its `rules` list is the rule registry's
 * (`features/rules.ts`), as `test/unit/registry.test.ts` checks.
 */
const validate = schemaValidator(validateConfigFile);

/**
 * Parses and validates a config file; `configPath` (absolute) decides the format: `.json` files are
 * strict JSON, anything else YAML. For a `package.json` only its `termlens` key is read (problems
 * are still located in the whole file); one without the key gives neither config nor problems.
 *
 * `config` is returned only when there are no problems (YAML warnings, such as unknown tags,
 * count as syntax problems). Problems are sorted by position.
 */
export function parseProjectConfig(text: string, configPath: string): { config?: ProjectConfig; problems: ConfigProblem[] } {
  const isPackageJson = baseName(configPath) === 'package.json';
  const json = /\.json$/i.test(configPath);
  const read: ReadResult = json ? readJson(text) : readYaml(text);
  const locate = (code: ConfigProblem['code'], message: string, start: number, end: number): ConfigProblem => {
    // Some YAML errors point one past the end of the text.
    const from = Math.min(Math.max(start, 0), text.length);
    return { code, message, path: configPath, start: from, end: Math.min(Math.max(from, end), text.length), ...lineColumn(text, from) };
  };
  const problems = read.problems.map((p) => locate('config.syntax', p.message, p.start, p.end));
  if (!read.source || problems.length > 0) return { problems };

  // An empty YAML file (or one with only comments) is an empty config.
  let data = !json && (read.data === null || read.data === undefined) ? {} : read.data;
  if (isPackageJson) {
    if (typeof data !== 'object' || data === null || Array.isArray(data) || !Object.prototype.hasOwnProperty.call(data, 'termlens')) {
      return { problems: [] };
    }
    data = (data as Record<string, unknown>).termlens;
  }
  const seen = new Set<string>();
  for (const error of validate(data)) {
    const p = schemaProblem(error, read.source, text, isPackageJson ? { basePath: ['termlens'] } : { rootLabel: 'config' });
    const key = `${p.start}:${p.end}:${p.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(locate('config.schema', p.message, p.start, p.end));
  }
  if (problems.length > 0) return { problems: problems.sort((a, b) => a.start - b.start) };
  return { config: toProjectConfig(data as ConfigFile, configPath), problems };
}

function toProjectConfig(file: ConfigFile, configPath: string): ProjectConfig {
  const dir = dirName(configPath);
  const posixDir = toPosixPath(dir);
  const settings: { -readonly [K in keyof PartialSettings]: PartialSettings[K] } = {};
  // `npm:` entries name a package, resolved from this folder's node_modules (`project/glossaryFiles.ts`).
  const absolute = (f: string): string => (f.startsWith(NPM_PREFIX) ? f : isAbsolutePath(f) ? toPosixPath(f) : path.posix.join(posixDir, f));
  if (file.glossaryFiles) settings.glossaryFiles = file.glossaryFiles.map(absolute);
  if (file.bundledGlossary !== undefined) settings.bundledGlossary = file.bundledGlossary;
  if (file.workspaceGlossaries !== undefined) settings.workspaceGlossaries = file.workspaceGlossaries;
  if (file.languages) settings.languages = file.languages;
  if (file.rules) settings.severities = file.rules;
  if (file.knownAcronyms) settings.knownAcronyms = file.knownAcronyms;
  return {
    path: configPath,
    dir,
    settings,
    ignore: file.ignore ?? [],
    overrides: (file.overrides ?? []).map((o) => ({
      files: o.files,
      ...(o.excludedFiles ? { excludedFiles: o.excludedFiles } : {}),
      settings: {
        ...(o.rules ? { severities: o.rules } : {}),
        ...(o.languages ? { languages: o.languages } : {}),
        ...(o.knownAcronyms ? { knownAcronyms: o.knownAcronyms } : {}),
      },
      ...(o.glossaryFiles && o.glossaryFiles.length > 0 ? { glossaryFiles: o.glossaryFiles.map(absolute) } : {}),
    })),
  };
}

/** One-based line and column (UTF-16 code units) of `offset`; `\r\n`, `\n` and `\r` end lines. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 /* \n */ || (c === 13 /* \r */ && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** What {@link findProjectConfig} needs from the file system. */
export interface ConfigLookupIo {
  /** The text of a file, or `undefined` when there is no readable file at `path`. */
  readFile(path: string): Promise<string | undefined>;
  /**
   * Whether anything (file or folder) exists at `path`; used to find `.git` (a folder, or a file
   * in worktrees and submodules). Default: nothing exists, so the search goes up to the root.
   */
  exists?(path: string): Promise<boolean>;
}

/**
 * The config file for files in `startDir` (absolute): looks for {@link CONFIG_FILE_NAMES} in
 * `startDir`, then its parents, stopping after the first folder that contains `.git` (the
 * repository root) or at the file-system root. A `package.json` without a `termlens` key is
 * skipped; one that is not valid JSON but mentions `"termlens"` is returned, so that its syntax
 * error gets reported.
 */
export async function findProjectConfig(startDir: string, io: ConfigLookupIo): Promise<{ path: string; text: string } | undefined> {
  const join = /^[A-Za-z]:[\\/]|^\\\\/.test(startDir) ? path.win32.join : path.posix.join;
  for (let dir = startDir; ;) {
    for (const name of CONFIG_FILE_NAMES) {
      const file = join(dir, name);
      const text = await io.readFile(file);
      if (text === undefined) continue;
      if (name === 'package.json' && !hasTermlensKey(text)) continue;
      return { path: file, text };
    }
    if (io.exists && (await io.exists(join(dir, '.git')))) return undefined;
    const parent = dirName(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function hasTermlensKey(packageJson: string): boolean {
  const read = readJson(packageJson);
  if (!read.source) return packageJson.includes('"termlens"');
  const data = read.data;
  return typeof data === 'object' && data !== null && !Array.isArray(data) && Object.prototype.hasOwnProperty.call(data, 'termlens');
}

/** The folder of an absolute path, for posix and Windows paths alike. */
function dirName(p: string): string {
  return /^[A-Za-z]:[\\/]|^\\\\/.test(p) ? path.win32.dirname(p) : path.posix.dirname(p);
}

function baseName(p: string): string {
  return toPosixPath(p).replace(/^.*\//, '');
}

/** The prefix of a `glossaryFiles` entry naming an npm package (`npm:@acme/finance-glossary`). */
export const NPM_PREFIX = 'npm:';

/**
 * Whether `filePath` (absolute) is one of the files an override names: inside `dir`, matching
 * `files` and no `excludedFiles` glob (relative to `dir`), as {@link resolveSettings} applies overrides.
 */
export function matchesOverride(
  rule: { readonly dir: string; readonly files: readonly string[]; readonly excludedFiles?: readonly string[] },
  filePath: string,
): boolean {
  return matchesIn(rule.dir, rule.files, filePath) && !matchesIn(rule.dir, rule.excludedFiles ?? [], filePath);
}

/** Compiled globs, per glob list (lists are immutable and kept by their config or settings). */
const matchers = new WeakMap<readonly string[], RelativeMatcher>();

function matcherFor(patterns: readonly string[]): RelativeMatcher {
  let matcher = matchers.get(patterns);
  if (!matcher) {
    matcher = compileGlobs(patterns);
    matchers.set(patterns, matcher);
  }
  return matcher;
}

/** Whether `filePath` (absolute) is inside `dir` and matches `patterns` relative to it. */
function matchesIn(dir: string, patterns: readonly string[], filePath: string): boolean {
  if (patterns.length === 0) return false;
  const rel = relativeInside(dir, filePath);
  return rel !== undefined && matcherFor(patterns)(rel);
}

/**
 * Effective settings for one file: defaults < project config (top-level keys) < the overrides
 * whose `files` match `filePath` and whose `excludedFiles` do not, in order < explicit editor
 * settings. `explicit` is the raw `termlens` section the client sends (only what the user set;
 * only valid keys that are present override, `diagnostics.severity` code by code). Without
 * `filePath` no override applies. Lists replace lists; severities merge code by code.
 */
export function resolveSettings(input: { config?: ProjectConfig; explicit?: unknown; filePath?: string }): Settings {
  const { config, explicit, filePath } = input;
  const layers: PartialSettings[] = [];
  if (config) {
    layers.push(config.settings);
    if (filePath !== undefined) {
      for (const o of config.overrides) {
        if (matchesOverride({ dir: config.dir, files: o.files, ...(o.excludedFiles ? { excludedFiles: o.excludedFiles } : {}) }, filePath))
          layers.push(o.settings);
      }
    }
  }
  layers.push(sanitizePartialSettings(explicit));
  return applySettings(defaultSettings, ...layers);
}

/**
 * Whether `filePath` (absolute) gets no diagnostics: it matches the config's `ignore` globs
 * (relative to the config's folder) or `settings.ignore` (relative to the config's folder when
 * there is a config, else to `root`, e.g. the file's workspace folder; with neither, relative to
 * the file-system root, so only patterns without a slash are useful). Files outside that folder
 * never match.
 */
export function isIgnored(config: ProjectConfig | undefined, settings: Settings, filePath: string, root?: string): boolean {
  if (config && matchesIn(config.dir, config.ignore, filePath)) return true;
  const base = config?.dir ?? root ?? fileSystemRoot(filePath);
  return matchesIn(base, settings.ignore, filePath);
}

function fileSystemRoot(p: string): string {
  return /^[A-Za-z]:[\\/]|^\\\\/.test(p) ? path.win32.parse(p).root : '/';
}
