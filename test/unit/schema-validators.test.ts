import Ajv, { type ErrorObject } from 'ajv';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import configSchema from '../../glossary/termlens.config.schema.json';
import glossarySchema from '../../glossary/termlens.glossary.schema.json';
import { generate, generatedPath } from '../../scripts/schemaValidators.mjs';
import { validateConfigFile, validateGlossaryFile } from '../../server/src/core/glossary/schemaValidators.generated';
import type { CompiledValidator } from '../../server/src/core/glossary/sourceMap';

/** The validator as it was compiled at run time before the ahead-of-time one. */
function compiledAtRunTime(schema: object): CompiledValidator {
  const ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true });
  ajv.addVocabulary(['markdownDescription', 'errorMessage', 'patternErrorMessage', 'propertyNoun']);
  return ajv.compile(schema);
}

/** What a validator says about `data`, in the parts `schemaProblem` reads. */
function verdict(validate: CompiledValidator, data: unknown): { valid: boolean; errors: Partial<ErrorObject>[] } {
  const valid = validate(data);
  const errors = (validate.errors ?? []).map(({ instancePath, schemaPath, keyword, params, message, data: value }) => ({
    instancePath,
    schemaPath,
    keyword,
    params,
    message,
    data: value,
  }));
  return { valid, errors: valid ? [] : errors };
}

const glossaries: Array<[string, unknown]> = [
  ['the bundled glossary', JSON.parse(readFileSync('glossary/bundled.glossary.json', 'utf8'))],
  ['a core glossary file', parseYaml(readFileSync('glossary/core/options-risk-quant.yaml', 'utf8'))],
  ['no concepts key', { terms: [] }],
  ['a concept without a term', { concepts: [{ definition: 'no term' }] }],
  ['wrong types everywhere', { concepts: [{ term: 3, aliases: 'x', status: 'nope', related: [{}], facets: 7 }] }],
  ['an empty term and an astral-plane alias', { concepts: [{ term: '', aliases: ['\u{1D70E} vol'] }] }],
  ['an unknown top-level key', { concepts: [], extra: true, 'x-anchors': [1] }],
  ['not an object', ['concepts']],
];

const configs: Array<[string, unknown]> = [
  ['the repository config', parseYaml(readFileSync('termlens.config.yaml', 'utf8'))],
  ['empty', {}],
  ['unknown rule and bad severity', { rules: { 'term.nope': 'loud' }, ignore: 'docs/**' }],
  ['wrong types', { glossaries: 5, bundledGlossary: 'yes', knownAcronyms: [1, 2] }],
];

describe('the schema validators compiled ahead of time', () => {
  test('the generated module is what the schemas give (run node scripts/schemaValidators.mjs)', () => {
    expect(readFileSync(generatedPath, 'utf8')).toBe(generate());
  });

  test.each(glossaries)('glossary: %s gets the verdict and errors of the run-time compiled schema', (_name, data) => {
    expect(verdict(validateGlossaryFile, data)).toEqual(verdict(compiledAtRunTime(glossarySchema), data));
  });

  test.each(configs)('config: %s gets the verdict and errors of the run-time compiled schema', (_name, data) => {
    expect(verdict(validateConfigFile, data)).toEqual(verdict(compiledAtRunTime(configSchema), data));
  });

  test('invalid data is reported as invalid', () => {
    expect(validateGlossaryFile({ concepts: [{ definition: 'no term' }] })).toBe(false);
    expect(validateConfigFile({ bundledGlossary: 'yes' })).toBe(false);
    expect(validateGlossaryFile({ concepts: [{ term: 'Heston Model' }] })).toBe(true);
  });
});
