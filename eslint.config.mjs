// ESLint for the TypeScript sources and tests: typescript-eslint's recommended rules, without
// type information (fast enough to run in every `npm test`). Formatting is Prettier's job.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'server/src/core/glossary/schemaValidators.generated.ts',
      'node_modules/**',
      'bench/.data/**',
      '.vscode-test/**',
      '**/*.mjs',
      '**/*.cjs',
      '**/*.js',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      // A leading underscore marks a value kept on purpose (a destructured field left out, an unused parameter of a callback shape).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
);
