// The HTTP front door in process (src/hosts/http.ts): who may call and with whose token, what is refused before
// any server is built or any API request made, and how the request's headers configure a call. The API is
// msw; an unexpected request fails the test.
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, BASE_URL, PLANTED } from '../../fixtures/api.js';
import { httpSettings, logLevelOf } from '../../src/config/hosts.js';
import { createHttpHandler, type HttpHandler, MAX_BODY_BYTES } from '../../src/hosts/http.js';
import { createStderrLogger, type Logger } from '../../src/lib/log.js';
import { APP_URL, recordMeetingsRequests, useMsw } from '../support/msw.js';

const msw = useMsw();
const URL_MCP = 'http://127.0.0.1:8787/mcp';
const KEY = 'k'.repeat(40);
const lines: string[] = [];
const logger: Logger = { log: (level, message) => lines.push(`${level}: ${message}`) };

let handler: HttpHandler | undefined;
afterEach(async () => {
  await handler?.close();
  handler = undefined;
  lines.length = 0;
});

async function start(env: Record<string, string>, loopback = true): Promise<HttpHandler> {
  handler = await createHttpHandler({ env: { CLOUDFLARE_BASE_URL: BASE_URL, ...env }, logger, loopback });
  return handler;
}

function rpc(body: unknown, headers: Record<string, string> = {}, method = 'POST'): Request {
  return new Request(URL_MCP, {
    method,
    headers: {
      Host: '127.0.0.1:8787',
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'Mcp-Protocol-Version': '2025-11-25',
      ...headers,
    },
    ...(method === 'POST' && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

const listMeetings = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_meetings', arguments: {} } };

/** The JSON-RPC answer in a response, SSE or JSON. */
async function answer(response: Response): Promise<{
  result?: { content: Array<{ text: string }>; isError?: boolean };
  error?: { code: number; message: string };
}> {
  const body = await response.text();
  const data = body.startsWith('{') ? body : /^data: (.*)$/m.exec(body)?.[1];
  return JSON.parse(data ?? 'null');
}

describe('settings', () => {
  it('reads the mode from the variables, and refuses what cannot work', () => {
    expect(httpSettings({}).mode).toBe('caller-token');
    expect(httpSettings({}, { demo: true }).mode).toBe('demo');
    expect(httpSettings({ REALTIMEKIT_MCP_ACCESS_KEYS: `${KEY}, ${KEY}2`, CLOUDFLARE_API_TOKEN: 't' })).toMatchObject({
      mode: 'access-key',
      accessKeys: [KEY, `${KEY}2`],
      fatal: [],
    });
    expect(httpSettings({ REALTIMEKIT_MCP_ACCESS_KEYS: KEY }).fatal.join(' ')).toContain(
      'CLOUDFLARE_API_TOKEN is not set',
    );
    expect(httpSettings({ REALTIMEKIT_MCP_ACCESS_KEYS: 'short', CLOUDFLARE_API_TOKEN: 't' }).fatal.join(' ')).toContain(
      'at least 32',
    );
    expect(httpSettings({ REALTIMEKIT_MCP_ALLOWED_ORIGINS: 'https://a.example/path, not a url' })).toMatchObject({
      allowedOrigins: ['https://a.example'],
      fatal: [expect.stringContaining('not an origin')],
    });
    expect(httpSettings({ CLOUDFLARE_API_TOKEN: 't' }).warnings.join(' ')).toContain('not used');
  });

  it('answers 500 before the API when the settings cannot work (a Worker cannot refuse to start)', async () => {
    const h = await start({ REALTIMEKIT_MCP_ACCESS_KEYS: KEY });
    expect(h.settings.fatal.join(' ')).toContain('CLOUDFLARE_API_TOKEN is not set');
    const response = await h.fetch(rpc(listMeetings, { Authorization: `Bearer ${KEY}` }));
    expect(response.status).toBe(500);
    // The reason is for the operator's log, not for whoever calls.
    expect((await answer(response)).error?.message).toBe(
      "This server is misconfigured and serves no calls; its operator's log says why.",
    );
  });
});

describe('caller-token mode', () => {
  it("calls the API with the caller's bearer, and the account and app from the request's headers", async () => {
    const seen = recordMeetingsRequests(msw);
    const h = await start({});
    for (const accountHeader of ['cf-account-id', 'X-Cloudflare-Account-Id']) {
      const response = await h.fetch(
        rpc(listMeetings, {
          Authorization: `Bearer ${PLANTED.token}`,
          [accountHeader]: ACCOUNT_ID,
          'X-RealtimeKit-App-Id': 'app_from_header',
        }),
      );
      expect(response.status).toBe(200);
      expect((await answer(response)).result?.isError).toBeFalsy();
    }
    expect(seen).toEqual([
      { authorization: `Bearer ${PLANTED.token}`, app: 'app_from_header' },
      { authorization: `Bearer ${PLANTED.token}`, app: 'app_from_header' },
    ]);
  });

  it("ignores a problem with the server's own token, which this mode does not use", async () => {
    const seen = recordMeetingsRequests(msw);
    const h = await start({ CLOUDFLARE_API_TOKEN: 'has a space' });
    const response = await h.fetch(
      rpc(listMeetings, {
        Authorization: `Bearer ${PLANTED.token}`,
        'cf-account-id': ACCOUNT_ID,
        'X-RealtimeKit-App-Id': 'app_x',
      }),
    );
    expect((await answer(response)).result?.isError).toBeFalsy();
    expect(seen).toEqual([{ authorization: `Bearer ${PLANTED.token}`, app: 'app_x' }]);
  });

  it("prefers the server's account and app to the request's", async () => {
    const seen = recordMeetingsRequests(msw);
    const h = await start({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID, REALTIMEKIT_APP_ID: 'app_server' });
    await h.fetch(
      rpc(listMeetings, {
        Authorization: `Bearer ${PLANTED.token}`,
        'cf-account-id': 'other_account',
        'X-RealtimeKit-App-Id': 'app_header',
      }),
    );
    expect(seen).toEqual([{ authorization: `Bearer ${PLANTED.token}`, app: 'app_server' }]);
  });

  it('says which header is wrong, as a tool error, without an API request', async () => {
    const h = await start({});
    const bad = await answer(
      await h.fetch(
        rpc(listMeetings, {
          Authorization: `Bearer ${PLANTED.token}`,
          'cf-account-id': '../x',
          'X-RealtimeKit-App-Id': 'a/b',
        }),
      ),
    );
    expect(bad.result?.isError).toBe(true);
    expect(bad.result?.content[0]?.text).toBe(
      'The cf-account-id header is not an account id (expected up to 32 letters, digits, "_" or "-", like the 32-character id in the Cloudflare dashboard). The X-RealtimeKit-App-Id header is not an app id (expected up to 32 letters, digits, "_" or "-"): fix it or pass the app_id argument.',
    );
  });

  it.each([
    ['no Authorization', {}],
    ['an empty bearer', { Authorization: 'Bearer ' }],
    ['another scheme', { Authorization: `Basic ${PLANTED.token}` }],
    ['a token with a space', { Authorization: 'Bearer two words' }],
  ])('refuses %s with 401 and a challenge', async (_, headers) => {
    const h = await start({});
    const response = await h.fetch(rpc(listMeetings, headers));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      'Bearer resource_metadata="http://127.0.0.1:8787/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('publishes its protected-resource metadata (RFC 9728)', async () => {
    const h = await start({});
    const response = await h.fetch(new Request('http://127.0.0.1:8787/.well-known/oauth-protected-resource/mcp'));
    expect(await response.json()).toEqual({
      resource: 'http://127.0.0.1:8787/mcp',
      bearer_methods_supported: ['header'],
      resource_name: 'realtimekit-mcp',
      resource_documentation: 'https://github.com/realtimekit-mcp/realtimekit-mcp#remote',
    });
  });
});

describe('access-key mode', () => {
  it("accepts any of the keys, calls with the server's token, and refuses the rest with invalid_token", async () => {
    const seen = recordMeetingsRequests(msw);
    const h = await start({
      REALTIMEKIT_MCP_ACCESS_KEYS: `${KEY},${KEY}2`,
      CLOUDFLARE_API_TOKEN: PLANTED.token,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
      REALTIMEKIT_APP_ID: 'app_server',
    });
    for (const key of [KEY, `${KEY}2`]) {
      expect((await h.fetch(rpc(listMeetings, { Authorization: `bearer ${key}` }))).status).toBe(200);
    }
    for (const wrong of [`${KEY}3`, KEY.slice(1), PLANTED.token]) {
      const response = await h.fetch(rpc(listMeetings, { Authorization: `Bearer ${wrong}` }));
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    }
    expect(seen.map((request) => request.authorization)).toEqual([
      `Bearer ${PLANTED.token}`,
      `Bearer ${PLANTED.token}`,
    ]);
  });
});

describe('refused before any server is built', () => {
  it.each([
    ['not JSON', 'not json', -32700],
    ['JSON that is not a message', 'null', -32600],
    ['a message without a method', '{"jsonrpc":"2.0","id":1}', -32600],
    ['an empty batch', '[]', -32600],
  ])('answers %s with 400 and a JSON-RPC error', async (_, body, code) => {
    const h = await start({});
    const response = await h.fetch(rpc(body, { Authorization: `Bearer ${PLANTED.token}` }));
    expect(response.status).toBe(400);
    expect((await answer(response)).error).toMatchObject({ code });
  });

  it('refuses a body over the limit, declared or streamed', async () => {
    const h = await start({});
    const big = JSON.stringify({ ...listMeetings, pad: 'x'.repeat(MAX_BODY_BYTES) });
    expect((await h.fetch(rpc(big, { Authorization: `Bearer ${PLANTED.token}` }))).status).toBe(413);
    const bytes = new TextEncoder().encode(big);
    const streamed = new Request(URL_MCP, {
      method: 'POST',
      headers: { Host: '127.0.0.1:8787', 'Content-Type': 'application/json', Authorization: `Bearer ${PLANTED.token}` },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 65536) controller.enqueue(bytes.subarray(i, i + 65536));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect((await h.fetch(streamed)).status).toBe(413);
  });

  it('answers 405 to anything but POST on /mcp, 404 elsewhere, and 200 on /healthz', async () => {
    const h = await start({});
    for (const method of ['GET', 'DELETE', 'PUT']) expect((await h.fetch(rpc(null, {}, method))).status).toBe(405);
    expect(await h.fetch(new Request('http://127.0.0.1:8787/')).then((r) => r.status)).toBe(404);
    expect((await h.fetch(new Request('http://127.0.0.1:8787/healthz'))).status).toBe(200);
  });

  it('on a loopback listener, refuses a foreign Host and a foreign Origin, and lets loopback origins read the answer', async () => {
    const h = await start({});
    expect((await h.fetch(rpc(listMeetings, { Host: 'attacker.example' }))).status).toBe(403);
    expect((await h.fetch(rpc(listMeetings, { Origin: 'https://attacker.example' }))).status).toBe(403);
    const local = await h.fetch(
      rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, { Origin: 'http://localhost:3000', Authorization: 'Bearer t' }),
    );
    expect(local.status).toBe(200);
    expect(local.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
  });

  it('beyond loopback, lets only the allowed origins in, with a CORS preflight for them', async () => {
    const h = await start({ REALTIMEKIT_MCP_ALLOWED_ORIGINS: 'https://app.example' }, false);
    expect((await h.fetch(rpc(listMeetings, { Host: 'mcp.example', Origin: 'http://localhost:3000' }))).status).toBe(
      403,
    );
    const preflight = await h.fetch(
      new Request('https://mcp.example/mcp', {
        method: 'OPTIONS',
        headers: { Origin: 'https://app.example', 'Access-Control-Request-Headers': 'authorization, cf-account-id' },
      }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization, cf-account-id');
    // No browser origin (a non-browser client): no Host check beyond loopback.
    expect(
      (
        await h.fetch(
          rpc({ jsonrpc: '2.0', id: 1, method: 'ping' }, { Host: 'mcp.example', Authorization: 'Bearer t' }),
        )
      ).status,
    ).toBe(200);
  });
});

it('never writes a caller token to the log, in any case', async () => {
  msw.use(
    http.get(`${APP_URL}/meetings`, () =>
      HttpResponse.json(
        { success: false, errors: [{ code: 10000, message: `Bearer ${PLANTED.token.toLowerCase()} is bad` }] },
        { status: 503 },
      ),
    ),
  );
  const h = await start({ REALTIMEKIT_MCP_TIMEOUT_SECONDS: '1' });
  const response = await h.fetch(
    rpc(listMeetings, {
      Authorization: `Bearer ${PLANTED.token}`,
      'cf-account-id': ACCOUNT_ID,
      'X-RealtimeKit-App-Id': 'app_x',
    }),
  );
  const text = JSON.stringify(await answer(response));
  expect(lines.length).toBeGreaterThan(0);
  for (const output of [text, lines.join('\n')])
    expect(output.toLowerCase()).not.toContain(PLANTED.token.toLowerCase());
});

describe('the Host, for every path, and the metadata', () => {
  const foreign = (path: string) => new Request(`http://127.0.0.1:8787${path}`, { headers: { Host: 'evil.example' } });

  it('on a loopback listener, refuses a foreign Host before /healthz and the metadata too', async () => {
    const h = await start({});
    for (const path of ['/healthz', '/.well-known/oauth-protected-resource/mcp', '/mcp', '/nowhere']) {
      const response = await h.fetch(foreign(path));
      expect(response.status, path).toBe(403);
      expect(await response.text()).not.toContain('evil.example');
    }
  });

  it('beyond loopback, names itself only from REALTIMEKIT_MCP_PUBLIC_URL, never from the Host it was sent', async () => {
    const bare = await start({}, false);
    const metadata = await bare.fetch(foreign('/.well-known/oauth-protected-resource/mcp'));
    expect(metadata.status).toBe(404);
    expect(await metadata.text()).not.toContain('evil.example');
    const refused = await bare.fetch(rpc({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { Host: 'evil.example' }));
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="realtimekit-mcp"');
    expect(bare.settings.warnings.join('\n')).toContain('REALTIMEKIT_MCP_PUBLIC_URL is not set');
    await bare.close();

    const named = await start({ REALTIMEKIT_MCP_PUBLIC_URL: 'https://mcp.example.com/mcp' }, false);
    expect(await (await named.fetch(foreign('/.well-known/oauth-protected-resource'))).json()).toMatchObject({
      resource: 'https://mcp.example.com/mcp',
    });
    const challenge = (await named.fetch(rpc({}, { Host: 'evil.example' }))).headers.get('www-authenticate');
    expect(challenge).toBe(
      'Bearer resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('on a loopback listener behind a proxy, answers to the public URL’s host as well', async () => {
    const h = await start({ REALTIMEKIT_MCP_PUBLIC_URL: 'https://mcp.example.com' });
    const request = new Request('http://127.0.0.1:8787/healthz', { headers: { Host: 'mcp.example.com' } });
    expect((await h.fetch(request)).status).toBe(200);
  });

  it('on a routed host (a Worker), names itself from the URL the platform routed', async () => {
    handler = await createHttpHandler({ env: {}, logger, routed: true });
    const request = new Request('https://rtk.example.workers.dev/.well-known/oauth-protected-resource/mcp');
    expect(await (await handler.fetch(request)).json()).toMatchObject({
      resource: 'https://rtk.example.workers.dev/mcp',
    });
  });

  it.each([
    'http://mcp.example.com',
    'https://mcp.example.com/other',
    'https://user:pw@mcp.example.com',
    'https://mcp.example.com/?a=1',
    'not a url',
  ])('refuses to start with REALTIMEKIT_MCP_PUBLIC_URL=%s', (value) => {
    expect(httpSettings({ REALTIMEKIT_MCP_PUBLIC_URL: value }).fatal.join(' ')).toContain(
      'REALTIMEKIT_MCP_PUBLIC_URL must be the https URL clients reach this server at',
    );
  });
});

describe('what a caller over HTTP is told', () => {
  /** Everything of the operator's a caller must not learn: its base URL, pinned account, variables and files. */
  const OPERATORS = [
    /api\.realtime\.test|127\.0\.0\.1:9/,
    new RegExp(ACCOUNT_ID),
    /CLOUDFLARE_|REALTIMEKIT_/,
    /\/work\/|\/srv\//,
  ];

  it('names neither the base URL nor the pinned account when the API cannot be reached or rejects the bearer', async () => {
    const unreachable = 'http://127.0.0.1:9/client/v4';
    const h = await start({
      CLOUDFLARE_BASE_URL: unreachable,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
      REALTIMEKIT_APP_ID: 'app_1',
    });
    const far = await answer(await h.fetch(rpc(listMeetings, { Authorization: 'Bearer junk-bearer-0123456789' })));
    expect(far.result?.content[0]?.text).toMatch(
      /^This server could not reach the RealtimeKit API while listing meetings \(/,
    );
    await h.close();

    msw.use(
      http.get(`${APP_URL}/meetings`, () =>
        HttpResponse.json(
          { success: false, errors: [{ code: 10000, message: 'Authentication error' }] },
          { status: 403 },
        ),
      ),
    );
    const pinned = await start({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID, REALTIMEKIT_APP_ID: 'app_1' });
    const rejected = await answer(
      await pinned.fetch(rpc(listMeetings, { Authorization: 'Bearer junk-bearer-0123456789' })),
    );
    const words = rejected.result?.content[0]?.text ?? '';
    expect(words).toBe(
      "The Cloudflare API rejected your bearer token (HTTP 403, code 10000: Authentication error) while listing meetings. Check that it is a valid Cloudflare API token with the Realtime or Realtime Admin permission, and that it can read this server's account.",
    );
    for (const text of [far.result?.content[0]?.text ?? '', words])
      for (const leak of OPERATORS) expect(text).not.toMatch(leak);
  });

  it("says only that the server's own settings are at fault, and the operator's log says which", async () => {
    const h = await start({ REALTIMEKIT_MCP_TIMEOUT_SECONDS: 'soon', CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID });
    expect(h.settings.warnings.join('\n')).toContain('REALTIMEKIT_MCP_TIMEOUT_SECONDS must be a number of seconds');
    const refused = await answer(
      await h.fetch(
        rpc(listMeetings, { Authorization: 'Bearer caller-token-0123456789', 'X-RealtimeKit-App-Id': 'app 1' }),
      ),
    );
    const words = refused.result?.content[0]?.text ?? '';
    expect(words).toBe(
      'The X-RealtimeKit-App-Id header is not an app id (expected up to 32 letters, digits, "_" or "-"): fix it or pass the app_id argument. This server\'s own settings are incomplete for this call. This is for the server\'s operator to fix; its log says more.',
    );
  });

  it('takes the app from the header with an access key too, and asks a caller for no account it cannot send', async () => {
    const seen = recordMeetingsRequests(msw);
    const h = await start({
      REALTIMEKIT_MCP_ACCESS_KEYS: KEY,
      CLOUDFLARE_API_TOKEN: PLANTED.token,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
    });
    const ok = await answer(
      await h.fetch(rpc(listMeetings, { Authorization: `Bearer ${KEY}`, 'X-RealtimeKit-App-Id': 'app_9' })),
    );
    expect(ok.result?.isError).toBeFalsy();
    expect(seen.map((request) => request.app)).toEqual(['app_9']);
    await h.close();

    const noAccount = await start({ REALTIMEKIT_MCP_ACCESS_KEYS: KEY, CLOUDFLARE_API_TOKEN: PLANTED.token });
    expect(noAccount.settings.warnings).toContain(
      'CLOUDFLARE_ACCOUNT_ID is not set, so calls with an access key fail until it is.',
    );
    const refused = await answer(await noAccount.fetch(rpc(listMeetings, { Authorization: `Bearer ${KEY}` })));
    expect(refused.result?.content[0]?.text).toBe(
      "Not configured: send the app_id argument (or the X-RealtimeKit-App-Id header). This server's own settings are incomplete for this call. This is for the server's operator to fix; its log says more.",
    );
  });
});

describe('the access log', () => {
  const accessLines = () => lines.filter((line) => / http time=/.test(line));

  it('writes one line per request: method, path, status, auth, JSON-RPC method, tool, result, time, API requests', async () => {
    recordMeetingsRequests(msw);
    const h = await start({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID, REALTIMEKIT_APP_ID: 'app_1' });
    await (await h.fetch(rpc(listMeetings, { Authorization: `Bearer ${PLANTED.token}` }))).text();
    await (await h.fetch(rpc(listMeetings))).text();
    await (
      await h.fetch(new Request('http://127.0.0.1:8787/healthz?access_token=abc', { headers: { Host: 'localhost' } }))
    ).text();
    const [call, refused, health] = accessLines();
    expect(accessLines()).toHaveLength(3);
    expect(call).toMatch(
      /^info: http time=\d{4}-\d\d-\d\dT[\d:.]+Z method=POST path=\/mcp status=200 auth=caller-token rpc=tools\/call tool=list_meetings result=ok ms=\d+ api_requests=1$/,
    );
    expect(refused).toMatch(/^info: http time=\S+ method=POST path=\/mcp status=401 auth=none ms=\d+ api_requests=0$/);
    expect(health).toMatch(
      /^info: http time=\S+ method=GET path=\/healthz status=200 auth=none ms=\d+ api_requests=0$/,
    );
  });

  it('holds no token, key, query, header or argument value, and names no path or tool it does not serve', async () => {
    recordMeetingsRequests(msw);
    const h = await start({
      REALTIMEKIT_MCP_ACCESS_KEYS: KEY,
      CLOUDFLARE_API_TOKEN: PLANTED.token,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
    });
    const secretArgs = {
      jsonrpc: '2.0',
      id: 2,
      method: 'tools/call',
      params: { name: 'list_meetings', arguments: { search: 'ARGVALUE-7', app_id: 'app_1' } },
    };
    await (
      await h.fetch(rpc(secretArgs, { Authorization: `Bearer ${KEY}`, 'X-RealtimeKit-App-Id': 'HDRVALUE' }))
    ).text();
    const unknownTool = {
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'TOOLNAME-9\nforged=1', arguments: {} },
    };
    await (await h.fetch(rpc(unknownTool, { Authorization: `Bearer ${KEY}` }))).text();
    await (await h.fetch(rpc(listMeetings, { Authorization: 'Bearer WRONGKEY-0123456789' }))).text();
    await (
      await h.fetch(new Request(`http://127.0.0.1:8787/mcp/${KEY}?key=${KEY}`, { headers: { Host: 'localhost' } }))
    ).text();
    const log = accessLines().join('\n');
    expect(accessLines()).toHaveLength(4);
    for (const secret of [KEY, PLANTED.token, 'ARGVALUE', 'HDRVALUE', 'TOOLNAME', 'forged', 'WRONGKEY', '?']) {
      expect(log).not.toContain(secret);
    }
    expect(log).toContain('auth=access-key rpc=tools/call tool=list_meetings result=ok');
    expect(log).toContain('rpc=tools/call tool=(unknown)');
    expect(log).toContain('path=(other) status=404');
    expect(log).toContain('status=401 auth=none');
  });

  it('logs a tool that failed as result=error, and the API requests it made, retries included', async () => {
    msw.use(http.get(`${APP_URL}/meetings`, () => HttpResponse.json({ success: false }, { status: 503 })));
    const h = await start({
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
      REALTIMEKIT_APP_ID: 'app_1',
      REALTIMEKIT_MCP_TIMEOUT_SECONDS: '30',
    });
    const failed = await answer(await h.fetch(rpc(listMeetings, { Authorization: `Bearer ${PLANTED.token}` })));
    expect(failed.result?.isError).toBe(true);
    expect(accessLines()[0]).toMatch(/tool=list_meetings result=error ms=\d+ api_requests=[2-9]$/);
  });
});

it('at REALTIMEKIT_MCP_LOG_LEVEL=warning writes no access line, but a 5xx still shows', async () => {
  const written: string[] = [];
  const { level } = logLevelOf({ REALTIMEKIT_MCP_LOG_LEVEL: 'warning' });
  handler = await createHttpHandler({
    env: { REALTIMEKIT_MCP_ALLOWED_ORIGINS: 'not an origin' },
    logger: createStderrLogger(level, (line) => written.push(line)),
    loopback: true,
  });
  await (await handler.fetch(new Request('http://127.0.0.1:8787/healthz'))).text();
  expect(written).toEqual([]);
  const refused = await handler.fetch(rpc(listMeetings));
  expect(refused.status).toBe(500);
  await refused.text(); // the line is written once the answer is
  expect(written).toEqual([
    expect.stringMatching(/^realtimekit-mcp warning: http time=\S+ method=POST path=\/mcp status=500 /),
  ]);
});

it('reads its variables as the stdio server does: an unexpanded placeholder is unset, so access keys without a token refuse to start', () => {
  const settings = httpSettings({
    REALTIMEKIT_MCP_ACCESS_KEYS: KEY,
    CLOUDFLARE_API_TOKEN: '${CLOUDFLARE_API_TOKEN}',
    REALTIMEKIT_MCP_ALLOWED_ORIGINS: '${REALTIMEKIT_MCP_ALLOWED_ORIGINS}',
  });
  expect(settings.fatal.join(' ')).toContain('CLOUDFLARE_API_TOKEN is not set');
  expect(settings.allowedOrigins).toEqual([]);
  expect(httpSettings({ CLOUDFLARE_API_TOKEN: '${CLOUDFLARE_API_TOKEN}' }).warnings).toEqual([]);
});
