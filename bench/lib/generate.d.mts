/** Types of `generate.mjs`: deterministic benchmark glossaries, notes, code files and the data set. */

/** A form with a reason, as the glossary format writes deprecated forms. */
export interface GeneratedDeprecated {
  readonly form: string;
  readonly reason: string;
}

/** A concept of a generated glossary, in the termlens glossary file format. */
export interface GeneratedConcept {
  readonly term: string;
  readonly aliases?: readonly string[];
  readonly abbreviations?: readonly string[];
  readonly deprecated?: readonly GeneratedDeprecated[];
  readonly definitions: ReadonlyArray<{ readonly text: string; readonly area?: string }>;
  readonly areas?: readonly string[];
}

/** A generated glossary file (`*.glossary.json`). */
export interface GlossaryFile {
  readonly version: 1;
  readonly name: string;
  readonly concepts: readonly GeneratedConcept[];
}

/** Injected mistakes of one glossary, per kind, and the correct term uses. */
export interface Injected {
  misspelled: number;
  deprecated: number;
  caseVariant: number;
  terms: number;
}

/** A generated note or code file and its injected mistakes per glossary name (`main` for one glossary). */
export interface Generated {
  readonly text: string;
  readonly injected: Record<string, Injected>;
}

/** A prepared corpus. */
export interface CorpusInfo {
  readonly path: string;
  readonly files: number;
  readonly bytes: number;
  readonly injected: Record<string, Injected>;
}

/** What `prepareData` wrote. */
export interface BenchData {
  readonly glossaries: { readonly bundled: string; readonly g10k: string; readonly g100k: string };
  readonly corpora: Record<string, CorpusInfo>;
}

export const GENERATOR_VERSION: number;
export function mulberry32(seed: number): () => number;
export function formKey(text: string): string;
export function generateGlossary(count: number, seed: number, options?: { reserved?: Iterable<string>; name?: string }): GlossaryFile;
export function generateNote(targetBytes: number, glossary: GlossaryFile | Record<string, GlossaryFile>, seed: number): Generated;
export function generateCodeFile(lang: 'python' | 'typescript', glossary: GlossaryFile | Record<string, GlossaryFile>, seed: number): Generated;
export function prepareData(dir: string, options?: { log?: (line: string) => void }): Promise<BenchData>;
