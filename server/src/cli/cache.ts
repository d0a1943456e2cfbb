/**
 * `termlens lint --cache`: the results of files whose content and everything else their lint
 * depends on are unchanged since the last run, reused without linting them. One JSON file
 * (versioned, written atomically) maps each file's absolute path to the hash of its bytes, the
 * fingerprint of what its result depends on and its diagnostics; it never holds file contents.
 *
 * The fingerprint of a file covers the cache format and termlens's version, the English word
 * list, the file's language, its resolved settings (config, overrides, `--rule`) and the text,
 * layer and place of every glossary file that applies to it, in merge order. The lookup is done
 * on the main thread before any file is handed to a worker.
 */

import { randomBytes, createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { diagnosticCodes, type TermDiagnostic } from '../core/features/diagnostics';
import type { GlossaryScope } from '../core/glossary/store';
import { glossaryScopeTests } from '../project/glossaryFiles';
import type { FixMode, GlossaryInput, LintedText, LintJob, LintJobResult } from './engine';
import { contentHash, displayPath, readLintableFile } from './files';

/** The cache file's name when `--cache-location` names none: in the cwd, or in the folder it names. */
export const DEFAULT_CACHE_FILE = '.termlenscache';

/** The version of the cache file's layout; a file of another version is dropped silently. */
export const CACHE_FORMAT = 1;

/** Files read and hashed at once during the lookup (16). */
const READ_CONCURRENCY = 16;

/** Which files a run served from the cache and which it linted (display paths, in run order). */
export interface CacheReport {
  readonly cached: readonly string[];
  readonly linted: readonly string[];
}

/** A file's stored lint: its diagnostics (as the CLI holds them, after the BOM is left out), or why it was skipped. */
type StoredLint = { readonly diagnostics: readonly TermDiagnostic[] } | { readonly skipped: string };

type Entry = { readonly hash: string; readonly fingerprint: string } & StoredLint;

/** A result served from the cache, before it is given the job's index. */
type CachedResult = { readonly linted: LintedText } | { readonly skipped: string };

/** The cache file's JSON. */
interface CacheFile {
  readonly termlens: 'lint cache';
  readonly format: number;
  readonly version: string;
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
  private readonly report: { cached: string[]; linted: string[] } = { cached: [], linted: [] };

  private constructor(
    private readonly options: LintCacheOptions,
    entries: Map<string, Entry>,
    dirty: boolean,
    words: string,
  ) {
    this.entries = entries;
    this.dirty = dirty;
    this.fingerprintOf = fingerprinter(options.version, words, options.glossaries);
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
      return new LintCache(options, new Map(), true, words);
    }
    const read = readCacheFile(text, options.version);
    if ('problem' in read) {
      if (read.problem !== undefined) options.warn(`ignoring the cache ${displayPath(options.cwd, options.file)}: ${read.problem}`);
      return new LintCache(options, new Map(), true, words);
    }
    return new LintCache(options, read.entries, false, words);
  }

  /**
   * Reads and hashes each job's file (as {@link readLintableFile} reads it for linting) and takes
   * its result from the cache when the hash and fingerprint match and, under `--fix` or
   * `--fix-dry-run`, no safe fix would change it (then fixing gives exactly the cached lint);
   * a file the read skips is not linted either. The rest are the misses.
   */
  async lookup(jobs: readonly LintJob[], maxFileSize: number, fix: FixMode): Promise<CacheLookup> {
    const results: (LintJobResult | undefined)[] = new Array(jobs.length);
    const found = await mapLimit(jobs, READ_CONCURRENCY, async (job): Promise<{ skipped: string } | { fingerprint: string; hit?: CachedResult }> => {
      const read = await readLintableFile(job.path, maxFileSize);
      if ('skipped' in read) return { skipped: read.skipped };
      const fingerprint = this.fingerprintOf(job);
      const hit = this.hit(job.path, contentHash(read.bytes), fingerprint, read.bytes, fix);
      return hit ? { fingerprint, hit } : { fingerprint };
    });
    const misses: LintJob[] = [];
    const missOf: number[] = [];
    const fingerprints: string[] = [];
    jobs.forEach((job, i) => {
      const f = found[i]!;
      this.seen.add(job.path);
      const shown = displayPath(this.options.cwd, job.path);
      if ('skipped' in f) {
        this.forget(job.path);
        results[i] = { index: job.index, skipped: f.skipped };
      } else if (f.hit) {
        this.report.cached.push(shown);
        results[i] = { ...f.hit, index: job.index };
      } else {
        this.report.linted.push(shown);
        missOf.push(i);
        fingerprints.push(f.fingerprint);
        misses.push({ ...job, index: misses.length, hash: true });
      }
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
      const stored = result && storable(result);
      if (result?.hash !== undefined && stored) {
        this.entries.set(job.path, { hash: result.hash, fingerprint: lookup.fingerprints[m]!, ...stored });
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
    const data: CacheFile = { termlens: 'lint cache', format: CACHE_FORMAT, version: this.options.version, files: Object.fromEntries(this.entries) };
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

  /** The cached result of a file read as `bytes`, if its entry matches and may serve under `fix`. */
  private hit(file: string, hash: string, fingerprint: string, bytes: Buffer, fix: FixMode): CachedResult | undefined {
    const entry = this.entries.get(file);
    if (!entry || entry.hash !== hash || entry.fingerprint !== fingerprint) return undefined;
    if ('skipped' in entry) return { skipped: entry.skipped };
    const decoded = bytes.toString('utf8');
    const bom = decoded.charCodeAt(0) === 0xfeff;
    const text = bom ? decoded.slice(1) : decoded;
    if (!entry.diagnostics.every((d) => fitsText(d, text.length))) return undefined;
    if (fix !== 'off' && entry.diagnostics.some((d) => wouldFix(d, text))) return undefined;
    return { linted: { text, diagnostics: entry.diagnostics, ...(bom ? { bom: true as const } : {}) } };
  }
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
function readCacheFile(text: string, version: string): { entries: Map<string, Entry> } | { problem: string | undefined } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'not valid JSON' };
  }
  if (!isObject(data) || data.termlens !== 'lint cache' || typeof data.format !== 'number') return { problem: 'not a termlens cache file' };
  if (data.format !== CACHE_FORMAT || data.version !== version) return { problem: undefined };
  if (!isObject(data.files)) return { problem: 'not a termlens cache file' };
  const entries = new Map<string, Entry>();
  for (const [file, entry] of Object.entries(data.files)) {
    if (!isEntry(entry)) return { problem: `bad entry for ${file}` };
    entries.set(file, entry);
  }
  return { entries };
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

/**
 * A job's fingerprint: a hash of the cache format, `version`, the word list's hash `words`, the
 * file's language and settings and the glossary files that apply to its path (each by its URI,
 * layer, place and text), in merge order. Equal inputs are hashed once.
 */
function fingerprinter(version: string, words: string, glossaries: readonly GlossaryInput[]): (job: LintJob) => string {
  const inputs = glossaries.map((g) => ({
    scope: g.place?.scope,
    hash: createHash('sha256')
      .update(stableJson([g.uri, g.layer, g.place ?? null]))
      .update('\0')
      .update(g.text)
      .digest('hex'),
  }));
  const memo = new Map<string, string>();
  return (job) => {
    const applying = inputs.filter((g) => applies(g.scope, job.path)).map((g) => g.hash);
    const key = stableJson([CACHE_FORMAT, version, words, job.languageId, job.settings, applying]);
    let fingerprint = memo.get(key);
    if (fingerprint === undefined) {
      fingerprint = createHash('sha256').update(key).digest('hex');
      memo.set(key, fingerprint);
    }
    return fingerprint;
  };
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

/** `f` of every item, at most `limit` at once; results in item order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, run));
  return out;
}
