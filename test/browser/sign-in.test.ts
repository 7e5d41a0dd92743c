// The Worker's sign-in page in a real browser: Debian's Chromium, with JavaScript off (the page has none to
// need), filled by keyboard alone, as a person connecting claude.ai or ChatGPT to the Worker does. The Worker runs
// under `wrangler dev` offline against the loopback stand-in; the client's callback is a loopback server here.
// Run with `npm run test:browser` (it needs /usr/bin/chromium and the Worker's tooling).
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, meeting, PLANTED, PLANTED_VALUES } from '../../fixtures/api.js';
import { authorizeUrl, pkce, register, tokenRequest } from '../support/sign-in.js';
import { type StandIn, startStandIn } from '../support/stand-in-api.js';
import { type Dev, resendingOnRestart, stop, wranglerDev } from '../support/wrangler.js';

const ARTIFACTS = join(fileURLToPath(new URL('.', import.meta.url)), 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let api: StandIn;
let dev: Dev;
let callback: Server;
let redirectUri: string;
/** What the client's callback was sent: the query of each request. */
const arrived: URLSearchParams[] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  api = await startStandIn({
    token: PLANTED.token,
    accountId: ACCOUNT_ID,
    accountName: 'Acme Video',
    apps: {
      app_townhalls: { name: 'Town halls', meetings: [meeting(1, { status: 'ACTIVE' })] },
      app_support: { name: 'Support desk', meetings: [meeting(2, { status: 'ACTIVE' })] },
    },
  });
  callback = createServer((request, response) => {
    // The callback's own requests only: the browser also asks this origin for /favicon.ico.
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/callback') arrived.push(url.searchParams);
    response.writeHead(200, { 'Content-Type': 'text/plain' }).end('Signed in; you can close this page.');
  });
  await new Promise<void>((resolve) => callback.listen(0, '127.0.0.1', resolve));
  redirectUri = `http://127.0.0.1:${(callback.address() as AddressInfo).port}/callback`;
  dev = await wranglerDev({ CLOUDFLARE_BASE_URL: api.baseUrl });
  // wrangler dev can restart its Worker just after it says it is ready: let that pass before a browser posts.
  await resendingOnRestart(fetch)(dev.url, { method: 'POST', body: '{}' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'],
  });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stop(dev);
  await api?.close();
  await new Promise((resolve) => callback?.close(resolve));
  for (const secret of PLANTED_VALUES) expect(dev?.output() ?? '').not.toContain(secret);
});

/** A fresh browser without JavaScript, at the sign-in page a registered client sent it to. */
async function atSignIn(viewport = { width: 900, height: 900 }) {
  const verifier = pkce();
  const clientId = await register(dev.origin, redirectUri, 'Claude');
  const context: BrowserContext = await browser.newContext({ javaScriptEnabled: false, viewport });
  const page = await context.newPage();
  await page.goto(
    authorizeUrl(dev.origin, { clientId, redirectUri, challenge: verifier.challenge, state: 'st-browser' }),
  );
  return { page, context, clientId, verifier };
}

/** The page is the choice of app (else the failure says what the page said instead). */
async function choosing(page: Page): Promise<void> {
  const heading = await page.locator('h1').textContent();
  const said = heading === 'Choose the RealtimeKit app' ? '' : await page.locator('main').textContent();
  expect(said).toBe('');
}

/** Enter pressed on a form, and the page it posted to loaded. */
async function submitted(page: Page): Promise<void> {
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
}

describe('the sign-in page in Chromium, without JavaScript', () => {
  it("hands Cursor's own-scheme callback over, the page's policy allowing it", async () => {
    const CURSOR = 'cursor://anysphere.cursor-mcp/oauth/callback';
    const registered = await fetch(`${dev.origin}/oauth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        client_name: 'Cursor',
        redirect_uris: [CURSOR, redirectUri],
        token_endpoint_auth_method: 'none',
      }),
    });
    const { client_id: clientId } = (await registered.json()) as { client_id: string };
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const refusals: string[] = [];
    page.on('console', (message) => refusals.push(message.text()));
    try {
      await page.goto(
        authorizeUrl(dev.origin, { clientId, redirectUri: CURSOR, challenge: pkce().challenge, state: 'c' }),
      );
      await page.locator('#token:focus').waitFor({ timeout: 5000 });
      await page.keyboard.type(PLANTED.token);
      await submitted(page);
      await choosing(page);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      await expect(page.locator('button:focus').textContent()).resolves.toBe('Allow');
      const handedOver = page.waitForRequest((request) => request.url().startsWith(`${CURSOR}?code=`), {
        timeout: 5000,
      });
      await page.keyboard.press('Enter');
      // The browser goes on to the app's scheme (here no app answers it); the page's policy refuses nothing.
      await handedOver;
      expect(refusals.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('is filled by keyboard alone: a wrong token gets a sentence and the form again; then the app; then back to the client', async () => {
    const { page, context, clientId, verifier } = await atSignIn();
    try {
      await expect(page.title()).resolves.toBe('Connect Claude to RealtimeKit · realtimekit-mcp');
      // The token field has the focus when the page opens.
      // The token field takes the focus as the page opens (autofocus, applied as it is first drawn).
      await page.locator('#token:focus').waitFor({ timeout: 5000 });
      await page.keyboard.type('not-a-real-token-000000000000');
      await submitted(page);
      const alert = page.getByRole('alert');
      await expect(alert.textContent()).resolves.toContain('Cloudflare did not accept this token.');
      await expect(page.getByLabel('Your Cloudflare API token').getAttribute('aria-invalid')).resolves.toBe('true');

      await page.keyboard.type(PLANTED.token);
      await page.screenshot({ path: join(ARTIFACTS, 'sign-in-token.png') });
      await submitted(page);
      await choosing(page);
      // Tab to the choice, pick the second app with the arrow key, Tab to Allow, press it.
      await page.keyboard.press('Tab');
      await expect(page.locator('select:focus').count()).resolves.toBe(1);
      await page.keyboard.press('ArrowDown');
      await page.screenshot({ path: join(ARTIFACTS, 'sign-in-choose.png') });
      await page.keyboard.press('Tab');
      await expect(page.locator('button:focus').textContent()).resolves.toBe('Allow');
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.pathname === '/callback');
      const query = arrived.at(-1);
      expect(query?.get('state')).toBe('st-browser');
      expect(query?.get('iss')).toBe(dev.origin);
      const code = query?.get('code') ?? '';

      // The grant is for the app chosen by keyboard: the second one offered.
      const issued = (await (
        await tokenRequest(dev.origin, {
          grant_type: 'authorization_code',
          code,
          redirect_uri: redirectUri,
          client_id: clientId,
          code_verifier: verifier.verifier,
        })
      ).json()) as { access_token: string };
      const before = api.requests.length;
      const called = await fetch(dev.url, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${issued.access_token}`,
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          'Mcp-Protocol-Version': '2025-11-25',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'tools/call',
          params: { name: 'list_meetings', arguments: {} },
        }),
      });
      expect(called.status).toBe(200);
      expect(api.requests.slice(before).map((request) => request.url)).toEqual([
        expect.stringContaining('/realtime/kit/app_support/meetings'),
      ]);
    } finally {
      await context.close();
    }
  });

  it('fits a phone: no sideways scrolling, buttons a finger can hit', async () => {
    const { page, context } = await atSignIn({ width: 360, height: 740 });
    try {
      // Measured from outside the page: its script is off.
      const main = await page.locator('main').boundingBox();
      const field = await page.locator('#token').boundingBox();
      const button = await page.locator('button').first().boundingBox();
      const scrollWidth = Math.ceil(
        Math.max((main?.x ?? 0) + (main?.width ?? 0), (field?.x ?? 0) + (field?.width ?? 0)),
      );
      expect(scrollWidth).toBeLessThanOrEqual(360);
      expect(button?.height).toBeGreaterThanOrEqual(44);
      await page.screenshot({ path: join(ARTIFACTS, 'sign-in-phone.png'), fullPage: true });
    } finally {
      await context.close();
    }
  });
});
