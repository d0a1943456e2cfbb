/** Types of `bundleCore.mjs`: the core bundled with esbuild for the in-process benchmarks. */

import type { Plugin } from 'esbuild';

/** What {@link bundleCore} bundles, and where. */
export interface BundleCoreOptions {
  /** The lines of the entry module, resolved from the repository, e.g. `export { createTermService } from './server/src/core/service';`. */
  readonly entry: readonly string[];
  /**
   * A folder whose files (same relative paths, e.g. `DIR/server/src/core/features/fuzzy.ts`) replace the tree's
   * TypeScript files, to measure a second build of the core. Default: none, the tree as it is.
   */
  readonly replaceRoot?: string;
  /** More esbuild plugins, e.g. to wrap a dependency. Default: none. */
  readonly plugins?: readonly Plugin[];
  /** Writes the bundle into this folder and keeps it (to read a `node --cpu-prof` profile by). Default: a temporary folder, removed once imported. */
  readonly keepDir?: string;
  /** The bundle's file name, e.g. to keep two builds in one `keepDir`. Default: `core.mjs`. */
  readonly fileName?: string;
}

/** Bundles `entry` (an ES module for Node 20, with the server build's module resolution) into a file and imports it. */
export function bundleCore(options: BundleCoreOptions): Promise<unknown>;
