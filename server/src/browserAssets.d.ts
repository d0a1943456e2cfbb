/**
 * Files of the repository bundled into the web build as text (`termlens-asset:PATH`, PATH from
 * the repository root; resolved by a plugin of `scripts/build.mjs`).
 */
declare module 'termlens-asset:*' {
  const text: string;
  export default text;
}
