/**
 * The glossary store: every glossary file's latest text and last good version, merged into one
 * glossary on demand.
 */

import { mergeLayers } from './layers';
import { parseGlossaryText } from './load';
import type { Concept, GlossaryFileResult, GlossaryProblem } from './model';

/** Where a glossary file comes from; layers are merged in this order. */
export type GlossaryLayer = 'bundled' | 'workspace' | 'settings';

/** Options of {@link GlossaryStore}. */
export interface GlossaryStoreOptions {
  /** The bundled glossary, already read; default: none (add it later with `setBundled` or `setFile`). */
  readonly bundled?: GlossaryFileResult;
}

/** One file of a snapshot. */
export interface GlossaryFileSummary {
  readonly uri: string;
  readonly layer: GlossaryLayer;
  /** Concepts served from the file (from its last good version). */
  readonly concepts: number;
  /** Error-severity problems of its current text. */
  readonly errors: number;
}

/** The merged glossary at one point in time. */
export interface GlossarySnapshot {
  readonly concepts: readonly Concept[];
  /** Problems of every file's current text, then conflicts between files. */
  readonly problems: readonly GlossaryProblem[];
  /** Increases whenever `concepts` or `problems` change; equal versions mean equal snapshots. */
  readonly version: number;
  /** Files in merge order. */
  readonly files: readonly GlossaryFileSummary[];
}

interface FileState {
  readonly layer: GlossaryLayer;
  /** The text it was read from; absent for results given ready-made (`setBundled`). */
  readonly text?: string;
  readonly current: GlossaryFileResult;
  /** The latest result without errors: the version served. */
  readonly good?: GlossaryFileResult;
}

/**
 * Holds the glossary files and serves their merge (see `mergeLayers`). Layers: bundled files, then
 * workspace files (each group ordered by URI), then settings files in the order given to
 * {@link setSettingsFiles} (unlisted ones last, by URI).
 *
 * A file whose current text has errors keeps serving its last good concepts while its problems
 * are those of the current text; a file that never read cleanly contributes no concepts. Merge
 * conflicts located in such a file are left out until it reads cleanly again, since their
 * positions refer to an older text.
 */
export class GlossaryStore {
  private readonly files = new Map<string, FileState>();
  private settingsOrder: readonly string[] = [];
  private version = 0;
  private cached: GlossarySnapshot | undefined;

  constructor(options: GlossaryStoreOptions = {}) {
    if (options.bundled) this.setBundled(options.bundled);
  }

  /** Sets a ready-made result as a bundled layer (keyed by its URI). Returns whether the snapshot changed. */
  setBundled(result: GlossaryFileResult): boolean {
    return this.put(result.uri, 'bundled', undefined, result);
  }

  /**
   * Reads `text` as the glossary file `uri` in `layer` (replacing any earlier text of that URI).
   * Returns whether the snapshot changed.
   */
  setFile(uri: string, text: string, layer: GlossaryLayer): boolean {
    const previous = this.files.get(uri);
    if (previous && previous.text === text && previous.layer === layer) return false;
    return this.put(uri, layer, text, parseGlossaryText(text, uri));
  }

  /** Forgets a file. Returns whether the snapshot changed. */
  deleteFile(uri: string): boolean {
    if (!this.files.delete(uri)) return false;
    this.changed();
    return true;
  }

  /** Orders settings-layer files as listed (files not listed come after them, by URI). Returns whether the snapshot changed. */
  setSettingsFiles(uris: readonly string[]): boolean {
    if (uris.length === this.settingsOrder.length && uris.every((u, i) => u === this.settingsOrder[i])) return false;
    this.settingsOrder = [...uris];
    if (![...this.files.values()].some((f) => f.layer === 'settings')) return false;
    this.changed();
    return true;
  }

  /** The merged glossary; cached until the next change. */
  snapshot(): GlossarySnapshot {
    if (this.cached) return this.cached;
    const ordered = this.ordered();
    const merged = mergeLayers(ordered.flatMap(([, f]) => (f.good ? [f.good] : [])));
    const stale = new Set(ordered.filter(([, f]) => f.good !== f.current).map(([uri]) => uri));
    this.cached = {
      concepts: merged.concepts,
      problems: [...ordered.flatMap(([, f]) => f.current.problems), ...merged.problems.filter((p) => !stale.has(p.uri))],
      version: this.version,
      files: ordered.map(([uri, f]) => ({
        uri,
        layer: f.layer,
        concepts: f.good?.concepts.length ?? 0,
        errors: f.current.problems.filter((p) => p.severity === 'error').length,
      })),
    };
    return this.cached;
  }

  private put(uri: string, layer: GlossaryLayer, text: string | undefined, current: GlossaryFileResult): boolean {
    const previous = this.files.get(uri);
    const good = current.problems.some((p) => p.severity === 'error') ? previous?.good : current;
    this.files.set(uri, { layer, current, ...(text !== undefined ? { text } : {}), ...(good ? { good } : {}) });
    const same =
      previous !== undefined &&
      previous.layer === layer &&
      sameData(previous.good?.concepts, good?.concepts) &&
      sameData(previous.current.problems, current.problems);
    if (same) return false;
    this.changed();
    return true;
  }

  private changed(): void {
    this.version++;
    this.cached = undefined;
  }

  private ordered(): [string, FileState][] {
    const rank: Record<GlossaryLayer, number> = { bundled: 0, workspace: 1, settings: 2 };
    const position = (uri: string, file: FileState): number => {
      const index = file.layer === 'settings' ? this.settingsOrder.indexOf(uri) : -1;
      return index < 0 ? Infinity : index;
    };
    return [...this.files].sort(
      ([a, fa], [b, fb]) =>
        rank[fa.layer] - rank[fb.layer] || position(a, fa) - position(b, fb) || (a < b ? -1 : a > b ? 1 : 0),
    );
  }
}

/** Deep equality of plain data (what glossary results are made of). */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}
