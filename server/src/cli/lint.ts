/**
 * `termlens lint`: the server's diagnostics for files on disk, printed one per line as
 * `file:line:col  severity  code  message`. Exit code 0 when clean of errors, 1 when a finding has
 * error severity, 2 on bad usage or an unusable glossary.
 */

import { createTermService } from '../service';
import type { Dictionary } from '../text/dictionary';
import { languageIdForPath } from '../text/fileTypes';

/** What `runLint` needs from the outside world. */
export interface LintIo {
  readonly bundledGlossaryPath: string;
  readonly dictionary: Dictionary;
  readFile(path: string): Promise<string>;
  /** The URI glossary problems are reported under for a path. */
  fileUri(path: string): string;
  stdout(text: string): void;
  stderr(text: string): void;
}

const SEVERITY_NAMES = ['', 'error', 'warning', 'info', 'hint'] as const;

/** Runs `termlens lint ARGS`; resolves to the exit code. */
export async function runLint(args: readonly string[], io: LintIo): Promise<number> {
  const glossaries: string[] = [];
  const files: string[] = [];
  let bundled = true;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--glossary') {
      const file = args[++i];
      if (!file) {
        io.stderr('termlens lint: --glossary needs a file\n');
        return 2;
      }
      glossaries.push(file);
    } else if (arg === '--no-bundled') bundled = false;
    else if (arg.startsWith('-')) {
      io.stderr(`termlens lint: unknown option ${arg}\n`);
      return 2;
    } else files.push(arg);
  }
  if (files.length === 0) {
    io.stderr('termlens lint: name at least one file\n');
    return 2;
  }

  const service = createTermService({ dictionary: io.dictionary });
  const layers: Array<[string, 'bundled' | 'settings']> = [
    ...(bundled ? [[io.bundledGlossaryPath, 'bundled'] as [string, 'bundled']] : []),
    ...glossaries.map((g) => [g, 'settings'] as [string, 'settings']),
  ];
  service.store.setSettingsFiles(glossaries.map((g) => io.fileUri(g)));
  for (const [file, layer] of layers) {
    let text: string;
    try {
      text = await io.readFile(file);
    } catch {
      io.stderr(`termlens lint: cannot read glossary ${file}\n`);
      return 2;
    }
    service.store.setFile(io.fileUri(file), text, layer);
  }
  const problems = service.glossaryProblems().filter((p) => p.severity === 'error');
  if (problems.length > 0) {
    const p = problems[0]!;
    io.stderr(`termlens lint: glossary ${p.uri} is broken: ${p.message}\n`);
    return 2;
  }

  let errors = 0;
  let findings = 0;
  for (const file of files) {
    const languageId = languageIdForPath(file);
    if (!languageId) {
      io.stderr(`termlens lint: skipped ${file}: not a Markdown or supported code file\n`);
      continue;
    }
    let text: string;
    try {
      text = await io.readFile(file);
    } catch {
      io.stderr(`termlens lint: cannot read ${file}\n`);
      return 2;
    }
    const doc = service.parse(text, languageId);
    for (const d of service.diagnostics(doc)) {
      findings++;
      if (d.severity === 1) errors++;
      io.stdout(`${file}:${d.range.start.line + 1}:${d.range.start.character + 1}  ${SEVERITY_NAMES[d.severity]}  ${d.code}  ${d.message}\n`);
    }
  }
  io.stdout(`${findings} finding(s) in ${files.length} file(s)\n`);
  return errors > 0 ? 1 : 0;
}
