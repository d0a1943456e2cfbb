/**
 * Preloaded with `node --require` by the benchmark: at exit, writes the process's peak resident
 * set size (`process.resourceUsage().maxRSS`, in kilobytes, worker threads included) to the file
 * named by the BENCH_RSS_FILE environment variable.
 */
'use strict';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    require('node:fs').writeFileSync(file, String(process.resourceUsage().maxRSS));
  });
}
