/**
 * `visitValidJson`, the scan that finds where a JSON glossary's entries and forms are written,
 * against jsonc-parser's `visit` on the same texts: the same events at the same offsets.
 */

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { visit } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { visitValidJson, type JsonVisitor } from '../../server/src/core/glossary/jsonPositions';
import { repoRoot } from './helpers';

/** Every event of a visitor, as strings. */
function events(run: (visitor: JsonVisitor) => void): string[] {
  const out: string[] = [];
  run({
    onObjectBegin: (offset) => void out.push(`{ ${offset}`),
    onObjectEnd: () => void out.push('}'),
    onArrayBegin: () => void out.push('['),
    onArrayEnd: () => void out.push(']'),
    onObjectProperty: (name) => void out.push(`key ${name}`),
    onLiteralValue: (_value, offset, length) => void out.push(`value ${offset} ${length}`),
  });
  return out;
}

const byJsonc = (text: string): string[] =>
  events((v) =>
    visit(text, {
      onObjectBegin: (offset) => v.onObjectBegin(offset),
      onObjectEnd: () => v.onObjectEnd(),
      onArrayBegin: () => v.onArrayBegin(),
      onArrayEnd: () => v.onArrayEnd(),
      onObjectProperty: (name) => v.onObjectProperty(name),
      onLiteralValue: (_value, offset, length) => v.onLiteralValue(undefined, offset, length),
    }),
  );
const byScan = (text: string): string[] => events((v) => visitValidJson(text, v));

describe('visitValidJson', () => {
  it.each([
    ['an empty glossary', '{"concepts":[]}'],
    ['strings with escapes and quotes', '{"concepts":[{"term":"A \\"quoted\\" \\\\ term","aliases":["x\\\\","y\\u0022z"]}]}'],
    ['escaped and unicode member names', '{"con\\u0063epts":[{"t\\"erm":"é","☃":1}]}'],
    ['numbers, booleans and null', '{"a":[1,-2.5e+3,true,false,null,{"b":0}],"c":{}}'],
    ['whitespace everywhere', '\n {\r\n\t"concepts" :\n [ { "term" : "x" , "related" : [ "y" ] } ]\n}\n'],
    ['nested objects in lists', '{"concepts":[{"term":"x","aliases":[{"form":"X","caseSensitive":true}],"definitions":[{"text":"d","source":"s"}]}]}'],
  ])('gives the events jsonc-parser gives for %s', (_name, text) => {
    JSON.parse(text);
    expect(byScan(text)).toEqual(byJsonc(text));
  });

  it('gives the events jsonc-parser gives for the bundled glossary', () => {
    const text = readFileSync(path.join(repoRoot, 'glossary', 'bundled.glossary.json'), 'utf8');
    const expected = byJsonc(text);
    expect(expected.length).toBeGreaterThan(10000);
    expect(byScan(text)).toEqual(expected);
  });
});
