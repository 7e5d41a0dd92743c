// A clock whose time moves only when a test lets it, so retry waits and deadlines run instantly and exactly.
import type { Clock } from '../../src/lib/clock.js';

interface Timer {
  at: number;
  ms: number;
  resolve(): void;
}

const IDLE_TURNS = 500;

export class FakeClock implements Clock {
  #now = Date.parse('2026-11-22T10:00:00Z');
  #timers: Timer[] = [];
  /** Every wait that ran to its end, in ms, in order. */
  readonly elapsedWaits: number[] = [];

  now(): number {
    return this.#now;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer: Timer = {
        at: this.#now + ms,
        ms,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          this.elapsedWaits.push(ms);
          resolve();
        },
      };
      const onAbort = () => {
        this.#timers = this.#timers.filter((t) => t !== timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#timers.push(timer);
    });
  }

  /** Moves time on by `ms`, as work that takes that long would, firing the waits that end by then in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers[0];
      if (!next || next.at > until) break;
      this.#timers.shift();
      this.#now = next.at;
      next.resolve();
    }
    this.#now = until;
  }

  /** Waits that are pending now. */
  get pending(): number[] {
    return this.#timers.map((timer) => timer.ms);
  }

  /**
   * Lets real asynchronous work run (msw, the SDK's transports) until `promise` settles; whenever nothing
   * else can happen, moves time to the next timer and fires it.
   */
  async settle<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    for (let step = 0; step < 10_000; step++) {
      // Time moves only when real work has had every chance to finish: many turns of the event loop,
      // because a chain of mocked requests needs dozens of them.
      for (let i = 0; i < IDLE_TURNS && !settled; i++) await new Promise((resolve) => setImmediate(resolve));
      if (settled) return promise;
      this.#timers.sort((a, b) => a.at - b.at);
      const next = this.#timers.shift();
      if (next) {
        this.#now = next.at;
        next.resolve();
      }
    }
    throw new Error('FakeClock.settle: the promise never settled');
  }
}
