import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  APP_ID,
  BASE_URL,
  gatewayError,
  liveLivestream,
  liveSession,
  MEETING_ID,
  meeting,
  meetingsPage,
  PLANTED,
  realtimeKitError,
  referenceMeeting,
  sessionsPage,
} from '../../fixtures/api.js';
import { parseRetryAfter, RealtimeKitApi, type RequestOptions } from '../../src/api/client.js';
import { startDeadline, systemClock } from '../../src/lib/clock.js';
import { failure } from '../support/api-failure.js';
import { useMsw } from '../support/msw.js';

const server = useMsw();
const MEETINGS_URL = `${BASE_URL}/accounts/${ACCOUNT_ID}/realtime/kit/${APP_ID}/meetings`;
const LIVESTREAM_URL = `${MEETINGS_URL}/${MEETING_ID}/active-livestream`;

function api(options: Partial<ConstructorParameters<typeof RealtimeKitApi>[0]> = {}) {
  return new RealtimeKitApi({
    baseUrl: BASE_URL,
    accountId: ACCOUNT_ID,
    apiToken: PLANTED.token,
    userAgent: 'realtimekit-mcp/test',
    ...options,
  });
}

const page = { page_no: 1, per_page: 20 };
/** A request nobody cancels, with no deadline. */
const untimed: RequestOptions = { signal: new AbortController().signal, deadlineAt: Number.POSITIVE_INFINITY };

describe('request', () => {
  it('sends the token only in the Authorization header, and every filter as a query value', async () => {
    let seen: Request | undefined;
    server.use(
      http.get(MEETINGS_URL, ({ request }) => {
        seen = request;
        return HttpResponse.json(meetingsPage([]));
      }),
    );
    await api().listMeetings(
      APP_ID,
      {
        page_no: 2,
        per_page: 50,
        status: 'ACTIVE',
        search: 'stand-up & "retro"?/../x',
        start_time: '2026-11-01T00:00:00.000Z',
        end_time: '2026-11-30T23:59:59.999Z',
      },
      untimed,
    );
    expect(seen?.headers.get('authorization')).toBe(`Bearer ${PLANTED.token}`);
    expect(seen?.headers.get('accept')).toBe('application/json');
    const url = new URL(seen?.url ?? '');
    expect(url.pathname).toBe(`/client/v4/accounts/${ACCOUNT_ID}/realtime/kit/${APP_ID}/meetings`);
    expect(url.href).not.toContain(PLANTED.token);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      page_no: '2',
      per_page: '50',
      status: 'ACTIVE',
      search: 'stand-up & "retro"?/../x',
      start_time: '2026-11-01T00:00:00.000Z',
      end_time: '2026-11-30T23:59:59.999Z',
    });
  });

  it('refuses ids that are not path segments without sending anything', async () => {
    // msw fails the test on any request: none is registered.
    for (const appId of ['../apps', 'a/b', 'a?x=1', '%2e%2e', '', 'x'.repeat(33)]) {
      expect((await failure(api().listMeetings(appId, page, untimed))).kind).toBe('invalid_request');
    }
    expect((await failure(api().getActiveLivestreams(APP_ID, '../../meetings', untimed))).kind).toBe('invalid_request');
    expect((await failure(api({ accountId: 'acc/../x' }).listMeetings(APP_ID, page, untimed))).kind).toBe(
      'invalid_request',
    );
  });
});

describe('list meetings', () => {
  it('parses the reference example', async () => {
    server.use(
      http.get(MEETINGS_URL, () =>
        HttpResponse.json(meetingsPage([referenceMeeting()], { end_offset: 30, start_offset: 1, total_count: 30 })),
      ),
    );
    const result = await api().listMeetings(APP_ID, page, untimed);
    expect(result.paging.total_count).toBe(30);
    expect(result.data[0]?.id).toBe('182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e');
    expect(result.data[0]?.recording_config?.storage_config?.credentials).toEqual([
      'secret',
      'password',
      'private_key',
    ]);
  });

  it('keeps credential names but drops their values at the boundary', async () => {
    server.use(http.get(MEETINGS_URL, () => HttpResponse.json(meetingsPage([meeting(1)]))));
    const result = await api().listMeetings(APP_ID, page, untimed);
    const storage = result.data[0]?.recording_config?.storage_config;
    expect(storage?.credentials).toEqual(['access_key', 'secret', 'password', 'private_key']);
    expect(JSON.stringify(result)).not.toMatch(/PLANTED-(ACCESS|SECRET|PASSWORD|PRIVATE)/);
  });

  it('accepts numbers and booleans sent as strings, nulls for absent fields, and unknown fields', async () => {
    server.use(
      http.get(MEETINGS_URL, () =>
        HttpResponse.json({
          success: true,
          data: [
            {
              id: MEETING_ID,
              created_at: '2026-11-01T10:00:00Z',
              title: null,
              status: null,
              record_on_start: 'true',
              persist_chat: 'false',
              session_keep_alive_time_in_secs: '120',
              recording_config: null,
              brand_new_field: { nested: true },
            },
          ],
          paging: { total_count: '41', start_offset: '1', end_offset: '20' },
        }),
      ),
    );
    const result = await api().listMeetings(APP_ID, page, untimed);
    expect(result.paging.total_count).toBe(41);
    expect(result.data[0]).toMatchObject({
      record_on_start: true,
      persist_chat: false,
      session_keep_alive_time_in_secs: 120,
    });
    expect(result.data[0]).not.toHaveProperty('brand_new_field');
  });

  it.each([
    ['data is missing', { success: true, paging: { total_count: 0 } }, 'data'],
    ['data is an object', { success: true, data: {}, paging: { total_count: 0 } }, 'data'],
    ['paging is missing', { success: true, data: [] }, 'paging'],
    ['a meeting has no id', meetingsPage([{ created_at: '2026-01-01T00:00:00Z' }]), 'data[0].id'],
    ['a meeting has no created_at', meetingsPage([{ id: MEETING_ID }]), 'data[0].created_at'],
    ['total_count is not a number', { success: true, data: [], paging: { total_count: 'many' } }, 'paging.total_count'],
  ])('names the field when %s', async (_case, body, field) => {
    server.use(http.get(MEETINGS_URL, () => HttpResponse.json(body)));
    const error = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(error.kind).toBe('unexpected_shape');
    expect(error.details.field).toBe(field);
  });

  it('reports a 200 that is not JSON', async () => {
    server.use(http.get(MEETINGS_URL, () => HttpResponse.html('<html><body>Maintenance</body></html>')));
    const error = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(error.kind).toBe('invalid_body');
    expect(error.details).toMatchObject({ status: 200, contentType: 'text/html' });
  });

  it('refuses a body whose declared length passes the cap without reading any of it', async () => {
    let chunksPulled = 0;
    server.use(
      http.get(MEETINGS_URL, () => {
        const stream = new ReadableStream<Uint8Array>(
          {
            pull(controller) {
              chunksPulled += 1;
              controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
            },
          },
          { highWaterMark: 0 },
        );
        return new HttpResponse(stream, { headers: { 'Content-Type': 'application/json', 'Content-Length': '4096' } });
      }),
    );
    const error = await failure(api({ maxBodyBytes: 1024 }).listMeetings(APP_ID, page, untimed));
    expect(error.message).toBe('the body is larger than 1024 bytes');
    // The mock may pull one chunk before anyone reads; reading up to the cap would pull three.
    expect(chunksPulled).toBeLessThanOrEqual(1);
  });

  it('refuses a body larger than the cap instead of buffering it', async () => {
    server.use(http.get(MEETINGS_URL, () => HttpResponse.text('x'.repeat(4096))));
    const error = await failure(api({ maxBodyBytes: 1024 }).listMeetings(APP_ID, page, untimed));
    expect(error.kind).toBe('invalid_body');
    expect(error.message).toContain('larger than 1024 bytes');
  });

  it('stops reading a streamed body without Content-Length once it passes the cap', async () => {
    let chunksPulled = 0;
    server.use(
      http.get(MEETINGS_URL, () => {
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            chunksPulled += 1;
            controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
          },
        });
        return new HttpResponse(stream, { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const error = await failure(api({ maxBodyBytes: 2048 }).listMeetings(APP_ID, page, untimed));
    expect(error.message).toContain('larger than 2048 bytes');
    expect(chunksPulled).toBeLessThan(20);
  });
});

describe('HTTP errors', () => {
  it('reads the RealtimeKit envelope', async () => {
    server.use(
      http.get(MEETINGS_URL, () =>
        HttpResponse.json(realtimeKitError(400, 'BAD_REQUEST: "id" must be a valid GUID'), { status: 400 }),
      ),
    );
    const error = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(error.kind).toBe('http');
    expect(error.details).toMatchObject({
      status: 400,
      apiCode: 400,
      apiMessage: 'BAD_REQUEST: "id" must be a valid GUID',
    });
  });

  it('reads the Cloudflare gateway envelope', async () => {
    server.use(
      http.get(MEETINGS_URL, () => HttpResponse.json(gatewayError(10000, 'Authentication error'), { status: 403 })),
    );
    const error = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(error.details).toMatchObject({ status: 403, apiCode: 10000, apiMessage: 'Authentication error' });
  });

  it('joins several gateway errors, folds whitespace and never repeats the token', async () => {
    server.use(
      http.get(MEETINGS_URL, () =>
        HttpResponse.json(
          {
            success: false,
            errors: [
              { code: 9109, message: `Invalid access token\n  ${PLANTED.token}` },
              { code: 6003, message: 'Invalid request headers' },
            ],
          },
          { status: 401 },
        ),
      ),
    );
    const error = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(error.details.apiMessage).toBe('Invalid access token [redacted]; Invalid request headers');
    expect(JSON.stringify(error.details)).not.toContain(PLANTED.token);
  });

  it('caps a long API message', async () => {
    server.use(
      http.get(MEETINGS_URL, () => HttpResponse.json(realtimeKitError(400, 'y'.repeat(5000)), { status: 400 })),
    );
    const error = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(error.details.apiMessage).toBe(`${'y'.repeat(300)}…[+4700 chars]`);
  });

  it('relays a reason phrase, a string code and a content type without the token, on one line, capped', async () => {
    server.use(
      http.get(MEETINGS_URL, () =>
        HttpResponse.json(
          {
            success: false,
            errors: [{ code: `Bearer ${PLANTED.token}\nX-Forged: 1`, message: 'Authentication error' }],
          },
          { status: 403, statusText: `Forbidden for Bearer ${PLANTED.token.toLowerCase()}` },
        ),
      ),
    );
    const refused = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(refused.details).toMatchObject({
      apiCode: 'Bearer [redacted] X-Forged: 1',
      statusText: 'Forbidden for Bearer [redacted]',
    });
    server.use(
      http.get(MEETINGS_URL, () =>
        HttpResponse.text('<html>maintenance</html>', {
          headers: { 'Content-Type': `text/html; echo=${PLANTED.token}; ${'x'.repeat(12_000)}` },
        }),
      ),
    );
    const notJson = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(notJson.details.contentType).toMatch(/^text\/html; echo=\[redacted\]; x{72}…\[\+11928 chars\]$/);
    server.use(
      http.get(MEETINGS_URL, () =>
        HttpResponse.json(
          { success: false, error: { code: 'c'.repeat(4 * 1024 * 1024), message: 'm' } },
          { status: 400 },
        ),
      ),
    );
    const huge = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(huge.details.apiCode).toBe(`${'c'.repeat(40)}…[+${4 * 1024 * 1024 - 40} chars]`);
  });

  it('keeps status and text for an HTML 502 from a proxy', async () => {
    server.use(
      http.get(
        MEETINGS_URL,
        () => new HttpResponse('<html><h1>502 Bad Gateway</h1></html>', { status: 502, statusText: 'Bad Gateway' }),
      ),
    );
    const error = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(error.details).toMatchObject({ status: 502, statusText: 'Bad Gateway' });
    expect(error.details.apiMessage).toBeUndefined();
  });

  it('reads Retry-After on a 429', async () => {
    server.use(
      http.get(MEETINGS_URL, () =>
        HttpResponse.json(gatewayError(971, 'Please wait and consider throttling your request speed'), {
          status: 429,
          headers: { 'Retry-After': '17' },
        }),
      ),
    );
    const error = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(error.details).toMatchObject({ status: 429, retryAfterSeconds: 17 });
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('transport failures', () => {
  it('follows no redirect, so the token never goes to another origin, and says where it pointed', async () => {
    const elsewhere: Array<string | null> = [];
    let asked = 0;
    server.use(
      http.get(MEETINGS_URL, () => {
        asked += 1;
        return new HttpResponse(null, { status: 302, headers: { Location: 'https://elsewhere.test/x?key=secret' } });
      }),
      http.get('https://elsewhere.test/x', ({ request }) => {
        elsewhere.push(request.headers.get('authorization'));
        return HttpResponse.json(meetingsPage([]));
      }),
    );
    const error = await failure(api().listMeetings(APP_ID, page, untimed));
    expect(elsewhere).toEqual([]);
    expect(asked).toBe(1);
    expect(error).toMatchObject({ kind: 'redirect', details: { status: 302, location: 'https://elsewhere.test' } });
  });

  it.each([
    // The URL parser splits `tok/en` at the slash: parsed first, half the token would be left in the host.
    ['in its host', (token: string) => `https://${token}.evil.test/`, undefined],
    ['in its user info', (token: string) => `https://u:${token}@evil.test/`, 'https://evil.test'],
  ])('names a redirect holding the token %s without any of it', async (_where, location, origin) => {
    const token = 'Tok/en-1234567890abcdef';
    server.use(
      http.get(MEETINGS_URL, () => new HttpResponse(null, { status: 302, headers: { Location: location(token) } })),
    );
    const error = await failure(api({ apiToken: token }).listMeetings(APP_ID, page, untimed));
    expect(error).toMatchObject({ kind: 'redirect', details: { status: 302, location: origin } });
  });

  it('reads no body of a redirect: a large one is still reported as the redirect it is, and costs no budget', async () => {
    server.use(
      http.get(
        MEETINGS_URL,
        () =>
          new HttpResponse('x'.repeat(9 * 1024 * 1024), {
            status: 301,
            headers: { Location: 'https://elsewhere.test/' },
          }),
      ),
    );
    const budget = { bytes: 1024, bytesLeft: 1024 };
    const error = await failure(api().listMeetings(APP_ID, page, { ...untimed, budget }));
    expect(error).toMatchObject({ kind: 'redirect', details: { status: 301, location: 'https://elsewhere.test' } });
    expect(budget.bytesLeft).toBe(1024);
  });

  it('reports a network failure', async () => {
    server.use(http.get(MEETINGS_URL, () => HttpResponse.error()));
    expect((await failure(api().listMeetings(APP_ID, page, untimed))).kind).toBe('network');
  });

  it('gives up at the deadline', async () => {
    server.use(
      http.get(MEETINGS_URL, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const deadline = startDeadline(50, systemClock);
    const error = await failure(api().listMeetings(APP_ID, page, { signal: deadline.signal, deadlineAt: deadline.at }));
    deadline.end();
    expect(error.kind).toBe('timeout');
    expect(error.details.timeoutMs).toBe(50);
  });

  it('stops when the caller cancels', async () => {
    server.use(
      http.get(MEETINGS_URL, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const pending = failure(
      api().listMeetings(APP_ID, page, { signal: controller.signal, deadlineAt: Number.POSITIVE_INFINITY }),
    );
    setTimeout(() => controller.abort(), 20);
    expect((await pending).kind).toBe('aborted');
  });
});

describe('active livestream', () => {
  it('accepts data as one object and normalises disabled', async () => {
    server.use(http.get(LIVESTREAM_URL, () => HttpResponse.json({ success: true, data: liveLivestream() })));
    const result = await api().getActiveLivestreams(APP_ID, MEETING_ID, untimed);
    expect(result.notFound).toBe(false);
    expect(result.livestreams).toHaveLength(1);
    expect(result.livestreams[0]).toMatchObject({ id: 'ls_7f3a91c2', status: 'LIVE', disabled: false });
  });

  it('accepts data as an array', async () => {
    server.use(
      http.get(LIVESTREAM_URL, () =>
        HttpResponse.json({ success: true, data: [liveLivestream(), liveLivestream({ id: 'ls_2', disabled: true })] }),
      ),
    );
    const result = await api().getActiveLivestreams(APP_ID, MEETING_ID, untimed);
    expect(result.livestreams.map((l) => [l.id, l.disabled])).toEqual([
      ['ls_7f3a91c2', false],
      ['ls_2', true],
    ]);
  });

  it.each([
    [true, true],
    [false, false],
    ['true', true],
    ['false', false],
    ['TRUE', true],
    ['disabled', true],
    ['', false],
    ['perhaps', undefined],
  ])('normalises disabled %j to %j', async (disabled, expected) => {
    server.use(
      http.get(LIVESTREAM_URL, () => HttpResponse.json({ success: true, data: liveLivestream({ disabled }) })),
    );
    const [livestream] = (await api().getActiveLivestreams(APP_ID, MEETING_ID, untimed)).livestreams;
    expect(livestream?.disabled).toBe(expected);
  });

  it.each([
    ['404', () => HttpResponse.json(realtimeKitError(404, 'Error: resource not found'), { status: 404 }), true],
    ['data null', () => HttpResponse.json({ success: true, data: null }), false],
    ['data missing', () => HttpResponse.json({ success: true }), false],
    ['data {}', () => HttpResponse.json({ success: true, data: {} }), false],
    ['data []', () => HttpResponse.json({ success: true, data: [] }), false],
    ['data of nulls', () => HttpResponse.json({ success: true, data: { id: null, name: null, status: null } }), false],
  ])('treats %s as no active livestream', async (_case, resolver, notFound) => {
    server.use(http.get(LIVESTREAM_URL, resolver));
    expect(await api().getActiveLivestreams(APP_ID, MEETING_ID, untimed)).toEqual({
      livestreams: [],
      received: 0,
      notFound,
    });
  });

  it('names the field when a livestream has no id or status', async () => {
    server.use(
      http.get(LIVESTREAM_URL, () => HttpResponse.json({ data: [liveLivestream(), liveLivestream({ status: null })] })),
    );
    const error = await failure(api().getActiveLivestreams(APP_ID, MEETING_ID, untimed));
    expect(error).toMatchObject({ kind: 'unexpected_shape', details: { field: 'data[1].status' } });
  });

  it('does not swallow errors other than 404', async () => {
    server.use(
      http.get(LIVESTREAM_URL, () => HttpResponse.json(gatewayError(10000, 'Authentication error'), { status: 401 })),
    );
    expect((await failure(api().getActiveLivestreams(APP_ID, MEETING_ID, untimed))).details.status).toBe(401);
  });
});

describe('sessions in progress', () => {
  const SESSIONS_URL = `${BASE_URL}/accounts/${ACCOUNT_ID}/realtime/kit/${APP_ID}/sessions`;

  it('asks for the LIVE ones, a page at a time, and reads data.sessions with paging beside it', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(SESSIONS_URL, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json(
          sessionsPage(
            [
              liveSession(MEETING_ID, 12),
              liveSession('abcdef-ghijkl', 0, { live_participants: '3' }),
              { status: 'ENDED' },
            ],
            240,
          ),
        );
      }),
    );
    const page = await api().listLiveSessions(APP_ID, { page_no: 2, per_page: 100, search: 'all hands' }, untimed);
    expect(Object.fromEntries(query ?? [])).toEqual({
      status: 'LIVE',
      page_no: '2',
      per_page: '100',
      search: 'all hands',
    });
    // A session the API says has ended is left out, should it ignore the filter; counts sent as strings are read.
    expect(page.sessions.map((session) => [session.associated_id, session.live_participants])).toEqual([
      [MEETING_ID, 12],
      ['abcdef-ghijkl', 3],
    ]);
    expect(page).toMatchObject({ total: 240, received: 3 });
  });

  it('refuses a body without data.sessions as a shape error, which the tool takes as "cannot list sessions"', async () => {
    for (const body of [
      { success: true, data: [] },
      { success: true, data: null },
      { success: true, sessions: [] },
    ]) {
      server.use(http.get(SESSIONS_URL, () => HttpResponse.json(body)));
      const error = await failure(api().listLiveSessions(APP_ID, { page_no: 1, per_page: 100 }, untimed));
      expect(error.kind, JSON.stringify(body)).toBe('unexpected_shape');
    }
  });

  it('validates no more sessions than were asked for', async () => {
    const many = [
      ...Array.from({ length: 2 }, () => liveSession(MEETING_ID)),
      ...Array.from({ length: 5000 }, () => ({ live_participants: 'lots' })),
    ];
    server.use(http.get(SESSIONS_URL, () => HttpResponse.json(sessionsPage(many))));
    const page = await api().listLiveSessions(APP_ID, { page_no: 1, per_page: 2 }, untimed);
    expect(page).toMatchObject({ received: 5002 });
    expect(page.sessions).toHaveLength(2);
  });
});

describe('livestreams without a meeting', () => {
  const LIVESTREAMS_URL = `${BASE_URL}/accounts/${ACCOUNT_ID}/realtime/kit/${APP_ID}/livestreams`;
  const one = (id: string) => liveLivestream({ id, meeting_id: null });

  it('asks for the LIVE ones that belong to no meeting', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(LIVESTREAMS_URL, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json({ success: true, data: [] });
      }),
    );
    await api().listIndependentLivestreams(APP_ID, untimed);
    expect(Object.fromEntries(query ?? [])).toEqual({
      status: 'LIVE',
      exclude_meetings: 'true',
      page_no: '1',
      per_page: '50',
    });
  });

  it.each([
    ['an array in data, paging beside it', { data: [one('a'), one('b')], paging: { total_count: 2 } }, ['a', 'b'], 2],
    ['an array in data, no paging', { data: [one('a')] }, ['a'], undefined],
    ['an array under a key of data', { data: { livestreams: [one('a')], paging: { total_count: '4' } } }, ['a'], 4],
    [
      'as the reference types it: one object, paging inside',
      { data: { ...one('a'), paging: { total_count: 3 } } },
      ['a'],
      3,
    ],
    ['data null', { data: null, paging: { total_count: 0 } }, [], 0],
    ['an empty object', { data: {} }, [], undefined],
  ])('reads %s', async (_shape, body, ids, total) => {
    server.use(http.get(LIVESTREAMS_URL, () => HttpResponse.json({ success: true, ...body })));
    const listed = await api().listIndependentLivestreams(APP_ID, untimed);
    expect(listed.livestreams.map((livestream) => livestream.id)).toEqual(ids);
    expect(listed.total).toBe(total);
    // The stream key is read (the summary withholds it), and the token never survives in any field.
    expect(JSON.stringify(listed)).not.toContain(PLANTED.token);
  });

  it('names where a livestream is wrong', async () => {
    server.use(
      http.get(LIVESTREAMS_URL, () =>
        HttpResponse.json({ data: { livestreams: [one('a'), { name: 'x', status: 'LIVE' }] } }),
      ),
    );
    const error = await failure(api().listIndependentLivestreams(APP_ID, untimed));
    expect(error).toMatchObject({ kind: 'unexpected_shape', details: { field: 'data.livestreams[1].id' } });
    server.use(http.get(LIVESTREAMS_URL, () => HttpResponse.json({ data: { a: [], b: [] } })));
    expect((await failure(api().listIndependentLivestreams(APP_ID, untimed))).message).toBe(
      'data: more than one list (a, b)',
    );
  });
});
