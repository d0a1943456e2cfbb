/**
 * Entry of `dist/markdown-worker.js`: parses Markdown chunks with remark for a
 * {@link createBudgetedChunkScanner} on another thread, answering each request on the port it was
 * given and waking the waiting thread through the shared flag.
 */

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { scanMarkdownChunk, type ChunkRequest } from '../core/text/markdown';
import type { WorkerData } from './markdownBudget';

const { port, flag } = workerData as WorkerData & { port: MessagePort };
const signal = new Int32Array(flag);

port.on('message', (message: { id: number; request: ChunkRequest }) => {
  let reply: { id: number; scan?: ReturnType<typeof scanMarkdownChunk>; error?: string };
  try {
    reply = { id: message.id, scan: scanMarkdownChunk(message.request) };
  } catch (e) {
    reply = { id: message.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, message.id);
  Atomics.notify(signal, 0);
});

// Ready: the waiting thread starts sending once the flag reads -1.
Atomics.store(signal, 0, -1);
Atomics.notify(signal, 0);
parentPort?.unref();
