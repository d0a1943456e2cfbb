/**
 * A {@link ChunkScanner} that runs remark on a worker thread with a time budget per chunk.
 *
 * remark (micromark) is superlinear on some Markdown: a line of thousands of unmatched `*`, or
 * lists nested hundreds deep, takes seconds to minutes, and a scan cannot be interrupted on the
 * thread that runs it. So each chunk that needs remark is posted to a worker and the calling
 * thread waits for the answer synchronously (`Atomics.wait`, then `receiveMessageOnPort`), at most
 * `budgetMs`. A chunk over the budget is given up: the worker is terminated, a new one is started,
 * and the chunk comes back `skipped` (no regions). Everything else about the scan stays
 * synchronous, so the core keeps its plain-function shape and the browser build can pass nothing.
 */

import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { scanMarkdownChunk, type ChunkRequest, type ChunkScanner, type MarkdownChunkScan } from '../core/text/markdown';

/** What the worker is started with (besides its port). */
export interface WorkerData {
  /** A SharedArrayBuffer of one Int32: the id of the last answered request, -1 once the worker is ready. */
  readonly flag: SharedArrayBuffer;
}

/** Options of {@link createBudgetedChunkScanner}. */
export interface BudgetOptions {
  /** Path of the worker script (`dist/markdown-worker.js`). */
  readonly workerPath: string;
  /** Longest wait for one chunk, in ms. Default 250. */
  readonly budgetMs?: number;
  /** Longest wait for a new worker to load remark, in ms; past it the chunk is parsed on this thread. Default 10,000. */
  readonly startupMs?: number;
  /** Receives a line whenever a chunk is given up or the worker fails. Default: none. */
  log?(message: string): void;
}

/** A chunk scanner with a time budget, and a way to end its worker. */
export interface BudgetedChunkScanner {
  readonly scan: ChunkScanner;
  /** How many chunks were given up so far. */
  readonly skippedCount: () => number;
  /** Ends the worker (a later scan starts a new one). */
  dispose(): void;
}

const SKIPPED: MarkdownChunkScan = { regions: [], directives: [], definitions: [], skipped: true };

interface Running {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly signal: Int32Array;
  ready: boolean;
}

/** See the module comment. Falls back to parsing on the calling thread when no worker can be started. */
export function createBudgetedChunkScanner(options: BudgetOptions): BudgetedChunkScanner {
  const budget = options.budgetMs ?? 250;
  const startup = options.startupMs ?? 10_000;
  let running: Running | undefined;
  let nextId = 1;
  let skipped = 0;
  let broken = false;

  const start = (): Running | undefined => {
    try {
      const flag = new SharedArrayBuffer(4);
      const { port1, port2 } = new MessageChannel();
      const worker = new Worker(options.workerPath, { workerData: { flag, port: port2 }, transferList: [port2] });
      worker.unref();
      port1.unref();
      worker.on('error', (e) => options.log?.(`Markdown worker failed: ${e.message}`));
      return { worker, port: port1, signal: new Int32Array(flag), ready: false };
    } catch (e) {
      options.log?.(`Markdown worker could not start: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };

  const stop = (): void => {
    if (!running) return;
    void running.worker.terminate();
    running.port.close();
    running = undefined;
  };

  const scan: ChunkScanner = (request: ChunkRequest) => {
    if (broken) return scanMarkdownChunk(request);
    running ??= start();
    if (!running) {
      broken = true;
      return scanMarkdownChunk(request);
    }
    if (!running.ready) {
      if (Atomics.wait(running.signal, 0, 0, startup) === 'timed-out' && Atomics.load(running.signal, 0) !== -1) {
        options.log?.('Markdown worker did not start; parsing on the main thread');
        stop();
        broken = true;
        return scanMarkdownChunk(request);
      }
      running.ready = true;
    }
    const id = nextId++;
    const { signal, port } = running;
    port.postMessage({ id, request });
    const deadline = performance.now() + budget;
    for (;;) {
      const seen = Atomics.load(signal, 0);
      if (seen === id) break;
      const left = deadline - performance.now();
      if (left <= 0 || (Atomics.wait(signal, 0, seen, left) === 'timed-out' && Atomics.load(signal, 0) !== id)) {
        skipped++;
        options.log?.(`A Markdown block of ${request.chunk.length} characters took over ${budget} ms to parse and was skipped`);
        stop();
        return SKIPPED;
      }
    }
    const reply = receiveMessageOnPort(port)?.message as { id: number; scan?: MarkdownChunkScan; error?: string } | undefined;
    if (!reply || reply.id !== id || reply.error !== undefined) {
      options.log?.(`Markdown worker answered badly (${reply?.error ?? 'no answer'}); parsing on the main thread`);
      return scanMarkdownChunk(request);
    }
    // A chunk whose next line does not start a block comes back undefined, which structured clone keeps.
    return reply.scan;
  };

  return { scan, skippedCount: () => skipped, dispose: stop };
}
