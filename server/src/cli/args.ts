/** Command-line arguments read with `node:util`'s `parseArgs`, for the commands to check and word their errors. */

import { parseArgs, type ParseArgsConfig } from 'node:util';

/** One argument: a positional one, the `--` that ends the options, or an option and its value. */
export type Arg =
  | { readonly kind: 'positional'; readonly value: string }
  | { readonly kind: 'terminator' }
  | {
      readonly kind: 'option';
      /** The option's long name, e.g. `help` for `-h`. */
      readonly name: string;
      /** Whether it is one of the options, written as one (`-hx` or `--help-me` is not). */
      readonly known: boolean;
      /** The option as written, without an inline value: `--format` of `--format=json`, all of `-hx`. */
      readonly written: string;
      /** The whole argument, e.g. `--format=json`. */
      readonly arg: string;
      /** The value: inline (`--format=json`) or, for a string option, the next argument whatever it is. */
      readonly value?: string;
      readonly inline: boolean;
    };

/**
 * `args` as `parseArgs` reads them with `options` (not strictly, so that unknown options and
 * missing values come back as they are written), in order.
 */
export function readArgs(args: readonly string[], options: NonNullable<ParseArgsConfig['options']>): Arg[] {
  const { tokens } = parseArgs({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  const read: Arg[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') read.push({ kind: 'positional', value: token.value });
    else if (token.kind === 'option-terminator') read.push({ kind: 'terminator' });
    else {
      const arg = args[token.index] ?? '';
      // A short option group (`-hx`) is one token per letter: each is written as the whole argument.
      const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
      const written = eq > 0 ? arg.slice(0, eq) : arg;
      const known = written === token.rawName && Object.hasOwn(options, token.name);
      read.push({
        kind: 'option',
        name: token.name,
        known,
        written,
        arg,
        inline: token.inlineValue === true,
        ...(token.value !== undefined ? { value: token.value } : {}),
      });
    }
  }
  return read;
}
