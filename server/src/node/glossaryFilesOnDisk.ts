/**
 * Glossary file discovery and the Restricted Mode checks of `project/glossaryFiles.ts` bound to the
 * disk: the same functions with Node's file system where the project layer takes one passed in.
 */

import * as glossaryFiles from '../project/glossaryFiles';
import { nodeFileSystem } from './nodeFs';

export { isPathInside } from '../project/glossaryFiles';

/** {@link glossaryFiles.RestrictedModeOptions} with the file system defaulting to the disk. */
export type DiskRestrictedModeOptions = Omit<glossaryFiles.RestrictedModeOptions, 'fs'> & Partial<Pick<glossaryFiles.RestrictedModeOptions, 'fs'>>;

const diskRealpath: glossaryFiles.Realpath = (p) => nodeFileSystem.realpath(p);

/** {@link glossaryFiles.realpathOf} on the disk. */
export function realpathOf(p: string, realpath: glossaryFiles.Realpath = diskRealpath): Promise<string | undefined> {
  return glossaryFiles.realpathOf(p, realpath);
}

/** {@link glossaryFiles.isReallyInside} on the disk. */
export function isReallyInside(p: string, roots: readonly string[], realpath: glossaryFiles.Realpath = diskRealpath): Promise<boolean> {
  return glossaryFiles.isReallyInside(p, roots, realpath);
}

/** {@link glossaryFiles.findWorkspaceGlossaryFiles} on the disk. */
export function findWorkspaceGlossaryFiles(root: string, options: DiskRestrictedModeOptions = {}): Promise<string[]> {
  return glossaryFiles.findWorkspaceGlossaryFiles(root, { fs: nodeFileSystem, ...options });
}

/** {@link glossaryFiles.expandGlossaryFileEntries} on the disk. */
export function expandGlossaryFileEntries(root: string, entries: readonly string[], options: DiskRestrictedModeOptions = {}): Promise<string[]> {
  return glossaryFiles.expandGlossaryFileEntries(root, entries, { fs: nodeFileSystem, ...options });
}
