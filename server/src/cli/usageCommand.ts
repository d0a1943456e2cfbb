/**
 * `termlens glossary usage [PATH ...]`: per concept, where and how often the files `termlens lint`
 * would lint use it, the forms most often written wrong, and the workspace glossaries' concepts no
 * file uses (`core/features/usage.ts`). Files are parsed and linted exactly as `termlens lint` does.
 */

import { fileURLToPath, pathToFileURL } from 'node:url';
import { findDiagnostics } from '../core/features/diagnostics';
import { UsageCollector, type ConceptUsage, type UsageReport } from '../core/features/usage';
import { diagnosticOptions } from '../settings';
import { UsageError, reportingSetupErrors } from './errors';
import { displayPath } from './files';
import type { LintIo } from './lint';
import { openTree, readTreeArgs, TREE_OPTIONS, type TreeOptions } from './suggestCommand';

export const USAGE_USAGE = `usage: termlens glossary usage [options] [PATH|GLOB ...]

For the files termlens lint would lint (default: the current folder): per concept, the files and
times its terms are used and the first places; the concepts most often written wrong (term.misspelled,
term.variant, term.deprecated findings, with the forms written); and the concepts of the workspace
glossaries (config glossaryFiles, *.glossary.* files, --glossary) that no file uses.

options:
  --format FORMAT     stylish (default) or json
  --unused            list only the unused concepts
  --bundled           list the bundled glossary's unused concepts too
  --glossary FILE     add a glossary file (repeatable; paths or globs)
  --no-bundled        leave out the bundled finance glossary
  --config FILE       use this config file instead of looking for termlens.config.*
  --no-config         use no config file
  -h, --help          show this message`;

interface UsageOptions extends TreeOptions {
  format: 'stylish' | 'json';
  unusedOnly: boolean;
  bundled: boolean;
}

const USAGE_OPTIONS = { ...TREE_OPTIONS, format: { type: 'string' }, unused: { type: 'boolean' }, bundled: { type: 'boolean' } } as const;

/** Runs `termlens glossary usage ARGS`; resolves to the exit code (0, or 2 on bad usage or setup). */
export async function runUsage(args: readonly string[], io: LintIo): Promise<number> {
  return reportingSetupErrors('termlens glossary usage', io.stderr, async () => {
    const options: UsageOptions = { format: 'stylish', unusedOnly: false, bundled: false, noConfig: false, glossaries: [], noBundled: false, paths: [] };
    const help = readTreeArgs(args, USAGE_OPTIONS, options, (arg, value) => {
      if (arg.name === 'format') {
        const format = value();
        if (format !== 'stylish' && format !== 'json') throw new UsageError(`unknown format ${JSON.stringify(format)}; expected stylish or json`);
        options.format = format;
      } else if (arg.name === 'unused') options.unusedOnly = true;
      else if (arg.name === 'bundled') options.bundled = true;
    });
    if (help) {
      io.stdout(USAGE_USAGE + '\n');
      return 0;
    }
    const tree = await openTree(io, options);
    try {
      const glossary = tree.service.glossary();
      const collector = new UsageCollector(glossary);
      for await (const file of tree.files()) {
        for (const d of file.documents) {
          const doc = tree.service.parse(d.text, d.languageId);
          const findings = findDiagnostics(doc, diagnosticOptions(file.settings));
          collector.add({ name: d.name, file: d.file ?? d.name, doc, findings, ...(d.positionAt ? { positionAt: d.positionAt } : {}) });
        }
      }
      if (collector.fileCount === 0) io.stderr('termlens: no files to read\n');
      // The bundled glossary, whatever layer its file is read in (this repository's own tree holds it as a workspace file).
      const bundledUri = pathToFileURL(io.bundledGlossaryPath).toString();
      const workspace = new Set(tree.glossaries.filter((g) => g.layer !== 'bundled' && g.uri !== bundledUri).map((g) => g.uri));
      const listed = (uri: string | undefined): boolean => options.bundled || (uri !== undefined && workspace.has(uri));
      const report = collector.report((concept) => listed(concept.origin?.uri));
      const shownUri = (uri: string): string => (uri.startsWith('file:') ? displayPath(io.cwd, fileURLToPath(uri)) : uri);
      if (options.format === 'json') {
        const unused = report.unused.map((u) => ({ ...u, ...(u.origin ? { origin: { file: shownUri(u.origin.uri), line: u.origin.line + 1 } } : {}) }));
        io.stdout(JSON.stringify(options.unusedOnly ? { files: report.files, unused } : { ...report, unused }, null, 2) + '\n');
      } else {
        io.stdout(stylish(report, options, shownUri, glossary.concepts.length));
      }
      return 0;
    } finally {
      tree.dispose();
    }
  });
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function quoted(forms: readonly { text: string; count: number }[], max: number): string {
  const shown = forms.slice(0, max).map((f) => `"${f.text}" ×${f.count}`);
  return forms.length > max ? `${shown.join(', ')}, … (${forms.length - max} more)` : shown.join(', ');
}

function conceptLine(u: ConceptUsage): string {
  const proposed = u.status === 'proposed' ? ' (proposed)' : '';
  return `${u.term}${proposed}  ${plural(u.count, 'use')} in ${plural(u.files, 'file')}`;
}

/** The report as text: used concepts, the forms written wrong, unused concepts. */
function stylish(report: UsageReport, options: UsageOptions, shownUri: (uri: string) => string, concepts: number): string {
  const out: string[] = [];
  if (!options.unusedOnly) {
    out.push(`${plural(report.used.length, 'concept')} of ${concepts} used in ${plural(report.files, 'file')}`);
    for (const u of report.used) {
      out.push(`  ${conceptLine(u)}`);
      out.push(`    at ${u.locations.map((l) => `${l.file}:${l.line}:${l.column}`).join(', ')}${u.count > u.locations.length ? ', …' : ''}`);
      if (u.forms.length > 1) out.push(`    forms: ${quoted(u.forms, 5)}`);
    }
    out.push('');
    out.push(report.wrong.length === 0 ? 'no concept written wrong' : `written wrong: ${plural(report.wrong.length, 'concept')}`);
    for (const u of report.wrong) {
      out.push(`  ${u.term}  ${plural(u.wrongCount, 'time')} of ${plural(u.count, 'use')}`);
      for (const w of u.wrong) out.push(`    ${w.code} ×${w.count}: ${quoted(w.forms, 5)}`);
    }
    out.push('');
  }
  const scope = options.bundled ? 'of the glossary' : 'of the workspace glossaries';
  out.push(report.unused.length === 0 ? `no unused concepts ${scope}` : `unused: ${plural(report.unused.length, 'concept')} ${scope}`);
  for (const u of report.unused) {
    const where = u.origin ? `  ${shownUri(u.origin.uri)}:${u.origin.line + 1}` : '';
    out.push(`  ${u.term}${u.status === 'proposed' ? ' (proposed)' : ''}${where}`);
  }
  return out.join('\n') + '\n';
}
