// Pacing (src/api/pacing.ts): a call's requests go out in parallel until the API refuses one for its rate
// limit, then at the rate it allows, so that refused requests (which count against the caller's API budget
// too) stay rare and the sweep still ends about as soon as the limit lets it.
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewayError, liveLivestream, meeting, meetingId, meetingsPage } from '../../fixtures/api.js';
import { type LimitShape, limiter } from '../../fixtures/rate-limits.js';
import { Pacer, parseLimit, parsePolicy } from '../../src/api/pacing.js';
import { FakeClock } from '../support/fake-clock.js';
import { FULL_ENV, type Harness, startHarness, textOf } from '../support/harness.js';
import { APP_URL, useMsw } from '../support/msw.js';

const msw = useMsw();
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/**
 * Starts `count` turns at once, as workers would, each request answered `answerMs` after it starts (and the
 * answer observed with `status`), and returns when each began, from the start.
 */
async function starts(pacer: Pacer, clock: FakeClock, count: number, answerMs = 0, status = 200): Promise<number[]> {
  const begun = clock.now();
  const times: number[] = [];
  const all = Array.from({ length: count }, async () => {
    await pacer.turn(new AbortController().signal);
    times.push(clock.now() - begun);
    if (answerMs > 0) await clock.sleep(answerMs);
    pacer.observe({ status });
    pacer.finished();
  });
  await clock.settle(Promise.all(all));
  return times.sort((a, b) => a - b);
}

describe('the pacer', () => {
  it('lets requests go at once until the API refuses one, two at a time while the call warms up', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock);
    expect(await starts(pacer, clock, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(pacer.pacing).toBe(false);
    // Answered after 100 ms each: two in flight for the first ten answers, then one more with each answer.
    const warm = new Pacer(clock);
    expect(await starts(warm, clock, 6, 100)).toEqual([0, 0, 100, 100, 200, 200]);
    await starts(warm, clock, 4, 100);
    expect(await starts(warm, clock, 6, 100)).toEqual([0, 0, 100, 100, 100, 100]);
  });

  it('after a 429, waits out Retry-After, then spreads what the API took in that time over the next, 3% under', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock);
    // Two went out at once, and two more; the API took three and refused the fourth.
    await starts(pacer, clock, 3);
    await pacer.turn(new AbortController().signal);
    pacer.observe({ status: 429, retryAfterSeconds: 1 });
    pacer.finished();
    expect(pacer.pacing).toBe(true);
    expect(await starts(pacer, clock, 4)).toEqual([1000, 1343.333, 1686.667, 2030].map((ms) => expect.closeTo(ms, 2)));
    expect({ sent: pacer.sent, refused: pacer.refused }).toEqual({ sent: 8, refused: 1 });
  });

  it("goes at the API's own policy when it says (RateLimit-Policy), and waits for the window when RateLimit says none are left", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock);
    pacer.observe({ status: 200, policy: '"default";q=1200;w=300', limit: '"default";r=0;t=2' });
    expect(await starts(pacer, clock, 3)).toEqual([2000, 2257.5, 2515]);
  });

  it('slows by a quarter when refused again while paced, and steps back after a quiet spell, never to a refused pace', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock);
    await starts(pacer, clock, 2);
    await pacer.turn(new AbortController().signal);
    pacer.observe({ status: 429, retryAfterSeconds: 1 });
    pacer.finished();
    // The API took two in the last second: 515 ms apart. Refused again at that pace: 643.75 ms apart; and again.
    await starts(pacer, clock, 1, 0, 429);
    expect(await starts(pacer, clock, 3)).toEqual([1000, 1643.75, 2287.5]);
    await starts(pacer, clock, 1, 0, 429);
    expect(await starts(pacer, clock, 2)).toEqual([1000, 1804.6875]);
    // Five quiet seconds later a step back, but not as far as 643.75 ms, which was refused: 6% slower than it.
    clock.advance(5_000);
    const after = await starts(pacer, clock, 20);
    const gaps = after.slice(1).map((at, i) => at - (after[i] ?? 0));
    expect(gaps.every((gap) => Math.abs(gap - 643.75 * 1.06) < 0.001)).toBe(true);
  });

  it('reads both forms of the rate-limit headers, and nothing else', () => {
    expect(parsePolicy('"default";q=1200;w=300')).toEqual({ quota: 1200, windowSeconds: 300 });
    expect(parsePolicy('100;w=60, 1000;w=3600')).toEqual({ quota: 100, windowSeconds: 60 });
    expect(parseLimit('"default";r=17;t=42')).toEqual({ remaining: 17, resetSeconds: 42 });
    expect(parseLimit('limit=100, remaining=0, reset=5')).toEqual({ remaining: 0, resetSeconds: 5 });
    for (const junk of [null, '', 'q=0;w=10', 'w=10', '"default";q=abc;w=1']) expect(parsePolicy(junk)).toBeUndefined();
    for (const junk of [null, '', 'r=1', 't=2', 'remaining=x, reset=1']) expect(parseLimit(junk)).toBeUndefined();
  });
});

/**
 * The API's rate limit as a token bucket on the test's clock: `rate` requests a second, `burst` at once; a
 * request over it gets 429 with Retry-After (whole seconds, as the API sends it) and is counted.
 */
function rateLimitedApi(clock: FakeClock, active: number, rate: number, burst: number, headers: boolean) {
  const counts = { sent: 0, refused: 0 };
  let tokens = burst;
  let filledAt = clock.now();
  const limit = (): Response | undefined => {
    counts.sent += 1;
    const now = clock.now();
    tokens = Math.min(burst, tokens + ((now - filledAt) / 1000) * rate);
    filledAt = now;
    if (tokens >= 1) {
      tokens -= 1;
      return undefined;
    }
    counts.refused += 1;
    const retryAfter = Math.max(1, Math.ceil((1 - tokens) / rate));
    return HttpResponse.json(gatewayError(971, 'Please wait and consider throttling your request speed'), {
      status: 429,
      headers: { 'Retry-After': String(retryAfter), ...(headers && policyHeaders(0, retryAfter)) },
    });
  };
  const policyHeaders = (remaining: number, reset: number) => ({
    'RateLimit-Policy': `"default";q=${rate};w=1`,
    RateLimit: `"default";r=${remaining};t=${reset}`,
  });
  const ok = (body: unknown) =>
    HttpResponse.json(body as Record<string, unknown>, {
      headers: headers ? policyHeaders(Math.floor(tokens), 1) : {},
    });
  msw.use(
    // No sessions endpoint here: the call asks the active meetings one by one, the sweep this paces.
    http.get(
      `${APP_URL}/sessions`,
      () => limit() ?? HttpResponse.json(gatewayError(7003, 'No route'), { status: 404 }),
    ),
    http.get(`${APP_URL}/meetings`, () => {
      const refused = limit();
      if (refused) return refused;
      return ok(meetingsPage(Array.from({ length: active }, (_, i) => meeting(i + 1, { status: 'ACTIVE' }))));
    }),
    http.get(`${APP_URL}/meetings/:meetingId/active-livestream`, ({ params }) => {
      const refused = limit();
      if (refused) return refused;
      const live = String(params.meetingId) === meetingId(7);
      return ok({ success: true, data: live ? liveLivestream({ id: 'ls_seven' }) : null });
    }),
  );
  return counts;
}

describe('a sweep under the API rate limit', () => {
  it.each([
    ['Retry-After alone', false],
    ['RateLimit headers too', true],
  ])(
    'with %s: checks all 50 active meetings, fewer than one in twenty refused, within 1.15x the least time',
    async (_, headers) => {
      const clock = new FakeClock();
      const rate = 4;
      const burst = 4;
      const counts = rateLimitedApi(clock, 50, rate, burst, headers);
      harness = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_TIMEOUT_SECONDS: '60' }, clock);
      const began = clock.now();
      const result = await harness.call('get_active_livestreams');
      const elapsed = clock.now() - began;
      expect(textOf(result)).toContain('from 50 of the 50 active meetings checked');
      expect(textOf(result)).toContain('ls_seven LIVE');
      // 52 requests (the sessions, the list, then 50 meetings): the bucket's 4, then one every 250 ms.
      const leastMs = ((52 - burst) / rate) * 1000;
      expect(counts.refused / counts.sent).toBeLessThan(0.05);
      expect(elapsed).toBeLessThanOrEqual(leastMs * 1.15);
    },
  );
});

/** A seeded generator, so each run's latencies are the same. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * "What is live?" through the scan of 40 active meetings (the app's sessions cannot be listed), behind `shape`
 * at 4 requests a second, each answer after 30-70 ms. Counts what was sent and refused, and the call's time.
 */
async function scanBehind(shape: LimitShape, seed: number) {
  const clock = new FakeClock();
  const jitter = seeded(seed);
  // Anywhere in the clock's second: a fixed window's edge can fall inside the call's first requests.
  clock.advance(Math.floor(jitter() * 1000));
  const limit = limiter(shape, { rate: 4 }, () => clock.now());
  const counts = { sent: 0, refused: 0 };
  const answer = async (body: () => Response): Promise<Response> => {
    counts.sent += 1;
    const retryAfter = limit();
    await clock.sleep(30 + Math.round(jitter() * 40));
    if (retryAfter === undefined) return body();
    counts.refused += 1;
    return HttpResponse.json(gatewayError(971, 'Please wait and consider throttling your request speed'), {
      status: 429,
      headers: { 'Retry-After': String(retryAfter) },
    });
  };
  msw.use(
    http.get(`${APP_URL}/sessions`, () =>
      answer(() => HttpResponse.json(gatewayError(7003, 'No route'), { status: 404 })),
    ),
    http.get(`${APP_URL}/meetings`, () =>
      answer(() =>
        HttpResponse.json(meetingsPage(Array.from({ length: 40 }, (_, i) => meeting(i + 1, { status: 'ACTIVE' })))),
      ),
    ),
    http.get(`${APP_URL}/meetings/:meetingId/active-livestream`, ({ params }) =>
      answer(() =>
        HttpResponse.json({
          success: true,
          data: String(params.meetingId) === meetingId(7) ? liveLivestream({ id: 'ls_seven' }) : null,
        }),
      ),
    ),
  );
  harness = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_TIMEOUT_SECONDS: '60' }, clock);
  const began = clock.now();
  const result = await harness.call('get_active_livestreams');
  const elapsed = clock.now() - began;
  await harness.close();
  harness = undefined;
  return { result, elapsed, ...counts };
}

describe('a sweep behind each shape of rate limit, answers 30-70 ms late', () => {
  // 42 requests: the sessions (refused: no such path here), the list, and 40 meetings.
  const NEEDED = 42;
  const least: Record<LimitShape, number> = {
    // A burst of 4, then one every 250 ms; at most 4 in any second, or in each second of the clock.
    'token bucket': ((NEEDED - 4) / 4) * 1000 + 50,
    'sliding window': Math.floor((NEEDED - 1) / 4) * 1000 + 50,
    'fixed window': Math.floor((NEEDED - 1) / 4) * 1000 + 50,
  };
  it.each(['token bucket', 'sliding window', 'fixed window'] as const)(
    '%s: every meeting checked, fewer than one request in twenty refused, within 1.15x the least time',
    async (shape) => {
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
        const { result, elapsed, sent, refused } = await scanBehind(shape, seed);
        if (process.env.TRACE) console.log(shape, seed, { sent, refused, ratio: (elapsed / least[shape]).toFixed(3) });
        expect(textOf(result)).toContain('from 40 of the 40 active meetings checked');
        expect(textOf(result)).toContain('ls_seven LIVE');
        expect(refused / sent, `seed ${seed}: ${refused} of ${sent} refused`).toBeLessThan(0.05);
        expect(elapsed / least[shape], `seed ${seed}: ${elapsed} ms`).toBeLessThanOrEqual(1.15);
      }
    },
  );
});
