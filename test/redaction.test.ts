// Plants every kind of secret the API can carry and checks that none reaches any result or log line,
// across both tools, every option and every error path.
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  gatewayError,
  liveLivestream,
  MEETING_ID,
  meeting,
  meetingsPage,
  PLANTED,
  PLANTED_VALUES,
  realtimeKitError,
} from '../fixtures/api.js';
import { useHarness } from './support/harness.js';
import { APP_URL, useMsw } from './support/msw.js';

const server = useMsw();

const harness = useHarness();

const echoingToken = { success: false, errors: [{ code: 9109, message: `Invalid token ${PLANTED.token}` }] };

const scenarios: Array<[string, () => Response, () => Response]> = [
  [
    'success',
    () =>
      HttpResponse.json(
        meetingsPage(
          [1, 2, 3].map((i) => meeting(i)),
          { total_count: 3 },
        ),
      ),
    () => HttpResponse.json({ data: [liveLivestream(), liveLivestream({ id: 'ls_2' })] }),
  ],
  [
    'API errors that echo the token',
    () => HttpResponse.json(echoingToken, { status: 401 }),
    () => HttpResponse.json(echoingToken, { status: 403 }),
  ],
  [
    'RealtimeKit errors',
    () => HttpResponse.json(realtimeKitError(400, `bad request for ${PLANTED.token}`), { status: 400 }),
    () => HttpResponse.json(realtimeKitError(404, 'Error: resource not found'), { status: 404 }),
  ],
  [
    'gateway errors',
    () => HttpResponse.json(gatewayError(10000, 'Authentication error'), { status: 403 }),
    () => HttpResponse.json(gatewayError(10000, 'Authentication error'), { status: 500 }),
  ],
  [
    'mis-shaped bodies carrying secrets',
    () => HttpResponse.json({ data: [{ id: 1, stream_key: PLANTED.streamKey, secret: PLANTED.secret }] }),
    () => HttpResponse.json({ data: { stream_key: PLANTED.streamKey, password: PLANTED.password } }),
  ],
];

describe.each(scenarios)('no planted secret escapes: %s', (_name, meetings, livestream) => {
  const calls: Array<[string, Record<string, unknown>]> = [
    ['list_meetings', {}],
    ['list_meetings', { include_recording_config: true, per_page: 100 }],
    ['get_active_livestreams', { meeting_id: MEETING_ID }],
    ['get_active_livestreams', {}],
  ];
  it.each(calls)('%s %j', async (tool, args) => {
    server.use(
      http.get(`${APP_URL}/meetings`, meetings),
      http.get(`${APP_URL}/meetings/:id/active-livestream`, livestream),
    );
    const result = await harness.call(tool, args);
    const everything = JSON.stringify(result) + harness.logs.join('\n');
    for (const secret of PLANTED_VALUES) expect(everything).not.toContain(secret);
    expect(everything).not.toMatch(/PLANTED/);
  });
});

it('says what it withheld', async () => {
  server.use(
    http.get(`${APP_URL}/meetings`, () => HttpResponse.json(meetingsPage([meeting(1)]))),
    http.get(`${APP_URL}/meetings/:id/active-livestream`, () => HttpResponse.json({ data: liveLivestream() })),
  );
  const meetings = JSON.stringify(await harness.call('list_meetings', { include_recording_config: true }));
  expect(meetings).toContain('withheld: access_key, secret, password, private_key, rtmp_url path');
  const livestreams = JSON.stringify(await harness.call('get_active_livestreams', { meeting_id: MEETING_ID }));
  expect(livestreams).toContain('stream key withheld');
});
