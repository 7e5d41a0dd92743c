// Time, injected: retries and deadlines wait through this, so tests can run them on a fake clock.

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** The abort reason of a call that ran out of time, so it can be told apart from a cancellation. */
export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

/**
 * The reason given when a wait is stopped because the work it guarded is done. Any reason will do;
 * without one, abort() builds a DOMException with a stack trace, a measurable cost on every call.
 */
export const WORK_DONE = 'work done';

export interface Deadline {
  /** Aborts with a DeadlineExceeded reason when time is up, or with the parent's reason. */
  signal: AbortSignal;
  /** Epoch ms at which the deadline fires. */
  at: number;
  ms: number;
  /** Stops the timer once the work is done. */
  clear(): void;
}

export function startDeadline(ms: number, clock: Clock, parent?: AbortSignal): Deadline {
  const expiry = new AbortController();
  const stopTimer = new AbortController();
  clock.sleep(ms, stopTimer.signal).then(
    () => expiry.abort(new DeadlineExceeded(ms)),
    () => {},
  );
  const signal = parent ? AbortSignal.any([parent, expiry.signal]) : expiry.signal;
  return { signal, at: clock.now() + ms, ms, clear: () => stopTimer.abort(WORK_DONE) };
}
