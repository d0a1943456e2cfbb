/**
 * Reading YAML and JSON files with every value's position, and locating JSON Schema violations:
 * the project layer's name for `glossary/sourceMap.ts`, which holds the code so that the core
 * (`glossary/load.ts`) does not import the project layer. Kept for `config/projectConfig.ts` and
 * other callers.
 */

export * from '../core/glossary/sourceMap';
