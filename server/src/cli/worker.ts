/**
 * A `termlens lint` worker thread (bundled as dist/lint-worker.js): builds its own service from the
 * glossary texts the main thread sends, then lints batches of files as they are handed out and
 * posts each batch's results back (writing fixed files itself under `--fix`).
 */

import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createDictionary } from '../text/dictionary';
import { buildService, lintJob, type LintJobResult } from './engine';
import type { WorkerInit, WorkerReply, WorkerRequest } from './lint';

const init = workerData as WorkerInit;
const service = buildService(
  createDictionary(() => readFileSync(init.wordsPath, 'utf8')),
  init.glossaries,
);
const port = parentPort;

port?.on('message', (request: WorkerRequest) => {
  void (async (): Promise<WorkerReply> => {
    const results: LintJobResult[] = [];
    for (const job of request.batch) results.push(await lintJob(service, job, init.maxFileSize, init.fix));
    return { results };
  })().then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ results: [], error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
  );
});
