// The front door with a sign-in in front of it (src/hosts/http.ts's SignIn: on the Worker, src/sign-in/): what it
// routes there, what its metadata names, and how a bearer it issued, one it no longer honours, and every other
// bearer are served. The sign-in here is a stand-in with fixed grants; the API is msw.
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, BASE_URL, PLANTED } from '../../fixtures/api.js';
import { createHttpHandler, type GrantedCaller, type HttpHandler, type SignIn } from '../../src/hosts/http.js';
import type { Logger } from '../../src/lib/log.js';
import { recordMeetingsRequests, useMsw } from '../support/msw.js';

const msw = useMsw();
const ORIGIN = 'https://rtk.example.workers.dev';
const GRANTED = `token-id:${'g'.repeat(16)}:${'s'.repeat(32)}`;
const REVOKED = `token-id:${'r'.repeat(16)}:${'s'.repeat(32)}`;
const PERSONS_TOKEN = 'PERSONS-CLOUDFLARE-TOKEN-0123456789abcdef';
const KEY = 'k'.repeat(40);
const lines: string[] = [];
const logger: Logger = { log: (level, message) => lines.push(`${level}: ${message}`) };
const asked: Array<{ bearer: string; resource: string }> = [];

const signIn: SignIn = {
  paths: new Set(['/authorize', '/oauth/token']),
  issuer: (origin) => origin,
  fetch: async (request, origin) => new Response(`sign-in at ${origin} for ${new URL(request.url).pathname}`),
  async grant(bearer, resource): Promise<GrantedCaller | null> {
    asked.push({ bearer, resource });
    return bearer === GRANTED ? { apiToken: PERSONS_TOKEN, accountId: ACCOUNT_ID, appId: 'app_granted' } : null;
  },
};

let handler: HttpHandler | undefined;
afterEach(async () => {
  await handler?.close();
  handler = undefined;
  lines.length = 0;
  asked.length = 0;
});

async function start(env: Record<string, string> = {}): Promise<HttpHandler> {
  handler = await createHttpHandler({
    env: { CLOUDFLARE_BASE_URL: BASE_URL, ...env },
    logger,
    routed: true,
    signIn: () => signIn,
  });
  return handler;
}

function call(bearer?: string, headers: Record<string, string> = {}): Request {
  return new Request(`${ORIGIN}/mcp`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'Mcp-Protocol-Version': '2025-11-25',
      ...(bearer && { Authorization: `Bearer ${bearer}` }),
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'list_meetings', arguments: {} },
    }),
  });
}

async function text(response: Response): Promise<string> {
  const body = await response.text();
  return body.startsWith('{') ? body : (/^data: (.*)$/m.exec(body)?.[1] ?? body);
}

describe('a front door with a sign-in', () => {
  it('routes the sign-in its paths, for this server, and logs them', async () => {
    const door = await start();
    const response = await door.fetch(new Request(`${ORIGIN}/authorize?client_id=x`));
    expect(await response.text()).toBe(`sign-in at ${ORIGIN} for /authorize`);
    expect(lines.join('\n')).toMatch(/http time=\S+ method=GET path=\/authorize status=200/);
  });

  it('names the sign-in as its authorization server, and a client without a credential is told to sign in', async () => {
    const door = await start();
    const metadata = await (await door.fetch(new Request(`${ORIGIN}/.well-known/oauth-protected-resource/mcp`))).json();
    expect(metadata).toMatchObject({ resource: `${ORIGIN}/mcp`, authorization_servers: [ORIGIN] });
    const refused = await door.fetch(call());
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${ORIGIN}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(await refused.text()).toContain(
      'Unauthorized: sign in (your MCP client starts it from this challenge), or send your Cloudflare API token',
    );
  });

  it("serves a bearer it issued with the grant's token, account and app, and logs auth=sign-in", async () => {
    const seen = recordMeetingsRequests(msw);
    const door = await start();
    const response = await door.fetch(call(GRANTED));
    expect(response.status).toBe(200);
    expect(await text(response)).not.toContain('"isError":true');
    expect(asked).toEqual([{ bearer: GRANTED, resource: `${ORIGIN}/mcp` }]);
    expect(seen).toEqual([{ authorization: `Bearer ${PERSONS_TOKEN}`, app: 'app_granted' }]);
    expect(lines.join('\n')).toMatch(/path=\/mcp status=200 auth=sign-in rpc=tools\/call tool=list_meetings result=ok/);
    expect(lines.join('\n')).not.toContain(PERSONS_TOKEN);
  });

  it('refuses a bearer it issued and no longer honours with invalid_token, before the API', async () => {
    const seen = recordMeetingsRequests(msw);
    const door = await start();
    const response = await door.fetch(call(REVOKED, { 'cf-account-id': ACCOUNT_ID }));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(await response.text()).toContain('this token has expired or was revoked');
    expect(seen).toEqual([]);
  });

  it('never sends a bearer in the shape of its tokens on to Cloudflare as the caller’s own', async () => {
    const seen = recordMeetingsRequests(msw);
    const door = await start();
    const unknown = `someone:${'u'.repeat(16)}:${'s'.repeat(32)}`;
    expect((await door.fetch(call(unknown, { 'cf-account-id': ACCOUNT_ID }))).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it('serves every other bearer as before: a Cloudflare token, without asking the sign-in', async () => {
    const seen = recordMeetingsRequests(msw);
    const door = await start();
    const response = await door.fetch(
      call(PLANTED.token, { 'cf-account-id': ACCOUNT_ID, 'X-RealtimeKit-App-Id': 'app_header' }),
    );
    expect(response.status).toBe(200);
    expect(asked).toEqual([]);
    expect(seen).toEqual([{ authorization: `Bearer ${PLANTED.token}`, app: 'app_header' }]);
  });

  it('with access keys, still lets a key in that happens to have the shape of its tokens', async () => {
    const seen = recordMeetingsRequests(msw);
    const shaped = `key:${'k'.repeat(16)}:${'k'.repeat(32)}`;
    const door = await start({
      REALTIMEKIT_MCP_ACCESS_KEYS: `${KEY},${shaped}`,
      CLOUDFLARE_API_TOKEN: PLANTED.token,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
      REALTIMEKIT_APP_ID: 'app_server',
    });
    expect((await door.fetch(call(shaped))).status).toBe(200);
    expect((await door.fetch(call(GRANTED))).status).toBe(200);
    expect(seen).toEqual([
      { authorization: `Bearer ${PLANTED.token}`, app: 'app_server' },
      { authorization: `Bearer ${PERSONS_TOKEN}`, app: 'app_granted' },
    ]);
  });
});
