// Pacing: the requests of a call (a sweep asks each active meeting in turn) go out in parallel until the API
// says it is over its limit, then at the rate it allows, so that refused requests, which still count against
// the caller's API budget, stay rare. One per call, shared by its requests.
import type { Clock } from '../clock.js';

/** After this long without a refusal, requests go out in parallel again. */
const FORGET_AFTER_MS = 60_000;
/** A Retry-After the API leaves out is taken to be this. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;

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
  /** When the next request may start, at the current interval. */
  #nextStart = 0;
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

  /** Waits for this request's turn (at once until the API has asked to slow down), then counts it. */
  async turn(signal: AbortSignal): Promise<void> {
    const now = this.#clock.now();
    if (this.#intervalMs > 0 && now - this.#lastRefusal > FORGET_AFTER_MS && now >= this.#notBefore) {
      this.#intervalMs = 0;
    }
    const start = Math.max(now, this.#notBefore, this.#intervalMs > 0 ? this.#nextStart : now);
    this.#nextStart = start + this.#intervalMs;
    if (start > now) await this.#clock.sleep(start - now, signal);
    this.sent += 1;
    remember(this.#started, this.#clock.now());
  }

  /** Learns from an answer: a refusal (429) sets the pace; RateLimit headers set it before any refusal. */
  observe(signal: RateSignal): void {
    const now = this.#clock.now();
    const policy = parsePolicy(signal.policy);
    const limit = parseLimit(signal.limit);
    if (signal.status !== 429) {
      // Out of quota by the API's own count: wait for the window, then go at its rate.
      if (limit && limit.remaining <= 0 && policy) {
        this.#notBefore = Math.max(this.#notBefore, now + limit.resetSeconds * 1000);
        this.#slowTo((policy.windowSeconds * 1000) / policy.quota, now);
      }
      return;
    }
    this.refused += 1;
    remember(this.#refusals, now);
    const waitSeconds = signal.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
    const waitMs = waitSeconds * 1000;
    // The rate the API allows: its policy when it says; otherwise the requests it took in the last
    // Retry-After (those started then, less those refused), spread over the next. Refused again while
    // paced: half as fast.
    const since = now - waitMs;
    const taken = count(this.#started, since) - count(this.#refusals, since);
    const allowedMs = policy ? (policy.windowSeconds * 1000) / policy.quota : waitMs / Math.max(1, taken);
    const alreadyPaced = this.#intervalMs > 0 && now - this.#lastRefusal <= FORGET_AFTER_MS;
    this.#slowTo(alreadyPaced && now >= this.#notBefore ? Math.max(allowedMs, this.#intervalMs * 2) : allowedMs, now);
    this.#lastRefusal = now;
    this.#notBefore = Math.max(this.#notBefore, now + waitMs);
    this.#nextStart = Math.max(this.#nextStart, this.#notBefore);
  }

  #slowTo(intervalMs: number, now: number): void {
    if (intervalMs <= this.#intervalMs) return;
    this.#intervalMs = intervalMs;
    this.#nextStart = Math.max(this.#nextStart, now);
  }
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
