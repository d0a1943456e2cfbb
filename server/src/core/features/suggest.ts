/**
 * Glossary suggestions mined from a tree of notes and code: candidate concepts that the served
 * glossary does not know yet, for `termlens glossary suggest`. Four kinds of evidence:
 *
 * - `abbreviation`: an abbreviation a note writes out ("Central Limit Order Book (CLOB)", "CLOB
 *   (central limit order book)", "liquidity provider, or LP"), found by the acronym rule's
 *   definition finder (`text/abbreviations.ts`);
 * - `undefined-abbreviation`: an abbreviation the notes use without ever writing it out, as the
 *   `acronym.undefined` rule reports it (`features/noteRules.ts`, with all its filters for tickers
 *   in tables, quoted values, lists of codes, …);
 * - `phrase`: a capitalised multi-word phrase ("Liquidity Mining Program") that recurs inside
 *   sentences (not at their start, not in headings, labels, table headers, link texts or citations);
 * - `identifier`: a code identifier of two or more words (`heston_model`, `fundingRate`) whose
 *   words the notes also write as a phrase ("Heston model", "funding rate").
 *
 * Pure: documents come in as text and a language ID (no file system), positions go out as line
 * and column. {@link SuggestionCollector} takes documents one at a time; it keeps the text of the
 * notes (not of code) until {@link SuggestionCollector.suggestions}, where identifiers found in any
 * code file are looked for in every note.
 */

import type { CompiledGlossary } from '../glossary/compiled';
import { findAbbreviationDefinitions, type AbbreviationDefinition } from '../text/abbreviations';
import { isNoteLanguage, parseDocument, type ParsedDocument, type ScannedRegion } from '../text/document';
import { capitalisedEnglishWords, isCurrencyCode, wellKnownAbbreviations } from '../text/knownAbbreviations';
import type { Position } from '../text/lineIndex';
import type { ChunkScanner } from '../text/markdown';
import { singularCandidates, tokenize, type Token } from '../text/tokens';
import { abbreviationKey, noteFindings } from './noteRules';

/** What a suggestion rests on; see the module comment. */
export type SuggestionKind = 'abbreviation' | 'undefined-abbreviation' | 'phrase' | 'identifier';

/** One document to mine. */
export interface SuggestDocument {
  /** How locations name it, e.g. a path relative to the working folder. */
  readonly name: string;
  readonly text: string;
  /** Its language ID (`markdown`, `plaintext`, `python`, …): notes are mined for prose, code for identifiers. */
  readonly languageId: string;
  /** Maps an offset of `text` to a position in the file (a notebook cell's text to the `.ipynb`); default: `text`'s own lines. */
  readonly positionAt?: (offset: number) => Position;
  /**
   * The file the document belongs to, when several documents are one file (a notebook's Markdown
   * cells and its code cells): files are counted once. Default: `name`.
   */
  readonly file?: string;
}

/** Options of {@link SuggestionCollector} and {@link suggestConcepts}. */
export interface SuggestOptions {
  /** At most this many suggestions, best first. Default 50; 0 for all. */
  readonly limit?: number;
  /** Leave out candidates seen fewer times than this in all. Default 3. */
  readonly minCount?: number;
  /** Abbreviations never suggested (the project's `knownAcronyms`), besides the well-known ones of `text/knownAbbreviations.ts`. */
  readonly knownAcronyms?: readonly string[];
  /** How Markdown chunks that need remark are parsed (see `text/markdown.ts`). Default: in this thread. */
  readonly scanChunk?: ChunkScanner;
}

/** A place in a document, 1-based. */
export interface SuggestionLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A candidate concept. */
export interface Suggestion {
  /** The preferred term to propose: the long form of an abbreviation, a phrase as most often written, or the abbreviation itself when it is never written out. */
  readonly term: string;
  /** The abbreviation, for the two abbreviation kinds. */
  readonly abbreviation?: string;
  /** The strongest evidence (in the order of {@link SuggestionKind}'s list). */
  readonly kind: SuggestionKind;
  /** Every kind of evidence found for it. */
  readonly evidence: readonly SuggestionKind[];
  /** Ranking score: files first (weighted by the strength of the evidence), then uses. */
  readonly score: number;
  /** Files it was seen in. */
  readonly files: number;
  /** Times it was seen in all. */
  readonly count: number;
  /** Files in which an abbreviation was written out. */
  readonly definedIn?: number;
  /** Code identifiers that spell it (`heston_model`), most used first, at most five. */
  readonly identifiers?: readonly string[];
  /** Where it was first seen: where it is written out, for an abbreviation that is. */
  readonly example: SuggestionLocation;
}

/** Where something was first seen, and how often. */
interface Tally {
  readonly files: Set<string>;
  count: number;
  first?: SuggestionLocation;
}

/** An abbreviation's definitions and uses. */
interface AbbreviationStat extends Tally {
  /** Long forms by phrase key, with their surfaces. */
  readonly longForms: Map<string, { surfaces: Map<string, number>; count: number }>;
  readonly definedIn: Set<string>;
  /** Where it is first written out, else first used. */
  example?: SuggestionLocation;
}

interface PhraseStat extends Tally {
  readonly surfaces: Map<string, number>;
}

interface IdentifierStat extends Tally {
  readonly words: readonly string[];
  readonly names: Map<string, number>;
  /** Prose that writes the identifier's words. */
  readonly prose: PhraseStat;
}

/** A note kept for the identifier search: its prose regions and where their offsets are. */
interface KeptNote {
  readonly file: string;
  readonly name: string;
  readonly text: string;
  readonly regions: readonly { readonly start: number; readonly end: number }[];
  readonly positionAt: (offset: number) => Position;
}

/** Defaults of {@link SuggestOptions}. */
const DEFAULT_LIMIT = 50;
const DEFAULT_MIN_COUNT = 3;
/** Longest phrase and identifier, in words: longer runs of capitals are titles and names of documents. */
const MAX_PHRASE_WORDS = 6;
const MAX_IDENTIFIER_WORDS = 4;
/** Longest long form of an abbreviation kept, in characters. */
const MAX_LONG_FORM = 80;
/** How far around a phrase its context is looked at (labels, link texts, citations), in characters: keeps long lines linear. */
const CONTEXT_REACH = 240;

/** Small words a capitalised phrase may hold between its capitalised words ("Bank of England", "Profit and Loss"). */
const CONNECTORS: ReadonlySet<string> = new Set(['of', 'and', 'for', 'the', 'de', 'du', 'des', 'la', 'le', 'van', 'von']);
/** Words that say what kind of thing a name is: "Uniswap Protocol" is Uniswap. */
const NAME_KINDS: ReadonlySet<string> = new Set(
  'protocol network platform team docs documentation app website community ecosystem labs foundation project chain exchange dao token'.split(' '),
);
/** Identifiers looked for in prose per first word (64), most used first. */
const MAX_IDENTIFIERS_PER_WORD = 64;
/** A version word: "V3", "v2", "2". */
const VERSION = /^v?\d+$/;
/** Prose regions at least this long (120 characters) are compared across files, to count pasted text once. */
const MIN_COPIED = 120;
/** What comes before an identifier named in an import: `import x`, `from x`, `import { x }`. */
const IMPORTED = /(?:^|[\s;])(?:import|from)\s+(?:\{\s*)?(?:[\w.]+\s*,\s*)*$/;
/** The last word of a firm's name ("dYdX Trading Inc", "Goldman Sachs & Co. LLC"): a name, not a concept. */
const COMPANY_SUFFIXES: ReadonlySet<string> = new Set([
  'inc',
  'ltd',
  'llc',
  'llp',
  'lp',
  'corp',
  'co',
  'gmbh',
  'ag',
  'plc',
  'pte',
  'bv',
  'nv',
  'sa',
  'sas',
  'spa',
  'limited',
  'incorporated',
]);
/** Words after a phrase that make it the label of a control or a part of a page ("the **Collect Fees** button"). */
const UI_WORDS: ReadonlySet<string> = new Set(
  'button buttons tab tabs page pages menu menus link links field fields section sections column columns option screen dialog panel checkbox dropdown icon window toggle view header heading title sidebar card modal'.split(
    ' ',
  ),
);
/** First words of identifiers that are actions (`cancel_order`, `transferOwnership`): a glossary names things. */
const ACTION_WORDS: ReadonlySet<string> = new Set(
  (
    'cancel place transfer collect send approve withdraw mint burn claim redeem execute settle submit post fetch query compute calculate ' +
    'calc convert format parse validate verify ensure assert emit handle process refresh reset clear sync init initialize register ' +
    'unregister subscribe unsubscribe connect disconnect start stop open close enable disable toggle show hide render move modify ' +
    'increase decrease accrue distribute liquidate rebalance harvest sweep skim wrap unwrap permit safe try'
  ).split(' '),
);
/** Words that open a sentence or a title but never a term ("The Order Book" is the order book). */
const DETERMINERS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'the',
  'this',
  'that',
  'these',
  'those',
  'our',
  'your',
  'my',
  'their',
  'its',
  'his',
  'her',
  'each',
  'every',
  'all',
  'any',
  'some',
  'no',
  'both',
  'either',
  'neither',
  'other',
  'another',
  'such',
  'see',
  'use',
  'using',
  'with',
  'via',
  'from',
  'by',
  'at',
  'as',
  'if',
  'when',
  'where',
  'while',
  'what',
  'which',
  'who',
  'how',
  'why',
  'new',
  'note',
  'please',
  'read',
  'learn',
  'click',
  'go',
  'get',
  'set',
  // Prepositions, conjunctions and pronouns open sentences too ("In Uniswap, …").
  ...'in on to at for of into onto over under after before during since until unlike like per about above below between through within without upon across against along among around beyond despite except inside near off out outside toward towards and or but so yet because although though unless whether it we you they he she i us them there here then once also only just even'.split(
    ' ',
  ),
]);
/**
 * Words too general for a term, however often code and notes write them together: "third party",
 * "real time", "human readable", "other token", "order status", "token symbol".
 */
const GENERIC_WORDS: ReadonlySet<string> = new Set(
  'other third real human readable entry point status symbol info details detail timestamp side effect effects same different various specific certain given main whole full empty amount number balance change data'.split(
    ' ',
  ),
);

/**
 * Words of programming, not of a domain: an identifier with one of them (`file_path`, `user_id`,
 * `get_price`) names a piece of the program, and a note writing "file path" uses plain English.
 */
const CODE_WORDS: ReadonlySet<string> = new Set(
  (
    'id ids uid uuid str string strings int integer float double bool boolean num number len length idx index indices arg args argv kwargs ' +
    'param params parameter parameters self cls this tmp temp val vals value values obj object objects dict dicts list lists arr array arrays ' +
    'df dfs cfg conf config configs configuration util utils helper helpers lib libs file files filename path paths dir dirs folder url urls ' +
    'uri uris http https json yaml xml csv api apis func fn fns callback callbacks cb handler handlers hook hooks string char chars byte bytes ' +
    'buf buffer stream streams iter iterator loop null none nil true false undefined test tests testing mock mocks fixture fixtures spec specs ' +
    'class classes method methods module modules pkg package instance instances type types typ init main print log logs logger logging debug ' +
    'err error errors exception exceptions msg message messages event events listener listeners async await promise promises future futures ' +
    'req request requests res resp response responses ctx context client clients server servers db database sql query queries table tables row ' +
    'rows col cols column columns field fields attr attrs attribute attributes key keys item items elem element elements node nodes tree map ' +
    'maps mapping set sets get default defaults opt opts option options setting settings version versions text name names label labels title ' +
    'desc description size width height start end begin stop first last next prev previous current curr new old tmp cache cached copy src dst ' +
    'source target input inputs output outputs result results ret return returns out in to from on off is has can should will do does did was ' +
    'make create build update add remove delete del load save read write parse compute calc calculate run exec execute handle check validate ' +
    'fetch apply use with for of by at and or not if else then as all any each get set put post patch send recv receive emit dispatch render ' +
    'show hide open close view views page pages ui widget button icon img image images color colour style css html div span js ts py dom ' +
    'env environment os sys proc process thread threads worker workers job jobs task tasks queue queues lock mutex timeout timer interval ' +
    'count counter counts total tmp foo bar baz qux demo example examples sample samples dummy my our your abi addr address bytes32 uint ' +
    'uint256 int256 msg sender wei gwei storage memory calldata payable view pure external internal public private revert require assert ' +
    'contract contracts interface interfaces struct enum mapping modifier modifiers deploy deployer deployment deployed mainnet testnet'
  ).split(' '),
);

/** A capitalised phrase, its words and where it is. */
interface Run {
  readonly tokens: readonly Token[];
}

/** Collects suggestions from documents added one at a time; see the module comment. */
export class SuggestionCollector {
  private readonly abbreviations = new Map<string, AbbreviationStat>();
  private readonly phrases = new Map<string, PhraseStat>();
  private readonly identifiers = new Map<string, IdentifierStat>();
  private readonly notes: KeptNote[] = [];
  private readonly known: ReadonlySet<string>;
  private readonly allFiles = new Set<string>();
  /** Per hash of a long prose region, the file it was first seen in. */
  private readonly paragraphs = new Map<number, string>();
  /** Long forms of abbreviations never suggested (well-known ones, the project's `knownAcronyms`). */
  private readonly ignoredPhrases = new Set<string>();
  /** Identifiers named in an import (`from gs_quant import …`): names of code, not of concepts. */
  private readonly modules = new Set<string>();

  constructor(
    private readonly glossary: CompiledGlossary,
    private readonly options: SuggestOptions = {},
  ) {
    this.known = new Set([...wellKnownAbbreviations, ...(options.knownAcronyms ?? [])]);
  }

  /** Files added so far. */
  get fileCount(): number {
    return this.allFiles.size;
  }

  /** Mines one document. */
  add(input: SuggestDocument): void {
    const file = input.file ?? input.name;
    this.allFiles.add(file);
    const doc = parseDocument(input.text, input.languageId, this.glossary, this.options.scanChunk ? { scanChunk: this.options.scanChunk } : {});
    // The line index alone, not the parsed document: a kept note must not keep its tokens alive.
    const lines = doc.lines;
    const positionAt = input.positionAt ?? ((offset: number) => lines.positionAt(offset));
    const at = (offset: number): SuggestionLocation => {
      const p = positionAt(offset);
      return { file: input.name, line: p.line + 1, column: p.character + 1 };
    };
    if (isNoteLanguage(input.languageId)) {
      const prose = doc.regions.filter((r) => r.kind === 'prose' && r.tokens.length > 0 && !this.copied(doc.text, r, file));
      this.mineAbbreviations(doc, prose, file, at);
      this.minePhrases(doc, prose, file, at);
      const regions = prose.filter((r) => r.tokens.length > 1).map((r) => ({ start: r.start, end: r.end }));
      if (regions.length > 0) this.notes.push({ file, name: input.name, text: input.text, regions, positionAt });
    } else {
      this.mineIdentifiers(doc, file, at);
    }
  }

  /**
   * Whether a prose region is a copy of one in another file: a disclaimer, a licence or a page
   * exported twice (a notebook and its Markdown) is one piece of writing, whatever the number of
   * files it is pasted into. Only paragraphs of {@link MIN_COPIED} characters or more are compared.
   */
  private copied(text: string, region: ScannedRegion, file: string): boolean {
    if (region.end - region.start < MIN_COPIED) return false;
    const hash = textHash(text, region.start, region.end);
    const owner = this.paragraphs.get(hash);
    if (owner === undefined) this.paragraphs.set(hash, file);
    return owner !== undefined && owner !== file;
  }

  /** The candidates, best first (see {@link suggestConcepts}). */
  suggestions(): Suggestion[] {
    this.findIdentifiersInNotes();
    const candidates: Candidate[] = [];
    const byKey = new Map<string, Candidate>();
    const claim = (key: string, c: Candidate): void => {
      if (!byKey.has(key)) byKey.set(key, c);
    };

    for (const [key, stat] of this.abbreviations) {
      if (this.abbreviationKnown(key, stat)) continue;
      const long = bestLongForm(stat);
      const c = candidate(long?.surface ?? key, long ? 'abbreviation' : 'undefined-abbreviation', stat.example ?? stat.first!);
      c.abbreviation = key;
      c.definedIn = stat.definedIn.size;
      add(c, stat, 'note');
      candidates.push(c);
      if (long) claim(long.key, c);
    }
    for (const [key, stat] of this.phrases) {
      const target = byKey.get(key);
      if (target) {
        target.kinds.add('phrase');
        add(target, stat, 'note');
        continue;
      }
      if (this.phraseKnown(key) || this.ignoredPhrases.has(key)) continue;
      const c = candidate(termOf(stat.surfaces, key), 'phrase', stat.first!);
      add(c, stat, 'note');
      candidates.push(c);
      claim(key, c);
    }
    for (const [key, stat] of this.identifiers) {
      if (stat.prose.count === 0 || this.modules.has(key)) continue;
      let target = byKey.get(key);
      if (!target) {
        if (this.phraseKnown(key)) continue;
        target = candidate(termOf(stat.prose.surfaces, key), 'identifier', stat.prose.first!);
        candidates.push(target);
        claim(key, target);
        add(target, stat.prose, 'note');
      } else {
        target.kinds.add('identifier');
        // The capitalised phrase's uses are among the prose uses of the identifier's words.
        const phrase = this.phrases.get(key)?.count ?? 0;
        add(target, { files: stat.prose.files, count: Math.max(0, stat.prose.count - phrase) }, 'note');
      }
      add(target, stat, 'code');
      for (const [name, n] of stat.names) target.identifiers.set(name, (target.identifiers.get(name) ?? 0) + n);
    }

    const minCount = this.options.minCount ?? DEFAULT_MIN_COUNT;
    const ranked = candidates
      .filter((c) => c.count >= minCount)
      .map((c) => toSuggestion(c, this.domainShare(c.term)))
      .sort((a, b) => b.score - a.score || b.files - a.files || b.count - a.count || compare(a.term, b.term));
    const limit = this.options.limit ?? DEFAULT_LIMIT;
    return limit > 0 ? ranked.slice(0, limit) : ranked;
  }

  /**
   * The share of a term's words (connectors left out) that the glossary's own vocabulary has (a
   * word of one of its multi-word terms, or a one-word term) or that are proper names (capitalised,
   * not English: "Bollinger", beside another word). The glossary says what the domain is: "Risk
   * Model" shares its words, "Table of Contents" and "Goldman Sachs" do not.
   */
  private domainShare(term: string): number {
    const words = tokenize(term)
      .map((t) => t.norm)
      .filter((w) => !CONNECTORS.has(w));
    if (words.length === 0) return 0;
    const proper = new Set(
      tokenize(term)
        .filter((t) => /^\p{Lu}\D*$/u.test(term.slice(t.start, t.wordEnd)) && !this.glossary.dictionary.has(t.norm))
        .map((t) => t.norm),
    );
    // A phrase of names only ("Goldman Sachs", "Liheng Zhang") names a firm or a person, not a concept.
    if (words.every((w) => proper.has(w))) proper.clear();
    const inDomain = words.filter(
      (w) =>
        proper.has(w) ||
        this.glossary.vocabulary.has(w) ||
        singularCandidates(w).some((s) => this.glossary.vocabulary.has(s)) ||
        this.glossary.root.get(w)?.terminal,
    );
    return inDomain.length / words.length;
  }

  // ------------------------------------------------------------------ abbreviations

  private mineAbbreviations(doc: ParsedDocument, prose: readonly ScannedRegion[], file: string, at: (offset: number) => SuggestionLocation): void {
    const definitions: AbbreviationDefinition[] = [];
    for (const region of prose) {
      if (!(region.hasParenthesis || region.hasCapitals)) continue;
      for (const d of findAbbreviationDefinitions(doc.text, region.start, region.end)) definitions.push(d);
    }
    const here = new Set<string>();
    for (const d of definitions) {
      const key = shortKey(d.short);
      if (!key) continue;
      const long = d.long.replace(/\s+/g, ' ').trim();
      if (!this.mayBeSuggested(key)) {
        // "Application Programming Interface (API)": the long form of a well-known abbreviation is no candidate either.
        this.ignoredPhrases.add(this.canonical(phraseKey(long).split(' ')));
        continue;
      }
      if (!plausibleLongForm(long, key)) continue;
      const stat = this.abbreviation(key);
      const longKey = this.canonical(phraseKey(long).split(' '));
      let entry = stat.longForms.get(longKey);
      if (!entry) stat.longForms.set(longKey, (entry = { surfaces: new Map(), count: 0 }));
      entry.count++;
      entry.surfaces.set(long, (entry.surfaces.get(long) ?? 0) + 1);
      stat.definedIn.add(file);
      stat.example ??= at(d.start);
      here.add(key);
    }
    const kept = (offset: number): boolean => {
      let lo = 0;
      let hi = prose.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const r = prose[mid]!;
        if (r.end <= offset) lo = mid + 1;
        else if (r.start > offset) hi = mid - 1;
        else return true;
      }
      return false;
    };
    for (const f of noteFindings(doc, { knownAcronyms: [...this.known] })) {
      if ((f.code !== 'acronym.undefined' && f.code !== 'acronym.before-definition') || !kept(f.start)) continue;
      const key = shortKey(doc.text.slice(f.start, f.end));
      if (!key || !this.mayBeSuggested(key)) continue;
      this.abbreviation(key).first ??= at(f.start);
      here.add(key);
    }
    if (here.size === 0) return;
    // Every use of the abbreviations this note defines or leaves undefined, in its prose.
    const uses = new Map<string, number>();
    for (const region of prose) {
      if (!region.hasCapitals) continue;
      for (const t of region.tokens) {
        const word = doc.text.slice(t.start, t.wordEnd);
        const key = here.has(word) ? word : /s$/.test(word) && here.has(word.slice(0, -1)) ? word.slice(0, -1) : undefined;
        if (key) uses.set(key, (uses.get(key) ?? 0) + 1);
      }
    }
    for (const key of here) {
      const stat = this.abbreviation(key);
      stat.files.add(file);
      stat.count += Math.max(1, uses.get(key) ?? 0);
      stat.first ??= stat.example;
    }
  }

  private abbreviation(key: string): AbbreviationStat {
    let stat = this.abbreviations.get(key);
    if (!stat) this.abbreviations.set(key, (stat = { files: new Set(), count: 0, longForms: new Map(), definedIn: new Set() }));
    return stat;
  }

  /** Whether an abbreviation may be suggested at all: not a well-known, project-known, currency, Roman numeral or English word in capitals. */
  private mayBeSuggested(key: string): boolean {
    if (this.known.has(key) || isCurrencyCode(key) || capitalisedEnglishWords.has(key) || ROMAN.test(key)) return false;
    return !(key.length >= 4 && /^[A-Z]+$/.test(key) && this.glossary.dictionary.has(key.toLowerCase()));
  }

  /** Whether the glossary has the abbreviation (in any case) or the concept of its long form. */
  private abbreviationKnown(key: string, stat: AbbreviationStat): boolean {
    const concept = this.glossary.lookup(key);
    if (concept?.forms.some((f) => f.text.toUpperCase() === key.toUpperCase())) return true;
    const long = bestLongForm(stat);
    return long !== undefined && this.phraseKnown(long.key);
  }

  // ------------------------------------------------------------------ phrases

  private minePhrases(doc: ParsedDocument, prose: readonly ScannedRegion[], file: string, at: (offset: number) => SuggestionLocation): void {
    for (const region of prose) {
      if (region.tokens.length < 2) continue;
      for (const run of capitalisedRuns(doc, region)) {
        const first = run.tokens[0]!;
        const last = run.tokens[run.tokens.length - 1]!;
        const key = this.canonical(run.tokens.map((t) => t.norm));
        let stat = this.phrases.get(key);
        if (!stat) this.phrases.set(key, (stat = { files: new Set(), count: 0, surfaces: new Map() }));
        const surface = doc.text.slice(first.start, last.wordEnd).replace(/\s+/g, ' ');
        stat.surfaces.set(surface, (stat.surfaces.get(surface) ?? 0) + 1);
        stat.files.add(file);
        stat.count++;
        stat.first ??= at(first.start);
      }
    }
  }

  /**
   * The key of a phrase: its words, the last one in the singular when the English word list has
   * that shape ("token balances" → "token balance", "fees" → "fee"), so that both are one candidate.
   */
  private canonical(words: readonly string[]): string {
    const last = words[words.length - 1] ?? '';
    const singular = [...singularCandidates(last)].reverse().find((w) => this.glossary.dictionary.has(w));
    return [...words.slice(0, -1), singular ?? last].join(' ');
  }

  /**
   * Whether the glossary has the phrase (its last word in any singular shape too), or a name it
   * has followed by a word that only says what kind of thing the name is ("Uniswap Protocol").
   */
  private phraseKnown(key: string): boolean {
    const words = key.split(' ');
    if (words.length > 1 && NAME_KINDS.has(words[words.length - 1]!) && this.phraseKnown(words.slice(0, -1).join(' '))) return true;
    // "Uniswap V3" is a version of Uniswap.
    const unversioned = words.filter((w) => !VERSION.test(w));
    if (unversioned.length > 0 && unversioned.length < words.length) return this.phraseKnown(unversioned.join(' '));
    const last = words[words.length - 1]!;
    // The key's last word is singular; the glossary may write it in the plural ("Bollinger Bands").
    const plurals = [last + 's', last + 'es', ...(last.endsWith('y') ? [last.slice(0, -1) + 'ies'] : [])];
    for (const shape of [last, ...singularCandidates(last), ...plurals]) {
      const name = [...words.slice(0, -1), shape].join(' ');
      const concept = this.glossary.lookup(name);
      if (concept && concept.forms.some((f) => phraseKey(f.text) === name)) return true;
    }
    return false;
  }

  // ------------------------------------------------------------------ identifiers

  private mineIdentifiers(doc: ParsedDocument, file: string, at: (offset: number) => SuggestionLocation): void {
    for (const region of doc.regions) {
      if (region.kind !== 'identifier') continue;
      if (region.tokens.length < 2 || region.tokens.length > MAX_IDENTIFIER_WORDS) continue;
      const key = this.canonical(region.tokens.map((t) => t.norm));
      const words = key.split(' ');
      if (!isConceptIdentifier(words)) continue;
      let stat = this.identifiers.get(key);
      if (!stat) {
        stat = { files: new Set(), count: 0, words, names: new Map(), prose: { files: new Set(), count: 0, surfaces: new Map() } };
        this.identifiers.set(key, stat);
      }
      const name = doc.text.slice(region.start, region.end);
      if (IMPORTED.test(doc.text.slice(Math.max(0, region.start - 40), region.start))) this.modules.add(key);
      stat.names.set(name, (stat.names.get(name) ?? 0) + 1);
      stat.files.add(file);
      stat.count++;
      stat.first ??= at(region.start);
    }
  }

  /** Looks for every identifier's words, as a phrase, in the prose of every note kept. */
  private findIdentifiersInNotes(): void {
    if (this.identifiers.size === 0) return;
    const byFirst = new Map<string, IdentifierStat[]>();
    for (const stat of this.identifiers.values()) {
      const list = byFirst.get(stat.words[0]!);
      if (list) list.push(stat);
      else byFirst.set(stat.words[0]!, [stat]);
    }
    // A word that starts thousands of identifiers would make every use of it in prose a long check: keep its most used ones.
    for (const [word, list] of byFirst)
      if (list.length > MAX_IDENTIFIERS_PER_WORD) byFirst.set(word, list.sort((a, b) => b.count - a.count).slice(0, MAX_IDENTIFIERS_PER_WORD));
    for (const note of this.notes) {
      for (const region of note.regions) {
        const tokens = tokenize(note.text, region.start, region.end);
        for (let i = 0; i + 1 < tokens.length; i++) {
          const candidates = byFirst.get(tokens[i]!.norm);
          if (!candidates) continue;
          for (const stat of candidates) {
            const n = stat.words.length;
            if (!phraseAt(tokens, i, stat.words)) continue;
            const first = tokens[i]!;
            const last = tokens[i + n - 1]!;
            const surface = note.text.slice(first.start, last.wordEnd).replace(/\s+/g, ' ');
            const prose = stat.prose;
            prose.surfaces.set(surface, (prose.surfaces.get(surface) ?? 0) + 1);
            prose.files.add(note.file);
            prose.count++;
            if (!prose.first) {
              const p = note.positionAt(first.start);
              prose.first = { file: note.name, line: p.line + 1, column: p.character + 1 };
            }
          }
        }
      }
    }
    this.notes.length = 0;
  }
}

/** A candidate being assembled from its evidence. */
interface Candidate {
  readonly term: string;
  abbreviation?: string;
  definedIn?: number;
  readonly kinds: Set<SuggestionKind>;
  /** Files whose prose shows it, and files whose code alone does. */
  readonly noteFiles: Set<string>;
  readonly codeFiles: Set<string>;
  count: number;
  readonly identifiers: Map<string, number>;
  readonly example: SuggestionLocation;
}

function candidate(term: string, kind: SuggestionKind, example: SuggestionLocation): Candidate {
  return { term, kinds: new Set([kind]), noteFiles: new Set(), codeFiles: new Set(), count: 0, identifiers: new Map(), example };
}

/** Adds a tally's files (as note or code files) and uses to a candidate. */
function add(target: Candidate, stat: { readonly files: ReadonlySet<string>; readonly count: number }, where: 'note' | 'code'): void {
  for (const f of stat.files) (where === 'note' ? target.noteFiles : target.codeFiles).add(f);
  target.count += stat.count;
}

const KIND_ORDER: readonly SuggestionKind[] = ['abbreviation', 'phrase', 'identifier', 'undefined-abbreviation'];

/**
 * How much a file of each kind of evidence weighs: an abbreviation the author wrote out names a
 * concept for sure, and a capitalised phrase recurring in running text almost always does; the
 * words of an identifier in prose are as often plain English ("third party"); an abbreviation never
 * written out is as often a ticker, a product or a name.
 */
const KIND_WEIGHT: Record<SuggestionKind, number> = { abbreviation: 1.25, phrase: 1, identifier: 0.6, 'undefined-abbreviation': 0.5 };
/** What a file whose code alone has the identifier counts for, against a note's prose: an identifier is in every file that imports it. */
const CODE_FILE_WEIGHT = 0.25;

/**
 * A candidate's score: its files (a note counting 1, a code-only file {@link CODE_FILE_WEIGHT}),
 * times the weight of its strongest evidence, times 0.25 to 1 by the share of its words that are
 * the glossary's vocabulary or proper names ({@link SuggestionCollector.domainShare}); plus a tenth of a file per doubling of its uses, to break ties.
 */
function toSuggestion(c: Candidate, domainShare: number): Suggestion {
  const evidence = KIND_ORDER.filter((k) => c.kinds.has(k));
  const kind = evidence[0]!;
  const weight = Math.max(...evidence.map((k) => KIND_WEIGHT[k]));
  const codeOnly = [...c.codeFiles].filter((f) => !c.noteFiles.has(f)).length;
  const files = c.noteFiles.size + codeOnly;
  const raw = (c.noteFiles.size + CODE_FILE_WEIGHT * codeOnly) * weight * (0.25 + 0.75 * domainShare) + 0.1 * Math.log2(1 + c.count);
  const identifiers = [...c.identifiers.entries()]
    .sort(([a, x], [b, y]) => y - x || compare(a, b))
    .slice(0, 5)
    .map(([name]) => name);
  return {
    term: c.term,
    ...(c.abbreviation !== undefined ? { abbreviation: c.abbreviation } : {}),
    kind,
    evidence,
    score: Math.round(raw * 100) / 100,
    files,
    count: c.count,
    ...(c.definedIn ? { definedIn: c.definedIn } : {}),
    ...(identifiers.length > 0 ? { identifiers } : {}),
    example: c.example,
  };
}

/**
 * The candidate concepts of `documents` that `glossary` does not know, best first: ranked by the
 * files they are seen in (an abbreviation never written out counts half), then by how often.
 */
export function suggestConcepts(documents: Iterable<SuggestDocument>, glossary: CompiledGlossary, options: SuggestOptions = {}): Suggestion[] {
  const collector = new SuggestionCollector(glossary, options);
  for (const d of documents) collector.add(d);
  return collector.suggestions();
}

// ------------------------------------------------------------------ helpers

/** Roman numerals up to 39 ("Part II", "Basel III"). */
const ROMAN = /^X{0,3}(?:IX|IV|V?I{0,3})$/;

/**
 * The key of a short form: the capitals of an abbreviation without a plural `s` ("CLOBs" → "CLOB"),
 * or a mixed-case short form with two capitals as written ("PnL", "DeFi"); else undefined.
 */
function shortKey(short: string): string | undefined {
  const key = abbreviationKey(short);
  if (key) return key;
  if (/^[\p{L}\p{N}]{2,10}$/u.test(short) && (short.match(/\p{Lu}/gu)?.length ?? 0) >= 2 && /^\p{L}/u.test(short)) return short;
  return undefined;
}

/** A phrase's words, lower-cased, separated by single spaces (hyphens and dashes are spaces too). */
function phraseKey(text: string): string {
  return tokenize(text)
    .map((t) => t.norm)
    .join(' ');
}

/** The most written long form of an abbreviation and its most written surface. */
function bestLongForm(stat: AbbreviationStat): { key: string; surface: string } | undefined {
  let best: { key: string; count: number; surfaces: Map<string, number> } | undefined;
  for (const [key, entry] of stat.longForms) {
    if (!best || entry.count > best.count || (entry.count === best.count && key < best.key)) best = { key, ...entry };
  }
  return best && { key: best.key, surface: termOf(best.surfaces, best.key) };
}

/**
 * The term to propose for a phrase of key `key` (its last word singular): the singular written
 * most often, else the surface written most often with its last word made singular ("trading
 * pairs" → "trading pair"), as glossary terms are; a capitalised plural is left as it is.
 */
function termOf(surfaces: ReadonlyMap<string, number>, key: string): string {
  const singular = new Map([...surfaces].filter(([surface]) => phraseKey(surface) === key));
  if (singular.size > 0) return mostCommon(singular);
  const surface = mostCommon(surfaces);
  const words = tokenize(surface);
  const last = words[words.length - 1];
  const want = key.split(' ').pop();
  if (!last || !want || !surface.slice(last.start, last.wordEnd).toLowerCase().startsWith(want.slice(0, -1))) return surface;
  // A capitalised plural may be a name ("Bollinger Bands", "United States"): kept as written.
  if (/^\p{Lu}/u.test(surface.slice(last.start, last.wordEnd))) return surface;
  return surface.slice(0, last.start) + want + surface.slice(last.wordEnd);
}

/** The most frequent key of a tally, ties broken for the one with fewer capitals, then alphabetically. */
function mostCommon(counts: ReadonlyMap<string, number>): string {
  let best: [string, number] | undefined;
  for (const entry of counts) {
    if (!best || entry[1] > best[1] || (entry[1] === best[1] && (capitalCount(entry[0]) < capitalCount(best[0]) || compare(entry[0], best[0]) < 0)))
      best = entry;
  }
  return best?.[0] ?? '';
}

function capitalCount(s: string): number {
  return s.match(/\p{Lu}/gu)?.length ?? 0;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether `words` (from `tokens[i]` on, joined by spaces or hyphens) are there, the last one perhaps in the plural. */
function phraseAt(tokens: readonly Token[], i: number, words: readonly string[]): boolean {
  const n = words.length;
  if (i + n > tokens.length) return false;
  for (let k = 0; k < n; k++) {
    const t = tokens[i + k]!;
    if (k > 0 && t.sep !== 'space' && t.sep !== 'hyphen') return false;
    // "the order's fill" is not "order fill".
    if (k < n - 1 && t.end !== t.wordEnd) return false;
    if (t.norm === words[k]) continue;
    if (k === n - 1 && singularCandidates(t.norm).includes(words[k]!)) continue;
    return false;
  }
  return true;
}

/**
 * Whether an identifier's words may name a concept: two to four words of at least two letters, no
 * digits, none a word of programming ({@link CODE_WORDS}), not one word twice.
 */
function isConceptIdentifier(words: readonly string[]): boolean {
  if (words.length < 2 || words.length > MAX_IDENTIFIER_WORDS) return false;
  if (new Set(words).size !== words.length || ACTION_WORDS.has(words[0]!)) return false;
  return words.every((w) => w.length >= 2 && /^\p{L}+$/u.test(w) && !CODE_WORDS.has(w) && !GENERIC_WORDS.has(w));
}

/**
 * Whether a long form found for an abbreviation reads as a name: letters, no digits, not set in
 * capitals throughout, at most {@link MAX_LONG_FORM} characters, not opening with a small word
 * ("for Brazilian listed companies (FII)") and not holding the abbreviation itself.
 */
function plausibleLongForm(long: string, key: string): boolean {
  if (long.length > MAX_LONG_FORM || !/\p{Ll}/u.test(long) || /\p{N}/u.test(long)) return false;
  const words = tokenize(long).map((t) => t.norm);
  if (words.length === 0 || CONNECTORS.has(words[0]!) || DETERMINERS.has(words[0]!) || /^(?:in|on|to|at|with|or)$/.test(words[0]!)) return false;
  return !words.includes(key.toLowerCase());
}

/** A 52-bit hash of `text[start, end)` (two FNV-1a hashes), to compare paragraphs without keeping them. */
function textHash(text: string, start: number, end: number): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a * 0x100000 + (b & 0xfffff);
}

/** A word that may be part of a capitalised phrase: "Order", "DeFi", "ETH", "V3". */
function capitalised(word: string): boolean {
  return /^\p{Lu}[\p{L}\p{M}\p{N}]*$/u.test(word);
}

/** A capitalised word, its second letter in lower case ("Order", "DeFi"): a phrase needs one; "USD LIBOR" and "PRs" are abbreviations. */
function titleWord(word: string): boolean {
  return /^\p{Lu}\p{Ll}[\p{L}\p{M}]+$/u.test(word);
}

/** A name of code written in prose: a word with two humps or more ("NonfungiblePositionManager"); "PancakeSwap" is a brand. */
function codeName(word: string): boolean {
  return (word.match(/\p{Ll}\p{Lu}/gu)?.length ?? 0) >= 2;
}

/**
 * The capitalised phrases of a prose region that read as terms: runs of two to six capitalised
 * words (with connectors such as "of" between them) inside a sentence. A sentence's first word is
 * left out when it is an English word (at a sentence start every word is capitalised); runs in
 * headings, in lines without running text (labels, table headers, lists of names), in link texts
 * and before "et al." (authors) are not phrases.
 */
function capitalisedRuns(doc: ParsedDocument, region: ScannedRegion): Run[] {
  const { text } = doc;
  const tokens = region.tokens;
  const out: Run[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const word = text.slice(t.start, t.wordEnd);
    if (!capitalised(word)) {
      i++;
      continue;
    }
    // Extend the run over capitalised words and connectors followed by one.
    let j = i;
    for (;;) {
      const next = tokens[j + 1];
      if (!next || (next.sep !== 'space' && next.sep !== 'hyphen') || lineBreakBetween(text, tokens[j]!, next)) break;
      const w = text.slice(next.start, next.wordEnd);
      if (capitalised(w)) {
        j++;
        continue;
      }
      const after = tokens[j + 2];
      if (
        CONNECTORS.has(w) &&
        after &&
        (after.sep === 'space' || after.sep === 'hyphen') &&
        !lineBreakBetween(text, next, after) &&
        capitalised(text.slice(after.start, after.wordEnd))
      ) {
        j += 2;
        continue;
      }
      break;
    }
    const run = trimRun(doc, tokens.slice(i, j + 1));
    i = j + 1;
    if (run && acceptedRun(doc, region, run)) out.push({ tokens: run });
  }
  return out;
}

/** Whether a line break separates two tokens (a phrase is written on one line; a wrapped one is rare). */
function lineBreakBetween(text: string, a: Token, b: Token): boolean {
  for (let k = a.end; k < b.start; k++) if (text.charCodeAt(k) === 0x0a) return true;
  return false;
}

/** A run without its sentence-opening English word, determiners and trailing connectors; undefined when too short or too long. */
function trimRun(doc: ParsedDocument, run: Token[]): Token[] | undefined {
  const { text } = doc;
  let from = 0;
  let to = run.length;
  const words = (k: number): string => text.slice(run[k]!.start, run[k]!.wordEnd);
  for (;;) {
    if (from >= to) return undefined;
    const t = run[from]!;
    const lower = t.norm;
    if (CONNECTORS.has(lower) || DETERMINERS.has(lower)) {
      from++;
      continue;
    }
    // At a sentence start every word is capitalised: an English word there may be an ordinary one.
    if (from === 0 && sentenceStart(doc, t.start) && titleWord(words(from)) && doc.glossary.dictionary.has(lower)) {
      from++;
      continue;
    }
    break;
  }
  while (to > from && CONNECTORS.has(run[to - 1]!.norm)) to--;
  const kept = run.slice(from, to);
  const content = kept.filter((t) => !CONNECTORS.has(t.norm));
  if (content.length < 2 || content.length > MAX_PHRASE_WORDS) return undefined;
  if (!kept.some((t) => titleWord(text.slice(t.start, t.wordEnd)))) return undefined;
  // A firm ("dYdX Trading Inc"), or a name with a software abbreviation ("Cosmos SDK", "API Example").
  const written = kept.map((t) => text.slice(t.start, t.wordEnd));
  if (COMPANY_SUFFIXES.has(kept[kept.length - 1]!.norm) || written.some((w) => wellKnownAbbreviations.has(w.replace(/(?<=\p{Lu})s$/u, '')) || codeName(w)))
    return undefined;
  // "and" joins two names ("Ethereum and WMATIC") unless both sides are words ("Profit and Loss").
  for (let k = 1; k + 1 < kept.length; k++) {
    if (kept[k]!.norm !== 'and') continue;
    if (!titleWord(text.slice(kept[k - 1]!.start, kept[k - 1]!.wordEnd)) || !titleWord(text.slice(kept[k + 1]!.start, kept[k + 1]!.wordEnd))) return undefined;
  }
  return kept;
}

/**
 * Whether a word opens a sentence: after `.`, `!`, `?` or `:`, at the start of a paragraph, list
 * item, quote or table cell, or of the document (Markdown emphasis, quotes and brackets skipped).
 * A word at the start of a wrapped line inside a paragraph does not.
 */
function sentenceStart(doc: ParsedDocument, offset: number): boolean {
  const { text } = doc;
  let k = offset - 1;
  const floor = Math.max(0, offset - CONTEXT_REACH);
  while (k >= floor && /[ \t*_"'“‘([]/.test(text[k]!)) k--;
  if (k < floor) return true;
  const c = text[k]!;
  if (c === '.' || c === '!' || c === '?' || c === ':' || c === '|' || c === '>' || c === '#') return true;
  if (c === '-' || c === '+') return k === 0 || /\s/.test(text[k - 1]!);
  if (c !== '\n') return /\d/.test(c) && text[k + 1] === '.' ? true : false;
  // The word starts a line: a new block when the line before is blank or a list item starts here.
  const lineStart = k + 1;
  const prefix = text.slice(lineStart, offset);
  if (/^\s*(?:[-*+]|\d+[.)])\s/.test(prefix)) return true;
  const before = text.lastIndexOf('\n', k - 1);
  return text.slice(before + 1, k).trim() === '';
}

/** Whether a run is a phrase of running text: see {@link capitalisedRuns}. */
function acceptedRun(doc: ParsedDocument, region: ScannedRegion, run: readonly Token[]): boolean {
  const { text } = doc;
  const start = run[0]!.start;
  const end = run[run.length - 1]!.wordEnd;
  const line = doc.lines.lineOf(start);
  const lineStart = doc.lines.lineStart(line);
  const nextLine = doc.lines.lineStart(line + 1);
  const lineEnd = nextLine > lineStart ? nextLine : text.length;
  // Headings: ATX ("## Order Book") and setext (a line of = or - under it).
  if (/^ {0,3}#{1,6}[ \t]/.test(text.slice(lineStart, Math.min(start, lineStart + 12)))) return false;
  const below = text.slice(lineEnd, lineEnd + 200);
  if (/^ {0,3}(?:=+|-+)[ \t]*\r?(?:\n|$)/.test(below)) return false;
  // The running text around the run on its line (in a table, its cell): at least three lower-case words.
  const from = Math.max(lineStart, start - CONTEXT_REACH);
  const to = Math.min(lineEnd, end + CONTEXT_REACH);
  const rawBefore = text.slice(from, start);
  const rawAfter = text.slice(end, to);
  // A link text names what it links to.
  const open = rawBefore.lastIndexOf('[');
  if (open >= 0 && rawBefore.indexOf(']', open) < 0 && /^[^\]\n]*\][([]/.test(rawAfter)) return false;
  let before = withoutMarkup(rawBefore);
  let after = withoutMarkup(rawAfter);
  const pipeBefore = before.lastIndexOf('|');
  const pipeAfter = after.indexOf('|');
  if (pipeBefore >= 0) before = before.slice(pipeBefore + 1);
  if (pipeAfter >= 0) after = after.slice(0, pipeAfter);
  const lowerWords = (s: string): number => s.match(/(?<![\p{L}\p{N}_])\p{Ll}[\p{L}]*/gu)?.length ?? 0;
  if (lowerWords(before) + lowerWords(after) < 3) return false;
  // Authors of a cited work ("Yao Qin, et al."), and a name after "by".
  if (/^[^\n]{0,40}\bet al\b/.test(after) || /\bby\s+$/i.test(before)) return false;
  // The label of a control or a part of a page.
  const next = /^[\s*_`"'”’]*(\p{L}+)/u.exec(after)?.[1]?.toLowerCase();
  return !(next !== undefined && UI_WORDS.has(next)) && region.tokens.length > 0;
}

/**
 * Text with what is not running text blanked out: HTML tags, URLs, code spans and link targets
 * ("<Button href=…>API Example</Button>" has no running text).
 */
function withoutMarkup(text: string): string {
  return text
    .replace(/<[^<>\n]*>/g, ' ')
    .replace(/\]\([^()\n]*\)/g, '] ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S*/gi, ' ');
}

// ------------------------------------------------------------------ glossary YAML

/** Options of {@link suggestionsYaml}. */
export interface SuggestionsYamlOptions {
  /** Comment lines to open the file with (without `# `). */
  readonly header?: readonly string[];
}

/**
 * The suggestions as a glossary file in termlens's format (`glossary/termlens.glossary.schema.json`),
 * ready to paste: one concept per suggestion with `status: proposed`, its abbreviation, a
 * placeholder definition for an abbreviation never written out, and a `# file:line:column`
 * comment naming where it was seen and how often.
 */
export function suggestionsYaml(suggestions: readonly Suggestion[], options: SuggestionsYamlOptions = {}): string {
  const lines: string[] = (options.header ?? []).map((h) => `# ${commentText(h)}`.trimEnd());
  lines.push('version: 1', suggestions.length === 0 ? 'concepts: []' : 'concepts:');
  for (const s of suggestions) {
    const where = `${s.example.file}:${s.example.line}:${s.example.column}`;
    lines.push(`  # ${commentText(`${where}  ${evidenceText(s)}`)}`);
    if (s.identifiers) lines.push(`  # ${commentText(`code: ${s.identifiers.join(', ')}`)}`);
    lines.push(`  - term: ${yamlScalar(s.term)}`);
    if (s.abbreviation !== undefined && s.abbreviation !== s.term) lines.push(`    abbreviations: [${yamlScalar(s.abbreviation)}]`);
    if (s.kind === 'undefined-abbreviation') lines.push('    definitions:', `      - ${yamlScalar(`TODO: write out ${s.term} and say what it means.`)}`);
    lines.push('    status: proposed');
  }
  return lines.join('\n') + '\n';
}

/** One line saying what a suggestion rests on: "written out in 3 files; 12 files, 40 uses". */
function evidenceText(s: Suggestion): string {
  const parts: string[] = [];
  for (const kind of s.evidence) {
    if (kind === 'abbreviation') parts.push(`written out in ${plural(s.definedIn ?? 0, 'file')}`);
    else if (kind === 'undefined-abbreviation') parts.push('never written out');
    else if (kind === 'phrase') parts.push('capitalised phrase');
    else parts.push('identifier in code and notes');
  }
  return `${parts.join(', ')}; ${plural(s.files, 'file')}, ${plural(s.count, 'use')}, score ${s.score}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Text safe in a YAML comment: one line, no control characters. */
function commentText(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?');
}

/** Plain YAML scalars that would read as something other than a string. */
const YAML_SPECIAL = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;

/** A string as a YAML scalar: plain when that is unambiguous (also inside a flow list), else double-quoted (a JSON string is one). */
function yamlScalar(text: string): string {
  if (/^\p{L}(?:[\p{L}\p{M}\p{N} .'’&/+-]*[\p{L}\p{M}\p{N}.])?$/u.test(text) && !YAML_SPECIAL.test(text) && !text.includes('  ')) return text;
  return JSON.stringify(text);
}
