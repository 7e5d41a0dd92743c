import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { APP_ID, gatewayError, liveLivestream, MEETING_ID, PLANTED, realtimeKitError } from '../../fixtures/api.js';
import { FULL_ENV, startHarness, textOf, useHarness } from '../support/harness.js';
import { APP_URL, useMsw } from '../support/msw.js';

const server = useMsw();
const LIVESTREAM_URL = `${APP_URL}/meetings/:meetingId/active-livestream`;

const harness = useHarness({ each: true });

function answer(resolver: () => Response): void {
  server.use(http.get(LIVESTREAM_URL, resolver));
}

describe('get_active_livestreams', () => {
  it('shows a live stream with where to watch, and withholds the stream key', async () => {
    answer(() => HttpResponse.json({ success: true, data: liveLivestream() }));
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    expect(textOf(result)).toMatchInlineSnapshot(`
      "1 active livestream for meeting 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e in app app_test_01. Times are UTC.
      ls_7f3a91c2 LIVE "All-hands" watch https://watch.realtime.cloudflare.test/ls_7f3a91c2/manifest/video.m3u8 ingest rtmps://live.realtime.cloudflare.test:443/live/ since 2026-11-22 09:30; stream key withheld"
    `);
    expect(result.structuredContent).toMatchInlineSnapshot(`
      {
        "active_meetings": null,
        "checked": 1,
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
            "ls_7f3a91c2",
            "LIVE",
            false,
            "All-hands",
            "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
            null,
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
          "The stream key is withheld.",
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
        "summary": "1 active livestream for meeting 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e in app app_test_01.",
      }
    `);
  });

  it('lists every livestream when data is an array, marking disabled ones', async () => {
    answer(() =>
      HttpResponse.json({
        success: true,
        data: [liveLivestream(), liveLivestream({ id: 'ls_b', status: 'IDLE', name: null, disabled: 'true' })],
      }),
    );
    const text = textOf(await harness.call('get_active_livestreams', { meeting_id: MEETING_ID }));
    expect(text.split('\n')).toHaveLength(3);
    expect(text).toContain('2 active livestreams for meeting');
    expect(text).toContain('\nls_b IDLE (disabled) watch https://');
  });

  it('answers "nothing live" for a 404, and says a wrong id looks the same', async () => {
    answer(() => HttpResponse.json(realtimeKitError(404, 'Error: resource not found'), { status: 404 }));
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchInlineSnapshot(`
      {
        "active_meetings": null,
        "checked": 1,
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
        "livestreams": [],
        "next_scan_page": null,
        "notes": [
          "The API answers the same (HTTP 404) for a meeting id it does not know; list_meetings shows the ids.",
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
        "summary": "No active livestream for meeting 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e in app app_test_01.",
      }
    `);
    expect(textOf(result)).toBe(
      'No active livestream for meeting 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e in app app_test_01. The API answers the same (HTTP 404) for a meeting id it does not know; list_meetings shows the ids.',
    );
  });

  it('answers "nothing live" for a 200 without data', async () => {
    answer(() => HttpResponse.json({ success: true, data: null }));
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe(
      'No active livestream for meeting 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e in app app_test_01.',
    );
  });

  it('uses the canonical lower-case meeting id in the path and the answer', async () => {
    let path = '';
    server.use(
      http.get(LIVESTREAM_URL, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ data: null });
      }),
    );
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID.toUpperCase() });
    expect(path).toContain(`/meetings/${MEETING_ID}/active-livestream`);
    expect(result.structuredContent?.summary).toBe(`No active livestream for meeting ${MEETING_ID} in app ${APP_ID}.`);
  });

  it('withholds a stream key that is embedded in a URL', async () => {
    answer(() =>
      HttpResponse.json({
        data: liveLivestream({ ingest_server: `rtmps://ingest.test:443/live/${PLANTED.streamKey}` }),
      }),
    );
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    expect(textOf(result)).toContain('ingest rtmps://ingest.test:443/live/[stream-key-withheld] since');
    expect(JSON.stringify(result)).not.toContain(PLANTED.streamKey);
  });

  it('withholds a stream key in any case or encoding, and in a name', async () => {
    const key = PLANTED.streamKey;
    answer(() =>
      HttpResponse.json({
        data: [
          liveLivestream({ id: 'ls_upper', ingest_server: `rtmps://ingest.test/live/${key.toUpperCase()}` }),
          liveLivestream({ id: 'ls_encoded', ingest_server: `rtmps://ingest.test/live/${key.replace(/-/g, '%2D')}` }),
          liveLivestream({ id: 'ls_named', name: `Backup (key ${key.toLowerCase()})` }),
        ],
      }),
    );
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    const lines = textOf(result).split('\n');
    expect(lines[1]).toContain('ingest rtmps://ingest.test/live/[stream-key-withheld] since');
    expect(lines[2]).toContain('ingest rtmps://ingest.test/live/[stream-key-withheld] since');
    expect(lines[3]).toContain('"Backup (key [stream-key-withheld])"');
    const everything = JSON.stringify(result).toLowerCase();
    for (const form of [key, key.replace(/-/g, '%2D')]) expect(everything).not.toContain(form.toLowerCase());
  });

  it("withholds another livestream's stream key, and an ingest URL's path whatever its host", async () => {
    const other = 'sk_other_0b7d6c5e4f3a2b1c';
    answer(() =>
      HttpResponse.json({
        data: [
          // A's ingest URL ends in B's key, on a host that is not Cloudflare's: A has no key of its own.
          liveLivestream({ id: 'ls_a', stream_key: null, ingest_server: `rtmps://h.example/live/${other}` }),
          liveLivestream({ id: 'ls_b', stream_key: other, name: `Spare ${other}` }),
          liveLivestream({ id: 'ls_whip', ingest_server: 'https://h.example/3c1f0a9d7e/webRTC/publish' }),
          liveLivestream({ id: 'ls_srt', ingest_server: 'srt://h.example:778?streamid=publish:3c1f0a9d7e' }),
          liveLivestream({ id: 'ls_plain', ingest_server: 'rtmps://live.cloudflare.com:443/live/' }),
        ],
      }),
    );
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    const text = textOf(result);
    expect(text).toContain('ls_a LIVE "All-hands" watch');
    expect(text).toContain('ingest rtmps://h.example/live/[stream-key-withheld] since');
    expect(text).toContain('"Spare [stream-key-withheld]"');
    expect(text).toContain('ingest https://h.example/[stream-key-withheld] since');
    expect(text).toContain('ingest srt://h.example:778/[stream-key-withheld] since');
    expect(text).toContain('ingest rtmps://live.cloudflare.com:443/live/ since');
    const everything = JSON.stringify(result);
    for (const secret of [other, '3c1f0a9d7e']) expect(everything).not.toContain(secret);
    const { livestreams } = result.structuredContent as { livestreams: unknown[][] };
    expect(livestreams.map((row) => row[7])).toEqual([
      'rtmps://h.example/live/[stream-key-withheld]',
      'rtmps://live.realtime.cloudflare.test:443/live/',
      'https://h.example/[stream-key-withheld]',
      'srt://h.example:778/[stream-key-withheld]',
      'rtmps://live.cloudflare.com:443/live/',
    ]);
  });

  it('shows no URL whose user info a parser would leave in its path', async () => {
    answer(() =>
      HttpResponse.json({
        data: [
          liveLivestream({ id: 'ls_one_slash', ingest_server: 'rtmp:/user:s3cretpass@h.example/live' }),
          liveLivestream({ id: 'ls_no_slash', ingest_server: 'rtmp:user:s3cretpass@h.example/live' }),
          liveLivestream({ id: 'ls_special', playback_url: 'https:/user:s3cretpass@watch.example/x' }),
        ],
      }),
    );
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    expect(JSON.stringify(result)).not.toMatch(/s3cretpass|user:/);
    expect(textOf(result)).toContain('watch https://watch.example/x');
    const { livestreams } = result.structuredContent as { livestreams: unknown[][] };
    expect(livestreams.map((row) => row[7])).toEqual([null, null, 'rtmps://live.realtime.cloudflare.test:443/live/']);
  });

  it('strips credentials from URLs', async () => {
    answer(() => HttpResponse.json({ data: liveLivestream({ playback_url: 'https://user:pw@watch.test/x' }) }));
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    expect(textOf(result)).toContain('watch https://watch.test/x');
  });

  it('shows stream keys only when the operator opts in', async () => {
    answer(() => HttpResponse.json({ data: liveLivestream() }));
    const revealing = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_REVEAL_STREAM_KEYS: '1' });
    const result = await revealing.call('get_active_livestreams', { meeting_id: MEETING_ID });
    await revealing.close();
    expect(textOf(result)).toContain(`; stream key ${PLANTED.streamKey}`);
    const { columns, livestreams, notes } = result.structuredContent as {
      columns: string[];
      livestreams: unknown[][];
      notes: string[];
    };
    expect(livestreams[0]?.[columns.indexOf('stream_key')]).toBe(PLANTED.streamKey);
    expect(notes).toEqual([]);
  });

  it('reports a rejected token with the status', async () => {
    answer(() => HttpResponse.json(gatewayError(10000, 'Authentication error'), { status: 403 }));
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(
      /^The Cloudflare API rejected the token \(HTTP 403, code 10000: Authentication error\) while fetching active livestreams\. Check that CLOUDFLARE_API_TOKEN .* Realtime .* CLOUDFLARE_ACCOUNT_ID/,
    );
  });

  it.each([
    [{ meeting_id: MEETING_ID, search: 'x' }, 'search and scan_page are for checking the whole app'],
    [{ meeting_id: MEETING_ID, scan_page: 2 }, 'search and scan_page are for checking the whole app'],
    [{ scan_page: 0 }, 'scan_page starts at 1'],
    [{ meeting_id: 'not-a-uuid' }, 'meeting_id must be a meeting UUID'],
    [{ meeting_id: `${MEETING_ID}/../../x` }, 'meeting_id must be a meeting UUID'],
    [{ meeting_id: `${MEETING_ID}?x=1` }, 'meeting_id must be a meeting UUID'],
    [{ meeting_id: '%2e%2e%2f%2e%2e' }, 'meeting_id must be a meeting UUID'],
    [{ meeting_id: MEETING_ID, app_id: 'a%2Fb' }, 'app_id must be a RealtimeKit app id'],
  ])('refuses %j without calling the API', async (args, message) => {
    const result = await harness.call('get_active_livestreams', args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
  });
});
