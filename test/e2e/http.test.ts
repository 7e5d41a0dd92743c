// End to end over HTTP: the built bin with --http, driven by the SDK Client over Streamable HTTP (both
// protocol eras) and by raw requests, against the loopback stand-in API. Who may call, with whose token,
// what is refused before the API is reached, and that the answers are the stdio server's answers.
import { request as httpRequest } from 'node:http';
import { LOG_LEVEL_META_KEY } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACCOUNT_ID,
  liveLivestream,
  MEETING_ID,
  meeting,
  meetingId,
  PLANTED,
  PLANTED_VALUES,
} from '../../fixtures/api.js';
import { tools } from '../../src/tools/index.js';
import { connectHttp, type HttpServerProcess, post, startHttpServer } from '../support/http-server.js';
import { connectSession, eventually, standInEnv, text } from '../support/session.js';
import { FAULTY_APPS, type StandIn, startStandIn } from '../support/stand-in-api.js';

const APP = 'app_http';
/** Answers its first request with a 503, then normally: a retry the server logs. */
const FLAKY_APP = 'app_flaky';
/** An access key for the access-key mode: 32+ characters. */
const ACCESS_KEY = 'rk-access-key-0123456789abcdef0123456789abcdef';

let api: StandIn;
beforeAll(async () => {
  api = await startStandIn({
    token: PLANTED.token,
    accountId: ACCOUNT_ID,
    apps: {
      [APP]: {
        meetings: Array.from({ length: 30 }, (_, i) => meeting(i + 1, { status: i < 3 ? 'ACTIVE' : 'INACTIVE' })),
        livestreams: {
          [MEETING_ID]: liveLivestream(),
          [meetingId(2)]: [liveLivestream({ id: 'ls_2', status: 'IDLE' })],
        },
      },
      [FLAKY_APP]: { meetings: [meeting(1)] },
    },
    faults: { [FLAKY_APP]: ['503'] },
  });
});
afterAll(async () => {
  await api.close();
});

const callerHeaders = { Authorization: `Bearer ${PLANTED.token}`, 'cf-account-id': ACCOUNT_ID };

function expectNoSecrets(...texts: string[]): void {
  const everything = texts.join('\n');
  for (const secret of [...PLANTED_VALUES, ACCESS_KEY]) expect(everything).not.toContain(secret);
}

describe('caller-token mode (the default): each caller brings its own Cloudflare token', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttpServer({ CLOUDFLARE_BASE_URL: api.baseUrl, REALTIMEKIT_APP_ID: APP });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    expectNoSecrets(server.stderr());
    // On loopback, with no server token: nothing to warn about.
    expect(server.stderr()).not.toContain('warning');
  });

  it('answers both tools exactly as the stdio server does', async () => {
    const http = await connectHttp(server.url, callerHeaders);
    const stdio = await connectSession(standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID));
    try {
      for (const [name, args] of [
        ['list_meetings', { per_page: 5 }],
        ['get_active_livestreams', {}],
        ['get_active_livestreams', { meeting_id: MEETING_ID }],
      ] as const) {
        const overHttp = await http.call(name, args);
        const overStdio = await stdio.call(name, args);
        expect(overHttp).toEqual(overStdio);
        expect(overHttp.isError).toBeFalsy();
      }
      expect((await http.client.listTools()).tools).toEqual((await stdio.client.listTools()).tools);
    } finally {
      await http.close();
      await stdio.client.close();
    }
  });

  it('serves a client of the stateless 2026-07-28 revision the same answer', async () => {
    const modern = await connectHttp(server.url, callerHeaders, '2026-07-28');
    const legacy = await connectHttp(server.url, callerHeaders);
    try {
      const answer = await modern.call('list_meetings', { per_page: 3 });
      expect(answer.isError).toBeFalsy();
      expect(text(answer)).toBe(text(await legacy.call('list_meetings', { per_page: 3 })));
      expect((await modern.client.listTools()).tools.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
    } finally {
      await modern.close();
      await legacy.close();
    }
  });

  it('refuses a request without a bearer with 401, a challenge, and words on what to send; the API never sees it', async () => {
    const before = api.requests.length;
    const response = await post(server.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    const metadataUrl = /resource_metadata="([^"]+)"/.exec(challenge)?.[1] ?? '';
    expect(metadataUrl).toBe(server.url.replace('/mcp', '/.well-known/oauth-protected-resource/mcp'));
    const body = (await response.json()) as { error: { message: string } };
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32000 } });
    expect(body.error.message).toContain('Authorization: Bearer <token>');
    expect(body.error.message).toContain('cf-account-id');
    const metadata = await (await fetch(metadataUrl)).json();
    expect(metadata).toMatchObject({ resource: server.url, bearer_methods_supported: ['header'] });
    expect(api.requests.length).toBe(before);
  });

  it('answers a token the API rejects with words for what the caller sent (stdio names the variables), never echoing it', async () => {
    const wrong = 'WRONG-TOKEN-abcdefghijklmnopqrstuvwxyz';
    const http = await connectHttp(server.url, { Authorization: `Bearer ${wrong}`, 'cf-account-id': ACCOUNT_ID });
    const stdio = await connectSession(standInEnv(api.baseUrl, APP, wrong, ACCOUNT_ID));
    try {
      const overHttp = await http.call('list_meetings');
      expect(overHttp.isError).toBe(true);
      expect(text(overHttp)).toBe(
        `The Cloudflare API rejected your bearer token (HTTP 401, code 10000: Authentication error) while listing meetings. Check that it is a valid Cloudflare API token with the Realtime or Realtime Admin permission, and that the account in your cf-account-id header (${ACCOUNT_ID}) is one it can read.`,
      );
      expect(text(await stdio.call('list_meetings'))).toContain('Check that CLOUDFLARE_API_TOKEN is a valid API token');
      expect(JSON.stringify(overHttp)).not.toContain(wrong);
      expect(server.stderr()).not.toContain(wrong);
    } finally {
      await http.close();
      await stdio.client.close();
    }
  });

  it('says to send the account header when neither the server nor the request names the account', async () => {
    const http = await connectHttp(server.url, { Authorization: `Bearer ${PLANTED.token}` });
    try {
      const answer = await http.call('list_meetings');
      expect(answer.isError).toBe(true);
      expect(text(answer)).toBe('Not configured: send your Cloudflare account id in the cf-account-id header.');
    } finally {
      await http.close();
    }
  });

  it('sends progress on the request stream during a sweep', async () => {
    const http = await connectHttp(server.url, callerHeaders);
    try {
      const updates: unknown[] = [];
      const answer = await http.client.callTool(
        { name: 'get_active_livestreams', arguments: {} },
        { onprogress: (update) => updates.push(update) },
      );
      expect(answer.isError).toBeFalsy();
      expect(updates.length).toBeGreaterThan(0);
    } finally {
      await http.close();
    }
  });

  it("sends a call's log lines on its stream when a 2026-07-28 request asks for a level", async () => {
    const modern = await connectHttp(server.url, callerHeaders, '2026-07-28');
    try {
      const logged: string[] = [];
      modern.client.setNotificationHandler('notifications/message', (notification) => {
        logged.push(`${notification.params.level}: ${String(notification.params.data)}`);
      });
      const answer = await modern.client.callTool({
        name: 'list_meetings',
        arguments: { app_id: FLAKY_APP },
        _meta: { [LOG_LEVEL_META_KEY]: 'info' },
      });
      expect(answer.isError).toBeFalsy();
      expect(logged).toEqual([
        expect.stringMatching(
          /^info: list_meetings: listing meetings: attempt 1 failed \(HTTP 503.*\); retrying in \d+ ms$/,
        ),
      ]);
    } finally {
      await modern.close();
    }
  });

  it('stops the API request when the client closes its HTTP request', async () => {
    const before = api.abandoned.length;
    const request = httpRequest(server.url, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'Mcp-Protocol-Version': '2025-11-25',
        ...callerHeaders,
      },
    });
    request.on('error', () => {});
    request.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'list_meetings', arguments: { app_id: FAULTY_APPS.hang } },
      }),
    );
    await eventually(() => api.hanging() === 1);
    // What a client that gives up does over stateless HTTP: it closes the connection it was waiting on.
    request.destroy();
    await eventually(() => api.hanging() === 0 && api.abandoned.length === before + 1, 10_000);
  });

  it('stops the API request when a 2026-07-28 client cancels its call', async () => {
    const modern = await connectHttp(server.url, callerHeaders, '2026-07-28');
    try {
      const before = api.abandoned.length;
      const controller = new AbortController();
      const call = modern.call('list_meetings', { app_id: FAULTY_APPS.hang }, { signal: controller.signal });
      call.catch(() => {});
      await eventually(() => api.hanging() === 1);
      controller.abort();
      await eventually(() => api.hanging() === 0 && api.abandoned.length === before + 1, 10_000);
    } finally {
      await modern.close();
    }
  });

  it('answers 50 concurrent calls, each right', async () => {
    const http = await connectHttp(server.url, callerHeaders);
    try {
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, i) => http.call('list_meetings', { per_page: 1, page_no: (i % 30) + 1 })),
      );
      answers.forEach((answer, i) => {
        expect(answer.isError, text(answer)).toBeFalsy();
        expect(text(answer)).toContain(meetingId((i % 30) + 1));
      });
    } finally {
      await http.close();
    }
  });

  it('refuses other methods (405), big bodies (413), other paths (404); answers /healthz without the API', async () => {
    const before = api.requests.length;
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(server.url, { method, headers: callerHeaders });
      expect(response.status, method).toBe(405);
    }
    const big = await post(
      server.url,
      `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"${'a'.repeat(1_100_000)}"}}`,
      callerHeaders,
    );
    expect(big.status).toBe(413);
    expect((await fetch(server.url.replace('/mcp', '/other'))).status).toBe(404);
    const health = await fetch(server.url.replace('/mcp', '/healthz'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', name: 'realtimekit-mcp' });
    expect(api.requests.length).toBe(before);
  });

  it('refuses a browser origin that is not allowed, and a Host that is not loopback (DNS rebinding)', async () => {
    const before = api.requests.length;
    const foreign = await post(
      server.url,
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { ...callerHeaders, Origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const local = await post(
      server.url,
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { ...callerHeaders, Origin: 'http://localhost:5173' },
    );
    expect(local.status).toBe(200);
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const rebound = await rawPost(server.url, { Host: 'evil.example:80', Authorization: callerHeaders.Authorization });
    expect(rebound).toBe(403);
    expect(api.requests.length).toBe(before);
  });
});

describe("the README's remote example, on a server that names no app", () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttpServer({ CLOUDFLARE_BASE_URL: api.baseUrl });
  });
  afterAll(async () => {
    await server.stop();
  });

  it("answers a first call without an app id with the account's apps, and the app header then serves", async () => {
    const without = await connectHttp(server.url, callerHeaders);
    const withApp = await connectHttp(server.url, { ...callerHeaders, 'X-RealtimeKit-App-Id': APP });
    try {
      const first = await without.call('list_meetings');
      expect(first.isError).toBe(true);
      expect(text(first)).toMatch(
        new RegExp(
          `^Not configured: send the app_id argument \\(or the X-RealtimeKit-App-Id header\\)\\. Pass one of the account's apps as app_id: .*\\b${APP}\\b`,
        ),
      );
      const next = await withApp.call('list_meetings');
      expect(next.isError, text(next)).toBeFalsy();
    } finally {
      await without.close();
      await withApp.close();
    }
    expectNoSecrets(server.stderr());
  });
});

describe('access-key mode: callers present a key, the server calls the API with its own token', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttpServer({
      ...standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID),
      REALTIMEKIT_MCP_ACCESS_KEYS: `another-key-that-is-long-enough-000000, ${ACCESS_KEY}`,
    });
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    expectNoSecrets(server.stderr());
  });

  it('serves a caller with a key, and the API sees only the server token', async () => {
    const http = await connectHttp(server.url, { Authorization: `Bearer ${ACCESS_KEY}` });
    try {
      const answer = await http.call('list_meetings', { per_page: 2 });
      expect(answer.isError, text(answer)).toBeFalsy();
      expectNoSecrets(JSON.stringify(answer));
      expect(api.requests.at(-1)?.authorization).toBe(`Bearer ${PLANTED.token}`);
    } finally {
      await http.close();
    }
  });

  it('refuses a missing or wrong key with 401 before the API, including a Cloudflare token in its place', async () => {
    const before = api.requests.length;
    for (const authorization of [undefined, 'Bearer not-a-key', `Bearer ${PLANTED.token}`, `Basic ${ACCESS_KEY}`]) {
      const response = await post(
        server.url,
        { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_meetings', arguments: {} } },
        authorization ? { Authorization: authorization } : {},
      );
      expect(response.status, authorization).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata="/);
    }
    expect(api.requests.length).toBe(before);
  });
});

describe('starting and stopping', () => {
  it('refuses to start when access keys are set without a server token, saying why', async () => {
    await expect(
      startHttpServer({ CLOUDFLARE_BASE_URL: api.baseUrl, REALTIMEKIT_MCP_ACCESS_KEYS: ACCESS_KEY }, [
        '--host',
        '0.0.0.0',
      ]),
    ).rejects.toThrow(/CLOUDFLARE_API_TOKEN is not set/);
  });

  it('warns when it listens beyond loopback, and when a server token would go unused', async () => {
    const server = await startHttpServer({ ...standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID) }, [
      '--host',
      '0.0.0.0',
    ]);
    try {
      expect(server.stderr()).toContain('beyond this machine: put https in front of it');
      expect(server.stderr()).toContain('CLOUDFLARE_API_TOKEN is set but not used');
      expectNoSecrets(server.stderr());
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('refuses to start with a short access key', async () => {
    await expect(
      startHttpServer({
        ...standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID),
        REALTIMEKIT_MCP_ACCESS_KEYS: 'short',
      }),
    ).rejects.toThrow(/at least 32/);
  });

  it('serves --demo with no credentials at all', async () => {
    const server = await startHttpServer({}, ['--demo']);
    try {
      const http = await connectHttp(server.url);
      const answer = await http.call('get_active_livestreams');
      expect(text(answer)).toMatch(/^Demo data:/);
      await http.close();
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('on SIGTERM lets a call in flight finish, refuses new ones, and exits 0', async () => {
    const server = await startHttpServer({
      CLOUDFLARE_BASE_URL: api.baseUrl,
      REALTIMEKIT_APP_ID: APP,
      REALTIMEKIT_MCP_TIMEOUT_SECONDS: '2',
    });
    const inFlight = post(
      server.url,
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'tools/call',
        params: { name: 'list_meetings', arguments: { app_id: FAULTY_APPS.hang } },
      },
      callerHeaders,
    );
    await eventually(() => api.hanging() === 1);
    const exit = server.stop();
    await eventually(() => server.stderr().includes('stopping'));
    // A new request is refused: the listener is closed, or a kept-alive connection gets 503.
    const late = await post(server.url, { jsonrpc: '2.0', id: 2, method: 'ping' }, callerHeaders).then(
      (response) => response.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    const answer = await (await inFlight).text();
    expect(answer).toContain('Timed out after 2 s');
    expect(await exit).toBe(0);
  });
});

/** A POST with headers fetch would not let us set (Host), straight over node:http; resolves the status. */
function rawPost(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers },
    });
    request.on('response', (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end('{"jsonrpc":"2.0","id":1,"method":"ping"}');
  });
}
