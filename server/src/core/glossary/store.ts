/**
 * The glossary store: every glossary file's latest text and last good version, merged into one
 * glossary on demand — or, when files are scoped to folders or paths, into one glossary per
 * context (the set of files that apply to a document).
 */

import { formKey } from './format';
import { mergeLayers, overlayGroups, type MergedGlossary, type ShadowedConcept } from './layers';
import { parseGlossaryText } from './load';
import type { Concept, GlossaryFileResult, GlossaryProblem } from './model';

/** Where a glossary file comes from; layers are merged in this order. */
export type GlossaryLayer = 'bundled' | 'workspace' | 'settings';

/** Files matching `files` but no `excludedFiles` glob, relative to `dir` (a config override's). */
export interface PathRule {
  /** The folder the globs are relative to (absolute). */
  readonly dir: string;
  readonly files: readonly string[];
  readonly excludedFiles?: readonly string[];
}

/**
 * Where a glossary file applies:
 * - `everywhere` (the default): every document (the bundled glossary, settings files, workspace
 *   files at the root of a workspace folder);
 * - `folder`: documents in `folder` (absolute) or below;
 * - `paths`: documents matching one of `rules` (a config override's `glossaryFiles`). Files of
 *   one `group` are merged together; groups are ordered by `order`.
 */
export type GlossaryScope =
  | { readonly kind: 'everywhere' }
  | { readonly kind: 'folder'; readonly folder: string }
  | { readonly kind: 'paths'; readonly group: string; readonly order: number; readonly rules: readonly PathRule[] };

/** The npm package a glossary file comes from. */
export interface GlossaryPackage {
  readonly name: string;
  readonly version: string;
}

/** What the store knows of a file besides its text: where it applies and how hovers name it. Plain data (sent to CLI workers). */
export interface GlossaryPlace {
  /** Default `{ kind: 'everywhere' }`. */
  readonly scope?: GlossaryScope;
  /** The context hovers name, e.g. `desk/ glossary`; default by layer (`bundled glossary`, `workspace glossary`, `settings glossary`). */
  readonly label?: string;
  /** Set for a file from an installed npm package (`npm:` entries): hovers name the package and its version. */
  readonly package?: GlossaryPackage;
}

/** How the store tells whether a scoped file applies to a document path (the project's path semantics). */
export interface GlossaryScopeTests {
  /** Whether `path` is `folder` or inside it. */
  inFolder(folder: string, path: string): boolean;
  /** Whether `path` matches `rule`. */
  matches(rule: PathRule, path: string): boolean;
}

/** Options of {@link GlossaryStore}. */
export interface GlossaryStoreOptions {
  /** The bundled glossary, already read; default: none (add it later with `setBundled` or `setFile`). */
  readonly bundled?: GlossaryFileResult;
  /** Default: a path prefix test for folders; no path rule matches. */
  readonly scopeTests?: GlossaryScopeTests;
}

/** One file of a snapshot. */
export interface GlossaryFileSummary {
  readonly uri: string;
  readonly layer: GlossaryLayer;
  /** Concepts served from the file (from its last good version). */
  readonly concepts: number;
  /** Error-severity problems of its current text. */
  readonly errors: number;
  /** Set when the file applies only to a folder (`folder`, absolute) or to some paths (`paths`). */
  readonly scope?: 'folder' | 'paths';
  /** Set when the file comes from an npm package. */
  readonly package?: GlossaryPackage;
}

/** The merged glossary at one point in time. */
export interface GlossarySnapshot {
  /**
   * The concepts served. Without scoped files, the one merged glossary. With them, every scope's
   * own merge one after the other (the files that apply everywhere, then each folder's, outer
   * first, then each path rule's): a term two folders define appears once per folder.
   */
  readonly concepts: readonly Concept[];
  /** Problems of every file's current text, then conflicts between files of one scope. */
  readonly problems: readonly GlossaryProblem[];
  /** Increases whenever `concepts` or `problems` change; equal versions mean equal snapshots. */
  readonly version: number;
  /** Files in merge order. */
  readonly files: readonly GlossaryFileSummary[];
}

/** A definition from a farther context than the one that won a form, for hovers. */
export interface ContextDefinition {
  readonly concept: Concept;
  /** The context it comes from, e.g. `workspace glossary`. */
  readonly context: string;
}

/** The glossary that applies to one document: the files whose scope covers it, merged. */
export interface GlossaryContext {
  /** The files served, in merge order (URIs joined by newlines); equal keys at one version are the same context. */
  readonly key: string;
  readonly version: number;
  /** Whether any file of the context is scoped (to a folder or paths). */
  readonly scoped: boolean;
  readonly concepts: readonly Concept[];
  /** The context a concept comes from, and whether it should be named even alone (scoped or from a package). */
  placeOf(concept: Concept): { readonly context: string; readonly notable: boolean } | undefined;
  /** The definitions of a form (its text) in farther contexts that also apply, nearest first. */
  shadowed(form: string): readonly ContextDefinition[];
}

interface FileState {
  readonly layer: GlossaryLayer;
  /** The text it was read from; absent for results given ready-made (`setBundled`). */
  readonly text?: string;
  readonly current: GlossaryFileResult;
  /** The latest result without errors: the version served. */
  readonly good?: GlossaryFileResult;
  readonly place: GlossaryPlace;
}

/** Contexts kept compiled at once (documents of a few folders open side by side). */
const CONTEXT_CACHE = 8;

const EVERYWHERE: GlossaryScope = { kind: 'everywhere' };

const defaultScopeTests: GlossaryScopeTests = {
  inFolder: (folder, p) => p === folder || p.startsWith(folder.endsWith('/') || folder.endsWith('\\') ? folder : folder + (folder.includes('\\') ? '\\' : '/')),
  matches: () => false,
};

/**
 * Holds the glossary files and serves their merge (see `mergeLayers`). Layers: bundled files, then
 * workspace files (those that apply everywhere by URI, then folder-scoped ones, outer folders
 * first), then settings files in the order given to {@link setSettingsFiles} (unlisted ones last,
 * by URI), then files scoped to paths (by their rules' order).
 *
 * Files of one scope (every file that applies everywhere; one folder's files; one path rule's)
 * are merged by `mergeLayers`, so they may conflict. With scoped files, a document's context is
 * its scopes' merges laid over each other by `overlayGroups`: a later file wins every form, and
 * what it took is shown in hovers as another context's definition, never as a conflict.
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
  private scopeTests: GlossaryScopeTests;
  /** Merges of one scope's files, by their URIs; cleared on every change. */
  private readonly groups = new Map<string, MergedGlossary>();
  /** Recently used contexts, least recent first; cleared on every change. */
  private readonly contexts = new Map<string, GlossaryContext>();
  private whole: GlossaryContext | undefined;

  constructor(options: GlossaryStoreOptions = {}) {
    this.scopeTests = options.scopeTests ?? defaultScopeTests;
    if (options.bundled) this.setBundled(options.bundled);
  }

  /** Sets how scoped files are matched to document paths (contexts are rebuilt). */
  setScopeTests(tests: GlossaryScopeTests): void {
    this.scopeTests = tests;
    this.contexts.clear();
  }

  /** Sets a ready-made result as a bundled layer (keyed by its URI). Returns whether the snapshot changed. */
  setBundled(result: GlossaryFileResult, place: GlossaryPlace = {}): boolean {
    return this.put(result.uri, 'bundled', undefined, result, place);
  }

  /**
   * Reads `text` as the glossary file `uri` in `layer` (replacing any earlier text of that URI),
   * applying where `place` says (default everywhere). Returns whether the snapshot changed.
   */
  setFile(uri: string, text: string, layer: GlossaryLayer, place: GlossaryPlace = {}): boolean {
    const previous = this.files.get(uri);
    if (previous && previous.text === text && previous.layer === layer) {
      if (samePlace(previous.place, place)) return false;
      this.files.set(uri, { ...previous, place });
      this.changed();
      return true;
    }
    return this.put(uri, layer, text, parseGlossaryText(text, uri), place);
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

  /** Where a file applies, as last set (undefined for an unknown file). */
  placeOf(uri: string): GlossaryPlace | undefined {
    return this.files.get(uri)?.place;
  }

  /** Whether any file is scoped to a folder or to paths: then documents may have different contexts. */
  hasScopedFiles(): boolean {
    for (const f of this.files.values()) if (f.place.scope && f.place.scope.kind !== 'everywhere') return true;
    return false;
  }

  /** The merged glossary; cached until the next change. */
  snapshot(): GlossarySnapshot {
    if (this.cached) return this.cached;
    const ordered = this.ordered();
    const stale = new Set(ordered.filter(([, f]) => f.good !== f.current).map(([uri]) => uri));
    const fileProblems = ordered.flatMap(([, f]) => f.current.problems);
    let concepts: readonly Concept[];
    let conflicts: readonly GlossaryProblem[];
    if (!this.hasScopedFiles()) {
      const merged = mergeLayers(ordered.flatMap(([, f]) => (f.good ? [f.good] : [])));
      concepts = merged.concepts;
      conflicts = merged.problems.filter((p) => !stale.has(p.uri));
    } else {
      // Every scope merged on its own: only files of one scope can conflict.
      const merges = groupsOf(ordered).map((uris) => this.groupMerge(uris));
      concepts = merges.flatMap((m) => m.concepts);
      const seen = new Set<string>();
      conflicts = merges.flatMap((m) => m.problems).filter((p) => {
        const key = `${p.uri}\u0000${p.start}\u0000${p.end}\u0000${p.message}`;
        if (stale.has(p.uri) || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    }
    this.cached = {
      concepts,
      problems: [...fileProblems, ...conflicts],
      version: this.version,
      files: ordered.map(([uri, f]) => summary(uri, f)),
    };
    return this.cached;
  }

  /**
   * The glossary of a document at `path` (absolute, in the project's path syntax; undefined for a
   * document without one, which gets the files that apply everywhere). Without scoped files, every
   * document has the one context of {@link snapshot}.
   */
  context(path?: string): GlossaryContext {
    if (!this.hasScopedFiles()) return this.wholeContext();
    const ordered = this.ordered().filter(([, f]) => this.applies(f.place.scope ?? EVERYWHERE, path));
    const key = ordered.map(([uri]) => uri).join('\n');
    const cached = this.contexts.get(key);
    if (cached) {
      this.contexts.delete(key);
      this.contexts.set(key, cached);
      return cached;
    }
    const context = this.buildContext(key, ordered);
    this.contexts.set(key, context);
    if (this.contexts.size > CONTEXT_CACHE) this.contexts.delete(this.contexts.keys().next().value!);
    return context;
  }

  private wholeContext(): GlossaryContext {
    const snapshot = this.snapshot();
    if (this.whole?.version === snapshot.version) return this.whole;
    const places = this.placesByUri([...this.files.keys()]);
    this.whole = {
      key: '',
      version: snapshot.version,
      scoped: false,
      concepts: snapshot.concepts,
      placeOf: (concept) => places(concept.origin?.uri),
      shadowed: () => [],
    };
    return this.whole;
  }

  private buildContext(key: string, ordered: [string, FileState][]): GlossaryContext {
    const rank = new Map(ordered.map(([uri], i) => [uri, i]));
    const groups = groupsOf(ordered);
    // One scope (a document no scoped file applies to): its merge as it is, nothing to lay over it.
    const overlaid =
      groups.length === 1
        ? { concepts: this.groupMerge(groups[0]!).concepts, shadowed: new Map<string, readonly ShadowedConcept[]>() }
        : overlayGroups(
            groups.map((uris) => {
              const merged = this.groupMerge(uris);
              return { concepts: merged.concepts, ranks: merged.sources.map((l) => rank.get(uris[l]!)!) };
            }),
          );
    const places = this.placesByUri(ordered.map(([uri]) => uri));
    const uriAt = ordered.map(([uri]) => uri);
    const version = this.version;
    return {
      key,
      version,
      scoped: ordered.some(([, f]) => f.place.scope !== undefined && f.place.scope.kind !== 'everywhere'),
      concepts: overlaid.concepts,
      placeOf: (concept) => places(concept.origin?.uri),
      shadowed: (form) =>
        (overlaid.shadowed.get(formKey(form)) ?? []).map(({ concept, rank: r }) => ({
          concept,
          context: places(concept.origin?.uri ?? uriAt[r])?.context ?? 'glossary',
        })),
    };
  }

  /** A lookup of files' places as hovers name them. */
  private placesByUri(uris: readonly string[]): (uri: string | undefined) => { context: string; notable: boolean } | undefined {
    const out = new Map<string, { context: string; notable: boolean }>();
    for (const uri of uris) {
      const f = this.files.get(uri);
      if (!f) continue;
      const scoped = f.place.scope !== undefined && f.place.scope.kind !== 'everywhere';
      const pkg = f.place.package;
      const context = f.place.label ?? (pkg ? `${pkg.name} ${pkg.version}` : `${f.layer} glossary`);
      out.set(uri, { context, notable: scoped || pkg !== undefined });
    }
    return (uri) => (uri === undefined ? undefined : out.get(uri));
  }

  private applies(scope: GlossaryScope, path: string | undefined): boolean {
    if (scope.kind === 'everywhere') return true;
    if (path === undefined) return false;
    if (scope.kind === 'folder') return this.scopeTests.inFolder(scope.folder, path);
    return scope.rules.some((rule) => this.scopeTests.matches(rule, path));
  }

  /** The merge of one scope's files (their last good versions), cached until the next change. */
  private groupMerge(uris: readonly string[]): MergedGlossary {
    const key = uris.join('\n');
    let merged = this.groups.get(key);
    if (!merged) {
      const layers = uris.map((uri) => this.files.get(uri)!.good ?? { uri, concepts: [], problems: [] });
      merged = mergeLayers(layers);
      this.groups.set(key, merged);
    }
    return merged;
  }

  private put(uri: string, layer: GlossaryLayer, text: string | undefined, current: GlossaryFileResult, place: GlossaryPlace): boolean {
    const previous = this.files.get(uri);
    const good = current.problems.some((p) => p.severity === 'error') ? previous?.good : current;
    this.files.set(uri, { layer, current, place, ...(text !== undefined ? { text } : {}), ...(good ? { good } : {}) });
    const same =
      previous !== undefined &&
      previous.layer === layer &&
      samePlace(previous.place, place) &&
      sameData(previous.good?.concepts, good?.concepts) &&
      sameData(previous.current.problems, current.problems);
    if (same) return false;
    this.changed();
    return true;
  }

  private changed(): void {
    this.version++;
    this.cached = undefined;
    this.groups.clear();
    this.contexts.clear();
  }

  private ordered(): [string, FileState][] {
    const rank: Record<GlossaryLayer, number> = { bundled: 0, workspace: 1, settings: 2 };
    // Within a layer: files that apply everywhere, then folder-scoped ones (outer folders first), then path-scoped ones (by order).
    const kind = (f: FileState): number => {
      const scope = f.place.scope;
      return !scope || scope.kind === 'everywhere' ? 0 : scope.kind === 'folder' ? 1 : 2;
    };
    const depth = (f: FileState): number => {
      const scope = f.place.scope;
      return scope?.kind === 'folder' ? scope.folder.length : scope?.kind === 'paths' ? scope.order : 0;
    };
    const position = (uri: string, file: FileState): number => {
      const index = file.layer === 'settings' && kind(file) === 0 ? this.settingsOrder.indexOf(uri) : -1;
      return index < 0 ? Infinity : index;
    };
    return [...this.files].sort(
      ([a, fa], [b, fb]) =>
        rank[fa.layer] - rank[fb.layer] ||
        kind(fa) - kind(fb) ||
        depth(fa) - depth(fb) ||
        position(a, fa) - position(b, fb) ||
        (a < b ? -1 : a > b ? 1 : 0),
    );
  }
}

/** The files of `ordered` grouped by scope (merge order kept within each): everywhere first, then folders and path groups in order. */
function groupsOf(ordered: readonly [string, FileState][]): string[][] {
  const groups = new Map<string, string[]>();
  for (const [uri, f] of ordered) {
    const scope = f.place.scope ?? EVERYWHERE;
    const id = scope.kind === 'everywhere' ? '' : scope.kind === 'folder' ? `folder:${scope.folder}` : `paths:${scope.group}`;
    const list = groups.get(id);
    if (list) list.push(uri);
    else groups.set(id, [uri]);
  }
  const everywhere = groups.get('');
  groups.delete('');
  return everywhere ? [everywhere, ...groups.values()] : [...groups.values()];
}

function summary(uri: string, f: FileState): GlossaryFileSummary {
  const scope = f.place.scope;
  return {
    uri,
    layer: f.layer,
    concepts: f.good?.concepts.length ?? 0,
    errors: f.current.problems.filter((p) => p.severity === 'error').length,
    ...(scope && scope.kind !== 'everywhere' ? { scope: scope.kind } : {}),
    ...(f.place.package ? { package: f.place.package } : {}),
  };
}

function samePlace(a: GlossaryPlace, b: GlossaryPlace): boolean {
  return a === b || sameData(a, b);
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
