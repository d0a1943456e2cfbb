/**
 * `termlens lint --format sarif`: a SARIF 2.1.0 log, for GitHub code scanning and other SARIF
 * viewers. One run; one rule per diagnostic code.
 */

import type { ArtifactLocation, Location, Log, ReportingDescriptor, Result } from 'sarif';
import { defaultSeverities, diagnosticCodeDocs, diagnosticCodes, type SeverityName, type TermDiagnostic } from '../../core/features/diagnostics';
import type { Range } from '../../core/text/lineIndex';
import type { LintFileResult } from '../results';

/** Options of {@link formatSarif}. */
export interface SarifOptions {
  /** The file URI of the cwd, with a trailing slash: the `SRCROOT` display paths are relative to. */
  readonly rootUri: string;
  /** termlens's version, reported as the tool's. */
  readonly version: string;
}

const LEVELS: Record<SeverityName, Result.level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note', off: 'none' };

function level(severity: TermDiagnostic['severity']): Result.level {
  return severity === 1 ? 'error' : severity === 2 ? 'warning' : 'note';
}

/** Percent-encodes a display path as a relative URI reference (each segment encoded; `..` kept). */
function relativeUri(displayPath: string): string {
  return displayPath
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/**
 * Where a result's file is: `stdin` for standard input, a `file:` URI for a display path that is
 * absolute (a file on another drive than the cwd), else the display path relative to `SRCROOT`.
 */
function artifactLocation(result: LintFileResult): ArtifactLocation {
  if (result.path === '<stdin>') return { uri: 'stdin' };
  const path = result.displayPath;
  if (path.startsWith('/')) return { uri: `file://${relativeUri(path)}` };
  if (/^[A-Za-z]:\//.test(path)) return { uri: `file:///${path.slice(0, 2)}${relativeUri(path.slice(2))}` };
  return { uri: relativeUri(path), uriBaseId: 'SRCROOT' };
}

function region(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function sarifResult(d: TermDiagnostic, artifact: ArtifactLocation): Result {
  const result: Result = {
    ruleId: d.code,
    ruleIndex: diagnosticCodes.indexOf(d.code),
    level: level(d.severity),
    message: { text: d.message },
    locations: [{ physicalLocation: { artifactLocation: artifact, region: region(d.range) } }],
  };
  const related = d.relatedInformation ?? [];
  if (related.length > 0) {
    result.relatedLocations = related.map((r, k): Location => ({
      id: k + 1,
      physicalLocation: { artifactLocation: artifact, region: region(r.range) },
      message: { text: r.message },
    }));
  }
  const fix = d.data.fix;
  if (fix) {
    result.fixes = [
      {
        description: { text: fix.title },
        artifactChanges: [
          {
            artifactLocation: artifact,
            replacements: fix.edits.map((e) => ({
              deletedRegion: { charOffset: e.start, charLength: e.end - e.start },
              insertedContent: { text: e.newText },
            })),
          },
        ],
      },
    ];
  }
  return result;
}

/**
 * The SARIF log, 2-space indented with a trailing newline. Every diagnostic code is listed as a
 * rule (described by `diagnosticCodeDocs`, default level from `defaultSeverities`), whether
 * found or not; regions are 1-based with columns in UTF-16 code units, fixes' regions by offset.
 */
export function formatSarif(results: readonly LintFileResult[], options: SarifOptions): string {
  const rules: ReportingDescriptor[] = diagnosticCodes.map((code) => ({
    id: code,
    shortDescription: { text: diagnosticCodeDocs[code] },
    fullDescription: { text: diagnosticCodeDocs[code] },
    defaultConfiguration: { level: LEVELS[defaultSeverities[code]] },
  }));
  const log: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'termlens', version: options.version, informationUri: 'https://github.com/termlens/termlens', rules } },
        originalUriBaseIds: { SRCROOT: { uri: options.rootUri } },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((r) => {
          const artifact = artifactLocation(r);
          return r.diagnostics.map((d) => sarifResult(d, artifact));
        }),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
