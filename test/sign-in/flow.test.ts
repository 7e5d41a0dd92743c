// The Worker's sign-in in process: the front door and the provider as the Worker builds them, on KV in memory,
// with msw as Cloudflare's API and as a client's own site. It runs in `npm test`, and reaches what `wrangler dev`
// offline cannot: a client identified by a Client ID Metadata Document (ChatGPT's way, and claude.ai's when a
// server offers it), fetched from the client's https URL. test/worker/sign-in.test.ts runs the same under workerd.
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, BASE_URL, meeting, meetingsPage, PLANTED } from '../../fixtures/api.js';
import { createHttpHandler, type HttpHandler } from '../../src/hosts/http.js';
import type { Logger } from '../../src/lib/log.js';
import { createSignIn } from '../../src/sign-in/sign-in.js';
import { MemoryKv } from '../support/memory-kv.js';
import { serveApps, useMsw } from '../support/msw.js';
import {
  appOptions,
  authorizeUrl,
  Browser,
  exchangeCode,
  hiddenFields,
  mcpPost,
  pkce,
  signInWithToken,
  submitToken,
  tokenRequest,
  toolCall,
} from '../support/sign-in.js';

const msw = useMsw();
const ORIGIN = 'https://rtk.example.workers.dev';
const CLIENT_ID = 'https://agent.example.com/oauth/client.json';
const REDIRECT = 'https://agent.example.com/oauth/callback';
const lines: string[] = [];
const logger: Logger = { log: (level, message) => lines.push(`${level}: ${message}`) };

let kv: MemoryKv;
let handler: HttpHandler;
/** The Worker, reached as a client reaches it. */
const worker: typeof globalThis.fetch = (input, init) => handler.fetch(new Request(input, init));

// What workerd gives the provider and Node does not: the compatibility flag that lets it fetch client documents.
const runtime = globalThis as { Cloudflare?: unknown };
beforeAll(() => {
  runtime.Cloudflare = { compatibilityFlags: { global_fetch_strictly_public: true } };
});
afterAll(() => {
  delete runtime.Cloudflare;
});

beforeEach(async () => {
  kv = new MemoryKv();
  handler = await createHttpHandler({
    env: { CLOUDFLARE_BASE_URL: BASE_URL },
    logger,
    routed: true,
    signIn: ({ baseUrl }) => createSignIn({ env: { OAUTH_KV: kv }, baseUrl, logger, sample: false }),
  });
  serveApps(msw, { app_live: { name: 'Live events', meetings: [meeting(1, { status: 'ACTIVE' })] } });
});
afterEach(async () => {
  await handler.close();
  lines.length = 0;
});

/** The client's own site, serving its metadata document. */
function clientDocument(document: Record<string, unknown>): void {
  msw.use(http.get(CLIENT_ID, () => HttpResponse.json(document, { headers: { 'Cache-Control': 'max-age=60' } })));
}

const DOCUMENT = {
  client_id: CLIENT_ID,
  client_name: 'Example Agent',
  client_uri: 'https://agent.example.com',
  redirect_uris: [REDIRECT],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
};

/** The CIMD client's authorization request (its document served), and its PKCE verifier. */
function authorization(state = 's') {
  clientDocument(DOCUMENT);
  const verifier = pkce();
  const authorize = authorizeUrl(ORIGIN, {
    clientId: CLIENT_ID,
    redirectUri: REDIRECT,
    challenge: verifier.challenge,
    state,
  });
  return { authorize, verifier: verifier.verifier };
}

/** The code in a redirect back to the client, exchanged for its tokens. */
async function tokensFrom(location: string, verifier: string) {
  const code = new URL(location).searchParams.get('code') ?? '';
  return exchangeCode(ORIGIN, { code, redirectUri: REDIRECT, clientId: CLIENT_ID, verifier }, worker);
}

/** A person signed in with the Realtime token (choosing `app`, or the first offered): the client's tokens. */
async function signedIn(app?: string) {
  const { authorize, verifier } = authorization();
  const { location } = await signInWithToken(authorize, PLANTED.token, app, worker);
  return (await tokensFrom(location, verifier)).body;
}

describe('a client identified by its metadata document (CIMD)', () => {
  it('is named from its verified domain, signs a person in, and its token answers the tools', async () => {
    const { authorize, verifier } = authorization('cimd');
    const browser = new Browser(worker);
    const first = await browser.page(await browser.get(authorize));
    expect(first).toContain('<strong>Example Agent</strong>, published by <strong>agent.example.com</strong>,');
    expect(first).toContain('you will be sent back to <strong>agent.example.com</strong>.');
    expect(first).not.toContain('on your computer');

    const { location } = await signInWithToken(authorize, PLANTED.token, `${ACCOUNT_ID}/app_live`, worker);
    const back = new URL(location);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('iss')).toBe(ORIGIN);
    const issued = await tokensFrom(location, verifier);
    expect(issued.status).toBe(200);
    // 12 hours: a refresh writes to KV twice, so a day's refreshes of a client cost 4 of Workers Free's 1,000.
    expect(issued.body).toMatchObject({ token_type: 'bearer', expires_in: 43200, resource: `${ORIGIN}/mcp` });

    const called = await mcpPost(`${ORIGIN}/mcp`, issued.body.access_token ?? '', toolCall('list_meetings'), worker);
    const answer = await called.text();
    expect(called.status).toBe(200);
    expect(answer).toContain('app_live');
    expect(answer).not.toContain('"isError":true');
  });

  it('is refused, on the page, when its document does not name the redirect it asks for', async () => {
    const { authorize } = authorization();
    clientDocument({ ...DOCUMENT, redirect_uris: ['https://agent.example.com/elsewhere'] });
    const response = await new Browser(worker).get(authorize);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('This sign-in cannot go on');
  });

  it('is refused, on the page, when its document cannot be fetched', async () => {
    const { authorize } = authorization();
    msw.use(http.get(CLIENT_ID, () => new HttpResponse('gone', { status: 404 })));
    const response = await new Browser(worker).get(authorize);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
  });
});

describe('the provider on KV', () => {
  it("keeps the person's token out of every stored key and value, and the grant's user is the token's id", async () => {
    await signedIn();
    const stored = [...kv.entries].map(
      ([key, entry]) => `${key} ${entry.value} ${JSON.stringify(entry.metadata ?? null)}`,
    );
    expect(stored.some((entry) => entry.startsWith('grant:'))).toBe(true);
    expect(stored.some((entry) => entry.startsWith('token:'))).toBe(true);
    for (const entry of stored) {
      expect(entry).not.toContain(PLANTED.token);
      expect(entry).not.toContain(Buffer.from(PLANTED.token).toString('base64'));
    }
    expect(lines.join('\n')).not.toContain(PLANTED.token);
  });

  it('offers the apps of the account the token sees, first one chosen', async () => {
    const { authorize } = authorization();
    const browser = new Browser(worker);
    const first = await browser.page(await browser.get(authorize));
    const choice = await browser.page(await submitToken(browser, authorize, first, PLANTED.token));
    expect(appOptions(choice)).toEqual([`${ACCOUNT_ID}/app_live`]);
  });
});

describe('the forms, at their limits', () => {
  it('carry the most a token can offer (10 accounts of 20 apps, long names) through to the last app', async () => {
    const long = (what: string, i: number) => `${what} ${i} ${'x'.repeat(300)}`;
    const accounts = Array.from({ length: 10 }, (_, i) => ({
      id: `${String(i).padStart(2, '0')}${'a'.repeat(30)}`,
      name: long('Account', i),
    }));
    const appsOf = (account: string) =>
      Array.from({ length: 20 }, (_, i) => ({
        id: `app_${account.slice(0, 2)}_${i}`,
        name: long('App', i),
        created_at: '2026-01-05T10:00:00.000Z',
      }));
    let meetingsOf = '';
    msw.use(
      http.get(`${BASE_URL}/user/tokens/verify`, () =>
        HttpResponse.json({ success: true, result: { id: 'tok', status: 'active' } }),
      ),
      http.get(`${BASE_URL}/accounts`, () =>
        HttpResponse.json({ success: true, result: accounts, result_info: { total_count: 10 } }),
      ),
      http.get(`${BASE_URL}/accounts/:account/realtime/kit/apps`, ({ params }) =>
        HttpResponse.json({ success: true, data: appsOf(String(params.account)), paging: { total_count: 35 } }),
      ),
      http.get(`${BASE_URL}/accounts/:account/realtime/kit/:app/meetings`, ({ params }) => {
        meetingsOf = `${params.account}/${params.app}`;
        return HttpResponse.json(meetingsPage([meeting(1)]));
      }),
    );
    const { authorize, verifier } = authorization('big');
    const browser = new Browser(worker);
    const first = await browser.page(await browser.get(authorize));
    const choice = await browser.page(await submitToken(browser, authorize, first, PLANTED.token));
    const options = appOptions(choice);
    expect(options).toHaveLength(200);
    expect(choice).toContain('the first 20 of 35 apps');
    const last = options.at(-1) ?? '';
    const allowed = await browser.post(authorize, {
      ...hiddenFields(choice),
      step: 'choose',
      app: last,
      decision: 'allow',
    });
    expect(allowed.status).toBe(302);
    const { body } = await tokensFrom(allowed.headers.get('location') ?? '', verifier);
    await (await mcpPost(`${ORIGIN}/mcp`, body.access_token ?? '', toolCall('list_meetings'), worker)).text();
    expect(meetingsOf).toBe(last);
  });

  it('refuse a form over the limit, and answer an outage with a page, not a stack', async () => {
    const { authorize } = authorization();
    const browser = new Browser(worker);
    const first = await browser.page(await browser.get(authorize));
    expect((await submitToken(browser, authorize, first, 'x'.repeat(300 * 1024))).status).toBe(413);
    kv.put = async () => {
      throw new Error('KV PUT failed: 429 Too Many Requests');
    };
    const down = await new Browser(worker).get(authorize);
    expect(down.status).toBe(500);
    expect(down.headers.get('content-type')).toContain('text/html');
    expect(await down.text()).toContain('Something went wrong');
    expect(lines.join('\n')).toContain('error: sign-in: Error: KV PUT failed');
  });
});

describe('a grant whose Cloudflare token stops working', () => {
  const refresh = (refreshToken: string) =>
    tokenRequest(ORIGIN, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID }, worker);
  const refused = () =>
    HttpResponse.json({ success: false, errors: [{ code: 1000, message: 'Invalid API Token' }] }, { status: 401 });

  it('ends at the next refresh, with invalid_grant, so that the client signs the person in again', async () => {
    const first = await signedIn();
    const refreshed = await refresh(first.refresh_token ?? '');
    expect(refreshed.status).toBe(200);
    const { access_token, refresh_token } = (await refreshed.json()) as { access_token: string; refresh_token: string };
    // The person deletes the token in the dashboard.
    msw.use(
      http.get(`${BASE_URL}/user/tokens/verify`, refused),
      http.get(`${BASE_URL}/accounts/:account/tokens/verify`, refused),
    );
    const ended = await refresh(refresh_token);
    expect(ended.status).toBe(400);
    expect(await ended.json()).toMatchObject({ error: 'invalid_grant' });
    expect((await mcpPost(`${ORIGIN}/mcp`, access_token, { method: 'tools/list' }, worker)).status).toBe(401);
    expect(lines.join('\n')).toContain('sign-in: a grant ended at refresh');
  });

  it('lives on when Cloudflare cannot say (an outage locks no one out)', async () => {
    const first = await signedIn();
    msw.use(http.get(`${BASE_URL}/user/tokens/verify`, () => HttpResponse.error()));
    expect((await refresh(first.refresh_token ?? '')).status).toBe(200);
  });
});

describe('the sample account', () => {
  it('is offered only with REALTIMEKIT_MCP_SIGN_IN_DEMO, and its grants end when it is turned off', async () => {
    const withSample = async (sample: boolean) => {
      await handler.close();
      handler = await createHttpHandler({
        env: { CLOUDFLARE_BASE_URL: BASE_URL },
        logger,
        routed: true,
        signIn: ({ baseUrl }) => createSignIn({ env: { OAUTH_KV: kv }, baseUrl, logger, sample }),
      });
    };
    const { authorize, verifier } = authorization();
    expect(await (await new Browser(worker).get(authorize)).text()).not.toContain('Use the sample account');
    await withSample(true);
    const browser = new Browser(worker);
    const first = await browser.page(await browser.get(authorize));
    expect(first).toContain('Use the sample account');
    const chosen = await browser.post(authorize, { ...hiddenFields(first), step: 'demo', decision: 'demo' });
    const { body } = await tokensFrom(chosen.headers.get('location') ?? '', verifier);
    const answer = await (
      await mcpPost(`${ORIGIN}/mcp`, body.access_token ?? '', toolCall('list_meetings'), worker)
    ).text();
    expect(answer).toContain('Demo data: the built-in sample account');
    await withSample(false);
    expect((await mcpPost(`${ORIGIN}/mcp`, body.access_token ?? '', toolCall('list_meetings'), worker)).status).toBe(
      401,
    );
  });
});

describe("Cursor's callback in its own scheme", () => {
  const CURSOR = 'cursor://anysphere.cursor-mcp/oauth/callback';
  /** Cursor's registration: its three callbacks in one request. */
  async function registerCursor(
    redirects = [CURSOR, 'https://www.cursor.com/agents/mcp/oauth/callback', 'http://localhost:8787/callback'],
  ) {
    const response = await worker(`${ORIGIN}/oauth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Cursor',
        redirect_uris: redirects,
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      }),
    });
    return ((await response.json()) as { client_id: string }).client_id;
  }

  it("is sent the code there, the page allowing its scheme as the last form's destination", async () => {
    const clientId = await registerCursor();
    const verifier = pkce();
    const authorize = authorizeUrl(ORIGIN, {
      clientId,
      redirectUri: CURSOR,
      challenge: verifier.challenge,
      state: 'cursor',
    });
    const first = await new Browser(worker).get(authorize);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("form-action 'self' cursor:;");
    expect(await first.text()).toContain(`sent back to <strong>${CURSOR}</strong>`);
    const { location } = await signInWithToken(authorize, PLANTED.token, undefined, worker);
    expect(location.startsWith(`${CURSOR}?code=`)).toBe(true);
    const issued = await exchangeCode(
      ORIGIN,
      {
        code: new URL(location).searchParams.get('code') ?? '',
        redirectUri: CURSOR,
        clientId,
        verifier: verifier.verifier,
      },
      worker,
    );
    expect(issued.status).toBe(200);
  });

  it('refuses, on the page, any other app scheme, even one the client registered', async () => {
    const other = 'evilapp://steal/callback';
    const clientId = await registerCursor([other, 'http://localhost:8787/callback']);
    const response = await new Browser(worker).get(
      authorizeUrl(ORIGIN, { clientId, redirectUri: other, challenge: pkce().challenge, state: 'x' }),
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('This app cannot sign in here');
  });
});
