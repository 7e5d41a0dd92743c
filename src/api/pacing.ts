// Pacing: the requests of a call (a sweep asks each active meeting in turn) go out in parallel until the API
// says it is over its limit, then a little under the rate it allows, so that refused requests, which still
// count against the caller's API budget, stay rare whatever the shape of the limit (a token bucket, a sliding
// or a fixed window). One per call, shared by its requests.
import type { Clock } from '../lib/clock.js';

/** After this long without a refusal, requests go out in parallel again. */
const FORGET_AFTER_MS = 60_000;
/** A Retry-After the API leaves out is taken to be this. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;
/**
 * How far under the rate the API took the requests go: exactly at it, the next request of a sliding window
 * lands a millisecond early whenever answers come back a little late or early, and is refused.
 */
const MARGIN = 0.03;
/** Refused again while paced: this much slower each time, not twice as slow. */
const SLOWER = 1.25;
/** After this long without a refusal, a step back toward the rate first learned. */
const RECOVER_AFTER_MS = 5_000;
/** Requests in flight at once while a call warms up: for its first WARM_UP_ANSWERS answers. */
const WARM_UP_WINDOW = 2;
const WARM_UP_ANSWERS = 10;

/** What one answer said about the rate limit. */
export interface RateSignal {
  status: number;
  /** Seconds to wait, from Retry-After, when the answer has one. */
  retryAfterSeconds?: number;
  /** `RateLimit-Policy` (quota per window) and `RateLimit` (remaining, reset), when the answer has them. */
  policy?: string | null;
  limit?: string | null;
}

export class Pacer {
  readonly #clock: Clock;
  /** No request starts before this (epoch ms): a refusal's Retry-After, or a window's reset. */
  #notBefore = 0;
  /** The least time between two request starts, once the API has said to slow down; 0 until then. */
  #intervalMs = 0;
  /** The interval first learned from the API (its rate, less the margin): recovery goes back to no faster. */
  #learnedMs = 0;
  /** When the interval last changed, or last recovered a step. */
  #changedAt = 0;
  /** When the last request started; the next starts an interval after it, once paced. */
  #lastStart = Number.NEGATIVE_INFINITY;
  /** The turns waiting, in order: each settles when its request has started (or given up). */
  #queue: Promise<void> = Promise.resolve();
  /**
   * Requests started and not yet answered, and how many may be: two while the call warms up, then one more with
   * each answer the API takes. Until the API has said anything of its limit, at most two requests are on their
   * way when its first refusal comes back, and so at most two are refused before the pace is set.
   */
  #inFlight = 0;
  #window = WARM_UP_WINDOW;
  /** Answers the API took (anything but a refusal). */
  #taken = 0;
  /** Wakes the turn waiting for a request in flight to be answered. */
  #wake: (() => void) | undefined;
  #lastRefusal = Number.NEGATIVE_INFINITY;
  /** When each recent request started, and when each recent refusal came: the rate the API took before refusing. */
  #started: number[] = [];
  #refusals: number[] = [];
  /** The requests this call sent, and those the API refused (for tests; the bench counts at its proxy). */
  sent = 0;
  refused = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Whether requests are being paced. */
  get pacing(): boolean {
    return this.#intervalMs > 0;
  }

  /**
   * Waits for this request's turn (at once until the API has asked to slow down), then counts it. Turns are
   * taken one after another: each is timed when the one before has started, from the pace of that moment, so
   * that a pace learned while requests wait (a second refusal of the same burst) spaces them all.
   */
  async turn(signal: AbortSignal): Promise<void> {
    const before = this.#queue;
    let done!: () => void;
    this.#queue = new Promise<void>((resolve) => {
      done = resolve;
    });
    try {
      await untilSettledOrAborted(before, signal);
      for (;;) {
        const now = this.#clock.now();
        this.#forgetOrRecover(now);
        const ready = Math.max(now, this.#notBefore, this.#intervalMs > 0 ? this.#lastStart + this.#intervalMs : now);
        if (ready > now) {
          await this.#clock.sleep(ready - now, signal);
          continue;
        }
        if (this.#inFlight < this.#window) break;
        await untilSettledOrAborted(
          new Promise<void>((resolve) => {
            this.#wake = resolve;
          }),
          signal,
        );
      }
      this.#inFlight += 1;
      this.#lastStart = this.#clock.now();
      this.sent += 1;
      remember(this.#started, this.#lastStart);
    } finally {
      done();
    }
  }

  /**
   * Long after the last refusal, requests go out in parallel again; after a quiet spell, a pace slowed for a
   * repeat refusal takes a step back toward the rate first learned.
   */
  #forgetOrRecover(now: number): void {
    const quietSince = Math.max(this.#lastRefusal, this.#changedAt);
    if (this.#intervalMs > 0 && now - quietSince > FORGET_AFTER_MS && now >= this.#notBefore) {
      this.#intervalMs = 0;
      this.#learnedMs = 0;
    }
    if (this.#intervalMs > this.#learnedMs && now - quietSince > RECOVER_AFTER_MS) {
      this.#intervalMs = Math.max(this.#learnedMs, this.#intervalMs / SLOWER);
      this.#changedAt = now;
    }
  }

  /** A request that took its turn has ended, answered or not: another may go. */
  finished(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  /** Learns from an answer: a refusal (429) sets the pace; RateLimit headers set it before any refusal. */
  observe(signal: RateSignal): void {
    const now = this.#clock.now();
    if (signal.status !== 429 && ++this.#taken > WARM_UP_ANSWERS) this.#window += 1;
    const policy = parsePolicy(signal.policy);
    const limit = parseLimit(signal.limit);
    if (signal.status !== 429) {
      // Out of quota by the API's own count: wait for the window, then go at its rate.
      if (limit && limit.remaining <= 0 && policy) {
        this.#notBefore = Math.max(this.#notBefore, now + limit.resetSeconds * 1000);
        this.#slowTo(((policy.windowSeconds * 1000) / policy.quota) * (1 + MARGIN), now);
        if (this.#learnedMs === 0) this.#learnedMs = this.#intervalMs;
      }
      return;
    }
    this.refused += 1;
    remember(this.#refusals, now);
    const waitSeconds = signal.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    const waitMs = waitSeconds * 1000;
    // The rate the API allows: its policy when it says; otherwise the requests it took in the last
    // Retry-After (those started then, less those refused), spread over the next; a margin under either.
    // Refused again while paced (not by a request sent before the pace was set), what it took says only how
    // fast this call went: a little slower than that, or the policy if slower still.
    const since = now - waitMs;
    const taken = count(this.#started, since) - count(this.#refusals, since);
    const policyMs = policy ? ((policy.windowSeconds * 1000) / policy.quota) * (1 + MARGIN) : 0;
    const alreadyPaced = this.#intervalMs > 0 && now - this.#lastRefusal <= FORGET_AFTER_MS;
    const repeat = alreadyPaced && now >= this.#notBefore;
    const refusedAt = this.#intervalMs;
    this.#slowTo(
      repeat ? Math.max(policyMs, refusedAt * SLOWER) : policyMs || (waitMs / Math.max(1, taken)) * (1 + MARGIN),
      now,
    );
    // What recovery goes back to: the slowest pace learned from the refusals of one burst, and after a repeat
    // refusal a pace twice the margin slower than the one refused, never that one itself.
    this.#learnedMs = Math.max(this.#learnedMs, repeat ? refusedAt * (1 + 2 * MARGIN) : this.#intervalMs);
    this.#lastRefusal = now;
    this.#notBefore = Math.max(this.#notBefore, now + waitMs);
  }

  #slowTo(intervalMs: number, now: number): void {
    if (intervalMs <= this.#intervalMs) return;
    this.#intervalMs = intervalMs;
    this.#changedAt = now;
  }
}

/** Resolves when `turn` has settled, or rejects with the signal's reason once it aborts, whichever is first. */
function untilSettledOrAborted(turn: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    turn.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** Keeps the recent times only: a call makes at most a few hundred requests. */
function remember(times: number[], at: number): void {
  times.push(at);
  if (times.length > 1000) times.splice(0, 500);
}

function count(times: readonly number[], since: number): number {
  let n = 0;
  for (const at of times) if (at > since) n += 1;
  return n;
}

/**
 * `RateLimit-Policy`: the quota per window, as in `"default";q=1200;w=300` (structured fields, as Cloudflare
 * sends it) or `1200;w=300` (the earlier draft). Undefined when there is none or it cannot be read.
 */
export function parsePolicy(value: string | null | undefined): { quota: number; windowSeconds: number } | undefined {
  if (!value) return undefined;
  const first = value.split(',')[0] ?? '';
  const quota = Number(/(?:^|;)\s*q=(\d+)/.exec(first)?.[1] ?? /^\s*(\d+)\s*(?:;|$)/.exec(first)?.[1]);
  const windowSeconds = Number(/(?:^|;)\s*w=(\d+)/.exec(first)?.[1]);
  return quota > 0 && windowSeconds > 0 ? { quota, windowSeconds } : undefined;
}

/**
 * `RateLimit`: what is left and when the window resets, as in `"default";r=0;t=30` or
 * `limit=1200, remaining=0, reset=30`. Undefined when there is none or it cannot be read.
 */
export function parseLimit(value: string | null | undefined): { remaining: number; resetSeconds: number } | undefined {
  if (!value) return undefined;
  const remaining = /(?:[;,\s]|^)(?:r|remaining)=(\d+)/.exec(value)?.[1];
  const reset = /(?:[;,\s]|^)(?:t|reset)=(\d+)/.exec(value)?.[1];
  return remaining !== undefined && reset !== undefined
    ? { remaining: Number(remaining), resetSeconds: Number(reset) }
    : undefined;
}
