/**
 * `termlens glossary suggest [PATH ...]`: candidate concepts mined from the files `termlens lint`
 * would lint (`core/features/suggest.ts`), which the served glossary does not know, printed as
 * glossary YAML with `status: proposed` (or as JSON). Also {@link openTree}, the project, glossary
 * and file listing of `lint` as the glossary commands that read a tree use them.
 */

import { suggestionsYaml, SuggestionCollector, type SuggestDocument } from '../core/features/suggest';
import type { TermService } from '../core/service';
import { NOTEBOOK_LANGUAGE_ID } from '../core/text/fileTypes';
import { LineIndex } from '../core/text/lineIndex';
import { joinCells, notebookRange, parseNotebook, type NotebookCell } from '../core/text/notebook';
import { createBudgetedChunkScanner, type BudgetedChunkScanner } from '../node/markdownBudget';
import { isEnabledFor, type Settings } from '../settings';
import { readArgs, type Arg } from './args';
import type { GlossaryInput } from './engine';
import { reportingSetupErrors, UsageError } from './errors';
import { DEFAULT_MAX_FILE_SIZE, discoverFiles, displayPath, readLintableFile } from './files';
import { loadGlossaryLayers, loadProject, MARKDOWN_BUDGET_MS, usableService, type CliProject, type LintIo } from './lint';

export const SUGGEST_USAGE = `usage: termlens glossary suggest [options] [PATH|GLOB ...]

Mines the files termlens lint would lint (default: the current folder) for concepts the glossary
does not know: abbreviations the notes write out ("Central Limit Order Book (CLOB)") or use without
ever writing them out, capitalised phrases that recur in running text, and code identifiers the
notes spell out as words (heston_model, "Heston model"). Ranked by the files they are seen in, then
by uses; printed as glossary YAML, each entry with status: proposed and a # file:line:column comment.

options:
  --format FORMAT     yaml (default) or json
  --limit N           at most N suggestions (default 50; 0 for all)
  --min-count N       leave out candidates seen fewer than N times (default 3)
  --glossary FILE     add a glossary file (repeatable; paths or globs)
  --no-bundled        leave out the bundled finance glossary
  --config FILE       use this config file instead of looking for termlens.config.*
  --no-config         use no config file
  -h, --help          show this message`;

/** The options every glossary command that reads a tree of files takes. */
export interface TreeOptions {
  config?: string;
  noConfig: boolean;
  glossaries: string[];
  noBundled: boolean;
  paths: string[];
}

/** The option table of {@link TreeOptions}, for `readArgs`. */
export const TREE_OPTIONS = {
  config: { type: 'string' },
  'no-config': { type: 'boolean' },
  glossary: { type: 'string' },
  'no-bundled': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * Reads the arguments into `options`: paths, and the options of {@link TREE_OPTIONS}, passing any
 * other known option to `other`. Returns `'help'` for `--help`. Throws {@link UsageError}.
 */
export function readTreeArgs(
  args: readonly string[],
  table: Record<string, { type: 'string' | 'boolean'; short?: string }>,
  options: TreeOptions,
  other: (arg: Extract<Arg, { kind: 'option' }>, value: () => string) => void,
): 'help' | undefined {
  for (const arg of readArgs(args, table)) {
    if (arg.kind === 'positional') {
      if (arg.value === '-') throw new UsageError('reading stdin (-) is not supported here; name files or folders');
      options.paths.push(arg.value);
      continue;
    }
    if (arg.kind !== 'option') continue;
    if (!arg.known) throw new UsageError(`unknown option ${arg.written}`);
    const name = arg.written;
    const value = (): string => {
      if (arg.value === undefined || (!arg.inline && arg.value.startsWith('-') && !/^-\d/.test(arg.value))) throw new UsageError(`${name} needs a value`);
      return arg.value;
    };
    if (table[arg.name]?.type === 'boolean' && arg.value !== undefined) throw new UsageError(`${name} takes no value`);
    switch (arg.name) {
      case 'help':
        return 'help';
      case 'config':
        options.config = value();
        break;
      case 'no-config':
        options.noConfig = true;
        break;
      case 'glossary':
        options.glossaries.push(value());
        break;
      case 'no-bundled':
        options.noBundled = true;
        break;
      default:
        other(arg, value);
    }
  }
  if (options.config !== undefined && options.noConfig) throw new UsageError('use either --config or --no-config, not both');
  return undefined;
}

/** A whole number of at least `min` for option `name`. */
export function integerOption(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < min)
    throw new UsageError(`${name} must be an integer of at least ${min}, got ${value === '' ? 'nothing' : value}`);
  return n;
}

/** One file of a tree, as the documents termlens reads in it (a notebook: its Markdown cells as one note, and each code cell). */
export interface TreeFile {
  readonly path: string;
  /** Its path as shown: relative to the working folder. */
  readonly shown: string;
  readonly settings: Settings;
  readonly documents: readonly SuggestDocument[];
}

/** The project, glossary and files of a run, as `termlens lint` finds them. */
export interface Tree {
  readonly project: CliProject;
  readonly glossaries: readonly GlossaryInput[];
  readonly service: TermService;
  /** The Markdown scanner with a time budget (when the worker script exists). */
  readonly markdown?: BudgetedChunkScanner;
  /** The files to read, each once, in path order; skipped ones are said on stderr. */
  files(): AsyncGenerator<TreeFile>;
  /** Ends the Markdown worker. */
  dispose(): void;
}

/**
 * The project of the working folder, its glossary layers and the files `termlens lint` would lint
 * under `options.paths`: the same config lookup, `.gitignore` and `ignore` globs, languages and
 * file size limit. Throws {@link SetupError} for a bad config or an unusable glossary.
 */
export async function openTree(io: LintIo, options: TreeOptions): Promise<Tree> {
  const project = await loadProject(io, {
    ...(options.config !== undefined ? { config: options.config } : {}),
    noConfig: options.noConfig,
    explicit: options.noBundled ? { bundledGlossary: false } : {},
    glossaries: options.glossaries,
  });
  const glossaries = await loadGlossaryLayers(io, project);
  const markdown = io.markdownWorkerPath ? createBudgetedChunkScanner({ workerPath: io.markdownWorkerPath, budgetMs: MARKDOWN_BUDGET_MS }) : undefined;
  let service: TermService;
  try {
    service = usableService(io, glossaries, markdown?.scan);
  } catch (error) {
    markdown?.dispose();
    throw error;
  }
  async function* files(): AsyncGenerator<TreeFile> {
    const discovery = await discoverFiles(options.paths, { cwd: io.cwd });
    if (discovery.missing.length > 0) throw new UsageError(`no such file or folder: ${discovery.missing.join(', ')}`);
    for (const note of discovery.notes) io.stderr(`termlens: ${note}\n`);
    for (const found of discovery.files) {
      const shown = displayPath(io.cwd, found.path);
      const settings = await project.model.settings({ file: found.path, at: found.path });
      const enabled = found.languageId === NOTEBOOK_LANGUAGE_ID ? settings.enable : isEnabledFor(settings, found.languageId);
      let reason: string | undefined;
      if (!enabled) reason = settings.enable ? `language ${found.languageId} is not in "languages"` : 'termlens is disabled for it';
      else if (await project.model.isIgnored(found.path, settings)) reason = 'ignored by the termlens config';
      if (reason !== undefined) {
        if (found.explicit) io.stderr(`termlens: skipped ${shown}: ${reason}\n`);
        continue;
      }
      const read = await readLintableFile(found.path, DEFAULT_MAX_FILE_SIZE);
      if ('skipped' in read) {
        io.stderr(`termlens: skipped ${shown}: ${read.skipped}\n`);
        continue;
      }
      // A BOM is left out, as editors and `termlens lint` leave it out: line 1's columns are the editor's.
      const text = read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text;
      const documents =
        found.languageId === NOTEBOOK_LANGUAGE_ID ? notebookDocuments(shown, text, settings) : [{ name: shown, text, languageId: found.languageId }];
      if (typeof documents === 'string') {
        io.stderr(`termlens: skipped ${shown}: ${documents}\n`);
        continue;
      }
      yield { path: found.path, shown, settings, documents };
    }
  }
  return { project, glossaries, service, ...(markdown ? { markdown } : {}), files, dispose: () => markdown?.dispose() };
}

/**
 * A notebook as documents: its Markdown cells joined into one note and each code cell on its own
 * (those whose language `settings` enable), positions mapped to the `.ipynb` text; or why it is not one.
 */
export function notebookDocuments(name: string, text: string, settings: Settings): SuggestDocument[] | string {
  const notebook = parseNotebook(text);
  if ('error' in notebook) return notebook.error;
  const lines = new LineIndex(text);
  const out: SuggestDocument[] = [];
  const prose = notebook.cells.filter((c) => c.kind === 'markdown' && isEnabledFor(settings, c.languageId));
  if (prose.length > 0) {
    const { text: joined, locate } = joinCells(prose);
    const positionAt = (offset: number) => {
      const { cell, local } = locate(offset);
      return lines.positionAt(notebookRange(cell, local, local).start);
    };
    out.push({ name, file: name, text: joined, languageId: 'markdown', positionAt });
  }
  const cellAt = (cell: NotebookCell) => (offset: number) => lines.positionAt(notebookRange(cell, offset, offset).start);
  for (const cell of notebook.cells) {
    if (cell.kind === 'markdown' || !isEnabledFor(settings, cell.languageId)) continue;
    out.push({ name, file: name, text: cell.text, languageId: cell.languageId, positionAt: cellAt(cell) });
  }
  return out;
}

interface SuggestOptions extends TreeOptions {
  format: 'yaml' | 'json';
  limit: number;
  minCount: number;
}

const SUGGEST_OPTIONS = { ...TREE_OPTIONS, format: { type: 'string' }, limit: { type: 'string' }, 'min-count': { type: 'string' } } as const;

/** Runs `termlens glossary suggest ARGS`; resolves to the exit code (0, or 2 on bad usage or setup). */
export async function runSuggest(args: readonly string[], io: LintIo): Promise<number> {
  return reportingSetupErrors('termlens glossary suggest', io.stderr, async () => {
    const options: SuggestOptions = { format: 'yaml', limit: 50, minCount: 3, noConfig: false, glossaries: [], noBundled: false, paths: [] };
    const help = readTreeArgs(args, SUGGEST_OPTIONS, options, (arg, value) => {
      if (arg.name === 'format') {
        const format = value();
        if (format !== 'yaml' && format !== 'json') throw new UsageError(`unknown format ${JSON.stringify(format)}; expected yaml or json`);
        options.format = format;
      } else if (arg.name === 'limit') options.limit = integerOption(arg.written, value(), 0);
      else if (arg.name === 'min-count') options.minCount = integerOption(arg.written, value(), 1);
    });
    if (help) {
      io.stdout(SUGGEST_USAGE + '\n');
      return 0;
    }
    const tree = await openTree(io, options);
    try {
      const glossary = tree.service.glossary();
      const collector = new SuggestionCollector(glossary, {
        limit: options.limit,
        minCount: options.minCount,
        knownAcronyms: (await tree.project.model.settings()).knownAcronyms,
        ...(tree.markdown ? { scanChunk: tree.markdown.scan } : {}),
      });
      for await (const file of tree.files()) for (const d of file.documents) collector.add(d);
      if (collector.fileCount === 0) io.stderr('termlens: no files to read\n');
      const suggestions = collector.suggestions();
      if (options.format === 'json') {
        io.stdout(JSON.stringify({ files: collector.fileCount, concepts: glossary.concepts.length, suggestions }, null, 2) + '\n');
      } else {
        io.stdout(
          suggestionsYaml(suggestions, {
            header: [
              `termlens glossary suggest: ${suggestions.length} candidate concept${suggestions.length === 1 ? '' : 's'} from ${collector.fileCount} file${collector.fileCount === 1 ? '' : 's'},`,
              `not in the glossary served (${glossary.concepts.length} concepts); most files first.`,
              'Review each: keep what names a concept, write its definition, then drop "status: proposed".',
            ],
          }),
        );
      }
      return 0;
    } finally {
      tree.dispose();
    }
  });
}
