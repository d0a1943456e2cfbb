import { afterEach, describe, expect, it } from 'vitest';
import { startIdleCollector, type IdleCollector } from '../../server/src/node/idleCollector';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let running: IdleCollector | undefined;
afterEach(() => running?.stop());

/** A collector over a fake heap: `grow` adds bytes, a collection frees them all. */
function fakeHeap(options: { minGrowthBytes?: number } = {}) {
  let heap = 100;
  const state = { collections: 0, grow: (bytes: number) => (heap += bytes) };
  running = startIdleCollector({
    intervalMs: 20,
    quietUtilization: 0.5,
    minGrowthBytes: options.minGrowthBytes ?? 10,
    heapUsed: () => heap,
    collect: () => {
      state.collections++;
      heap = 100;
    },
  });
  return {
    ...state,
    collector: running,
    get collections() {
      return state.collections;
    },
  };
}

describe('idle garbage collection', () => {
  it('collects once the heap has grown and the process has been quiet', async () => {
    const heap = fakeHeap();
    heap.grow(50);
    await sleep(120);
    expect(heap.collections).toBe(1);
  });

  it('does not collect again while the heap has not grown since', async () => {
    const heap = fakeHeap();
    heap.grow(50);
    await sleep(120);
    heap.grow(5);
    await sleep(120);
    expect(heap.collections).toBe(1);
  });

  it('never collects while messages keep arriving', async () => {
    const heap = fakeHeap();
    heap.grow(50);
    const busy = setInterval(() => heap.collector.touch(), 2);
    await sleep(120);
    clearInterval(busy);
    expect(heap.collections).toBe(0);
    await sleep(120);
    expect(heap.collections).toBe(1);
  });

  it('does not collect a heap that grew less than the threshold', async () => {
    const heap = fakeHeap({ minGrowthBytes: 1000 });
    heap.grow(50);
    await sleep(120);
    expect(heap.collections).toBe(0);
  });
});
