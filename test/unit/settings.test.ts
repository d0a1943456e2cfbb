import { describe, expect, test } from 'vitest';
import { resolveSettings } from '../../server/src/config/projectConfig';
import { defaultSeverities } from '../../server/src/core/features/diagnostics';
import { applySettings, defaultSettings, isEnabledFor, sanitizePartialSettings, sanitizeSettings } from '../../server/src/settings';

describe('sanitizePartialSettings', () => {
  test.each([
    ['not an object', 'x', {}],
    ['nothing set', {}, {}],
    [
      'every key, nested as VS Code sends them',
      {
        enable: false,
        languages: ['markdown'],
        glossaryFiles: ['g.glossary.yaml'],
        bundledGlossary: false,
        workspaceGlossaries: false,
        diagnostics: { severity: { 'term.variant': 'error' } },
        completion: { identifierStyle: 'snake_case' },
        knownAcronyms: ['CLOB'],
        ignore: ['vendor/'],
      },
      {
        enable: false,
        languages: ['markdown'],
        glossaryFiles: ['g.glossary.yaml'],
        bundledGlossary: false,
        workspaceGlossaries: false,
        severities: { 'term.variant': 'error' },
        identifierStyle: 'snake_case',
        knownAcronyms: ['CLOB'],
        ignore: ['vendor/'],
      },
    ],
    [
      'dotted keys',
      { 'diagnostics.severity': { 'term.deprecated': 'off' }, 'completion.identifierStyle': 'camelCase' },
      { severities: { 'term.deprecated': 'off' }, identifierStyle: 'camelCase' },
    ],
    [
      'malformed values are left out',
      {
        enable: 'yes',
        languages: 'markdown',
        diagnostics: { severity: { 'term.variant': 'loud', 'no.such': 'error' } },
        completion: { identifierStyle: 'Title' },
      },
      {},
    ],
    [
      'lists keep their valid items',
      { languages: ['markdown', 3, ' '], knownAcronyms: ['CLOB', 'clob', 'X'], ignore: [''] },
      { languages: ['markdown'], knownAcronyms: ['CLOB'], ignore: [] },
    ],
    ['inherited properties are not settings', Object.create({ enable: false }) as object, {}],
  ])('%s', (_name, raw, expected) => {
    expect(sanitizePartialSettings(raw)).toEqual(expected);
  });
});

describe('applySettings', () => {
  test('later layers win key by key; lists replace; severities merge per code', () => {
    const s = applySettings(
      defaultSettings,
      { languages: ['markdown', 'python'], knownAcronyms: ['A1'], severities: { 'term.variant': 'error', 'term.deprecated': 'off' } },
      { languages: ['python'], severities: { 'term.variant': 'hint' } },
    );
    expect(s).toEqual({
      ...defaultSettings,
      languages: ['python'],
      knownAcronyms: ['A1'],
      severities: { ...defaultSeverities, 'term.variant': 'hint', 'term.deprecated': 'off' },
    });
    expect(defaultSettings.severities).toEqual(defaultSeverities);
  });

  test('a key present with the value undefined sets nothing', () => {
    expect(applySettings(defaultSettings, { enable: undefined })).toEqual(defaultSettings);
  });
});

describe('sanitizeSettings', () => {
  test.each([
    undefined,
    null,
    {},
    { enable: false, diagnostics: { severity: { 'term.misspelled': 'error' } }, knownAcronyms: ['HFT'], ignore: ['dist/**'] },
    { languages: [], completion: { identifierStyle: 'kebab-case' } },
  ])('equals resolveSettings({ explicit }) for %j', (raw) => {
    expect(sanitizeSettings(raw)).toEqual(resolveSettings({ explicit: raw }));
  });

  test('defaults for anything missing; the new keys are read', () => {
    expect(sanitizeSettings(undefined)).toEqual(defaultSettings);
    expect(defaultSettings).toMatchObject({ knownAcronyms: [], ignore: [] });
    const s = sanitizeSettings({ knownAcronyms: ['HFT'], ignore: ['dist/**'], diagnostics: { severity: { 'term.misspelled': 'error' } } });
    expect(s).toMatchObject({ knownAcronyms: ['HFT'], ignore: ['dist/**'], enable: true });
    expect(s.severities).toEqual({ ...defaultSeverities, 'term.misspelled': 'error' });
  });

  test('isEnabledFor follows enable and languages', () => {
    expect(isEnabledFor(sanitizeSettings({ languages: ['markdown'] }), 'markdown')).toBe(true);
    expect(isEnabledFor(sanitizeSettings({ languages: ['markdown'] }), 'python')).toBe(false);
    expect(isEnabledFor(sanitizeSettings({ enable: false }), 'markdown')).toBe(false);
  });
});
