/**
 * A `termlens lint` worker thread (bundled as dist/lint-worker.js): builds its own service from the
 * glossary texts the main thread sends, then lints batches of files as they are handed out and
 * posts each batch's results back (writing fixed files itself under `--fix`), reading the files of
 * the batches it holds ahead of linting them.
 */

import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { createDictionary } from '../core/text/dictionary';
import { createBudgetedChunkScanner } from '../node/markdownBudget';
import { buildService, lintJob, ReadAhead, type LintJobResult } from './engine';
import { MARKDOWN_BUDGET_MS, type WorkerInit, type WorkerReply, type WorkerRequest } from './lint';

const init = workerData as WorkerInit;
const markdown = init.markdownWorkerPath ? createBudgetedChunkScanner({ workerPath: init.markdownWorkerPath, budgetMs: MARKDOWN_BUDGET_MS }) : undefined;
const service = buildService(
  createDictionary(() => readFileSync(init.wordsPath, 'utf8'), { normalized: true }),
  init.glossaries,
  markdown?.scan,
);
const port = parentPort;
const ahead = new ReadAhead(init.maxFileSize);
// Batches are linted one after the other, in the order they came; the files of the ones waiting are read ahead.
let last: Promise<unknown> = Promise.resolve();

port?.on('message', (request: WorkerRequest) => {
  ahead.queue(request.batch);
  last = last.then(() =>
    (async (): Promise<WorkerReply> => {
      const results: LintJobResult[] = [];
      for (const job of request.batch) results.push(await lintJob(service, job, init.maxFileSize, init.fix, {}, markdown, ahead.take(job)));
      return { results };
    })().then(
      (reply) => port.postMessage(reply),
      (error: unknown) => port.postMessage({ results: [], error: error instanceof Error ? error.message : String(error) } satisfies WorkerReply),
    ),
  );
});
