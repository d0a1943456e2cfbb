/** `1 concept`, `2 concepts`: re-exported from the shared leaf `shared/count.ts`, which the client imports. */
export { count } from '../../shared/count';
