/**
 * Completion of the word being typed inside a compound identifier (`calibrate_hes|` →
 * `calibrate_heston_model`), on the bundled glossary, with `|` cursors; each case applies the
 * item's edit (its text over its offsets) to the document and checks the identifier it yields.
 */

import { describe, expect, it } from 'vitest';
import { computeCompletions, type CompletionOptions, type TermCompletionItem } from '../../server/src/core/features/completion';
import { continueIdentifier, type IdentifierStyle } from '../../server/src/core/text/identifiers';
import { cursor, parse } from './helpers';

interface Completed {
  readonly text: string;
  readonly offset: number;
  readonly items: TermCompletionItem[];
  /** The document after applying an item's edit. */
  apply(item: TermCompletionItem): string;
}

function complete(textWithCursor: string, languageId: string, options: CompletionOptions = { invoked: true }): Completed {
  const { text, offset } = cursor(textWithCursor);
  const { items } = computeCompletions(parse(text, languageId), offset, options);
  return {
    text,
    offset,
    items,
    apply(item) {
      return text.slice(0, item.start) + item.insertText + text.slice(item.end);
    },
  };
}

/** The documents every item yields, in rank order. */
function documentsAfter(textWithCursor: string, languageId: string): string[] {
  const c = complete(textWithCursor, languageId);
  return c.items.map((i) => c.apply(i));
}

describe('completion of the word being typed in an identifier', () => {
  it.each<[string, string, string]>([
    // Python
    ['python', 'def calibrate_hes|', 'def calibrate_heston_model'],
    ['python', 'x = heston_mo|', 'x = heston_model'],
    ['python', 'x = risk.heston_mo|', 'x = risk.heston_model'],
    ['python', 'x = calibrate_bsm|', 'x = calibrate_black_scholes_merton_model'],
    ['python', 'x = model2_hes|', 'x = model2_heston_model'],
    ['python', 'x = v2_black_sch|', 'x = v2_black_scholes_merton_model'],
    ['python', 'x = _calibrate_hes|', 'x = _calibrate_heston_model'],
    ['python', 'x = calibrateHes|', 'x = calibrateHestonModel'],
    // TypeScript
    ['typescript', 'const p = priceBlackSch|', 'const p = priceBlackScholesMertonModel'],
    ['typescript', 'const p = PriceBlackSch|', 'const p = PriceBlackScholesMertonModel'],
    ['typescript', 'const H = HESTON_MO|', 'const H = HESTON_MODEL'],
    ['typescript', 'const H = CALIBRATED_HESTON_MO|', 'const H = CALIBRATED_HESTON_MODEL'],
    ['typescript', 'const p = priceBSM|', 'const p = priceBlackScholesMertonModel'],
    ['typescript', 'const h = hestonMo|', 'const h = hestonModel'],
    ['typescript', 'const h = this.hestonMo|', 'const h = this.hestonModel'],
    // Go, Rust, SQL
    ['go', 'func priceHes|', 'func priceHestonModel'],
    ['go', 'var x = CalibrateHes|', 'var x = CalibrateHestonModel'],
    ['rust', 'fn calibrate_hes|', 'fn calibrate_heston_model'],
    ['rust', 'const RISK_HES|', 'const RISK_HESTON_MODEL'],
    ['sql', 'SELECT calibrate_hes|', 'SELECT calibrate_heston_model'],
  ])('%s %j', (languageId, typed, expected) => {
    expect(documentsAfter(typed, languageId)).toContain(expected);
  });

  it.each<[string, string, string]>([
    ['python', 'def calibrate_hes|', 'def calibrate_heston_model'],
    ['typescript', 'priceBlackSch|', 'priceBlackScholesMertonModel'],
    ['typescript', 'HESTON_MO|', 'HESTON_MODEL'],
    ['python', 'heston_mo|', 'heston_model'],
  ])('offers the expected identifier first (%s %j)', (languageId, typed, expected) => {
    expect(documentsAfter(typed, languageId)[0]).toBe(expected);
  });

  it('replaces the typed identifier up to the cursor, filtered by what was typed, labelled by what is inserted', () => {
    const c = complete('def calibrate_hes|', 'python');
    const item = c.items[0]!;
    expect(item.label).toBe('calibrate_heston_model');
    expect(item.insertText).toBe('calibrate_heston_model');
    expect(item.filterText).toBe('calibrate_hes');
    expect(item.shownAfter).toBe('Heston Model');
    expect(item.start).toBe('def '.length);
    expect(item.end).toBe('def calibrate_hes'.length);
    // Every item replaces the same range with the same filter text, as editors expect.
    for (const other of c.items) {
      expect(other.filterText).toBe(c.text.slice('def '.length, c.offset));
      expect([other.start, other.end]).toEqual([item.start, item.end]);
    }
  });

  it('touches only the identifier region after a member access', () => {
    const c = complete('y = risk.heston_mo|', 'python');
    expect(c.items[0]!.start).toBe('y = risk.'.length);
    expect(c.items[0]!.filterText).toBe('heston_mo');
  });

  it('keeps a prefix that is itself a glossary word, and prefers matches of more typed words', () => {
    // "model" starts glossary terms, but "model hes" starts none: Heston Model follows the prefix.
    expect(documentsAfter('x = model_hes|', 'python')).toEqual(['x = model_heston_model']);
    // "heston model cal" starts no term; "model cal" does (Model Calibration), then "cal" alone.
    const after = documentsAfter('x = heston_model_cal|', 'python');
    expect(after[0]).toBe('x = heston_model_calibration');
    expect(after).toContain('x = heston_model_calibration_challenges');
    expect(after.indexOf('x = heston_model_calibration')).toBeLessThan(after.indexOf('x = heston_model_calibration_challenges'));
  });

  it('ranks the whole identifier matching a term above a match of its last word only', () => {
    // Risk Model Calibration (all three words) before Model Calibration after `risk_` (two words),
    // and the same identifier is offered once.
    const after = documentsAfter('x = risk_model_cal|', 'python');
    expect(after[0]).toBe('x = risk_model_calibration');
    expect(after.filter((d) => d === 'x = risk_model_calibration')).toHaveLength(1);
    const c = complete('x = risk_model_cal|', 'python');
    expect(c.items[0]!.shownAfter).toBe('Risk Model Calibration');
  });

  it('completes from the text before a cursor in the middle of an identifier, leaving the rest', () => {
    const c = complete('x = calibrate_hes|ton_mdl', 'python');
    expect(c.items[0]!.filterText).toBe('calibrate_hes');
    expect(c.apply(c.items[0]!)).toBe('x = calibrate_heston_modelton_mdl');
    const camel = complete('const p = priceBlack|ScholesX', 'typescript');
    expect(camel.items.map((i) => camel.apply(i))).toContain('const p = priceBlackScholesMertonModelScholesX');
  });

  it('does not complete a one-letter last word on its own', () => {
    expect(documentsAfter('x = calibrate_h|', 'python')).toEqual([]);
    expect(documentsAfter('const p = zorblB|', 'typescript')).toEqual([]);
    expect(documentsAfter('fn price_x_h|', 'rust')).toEqual([]);
    // With the word before it, it is a query of two words (Model Calibration).
    expect(documentsAfter('x = heston_model_c|', 'python')).toContain('x = heston_model_calibration');
  });

  it('keeps the guard on very long identifiers, and stays quick just under it', () => {
    const long = `${'ab_'.repeat(90)}hes`;
    expect(long.length).toBeGreaterThan(256);
    expect(documentsAfter(`x = ${long}|`, 'python')).toEqual([]);
    const justUnder = `${'ab_'.repeat(80)}hes`;
    expect(justUnder.length).toBeLessThanOrEqual(256);
    const started = performance.now();
    expect(documentsAfter(`x = ${justUnder}|`, 'python')).toEqual([`x = ${'ab_'.repeat(80)}heston_model`]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('offers nothing for identifiers with no matching words, and does not crash on odd ones', () => {
    expect(documentsAfter('x = foo_qux|', 'python')).toEqual([]);
    expect(documentsAfter('x = __|', 'python')).toEqual([]);
    expect(documentsAfter('x = model_2|', 'python')).toEqual([]);
    expect(() => documentsAfter('x = a_b_c_d_e_f_g_h_i_j_k_l_m_n_o_p|', 'python')).not.toThrow();
    expect(() => documentsAfter('const x = précisionHes|', 'typescript')).not.toThrow();
    expect(documentsAfter('const x = précisionHes|', 'typescript')).toContain('const x = précisionHestonModel');
  });

  it('follows a configured identifier style', () => {
    const c = complete('x = calibrate_hes|', 'python', { invoked: true, identifierStyle: 'SCREAMING_SNAKE_CASE' });
    expect(c.apply(c.items[0]!)).toBe('x = calibrate_HESTON_MODEL');
  });
});

describe('continueIdentifier', () => {
  const words = ['Black', 'Scholes', 'Merton', 'Model'];
  it.each<[string, IdentifierStyle, string]>([
    ['', 'camelCase', 'blackScholesMertonModel'],
    ['price', 'camelCase', 'priceBlackScholesMertonModel'],
    ['Price', 'PascalCase', 'PriceBlackScholesMertonModel'],
    ['calibrate_', 'snake_case', 'calibrate_black_scholes_merton_model'],
    ['CALIBRATE_', 'SCREAMING_SNAKE_CASE', 'CALIBRATE_BLACK_SCHOLES_MERTON_MODEL'],
    ['calibrate-', 'kebab-case', 'calibrate-black-scholes-merton-model'],
    ['model2', 'snake_case', 'model2_black_scholes_merton_model'],
    ['model2', 'camelCase', 'model2BlackScholesMertonModel'],
    ['_', 'camelCase', '_blackScholesMertonModel'],
    ['$', 'snake_case', '$black_scholes_merton_model'],
    ['calibrate_', 'camelCase', 'calibrate_blackScholesMertonModel'],
  ])('%j in %s', (prefix, style, expected) => {
    expect(continueIdentifier(prefix, words, style)).toBe(expected);
  });

  it('keeps two-letter acronyms as a hump after a prefix', () => {
    expect(continueIdentifier('read', ['IO', 'Model'], 'camelCase')).toBe('readIOModel');
  });
});
