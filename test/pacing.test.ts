// Pacing (src/api/pacing.ts): a call's requests go out in parallel until the API refuses one for its rate
// limit, then at the rate it allows, so that refused requests (which count against the caller's API budget
// too) stay rare and the sweep still ends about as soon as the limit lets it.
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewayError, liveLivestream, meeting, meetingId, meetingsPage } from '../fixtures/api.js';
import { Pacer, parseLimit, parsePolicy } from '../src/api/pacing.js';
import { FakeClock } from './support/fake-clock.js';
import { FULL_ENV, type Harness, startHarness, textOf } from './support/harness.js';
import { APP_URL, useMsw } from './support/msw.js';

const msw = useMsw();
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Starts `count` turns one after another, as workers would, and returns when each began, from the start. */
async function starts(pacer: Pacer, clock: FakeClock, count: number): Promise<number[]> {
  const begun = clock.now();
  const times: number[] = [];
  const all = Array.from({ length: count }, async () => {
    await pacer.turn(new AbortController().signal);
    times.push(clock.now() - begun);
  });
  await clock.settle(Promise.all(all));
  return times.sort((a, b) => a - b);
}

describe('the pacer', () => {
  it('lets requests go at once until the API refuses one', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock);
    expect(await starts(pacer, clock, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(pacer.pacing).toBe(false);
  });

  it('after a 429, waits out Retry-After, then spreads what the API took in that time over the next', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock);
    // Five went out at once; the API took four and refused the fifth.
    await starts(pacer, clock, 5);
    for (let i = 0; i < 4; i++) pacer.observe({ status: 200 });
    pacer.observe({ status: 429, retryAfterSeconds: 1 });
    expect(pacer.pacing).toBe(true);
    expect(await starts(pacer, clock, 4)).toEqual([1000, 1250, 1500, 1750]);
    expect({ sent: pacer.sent, refused: pacer.refused }).toEqual({ sent: 9, refused: 1 });
  });

  it("goes at the API's own policy when it says (RateLimit-Policy), and waits for the window when RateLimit says none are left", async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock);
    pacer.observe({ status: 200, policy: '"default";q=1200;w=300', limit: '"default";r=0;t=2' });
    expect(await starts(pacer, clock, 3)).toEqual([2000, 2250, 2500]);
  });

  it('halves its rate when refused again while pacing', async () => {
    const clock = new FakeClock();
    const pacer = new Pacer(clock);
    await starts(pacer, clock, 3);
    pacer.observe({ status: 200 });
    pacer.observe({ status: 200 });
    pacer.observe({ status: 429, retryAfterSeconds: 1 });
    await starts(pacer, clock, 1);
    pacer.observe({ status: 429, retryAfterSeconds: 1 });
    // Interval 500 ms, then 1000 ms after the second refusal.
    expect(await starts(pacer, clock, 3)).toEqual([1000, 2000, 3000]);
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
