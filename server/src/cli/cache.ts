/**
 * `termlens lint --cache`: the results of files whose content and everything else their lint
 * depends on are unchanged since the last run, reused without linting them. One JSON file
 * (versioned, written atomically) maps each file's absolute path to the hash of its bytes, the
 * fingerprint of what its result depends on and its diagnostics; it never holds file contents.
 *
 * The fingerprint of a file covers the cache format and termlens's version, the English word
 * list, the file's language, its resolved settings (config, overrides, `--rule`) and the text,
 * layer and place of every glossary file that applies to it, in the order they are listed. The
 * lookup is done on the main thread before any file is handed to a worker. The file also records
 * the glossary files of the last run that found no error in them, so that a run serving every file
 * from the cache need not parse the glossary to know it is usable.
 */

import { isAscii } from 'node:buffer';
import { randomBytes, createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { diagnosticCodes, type TermDiagnostic } from '../core/features/diagnostics';
import type { GlossaryScope } from '../core/glossary/store';
import { glossaryScopeTests } from '../project/glossaryFiles';
import type { FixMode, GlossaryInput, LintedText, LintJob, LintJobResult } from './engine';
import { contentHash, displayPath, fileStampSync, readLintableBytesSync } from './files';

/** The cache file's name when `--cache-location` names none: in the cwd, or in the folder it names. */
export const DEFAULT_CACHE_FILE = '.termlenscache';

/** The version of the cache file's layout; a file of another version is dropped silently. */
export const CACHE_FORMAT = 1;

/** Which files a run served from the cache and which it linted (display paths, in run order). */
export interface CacheReport {
  readonly cached: readonly string[];
  readonly linted: readonly string[];
}

/** A file's stored lint: its diagnostics (as the CLI holds them, after the BOM is left out), or why it was skipped. */
type StoredLint = { readonly diagnostics: readonly TermDiagnostic[] } | { readonly skipped: string };

/** A file's entry: the hash of its bytes, its stamp when they were read (absent in entries of older runs), its fingerprint and its lint. */
type Entry = { readonly hash: string; readonly size?: number; readonly mtimeMs?: number; readonly fingerprint: string } & StoredLint;

/**
 * How `--cache` tells that a file is unchanged (`--cache-strategy`). `metadata` (the default, as
 * in ESLint and cspell): its size and modification time are those stored, else its bytes hash to
 * the stored hash (a file only touched is still served, and its new stamp stored); `content`:
 * its bytes are always read and hashed.
 */
export type CacheStrategy = 'metadata' | 'content';

/** The strategies of `--cache-strategy`, the default first. */
export const CACHE_STRATEGIES: readonly CacheStrategy[] = ['metadata', 'content'];

/** A result served from the cache, before it is given the job's index. */
type CachedResult = { readonly linted: LintedText } | { readonly skipped: string };

/** The cache file's JSON. */
interface CacheFile {
  readonly termlens: 'lint cache';
  readonly format: number;
  readonly version: string;
  /** The {@link glossaryKey} of the glossary files of the last run that checked them and found no error. */
  readonly usableGlossary?: string;
  readonly files: Record<string, Entry>;
}

/**
 * The cache file of `--cache-location` (relative to `cwd`; default {@link DEFAULT_CACHE_FILE} in
 * `cwd`): a path ending in a separator or naming an existing folder gets {@link DEFAULT_CACHE_FILE} inside it.
 */
export async function cacheFilePath(cwd: string, location?: string): Promise<string> {
  if (location === undefined) return path.join(cwd, DEFAULT_CACHE_FILE);
  const resolved = path.resolve(cwd, location);
  const folder = /[\\/]$/.test(location) || (await stat(resolved).catch(() => undefined))?.isDirectory() === true;
  return folder ? path.join(resolved, DEFAULT_CACHE_FILE) : resolved;
}

/** What a {@link LintCache} needs to know of the run. */
export interface LintCacheOptions {
  /** The cache file (see {@link cacheFilePath}). */
  readonly file: string;
  /** The folder paths are shown relative to. */
  readonly cwd: string;
  /** termlens's version: a cache of another version is dropped. */
  readonly version: string;
  /** The glossary layers of the run, in merge order. */
  readonly glossaries: readonly GlossaryInput[];
  /** The English word list file; its content is part of every fingerprint (none when unreadable). */
  readonly wordsPath: string;
  /** Gets one-line warnings (without `termlens: ` and newline). */
  readonly warn: (line: string) => void;
  /** How unchanged files are told; default `metadata`. */
  readonly strategy?: CacheStrategy;
}

/** The misses of {@link LintCache.lookup}, as jobs to lint (indexed from 0), and every job's result so far. */
export interface CacheLookup {
  /** Per job of the run: its result from the cache (or from reading it: skipped), undefined for a miss. */
  readonly results: (LintJobResult | undefined)[];
  /** The jobs to lint, indexed 0…n-1 and asking for the hash of what they read. */
  readonly misses: LintJob[];
  /** The run's index of each miss. */
  readonly missOf: readonly number[];
  /** The fingerprint of each miss. */
  readonly fingerprints: readonly string[];
}

/** A run's cache: read once, looked up before linting, completed with the files linted, saved when it changed. */
export class LintCache {
  private readonly entries: Map<string, Entry>;
  private readonly seen = new Set<string>();
  private dirty: boolean;
  private readonly fingerprintOf: (job: LintJob) => string;
  /** The {@link glossaryKey} of the run's glossary files. */
  private readonly glossary: string;
  private usableGlossary: string | undefined;
  private readonly report: { cached: string[]; linted: string[] } = { cached: [], linted: [] };

  private constructor(
    private readonly options: LintCacheOptions,
    read: { entries: Map<string, Entry>; usableGlossary?: string },
    dirty: boolean,
    words: string,
  ) {
    this.entries = read.entries;
    this.usableGlossary = read.usableGlossary;
    this.dirty = dirty;
    const inputs = hashedInputs(options.glossaries);
    this.fingerprintOf = fingerprinter(options.version, words, inputs);
    this.glossary = glossaryKey(options.version, words, inputs);
  }

  /** Reads the cache file; a missing one is an empty cache, an unreadable or corrupt one too, with a warning. */
  static async open(options: LintCacheOptions): Promise<LintCache> {
    const words = await readFile(options.wordsPath)
      .then(contentHash)
      .catch(() => 'none');
    let text: string;
    try {
      text = await readFile(options.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      if (code !== 'ENOENT') options.warn(`ignoring the cache ${displayPath(options.cwd, options.file)}: cannot read it${code ? ` (${code})` : ''}`);
      return new LintCache(options, { entries: new Map() }, true, words);
    }
    const read = readCacheFile(text, options.version);
    if ('problem' in read) {
      if (read.problem !== undefined) options.warn(`ignoring the cache ${displayPath(options.cwd, options.file)}: ${read.problem}`);
      return new LintCache(options, { entries: new Map() }, true, words);
    }
    return new LintCache(options, read, false, words);
  }

  /**
   * Whether a run with exactly these glossary files (texts, layers, places, order) found no error in
   * them before: then they need not be parsed to know it. The files a run lints are served only by
   * glossaries found usable in that run, but a glossary applying to none of them (scoped to a
   * folder without files, say) is covered by no file's fingerprint, so this is known apart.
   */
  glossaryKnownUsable(): boolean {
    return this.usableGlossary === this.glossary;
  }

  /** Records that this run's glossary files have no error (saved with the cache). */
  glossaryUsable(): void {
    if (this.usableGlossary === this.glossary) return;
    this.usableGlossary = this.glossary;
    this.dirty = true;
  }

  /**
   * Takes each job's result from the cache when the cache has an entry of its fingerprint, and the
   * hash of the file's bytes (read as {@link readLintableBytesSync} reads them for linting) matches
   * and, under `--fix` or `--fix-dry-run`, no safe fix would change it (then fixing gives exactly the
   * cached lint); a file the read skips is not linted either. The rest are the misses. Only files
   * that can hit are read: a first run reads nothing here.
   */
  lookup(jobs: readonly LintJob[], maxFileSize: number, fix: FixMode): CacheLookup {
    const results: (LintJobResult | undefined)[] = new Array(jobs.length);
    const misses: LintJob[] = [];
    const missOf: number[] = [];
    const fingerprints: string[] = [];
    jobs.forEach((job, i) => {
      this.seen.add(job.path);
      const fingerprint = this.fingerprintOf(job);
      const entry = this.entries.get(job.path);
      if (entry?.fingerprint === fingerprint) {
        const unchanged = fix === 'off' && this.options.strategy !== 'content' && this.stampHit(job.path, entry, maxFileSize);
        if (unchanged) {
          this.report.cached.push(displayPath(this.options.cwd, job.path));
          results[i] = { ...unchanged, index: job.index };
          return;
        }
        const read = readLintableBytesSync(job.path, maxFileSize);
        if ('skipped' in read) {
          this.forget(job.path);
          results[i] = { index: job.index, skipped: read.skipped };
          return;
        }
        const hit = this.hit(entry, contentHash(read.bytes), read.bytes, fix);
        if (hit) {
          if (entry.size !== read.stamp.size || entry.mtimeMs !== read.stamp.mtimeMs) {
            this.entries.set(job.path, { ...entry, size: read.stamp.size, mtimeMs: read.stamp.mtimeMs });
            this.dirty = true;
          }
          this.report.cached.push(displayPath(this.options.cwd, job.path));
          results[i] = { ...hit, index: job.index };
          return;
        }
      }
      missOf.push(i);
      fingerprints.push(fingerprint);
      misses.push({ ...job, index: misses.length, hash: true });
    });
    return { results, misses, missOf, fingerprints };
  }

  /** The run's results: the lookup's with the misses' `linted` (in miss order) filled in, each stored when it can be reused. */
  complete(lookup: CacheLookup, linted: readonly (LintJobResult | undefined)[]): (LintJobResult | undefined)[] {
    const results = [...lookup.results];
    lookup.misses.forEach((job, m) => {
      const i = lookup.missOf[m]!;
      const result = linted[m];
      results[i] = result && { ...result, index: i };
      // A file skipped as it was read (binary, too large, unreadable) was not linted; others come with their hash.
      if (!result || !('skipped' in result) || result.hash !== undefined) this.report.linted.push(displayPath(this.options.cwd, job.path));
      const stored = result && storable(result);
      if (result?.hash !== undefined && stored) {
        const stamp = result.stamp ? { size: result.stamp.size, mtimeMs: result.stamp.mtimeMs } : {};
        this.entries.set(job.path, { hash: result.hash, ...stamp, fingerprint: lookup.fingerprints[m]!, ...stored });
        this.dirty = true;
      } else this.forget(job.path);
    });
    return results;
  }

  /** Which files were served from the cache and which were linted. */
  summary(): CacheReport {
    return this.report;
  }

  /**
   * Writes the cache when it changed, atomically (a temporary file beside it, renamed over it),
   * dropping entries of files this run did not look at that no longer exist. A failure is a warning.
   */
  async save(): Promise<void> {
    for (const file of [...this.entries.keys()]) {
      if (this.seen.has(file)) continue;
      if ((await stat(file).catch(() => undefined)) === undefined) this.forget(file);
    }
    if (!this.dirty) return;
    const { file } = this.options;
    const data: CacheFile = {
      termlens: 'lint cache',
      format: CACHE_FORMAT,
      version: this.options.version,
      ...(this.usableGlossary !== undefined ? { usableGlossary: this.usableGlossary } : {}),
      files: Object.fromEntries(this.entries),
    };
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.termlens-${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(temp, JSON.stringify(data), { flag: 'wx' });
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      const code = (error as NodeJS.ErrnoException | undefined)?.code;
      this.options.warn(`cannot write the cache ${displayPath(this.options.cwd, file)}${code ? ` (${code})` : ''}`);
    }
  }

  private forget(file: string): void {
    if (this.entries.delete(file)) this.dirty = true;
  }

  /**
   * The cached result of a file whose stamp now is the entry's (and within `maxFileSize`): the file
   * is not read, its text only when a format prints it.
   */
  private stampHit(file: string, entry: Entry, maxFileSize: number): CachedResult | undefined {
    if (entry.size === undefined || entry.size > maxFileSize) return undefined;
    const now = fileStampSync(file);
    if (now?.size !== entry.size || now.mtimeMs !== entry.mtimeMs) return undefined;
    if ('skipped' in entry) return { skipped: entry.skipped };
    let text: FileText | undefined;
    // Read as the lint read it; should the file change meanwhile, its new text (the ranges are clamped to it).
    return servedLint(entry.diagnostics, () => {
      if (text) return text;
      const bytes = readLintableBytesSync(file, Infinity);
      text = fileText('skipped' in bytes ? Buffer.alloc(0) : bytes.bytes);
      return text;
    });
  }

  /** The cached result of a file read as `bytes` (of `hash`), if its entry matches and may serve under `fix`. */
  private hit(entry: Entry, hash: string, bytes: Buffer, fix: FixMode): CachedResult | undefined {
    if (entry.hash !== hash) return undefined;
    if ('skipped' in entry) return { skipped: entry.skipped };
    const text = fileText(bytes);
    if (!entry.diagnostics.every((d) => fitsText(d, text.length))) return undefined;
    if (fix !== 'off' && entry.diagnostics.some((d) => wouldFix(d, text.text()))) return undefined;
    return servedLint(entry.diagnostics, () => text);
  }
}

/** A cached lint of `diagnostics` whose text and BOM come from `text` only when a format asks for them (only stylish prints the text). */
function servedLint(diagnostics: readonly TermDiagnostic[], text: () => FileText): CachedResult {
  return {
    linted: {
      get text() {
        return text().text();
      },
      diagnostics,
      get bom() {
        return text().bom ? (true as const) : undefined;
      },
    },
  };
}

/**
 * A file's text as linted (its bytes as UTF-8, without a leading BOM), its length in UTF-16 code
 * units and whether it had a BOM. ASCII bytes are their own text's length and have no BOM, so
 * they are decoded only when the text is asked for.
 */
interface FileText {
  readonly length: number;
  readonly bom: boolean;
  text(): string;
}

function fileText(bytes: Buffer): FileText {
  if (isAscii(bytes)) {
    let text: string | undefined;
    return { length: bytes.length, bom: false, text: () => (text ??= bytes.toString('latin1')) };
  }
  const decoded = bytes.toString('utf8');
  const bom = decoded.charCodeAt(0) === 0xfeff;
  const text = bom ? decoded.slice(1) : decoded;
  return { length: text.length, bom, text: () => text };
}

/** What of a fresh result is stored: a lint that reading the same bytes again without fixing gives (no fix made, no note), or a notebook's skip. */
function storable(result: LintJobResult): StoredLint | undefined {
  if ('skipped' in result) return { skipped: result.skipped };
  // A note says the lint depended on the clock (a Markdown block over its time budget) or on fixing.
  if (result.note !== undefined || result.notWritten || result.linted.fixes) return undefined;
  return { diagnostics: result.linted.diagnostics };
}

/** Whether `--fix` would make `d`'s fix to `text` (a safe fix that changes something; see `applySafeFixes`). */
function wouldFix(d: TermDiagnostic, text: string): boolean {
  const fix = d.data.fix;
  return fix !== undefined && fix.safe && !fix.edits.every((e) => text.slice(e.start, e.end) === e.newText);
}

/** Whether a stored diagnostic's offsets lie within a text of `length` (a cache written by hand might not). */
function fitsText(d: TermDiagnostic, length: number): boolean {
  const within = (s: { start: number; end: number }) => s.start <= s.end && s.end <= length;
  return within(d.data) && (d.data.fix?.edits.every(within) ?? true) && (d.relatedInformation?.every(within) ?? true);
}

/** The entries of a cache file's text, or the problem with it (undefined: a cache of another termlens, dropped silently). */
function readCacheFile(text: string, version: string): { entries: Map<string, Entry>; usableGlossary?: string } | { problem: string | undefined } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'not valid JSON' };
  }
  if (!isObject(data) || data.termlens !== 'lint cache' || typeof data.format !== 'number') return { problem: 'not a termlens cache file' };
  if (data.format !== CACHE_FORMAT || data.version !== version) return { problem: undefined };
  if (!isObject(data.files) || (data.usableGlossary !== undefined && typeof data.usableGlossary !== 'string')) return { problem: 'not a termlens cache file' };
  const entries = new Map<string, Entry>();
  for (const [file, entry] of Object.entries(data.files)) {
    if (!isEntry(entry)) return { problem: `bad entry for ${file}` };
    entries.set(file, entry);
  }
  return { entries, ...(typeof data.usableGlossary === 'string' ? { usableGlossary: data.usableGlossary } : {}) };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CODES: ReadonlySet<string> = new Set(diagnosticCodes);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isPosition = (v: unknown): boolean => isObject(v) && isCount(v.line) && isCount(v.character);
const isRange = (v: unknown): boolean => isObject(v) && isPosition(v.start) && isPosition(v.end);
const isSpan = (v: unknown): v is Record<string, unknown> => isObject(v) && isCount(v.start) && isCount(v.end);

function isEntry(v: unknown): v is Entry {
  if (!isObject(v) || typeof v.hash !== 'string' || typeof v.fingerprint !== 'string') return false;
  const stamped = v.size === undefined ? v.mtimeMs === undefined : typeof v.size === 'number' && typeof v.mtimeMs === 'number';
  if (!stamped) return false;
  if (typeof v.skipped === 'string') return v.diagnostics === undefined;
  return Array.isArray(v.diagnostics) && v.diagnostics.every(isDiagnostic);
}

/** Whether a stored value has the shape of a {@link TermDiagnostic}, so that every output format can print it. */
function isDiagnostic(v: unknown): boolean {
  if (!isObject(v) || !isRange(v.range) || typeof v.message !== 'string' || v.source !== 'termlens') return false;
  if (!(v.severity === 1 || v.severity === 2 || v.severity === 3 || v.severity === 4) || typeof v.code !== 'string' || !CODES.has(v.code)) return false;
  const data = v.data;
  if (!isSpan(data) || (data.conceptId !== undefined && typeof data.conceptId !== 'string')) return false;
  const fix = data.fix;
  const fixOk =
    fix === undefined ||
    (isObject(fix) &&
      typeof fix.title === 'string' &&
      typeof fix.safe === 'boolean' &&
      Array.isArray(fix.edits) &&
      fix.edits.every((e) => isSpan(e) && typeof e.newText === 'string'));
  const related = v.relatedInformation;
  const relatedOk = related === undefined || (Array.isArray(related) && related.every((r) => isSpan(r) && isRange(r.range) && typeof r.message === 'string'));
  return fixOk && relatedOk;
}

/** Each glossary file's scope, and a hash of its URI, layer, place and text. */
function hashedInputs(glossaries: readonly GlossaryInput[]): { scope: GlossaryScope | undefined; hash: string }[] {
  return glossaries.map((g) => ({
    scope: g.place?.scope,
    hash: createHash('sha256')
      .update(stableJson([g.uri, g.layer, g.place ?? null]))
      .update('\0')
      .update(g.text)
      .digest('hex'),
  }));
}

/**
 * A job's fingerprint: a hash of the cache format, `version`, the word list's hash `words`, the
 * file's language and settings and the glossary files that apply to its path (each by its URI,
 * layer, place and text), in the order the run lists them. Equal inputs are hashed once.
 */
function fingerprinter(version: string, words: string, inputs: readonly { scope: GlossaryScope | undefined; hash: string }[]): (job: LintJob) => string {
  // Memoized by the job's inputs in plain JSON, quicker than stable JSON: equal plain JSON is equal
  // values, so equal fingerprints; equal values with keys in another order are merely hashed twice.
  const memo = new Map<string, string>();
  return (job) => {
    const applying = inputs.filter((g) => applies(g.scope, job.path)).map((g) => g.hash);
    const plain = JSON.stringify([job.languageId, job.settings, applying]);
    let fingerprint = memo.get(plain);
    if (fingerprint === undefined) {
      fingerprint = createHash('sha256')
        .update(stableJson([CACHE_FORMAT, version, words, job.languageId, job.settings, applying]))
        .digest('hex');
      memo.set(plain, fingerprint);
    }
    return fingerprint;
  };
}

/** A hash of every glossary file of a run, in order: what whether they have errors depends on. */
function glossaryKey(version: string, words: string, inputs: readonly { hash: string }[]): string {
  return createHash('sha256')
    .update(stableJson([CACHE_FORMAT, version, words, inputs.map((g) => g.hash)]))
    .digest('hex');
}

/** Whether a glossary file of `scope` applies to the document at `file`, as the store decides it. */
function applies(scope: GlossaryScope | undefined, file: string): boolean {
  if (scope === undefined || scope.kind === 'everywhere') return true;
  if (scope.kind === 'folder') return glossaryScopeTests.inFolder(scope.folder, file);
  return scope.rules.some((rule) => glossaryScopeTests.matches(rule, file));
}

/** JSON with every object's keys sorted, so that equal values give equal text. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}
