// get_active_livestreams without meeting_id where the app's sessions cannot be listed: "what is live right now?"
// in one call across the app's active meetings, with bounded concurrency, progress, cancellation and partial
// answers. (test/tools/sessions.test.ts has the way it goes when they can.)
import { delay, HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import {
  gatewayError,
  liveLivestream,
  meeting,
  meetingId,
  meetingsPage,
  PLANTED,
  realtimeKitError,
} from '../../fixtures/api.js';
import { ApiError } from '../../src/api/errors.js';
import { sweepStopped } from '../../src/tools/sweep-failures.js';
import { LIVESTREAM_COLUMNS, SESSION_COLUMNS } from '../support/contract.js';
import { FakeClock } from '../support/fake-clock.js';
import { FULL_ENV, type Harness, startHarness, textOf } from '../support/harness.js';
import { APP_URL, useMsw } from '../support/msw.js';

const server = useMsw();
/** As far as the deadline and the API allow: for the tests of a sweep of many scan pages. */
const UNLIMITED = { ...FULL_ENV, REALTIMEKIT_MCP_MAX_API_REQUESTS: '10000' };
/** What every answer of this file says after what it found: why it asked the active meetings. */
const FALLBACK =
  "The app's sessions could not be listed (HTTP 404), so this asked its active meetings one by one instead: a request for each.";

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

interface Api {
  listQueries: URLSearchParams[];
  checked: string[];
  maxInFlight: number;
}

/**
 * Active meetings 1..count (total `total`), each answering its livestream request with `answer(index)`;
 * by default meeting 1 is live, meeting 2 has two streams and the rest have none.
 */
function serve(
  count: number,
  answer: (index: number) => Response | Promise<Response> = (index) =>
    index === 1
      ? HttpResponse.json({ data: liveLivestream({ id: 'ls_one', meeting_id: meetingId(1) }) })
      : index === 2
        ? HttpResponse.json({
            data: [
              liveLivestream({ id: 'ls_two_a', status: 'IDLE', name: null }),
              liveLivestream({ id: 'ls_two_b', name: 'Backup' }),
            ],
          })
        : HttpResponse.json(realtimeKitError(404, 'Error: resource not found'), { status: 404 }),
  total = count,
): Api {
  const api: Api = { listQueries: [], checked: [], maxInFlight: 0 };
  let inFlight = 0;
  server.use(
    // An API without the sessions endpoint, or a gateway that does not route it: the call falls back to this.
    http.get(`${APP_URL}/sessions`, () =>
      HttpResponse.json(gatewayError(7003, 'Could not route to the requested path'), { status: 404 }),
    ),
    http.get(`${APP_URL}/meetings`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      api.listQueries.push(query);
      const pageNo = Number(query.get('page_no'));
      const perPage = Number(query.get('per_page'));
      const first = (pageNo - 1) * perPage + 1;
      const last = Math.min(count, first + perPage - 1);
      const data = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) =>
        meeting(first + i, { status: 'ACTIVE', ...(first + i === 3 && { title: null }) }),
      );
      return HttpResponse.json(meetingsPage(data, { total_count: total }));
    }),
    http.get(`${APP_URL}/meetings/:meetingId/active-livestream`, async ({ params }) => {
      const index = Number(String(params.meetingId).slice(-12));
      api.checked.push(String(params.meetingId));
      inFlight += 1;
      api.maxInFlight = Math.max(api.maxInFlight, inFlight);
      // Yield a few turns (not a timer: the harness's clock is fake) so that concurrent checks overlap.
      for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return answer(index);
    }),
  );
  return api;
}

describe('sweep', () => {
  it('finds every active livestream in the app, LIVE first, each with its meeting', async () => {
    const api = serve(5);
    harness = await startHarness();
    const result = await harness.call('get_active_livestreams');
    expect(api.listQueries.map((query) => Object.fromEntries(query))).toEqual([
      { page_no: '1', per_page: '50', status: 'ACTIVE' },
    ]);
    expect(api.checked).toHaveLength(5);
    expect(textOf(result)).toMatchInlineSnapshot(`
      "3 active livestreams (2 LIVE, 1 IDLE) in 2 meetings in app app_test_01, from 5 of the 5 active meetings checked. Times are UTC.
      ls_one LIVE "All-hands" in meeting 8d3f0001-1c2b-4a5e-9f60-000000000001 "Weekly sync 1" watch https://watch.realtime.cloudflare.test/ls_7f3a91c2/manifest/video.m3u8 ingest rtmps://live.realtime.cloudflare.test:443/live/ since 2026-11-22 09:30; stream key withheld
      ls_two_b LIVE "Backup" in meeting 8d3f0002-1c2b-4a5e-9f60-000000000002 "Weekly sync 2" watch https://watch.realtime.cloudflare.test/ls_7f3a91c2/manifest/video.m3u8 ingest rtmps://live.realtime.cloudflare.test:443/live/ since 2026-11-22 09:30; stream key withheld
      ls_two_a IDLE in meeting 8d3f0002-1c2b-4a5e-9f60-000000000002 "Weekly sync 2" watch https://watch.realtime.cloudflare.test/ls_7f3a91c2/manifest/video.m3u8 ingest rtmps://live.realtime.cloudflare.test:443/live/ since 2026-11-22 09:30; stream key withheld
      The app's sessions could not be listed (HTTP 404), so this asked its active meetings one by one instead: a request for each."
    `);
    expect(result.structuredContent).toMatchInlineSnapshot(`
      {
        "active_meetings": 5,
        "checked": 5,
        "columns": [
          "id",
          "status",
          "disabled",
          "name",
          "meeting_id",
          "meeting_title",
          "playback_url",
          "ingest_server",
          "created_at",
          "stream_key",
          "live_participants",
          "in_session_since",
        ],
        "in_session": null,
        "livestreams": [
          [
            "ls_one",
            "LIVE",
            false,
            "All-hands",
            "8d3f0001-1c2b-4a5e-9f60-000000000001",
            "Weekly sync 1",
            "https://watch.realtime.cloudflare.test/ls_7f3a91c2/manifest/video.m3u8",
            "rtmps://live.realtime.cloudflare.test:443/live/",
            "2026-11-22T09:30:12Z",
            null,
            null,
            null,
          ],
          [
            "ls_two_b",
            "LIVE",
            false,
            "Backup",
            "8d3f0002-1c2b-4a5e-9f60-000000000002",
            "Weekly sync 2",
            "https://watch.realtime.cloudflare.test/ls_7f3a91c2/manifest/video.m3u8",
            "rtmps://live.realtime.cloudflare.test:443/live/",
            "2026-11-22T09:30:12Z",
            null,
            null,
            null,
          ],
          [
            "ls_two_a",
            "IDLE",
            false,
            null,
            "8d3f0002-1c2b-4a5e-9f60-000000000002",
            "Weekly sync 2",
            "https://watch.realtime.cloudflare.test/ls_7f3a91c2/manifest/video.m3u8",
            "rtmps://live.realtime.cloudflare.test:443/live/",
            "2026-11-22T09:30:12Z",
            null,
            null,
            null,
          ],
        ],
        "next_scan_page": null,
        "notes": [
          "Stream keys are withheld.",
          "The app's sessions could not be listed (HTTP 404), so this asked its active meetings one by one instead: a request for each.",
        ],
        "participants": null,
        "session_columns": [
          "meeting_id",
          "meeting_title",
          "live_participants",
          "since",
          "livestreaming",
        ],
        "sessions": [],
        "summary": "3 active livestreams (2 LIVE, 1 IDLE) in 2 meetings in app app_test_01, from 5 of the 5 active meetings checked.",
      }
    `);
    expect(JSON.stringify(result)).not.toContain(PLANTED.streamKey);
  });

  it('names an untitled meeting as untitled', async () => {
    serve(3, (index) =>
      index === 3 ? HttpResponse.json({ data: liveLivestream({ id: 'ls_3' }) }) : HttpResponse.json({ data: null }),
    );
    harness = await startHarness();
    expect(textOf(await harness.call('get_active_livestreams'))).toContain(
      'ls_3 LIVE "All-hands" in meeting 8d3f0003-1c2b-4a5e-9f60-000000000003 (untitled)',
    );
  });

  it('says plainly when nothing is live, and when no meeting is active', async () => {
    serve(4, () => HttpResponse.json(realtimeKitError(404, 'Error: resource not found'), { status: 404 }));
    harness = await startHarness();
    const none = await harness.call('get_active_livestreams');
    expect(none.isError).toBeFalsy();
    expect(textOf(none)).toBe(
      `Nothing is livestreaming in app app_test_01: no active livestream in 4 of the 4 active meetings checked.\n${FALLBACK}`,
    );
    serve(0);
    expect(textOf(await harness.call('get_active_livestreams', { search: 'board' }))).toBe(
      `Nothing is livestreaming in app app_test_01 (search "board"): there are no active meetings.\n${FALLBACK}`,
    );
  });

  it('checks a scan page of 50 at a time, as many as the deadline allows, and says how long the rest would take', async () => {
    const clock = new FakeClock();
    // Each livestream request takes 200 ms: a scan page of 50 takes 10 s of the call's 30 s.
    const api = serve(137, (index) => {
      clock.advance(200);
      return index === 1
        ? HttpResponse.json({ data: liveLivestream({ id: 'ls_one', meeting_id: meetingId(1) }) })
        : HttpResponse.json(realtimeKitError(404, 'Error: resource not found'), { status: 404 });
    });
    harness = await startHarness(UNLIMITED, clock);
    const first = await harness.call('get_active_livestreams', { search: 'sync' });
    // Two scan pages (20 s); a third would end past the 24 s that leave a fifth of the call for the answer.
    expect(api.checked).toHaveLength(100);
    expect(api.listQueries.map((query) => query.get('page_no'))).toEqual(['1', '2']);
    expect(Object.fromEntries(api.listQueries[0] ?? [])).toMatchObject({ search: 'sync', per_page: '50' });
    const next =
      "Only the first 100 active meetings are checked so far: call again with scan_page=3 to go on, or narrow with search. The other 37 would take about 8 s at this call's pace.";
    expect(textOf(first).split('\n').at(-1)).toBe(next);
    expect(first.structuredContent).toMatchObject({
      summary:
        '1 active livestream (1 LIVE) in 1 meeting in app app_test_01 (search "sync"), from 100 of the 137 active meetings checked.',
      notes: ['The stream key is withheld.', FALLBACK, next],
      active_meetings: 137,
      checked: 100,
      next_scan_page: 3,
    });
    const last = await harness.call('get_active_livestreams', { search: 'sync', scan_page: 3 });
    expect(api.listQueries[2]?.get('page_no')).toBe('3');
    expect(last.structuredContent).toEqual({
      summary:
        'Nothing is livestreaming in app app_test_01 (search "sync"): no active livestream in 37 of the 137 active meetings checked.',
      notes: [FALLBACK],
      in_session: null,
      participants: null,
      active_meetings: 137,
      checked: 37,
      next_scan_page: null,
      columns: LIVESTREAM_COLUMNS,
      livestreams: [],
      session_columns: SESSION_COLUMNS,
      sessions: [],
    });
  });

  it('checks every scan page in one call when time allows, up to 500 meetings', async () => {
    const all = serve(137);
    harness = await startHarness(UNLIMITED);
    const whole = await harness.call('get_active_livestreams');
    expect(all.checked).toHaveLength(137);
    expect(whole.structuredContent).toMatchObject({ active_meetings: 137, checked: 137, next_scan_page: null });
    expect(textOf(whole)).toContain('from 137 of the 137 active meetings checked');
    await harness.close();

    const many = serve(600);
    harness = await startHarness(UNLIMITED);
    const capped = await harness.call('get_active_livestreams');
    expect(many.checked).toHaveLength(500);
    expect(capped.structuredContent).toMatchObject({ active_meetings: 600, checked: 500, next_scan_page: 11 });
  });

  it('stays within the 100 requests a call makes by default, and says how to go on', async () => {
    const api = serve(3000);
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => {
      requests.push(request.url);
    });
    harness = await startHarness();
    const result = await harness.call('get_active_livestreams');
    // The sessions (refused), a scan page's listing and its 50 checks: a second would pass 100.
    expect(requests).toHaveLength(52);
    expect(api.checked).toHaveLength(50);
    expect(textOf(result).split('\n').slice(-2)).toEqual([
      FALLBACK,
      'Only the first 50 active meetings are checked so far: call again with scan_page=2 to go on, or narrow with search.',
    ]);
    expect(result.structuredContent).toMatchObject({ active_meetings: 3000, checked: 50, next_scan_page: 2 });
  });

  it('says which scan page is the last when asked for one past it', async () => {
    const api = serve(137);
    harness = await startHarness();
    const result = await harness.call('get_active_livestreams', { scan_page: 9 });
    expect(api.checked).toEqual([]);
    expect(result.structuredContent).toEqual({
      summary:
        'No active meetings on scan_page 9 in app app_test_01: 137 in all, 50 per scan page, so the last is scan_page=3.',
      notes: [FALLBACK],
      in_session: null,
      participants: null,
      active_meetings: 137,
      checked: 0,
      next_scan_page: null,
      columns: LIVESTREAM_COLUMNS,
      livestreams: [],
      session_columns: SESSION_COLUMNS,
      sessions: [],
    });
    expect(textOf(result)).toBe(`${result.structuredContent?.summary}\n${FALLBACK}`);
  });

  it('keeps at most 4 livestream requests in flight', async () => {
    const api = serve(30);
    harness = await startHarness();
    await harness.call('get_active_livestreams');
    expect(api.checked).toHaveLength(30);
    expect(api.maxInFlight).toBeLessThanOrEqual(4);
    expect(api.maxInFlight).toBeGreaterThan(1);
  });

  it('reports progress to a client that asks for it', async () => {
    serve(6);
    const clock = new FakeClock();
    harness = await startHarness(FULL_ENV, clock);
    const updates: Array<{ progress: number; total?: number; message?: string }> = [];
    const result = await clock.settle(
      harness.client.callTool(
        { name: 'get_active_livestreams', arguments: {} },
        {
          onprogress: (update) => updates.push(update),
        },
      ),
    );
    expect(result.isError).toBeFalsy();
    expect(updates.map((update) => update.progress)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(updates.at(-1)).toEqual({ progress: 6, total: 6, message: 'checked 6 of 6 active meetings' });
  });

  it('sends no progress notifications to a client that did not ask', async () => {
    serve(3);
    harness = await startHarness();
    const notifications: unknown[] = [];
    harness.client.setNotificationHandler('notifications/progress', (notification) => {
      notifications.push(notification);
    });
    await harness.call('get_active_livestreams');
    expect(notifications).toEqual([]);
  });

  it('stops at a rate limit and answers with what it found, saying when to try again', async () => {
    const api = serve(20, (index) =>
      index === 1
        ? HttpResponse.json({ data: liveLivestream({ id: 'ls_early' }) })
        : index >= 6
          ? HttpResponse.json(gatewayError(971, 'Too many requests'), { status: 429, headers: { 'Retry-After': '60' } })
          : HttpResponse.json({ data: null }),
    );
    harness = await startHarness();
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('ls_early LIVE');
    expect(textOf(result)).toMatch(
      /Stopped after checking \d+ of these 20 active meetings: the API is rate limiting this token \(HTTP 429\)\. Call again in 60 s with the same arguments to check the rest\.$/,
    );
    const stopped = /Stopped after checking (\d+) of these 20 active meetings: .*$/.exec(textOf(result))?.[0] ?? '';
    expect(Number(/checking (\d+)/.exec(stopped)?.[1])).toBeGreaterThanOrEqual(5);
    expect(result.structuredContent?.notes).toEqual(['The stream key is withheld.', FALLBACK, stopped]);
    // Nothing to go on from: the same call again checks the rest, and the counts say how many that is.
    expect(result.structuredContent).toMatchObject({ active_meetings: 20, next_scan_page: null });
    expect(result.structuredContent?.checked).toBe(Number(/checking (\d+)/.exec(stopped)?.[1]));
    // Workers stop starting checks once a 429 is seen: only those already in flight went out.
    expect(api.checked.length).toBeLessThan(20);
  });

  /** fetch as a Cloudflare Worker has it: after `limit` requests in one invocation, each throws (workerd's words). */
  function workerFetch(limit: number): { fetch: typeof globalThis.fetch; attempts: () => number } {
    let attempts = 0;
    return {
      fetch: (input, init) => {
        attempts += 1;
        if (attempts > limit) return Promise.reject(new Error('Too many subrequests.'));
        return globalThis.fetch(input, init);
      },
      attempts: () => attempts,
    };
  }

  it("stops at a Worker's subrequest limit, retries nothing, and answers with what it found", async () => {
    serve(120);
    const worker = workerFetch(50);
    harness = await startHarness(FULL_ENV, new FakeClock(), undefined, worker.fetch);
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('ls_one LIVE');
    expect(textOf(result).split('\n').at(-1)).toBe(
      'Stopped after checking 48 of these 50 active meetings: the host running this server allows no more API requests in one call (a Cloudflare Worker on Workers Free allows 50). Narrow with search to check the rest, or run the server where calls may make more (Workers Paid: 10,000).',
    );
    // The refused request is not retried: only the checks already started met the limit, once each.
    expect(worker.attempts()).toBeLessThanOrEqual(50 + 4);
  });

  it('keeps what earlier scan pages found when a later one cannot even be listed', async () => {
    serve(120);
    // Enough for the sessions (refused), the first scan page (1 listing, 50 checks), not for listing the second.
    harness = await startHarness(UNLIMITED, new FakeClock(), undefined, workerFetch(52).fetch);
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.summary).toBe(
      '3 active livestreams (2 LIVE, 1 IDLE) in 2 meetings in app app_test_01, from 50 of the 120 active meetings checked.',
    );
    expect(textOf(result)).toContain(
      'The next scan page was not listed: the host running this server allows no more API requests in one call (a Cloudflare Worker on Workers Free allows 50).',
    );
    expect(result.structuredContent?.next_scan_page).toBe(2);
  });

  it('sizes scan pages to the requests a call may make, and pages on from there', async () => {
    const api = serve(120);
    let requests = 0;
    server.events.on('request:start', () => {
      requests += 1;
    });
    harness = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_MAX_API_REQUESTS: '50' });
    const first = await harness.call('get_active_livestreams');
    // A listing and 45 checks, with 4 requests in hand for retries: a second scan page would not fit.
    expect(api.listQueries.map((query) => [query.get('page_no'), query.get('per_page')])).toEqual([['1', '45']]);
    expect(api.checked).toHaveLength(45);
    expect(requests).toBeLessThanOrEqual(50);
    expect(first.structuredContent?.next_scan_page).toBe(2);
    expect(textOf(first).split('\n').at(-1)).toMatch(
      /^Only the first 45 active meetings are checked so far: call again with scan_page=2 to go on, or narrow with search\./,
    );
    const second = await harness.call('get_active_livestreams', { scan_page: 2 });
    expect(api.listQueries.at(-1)?.get('page_no')).toBe('2');
    expect(api.checked).toHaveLength(90);
    expect(second.structuredContent?.next_scan_page).toBe(3);
  });

  it('spends no retry a call has no request left for, and fails as the API did', async () => {
    let asked = 0;
    server.use(
      http.get(`${APP_URL}/meetings`, () => {
        asked += 1;
        return new HttpResponse('<html>busy</html>', { status: 503 });
      }),
    );
    harness = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_MAX_API_REQUESTS: '2' });
    const result = await harness.call('list_meetings');
    expect(asked).toBe(2);
    expect(textOf(result)).toMatch(
      /^The RealtimeKit API failed \(HTTP 503[^;]*; tried 2 times\) while listing meetings\./,
    );
  });

  it("keeps within the limit when checks are retried, and reports a failed check as the API's failure", async () => {
    let requests = 0;
    server.events.on('request:start', () => {
      requests += 1;
    });
    serve(20, (index) =>
      index === 3
        ? new HttpResponse('<html>busy</html>', { status: 503 })
        : HttpResponse.json(realtimeKitError(404, 'Error: resource not found'), { status: 404 }),
    );
    // Scan pages of 2 (7 - a listing - 4 in hand for retries); meeting 3's retries use what is in hand.
    harness = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_MAX_API_REQUESTS: '7' });
    const result = await harness.call('get_active_livestreams');
    expect(requests).toBeLessThanOrEqual(7);
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('Could not check 1 meeting: 8d3f0003-1c2b-4a5e-9f60-000000000003 (HTTP 503).');
    expect(result.structuredContent?.next_scan_page).toBe(3);
  });

  it("names the server's own request limit, or the host's, when one ends a sweep", () => {
    const own = new ApiError('request_limit', 'limit', { requestLimit: 50 });
    expect(sweepStopped(own, 44, 45, 'operator')).toBe(
      'Stopped after checking 44 of these 45 active meetings: this server makes at most 50 API requests a call (REALTIMEKIT_MCP_MAX_API_REQUESTS). Narrow with search to check the rest, or run the server where calls may make more (Workers Paid: 10,000).',
    );
    // Over HTTP the caller cannot set the server's variables: the limit is named, the variable is not.
    expect(sweepStopped(own, 44, 45, 'caller')).toBe(
      'Stopped after checking 44 of these 45 active meetings: this server makes at most 50 API requests a call. Narrow with search to check the rest, or run the server where calls may make more (Workers Paid: 10,000).',
    );
    expect(sweepStopped(new ApiError('request_limit', 'limit'), 49, 50, 'operator')).toContain(
      'the host running this server allows no more API requests in one call (a Cloudflare Worker on Workers Free allows 50)',
    );
  });

  it('keeps what the first scan page found when listing the next one is rate limited', async () => {
    serve(120);
    server.use(
      http.get(`${APP_URL}/meetings`, ({ request }) =>
        new URL(request.url).searchParams.get('page_no') === '2'
          ? HttpResponse.json(gatewayError(971, 'Too many requests'), { status: 429, headers: { 'Retry-After': '60' } })
          : undefined,
      ),
    );
    harness = await startHarness(UNLIMITED);
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.livestreams).toHaveLength(3);
    // The next call goes on from the page that could not be listed, not from the start.
    expect(textOf(result).split('\n').slice(-2)).toEqual([
      'The next scan page was not listed: the API is rate limiting this token (HTTP 429); wait 60 s first.',
      'Only the first 50 active meetings are checked so far: call again with scan_page=2 to go on, or narrow with search.',
    ]);
    expect(result.structuredContent?.next_scan_page).toBe(2);
  });

  it('says a call the host would not send is not a network failure', async () => {
    harness = await startHarness(FULL_ENV, new FakeClock(), undefined, workerFetch(0).fetch);
    const result = await harness.call('list_meetings');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Could not finish listing meetings: the host running this server allows no more API requests in one call (a Cloudflare Worker on Workers Free allows 50), and this call needed more. Narrow the call (search, status, a time range, a smaller per_page, or no include_recording_config), or run the server where calls may make more (Workers Paid: 10,000).',
    );
  });

  it('notes meetings it could not check and reports the rest', async () => {
    serve(4, (index) =>
      index === 2
        ? new HttpResponse('<html>oops</html>', { status: 500 })
        : HttpResponse.json({ data: liveLivestream({ id: `ls_${index}` }) }),
    );
    harness = await startHarness();
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.livestreams).toHaveLength(3);
    expect(textOf(result).split('\n').at(-1)).toBe(
      'Could not check 1 meeting: 8d3f0002-1c2b-4a5e-9f60-000000000002 (HTTP 500).',
    );
  });

  it('fails the whole call when the token is rejected, and sends no more requests', async () => {
    const api = serve(20, () => HttpResponse.json(gatewayError(10000, 'Authentication error'), { status: 403 }));
    harness = await startHarness();
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^The Cloudflare API rejected the token \(HTTP 403/);
    // The two checks in flight as the call warms up, and the one whose turn came as the first answer did; none
    // after the call had failed.
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(api.checked).toHaveLength(3);
  });

  it('answers with what it found when the deadline comes mid-sweep', async () => {
    serve(10, async (index) => {
      if (index > 3) await delay('infinite');
      return HttpResponse.json({ data: liveLivestream({ id: `ls_${index}` }) });
    });
    harness = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_TIMEOUT_SECONDS: '5' });
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.livestreams).toHaveLength(3);
    expect(textOf(result).split('\n').at(-1)).toBe(
      'Stopped after checking 3 of these 10 active meetings: the call ran out of time (5 s). Call again, or narrow with search, to check the rest.',
    );
  });

  it('stops starting checks at once when the client cancels', async () => {
    let started = 0;
    serve(40, async () => {
      started += 1;
      await delay('infinite');
      return HttpResponse.json({ data: null });
    });
    const clock = new FakeClock();
    harness = await startHarness(FULL_ENV, clock);
    const controller = new AbortController();
    const call = harness.client.callTool(
      { name: 'get_active_livestreams', arguments: {} },
      {
        signal: controller.signal,
      },
    );
    call.catch(() => {});
    // Two in flight as the call warms up (the API has not answered any), and none after the cancellation.
    while (started < 2) await new Promise((resolve) => setImmediate(resolve));
    controller.abort('stop');
    await expect(call).rejects.toThrow();
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(2);
  });
});

describe('the last scan page', () => {
  it('offers no scan_page past the last one the tool accepts, and says how to reach the rest', async () => {
    // 10,000 scan pages of 50 and more: a call from scan_page 9,999 checks the last two and stops there.
    const pages: string[] = [];
    server.use(
      http.get(`${APP_URL}/sessions`, () => HttpResponse.json(gatewayError(7003, 'No route'), { status: 404 })),
      http.get(`${APP_URL}/meetings`, ({ request }) => {
        const query = new URL(request.url).searchParams;
        pages.push(query.get('page_no') ?? '');
        const data = Array.from({ length: 50 }, (_, i) => meeting(i + 1, { status: 'ACTIVE' }));
        return HttpResponse.json(meetingsPage(data, { total_count: 10_000 * 50 + 120 }));
      }),
      http.get(`${APP_URL}/meetings/:meetingId/active-livestream`, () => HttpResponse.json({ data: null })),
    );
    harness = await startHarness(UNLIMITED);
    const result = await harness.call('get_active_livestreams', { scan_page: 9_999 });
    expect(pages).toEqual(['9999', '10000']);
    expect(result.structuredContent).toMatchObject({ checked: 100, next_scan_page: null });
    expect(textOf(result)).toContain(
      'The rest lies beyond scan_page 10000, the last one a call can ask for: narrow with search to check it.',
    );
    expect(textOf(result)).not.toMatch(/scan_page=10001/);
  });
});
