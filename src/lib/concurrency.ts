// Bounded concurrency for work over a list, such as asking each active meeting for its livestreams: a few
// items at a time, in order, with one signal that stops the lot.

/** What each piece of work gets: the signal to pass on, and a way to stop the work that is left. */
export interface Pool {
  /** Aborts when the caller's signal does, when work calls stop(), or when any work throws. */
  readonly signal: AbortSignal;
  /** True once stop() was called or work threw: an abort then is the pool's, not the caller's. */
  readonly stopped: boolean;
  /** Starts no more work, and aborts what is in flight. */
  stop(): void;
  /** Starts no more work, and lets what is in flight finish. */
  finish(): void;
}

/**
 * Runs `work` for each item, at most `limit` at a time, starting items in order. Resolves when every started
 * piece of work has settled; if any throws, the rest is stopped and the first error is thrown.
 */
export async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  parent: AbortSignal,
  work: (item: T, index: number, pool: Pool) => Promise<void>,
): Promise<void> {
  const own = new AbortController();
  let finishing = false;
  const pool: Pool = {
    signal: AbortSignal.any([parent, own.signal]),
    get stopped() {
      return own.signal.aborted;
    },
    stop: () => own.abort('stopped'),
    finish: () => {
      finishing = true;
    },
  };
  let next = 0;
  const worker = async () => {
    while (next < items.length && !pool.signal.aborted && !finishing) {
      const index = next++;
      try {
        await work(items[index] as T, index, pool);
      } catch (error) {
        pool.stop();
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
