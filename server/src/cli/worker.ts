/**
 * A `termlens lint` worker thread (bundled as dist/lint-worker.js): builds its own service from the
 * glossary texts the main thread sends, then lints batches of files as they are handed out and
 * posts each batch's results back (writing fixed files itself under `--fix`).
 */

import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { createDictionary } from '../text/dictionary';
import { buildService, lintWithFixes } from './engine';
import { readLintableFile } from './files';
import type { WorkerInit, WorkerReply, WorkerRequest } from './lint';

const init = workerData as WorkerInit;
const service = buildService(
  createDictionary(() => readFileSync(init.wordsPath, 'utf8')),
  init.glossaries,
);
const port = parentPort;

port?.on('message', (request: WorkerRequest) => {
  void (async (): Promise<WorkerReply> => {
    const results: WorkerReply['results'][number][] = [];
    for (const job of request.batch) {
      const read = await readLintableFile(job.path, init.maxFileSize);
      if ('skipped' in read) {
        results.push({ index: job.index, skipped: read.skipped });
        continue;
      }
      const linted = lintWithFixes(service, read.text, job.languageId, job.settings, init.fix);
      if (init.fix === 'fix' && linted.fixes) await writeFile(job.path, linted.text);
      results.push({ index: job.index, linted });
    }
    return { results };
  })().then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ results: [], error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
});
