// Property-based: random and adversarial arguments and API bodies. Whatever arrives, the call ends in a
// result (never a crash or protocol error), invalid arguments never reach the network, every request
// stays inside the documented paths, and no planted secret appears in any answer.
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, BASE_URL, MEETING_ID, meeting, meetingsPage, PLANTED_VALUES } from '../fixtures/api.js';
import { getActiveLivestreams } from '../src/tools/get-active-livestreams.js';
import { listMeetings } from '../src/tools/list-meetings.js';
import { missingFromStructured } from './support/guidance.js';
import { useHarness } from './support/harness.js';
import { useMsw } from './support/msw.js';

const server = useMsw();
const RUNS = 150;

const harness = useHarness();
let requests: URL[] = [];
let body: unknown = meetingsPage([meeting(1)]);
beforeEach(() => {
  server.use(
    http.get(`${BASE_URL}/accounts/:account/realtime/kit/:app/*`, ({ request }) => {
      requests.push(new URL(request.url));
      const json = JSON.stringify(body);
      return new HttpResponse(json ?? '', { headers: { 'Content-Type': 'application/json' } });
    }),
  );
});
beforeAll(async () => {
  await harness.client.listTools(); // the client then checks every structuredContent against the output schema
});

const PATH = new RegExp(
  `^/client/v4/accounts/${ACCOUNT_ID}/realtime/kit/[A-Za-z0-9_-]{1,32}/(sessions|livestreams|meetings(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/active-livestream)?)$`,
);
const QUERY_KEYS = new Set(['page_no', 'per_page', 'status', 'search', 'start_time', 'end_time', 'exclude_meetings']);

const hostile = fc.oneof(
  fc.constantFrom(
    '../..',
    '..%2F..%2Fapps',
    '%2e%2e',
    'a/b',
    'app?x=1',
    'app#frag',
    'app\u0000',
    'app\r\nX-Injected: 1',
    ' app_1',
    'ＡＰＰ',
    'x'.repeat(33),
    `${MEETING_ID}/../../x`,
    `${MEETING_ID}?x=1`,
    MEETING_ID.toUpperCase(),
    '2026-02-30',
    '2026-11-01T25:61:00Z',
    '',
    '   ',
  ),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ minLength: 200, maxLength: 2000 }),
);
const anyValue = fc.oneof(
  hostile,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string()),
  fc.object(),
);

const listArgs = fc.oneof(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        'app_id',
        'status',
        'search',
        'start_time',
        'end_time',
        'page_no',
        'per_page',
        'include_recording_config',
      ),
      fc.string(),
    ),
    anyValue,
  ),
  fc.record(
    {
      app_id: fc.oneof(fc.constantFrom('app_1', 'A-b_9'), hostile),
      status: fc.oneof(fc.constantFrom('ACTIVE', 'INACTIVE'), hostile),
      search: hostile,
      start_time: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        hostile,
      ),
      end_time: fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        hostile,
      ),
      page_no: fc.oneof(fc.integer({ min: -5, max: 200_000 }), fc.double()),
      per_page: fc.oneof(fc.integer({ min: -5, max: 500 }), fc.double()),
      include_recording_config: fc.oneof(fc.boolean(), anyValue),
    },
    { requiredKeys: [] },
  ),
);
const livestreamArgs = fc.record(
  { meeting_id: fc.oneof(fc.uuid(), hostile, anyValue), app_id: fc.oneof(fc.constant('app_1'), hostile) },
  { requiredKeys: [] },
);

function textOfResult(result: { content: Array<{ type: string; text?: string }> }): string {
  expect(result.content).toHaveLength(1);
  expect(result.content[0]?.type).toBe('text');
  const text = result.content[0]?.text ?? '';
  expect(text.length).toBeGreaterThan(0);
  return text;
}

describe('arguments', () => {
  it.each([
    ['list_meetings', listArgs],
    ['get_active_livestreams', livestreamArgs],
  ] as const)('%s: any arguments end in a result; invalid ones never reach the network', async (tool, args) => {
    body = tool === 'list_meetings' ? meetingsPage([meeting(1)]) : { data: null };
    await fc.assert(
      fc.asyncProperty(args, async (value) => {
        requests = [];
        const result = await harness.call(tool, value as Record<string, unknown>);
        const text = textOfResult(result);
        const refused = result.isError === true && text.startsWith('Invalid arguments for ');
        if (refused) expect(requests).toEqual([]);
        else expect(requests.length).toBeGreaterThan(0);
        for (const url of requests) {
          expect(url.pathname).toMatch(PATH);
          for (const key of url.searchParams.keys()) expect(QUERY_KEYS.has(key)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** A value that is only ever put where the API keeps secrets. */
const secret = fc.constantFrom(...PLANTED_VALUES);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const oddValue = fc.oneof(
  fc.string({ maxLength: 3000 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.object(),
);

const meetingArb = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.string({ maxLength: 100 }), oddValue),
    created_at: fc.oneof(
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      // Pages whose times share a month or a day, which the text then says once.
      fc
        .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-01-31T23:59:59Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc
        .date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2026-01-01T23:59:59Z'), noInvalidDate: true })
        .map((d) => d.toISOString()),
      fc.string(),
      oddValue,
    ),
    updated_at: oddValue,
    title: fc.oneof(fc.string({ maxLength: 300 }), fc.string({ minLength: 5000, maxLength: 20_000 }), oddValue),
    status: fc.oneof(fc.constantFrom('ACTIVE', 'INACTIVE'), oddValue),
    record_on_start: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false'), oddValue),
    persist_chat: fc.oneof(fc.boolean(), oddValue),
    session_keep_alive_time_in_secs: fc.oneof(fc.integer(), fc.constant('120'), oddValue),
    recording_config: fc.oneof(
      oddValue,
      fc.record(
        {
          max_seconds: fc.oneof(fc.integer(), oddValue),
          storage_config: fc.record(
            {
              type: fc.oneof(fc.constantFrom('aws', 'gcs', 'sftp'), oddValue),
              bucket: maybe(fc.string({ maxLength: 100 })),
              access_key: secret,
              secret,
              password: secret,
              private_key: secret,
            },
            { requiredKeys: [] },
          ),
          live_streaming_config: fc.record({
            rtmp_url: fc.oneof(
              secret.map((key) => `rtmp://a.rtmp.example.com/live2/${key}`),
              secret.map((key) => `rtmp://user:${key}@a.rtmp.example.com/`),
              secret.map((key) => `rtmp://a.rtmp.example.com/live2?key=${key}`),
              secret.map((key) => `not a url ${key}`),
            ),
          }),
          video_config: fc.oneof(fc.record({ width: fc.oneof(fc.integer(), oddValue), codec: oddValue }), oddValue),
        },
        { requiredKeys: [] },
      ),
    ),
    unknown_field: oddValue,
  },
  { requiredKeys: [] },
);

const meetingsBody = fc.oneof(
  { weight: 1, arbitrary: fc.anything() },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        success: fc.boolean(),
        data: fc.oneof(fc.array(meetingArb, { maxLength: 25 }), oddValue),
        paging: fc.oneof(
          fc.record(
            { total_count: fc.oneof(fc.nat(), fc.constant('41'), oddValue), start_offset: oddValue },
            { requiredKeys: [] },
          ),
          oddValue,
        ),
      },
      { requiredKeys: [] },
    ),
  },
);

const livestreamArb = secret.chain((streamKey) =>
  fc.record(
    {
      id: fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), oddValue),
      status: fc.oneof(fc.constantFrom('LIVE', 'IDLE', 'ERRORED', 'INVOKED'), oddValue),
      name: oddValue,
      disabled: fc.oneof(fc.boolean(), fc.string(), oddValue),
      stream_key: fc.constant(streamKey),
      ingest_server: fc.constantFrom(
        `rtmps://ingest.example.com/live/${streamKey}`,
        'rtmps://ingest.example.com/live/',
      ),
      playback_url: fc.constantFrom(
        `https://watch.example.com/x?token=${streamKey}`,
        `https://u:${streamKey}@watch.example.com/x`,
      ),
      created_at: oddValue,
    },
    { requiredKeys: ['stream_key'] },
  ),
);
const livestreamBody = fc.oneof(
  fc.anything(),
  fc.record(
    { success: fc.boolean(), data: fc.oneof(livestreamArb, fc.array(livestreamArb, { maxLength: 5 }), oddValue) },
    { requiredKeys: [] },
  ),
);

describe('API bodies', () => {
  it.each([
    ['list_meetings', { include_recording_config: true }, meetingsBody, listMeetings.outputSchema],
    ['get_active_livestreams', { meeting_id: MEETING_ID }, livestreamBody, getActiveLivestreams.outputSchema],
  ] as const)(
    '%s: any body ends in a schema-valid result or an isError, without a planted secret',
    async (tool, args, bodies, schema) => {
      await fc.assert(
        fc.asyncProperty(bodies, async (generated) => {
          body = generated;
          const result = await harness.call(tool, args);
          const text = textOfResult(result);
          if (result.isError) expect(result.structuredContent).toBeUndefined();
          else {
            expect(schema.safeParse(result.structuredContent).success).toBe(true);
            expect(missingFromStructured(result)).toEqual([]);
          }
          const everything = JSON.stringify(result) + harness.logs.join('\n');
          for (const value of PLANTED_VALUES) expect(everything).not.toContain(value);
          expect(text).not.toMatch(/\bundefined\b|\[object Object\]/);
        }),
        { numRuns: RUNS },
      );
    },
  );
});
