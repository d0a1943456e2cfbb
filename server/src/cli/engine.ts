/**
 * Linting one text, shared by the `termlens lint` main thread and its workers: the service is built
 * from the same glossary layers as the language server's, and a text's diagnostics are computed
 * exactly as the server computes the ones it publishes.
 */

import type { TermDiagnostic } from '../features/diagnostics';
import type { GlossaryLayer } from '../glossary/store';
import { createTermService, type TermService } from '../service';
import { diagnosticOptions, type Settings } from '../settings';
import type { Dictionary } from '../text/dictionary';
import type { ChunkScanner } from '../text/markdown';
import { readLintableFile, replaceFileIfUnchanged, type WriteFailure } from './files';
import { applySafeFixes, applySafeFixesToBytes } from './fix';

/** A glossary file's text and layer, as the main thread reads it and sends it to workers. */
export interface GlossaryInput {
  /** The file URI it is known by (problems are reported under it). */
  readonly uri: string;
  readonly text: string;
  readonly layer: GlossaryLayer;
}

/** Whether and how `--fix` applies: not at all, to the file, or only to report what would change. */
export type FixMode = 'off' | 'fix' | 'dry-run';

/** The lint of one text. */
export interface LintedText {
  /** The text the diagnostics refer to: after fixes, the fixed text. */
  readonly text: string;
  readonly diagnostics: readonly TermDiagnostic[];
  /** Present when fixes changed the text. */
  readonly fixes?: { readonly applied: number; readonly original: string };
}

/** A service serving `glossaries` (merged in layer order, settings files in the order given). */
export function buildService(dictionary: Dictionary, glossaries: readonly GlossaryInput[], scanMarkdownChunk?: ChunkScanner): TermService {
  const service = createTermService({ dictionary, ...(scanMarkdownChunk ? { scanMarkdownChunk } : {}) });
  service.store.setSettingsFiles(glossaries.filter((g) => g.layer === 'settings').map((g) => g.uri));
  for (const g of glossaries) service.store.setFile(g.uri, g.text, g.layer);
  return service;
}

/** A text's diagnostics under `settings`: what the language server publishes for it. */
export function lintText(service: TermService, text: string, languageId: string, settings: Settings): TermDiagnostic[] {
  return service.diagnostics(service.parse(text, languageId), diagnosticOptions(settings));
}

/** {@link lintText}, after applying the safe fixes when `fix` is not `off`. */
export function lintWithFixes(service: TermService, text: string, languageId: string, settings: Settings, fix: FixMode): LintedText {
  if (fix === 'off') return { text, diagnostics: lintText(service, text, languageId, settings) };
  const fixed = applySafeFixes(text, (t) => lintText(service, t, languageId, settings));
  if (fixed.output === text) return { text, diagnostics: fixed.diagnostics };
  return { text: fixed.output, diagnostics: fixed.diagnostics, fixes: { applied: fixed.applied, original: text } };
}

/** One file to lint, as the main thread plans it and hands it to a worker. */
export interface LintJob {
  /** Its place in the run's file order, which output follows whatever thread linted it. */
  readonly index: number;
  readonly path: string;
  readonly languageId: string;
  readonly settings: Settings;
}

/** What became of a {@link LintJob}: its lint, or why it was skipped. */
export type LintJobResult =
  | {
      readonly index: number;
      readonly linted: LintedText;
      /** A note on the file for stderr, e.g. that it is not valid UTF-8 and how it was fixed. */
      readonly note?: string;
      /** Why the fixed file was not written (then `linted` is the lint of the file as it was read). */
      readonly notWritten?: WriteFailure;
    }
  | { readonly index: number; readonly skipped: string };

/** The stderr note on fixing a file that is not valid UTF-8 (after `PATH: `). */
export function invalidUtf8Note(fix: 'fix' | 'dry-run'): string {
  return fix === 'fix'
    ? 'not valid UTF-8; fixed around the findings, other bytes kept as they are'
    : 'not valid UTF-8; the diff shows invalid bytes as U+FFFD, --fix keeps them as they are';
}

/** Test hooks of {@link lintJob}. */
export interface LintJobHooks {
  /** Runs when the fixed file is ready to replace the original, just before the original is read again and compared. */
  readonly beforeReplace?: (path: string) => void | Promise<void>;
}

/**
 * Reads, lints and (with `fix: 'fix'`) rewrites one file: the same step on the main thread and in
 * workers. Fixes are made to the file's bytes ({@link applySafeFixesToBytes}: bytes that are not
 * valid UTF-8 are kept); the file is replaced atomically and only if it still holds the bytes read
 * ({@link replaceFileIfUnchanged}).
 */
export async function lintJob(
  service: TermService,
  job: LintJob,
  maxFileSize: number,
  fix: FixMode,
  hooks: LintJobHooks = {},
  markdown?: { skippedCount(): number },
): Promise<LintJobResult> {
  const read = await readLintableFile(job.path, maxFileSize);
  if ('skipped' in read) return { index: job.index, skipped: read.skipped };
  const skippedBefore = markdown?.skippedCount() ?? 0;
  const result = await lintRead(service, job, read, fix, hooks);
  if ('skipped' in result || (markdown?.skippedCount() ?? 0) === skippedBefore) return result;
  const note = `${SKIPPED_NOTE}${result.note === undefined ? '' : `; ${result.note}`}`;
  return { ...result, note };
}

/** The note on a file in which a Markdown block ran over the parse budget. */
export const SKIPPED_NOTE = 'a Markdown block took too long to parse (deeply nested lists or quotes, or thousands of unmatched * or _) and was not checked';

async function lintRead(service: TermService, job: LintJob, read: { text: string; bytes: Buffer }, fix: FixMode, hooks: LintJobHooks): Promise<LintJobResult> {
  if (fix === 'off') return { index: job.index, linted: { text: read.text, diagnostics: lintText(service, read.text, job.languageId, job.settings) } };
  const fixed = applySafeFixesToBytes(read.bytes, (t) => lintText(service, t, job.languageId, job.settings));
  if (fixed.bytes.equals(read.bytes)) return { index: job.index, linted: { text: fixed.output, diagnostics: fixed.diagnostics } };
  const linted: LintedText = { text: fixed.output, diagnostics: fixed.diagnostics, fixes: { applied: fixed.applied, original: fixed.original } };
  const note = fixed.valid ? {} : { note: invalidUtf8Note(fix) };
  if (fix === 'dry-run') return { index: job.index, linted, ...note };
  const failure = await replaceFileIfUnchanged(job.path, read.bytes, fixed.bytes, hooks.beforeReplace && (() => hooks.beforeReplace!(job.path)));
  if (failure) return { index: job.index, linted: { text: fixed.original, diagnostics: fixed.initialDiagnostics }, notWritten: failure };
  return { index: job.index, linted, ...note };
}
