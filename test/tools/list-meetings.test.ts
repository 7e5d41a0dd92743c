import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { meeting, meetingsPage, PLANTED, referenceMeeting } from '../../fixtures/api.js';
import { FULL_ENV, startHarness, textOf, useHarness } from '../support/harness.js';
import { tokens } from '../support/lines.js';
import { APP_URL, useMsw } from '../support/msw.js';

const server = useMsw();
const MEETINGS_URL = `${APP_URL}/meetings`;

const harness = useHarness({ each: true });

/** Answers with `body` and records each request's query. */
function answer(body: unknown, init?: ResponseInit): URLSearchParams[] {
  const queries: URLSearchParams[] = [];
  server.use(
    http.get(MEETINGS_URL, ({ request }) => {
      queries.push(new URL(request.url).searchParams);
      return HttpResponse.json(body as Record<string, unknown>, init);
    }),
  );
  return queries;
}

describe('list_meetings', () => {
  it('summarises the reference example in one line', async () => {
    answer(meetingsPage([referenceMeeting()], { end_offset: 30, start_offset: 1, total_count: 30 }));
    const result = await harness.call('list_meetings');
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatchInlineSnapshot(`
      "Showing meetings 1-1 of 30 in app app_test_01; next: page_no=2. Each line: id, title, status, created (UTC, 2019), options (record livestream from start, transcript summary after, chat kept).
      182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e "title" ACTIVE Dec 27 18:11 record livestream transcript summary chat"
    `);
    expect(result.structuredContent).toMatchInlineSnapshot(`
      {
        "columns": [
          "id",
          "title",
          "status",
          "created_at",
          "options",
        ],
        "meetings": [
          [
            "182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e",
            "title",
            "ACTIVE",
            "2019-12-27T18:11:19Z",
            "record livestream transcript summary chat",
          ],
        ],
        "next_page_no": 2,
        "next_per_page": 20,
        "notes": [],
        "page_no": 1,
        "per_page": 20,
        "summary": "Showing meetings 1-1 of 30 in app app_test_01; next: page_no=2.",
        "total": 30,
      }
    `);
  });

  it('sends defaults and filters, and says which page comes next', async () => {
    const meetings = [1, 2, 3].map((i) => meeting(i));
    const queries = answer(meetingsPage(meetings, { total_count: 23, start_offset: 21, end_offset: 23 }));
    const result = await harness.call('list_meetings', {
      app_id: 'other_app',
      status: 'ACTIVE',
      search: '  Weekly sync ',
      start_time: '2026-10-01',
      end_time: '2026-10-31',
      page_no: 2,
      per_page: 20,
    });
    expect(Object.fromEntries(queries[0] ?? [])).toEqual({
      page_no: '2',
      per_page: '20',
      status: 'ACTIVE',
      search: 'Weekly sync',
      start_time: '2026-10-01T00:00:00.000Z',
      end_time: '2026-10-31T23:59:59.999Z',
    });
    expect(textOf(result)).toMatchInlineSnapshot(`
      "Showing meetings 21-23 of 23 in app other_app (status ACTIVE, search "Weekly sync", from 2026-10-01T00:00:00.000Z to 2026-10-31T23:59:59.999Z). Each line: id, title, status, created (UTC, day of Oct 2026).
      All 3 have: record on start, livestream on start, transcribe on end, summarize on end, chat persisted.
      8d3f0001-1c2b-4a5e-9f60-000000000001 "Weekly sync 1" ACTIVE 2 09:01
      8d3f0002-1c2b-4a5e-9f60-000000000002 "Weekly sync 2" ACTIVE 3 09:02
      8d3f0003-1c2b-4a5e-9f60-000000000003 "Weekly sync 3" INACTIVE 4 09:03"
    `);
    expect(result.structuredContent).toMatchInlineSnapshot(`
      {
        "columns": [
          "id",
          "title",
          "status",
          "created_at",
          "options",
        ],
        "meetings": [
          [
            "8d3f0001-1c2b-4a5e-9f60-000000000001",
            "Weekly sync 1",
            "ACTIVE",
            "2026-10-02T09:01:07Z",
            "record livestream transcript summary chat",
          ],
          [
            "8d3f0002-1c2b-4a5e-9f60-000000000002",
            "Weekly sync 2",
            "ACTIVE",
            "2026-10-03T09:02:07Z",
            "record livestream transcript summary chat",
          ],
          [
            "8d3f0003-1c2b-4a5e-9f60-000000000003",
            "Weekly sync 3",
            "INACTIVE",
            "2026-10-04T09:03:07Z",
            "record livestream transcript summary chat",
          ],
        ],
        "next_page_no": null,
        "next_per_page": null,
        "notes": [],
        "page_no": 2,
        "per_page": 20,
        "summary": "Showing meetings 21-23 of 23 in app other_app (status ACTIVE, search "Weekly sync", from 2026-10-01T00:00:00.000Z to 2026-10-31T23:59:59.999Z).",
        "total": 23,
      }
    `);
  });

  it('converts date-times with offsets to UTC and treats a missing offset as UTC', async () => {
    const queries = answer(meetingsPage([]));
    await harness.call('list_meetings', { start_time: '2026-11-01T09:00:00+02:00', end_time: '2026-11-01T18:30' });
    expect(queries[0]?.get('start_time')).toBe('2026-11-01T07:00:00.000Z');
    expect(queries[0]?.get('end_time')).toBe('2026-11-01T18:30:00.000Z');
  });

  it('writes untitled meetings and sparse fields without nulls in the text, and as null in the rows', async () => {
    answer(
      meetingsPage([{ id: '0b6f9a52-3c1d-4e8f-a7b2-5d4c3b2a1908', created_at: '2026-11-20T08:00:00Z', title: null }]),
    );
    const result = await harness.call('list_meetings');
    expect(textOf(result)).toMatchInlineSnapshot(`
      "The only meeting in app app_test_01. Each line: id, title, status, created (UTC, 2026).
      0b6f9a52-3c1d-4e8f-a7b2-5d4c3b2a1908 (untitled) (status unknown) Nov 20 08:00"
    `);
    expect(result.structuredContent).toMatchObject({
      columns: ['id', 'title', 'status', 'created_at', 'options'],
      meetings: [['0b6f9a52-3c1d-4e8f-a7b2-5d4c3b2a1908', null, null, '2026-11-20T08:00:00Z', '']],
    });
    expect(textOf(result)).not.toMatch(/null|undefined/);
  });

  it('keeps a title with quotes and newlines on its one line', async () => {
    answer(meetingsPage([meeting(4, { title: 'Q4 "kick-off"\nroom B' })]));
    const lines = textOf(await harness.call('list_meetings')).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('"Q4 \\"kick-off\\"\\nroom B"');
  });

  it('says when there are no meetings, and when the page is past the end', async () => {
    answer(meetingsPage([], { total_count: 0 }));
    expect(textOf(await harness.call('list_meetings', { status: 'ACTIVE' }))).toBe(
      'No meetings in app app_test_01 (status ACTIVE).',
    );
    answer(meetingsPage([], { total_count: 137 }));
    expect(textOf(await harness.call('list_meetings', { page_no: 9 }))).toBe(
      'No meetings on page 9 in app app_test_01: 137 in all, 20 per page, so the last page is page_no=7.',
    );
  });

  it('never shows more meetings than per_page', async () => {
    answer(
      meetingsPage(
        [1, 2, 3, 4].map((i) => meeting(i)),
        { total_count: 40 },
      ),
    );
    const result = await harness.call('list_meetings', { per_page: 2 });
    expect(result.structuredContent?.meetings).toHaveLength(2);
    expect(textOf(result).match(/^8d3f/gm)).toHaveLength(2);
    expect(textOf(result)).toContain('The API sent 4 meetings for per_page=2; only the first 2 are shown.');
  });

  it('validates no more meetings than per_page, however many the API sends', async () => {
    // Every meeting after the second is malformed: had it been validated, the answer would be a shape error.
    answer(
      meetingsPage([meeting(1), meeting(2), ...Array.from({ length: 5000 }, () => ({ id: 7 }))], { total_count: 9 }),
    );
    const result = await harness.call('list_meetings', { per_page: 2 });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('(The API sent 5002 meetings for per_page=2; only the first 2 are shown.)');
  });

  it('adds a compact recording summary on request, with secrets withheld', async () => {
    answer(meetingsPage([meeting(7)], { total_count: 1 }));
    const result = await harness.call('list_meetings', { include_recording_config: true });
    expect(textOf(result)).toMatchInlineSnapshot(`
      "The only meeting in app app_test_01. Each line: id, title, status, created (UTC, 2026), options (record livestream from start, transcript summary after, chat kept).
      8d3f0007-1c2b-4a5e-9f60-000000000007 "Weekly sync 7" ACTIVE Oct 8 09:07 record livestream transcript summary chat; recording: max 60s, audio MP3 mono +file, video H264 1280x720 +file watermark left top, prefix "file_name_prefix", RealtimeKit bucket on, storage aws bucket "bucket" us-east-1 path "path" host host, RTMP rtmp://a.rtmp.youtube.com/…, withheld: access_key, secret, password, private_key, rtmp_url path"
    `);
    expect(result.structuredContent).toMatchInlineSnapshot(`
      {
        "columns": [
          "id",
          "title",
          "status",
          "created_at",
          "options",
          "recording",
        ],
        "meetings": [
          [
            "8d3f0007-1c2b-4a5e-9f60-000000000007",
            "Weekly sync 7",
            "ACTIVE",
            "2026-10-08T09:07:07Z",
            "record livestream transcript summary chat",
            "max 60s, audio MP3 mono +file, video H264 1280x720 +file watermark left top, prefix "file_name_prefix", RealtimeKit bucket on, storage aws bucket "bucket" us-east-1 path "path" host host, RTMP rtmp://a.rtmp.youtube.com/…, withheld: access_key, secret, password, private_key, rtmp_url path",
          ],
        ],
        "next_page_no": null,
        "next_per_page": null,
        "notes": [],
        "page_no": 1,
        "per_page": 20,
        "summary": "The only meeting in app app_test_01.",
        "total": 1,
      }
    `);
  });

  it('shows only the host and port of a storage endpoint, and says the rest was withheld', async () => {
    const storage = (host: string) =>
      meeting(1, { recording_config: { storage_config: { type: 'azure', bucket: 'b', host } } });
    answer(meetingsPage([storage(`u:${PLANTED.password}@s3.example.com:9000`)]));
    const userinfo = textOf(await harness.call('list_meetings', { include_recording_config: true }));
    expect(userinfo).toContain('host s3.example.com:9000, withheld: host details');
    answer(meetingsPage([storage(`https://acct.blob.example.net/c?sv=2024&sig=${PLANTED.secret}`)]));
    const sas = textOf(await harness.call('list_meetings', { include_recording_config: true }));
    expect(sas).toContain('host acct.blob.example.net, withheld: host details');
    for (const secret of [PLANTED.password, PLANTED.secret]) expect(userinfo + sas).not.toContain(secret);
  });

  it("shows an RTMP URL whole only by the operator's choice, and never its user info", async () => {
    const rtmp = `rtmp://streamer:${PLANTED.password}@live.example.com/app/${PLANTED.streamKey}`;
    answer(meetingsPage([meeting(1, { recording_config: { live_streaming_config: { rtmp_url: rtmp } } })]));
    const hidden = textOf(await harness.call('list_meetings', { include_recording_config: true }));
    expect(hidden).toContain('RTMP rtmp://live.example.com/…, withheld: rtmp_url path');
    const revealing = await startHarness({ ...FULL_ENV, REALTIMEKIT_MCP_REVEAL_STREAM_KEYS: '1' });
    const shown = textOf(await revealing.call('list_meetings', { include_recording_config: true }));
    await revealing.close();
    expect(shown).toContain(`RTMP rtmp://live.example.com/app/${PLANTED.streamKey}, withheld: rtmp_url user info`);
    for (const text of [hidden, shown]) expect(text).not.toContain(PLANTED.password);
  });

  it('names an ignored argument in a few characters, however long it is', async () => {
    answer(meetingsPage([meeting(1)]));
    const result = await harness.call('list_meetings', { [`k${'e'.repeat(1_000_000)}y`]: 1 });
    expect(textOf(result).split('\n').at(-1)).toBe(
      `Ignored an argument list_meetings does not take: "k${'e'.repeat(39)}…[+999962 chars]".`,
    );
  });

  it('reads recording setups only when asked: one of the wrong shape fails only the call that shows it', async () => {
    answer(meetingsPage([meeting(1, { recording_config: { max_seconds: { not: 'a number' } } }), meeting(2)]));
    const plain = await harness.call('list_meetings');
    expect(plain.isError).toBeFalsy();
    expect(textOf(plain)).toContain('8d3f0001-1c2b-4a5e-9f60-000000000001 "Weekly sync 1"');
    const detailed = await harness.call('list_meetings', { include_recording_config: true });
    expect(detailed.isError).toBe(true);
    expect(textOf(detailed)).toMatch(/did not have the documented shape \(data\[0\]\.recording_config\.max_seconds: /);
  });

  it('leaves the recording summary out unless asked', async () => {
    answer(meetingsPage([meeting(7)]));
    const result = await harness.call('list_meetings');
    expect(textOf(result)).not.toContain('recording:');
    expect(JSON.stringify(result.structuredContent)).not.toContain('recording');
  });

  it('says once what every meeting on the page shares, and on each line only what differs', async () => {
    answer(
      meetingsPage(
        [
          meeting(1),
          meeting(2, { persist_chat: false, transcribe_on_end: false }),
          meeting(3, { recording_config: { max_seconds: 600 } }),
        ],
        { total_count: 3 },
      ),
    );
    const result = await harness.call('list_meetings', { include_recording_config: true });
    expect(textOf(result)).toMatchInlineSnapshot(`
      "All 3 meetings in app app_test_01. Each line: id, title, status, created (UTC, day of Oct 2026), options (record livestream from start, transcript summary after, chat kept).
      All 3 have: record on start, livestream on start, summarize on end.
      8d3f0001-1c2b-4a5e-9f60-000000000001 "Weekly sync 1" ACTIVE 2 09:01 transcript chat; recording: max 60s, audio MP3 mono +file, video H264 1280x720 +file watermark left top, prefix "file_name_prefix", RealtimeKit bucket on, storage aws bucket "bucket" us-east-1 path "path" host host, RTMP rtmp://a.rtmp.youtube.com/…, withheld: access_key, secret, password, private_key, rtmp_url path
      8d3f0002-1c2b-4a5e-9f60-000000000002 "Weekly sync 2" ACTIVE 3 09:02; recording: max 60s, audio MP3 mono +file, video H264 1280x720 +file watermark left top, prefix "file_name_prefix", RealtimeKit bucket on, storage aws bucket "bucket" us-east-1 path "path" host host, RTMP rtmp://a.rtmp.youtube.com/…, withheld: access_key, secret, password, private_key, rtmp_url path
      8d3f0003-1c2b-4a5e-9f60-000000000003 "Weekly sync 3" INACTIVE 4 09:03 transcript chat; recording: max 600s"
    `);
    // The structured answer says the same: the shared options once, a column for each thing that differs.
    expect(result.structuredContent).toMatchInlineSnapshot(`
      {
        "columns": [
          "id",
          "title",
          "status",
          "created_at",
          "options",
          "recording",
        ],
        "meetings": [
          [
            "8d3f0001-1c2b-4a5e-9f60-000000000001",
            "Weekly sync 1",
            "ACTIVE",
            "2026-10-02T09:01:07Z",
            "record livestream transcript summary chat",
            "max 60s, audio MP3 mono +file, video H264 1280x720 +file watermark left top, prefix "file_name_prefix", RealtimeKit bucket on, storage aws bucket "bucket" us-east-1 path "path" host host, RTMP rtmp://a.rtmp.youtube.com/…, withheld: access_key, secret, password, private_key, rtmp_url path",
          ],
          [
            "8d3f0002-1c2b-4a5e-9f60-000000000002",
            "Weekly sync 2",
            "ACTIVE",
            "2026-10-03T09:02:07Z",
            "record livestream summary",
            "max 60s, audio MP3 mono +file, video H264 1280x720 +file watermark left top, prefix "file_name_prefix", RealtimeKit bucket on, storage aws bucket "bucket" us-east-1 path "path" host host, RTMP rtmp://a.rtmp.youtube.com/…, withheld: access_key, secret, password, private_key, rtmp_url path",
          ],
          [
            "8d3f0003-1c2b-4a5e-9f60-000000000003",
            "Weekly sync 3",
            "INACTIVE",
            "2026-10-04T09:03:07Z",
            "record livestream transcript summary chat",
            "max 600s",
          ],
        ],
        "next_page_no": null,
        "next_per_page": null,
        "notes": [],
        "page_no": 1,
        "per_page": 20,
        "summary": "All 3 meetings in app app_test_01.",
        "total": 3,
      }
    `);
  });

  it.each([
    [
      'different years',
      ['2025-12-31T23:59:00Z', '2026-01-01T00:00:59Z'],
      'created (UTC)',
      ['2025-12-31 23:59', '2026-01-01 00:00'],
    ],
    [
      'one year',
      ['2026-01-31T08:05:00Z', '2026-02-01T08:05:00Z'],
      'created (UTC, 2026)',
      ['Jan 31 08:05', 'Feb 1 08:05'],
    ],
    // A year past 9999 is written +012026 in ISO: the time must still be the hour and minute.
    [
      'one year past 9999',
      ['+012026-01-31T08:05:00Z', '+012026-02-01T08:05:00Z'],
      'created (UTC, 12026)',
      ['Jan 31 08:05', 'Feb 1 08:05'],
    ],
    // January is month 0: a shared month must not be taken for no month.
    [
      'one month',
      ['2026-01-02T08:05:00Z', '2026-01-31T17:45:00Z'],
      'created (UTC, day of Jan 2026)',
      ['2 08:05', '31 17:45'],
    ],
    [
      'one day',
      ['2026-01-01T00:00:00Z', '2026-01-01T23:59:30Z'],
      'created (UTC, time on Jan 1 2026)',
      ['00:00', '23:59'],
    ],
    [
      'a time that is none',
      ['2026-01-01T00:00:00Z', 'yesterday'],
      'created (UTC)',
      ['2026-01-01 00:00', '"yesterday"'],
    ],
  ])(
    'says once the part of the date the page shares (%s), and the rest on each line',
    async (_case, times, column, cells) => {
      answer(
        meetingsPage(
          times.map((created_at, i) => meeting(i + 1, { created_at })),
          { total_count: 2 },
        ),
      );
      const result = await harness.call('list_meetings');
      const [header = '', , , ...lines] = textOf(result).split('\n');
      // Both meetings are ACTIVE with every option on (said once, in notes): a line is id, title, time.
      expect(header).toBe(`All 2 meetings in app app_test_01. Each line: id, title, ${column}.`);
      expect(lines.map((line) => tokens(line).slice(2).join(' '))).toEqual(cells);
      // The rows say every time in full, whatever the page shares: the instant to the second, or null.
      const rows = result.structuredContent?.meetings as string[][] | undefined;
      expect(rows?.map((row) => row[3])).toEqual(
        times.map((time) => (time === 'yesterday' ? null : new Date(time).toISOString().replace('.000Z', 'Z'))),
      );
    },
  );

  it('says a single meeting is the only one, and numbers the meetings of a page that is not all', async () => {
    answer(meetingsPage([meeting(1)], { total_count: 1 }));
    expect(textOf(await harness.call('list_meetings')).split('. ')[0]).toBe('The only meeting in app app_test_01');
    answer(meetingsPage([meeting(1), meeting(2)], { total_count: 4 }));
    expect(textOf(await harness.call('list_meetings', { per_page: 2 })).split('. ')[0]).toBe(
      'Showing meetings 1-2 of 4 in app app_test_01; next: page_no=2',
    );
  });

  it('states a recording configuration shared by the whole page once', async () => {
    answer(meetingsPage([meeting(1), meeting(2)], { total_count: 2 }));
    const text = textOf(await harness.call('list_meetings', { include_recording_config: true }));
    expect(text.match(/recording:/g)).toHaveLength(1);
    expect(text.split('\n').find((line) => line.startsWith('All 2 have recording:'))).toMatch(
      /^All 2 have recording: max 60s, /,
    );
  });
});

describe('list_meetings refuses bad arguments without calling the API', () => {
  // No handler is registered: msw fails the test if any request is made.
  it.each([
    [{ app_id: '../../accounts' }, 'app_id must be a RealtimeKit app id'],
    [{ app_id: 'x'.repeat(33) }, 'app_id must be a RealtimeKit app id'],
    [{ status: 'LIVE' }, 'status'],
    [{ per_page: 0 }, 'per_page must be 1-100'],
    [{ per_page: 101 }, 'per_page must be 1-100'],
    [{ per_page: 2.5 }, 'per_page must be a whole number'],
    [{ page_no: 0 }, 'page_no starts at 1'],
    [{ page_no: '2' }, 'page_no'],
    [{ search: '   ' }, 'search must not be empty'],
    [{ start_time: 'yesterday' }, 'start_time must be an ISO 8601 date-time'],
    [{ start_time: '2026-02-30' }, 'start_time must be an ISO 8601 date-time'],
    [{ end_time: '2026-11-01T25:00:00Z' }, 'end_time must be an ISO 8601 date-time'],
    [{ pageNo: 2 }, 'Unrecognized key "pageNo": did you mean page_no? No request was made.'],
  ])('%j', async (args, message) => {
    const result = await harness.call('list_meetings', args);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain(message);
  });

  it('refuses a time range that ends before it starts', async () => {
    const result = await harness.call('list_meetings', { start_time: '2026-11-02', end_time: '2026-11-01' });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Invalid arguments for list_meetings: start_time (2026-11-02T00:00:00.000Z) is after end_time (2026-11-01T23:59:59.999Z): swap them or widen the range. No request was made.',
    );
  });
});

describe('numbers the API sends as strings', () => {
  it('refuses a count too large to be one as a shape error, not a bug', async () => {
    answer({ success: true, data: [meeting(1)], paging: { total_count: '9'.repeat(401) } });
    const result = await harness.call('list_meetings');
    expect(textOf(result)).toBe(
      "The RealtimeKit API's answer while listing meetings did not have the documented shape (paging.total_count: not a finite number), so it was not summarised. Try again; if it persists, the API has changed and this server needs an update.",
    );
    answer({ success: true, data: [meeting(1)], paging: { total_count: 2 ** 60 } });
    expect(textOf(await harness.call('list_meetings'))).toContain('(paging.total_count: not a count)');
    answer({ success: true, data: [meeting(1)], paging: { total_count: '-3' } });
    expect(textOf(await harness.call('list_meetings'))).toContain('(paging.total_count: not a count)');
  });
});
