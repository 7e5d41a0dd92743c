// Faults, cancellation, load and signals, end to end: the built server over stdio, driven by the SDK
// Client, against a loopback stand-in that injects faults and hangs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, liveLivestream, MEETING_ID, meeting, PLANTED, PLANTED_VALUES } from '../../fixtures/api.js';
import { connectSession, eventually, type Session, standInEnv, text } from '../support/session.js';
import { FAULTY_APPS, type StandIn, startStandIn } from '../support/stand-in-api.js';

const APP = 'app_load';

let api: StandIn;
let session: Session;
beforeAll(async () => {
  api = await startStandIn({
    token: PLANTED.token,
    accountId: ACCOUNT_ID,
    apps: {
      [APP]: {
        meetings: Array.from({ length: 90 }, (_, i) => meeting(i + 1)),
        livestreams: { [MEETING_ID]: liveLivestream() },
      },
      // An API that echoes the token into the fields it controls, in the forms a proxy or a clip makes of it.
      app_echo: {
        meetings: [
          meeting(1, { id: MEETING_ID, title: `Call ${PLANTED.token.toUpperCase()}`, created_at: PLANTED.token }),
          meeting(2, { id: PLANTED.token.toLowerCase(), file_name_prefix: PLANTED.token }),
        ],
        livestreams: {
          [MEETING_ID]: liveLivestream({
            name: `${PLANTED.token} stream`,
            created_at: `at ${PLANTED.token}`,
            playback_url: `https://watch.example/${everyByteEncoded(PLANTED.token)}/video.m3u8`,
            ingest_server: `rtmps://ingest.example/live/?auth=${encodeURIComponent(encodeURIComponent(PLANTED.token))}`,
          }),
        },
      },
      app_flaky: { meetings: [meeting(1)] },
      app_throttled: { meetings: [meeting(2)] },
      app_resetting: { meetings: [meeting(3)] },
    },
    faults: { app_flaky: ['503', 'reset'], app_throttled: ['429:1'], app_resetting: ['reset', 'reset', 'reset'] },
  });
  session = await connectSession(standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID));
});
afterAll(async () => {
  await session.transport.close();
  await api.close();
});

it('retries a 503 and a connection reset, then answers', async () => {
  const result = await session.call('list_meetings', { app_id: 'app_flaky' });
  expect(result.isError).toBeFalsy();
  expect(text(result)).toContain('"Weekly sync 1"');
  expect(api.requests.filter((request) => request.url.includes('/app_flaky/'))).toHaveLength(3);
});

it('says the connection broke when the API resets it on every attempt', async () => {
  const result = await session.call('list_meetings', { app_id: 'app_resetting' });
  expect(text(result)).toMatch(
    /^The connection to the RealtimeKit API at http:\/\/127\.0\.0\.1:\d+\/client\/v4 broke while listing meetings \(\w+; tried 3 times\)\./,
  );
});

it('waits out a short 429, then answers', async () => {
  const result = await session.call('list_meetings', { app_id: 'app_throttled' });
  expect(text(result)).toContain('"Weekly sync 2"');
  expect(session.transport.stderr).toMatch(/listing meetings: attempt 1 failed \(HTTP 429\); retrying in 1000 ms/);
});

it('aborts the HTTP request at the API when the client cancels the call', async () => {
  const controller = new AbortController();
  const before = api.abandoned.length;
  const call = session.call('list_meetings', { app_id: FAULTY_APPS.hang }, { signal: controller.signal });
  call.catch(() => {});
  await eventually(() => api.hanging() === 1);
  controller.abort('the user pressed stop');
  await expect(call).rejects.toThrow();
  await eventually(() => api.hanging() === 0 && api.abandoned.length === before + 1);
  // Still serving.
  expect((await session.call('list_meetings', { per_page: 1 })).isError).toBeFalsy();
});

it('answers a healthy call while another hangs', async () => {
  const controller = new AbortController();
  let hungSettled = false;
  const hung = session.call(
    'get_active_livestreams',
    { meeting_id: MEETING_ID, app_id: FAULTY_APPS.hang },
    {
      signal: controller.signal,
    },
  );
  hung.then(
    () => {
      hungSettled = true;
    },
    () => {
      hungSettled = true;
    },
  );
  await eventually(() => api.hanging() === 1);
  const healthy = await session.call('get_active_livestreams', { meeting_id: MEETING_ID });
  expect(text(healthy)).toContain('ls_7f3a91c2 LIVE');
  expect(hungSettled).toBe(false);
  controller.abort();
  await eventually(() => hungSettled && api.hanging() === 0);
});

it('answers 50 concurrent calls, each correctly', async () => {
  const calls = Array.from({ length: 50 }, (_, i) => ({ page_no: (i % 10) + 1, per_page: 9 }));
  const results = await Promise.all(calls.map((args) => session.call('list_meetings', args)));
  results.forEach((result, i) => {
    const { page_no } = calls[i] as { page_no: number };
    const first = (page_no - 1) * 9 + 1;
    expect(result.isError).toBeFalsy();
    expect(text(result).split('\n')[0]).toMatch(
      new RegExp(`^Showing meetings ${first}-${first + 8} of 90 in app ${APP}`),
    );
    expect(result.structuredContent?.summary).toMatch(new RegExp(`^Showing meetings ${first}-${first + 8} of 90 `));
    expect(result.structuredContent?.next_page_no).toBe(page_no < 10 ? page_no + 1 : null);
  });
});

it('lets no echo of the token through, whole, clipped, in another case or percent-encoded', async () => {
  const results = [
    await session.client.callTool({
      name: 'list_meetings',
      arguments: { app_id: 'app_echo', include_recording_config: true },
    }),
    await session.client.callTool({
      name: 'get_active_livestreams',
      arguments: { app_id: 'app_echo', meeting_id: MEETING_ID },
    }),
    await session.client.callTool({ name: 'get_active_livestreams', arguments: { app_id: 'app_echo' } }),
  ];
  const seen = [...session.transport.stdoutLines, session.transport.stderr].join('\n').toLowerCase();
  // Any 12 characters of it: a value clipped to 40 once kept 40 of the token's 42.
  for (let at = 0; at + 12 <= PLANTED.token.length; at++) {
    expect(seen).not.toContain(PLANTED.token.slice(at, at + 12).toLowerCase());
  }
  expect(seen).not.toContain(everyByteEncoded(PLANTED.token).slice(0, 36).toLowerCase());
  expect(text(results[0] as never)).toContain('[redacted]');
  for (const result of results) expect(result.isError).toBeFalsy();
});

it('logged nothing secret, and wrote only JSON-RPC to stdout', () => {
  for (const secret of PLANTED_VALUES) {
    expect(session.transport.stderr).not.toContain(secret);
    expect(session.transport.stdoutLines.join('\n')).not.toContain(secret);
  }
  for (const line of session.transport.stdoutLines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
});

describe('deadline', () => {
  it('answers "timed out after N s" and closes the request at the API', async () => {
    const timed = await connectSession({
      ...standInEnv(api.baseUrl, FAULTY_APPS.hang, PLANTED.token, ACCOUNT_ID),
      REALTIMEKIT_MCP_TIMEOUT_SECONDS: '1',
    });
    const before = api.abandoned.length;
    const result = await timed.call('list_meetings');
    await timed.transport.close();
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      'Timed out after 1 s while listing meetings: the RealtimeKit API did not answer in time. Try again in a moment; REALTIMEKIT_MCP_TIMEOUT_SECONDS sets the limit.',
    );
    await eventually(() => api.abandoned.length === before + 1);
  });
});

describe('process lifecycle', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)('exits cleanly on %s', async (signal) => {
    const short = await connectSession({});
    await short.client.listTools();
    short.transport.child?.kill(signal);
    expect(await short.transport.exited).toBe(0);
  });

  it('exits cleanly when the client stops reading its stdout, instead of serving nobody', async () => {
    const gone = await connectSession({});
    await gone.client.listTools();
    gone.transport.child?.stdout.destroy();
    // The answer to this cannot be delivered: writing it fails with EPIPE, and the server stops.
    gone.client.listTools().catch(() => {});
    const stillRunning = new Promise<string>((resolve) => setTimeout(() => resolve('still running after 5 s'), 5000));
    expect(await Promise.race([gone.transport.exited, stillRunning])).toBe(0);
  });

  it('exits cleanly on stdin EOF while a call is in flight', async () => {
    const busy = await connectSession(standInEnv(api.baseUrl, FAULTY_APPS.hang, PLANTED.token, ACCOUNT_ID));
    busy.call('list_meetings').catch(() => {});
    await eventually(() => api.hanging() >= 1);
    expect(await busy.transport.closeStdin()).toBe(0);
  });
});

function everyByteEncoded(value: string): string {
  return [...Buffer.from(value)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}
