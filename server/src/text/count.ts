/** `1 concept`, `2 concepts`: a count with its noun, for logs and the status bar. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
