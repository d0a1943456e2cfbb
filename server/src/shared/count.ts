/**
 * `1 concept`, `2 concepts`: a count with its noun, for logs and the status bar. A shared leaf
 * (no imports): the VS Code client imports it without pulling in server code; `text/count.ts`
 * re-exports it for the server.
 */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
