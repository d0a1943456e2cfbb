/**
 * Deterministic benchmark data: finance glossaries of any size, Markdown research notes and
 * Python/TypeScript source files that use their terms (with mistakes injected at known rates),
 * and `prepareData`, which writes the benchmark's glossaries and corpora once per generator
 * version. Everything is driven by seeded PRNGs: the same seed always gives the same bytes.
 */

import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import wordListPath from 'word-list';

// The exported shapes are declared once, in generate.d.mts (which importers see); this file is checked against them.
/** @typedef {import('./generate.d.mts').GlossaryFile} GlossaryFile */
/** @typedef {import('./generate.d.mts').GeneratedConcept} GeneratedConcept */
/** @typedef {import('./generate.d.mts').Injected} Injected */
/** @typedef {import('./generate.d.mts').Generated} Generated */
/** @typedef {import('./generate.d.mts').CorpusInfo} CorpusInfo */
/** @typedef {import('./generate.d.mts').BenchData} BenchData */

// Any glossary file (the bundled one included) in the format the server reads.
/** @typedef {import('../../server/src/core/glossary/format.js').GlossaryFile} SourceGlossary */
/** @typedef {import('../../server/src/core/glossary/format.js').FormEntry | import('../../server/src/core/glossary/format.js').ReasonFormEntry} FormEntry */

/** Bump when the generated data changes shape: `prepareData` then regenerates everything. */
export const GENERATOR_VERSION = 1;

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * mulberry32: a small, fast 32-bit PRNG.
 * @param {number} seed any 32-bit integer
 * @returns {() => number} a function returning floats in [0, 1)
 */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  /** @param {number} seed */
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** @param {number} n */
  int(n) {
    return Math.floor(this.next() * n);
  }
  /** @param {number} lo @param {number} hi inclusive */
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  /** @template T @param {readonly T[]} list @returns {T} */
  pick(list) {
    return list[this.int(list.length)];
  }
  /** @param {number} p */
  chance(p) {
    return this.next() < p;
  }
}

/**
 * A seed derived from a base seed and an index (so note 17 does not depend on notes 0–16).
 * @param {number} seed
 * @param {number} index
 */
function subSeed(seed, index) {
  return (Math.imul(seed ^ 0x9e3779b9, 2654435761) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

/** @type {Set<string> | undefined} */
let englishWords;
/**
 * The English word list of the `word-list` package, lower-cased, loaded once.
 * @returns {Set<string>}
 */
function english() {
  if (!englishWords) {
    englishWords = new Set(
      readFileSync(wordListPath, 'utf8')
        .split('\n')
        .map((w) => w.trim().toLowerCase()),
    );
  }
  return englishWords;
}

/**
 * The matching key of a form: lower case, hyphens, dashes and spaces alike.
 * @param {string} text
 * @returns {string}
 */
export function formKey(text) {
  return text
    .toLowerCase()
    .replace(/[\s\-–]+/g, ' ')
    .trim();
}

const formText = (/** @type {FormEntry} */ f) => (typeof f === 'string' ? f : f.form);

// ---------------------------------------------------------------------------------------------
// Glossaries

const MODIFIERS = [
  'Stochastic',
  'Local',
  'Implied',
  'Realized',
  'Forward',
  'Historical',
  'Adaptive',
  'Bayesian',
  'Robust',
  'Dynamic',
  'Static',
  'Conditional',
  'Empirical',
  'Parametric',
  'Quadratic',
  'Linear',
  'Exotic',
  'Vanilla',
  'Synthetic',
  'Discounted',
  'Funded',
  'Collateralized',
  'Cleared',
  'Bilateral',
  'Overnight',
  'Rolling',
  'Weighted',
  'Marginal',
  'Incremental',
  'Systematic',
  'Idiosyncratic',
  'Residual',
  'Latent',
  'Smoothed',
  'Interpolated',
  'Hedged',
  'Leveraged',
  'Asymmetric',
  'Rough',
  'Fractional',
  'Regime',
  'Jump',
  'Diffusion',
  'Discrete',
  'Continuous',
  'Lognormal',
  'Normal',
  'Multi-Factor',
  'Non-Linear',
  'Cross-Currency',
  'Semi-Parametric',
  'Intra-Day',
  'Cross-Asset',
  'Risk-Neutral',
  'Mean-Reverting',
  'Two-Factor',
  'Sovereign',
  'Corporate',
  'Structured',
  'Callable',
];
const SUBJECTS = [
  'Volatility',
  'Variance',
  'Correlation',
  'Rate',
  'Yield',
  'Spread',
  'Basis',
  'Credit',
  'Equity',
  'Liquidity',
  'Funding',
  'Margin',
  'Collateral',
  'Option',
  'Swap',
  'Swaption',
  'Futures',
  'Bond',
  'Coupon',
  'Dividend',
  'Inflation',
  'Currency',
  'Commodity',
  'Portfolio',
  'Momentum',
  'Skew',
  'Smile',
  'Exposure',
  'Duration',
  'Convexity',
  'Delta',
  'Gamma',
  'Vega',
  'Theta',
  'Drawdown',
  'Default',
  'Recovery',
  'Tranche',
  'Basket',
  'Barrier',
  'Auction',
  'Quote',
  'Settlement',
  'Clearing',
  'Netting',
  'Hedge',
  'Carry',
  'Premium',
  'Strike',
  'Notional',
  'Forward',
  'Repo',
  'Mortgage',
  'Prepayment',
  'Annuity',
  'Cashflow',
  'Liability',
  'Asset',
  'Benchmark',
  'Turnover',
  'Slippage',
  'Execution',
  'Inventory',
  'Leverage',
  'Solvency',
  'Valuation',
  'Arbitrage',
  'Term',
];
const HEADS = [
  'Model',
  'Surface',
  'Curve',
  'Desk',
  'Engine',
  'Framework',
  'Estimator',
  'Process',
  'Measure',
  'Ratio',
  'Index',
  'Book',
  'Strategy',
  'Factor',
  'Matrix',
  'Limit',
  'Buffer',
  'Schedule',
  'Grid',
  'Filter',
  'Metric',
  'Adjustment',
  'Approximation',
  'Decomposition',
  'Simulation',
  'Ladder',
  'Profile',
  'Overlay',
  'Allocation',
  'Scenario',
  'Tree',
  'Lattice',
  'Kernel',
];
const SUFFIXES = [
  'Calibration',
  'Estimation',
  'Analysis',
  'Optimization',
  'Attribution',
  'Validation',
  'Monitoring',
  'Reconciliation',
  'Aggregation',
  'Interpolation',
  'Forecasting',
  'Backtesting',
  'Hedging',
  'Pricing',
  'Modeling',
  'Reporting',
  'Normalization',
  'Regularization',
];
const NAMES = [
  'Heston',
  'Merton',
  'Vasicek',
  'Dupire',
  'Bergomi',
  'Bachelier',
  'Kohlhagen',
  'Longstaff',
  'Ingersoll',
  'Svensson',
  'Kalman',
  'Jarrow',
  'Piterbarg',
  'Glasserman',
  'Bollerslev',
  'Hagan',
  'Andersen',
  'Karasinski',
  'Derman',
  'Gatheral',
  'Carr',
  'Madan',
  'Duffie',
  'Heston-Nandi',
  'Cox-Ingersoll-Ross',
  'Hull-White',
  'Nelson-Siegel',
  'Heath-Jarrow-Morton',
  'Garman-Kohlhagen',
  'Longstaff-Schwartz',
  'Black-Karasinski',
  'Black-Derman-Toy',
  'Carr-Madan',
  'Bates',
  'Kou',
];
const AREAS = [
  'Options Pricing',
  'Volatility Modeling',
  'Fixed Income',
  'Credit Risk',
  'Market Microstructure',
  'Risk Management',
  'Quantitative Research',
  'Trading Operations',
];
/**
 * Closed spellings of hyphenated modifiers: admitted aliases (`Non-Linear` → `Nonlinear`).
 * @type {Readonly<Record<string, string | undefined>>}
 */
const CLOSED = {
  'Multi-Factor': 'Multifactor',
  'Non-Linear': 'Nonlinear',
  'Semi-Parametric': 'Semiparametric',
  'Intra-Day': 'Intraday',
  'Cross-Currency': 'Crosscurrency',
  'Two-Factor': 'Twofactor',
};
/**
 * British spellings: admitted aliases.
 * @type {Readonly<Record<string, string | undefined>>}
 */
const BRITISH = {
  Optimization: 'Optimisation',
  Normalization: 'Normalisation',
  Regularization: 'Regularisation',
  Modeling: 'Modelling',
  Collateralized: 'Collateralised',
  Realized: 'Realised',
};
/**
 * Informal short forms: the deprecated forms (`Stochastic Vol Surface`).
 * @type {Readonly<Record<string, string | undefined>>}
 */
const SHORT = {
  Volatility: 'Vol',
  Correlation: 'Corr',
  Calibration: 'Calib',
  Optimization: 'Optim',
  Collateral: 'Coll',
  Portfolio: 'Port',
  Liquidity: 'Liq',
  Inflation: 'Infl',
  Dividend: 'Div',
  Simulation: 'Sim',
  Approximation: 'Approx',
  Adjustment: 'Adj',
  Valuation: 'Val',
  Execution: 'Exec',
  Convexity: 'Cvx',
  Prepayment: 'Prepay',
  Settlement: 'Settle',
  Leverage: 'Lev',
  Mortgage: 'Mtg',
};

const DEF_OPENERS = ['A method', 'A quantity', 'A standard technique', 'A process', 'A framework', 'A measure'];
const DEF_USES = ['price derivatives', 'measure risk', 'control exposure', 'fit market quotes', 'allocate capital', 'monitor positions'];
const DEF_WHERE = ['across the trading book', 'for listed and OTC products', 'under stressed markets', 'at the end of each day', 'on the derivatives desk'];

/**
 * One term's words: a few realistic shapes of two to four words.
 * @param {Rng} rng
 * @returns {string[]}
 */
function termWords(rng) {
  const shape = rng.int(100);
  if (shape < 6) return [rng.pick(SUBJECTS), rng.pick(HEADS)];
  if (shape < 10) return [rng.pick(NAMES), rng.pick(HEADS)];
  if (shape < 30) return [rng.pick(MODIFIERS), rng.pick(SUBJECTS), rng.pick(HEADS)];
  if (shape < 45) return [rng.pick(SUBJECTS), rng.pick(HEADS), rng.pick(SUFFIXES)];
  if (shape < 55) return [rng.pick(NAMES), rng.pick(HEADS), rng.pick(SUFFIXES)];
  if (shape < 62) return [rng.pick(NAMES), rng.pick(SUBJECTS), rng.pick(HEADS)];
  if (shape < 92) return [rng.pick(MODIFIERS), rng.pick(SUBJECTS), rng.pick(HEADS), rng.pick(SUFFIXES)];
  return [rng.pick(NAMES), rng.pick(MODIFIERS), rng.pick(SUBJECTS), rng.pick(HEADS)];
}

/**
 * Admitted variants of a term: a reordered "X of the Y", closed compounds, British spellings.
 * @param {readonly string[]} words
 * @returns {string[]}
 */
function aliasCandidates(words) {
  const out = [];
  const last = words[words.length - 1];
  if (words.length >= 3 && SUFFIXES.includes(last)) out.push(`${last} of the ${words.slice(0, -1).join(' ')}`);
  words.forEach((w, i) => {
    const alt = CLOSED[w] ?? BRITISH[w];
    if (alt) out.push(words.map((x, k) => (k === i ? alt : x)).join(' '));
  });
  return out;
}

/**
 * Abbreviation candidates: initials, then initials with a second letter of a word (2–5 capitals).
 * @param {readonly string[]} words
 * @returns {string[]}
 */
function abbreviationCandidates(words) {
  const parts = words.flatMap((w) => w.split('-'));
  const initials = parts.map((p) => p[0].toUpperCase());
  const out = [initials.join('')];
  for (let i = parts.length - 1; i >= 0; i--) {
    const second = parts[i][1]?.toUpperCase();
    if (second) out.push([...initials.slice(0, i + 1), second, ...initials.slice(i + 1)].join(''));
  }
  return out.filter((a) => a.length >= 2 && a.length <= 5);
}

/**
 * A termlens glossary of `count` concepts with realistic finance terms (two to four words, about
 * 30% with one or two aliases, 20% with an abbreviation, 5% with a deprecated form). Terms,
 * aliases, deprecated forms and abbreviations are unique across the glossary and never equal a
 * form in `reserved`. Generation is sequential, so the first N concepts of a larger glossary with
 * the same seed and reserved forms are the glossary of N.
 * @param {number} count number of concepts
 * @param {number} seed PRNG seed
 * @param {{ reserved?: Iterable<string>, name?: string }} [options] `reserved`: forms already taken
 *   (e.g. the bundled glossary's), default none; `name`: default "Generated finance glossary (COUNT terms)"
 * @returns {GlossaryFile}
 */
export function generateGlossary(count, seed, options = {}) {
  const rng = new Rng(seed);
  const words = english();
  /** @type {Set<string>} */
  const taken = new Set();
  for (const form of options.reserved ?? []) taken.add(formKey(form));
  /** @type {GeneratedConcept[]} */
  const concepts = [];
  let attempts = 0;
  while (concepts.length < count) {
    if (++attempts > count * 50 + 1000) throw new Error(`generateGlossary: cannot find ${count} unique terms`);
    const parts = termWords(rng);
    const term = parts.join(' ');
    if (new Set(parts.map((p) => p.toLowerCase())).size !== parts.length || taken.has(formKey(term))) continue;
    taken.add(formKey(term));
    const area = rng.pick(AREAS);
    /**
     * Built field by field in the order of the file format (the RNG draws in that order too).
     * @type {{ term: string, aliases?: string[], abbreviations?: string[], deprecated?: GeneratedConcept['deprecated'],
     *   definitions?: GeneratedConcept['definitions'], areas?: string[] }}
     */
    const concept = { term };
    // About 60% of terms have alias candidates; half of those get aliases.
    if (rng.chance(0.5)) {
      const aliases = aliasCandidates(parts).filter((a) => !taken.has(formKey(a)));
      const wanted = rng.chance(0.3) ? 2 : 1;
      if (aliases.length > 0) {
        concept.aliases = aliases.slice(0, wanted);
        for (const a of concept.aliases) taken.add(formKey(a));
      }
    }
    if (rng.chance(0.2)) {
      const abbr = abbreviationCandidates(parts).find((a) => !taken.has(formKey(a)) && !words.has(a.toLowerCase()));
      if (abbr) {
        concept.abbreviations = [abbr];
        taken.add(formKey(abbr));
      }
    }
    const shortable = parts.findIndex((p) => SHORT[p]);
    if (shortable >= 0 && rng.chance(0.17)) {
      const form = parts.map((p, k) => (k === shortable ? SHORT[p] : p)).join(' ');
      if (!taken.has(formKey(form))) {
        concept.deprecated = [{ form, reason: `Informal shortening; write "${term}".` }];
        taken.add(formKey(form));
      }
    }
    concept.definitions = [{ text: `${rng.pick(DEF_OPENERS)} used to ${rng.pick(DEF_USES)} ${rng.pick(DEF_WHERE)}.`, area }];
    concept.areas = rng.chance(0.2) ? [area, rng.pick(AREAS.filter((a) => a !== area))] : [area];
    concepts.push({ ...concept, definitions: concept.definitions });
  }
  return { version: 1, name: options.name ?? `Generated finance glossary (${count} terms)`, concepts };
}

// ---------------------------------------------------------------------------------------------
// What a note generator needs to know about a glossary

/** Common English words for prose (terms' own words are removed per glossary). */
const PROSE = `the of and to in is that for it as was with be by on not he this are or his from at
which but have an they you were her she there been one all we their has would when if so no what
can more will out up into do than who them some could him time only its about other two may then
first any like now my over such our man me even most made after also did many before must through
back years where much your way well down should because each just those people how too little
state good very make world still own see men work long get here between both life being under
never day same another know while last might us great old year off come since against go came
right used take three states himself few house use during without again place around however home
small found thought went say part once general high upon school every does got united left number
course war until always away something fact though water less public put think almost hand enough
far took head yet government system better set told nothing night end why called
eyes find going look asked later knew point next program city business give group toward young
days let room president side social given present several order national possible rather second
face per among form important often things looking early white case become large big need
four within felt along children saw best church ever least power development light thing seemed
family interest want members mind country area others done turned although open service
certain kind problem began different door thus help sense means whole matter perhaps itself
times law human line above name example action company hands local show whether five history gave
today either act feet across taken past quite anything seen having death week experience body word
half really field am car words already themselves information tell together college shall money
period held keep sure probably free seems real behind cannot miss political air question office
brought whose special heard major problems ago became federal moment study available known result
street economic boy position reason change south board individual job areas society west close
turn love community true court force full seem policy art`
  .split(/\s+/)
  .filter((w) => w.length > 1);

const HEADING_WORDS = ['Notes', 'Summary', 'Findings', 'Open Questions', 'Method', 'Results', 'Next Steps', 'Context', 'Data', 'Review'];
const CODE_LINES = ['total = sum(values)', 'count = len(values)', 'result = total / count', 'print(result)', 'values.sort()', 'return result'];

/**
 * A concept as notes draw from it: its forms, the words of its term in hyphen groups
 * (`groups[g][w]`), the `[g, w]` words a misspelling may change, and whether lower-casing it is a
 * mistake (it contains a proper name).
 * @typedef {{ term: string, aliases: string[], abbreviations: string[], deprecated: string[], groups: string[][],
 *   misspellable: Array<[number, number]>, caseVariant: boolean }} ProfileConcept
 */

/**
 * @typedef {{ concepts: ProfileConcept[], vocabulary: Set<string>, withDeprecated: ProfileConcept[],
 *   withProper: ProfileConcept[], withMisspellable: ProfileConcept[] }} Profile
 */

/**
 * Per glossary, what notes draw from: the concepts with their forms, which can be misspelt,
 * written in the wrong case, or written in a deprecated form. Computed once per glossary object.
 * @type {WeakMap<SourceGlossary, Profile>}
 */
const profiles = new WeakMap();
/**
 * @param {SourceGlossary} glossary
 * @returns {Profile}
 */
function profile(glossary) {
  let p = profiles.get(glossary);
  if (p) return p;
  const words = english();
  /** @type {Set<string>} */
  const vocabulary = new Set();
  for (const c of glossary.concepts) {
    for (const f of [
      c.term,
      ...(c.aliases ?? []).map(formText),
      ...(c.abbreviations ?? []).map(formText),
      ...(c.deprecated ?? []).map(formText),
      ...(c.forbidden ?? []).map(formText),
    ]) {
      for (const w of f.toLowerCase().split(/[^a-z0-9']+/)) if (w) vocabulary.add(w);
    }
  }
  const isProper = (/** @type {string} */ w) => (w.match(/[A-Z]/g)?.length ?? 0) >= 2 || (/^[A-Z]/.test(w) && w.length >= 3 && !words.has(w.toLowerCase()));
  const concepts = glossary.concepts.map((c) => {
    const parts = c.term.split(/\s+/);
    const groups = parts.map((g) => g.split(/[-–]/));
    /** @type {Array<[number, number]>} */
    const misspellable = [];
    groups.forEach((g, gi) =>
      g.forEach((w, wi) => {
        if (/^[A-Za-z]{5,}$/.test(w) && (w.match(/[A-Z]/g)?.length ?? 0) <= 1) misspellable.push([gi, wi]);
      }),
    );
    return {
      term: c.term,
      aliases: (c.aliases ?? []).map(formText),
      abbreviations: (c.abbreviations ?? []).map(formText).filter((a) => /^[A-Z]{2,6}$/.test(a)),
      deprecated: [...(c.deprecated ?? []), ...(c.forbidden ?? [])].map(formText),
      groups,
      misspellable: parts.length > 1 || groups[0].length > 1 ? misspellable : [],
      caseVariant: parts.length > 1 && groups.some((g) => g.some(isProper)),
    };
  });
  p = {
    concepts,
    vocabulary,
    withDeprecated: concepts.filter((c) => c.deprecated.length > 0),
    withProper: concepts.filter((c) => c.caseVariant),
    withMisspellable: concepts.filter((c) => c.misspellable.length > 0),
  };
  profiles.set(glossary, p);
  return p;
}

/**
 * The term with one letter of one word changed into a word that is neither English nor a glossary word.
 * @param {Rng} rng
 * @param {ProfileConcept} concept
 * @param {ReadonlySet<string>} vocabulary
 * @returns {string | undefined} undefined when 20 attempts found none
 */
function misspell(rng, concept, vocabulary) {
  const words = english();
  for (let attempt = 0; attempt < 20; attempt++) {
    const [gi, wi] = rng.pick(concept.misspellable);
    const word = concept.groups[gi][wi];
    const at = rng.range(1, word.length - 1);
    const letter = 'abcdefghilmnoprstuy'[rng.int(19)];
    if (letter === word[at].toLowerCase()) continue;
    const wrong = word.slice(0, at) + letter + word.slice(at + 1);
    if (words.has(wrong.toLowerCase()) || vocabulary.has(wrong.toLowerCase())) continue;
    return concept.groups.map((g, k) => g.map((w, j) => (k === gi && j === wi ? wrong : w)).join('-')).join(' ');
  }
  return undefined;
}

/**
 * Picks the term text to write: correct most of the time, else one injected mistake (counted).
 * @param {Rng} rng
 * @param {Profile} p
 * @param {Injected} injected counts, incremented
 * @param {Set<string>} defined abbreviations already introduced as "Term (ABBR)", added to
 * @param {boolean} mistakes whether a mistake may be injected
 * @returns {string}
 */
function termUse(rng, p, injected, defined, mistakes) {
  if (mistakes) {
    const r = rng.next();
    if (r < 0.05 && p.withMisspellable.length > 0) {
      const c = rng.pick(p.withMisspellable);
      const wrong = misspell(rng, c, p.vocabulary);
      if (wrong) {
        injected.misspelled++;
        return wrong;
      }
    } else if (r < 0.08 && p.withDeprecated.length > 0) {
      injected.deprecated++;
      return rng.pick(rng.pick(p.withDeprecated).deprecated);
    } else if (r < 0.11 && p.withProper.length > 0) {
      injected.caseVariant++;
      return rng.pick(p.withProper).term.toLowerCase();
    }
  }
  injected.terms++;
  const c = rng.pick(p.concepts);
  const r = rng.next();
  if (r < 0.15 && c.aliases.length > 0) return rng.pick(c.aliases);
  if (r < 0.3 && c.abbreviations.length > 0) {
    const abbr = rng.pick(c.abbreviations);
    if (defined.has(abbr)) return abbr;
    defined.add(abbr);
    return `${c.term} (${abbr})`;
  }
  return c.term;
}

/**
 * Whether `glossary` is one glossary rather than a map of named glossaries.
 * @param {SourceGlossary | Readonly<Record<string, SourceGlossary>>} glossary
 * @returns {glossary is SourceGlossary}
 */
function isOneGlossary(glossary) {
  return Array.isArray(glossary.concepts);
}

/**
 * Normalizes `glossary` (one glossary or a map of named glossaries) into named entries.
 * @param {SourceGlossary | Readonly<Record<string, SourceGlossary>>} glossary
 * @returns {Readonly<Record<string, SourceGlossary>>}
 */
function namedGlossaries(glossary) {
  return isOneGlossary(glossary) ? { main: glossary } : glossary;
}

/**
 * Writes prose: sentences of common English words with glossary terms about one per 40 words.
 * `mistakes`: whether this block may carry injected mistakes (never in quotes, tables, headings).
 */
class Writer {
  /**
   * @param {Rng} rng
   * @param {SourceGlossary | Readonly<Record<string, SourceGlossary>>} glossaries
   */
  constructor(rng, glossaries) {
    this.rng = rng;
    this.entries = Object.entries(namedGlossaries(glossaries)).map(([name, g]) => ({ name, profile: profile(g) }));
    const taken = new Set(this.entries.flatMap((e) => [...e.profile.vocabulary]));
    this.prose = PROSE.filter((w) => !taken.has(w));
    /** @type {Record<string, Injected>} */
    this.injected = Object.fromEntries(this.entries.map((e) => [e.name, { misspelled: 0, deprecated: 0, caseVariant: 0, terms: 0 }]));
    /** @type {Set<string>} */
    this.defined = new Set();
    // With the bundled and a generated glossary, the bigger one supplies most terms.
    this.weights = this.entries.map((e) => e.profile.concepts.length);
  }
  /** @param {boolean} mistakes */
  term(mistakes) {
    const { rng } = this;
    let entry = this.entries[0];
    if (this.entries.length > 1)
      entry = rng.chance(0.3)
        ? this.entries.reduce((a, b) => (a.profile.concepts.length <= b.profile.concepts.length ? a : b))
        : this.entries.reduce((a, b) => (a.profile.concepts.length > b.profile.concepts.length ? a : b));
    return termUse(rng, entry.profile, this.injected[entry.name], this.defined, mistakes);
  }
  /** @param {boolean} mistakes */
  sentence(mistakes) {
    const { rng } = this;
    const n = rng.range(8, 22);
    const out = [];
    for (let i = 0; i < n; i++) {
      if (i > 0 && rng.chance(1 / 40)) out.push(this.term(mistakes));
      else {
        let w = rng.pick(this.prose);
        if (rng.chance(0.02)) w = `*${w}*`;
        else if (rng.chance(0.01)) w = `[${w}](https://example.com/notes/${rng.int(10000)})`;
        else if (rng.chance(0.01)) w = `\`${w}_${rng.pick(this.prose)}\``;
        out.push(w);
      }
      if (i > 2 && i < n - 2 && rng.chance(0.06)) out[out.length - 1] += ',';
    }
    const first = out[0];
    out[0] = first[0].toUpperCase() + first.slice(1);
    return out.join(' ') + '.';
  }
  /** @param {boolean} mistakes */
  paragraph(mistakes) {
    const n = this.rng.range(2, 6);
    const out = [];
    for (let i = 0; i < n; i++) out.push(this.sentence(mistakes));
    return out.join(' ');
  }
  /** @param {number} level */
  heading(level) {
    const { rng } = this;
    const title = rng.chance(0.5) ? this.term(false) : rng.pick(HEADING_WORDS);
    return `${'#'.repeat(level)} ${title}`;
  }
  block() {
    const { rng } = this;
    const r = rng.int(100);
    if (r < 55) return this.paragraph(true);
    if (r < 70) {
      const ordered = rng.chance(0.4);
      return Array.from({ length: rng.range(2, 6) }, (_, i) => `${ordered ? `${i + 1}.` : '-'} ${this.sentence(true)}`).join('\n');
    }
    if (r < 78) return '> ' + this.paragraph(false);
    if (r < 86) {
      const lines = Array.from({ length: rng.range(2, 6) }, () => rng.pick(CODE_LINES));
      return '```python\n' + lines.join('\n') + '\n```';
    }
    const rows = Array.from({ length: rng.range(2, 5) }, () => `| ${rng.pick(this.prose)} | ${(rng.next() * 100).toFixed(2)} | ${rng.int(1000)} |`);
    return ['| Item | Value | Count |', '| --- | ---: | ---: |', ...rows].join('\n');
  }
}

/**
 * A Markdown research note of about `targetBytes` bytes (ASCII): headings, paragraphs, lists,
 * emphasis, links, inline code, fenced code, tables and block quotes, with glossary terms about
 * one per 40 words (preferred forms, aliases, abbreviations introduced as "Term (ABBR)") and
 * injected mistakes in paragraphs and lists only: misspelled terms (about 5% of uses), deprecated
 * forms (3%) and lower-cased terms that contain a proper name (3%).
 * @param {number} targetBytes approximate size; the note stops at the first block past it
 * @param {SourceGlossary | Readonly<Record<string, SourceGlossary>>} glossary one glossary, or named glossaries
 *   (the largest supplies 70% of the terms, the smallest 30%)
 * @param {number} seed PRNG seed
 * @returns {Generated} `injected` per glossary name (`main` when one glossary is given)
 */
export function generateNote(targetBytes, glossary, seed) {
  const rng = new Rng(seed);
  const w = new Writer(rng, glossary);
  const parts = [`# ${w.term(false)} ${rng.pick(HEADING_WORDS)}`];
  let size = parts[0].length;
  while (size < targetBytes) {
    const part = rng.chance(0.12) ? w.heading(rng.range(2, 3)) : w.block();
    parts.push(part);
    size += part.length + 2;
  }
  return { text: parts.join('\n\n') + '\n', injected: w.injected };
}

/**
 * Splits a term into lower-case identifier words.
 * @param {string} term
 */
function identifierWords(term) {
  return term
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * A Python or TypeScript source file of 2–10 KB: functions named after glossary terms
 * (snake_case or camelCase), comments and docstrings/JSDoc that use terms, with the mistakes of
 * {@link generateNote} injected in comments and docstrings at the same rates.
 * @param {'python' | 'typescript'} lang
 * @param {SourceGlossary | Readonly<Record<string, SourceGlossary>>} glossary one glossary, or named glossaries
 * @param {number} seed PRNG seed
 * @returns {Generated}
 */
export function generateCodeFile(lang, glossary, seed) {
  const rng = new Rng(seed);
  const w = new Writer(rng, glossary);
  const target = rng.range(2048, 10240);
  const py = lang === 'python';
  const comment = () => {
    const sentence = `${w.term(true)} ${rng.pick(w.prose)} ${rng.pick(w.prose)} ${w.term(true)} ${rng.pick(w.prose)}.`;
    return sentence;
  };
  const parts = [py ? `"""${w.sentence(false)}"""\n\nimport math\n` : `/** ${w.sentence(false)} */\n\nimport { strict as assert } from 'node:assert';\n`];
  let size = parts[0].length;
  while (size < target) {
    const words = identifierWords(w.term(false).replace(/\s*\(.*\)$/, ''));
    const name = py ? `compute_${words.join('_')}` : 'compute' + words.map((x) => x[0].toUpperCase() + x.slice(1)).join('');
    const param = rng.pick(w.prose);
    const label = w.term(false).replace(/\s*\(.*\)$/, '');
    const part = py
      ? [
          `# ${comment()}`,
          `def ${name}(values, ${param}_weight=1.0):`,
          `    """${comment()}`,
          '',
          `    ${w.sentence(true)}`,
          '    """',
          '    total = 0.0',
          '    for value in values:',
          `        total += value * ${param}_weight  # ${comment()}`,
          `    label = "${label}"`,
          '    return total, label',
        ].join('\n')
      : [
          `// ${comment()}`,
          '/**',
          ` * ${comment()}`,
          ` * ${w.sentence(true)}`,
          ' */',
          `export function ${name}(values: number[], ${param}Weight = 1): [number, string] {`,
          '  let total = 0;',
          `  for (const value of values) total += value * ${param}Weight; // ${comment()}`,
          `  const label = '${label}';`,
          '  return [total, label];',
          '}',
        ].join('\n');
    parts.push(part);
    size += part.length + 2;
  }
  return { text: parts.join('\n\n') + '\n', injected: w.injected };
}

// ---------------------------------------------------------------------------------------------
// The benchmark's data set

const SEED = 20240611;

/**
 * Adds `b`'s counts into `a` (per glossary name and kind).
 * @param {Record<string, Injected>} a
 * @param {Readonly<Record<string, Injected>>} b
 */
function addInjected(a, b) {
  for (const [name, counts] of Object.entries(b)) {
    const into = (a[name] ??= { misspelled: 0, deprecated: 0, caseVariant: 0, terms: 0 });
    for (const [k, v] of /** @type {Array<[keyof Injected, number]>} */ (Object.entries(counts))) into[k] += v;
  }
  return a;
}

/**
 * Writes the benchmark data under `dir` unless its manifest says it is already there for this
 * generator version: `glossaries/{g10k,g100k}.glossary.json` (g100k's first 10,000 concepts are
 * g10k's; no form of either equals a bundled form), `corpora/note-1mb/note.md`,
 * `corpora/note-10mb/note.md`, `corpora/notes-2000/` (2,000 notes of 1–20 KB in five folders) and
 * `corpora/code-500/` (250 Python and 250 TypeScript files). Notes and code use terms of the
 * bundled glossary (30%) and of g10k (70%); `injected` counts the mistakes per glossary
 * (`bundled`, `g10k`). A `.git` folder marks `corpora/` as its own repository root, as a real
 * notes repository would be, so the repository's `.gitignore` (which ignores `bench/.data/`) does
 * not hide the corpora from tools that honour it.
 * @param {string} dir the data folder, e.g. `bench/.data`
 * @param {{ log?: (line: string) => void }} [options] `log`: progress lines, default none
 * @returns {Promise<BenchData>}
 */
export async function prepareData(dir, options = {}) {
  const log = options.log ?? (() => {});
  const root = path.resolve(dir);
  const manifestPath = path.join(root, 'manifest.json');
  const bundledPath = path.resolve(here, '..', '..', 'glossary', 'bundled.glossary.json');
  const previous = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : undefined;
  if (previous?.version === GENERATOR_VERSION) return previous.data;

  const started = performance.now();
  rmSync(path.join(root, 'glossaries'), { recursive: true, force: true });
  rmSync(path.join(root, 'corpora'), { recursive: true, force: true });
  mkdirSync(path.join(root, 'glossaries'), { recursive: true });
  mkdirSync(path.join(root, 'corpora', '.git'), { recursive: true });

  /** @type {SourceGlossary} */
  const bundled = JSON.parse(readFileSync(bundledPath, 'utf8'));
  const reserved = bundled.concepts.flatMap((c) => [
    c.term,
    .../** @type {const} */ (['aliases', 'abbreviations', 'deprecated', 'forbidden']).flatMap((k) => (c[k] ?? []).map(formText)),
  ]);
  const g100k = generateGlossary(100000, SEED, { reserved, name: 'Generated finance glossary (100,000 terms)' });
  const g10k = { ...g100k, name: 'Generated finance glossary (10,000 terms)', concepts: g100k.concepts.slice(0, 10000) };
  const glossaries = {
    bundled: bundledPath,
    g10k: path.join(root, 'glossaries', 'g10k.glossary.json'),
    g100k: path.join(root, 'glossaries', 'g100k.glossary.json'),
  };
  writeFileSync(glossaries.g10k, JSON.stringify(g10k, null, 1));
  writeFileSync(glossaries.g100k, JSON.stringify(g100k, null, 1));
  log(`generated glossaries (${Math.round(performance.now() - started)} ms)`);

  const sources = { bundled, g10k };
  /** @type {Record<string, CorpusInfo>} */
  const corpora = {};
  /**
   * @param {string} name
   * @param {Array<[string, Generated]>} files relative path and content
   */
  const writeCorpus = (name, files) => {
    const base = path.join(root, 'corpora', name);
    let bytes = 0;
    /** @type {Record<string, Injected>} */
    const injected = {};
    for (const [rel, { text, injected: counts }] of files) {
      const file = path.join(base, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
      bytes += Buffer.byteLength(text);
      addInjected(injected, counts);
    }
    corpora[name] = { path: base, files: files.length, bytes, injected };
    log(`generated ${name}: ${files.length} files, ${(bytes / 1e6).toFixed(1)} MB (${Math.round(performance.now() - started)} ms)`);
  };
  writeCorpus('note-1mb', [['note.md', generateNote(1 << 20, sources, subSeed(SEED, 1))]]);
  writeCorpus('note-10mb', [['note.md', generateNote(10 << 20, sources, subSeed(SEED, 2))]]);
  const folders = ['desk', 'research/2023', 'research/2024', 'models', 'meetings'];
  const noteRng = new Rng(subSeed(SEED, 3));
  writeCorpus(
    'notes-2000',
    Array.from({ length: 2000 }, (_, i) => [
      `${folders[i % folders.length]}/note-${String(i).padStart(4, '0')}.md`,
      generateNote(noteRng.range(1024, 20 * 1024), sources, subSeed(SEED, 1000 + i)),
    ]),
  );
  writeCorpus(
    'code-500',
    Array.from({ length: 500 }, (_, i) => {
      const py = i % 2 === 0;
      return [
        `${py ? 'pricing' : 'web/src'}/${String(Math.floor(i / 50))}/module_${String(i).padStart(3, '0')}.${py ? 'py' : 'ts'}`,
        generateCodeFile(py ? 'python' : 'typescript', sources, subSeed(SEED, 5000 + i)),
      ];
    }),
  );
  const data = { glossaries, corpora };
  writeFileSync(manifestPath, JSON.stringify({ version: GENERATOR_VERSION, data }, null, 1));
  return data;
}
