/**
 * Form keys (see `formKey`) of a whole glossary, compared without building them: a glossary of
 * 100,000 concepts has several hundred thousand forms, and a `Map` keyed by their key strings
 * costs a string and a map entry per form, on every load and every merge.
 */

import { formKey, formKeyHash } from './format';

/**
 * A map from form keys to non-negative integers (say, form or concept numbers), by open
 * addressing over typed arrays. It stores no strings: `textOf(value)` gives back a text with the
 * key a value was stored under, and keys are built (to tell a collision from a match) only when
 * two hashes are equal.
 */
export class FormKeyTable {
  private hashes: Int32Array;
  /** Value + 1 per slot; 0 is an empty slot. */
  private values: Int32Array;
  private size = 0;

  /** `expected`: about how many keys will be stored (the table grows past it). */
  constructor(
    expected: number,
    private readonly textOf: (value: number) => string,
  ) {
    let slots = 16;
    while (slots < expected * 2) slots *= 2;
    this.hashes = new Int32Array(slots);
    this.values = new Int32Array(slots);
  }

  /** The value stored under the key of `text`, or -1. */
  get(text: string): number {
    const slot = this.find(text, formKeyHash(text));
    return slot < 0 ? -1 : this.values[slot]! - 1;
  }

  /** Stores `value` under the key of `text`; returns the value it replaces, or -1. */
  set(text: string, value: number): number {
    const hash = formKeyHash(text);
    const slot = this.find(text, hash);
    if (slot >= 0) {
      const previous = this.values[slot]! - 1;
      this.values[slot] = value + 1;
      return previous;
    }
    if (++this.size * 2 > this.values.length) this.grow();
    const mask = this.values.length - 1;
    let i = hash & mask;
    while (this.values[i] !== 0) i = (i + 1) & mask;
    this.hashes[i] = hash;
    this.values[i] = value + 1;
    return -1;
  }

  /** The slot holding the key of `text`, or -1. */
  private find(text: string, hash: number): number {
    const mask = this.values.length - 1;
    let key: string | undefined;
    for (let i = hash & mask; this.values[i] !== 0; i = (i + 1) & mask) {
      if (this.hashes[i] !== hash) continue;
      const stored = this.textOf(this.values[i]! - 1);
      if (stored === text) return i;
      key ??= formKey(text);
      if (formKey(stored) === key) return i;
    }
    return -1;
  }

  private grow(): void {
    const { hashes, values } = this;
    this.hashes = new Int32Array(values.length * 2);
    this.values = new Int32Array(values.length * 2);
    const mask = this.values.length - 1;
    for (let s = 0; s < values.length; s++) {
      if (values[s] === 0) continue;
      let i = hashes[s]! & mask;
      while (this.values[i] !== 0) i = (i + 1) & mask;
      this.hashes[i] = hashes[s]!;
      this.values[i] = values[s]!;
    }
  }
}
