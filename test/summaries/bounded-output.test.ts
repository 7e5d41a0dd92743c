// However large the API's answer, what reaches the model stays within budget, and says what was cut.
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  liveLivestream,
  liveSession,
  MEETING_ID,
  meeting,
  meetingId,
  meetingsPage,
  sessionsPage,
} from '../../fixtures/api.js';
import {
  estimateTokens,
  MAX_STRUCTURED_STRING,
  STRUCTURED_TOKEN_BUDGET,
  TEXT_TOKEN_BUDGET,
} from '../../src/summaries/budget.js';
import { missingFromStructured } from '../support/guidance.js';
import { type Harness, textOf, useHarness } from '../support/harness.js';
import { APP_URL, useMsw } from '../support/msw.js';

const server = useMsw();

const harness = useHarness();

function serveMeetings(data: Array<Record<string, unknown>>, total = data.length) {
  server.use(http.get(`${APP_URL}/meetings`, () => HttpResponse.json(meetingsPage(data, { total_count: total }))));
}

function expectWithinBudget(result: Awaited<ReturnType<Harness['call']>>) {
  expect(estimateTokens(textOf(result))).toBeLessThanOrEqual(TEXT_TOKEN_BUDGET);
  expect(estimateTokens(JSON.stringify(result.structuredContent))).toBeLessThanOrEqual(STRUCTURED_TOKEN_BUDGET);
}

function longestString(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (value && typeof value === 'object') return Math.max(0, ...Object.values(value).map(longestString));
  return 0;
}

describe('list_meetings', () => {
  it('never shows more than per_page, whatever the API sends', async () => {
    serveMeetings(
      Array.from({ length: 5000 }, (_, i) => meeting(i)),
      5000,
    );
    const result = await harness.call('list_meetings', { per_page: 100 });
    const meetings = result.structuredContent?.meetings as unknown[];
    expect(meetings.length).toBeGreaterThan(0);
    expect(meetings.length).toBeLessThanOrEqual(100);
    expectWithinBudget(result);
  });

  it('cuts a megabyte title, with a marker, in the text and in structured output', async () => {
    serveMeetings([meeting(1, { title: `Board ${'x'.repeat(1_000_000)}` })]);
    const result = await harness.call('list_meetings');
    expect(textOf(result)).toContain('…[+');
    expect(textOf(result).length).toBeLessThan(1000);
    expect(longestString(result.structuredContent)).toBeLessThanOrEqual(MAX_STRUCTURED_STRING + 20);
  });

  it('cuts a page that would be too long, and says how to see the rest', async () => {
    // 100 meetings, each with its own large recording configuration: nothing is shared to factor out.
    const data = Array.from({ length: 100 }, (_, i) =>
      meeting(i, {
        title: `${'Quarterly planning '.repeat(8)}${i}`,
        recording_config: {
          file_name_prefix: `prefix-${i}-${'p'.repeat(150)}`,
          storage_config: {
            type: 'aws',
            bucket: `bucket-${i}-${'b'.repeat(150)}`,
            path: `path-${i}-${'q'.repeat(150)}`,
          },
        },
      }),
    );
    serveMeetings(data, 300);
    const result = await harness.call('list_meetings', { per_page: 100, include_recording_config: true });
    expectWithinBudget(result);
    const shown = (result.structuredContent?.meetings as unknown[] | undefined)?.length ?? 0;
    expect(shown).toBeGreaterThan(10);
    expect(shown).toBeLessThan(100);
    // The first page goes on from the row after the last one shown, at the size that fit.
    const limit = `Output limit: only the first ${shown} of the 100 meetings on this page fit in one answer; the rest follow from page_no=2 with per_page=${shown} (or ask without include_recording_config).`;
    expect(textOf(result).split('\n')[1]).toBe(limit);
    expect(missingFromStructured(result)).toEqual([]);
    expect(result.structuredContent).toMatchObject({ notes: [limit], next_page_no: 2, next_per_page: shown });
    expect(textOf(result).match(/^8d3f/gm)).toHaveLength(shown);
  });

  it('keeps a page of long CJK titles within budget (about one token per character)', async () => {
    serveMeetings(Array.from({ length: 100 }, (_, i) => meeting(i, { title: '会議'.repeat(600) })));
    const result = await harness.call('list_meetings', { per_page: 100 });
    expectWithinBudget(result);
  });
});

describe('get_active_livestreams', () => {
  it('keeps 10 livestreams of a meeting, validating no more, and says how many more there were', async () => {
    server.use(
      http.get(`${APP_URL}/meetings/:id/active-livestream`, () =>
        // Every one after the tenth is malformed: had it been validated, the answer would be a shape error.
        HttpResponse.json({
          data: Array.from({ length: 3000 }, (_, i) => (i < 10 ? liveLivestream({ id: `ls_${i}` }) : { id: 7 })),
        }),
      ),
    );
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    expectWithinBudget(result);
    expect(result.structuredContent?.livestreams).toHaveLength(10);
    expect(textOf(result)).toContain('\n(2990 more not shown: the answer would be too long.)');
    expect(result.structuredContent?.notes).toContain('(2990 more not shown: the answer would be too long.)');
    expect(missingFromStructured(result)).toEqual([]);
  });

  it('shows the 50 LIVE first however late their meeting answers, and counts the rest', async () => {
    const meetings = Array.from({ length: 20 }, (_, i) => meeting(i + 1, { status: 'ACTIVE' }));
    const lastId = meetings[19]?.id;
    server.use(
      http.get(`${APP_URL}/sessions`, () =>
        HttpResponse.json(sessionsPage(meetings.map((m) => liveSession(String(m.id))))),
      ),
      http.get(`${APP_URL}/livestreams`, () =>
        HttpResponse.json({ success: true, data: [], paging: { total_count: 0 } }),
      ),
      http.get(`${APP_URL}/meetings/:id/active-livestream`, ({ params }) => {
        const status = params.id === lastId ? 'LIVE' : 'IDLE';
        return HttpResponse.json({
          data: Array.from({ length: 10 }, (_, i) => liveLivestream({ id: `ls_${params.id}_${i}`, status })),
        });
      }),
    );
    const result = await harness.call('get_active_livestreams');
    const rows = result.structuredContent?.livestreams as string[][];
    const columns = result.structuredContent?.columns as string[];
    expect(rows).toHaveLength(50);
    const status = columns.indexOf('status');
    expect(rows.slice(0, 10).map((row) => row[status])).toEqual(Array(10).fill('LIVE'));
    expect(rows.slice(10).every((row) => row[status] === 'IDLE')).toBe(true);
    expect(result.structuredContent?.notes).toContain('(150 more not shown: the answer would be too long.)');
  });

  it('stops a sweep whose answers together pass what one call reads, and says so', async () => {
    let served = 0;
    const fat = JSON.stringify({ data: { ...liveLivestream(), name: 'n'.repeat(2 * 1024 * 1024) } });
    server.use(
      http.get(`${APP_URL}/sessions`, () =>
        HttpResponse.json(sessionsPage(Array.from({ length: 40 }, (_, i) => liveSession(meetingId(i + 1))))),
      ),
      http.get(`${APP_URL}/livestreams`, () =>
        HttpResponse.json({ success: true, data: [], paging: { total_count: 0 } }),
      ),
      http.get(`${APP_URL}/meetings/:id/active-livestream`, () => {
        served += 1;
        return new HttpResponse(fat, { headers: { 'Content-Type': 'application/json' } });
      }),
    );
    const result = await harness.call('get_active_livestreams');
    expect(result.isError).toBeFalsy();
    expect(textOf(result).split('\n').at(-1)).toMatch(
      /^Stopped after checking \d of these 40 meetings in session: the API's answers passed 16 MiB, the most one call reads\. Narrow with search to check the rest\.$/,
    );
    // Sixteen MiB is eight of these answers; no more than the four in flight when it ran out were started.
    expect(served).toBeLessThanOrEqual(8 + 4);
  });

  it('cuts absurdly long URLs and names', async () => {
    server.use(
      http.get(`${APP_URL}/meetings/:id/active-livestream`, () =>
        HttpResponse.json({
          data: liveLivestream({
            playback_url: `https://watch.test/${'a'.repeat(100_000)}`,
            name: 'n'.repeat(100_000),
          }),
        }),
      ),
    );
    const result = await harness.call('get_active_livestreams', { meeting_id: MEETING_ID });
    expect(textOf(result).length).toBeLessThan(1500);
    expect(longestString(result.structuredContent)).toBeLessThanOrEqual(MAX_STRUCTURED_STRING + 20);
  });
});
