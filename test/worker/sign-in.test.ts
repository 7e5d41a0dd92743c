// The Worker as its own OAuth authorization server, under `wrangler dev` offline, against the loopback stand-in:
// what claude.ai, ChatGPT or an IDE does to connect by URL, and what a person does at the sign-in page. Its KV is
// kept in a folder this file reads, to prove that the person's Cloudflare token is stored nowhere in the clear.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type OAuthClientProvider, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, liveLivestream, MEETING_ID, meeting, PLANTED, PLANTED_VALUES } from '../../fixtures/api.js';
import { DEMO_APP_ID } from '../../src/demo/sample-account.js';
import { tools } from '../../src/tools/index.js';
import { exampleArguments } from '../support/generic-calls.js';
import { connectHttp, post } from '../support/http-server.js';
import { connectSession, standInEnv, text } from '../support/session.js';
import {
  appOptions,
  authorizeUrl,
  Browser,
  hiddenFields,
  pkce,
  register,
  signInWithToken,
  tokenRequest,
} from '../support/sign-in.js';
import { type StandIn, startStandIn } from '../support/stand-in-api.js';
import { type Dev, resendingOnRestart, stop, wranglerDev } from '../support/wrangler.js';

const APP = 'app_signin';
const OTHER_APP = 'app_other';
/** A token Cloudflare accepts that has no Realtime permission. */
const WITHOUT_REALTIME = 'PLANTED-NO-REALTIME-Xq93kdl20sLmw81hfyqP';
const REDIRECT = 'http://127.0.0.1:33418/callback';

let api: StandIn;
let dev: Dev;
let state: string;
const sendOnce = globalThis.fetch;

beforeAll(async () => {
  globalThis.fetch = resendingOnRestart(sendOnce);
  api = await startStandIn({
    token: PLANTED.token,
    accountId: ACCOUNT_ID,
    accountName: 'Acme Video',
    tokensWithoutRealtime: [WITHOUT_REALTIME],
    apps: {
      [APP]: {
        name: 'Town halls',
        meetings: Array.from({ length: 6 }, (_, i) => meeting(i + 1, { status: i < 2 ? 'ACTIVE' : 'INACTIVE' })),
        livestreams: { [MEETING_ID]: liveLivestream() },
      },
      [OTHER_APP]: { name: 'Support', meetings: [meeting(40, { status: 'ACTIVE' })] },
    },
  });
  state = mkdtempSync(join(tmpdir(), 'rtk-sign-in-'));
  dev = await wranglerDev(
    { CLOUDFLARE_BASE_URL: api.baseUrl, REALTIMEKIT_MCP_SIGN_IN_DEMO: '1', REALTIMEKIT_MCP_LOG_LEVEL: 'debug' },
    { persistTo: state },
  );
}, 90_000);

afterAll(async () => {
  globalThis.fetch = sendOnce;
  await stop(dev);
  await api?.close();
  // The Worker's log, at debug, never held the person's token (nor any planted secret).
  for (const secret of [...PLANTED_VALUES, WITHOUT_REALTIME, ACCOUNT_ID])
    expect(dev?.output() ?? '').not.toContain(secret);
  rmSync(state, { recursive: true, force: true });
});

/** A public client registered (as `name`), and its authorization request with PKCE. */
async function registered(state: string, name?: string) {
  const verifier = pkce();
  const clientId = await register(dev.origin, REDIRECT, name);
  const authorize = authorizeUrl(dev.origin, { clientId, redirectUri: REDIRECT, challenge: verifier.challenge, state });
  return { clientId, verifier, authorize };
}

/** A client registered, a person signed in: the code, and what the token endpoint needs with it. */
async function signedIn(app?: string) {
  const { clientId, verifier, authorize } = await registered('st-42');
  const { location, browser } = await signInWithToken(authorize, PLANTED.token, app);
  const back = new URL(location);
  return { clientId, verifier, back, browser, code: back.searchParams.get('code') ?? '' };
}

/** The token endpoint's answer, which never holds a planted secret. */
async function tokens(fields: Record<string, string>) {
  const response = await tokenRequest(dev.origin, fields);
  const body = await response.text();
  for (const secret of PLANTED_VALUES) expect(body).not.toContain(secret);
  return { status: response.status, body: JSON.parse(body) as Record<string, string> };
}

const exchange = (code: string, clientId: string, verifier: string) =>
  tokens({
    grant_type: 'authorization_code',
    code,
    redirect_uri: REDIRECT,
    client_id: clientId,
    code_verifier: verifier,
  });
const refresh = (refreshToken: string, clientId: string) =>
  tokens({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });

describe('discovery', () => {
  it('answers an MCP request without credentials with 401 and the resource metadata, before the API', async () => {
    const before = api.requests.length;
    const response = await post(dev.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(
      `Bearer resource_metadata="${dev.origin}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(JSON.stringify(await response.json())).toContain('sign in');
    expect(api.requests.length).toBe(before);
  });

  it('names itself as the authorization server, which offers S256, registration and CIMD', async () => {
    const resource = await (await fetch(`${dev.origin}/.well-known/oauth-protected-resource/mcp`)).json();
    expect(resource).toMatchObject({ resource: `${dev.origin}/mcp`, authorization_servers: [dev.origin] });
    const metadata = (await (await fetch(`${dev.origin}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata).toMatchObject({
      issuer: dev.origin,
      authorization_endpoint: `${dev.origin}/authorize`,
      token_endpoint: `${dev.origin}/oauth/token`,
      registration_endpoint: `${dev.origin}/oauth/register`,
      code_challenge_methods_supported: ['S256'],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata.token_endpoint_auth_methods_supported).toContain('none');
    expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token']));
  });
});

describe('a person signs in and the client gets a token of its own', () => {
  it('shows who asks and where it sends back, refuses a wrong token and one without Realtime, then offers the apps', async () => {
    const { authorize } = await registered('s', 'Claude <script>x</script>');
    const browser = new Browser();
    const first = await browser.page(await browser.get(authorize));
    expect(first).toContain('Claude &#60;script&#62;x&#60;/script&#62;');
    expect(first).not.toContain('<script');
    expect(first).toContain('<strong>127.0.0.1</strong>');
    expect(first).toContain('This sends access to an app on your computer.');

    const wrong = await browser.post(authorize, {
      ...hiddenFields(first),
      step: 'token',
      token: 'not-a-real-token-000000000000',
      decision: 'continue',
    });
    expect(wrong.status).toBe(400);
    expect(await browser.page(wrong)).toContain('Cloudflare did not accept this token.');

    const limited = await browser.post(authorize, {
      ...hiddenFields(first),
      step: 'token',
      token: WITHOUT_REALTIME,
      decision: 'continue',
    });
    expect(await browser.page(limited)).toContain('no Realtime permission');

    const taken = await browser.post(authorize, {
      ...hiddenFields(first),
      step: 'token',
      token: PLANTED.token,
      decision: 'continue',
    });
    expect(taken.status).toBe(200);
    const choice = await browser.page(taken);
    expect(appOptions(choice)).toEqual([`${ACCOUNT_ID}/${APP}`, `${ACCOUNT_ID}/${OTHER_APP}`]);
    expect(choice).toContain('Town halls');
    for (const page of browser.pages)
      for (const secret of [PLANTED.token, WITHOUT_REALTIME]) expect(page).not.toContain(secret);
  });

  it('sends the client back with code, state and iss; refuses a wrong verifier; the right one gets a token that answers both tools for the chosen app', async () => {
    const { back, code, clientId, verifier } = await signedIn(`${ACCOUNT_ID}/${APP}`);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-42');
    expect(back.searchParams.get('iss')).toBe(dev.origin);
    for (const secret of PLANTED_VALUES) expect(back.href).not.toContain(secret);

    const exchange = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      client_id: clientId,
      resource: `${dev.origin}/mcp`,
    };
    const wrong = await tokens({ ...exchange, code_verifier: pkce().verifier });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    const issued = await tokens({ ...exchange, code_verifier: verifier.verifier });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: 'bearer', resource: `${dev.origin}/mcp` });

    const before = api.requests.length;
    const session = await connectHttp(dev.url, { Authorization: `Bearer ${issued.body.access_token}` });
    const stdio = await connectSession(standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID));
    try {
      for (const tool of tools) {
        const [name, args] = [tool.name, exampleArguments(tool)];
        const answer = await session.call(name, args);
        expect(answer.isError, text(answer)).toBeFalsy();
        expect(answer).toEqual(await stdio.call(name, args));
      }
      // The grant's token, account and app called the API: the person's token, from the Worker alone.
      const made = api.requests.slice(before).filter((request) => request.url.includes(`/realtime/kit/${APP}/`));
      expect(made.length).toBeGreaterThan(0);
      for (const request of made) expect(request.authorization).toBe(`Bearer ${PLANTED.token}`);
    } finally {
      await session.close();
      await stdio.client.close();
    }
    expect(dev.output()).toMatch(/path=\/mcp status=200 auth=sign-in rpc=tools\/call tool=list_meetings result=ok/);
  });

  it('refreshes, and a revoked grant stops working', async () => {
    const { code, clientId, verifier } = await signedIn();
    const issued = await exchange(code, clientId, verifier.verifier);
    const refreshed = await refresh(issued.body.refresh_token ?? '', clientId);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(issued.body.access_token);
    const answers = async (token: string) =>
      (await post(dev.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { Authorization: `Bearer ${token}` }))
        .status;
    expect(await answers(refreshed.body.access_token ?? '')).toBe(200);

    // RFC 7009 at the token endpoint: revoking the refresh token ends the grant and its access tokens.
    const revoked = await tokenRequest(dev.origin, { token: refreshed.body.refresh_token ?? '', client_id: clientId });
    expect(revoked.status).toBe(200);
    const before = api.requests.length;
    const refused = await post(
      dev.url,
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { Authorization: `Bearer ${refreshed.body.access_token}` },
    );
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(api.requests.length).toBe(before);
    expect((await refresh(refreshed.body.refresh_token ?? '', clientId)).status).toBe(400);
  });

  it('lets the person decline: the client is sent back with access_denied', async () => {
    const { authorize } = await registered('no');
    const browser = new Browser();
    const first = await browser.page(await browser.get(authorize));
    const denied = await browser.post(authorize, { ...hiddenFields(first), step: 'token', decision: 'deny' });
    expect(denied.status).toBe(302);
    const back = new URL(denied.headers.get('location') ?? '');
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('no');
  });

  it('refuses a form from another browser (no cookie) and one used twice', async () => {
    const { authorize } = await registered('x');
    const browser = new Browser();
    const first = await browser.page(await browser.get(authorize));
    const stranger = new Browser();
    const forged = await stranger.post(authorize, {
      ...hiddenFields(first),
      step: 'token',
      token: PLANTED.token,
      decision: 'continue',
    });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('This sign-in page has expired');

    const choice = await browser.page(
      await browser.post(authorize, {
        ...hiddenFields(first),
        step: 'token',
        token: PLANTED.token,
        decision: 'continue',
      }),
    );
    const fields = { ...hiddenFields(choice), step: 'choose', app: `${ACCOUNT_ID}/${APP}`, decision: 'allow' };
    expect((await browser.post(authorize, fields)).status).toBe(302);
    const again = await browser.post(authorize, fields);
    expect(again.status).toBe(400);
  });
});

describe('the sample account (REALTIMEKIT_MCP_SIGN_IN_DEMO=1)', () => {
  it('is offered on the page and its grant answers from made-up data, without a Cloudflare token', async () => {
    const { clientId, verifier, authorize } = await registered('demo');
    const browser = new Browser();
    const first = await browser.page(await browser.get(authorize));
    expect(first).toContain('Use the sample account');
    const chosen = await browser.post(authorize, { ...hiddenFields(first), step: 'demo', decision: 'demo' });
    expect(chosen.status).toBe(302);
    const code = new URL(chosen.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const issued = await exchange(code, clientId, verifier.verifier);
    const before = api.requests.length;
    const session = await connectHttp(dev.url, { Authorization: `Bearer ${issued.body.access_token}` });
    try {
      const answer = await session.call('list_meetings', { per_page: 3 });
      expect(answer.isError, text(answer)).toBeFalsy();
      expect(text(answer)).toContain(DEMO_APP_ID);
      expect(text(answer)).toMatch(/sample/i);
    } finally {
      await session.close();
    }
    expect(api.requests.length).toBe(before);
  });
});

describe('header clients keep working', () => {
  it('answers a Cloudflare token as the bearer, as before, and is never sent to sign in', async () => {
    const session = await connectHttp(dev.url, {
      Authorization: `Bearer ${PLANTED.token}`,
      'cf-account-id': ACCOUNT_ID,
      'X-RealtimeKit-App-Id': APP,
    });
    try {
      const answer = await session.call('list_meetings', { per_page: 2 });
      expect(answer.isError, text(answer)).toBeFalsy();
    } finally {
      await session.close();
    }
  });

  it('never sends a bearer in the shape of its own tokens on to Cloudflare', async () => {
    const before = api.requests.length;
    const forged = `someone:${'a'.repeat(16)}:${'b'.repeat(32)}`;
    const response = await post(
      dev.url,
      { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_meetings', arguments: {} } },
      { Authorization: `Bearer ${forged}`, 'cf-account-id': ACCOUNT_ID },
    );
    expect(response.status).toBe(401);
    expect(api.requests.length).toBe(before);
  });
});

describe('an SDK client that implements the OAuth flow', () => {
  it('registers, sends the person to sign in, finishes with the code and calls both tools', async () => {
    const saved: {
      client?: Parameters<NonNullable<OAuthClientProvider['saveClientInformation']>>[0];
      tokens?: Parameters<OAuthClientProvider['saveTokens']>[0];
      verifier?: string;
      discovery?: Parameters<NonNullable<OAuthClientProvider['saveDiscoveryState']>>[0];
    } = {};
    let sentTo: URL | undefined;
    const provider: OAuthClientProvider = {
      redirectUrl: REDIRECT,
      clientMetadata: {
        client_name: 'SDK test client',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
      },
      clientInformation: () => saved.client,
      saveClientInformation: (info) => {
        saved.client = info;
      },
      tokens: () => saved.tokens,
      saveTokens: (tokens) => {
        saved.tokens = tokens;
      },
      redirectToAuthorization: (url) => {
        sentTo = url;
      },
      saveCodeVerifier: (verifier) => {
        saved.verifier = verifier;
      },
      codeVerifier: () => saved.verifier ?? '',
      // Kept across the redirect, so that the SDK checks the code comes back from the issuer it went to (SEP-2352).
      saveDiscoveryState: (discovery) => {
        saved.discovery = discovery;
      },
      discoveryState: () => saved.discovery,
    };
    const transport = new StreamableHTTPClientTransport(new URL(dev.url), { authProvider: provider });
    const client = new Client({ name: 'sdk-oauth', version: '1.0.0' });
    await expect(client.connect(transport)).rejects.toThrow(/unauthorized/i);
    expect(sentTo?.pathname).toBe('/authorize');
    expect(sentTo?.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sentTo?.searchParams.get('resource')).toBe(`${dev.origin}/mcp`);

    const { location } = await signInWithToken(sentTo?.href ?? '', PLANTED.token, `${ACCOUNT_ID}/${APP}`);
    const back = new URL(location);
    await transport.finishAuth(back.searchParams.get('code') ?? '', back.searchParams.get('iss') ?? undefined);
    expect(saved.tokens?.access_token).toBeTruthy();

    const connected = new Client({ name: 'sdk-oauth', version: '1.0.0' });
    await connected.connect(new StreamableHTTPClientTransport(new URL(dev.url), { authProvider: provider }));
    try {
      for (const tool of tools) {
        const answer = await connected.callTool({ name: tool.name, arguments: exampleArguments(tool) });
        expect(answer.isError, JSON.stringify(answer)).toBeFalsy();
        for (const secret of PLANTED_VALUES) expect(JSON.stringify(answer)).not.toContain(secret);
      }
    } finally {
      await connected.close();
    }
  });
});

describe('what is stored', () => {
  it("holds the person's Cloudflare token in no KV value or key in the clear", async () => {
    await signedIn();
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(state);
    expect(files.length).toBeGreaterThan(0);
    const stored = files.map((file) => readFileSync(file));
    // Grants and tokens were written (the provider's keys are readable), and none holds the token.
    expect(stored.some((bytes) => bytes.includes('grant:'))).toBe(true);
    for (const bytes of stored) {
      for (const form of [
        PLANTED.token,
        Buffer.from(PLANTED.token).toString('base64'),
        encodeURIComponent(PLANTED.token),
      ]) {
        expect(bytes.includes(form)).toBe(false);
      }
    }
  });
});
