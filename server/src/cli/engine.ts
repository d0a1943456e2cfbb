/**
 * Linting one text, shared by the `termlens lint` main thread and its workers: the service is built
 * from the same glossary layers as the language server's, and a text's diagnostics are computed
 * exactly as the server computes the ones it publishes.
 */

import { writeFile } from 'node:fs/promises';
import type { TermDiagnostic } from '../features/diagnostics';
import type { GlossaryLayer } from '../glossary/store';
import { createTermService, type TermService } from '../service';
import { diagnosticOptions, type Settings } from '../settings';
import type { Dictionary } from '../text/dictionary';
import { readLintableFile } from './files';
import { applySafeFixes } from './fix';

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
export function buildService(dictionary: Dictionary, glossaries: readonly GlossaryInput[]): TermService {
  const service = createTermService({ dictionary });
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
export type LintJobResult = { readonly index: number; readonly linted: LintedText } | { readonly index: number; readonly skipped: string };

/** Reads, lints and (with `fix: 'fix'`) rewrites one file: the same step on the main thread and in workers. */
export async function lintJob(service: TermService, job: LintJob, maxFileSize: number, fix: FixMode): Promise<LintJobResult> {
  const read = await readLintableFile(job.path, maxFileSize);
  if ('skipped' in read) return { index: job.index, skipped: read.skipped };
  const linted = lintWithFixes(service, read.text, job.languageId, job.settings, fix);
  if (fix === 'fix' && linted.fixes) await writeFile(job.path, linted.text);
  return { index: job.index, linted };
}
