// Every shape of answer, in both forms a client may show its model: the text, and structuredContent. Each
// guidance sentence of the text (counts, filters, the next step, what was withheld or cut) must be in the
// structured answer's summary or notes too, since some clients show the model nothing else.

import { HttpResponse, http } from 'msw';
import { expect, it } from 'vitest';
import {
  gatewayError,
  liveLivestream,
  liveSession,
  MEETING_ID,
  meeting,
  meetingId,
  meetingsPage,
  realtimeKitError,
  sessionsPage,
} from '../../fixtures/api.js';
import { missingFromStructured } from '../support/guidance.js';
import { useHarness } from '../support/harness.js';
import { APP_URL, useMsw } from '../support/msw.js';
import type { CallToolResult } from '../support/result.js';

const server = useMsw();

const harness = useHarness();

const meetings =
  (data: Array<Record<string, unknown>>, total = data.length) =>
  () =>
    HttpResponse.json(meetingsPage(data, { total_count: total }));
const livestream =
  (answer: (id: string) => Response) =>
  ({ params }: { params: Record<string, unknown> }) =>
    answer(String(params.id));
const notFound = () => HttpResponse.json(realtimeKitError(404, 'Error: resource not found'), { status: 404 });

/** Varied meetings: statuses, options and recording setups differ, some have no recording at all. */
const varied = Array.from({ length: 6 }, (_, i) =>
  meeting(i + 1, {
    persist_chat: i % 2 === 0,
    summarize_on_end: i % 3 === 0,
    ...(i % 2 === 1 && { recording_config: null }),
    ...(i === 4 && { title: null }),
  }),
);

type Case = [
  string,
  string,
  Record<string, unknown>,
  {
    meetings?: () => Response;
    livestream?: ReturnType<typeof livestream>;
    /** The app's sessions in progress; without it, the path is 404 and a whole-app call asks the active meetings. */
    sessions?: () => Response;
    independent?: () => Response;
  },
];

const inSession =
  (...sessions: Array<Record<string, unknown>>) =>
  () =>
    HttpResponse.json(sessionsPage(sessions));

const CASES: Case[] = [
  [
    'a first page, with the next one to ask for',
    'list_meetings',
    { per_page: 3 },
    { meetings: meetings(varied.slice(0, 3), 6) },
  ],
  ['the last page', 'list_meetings', { per_page: 3, page_no: 2 }, { meetings: meetings(varied.slice(3), 6) }],
  ['no meetings', 'list_meetings', { status: 'INACTIVE' }, { meetings: meetings([]) }],
  ['a page past the end', 'list_meetings', { page_no: 9 }, { meetings: meetings([], 41) }],
  [
    'filters, with the status all share',
    'list_meetings',
    { status: 'ACTIVE', search: 'sync', start_time: '2026-10-01', end_time: '2026-10-31' },
    { meetings: meetings(varied.filter((m) => m.status === 'ACTIVE')) },
  ],
  ['recording setups that differ', 'list_meetings', { include_recording_config: true }, { meetings: meetings(varied) }],
  [
    'recording setups that all share',
    'list_meetings',
    { include_recording_config: true },
    { meetings: meetings([meeting(1), meeting(2)]) },
  ],
  [
    'more meetings than asked for',
    'list_meetings',
    { per_page: 2 },
    { meetings: meetings([meeting(1), meeting(2), meeting(3)], 3) },
  ],
  [
    'one live meeting',
    'get_active_livestreams',
    { meeting_id: MEETING_ID },
    { livestream: livestream(() => HttpResponse.json({ data: liveLivestream() })) },
  ],
  [
    'one meeting, two streams, one disabled',
    'get_active_livestreams',
    { meeting_id: MEETING_ID },
    {
      livestream: livestream(() =>
        HttpResponse.json({
          data: [liveLivestream(), liveLivestream({ id: 'ls_b', status: 'IDLE', disabled: true, stream_key: null })],
        }),
      ),
    },
  ],
  ['a 404, with the hint', 'get_active_livestreams', { meeting_id: MEETING_ID }, { livestream: livestream(notFound) }],
  [
    'nothing live, in a 200',
    'get_active_livestreams',
    { meeting_id: MEETING_ID },
    { livestream: livestream(() => HttpResponse.json({ data: null })) },
  ],
  [
    'a whole sweep',
    'get_active_livestreams',
    {},
    {
      meetings: meetings([meeting(1, { status: 'ACTIVE' }), meeting(2, { status: 'ACTIVE', title: null })]),
      livestream: livestream((id) =>
        id === meetingId(2) ? HttpResponse.json({ data: liveLivestream({ id: 'ls_2' }) }) : notFound(),
      ),
    },
  ],
  [
    'a sweep stopped by a rate limit, with meetings it could not check and more to scan',
    'get_active_livestreams',
    { search: 'sync' },
    {
      meetings: meetings(
        Array.from({ length: 8 }, (_, i) => meeting(i + 1, { status: 'ACTIVE' })),
        120,
      ),
      livestream: livestream((id) =>
        id === meetingId(1)
          ? HttpResponse.json({ data: liveLivestream({ id: 'ls_1' }) })
          : id === meetingId(2)
            ? new HttpResponse('<html>oops</html>', { status: 500 })
            : id === meetingId(6)
              ? HttpResponse.json(gatewayError(971, 'Too many requests'), {
                  status: 429,
                  headers: { 'Retry-After': '30' },
                })
              : notFound(),
      ),
    },
  ],
  [
    'a sweep with more to scan',
    'get_active_livestreams',
    {},
    { meetings: meetings([meeting(1, { status: 'ACTIVE' })], 601), livestream: livestream(notFound) },
  ],
  ['no active meetings at all', 'get_active_livestreams', {}, { meetings: meetings([]) }],
  [
    'meetings in session, two livestreaming, and a livestream without a meeting',
    'get_active_livestreams',
    {},
    {
      sessions: inSession(
        liveSession(meetingId(1), 40, { meeting_display_name: 'All-hands' }),
        liveSession(meetingId(2), 12, { meeting_display_name: 'Design review' }),
        liveSession(meetingId(3), 5, { meeting_display_name: null }),
        liveSession('abcdef-ghijkl', 2, { meeting_display_name: 'Old room' }),
      ),
      livestream: livestream((id) =>
        id === meetingId(1)
          ? HttpResponse.json({ data: liveLivestream({ id: 'ls_1' }) })
          : id === meetingId(2)
            ? HttpResponse.json({ data: liveLivestream({ id: 'ls_2', status: 'IDLE', stream_key: null }) })
            : notFound(),
      ),
      independent: () =>
        HttpResponse.json({
          success: true,
          data: [liveLivestream({ id: 'ls_encoder', name: 'Lobby camera', meeting_id: null })],
        }),
    },
  ],
  [
    'no meeting in session',
    'get_active_livestreams',
    { search: 'standup' },
    {
      sessions: inSession(),
      independent: () => HttpResponse.json({ success: true, data: [], paging: { total_count: 0 } }),
    },
  ],
  [
    'an argument the tool does not take',
    'list_meetings',
    { per_page: 1, colour: 'blue' },
    { meetings: meetings([meeting(1)], 1) },
  ],
];

async function answer(tool: string, args: Record<string, unknown>, api: Case[3]): Promise<CallToolResult> {
  if (api.meetings) server.use(http.get(`${APP_URL}/meetings`, api.meetings));
  if (api.livestream) server.use(http.get(`${APP_URL}/meetings/:id/active-livestream`, api.livestream));
  server.use(
    http.get(
      `${APP_URL}/sessions`,
      api.sessions ?? (() => HttpResponse.json(gatewayError(7003, 'No route for that URI'), { status: 404 })),
    ),
  );
  if (api.independent) server.use(http.get(`${APP_URL}/livestreams`, api.independent));
  return harness.call(tool, args);
}

it.each(CASES)('%s: the structured answer says everything the text does', async (_name, tool, args, api) => {
  const result = await answer(tool, args, api);
  expect(result.isError).toBeFalsy();
  expect(missingFromStructured(result)).toEqual([]);
  const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
  expect({ text: text.split('\n'), structuredContent: result.structuredContent }).toMatchSnapshot();
});

it('notices a guidance sentence the structured answer lacks', () => {
  const result: CallToolResult = {
    content: [{ type: 'text', text: 'Showing 1 meeting in app a.\nm1 "x" ACTIVE 2026-01-01 00:00\nOnly page 1 of 9.' }],
    structuredContent: {
      summary: 'Showing 1 meeting in app a.',
      meetings: [['m1', 'x', 'ACTIVE', '2026-01-01 00:00']],
    },
  };
  expect(missingFromStructured(result)).toEqual(['Only page 1 of 9.']);
});
