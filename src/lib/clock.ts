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
 * The reason given when work is stopped because the call it served is over. Any reason will do; without
 * one, abort() builds a DOMException with a stack trace, a measurable cost on every call.
 */
export const WORK_DONE = 'work done';

export interface Deadline {
  /** Aborts when time is up (with a DeadlineExceeded reason), when the parent aborts, or when the work ends. */
  signal: AbortSignal;
  /** Epoch ms at which the deadline fires. */
  at: number;
  /** The work is over: stops the timer, and whatever is still running under the signal. */
  end(): void;
}

export function startDeadline(ms: number, clock: Clock, parent?: AbortSignal): Deadline {
  const own = new AbortController();
  clock.sleep(ms, own.signal).then(
    () => own.abort(new DeadlineExceeded(ms)),
    () => {},
  );
  const signal = parent ? AbortSignal.any([parent, own.signal]) : own.signal;
  return { signal, at: clock.now() + ms, end: () => own.abort(WORK_DONE) };
}
