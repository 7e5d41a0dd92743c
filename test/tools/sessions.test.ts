// get_active_livestreams without meeting_id, as it goes when the app's sessions can be listed: the meetings in
// session are the only ones asked for livestreams, so a call costs requests for what is live, not for the
// number of rooms; the livestreams that belong to no meeting come from one more request.
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  APP_ID,
  gatewayError,
  liveLivestream,
  meeting,
  meetingId,
  PLANTED,
  PLANTED_VALUES,
} from '../../fixtures/api.js';
import type { SampleApp } from '../../src/demo/sample-api.js';
import { missingFromStructured } from '../support/guidance.js';
import { FULL_ENV, startHarness, textOf, useHarness } from '../support/harness.js';
import { APP_URL, serveApps, useMsw } from '../support/msw.js';
import type { CallToolResult } from '../support/result.js';

const server = useMsw();
const harness = useHarness({ each: true });

/** Serves `app` as the API does (the sample API's router), and counts the requests by path. */
function serve(app: SampleApp): { paths: string[]; queries: URLSearchParams[] } {
  const seen = { paths: [] as string[], queries: [] as URLSearchParams[] };
  serveApps(server, { [APP_ID]: app }, (url) => {
    seen.paths.push(url.pathname.replace(/^.*\/realtime\/kit\/[^/]+/, ''));
    seen.queries.push(url.searchParams);
  });
  return seen;
}

const started = (minutesAgo: number) => new Date(Date.UTC(2026, 11, 7, 10, 0) - minutesAgo * 60_000).toISOString();

/** A session of meeting `index` (or of a room name), LIVE unless said, with `participants` in it. */
function session(index: number | string, participants: number, status = 'LIVE'): Record<string, unknown> {
  const id = typeof index === 'number' ? meetingId(index) : index;
  return {
    id: `sess_${id}_${status}`,
    associated_id: id,
    meeting_display_name: typeof index === 'number' ? `Weekly sync ${index}` : 'Old room',
    status,
    type: 'meeting',
    live_participants: participants,
    max_concurrent_participants: participants,
    minutes_consumed: 10,
    organization_id: APP_ID,
    created_at: started(typeof index === 'number' ? index : 0),
    started_at: started(typeof index === 'number' ? index : 0),
    updated_at: started(0),
  };
}

/**
 * The app: 3,000 ACTIVE rooms, 12 in session (meetings 1-12, 1 to 12 participants each), 5 of them
 * livestreaming (meetings 2, 4, 6, 8, 10), and a session that has ended, which must not count.
 */
function bigApp(extra: Partial<SampleApp> = {}): SampleApp {
  return {
    meetings: Array.from({ length: 3000 }, (_, i) => meeting(i + 1, { status: 'ACTIVE' })),
    sessions: [...Array.from({ length: 12 }, (_, i) => session(i + 1, i + 1)), session(20, 9, 'ENDED')],
    livestreams: Object.fromEntries(
      [2, 4, 6, 8, 10].map((index) => [
        meetingId(index),
        liveLivestream({ id: `ls_${index}`, meeting_id: meetingId(index), stream_key: PLANTED.streamKey }),
      ]),
    ),
    independentLivestreams: { shape: 'array', livestreams: [] },
    ...extra,
  };
}

function rows(result: CallToolResult, key: string, columns = 'columns'): Array<Record<string, unknown>> {
  const structured = result.structuredContent as Record<string, unknown[]>;
  const names = structured[columns] as string[];
  return (structured[key] as unknown[][]).map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
}

describe('what is live, through the sessions in progress', () => {
  it('finds every livestream of an app of 3,000 rooms in 14 requests, and names the 12 meetings in session', async () => {
    const seen = serve(bigApp());
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBeFalsy();
    // One page of sessions, the independent livestreams, and the 12 meetings in session: none of the other rooms.
    expect(seen.paths.length).toBeLessThanOrEqual(15);
    expect(seen.paths.filter((path) => path === '/sessions')).toHaveLength(1);
    expect(seen.paths.filter((path) => path === '/livestreams')).toHaveLength(1);
    expect(seen.paths.filter((path) => path.endsWith('/active-livestream'))).toHaveLength(12);
    expect(Object.fromEntries(seen.queries[0] ?? [])).toEqual({ status: 'LIVE', page_no: '1', per_page: '100' });
    const text = textOf(result);
    expect(text.split('\n')[0]).toBe(
      '5 active livestreams (5 LIVE) in app app_test_01: 12 meetings in session now (78 participants), 5 livestreaming. Times are UTC.',
    );
    // Each livestream with its meeting and that meeting's session; the other seven meetings in session apart.
    expect(text).toContain(
      `ls_10 LIVE "All-hands" in meeting ${meetingId(10)} "Weekly sync 10" (10 in session since 2026-12-07 09:50) watch`,
    );
    expect(text).toContain(
      'Also in session, without an active livestream. Each line: meeting id, title, participants, since.',
    );
    expect(text).toContain(`${meetingId(11)} "Weekly sync 11" 11 2026-12-07 09:49`);
    expect(rows(result, 'livestreams').map((row) => [row.id, row.live_participants])).toEqual([
      ['ls_10', 10],
      ['ls_8', 8],
      ['ls_6', 6],
      ['ls_4', 4],
      ['ls_2', 2],
    ]);
    const sessions = rows(result, 'sessions', 'session_columns');
    expect(sessions).toHaveLength(12);
    expect(sessions[0]).toEqual({
      meeting_id: meetingId(12),
      meeting_title: 'Weekly sync 12',
      live_participants: 12,
      since: '2026-12-07T09:48:00Z',
      livestreaming: false,
    });
    expect(sessions.filter((row) => row.livestreaming).map((row) => row.meeting_id)).toEqual(
      [10, 8, 6, 4, 2].map(meetingId),
    );
    expect(result.structuredContent).toMatchObject({
      in_session: 12,
      participants: 78,
      active_meetings: null,
      checked: 12,
      next_scan_page: null,
    });
    expect(missingFromStructured(result)).toEqual([]);
    for (const secret of PLANTED_VALUES) expect(JSON.stringify(result)).not.toContain(secret);
  });

  it('narrows through the sessions endpoint with search', async () => {
    const seen = serve(bigApp());
    const result = await harness.call('get_active_livestreams', { search: 'sync 1' });
    expect(seen.queries[0]?.get('search')).toBe('sync 1');
    // Meetings 1, 10, 11 and 12 match.
    expect(seen.paths.filter((path) => path.endsWith('/active-livestream'))).toHaveLength(4);
    expect(textOf(result).split('\n')[0]).toBe(
      '1 active livestream (1 LIVE) in app app_test_01 (search "sync 1"): 4 meetings in session now (34 participants), 1 livestreaming. Times are UTC.',
    );
  });

  it('says plainly when no meeting is in session, in three requests', async () => {
    const seen = serve(bigApp({ sessions: [session(3, 4, 'ENDED')] }));
    const result = await harness.call('get_active_livestreams');
    expect(seen.paths).toEqual(['/sessions', '/livestreams']);
    expect(textOf(result)).toBe('No active livestream in app app_test_01: no meeting is in session now.');
    expect(result.structuredContent).toMatchObject({ in_session: 0, participants: null, checked: 0, sessions: [] });
  });

  it('lists every page of sessions, and counts a meeting with two sessions once, with all its participants', async () => {
    const sessions = Array.from({ length: 230 }, (_, i) => session(i + 1, 1));
    sessions.push({ ...session(7, 5), id: 'sess_breakout' });
    const seen = serve(bigApp({ sessions }));
    const unlimited = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_MAX_API_REQUESTS: '10000' });
    const result = await unlimited.call('get_active_livestreams');
    await unlimited.close();
    expect(seen.paths.filter((path) => path === '/sessions')).toHaveLength(3);
    // At most 100 meetings asked in one call, however many requests it may make.
    expect(result.structuredContent).toMatchObject({
      in_session: 230,
      participants: 235,
      checked: 100,
      next_scan_page: 2,
    });
    expect(rows(result, 'sessions', 'session_columns')[0]).toMatchObject({
      meeting_id: meetingId(7),
      live_participants: 6,
    });
  });

  it('asks only as many meetings as the call may send requests for, and says how to go on', async () => {
    const sessions = Array.from({ length: 150 }, (_, i) => session(i + 1, 1));
    const seen = serve(bigApp({ sessions }));
    const first = await harness.call('get_active_livestreams');
    // 100 by default: two pages of sessions, the independent livestreams, and what is left less a retry in hand
    // for each check in flight.
    expect(seen.paths.length).toBeLessThanOrEqual(100);
    const checked = seen.paths.filter((path) => path.endsWith('/active-livestream')).length;
    expect(checked).toBe(93);
    expect(textOf(first)).toContain(
      "Checked the first 93 of the 150 meetings in session, as many as one call's API requests allow: call again with scan_page=2 for the other 57.",
    );
    expect(first.structuredContent).toMatchObject({ in_session: 150, checked: 93, next_scan_page: 2 });
    seen.paths.length = 0;
    const second = await harness.call('get_active_livestreams', { scan_page: 2 });
    expect(seen.paths.filter((path) => path.endsWith('/active-livestream'))).toHaveLength(57);
    expect(second.structuredContent).toMatchObject({ in_session: 150, checked: 57, next_scan_page: null });
  });

  it('does not ask an older meeting by its room name, and says so', async () => {
    const seen = serve(bigApp({ sessions: [session(2, 3), session('abcdef-ghijkl', 4)] }));
    const result = await harness.call('get_active_livestreams');
    expect(seen.paths.filter((path) => path.endsWith('/active-livestream'))).toEqual([
      `/meetings/${meetingId(2)}/active-livestream`,
    ]);
    expect(textOf(result)).toContain('abcdef-ghijkl "Old room" 4 2026-12-07 10:00 (not checked)');
    expect(textOf(result)).toContain(
      '1 meeting in session is an older (v1) one, whose livestreams cannot be asked for by id.',
    );
    expect(rows(result, 'sessions', 'session_columns')[0]).toMatchObject({
      meeting_id: 'abcdef-ghijkl',
      livestreaming: null,
    });
  });
});

describe('livestreams that belong to no meeting', () => {
  const encoder = (id: string, status = 'LIVE') => ({
    id,
    name: `Encoder ${id}`,
    status,
    meeting_id: null,
    playback_url: `https://watch.example.com/${id}/manifest/video.m3u8`,
    ingest_server: 'rtmps://live.example.com:443/live/',
    stream_key: PLANTED.streamKey,
    created_at: started(30),
    disabled: false,
  });

  it("lists them beside the meetings' livestreams, with no meeting and no stream key", async () => {
    serve(
      bigApp({
        independentLivestreams: { shape: 'array', livestreams: [encoder('ls_cam'), encoder('ls_off', 'IDLE')] },
      }),
    );
    const result = await harness.call('get_active_livestreams');
    expect(textOf(result).split('\n')[0]).toBe(
      '6 active livestreams (6 LIVE) in app app_test_01: 12 meetings in session now (78 participants), 5 livestreaming; 1 livestream without a meeting. Times are UTC.',
    );
    expect(textOf(result)).toContain(
      'ls_cam LIVE "Encoder ls_cam" (no meeting) watch https://watch.example.com/ls_cam/',
    );
    expect(rows(result, 'livestreams').find((row) => row.id === 'ls_cam')).toMatchObject({
      meeting_id: null,
      meeting_title: null,
      live_participants: null,
      stream_key: null,
    });
    expect(JSON.stringify(result)).not.toContain(PLANTED.streamKey);
  });

  it('reads the shape the reference documents (one object, paging inside), and says the rest were not sent', async () => {
    serve(
      bigApp({
        independentLivestreams: {
          shape: 'documented',
          livestreams: [encoder('ls_a'), encoder('ls_b'), encoder('ls_c')],
        },
      }),
    );
    const result = await harness.call('get_active_livestreams');
    expect(
      rows(result, 'livestreams')
        .filter((row) => row.meeting_id === null)
        .map((row) => row.id),
    ).toEqual(['ls_a']);
    expect(result.structuredContent?.notes).toContain(
      'The API sent 1 of its 3 livestreams without a meeting; the others are not shown.',
    );
  });

  it('says when the answer does not show the list is whole, and when there is no list at all', async () => {
    serve(bigApp());
    server.use(http.get(`${APP_URL}/livestreams`, () => HttpResponse.json({ success: true, data: [encoder('ls_x')] })));
    const unsure = await harness.call('get_active_livestreams');
    expect(unsure.structuredContent?.notes).toContain(
      '(The API did not say how many livestreams without a meeting there are: this lists the 1 it sent.)',
    );
    server.use(
      http.get(`${APP_URL}/livestreams`, () =>
        HttpResponse.json(gatewayError(7003, 'Could not route to the requested path'), { status: 404 }),
      ),
    );
    const missing = await harness.call('get_active_livestreams');
    expect(missing.isError).toBeFalsy();
    expect(missing.structuredContent?.notes).toContain('Livestreams without a meeting could not be listed (HTTP 404).');
    expect(missing.structuredContent?.livestreams).toHaveLength(5);
  });
});

describe('when the sessions cannot be listed', () => {
  it('falls back to asking the active meetings when the body is not of the documented shape, and says so', async () => {
    serve(bigApp());
    server.use(http.get(`${APP_URL}/sessions`, () => HttpResponse.json({ success: true, data: [] })));
    let sent = 0;
    server.events.on('request:start', () => {
      sent += 1;
    });
    const result = await harness.call('get_active_livestreams');
    expect(textOf(result)).toContain(
      "The app's sessions could not be listed (an answer not of the documented shape, data: expected object, received array), so this asked its active meetings one by one instead: a request for each.",
    );
    // Within the default 100: the sessions, one scan page of 50 and its listing.
    expect(sent).toBe(1 + 1 + 50);
    expect(result.structuredContent).toMatchObject({ in_session: null, active_meetings: 3000, next_scan_page: 2 });
  });

  it('ends the call as any other when the sessions are refused for the token or the rate limit', async () => {
    serve(bigApp());
    const sent: string[] = [];
    server.events.on('request:start', ({ request }) => {
      sent.push(new URL(request.url).pathname.replace(/^.*\/realtime\/kit\/[^/]+/, ''));
    });
    server.use(
      http.get(`${APP_URL}/sessions`, () =>
        HttpResponse.json(gatewayError(10000, 'Authentication error'), { status: 403 }),
      ),
    );
    const refused = await harness.call('get_active_livestreams');
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toMatch(/^The Cloudflare API rejected the token \(HTTP 403/);
    expect(sent).toEqual(['/sessions']);
    server.use(
      http.get(`${APP_URL}/sessions`, () =>
        HttpResponse.json(gatewayError(971, 'Too many requests'), { status: 429, headers: { 'Retry-After': '60' } }),
      ),
    );
    const limited = await harness.call('get_active_livestreams');
    expect(textOf(limited)).toMatch(/^The Cloudflare API is rate limiting this token \(HTTP 429/);
  });

  it('keeps the sessions of the pages before when a later page is rate limited, and says the list is not whole', async () => {
    serve(bigApp({ sessions: Array.from({ length: 150 }, (_, i) => session(i + 1, 1)) }));
    server.use(
      http.get(`${APP_URL}/sessions`, ({ request }) =>
        new URL(request.url).searchParams.get('page_no') === '2'
          ? HttpResponse.json(gatewayError(971, 'Too many requests'), { status: 429, headers: { 'Retry-After': '60' } })
          : undefined,
      ),
    );
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ in_session: 100 });
    expect(result.structuredContent?.notes).toContain(
      'Only the first 100 sessions in progress were listed: the API is rate limiting this token (HTTP 429); wait 60 s first.',
    );
  });
});

it('runs on a Worker on Workers Free (50 requests a call) as it does elsewhere', async () => {
  const seen = serve(bigApp());
  const worker = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_MAX_API_REQUESTS: '50' });
  const result = await worker.call('get_active_livestreams');
  await worker.close();
  expect(seen.paths.length).toBe(14);
  expect(result.structuredContent).toMatchObject({ in_session: 12, checked: 12, next_scan_page: null });
});
