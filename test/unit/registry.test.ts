/**
 * The rule registry (`server/src/core/features/rules.ts`) and the language table
 * (`server/src/shared/languages.ts`) are the one source of rule codes and languages. Everything
 * that has to list them again — package.json `contributes` and `activationEvents`, the project
 * config schema, the README's table of diagnostic codes, the client's document selector, the code
 * lexer, `settings.ts` — is checked here against them. Each failure says what to change and to what.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultSeverities, diagnosticCodeDocs, diagnosticCodes, rules, severityNames, type RuleInfo } from '../../server/src/core/features/rules';
import { defaultLanguages, defaultSettings, severityNames as settingsSeverityNames } from '../../server/src/settings';
import { defaultLanguageIds, languageIdsOfKind, languageTable } from '../../server/src/shared/languages';
import { supportedCodeLanguages } from '../../server/src/core/text/code/lexer';
import { canonicalLanguageId, languageIdForPath, NOTEBOOK_LANGUAGE_ID } from '../../server/src/core/text/fileTypes';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');
const RULES_TS = 'server/src/core/features/rules.ts';
const LANGUAGES_TS = 'server/src/shared/languages.ts';

/** A registry doc as Markdown: its "quotes" become `code`. */
function markdownDoc(rule: RuleInfo): string {
  return rule.doc.replace(/"([^"]+)"/g, '`$1`');
}

/** What package.json says of a rule in the settings UI. */
function settingDescription(rule: RuleInfo): string {
  return markdownDoc(rule) + (rule.scope === 'notes' ? ' Markdown and plain text only.' : '');
}

/** What the config schema says of a rule. */
function schemaDescription(rule: RuleInfo): string {
  return `${rule.doc} Default ${rule.defaultSeverity}.`;
}

const show = (value: unknown): string => JSON.stringify(value);

interface Property {
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly default?: unknown;
  readonly markdownDescription?: string;
  readonly description?: string;
  readonly $ref?: string;
  readonly properties?: Record<string, Property>;
  readonly additionalProperties?: boolean;
}

const pkg = JSON.parse(read('package.json')) as {
  activationEvents: string[];
  contributes: { configuration: { properties: Record<string, Property> } };
};
const settingsProps = pkg.contributes.configuration.properties;

describe('the rule registry', () => {
  test('derives the exported code lists, docs and default severities', () => {
    expect(diagnosticCodes).toEqual(rules.map((r) => r.code));
    expect(new Set(diagnosticCodes).size, `${RULES_TS}: two rules have the same code`).toBe(diagnosticCodes.length);
    for (const r of rules) {
      expect(r.code, `${RULES_TS}: a code is lower-case words joined by dots and hyphens`).toMatch(/^[a-z]+(?:-[a-z]+)*(?:\.[a-z]+(?:-[a-z]+)*)+$/);
      expect(r.doc, `${RULES_TS}: the doc of ${r.code} is one line ending in a full stop`).toMatch(/^[^\n]+\.$/);
      expect(diagnosticCodeDocs[r.code]).toBe(r.doc);
      expect(defaultSeverities[r.code]).toBe(r.defaultSeverity);
    }
    expect(defaultSettings.severities, 'settings.ts: the default severities must be defaultSeverities of the registry').toEqual(defaultSeverities);
    expect(settingsSeverityNames, `settings.ts: severityNames must equal severityNames of ${RULES_TS} (import it from there)`).toEqual(severityNames);
  });

  test('package.json termlens.diagnostics.severity lists every rule as the registry describes it', () => {
    const key = 'termlens.diagnostics.severity';
    const setting = settingsProps[key];
    expect(setting, `package.json: contributes.configuration.properties must have "${key}"`).toBeDefined();
    const props = setting!.properties ?? {};
    expect(Object.keys(props), `package.json "${key}".properties: list exactly the codes of ${RULES_TS}, in its order`).toEqual(diagnosticCodes);
    expect(setting!.additionalProperties, `package.json "${key}": set "additionalProperties": false`).toBe(false);
    expect(setting!.default, `package.json "${key}".default: set it to ${show(defaultSeverities)} (the registry's default severities)`).toEqual(
      defaultSeverities,
    );
    for (const r of rules) {
      const p = props[r.code];
      const at = `package.json "${key}".properties["${r.code}"]`;
      expect(p?.enum, `${at}.enum: set it to ${show(severityNames)}`).toEqual(severityNames);
      expect(p?.default, `${at}.default: set it to ${show(r.defaultSeverity)} (defaultSeverity in ${RULES_TS}), or change the registry`).toBe(
        r.defaultSeverity,
      );
      expect(
        p?.markdownDescription,
        `${at}.markdownDescription must be the rule's doc in ${RULES_TS} in Markdown (+ " Markdown and plain text only." for rules of notes): set it to ${show(settingDescription(r))}`,
      ).toBe(settingDescription(r));
    }
  });

  test('the config schema (glossary/termlens.config.schema.json) lists every rule as the registry describes it', () => {
    const schema = JSON.parse(read('glossary/termlens.config.schema.json')) as { definitions: Record<string, Property> };
    const props = schema.definitions.rules?.properties ?? {};
    const at = 'glossary/termlens.config.schema.json definitions.rules.properties';
    expect(Object.keys(props), `${at}: list exactly the codes of ${RULES_TS}, in its order`).toEqual(diagnosticCodes);
    expect(schema.definitions.severity?.enum, `glossary/termlens.config.schema.json definitions.severity.enum: set it to ${show(severityNames)}`).toEqual(
      severityNames,
    );
    for (const r of rules) {
      expect(props[r.code]?.$ref, `${at}["${r.code}"].$ref: set it to "#/definitions/severity"`).toBe('#/definitions/severity');
      expect(
        props[r.code]?.description,
        `${at}["${r.code}"].description must be the rule's doc in ${RULES_TS} and its default: set it to ${show(schemaDescription(r))}`,
      ).toBe(schemaDescription(r));
    }
  });

  test("the README's table of diagnostic codes describes every rule as the registry does", () => {
    const readme = read('README.md');
    const section = /^## Diagnostic codes\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
    expect(section, 'README.md: keep the "## Diagnostic codes" section').toBeDefined();
    const rows = [...section!.matchAll(/^\| `([^`]+)` \| (.*) \|$/gm)].map((m) => ({ code: m[1]!, meaning: m[2]! }));
    const ruleRows = rows.filter((row) => (diagnosticCodes as readonly string[]).includes(row.code));
    expect(
      ruleRows.map((row) => row.code),
      `README.md "## Diagnostic codes": have one row per code of ${RULES_TS}, in its order, first`,
    ).toEqual(diagnosticCodes);
    expect(
      rows.slice(0, diagnosticCodes.length).map((row) => row.code),
      `README.md "## Diagnostic codes": the rules' rows come first, in the order of ${RULES_TS}`,
    ).toEqual(diagnosticCodes);
    for (const row of rows) {
      if ((diagnosticCodes as readonly string[]).includes(row.code)) continue;
      expect(
        row.code,
        `README.md lists \`${row.code}\`, which is not a rule of ${RULES_TS}: add the rule to the registry, or remove the row (only glossary.*, config.* and document.* problem codes are listed besides the rules)`,
      ).toMatch(/^(?:glossary|config|document)\./);
    }
    for (const r of rules) {
      const row = ruleRows.find((x) => x.code === r.code)!;
      expect(
        row.meaning,
        `README.md row \`${r.code}\` must be the rule's doc in ${RULES_TS} in Markdown: set it to | \`${r.code}\` | ${markdownDoc(r)} |`,
      ).toBe(markdownDoc(r));
    }
  });
});

describe('the language table', () => {
  test('has each ID, extension and alias once, and is what the language helpers answer', () => {
    const ids = languageTable.map((l) => l.id);
    expect(new Set(ids).size, `${LANGUAGES_TS}: a language ID is listed twice`).toBe(ids.length);
    const extensions = languageTable.flatMap((l) => l.extensions);
    expect(new Set(extensions).size, `${LANGUAGES_TS}: a file extension belongs to two languages`).toBe(extensions.length);
    for (const l of languageTable) {
      for (const ext of l.extensions) expect(languageIdForPath(`a/b.${ext}`), `the extension .${ext}`).toBe(l.id);
      for (const alias of l.aliases) expect(canonicalLanguageId(alias), `the alias ${alias}`).toBe(l.id);
    }
    expect(languageIdsOfKind('notebook'), `${LANGUAGES_TS}: the one notebook language is NOTEBOOK_LANGUAGE_ID of text/fileTypes.ts`).toEqual([
      NOTEBOOK_LANGUAGE_ID,
    ]);
    expect(defaultLanguageIds).toEqual(languageTable.filter((l) => l.enabledByDefault).map((l) => l.id));
  });

  test('lists exactly the languages the code lexer reads as code', () => {
    expect(
      [...languageIdsOfKind('code')].sort(),
      `the languages of kind "code" in ${LANGUAGES_TS} must be the languageIds of the families in server/src/core/text/code/languages.ts: add the missing ones to the table or to a family`,
    ).toEqual([...supportedCodeLanguages].sort());
  });

  test('is the default of termlens.languages in settings.ts', () => {
    expect(
      defaultLanguages,
      `server/src/settings.ts defaultLanguages must be the languages enabled by default in ${LANGUAGES_TS} (best: export const defaultLanguages = defaultLanguageIds)`,
    ).toEqual(defaultLanguageIds);
  });

  test('is the default and the documented list of termlens.languages in package.json', () => {
    const setting = settingsProps['termlens.languages'];
    expect(
      setting?.default,
      `package.json "termlens.languages".default: set it to ${show(defaultLanguageIds)} (the languages enabled by default in ${LANGUAGES_TS})`,
    ).toEqual(defaultLanguageIds);
    const listed = [...(setting?.markdownDescription ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    expect(
      listed,
      `package.json "termlens.languages".markdownDescription must name the languages enabled by default in ${LANGUAGES_TS}: ${defaultLanguageIds.map((id) => `\`${id}\``).join(', ')}`,
    ).toEqual(defaultLanguageIds);
  });

  test('is what package.json activationEvents activate on', () => {
    const onLanguage = pkg.activationEvents.filter((e) => e.startsWith('onLanguage:'));
    const expected = defaultLanguageIds.map((id) => `onLanguage:${id}`);
    expect(
      onLanguage,
      `package.json activationEvents: the onLanguage entries must be ${show(expected)} (the languages enabled by default in ${LANGUAGES_TS})`,
    ).toEqual(expected);
  });

  test("is the client's document selector, from a data-only module", () => {
    const client = read('client/src/extension.ts');
    expect(client, `client/src/extension.ts: build the document selector from defaultLanguageIds of ${LANGUAGES_TS}`).toMatch(
      /import \{[^}]*\bdefaultLanguageIds\b[^}]*\} from '\.\.\/\.\.\/server\/src\/shared\/languages';/,
    );
    expect(client).toMatch(/\.\.\.defaultLanguageIds\.flatMap\(/);
    const literals = [...client.matchAll(/\{[^{}]*\blanguage: '([^']+)'[^{}]*\}/g)].filter((m) => !m[0].includes("'vscode-notebook-cell'"));
    expect(
      literals.map((m) => m[0]),
      `client/src/extension.ts: do not list languages by hand; take them from ${LANGUAGES_TS}`,
    ).toEqual([]);
    expect(
      client,
      'client/src/extension.ts: do not import server/src/settings.ts (it pulls the diagnostics into the client); import the language table',
    ).not.toMatch(/from '\.\.\/\.\.\/server\/src\/settings'/);
    expect(read(LANGUAGES_TS), `${LANGUAGES_TS} is imported by the client: keep it data only, without imports`).not.toMatch(/^\s*import\b/m);
  });
});
