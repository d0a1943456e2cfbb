import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/protocol/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'test/corpus/**/*.test.ts'],
    testTimeout: 60000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" closing line.
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results.json' },
  },
});
