/**
 * `LineIndex` (server/src/core/text/lineIndex.ts), the one line index of the code base, maps offsets
 * and positions exactly as vscode-languageserver-textdocument does (the editor's document model
 * the server hands it), on texts with `\n`, `\r\n` and lone `\r` line breaks, and out-of-range
 * offsets and positions.
 */

import { describe, expect, test } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { mulberry32 as random } from '../../bench/lib/generate.mjs';
import { LineIndex } from '../../server/src/core/text/lineIndex';

const PIECES = ['a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', '\r\r\n', '😀', 'é'];

function randomText(next: () => number): string {
  const length = Math.floor(next() * 30);
  let text = '';
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

describe('LineIndex', () => {
  test('agrees with TextDocument on positionAt, offsetAt, lineStart and lineCount', () => {
    const next = random(20260202);
    for (let round = 0; round < 500; round++) {
      const text = randomText(next);
      const doc = TextDocument.create('', '', 0, text);
      const lines = new LineIndex(text);
      expect(lines.lineCount).toBe(doc.lineCount);
      for (let offset = -2; offset <= text.length + 2; offset++) {
        expect(lines.positionAt(offset), JSON.stringify({ text, offset })).toEqual(doc.positionAt(offset));
        expect(lines.lineOf(offset)).toBe(doc.positionAt(offset).line);
      }
      for (let line = -1; line <= doc.lineCount + 1; line++) {
        expect(lines.lineStart(line)).toBe(doc.offsetAt({ line, character: 0 }));
        for (let character = -1; character <= 8; character++) {
          expect(lines.offsetAt({ line, character }), JSON.stringify({ text, line, character })).toBe(doc.offsetAt({ line, character }));
        }
      }
    }
  });

  test('lineText is each line without its line break', () => {
    const text = 'one\r\ntwo\rthree\n\nfour';
    const lines = new LineIndex(text);
    expect([0, 1, 2, 3, 4, 5].map((line) => lines.lineText(line))).toEqual(['one', 'two', 'three', '', 'four', '']);
    expect(new LineIndex('').lineCount).toBe(1);
    expect(new LineIndex('a\n').lineText(1)).toBe('');
  });

  test('a mapper, when given, answers instead of the index', () => {
    const text = 'ab\ncd';
    const doc = TextDocument.create('', '', 0, text);
    const lines = new LineIndex(text, doc);
    expect(lines.positionAt(4)).toEqual({ line: 1, character: 1 });
    expect(lines.offsetAt({ line: 1, character: 0 })).toBe(3);
    expect(lines.lineOf(4)).toBe(1);
    expect(lines.lineText(1)).toBe('cd');
  });
});
