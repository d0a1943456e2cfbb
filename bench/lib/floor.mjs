/**
 * The reading-only floor of `npm run bench`: how fast one Node thread can merely tokenize every
 * word of a corpus and look each word position up in a word trie of the glossary's forms, with no
 * Markdown parsing, no near-miss lookups, no diagnostics and no process start-up. No term linter
 * that reads every word can be faster than this on one thread; the CLI throughput target is stated
 * as a share of it.
 */

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

// The exported shapes are declared in floor.d.mts (which importers see); this file is checked against it.
/** @typedef {import('./generate.mjs').GlossaryFile} GlossaryFile */
/** @typedef {import('./floor.d.mts').FloorResult} FloorResult */

/** A trie node: the next word's nodes, and whether a form ends here. @typedef {{ next: Map<string, TrieNode>, end: boolean }} TrieNode */

/** Words as a term linter reads them: runs of letters and digits, apostrophes inside a word kept. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;

/**
 * The lower-cased words of `text`.
 * @param {string} text
 * @returns {string[]}
 */
function words(text) {
  /** @type {string[]} */
  const out = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) out.push(m[0].toLowerCase());
  return out;
}

/**
 * A word trie of every form (term, aliases, abbreviations, deprecated forms) of `glossary`.
 * @param {GlossaryFile} glossary
 * @returns {{ root: TrieNode, forms: number }}
 */
function buildTrie(glossary) {
  /** @type {TrieNode} */
  const root = { next: new Map(), end: false };
  let forms = 0;
  for (const c of glossary.concepts) {
    for (const form of [c.term, ...(c.aliases ?? []), ...(c.abbreviations ?? []), ...(c.deprecated ?? []).map((d) => d.form)]) {
      let node = root;
      for (const w of words(form)) {
        let child = node.next.get(w);
        if (!child) node.next.set(w, (child = { next: new Map(), end: false }));
        node = child;
      }
      if (node !== root) {
        node.end = true;
        forms++;
      }
    }
  }
  return { root, forms };
}

/**
 * Tokenizes `text` and walks the trie from every word position as far as it goes; returns the
 * word count and how many positions start a form (the longest match counted once).
 * @param {string} text
 * @param {TrieNode} root
 * @returns {{ words: number, matches: number }}
 */
function scan(text, root) {
  const ws = words(text);
  let matches = 0;
  for (let i = 0; i < ws.length; i++) {
    let node = root.next.get(ws[i]);
    let found = false;
    for (let j = i + 1; node; j++) {
      if (node.end) found = true;
      if (j >= ws.length) break;
      node = node.next.get(ws[j]);
    }
    if (found) matches++;
  }
  return { words: ws.length, matches };
}

/**
 * Every `.md` file under `dir`, sorted.
 * @param {string} dir
 * @returns {string[]}
 */
function markdownFiles(dir) {
  /** @type {string[]} */
  const out = [];
  const visit = (/** @type {string} */ folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.md')) out.push(full);
    }
  };
  visit(dir);
  return out.sort();
}

/**
 * Measures the floor on the Markdown files under `dir` with the forms of `glossaryFile`: the files
 * are read once (timed apart), then one untimed pass warms the code up and `passes` timed passes
 * tokenize and trie-match every text; the median pass is reported.
 * @param {{ dir: string, glossaryFile: string, passes?: number }} options `passes`: default 3
 * @returns {FloorResult}
 */
export function measureFloor({ dir, glossaryFile, passes = 3 }) {
  /** @type {GlossaryFile} */
  const glossary = JSON.parse(readFileSync(glossaryFile, 'utf8'));
  const { root, forms } = buildTrie(glossary);
  const files = markdownFiles(dir);
  const t0 = performance.now();
  const texts = files.map((f) => readFileSync(f, 'utf8'));
  const readMs = performance.now() - t0;
  const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  let counted = { words: 0, matches: 0 };
  /** @type {number[]} */
  const times = [];
  for (let pass = 0; pass <= passes; pass++) {
    const started = performance.now();
    let w = 0;
    let m = 0;
    for (const text of texts) {
      const r = scan(text, root);
      w += r.words;
      m += r.matches;
    }
    if (pass > 0) times.push(performance.now() - started);
    counted = { words: w, matches: m };
  }
  const matchMs = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  return {
    files: files.length,
    bytes,
    forms,
    ...counted,
    readMs,
    matchMs,
    passes,
    mbPerSec: bytes / 1e6 / (matchMs / 1000),
    withReadMbPerSec: bytes / 1e6 / ((matchMs + readMs) / 1000),
  };
}
