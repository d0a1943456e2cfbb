/**
 * Rename of a glossary concept in documents: each use of the preferred term rewritten in its own
 * case pattern (prose, comments, strings) or naming style (identifiers), plurals and possessives
 * kept, other forms left alone; where a rename may start (`|` cursors) and which new terms are
 * refused.
 */

import { describe, expect, it } from 'vitest';
import {
  applyOffsetEdits,
  casePattern,
  checkNewTerm,
  pluralOf,
  renameEditsIn,
  renameTargetAt,
  renameTargetAtEntry,
  type EditableCheck,
} from '../../server/src/core/features/rename';
import { glossaryOutline } from '../../server/src/core/features/symbols';
import { parseGlossaryText } from '../../server/src/core/glossary/load';
import { CompiledGlossary } from '../../server/src/core/glossary/compiled';
import { cursor, dictionary, parse } from './helpers';

const GLOSSARY_URI = 'file:///ws/terms.glossary.yaml';
const GLOSSARY = `concepts:
  - term: Heston Model
    abbreviations: [HM]
    definitions: [A stochastic volatility model.]
  - term: implied volatility
    aliases: [implied vol]
  - term: SABR Model
  - term: local volatility
  - term: Vanna
`;

const glossary = (() => {
  const result = parseGlossaryText(GLOSSARY, GLOSSARY_URI);
  if (result.problems.length > 0) throw new Error(result.problems[0]!.message);
  return new CompiledGlossary(result.concepts, dictionary);
})();

const conceptOf = (term: string): number => glossary.indexOfId(glossary.lookup(term)!.id)!;
const everywhere: EditableCheck = () => true;

/** The document after renaming the concept of `term` to `newTerm` in it. */
function renamed(text: string, languageId: string, term: string, newTerm: string): string {
  const doc = parse(text, languageId, glossary);
  return applyOffsetEdits(text, renameEditsIn(doc, conceptOf(term), newTerm));
}

describe('rename in prose keeps the case pattern of each use', () => {
  const heston = (text: string, expected: string): [string, string, string, string] => [text, 'Heston Model', 'Rough Heston Model', expected];
  const iv = (text: string, expected: string): [string, string, string, string] => [text, 'implied volatility', 'realized volatility', expected];
  it.each<[string, string, string, string]>([
    heston('The Heston Model is popular.', 'The Rough Heston Model is popular.'),
    heston('we use the Heston model here', 'we use the rough Heston model here'),
    heston('Heston model calibration is slow.', 'Rough Heston model calibration is slow.'),
    heston('It fits. Heston models are common.', 'It fits. Rough Heston models are common.'),
    heston('THE HESTON MODEL WINS', 'THE ROUGH HESTON MODEL WINS'),
    heston("the Heston Model's parameters", "the Rough Heston Model's parameters"),
    heston('- Heston model for equities', '- Rough Heston model for equities'),
    heston('we saw the\nHeston model wrap', 'we saw the\nrough Heston model wrap'),
    iv('Implied volatility rises.', 'Realized volatility rises.'),
    iv('the implied volatilities fell', 'the realized volatilities fell'),
    iv('# Implied Volatility Smiles', '# Realized Volatility Smiles'),
    iv('IMPLIED VOLATILITY', 'REALIZED VOLATILITY'),
    ['the SABR Model fits', 'SABR Model', 'SABR Volatility Model', 'the SABR Volatility Model fits'],
    ['the sabr model fits', 'SABR Model', 'SABR Volatility Model', 'the SABR volatility model fits'],
  ])('%j: %s → %s', (text, term, newTerm, expected) => {
    expect(renamed(text, 'markdown', term, newTerm)).toBe(expected);
  });

  it('leaves the other forms of the concept alone (abbreviations stay its forms)', () => {
    expect(renamed('The Heston Model (HM) and HM again.', 'markdown', 'Heston Model', 'Rough Heston Model')).toBe('The Rough Heston Model (HM) and HM again.');
  });

  it('rewrites comments and strings in code as prose', () => {
    expect(renamed('# the Heston model\nx = "Heston Model"\n', 'python', 'Heston Model', 'Rough Heston Model')).toBe(
      '# the rough Heston model\nx = "Rough Heston Model"\n',
    );
  });
});

describe('rename in identifiers keeps their naming style', () => {
  it.each<[string, string, string]>([
    ['python', 'heston_model = 1', 'rough_heston_model = 1'],
    ['python', 'calibrate_heston_model()', 'calibrate_rough_heston_model()'],
    ['python', 'HESTON_MODEL = 2', 'ROUGH_HESTON_MODEL = 2'],
    ['python', 'heston_models = []', 'rough_heston_models = []'],
    ['typescript', 'const hestonModel = 1;', 'const roughHestonModel = 1;'],
    ['typescript', 'class HestonModel {}', 'class RoughHestonModel {}'],
    ['typescript', 'calibrateHestonModel();', 'calibrateRoughHestonModel();'],
    ['typescript', 'const HESTON_MODEL = 1;', 'const ROUGH_HESTON_MODEL = 1;'],
    ['typescript', 'calibrate_HestonModel();', 'calibrate_RoughHestonModel();'],
  ])('%s: %s', (languageId, text, expected) => {
    expect(renamed(text, languageId, 'Heston Model', 'Rough Heston Model')).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['python', 'vanna = 1', 'vanna_volga = 1'],
    ['typescript', 'const vanna = 1;', 'const vannaVolga = 1;'],
    ['typescript', 'calibrateVanna();', 'calibrateVannaVolga();'],
    ['python', 'VANNA = 1', 'VANNA_VOLGA = 1'],
  ])("%s: a one-word use %s takes the identifier's style, else the language default", (languageId, text, expected) => {
    expect(renamed(text, languageId, 'Vanna', 'Vanna Volga')).toBe(expected);
  });
});

describe('case patterns', () => {
  it.each<[string[], string[], boolean[], string]>([
    [['Heston', 'Model'], ['Heston', 'Model'], [true, false], 'as-written'],
    [['heston', 'model'], ['Heston', 'Model'], [true, false], 'lower'],
    [['Implied', 'volatility'], ['implied', 'volatility'], [false, false], 'as-written+cap'],
    [['Implied', 'Volatility'], ['implied', 'volatility'], [false, false], 'title'],
    [['IMPLIED', 'VOLATILITY'], ['implied', 'volatility'], [false, false], 'upper'],
    [['SABR'], ['SABR'], [true], 'as-written'],
    [['iMpLiEd', 'vOl'], ['implied', 'vol'], [false, false], 'as-written'],
  ])('%j written for %j', (surface, form, proper, expected) => {
    const p = casePattern(surface, form, proper);
    expect(p.words + (p.initialCapital ? '+cap' : '')).toBe(expected);
  });

  it.each([
    ['model', 'models'],
    ['volatility', 'volatilities'],
    ['index', 'indexes'],
    ['ETF', 'ETFs'],
    ['day', 'days'],
  ])('plural of %s is %s', (word, plural) => {
    expect(pluralOf(word)).toBe(plural);
  });
});

describe('where a rename may start', () => {
  const bundledOnly: EditableCheck = () => ({ reason: 'the bundled glossary' });

  it('starts on a term, offering its preferred term over the use', () => {
    const { text, offset } = cursor('We calibrate the hes|ton model daily.');
    const target = renameTargetAt(parse(text, 'markdown', glossary), offset, everywhere);
    expect(target).toEqual({ concept: conceptOf('Heston Model'), start: text.indexOf('heston'), end: text.indexOf(' daily'), placeholder: 'Heston Model' });
  });

  it('starts on an abbreviation too: the preferred term is what is renamed', () => {
    const { text, offset } = cursor('We use H|M.');
    expect(renameTargetAt(parse(text, 'markdown', glossary), offset, everywhere)).toMatchObject({ placeholder: 'Heston Model' });
  });

  it.each([
    ['not on a term', 'Plain wo|rds only.', everywhere, /put the cursor on a term/],
    ['on a concept no workspace glossary file defines', 'The Heston M|odel.', bundledOnly, /defined in the bundled glossary, not in a workspace glossary file/],
  ])('refuses %s', (_what, withCursor, editable, message) => {
    const { text, offset } = cursor(withCursor);
    const target = renameTargetAt(parse(text, 'markdown', glossary), offset, editable);
    expect('error' in target && target.error).toMatch(message);
  });

  it('starts on a glossary entry in its file, over the entry term', () => {
    const offset = GLOSSARY.indexOf('definitions: [A stochastic');
    const target = renameTargetAtEntry(glossary, GLOSSARY_URI, glossaryOutline(GLOSSARY, GLOSSARY_URI), offset, everywhere);
    const start = GLOSSARY.indexOf('Heston Model');
    expect(target).toEqual({ concept: conceptOf('Heston Model'), start, end: start + 'Heston Model'.length, placeholder: 'Heston Model' });
  });

  it('refuses outside every entry of a glossary file', () => {
    const target = renameTargetAtEntry(glossary, GLOSSARY_URI, glossaryOutline(GLOSSARY, GLOSSARY_URI), 2, everywhere);
    expect('error' in target).toBe(true);
  });
});

describe('which new terms are accepted', () => {
  const heston = conceptOf('Heston Model');
  it.each([
    ['', /cannot be empty/],
    ['   ', /cannot be empty/],
    ['Heston Model', /already the preferred term/],
    ['SABR Model', /already a form of “SABR Model”/],
    ['implied vol', /already a form of “implied volatility”/],
    ['Rough\nHeston', /one line/],
    ['Rough\u200bHeston', /invisible/],
    ['!!!', /at least one letter or digit/],
    ['x'.repeat(201), /at most 200 characters/],
  ])('refuses %j', (name, message) => {
    const checked = checkNewTerm(glossary, heston, name);
    expect('error' in checked && checked.error).toMatch(message);
  });

  it('accepts a free term, trimmed, and a new case of its own term', () => {
    expect(checkNewTerm(glossary, heston, '  Rough Heston Model ')).toEqual({ term: 'Rough Heston Model' });
    expect(checkNewTerm(glossary, heston, 'Heston model')).toEqual({ term: 'Heston model' });
  });
});
