// forEachConcurrently: a few items at a time, in order, and one signal that stops the lot.
import { describe, expect, it } from 'vitest';
import { forEachConcurrently } from '../../src/lib/concurrency.js';

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Resolves once `signal` aborts. */
const aborted = (signal: AbortSignal) =>
  new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));

describe('forEachConcurrently', () => {
  it('runs every item, at most `limit` at a time, starting them in order', async () => {
    const started: number[] = [];
    let running = 0;
    let most = 0;
    await forEachConcurrently([...'abcdefg'], 3, new AbortController().signal, async (_item, index) => {
      started.push(index);
      running += 1;
      most = Math.max(most, running);
      for (let i = 0; i < 3; i++) await turn();
      running -= 1;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
  });

  it('stops on the first error: nothing more starts, work in flight is aborted, and the error is thrown', async () => {
    const started: number[] = [];
    const abortedInFlight: boolean[] = [];
    const run = forEachConcurrently([...'abcdefgh'], 2, new AbortController().signal, async (_item, index, pool) => {
      started.push(index);
      if (index === 0) {
        await turn();
        throw new Error('token refused');
      }
      await aborted(pool.signal);
      abortedInFlight.push(pool.stopped);
    });
    await expect(run).rejects.toThrow('token refused');
    await turn();
    expect(started).toEqual([0, 1]);
    expect(abortedInFlight).toEqual([true]);
  });

  it('stop() starts nothing more and aborts work in flight, without an error', async () => {
    const started: number[] = [];
    await forEachConcurrently([...'abcdefgh'], 2, new AbortController().signal, async (_item, index, pool) => {
      started.push(index);
      if (index === 0) {
        await turn();
        pool.stop();
        return;
      }
      await aborted(pool.signal);
    });
    expect(started).toEqual([0, 1]);
  });

  it('finish() starts nothing more and lets work in flight end, unaborted', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    let signal: AbortSignal | undefined;
    await forEachConcurrently([...'abcdefgh'], 3, new AbortController().signal, async (_item, index, pool) => {
      started.push(index);
      signal = pool.signal;
      await turn();
      if (index === 0) pool.finish();
      for (let i = 0; i < 3; i++) await turn();
      finished.push(index);
    });
    expect(started).toEqual([0, 1, 2]);
    expect(finished.sort()).toEqual([0, 1, 2]);
    expect(signal?.aborted).toBe(false);
  });

  it("aborts with the caller's signal, and says the abort is not its own", async () => {
    const caller = new AbortController();
    const seen: boolean[] = [];
    const run = forEachConcurrently([...'abcd'], 2, caller.signal, async (_item, _index, pool) => {
      await aborted(pool.signal);
      seen.push(pool.stopped);
    });
    await turn();
    caller.abort('cancelled');
    await run;
    expect(seen).toEqual([false, false]);
  });
});
