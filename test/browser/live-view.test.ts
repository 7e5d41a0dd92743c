// The live view in a real browser: Debian's Chromium, driven by playwright-core, loads a minimal MCP Apps host
// (test/browser/host.ts, on the ext-apps AppBridge) that connects to the built server over Streamable HTTP,
// reads the view's resource and renders it in a sandboxed iframe under the CSP the resource declares.
// Run with `npm run test:browser` (it needs /usr/bin/chromium: `apt-get install chromium`).
//
// test/browser/hls/ is a 6-second HLS stream (320x180 test pattern, H.264), made with
//   ffmpeg -f lavfi -i testsrc=size=320x180:rate=15 -t 6 -c:v libx264 -profile:v baseline -pix_fmt yuv420p \
//     -g 15 -b:v 80k -an -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_filename 'segment%d.m2ts' stream.m3u8
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, chromium, type Frame, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, meetingId, PLANTED, PLANTED_VALUES } from '../../fixtures/api.js';
import { DEMO_SECRETS } from '../../src/demo/sample-account.js';
import { type HttpServerProcess, startHttpServer } from '../support/http-server.js';
import { type StandIn, startStandIn } from '../support/stand-in-api.js';

const HERE = fileURLToPath(new URL('.', import.meta.url));
/** Screenshots, for people to look at (git-ignored; the README's is copied from here). */
const ARTIFACTS = join(HERE, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let browser: Browser;
let pages: Server;
let pagesUrl: string;
/** Requests the page made to anything but this machine: none are allowed through, and none are expected. */
const offMachine: string[] = [];
/** Requests for the HLS stream's files. */
let streamRequests = 0;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const bundle = await build({
    entryPoints: [join(HERE, 'host.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'error',
  });
  const script = bundle.outputFiles[0]?.text ?? '';
  const hostPage = `<!doctype html><html><head><meta charset="utf-8"><title>Test host</title>
<style>body{margin:0;font-family:sans-serif} iframe{border:0;width:100%;height:400px;display:block}</style></head>
<body><div id="view"></div><script>${script.replace(/<\/script/gi, '<\\/script')}</script></body></html>`;
  // The host page, and the HLS stream a livestream's playback URL points at (as a CDN would serve it).
  pages = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (path === '/') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(hostPage);
      return;
    }
    const file = /^\/hls\/(stream\.m3u8|segment\d\.m2ts)$/.exec(path)?.[1];
    if (file) streamRequests += 1;
    if (!file) {
      response.writeHead(404).end();
      return;
    }
    response
      .writeHead(200, {
        'Content-Type': file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t',
        'Access-Control-Allow-Origin': '*',
      })
      .end(readFileSync(join(HERE, 'hls', file)));
  });
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  pagesUrl = `http://127.0.0.1:${(pages.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pages?.close(resolve));
});

async function openHost(
  mcpUrl: string,
  {
    headers = {},
    theme = 'light',
    width = 900,
    height = 900,
  }: { headers?: Record<string, string>; theme?: string; width?: number; height?: number },
): Promise<{ page: Page; view: Frame }> {
  // Screenshots show the view only within the viewport (Chromium paints no iframe below it): make it tall enough.
  const page = await browser.newPage({ viewport: { width, height }, colorScheme: theme as 'light' | 'dark' });
  await page.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1') return route.continue();
    offMachine.push(route.request().url());
    return route.abort();
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const query = new URLSearchParams({ mcp: mcpUrl, headers: JSON.stringify(headers), theme });
  await page.goto(`${pagesUrl}/?${query}`);
  await page.waitForFunction(
    () => {
      const host = (window as unknown as { host?: { ready: boolean; error?: string } }).host;
      return host?.ready || host?.error;
    },
    undefined,
    { timeout: 20_000 },
  );
  const hostError = await page.evaluate(() => (window as unknown as { host: { error?: string } }).host.error);
  expect(hostError, 'the host rendered the view').toBeUndefined();
  const view = page.frames().find((frame) => frame !== page.mainFrame());
  if (!view) throw new Error('no view frame');
  await view.waitForSelector('article.card, p.empty', { timeout: 10_000 });
  expect(errors, 'no uncaught error in the page').toEqual([]);
  return { page, view };
}

describe('the live view in Chromium, with the --demo account over HTTP', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttpServer({}, ['--demo']);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('shows a card per livestream, LIVE first, with badges, meetings and local times, and no secret', async () => {
    const { page, view } = await openHost(server.url, {});
    const cards = view.locator('article.card');
    await expect.poll(() => cards.count()).toBe(6);
    const badges = await view.locator('article.card .card-head .badge:first-child').allTextContents();
    expect(badges).toEqual(['LIVE', 'LIVE', 'LIVE', 'IDLE', 'IDLE', 'ERRORED']);
    await expect.poll(() => view.locator('.badge-disabled').count()).toBe(1);
    const first = cards.first();
    expect(await first.locator('h2').textContent()).toBe('All-hands (public stream)');
    expect(await first.locator('.meeting').textContent()).toMatch(/^Meeting All-hands [0-9a-f-]{36}$/);
    // The host said Europe/Berlin and en-GB: the time is the viewer's, and says whose.
    expect(await first.locator('.since').textContent()).toMatch(
      /^Live since \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(Europe\/Berlin\)$/,
    );
    // Its meeting's session: how many are in it now, and since when.
    expect(await first.locator('.session').textContent()).toMatch(
      /^48 people in session since \d{1,2} \w{3} \d{4}, \d{2}:\d{2} \(Europe\/Berlin\)$/,
    );
    // A livestream sent from an encoder belongs to no meeting, and says so.
    expect(await cards.nth(2).locator('.meeting').textContent()).toBe('No meeting: sent from an encoder');
    expect(await view.locator('.summary').textContent()).toContain('7 meetings in session now (121 participants)');
    expect(await view.locator('.notes').textContent()).toContain('Demo data');
    // LIVE cards have a Play button; the others say why they have none.
    expect(await view.locator('article.card button.play').count()).toBe(3);
    // The view shows no ingest server and no stream key (the sample account has one on four livestreams).
    const text = (await view.locator('body').textContent()) ?? '';
    expect(text).not.toContain('rtmps://');
    for (const key of DEMO_SECRETS.streamKeys) expect(`${text}${await page.content()}`).not.toContain(key);
    await page.screenshot({ path: join(ARTIFACTS, 'live-view.png'), fullPage: true });
    expect(offMachine).toEqual([]);
    await page.close();
  });

  it('refreshes through the host, by mouse and by keyboard', async () => {
    const { page, view } = await openHost(server.url, {});
    const calls = () => page.evaluate(() => (window as unknown as { host: { toolCalls: unknown[] } }).host.toolCalls);
    // Keyboard: Tab reaches Refresh first, Enter presses it, and focus stays on it after the re-render.
    await page.keyboard.press('Tab');
    expect(await view.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('refresh');
    await page.keyboard.press('Enter');
    await expect.poll(calls).toEqual([{ name: 'get_active_livestreams', arguments: {} }]);
    await expect.poll(() => view.locator('.status').textContent()).toMatch(/^Updated /);
    expect(await view.evaluate(() => document.activeElement?.getAttribute('data-action'))).toBe('refresh');
    // The mouse, too; the cards are there again after each refresh.
    await view.locator('button.refresh').click();
    await expect.poll(async () => ((await calls()) as unknown[]).length).toBe(2);
    await expect.poll(() => view.locator('article.card').count()).toBe(6);
    // The model is told what the user now sees, after each refresh (and not on the first load, which it saw).
    const contexts = () => page.evaluate(() => (window as unknown as { host: { contexts: string[] } }).host.contexts);
    await expect.poll(async () => (await contexts()).length).toBe(2);
    for (const context of await contexts()) {
      expect(context).toMatch(
        /^From the live view, the user called get_active_livestreams \{\} at \d{4}-\d{2}-\d{2}T[\d:.]+Z; it answered:\nDemo data: .*\n6 active livestreams \(3 LIVE, 2 IDLE, 1 ERRORED\)/s,
      );
      for (const key of DEMO_SECRETS.streamKeys) expect(context).not.toContain(key);
    }
    // Tab goes on to the LIVE cards' Play buttons.
    await page.keyboard.press('Tab');
    expect(await view.evaluate(() => document.activeElement?.className)).toBe('play');
    await page.close();
  });

  it('is usable at 360 px, in the dark theme', async () => {
    const { page, view } = await openHost(server.url, { theme: 'dark', width: 360, height: 1400 });
    const fits = await view.evaluate(
      () => document.documentElement.scrollWidth <= document.documentElement.clientWidth,
    );
    expect(fits, 'no horizontal scrolling at 360 px').toBe(true);
    const [background, text] = await view.evaluate(() => {
      const style = getComputedStyle(document.body);
      return [style.backgroundColor, style.color];
    });
    expect(background).not.toBe(text);
    expect(background).toMatch(/rgb\((\d{1,2}), \1, \1\)/); // dark: a grey below 100
    await view.locator('article.card').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'live-view-dark-360.png'), fullPage: true });
    await page.close();
  });
});

describe('the live view plays a real HLS stream from an allowed playback origin', () => {
  let api: StandIn;
  let server: HttpServerProcess;
  const meeting = meetingId(1);
  beforeAll(async () => {
    api = await startStandIn({
      token: PLANTED.token,
      accountId: ACCOUNT_ID,
      apps: {
        app_live: {
          meetings: [
            {
              id: meeting,
              // A right-to-left override, never closed: it must not reverse the meeting id shown after it.
              title: 'Launch <script>alert(1)</script> \u202eevil',
              status: 'ACTIVE',
              created_at: '2026-11-22T09:00:00.000Z',
              updated_at: '2026-11-22T09:00:00.000Z',
            },
          ],
          livestreams: {
            [meeting]: {
              id: 'ls_launch',
              status: 'LIVE',
              name: '<img src=x onerror=alert(1)> Launch stream',
              playback_url: `${pagesUrl}/hls/stream.m3u8`,
              ingest_server: `rtmps://live.example.com:443/live/${PLANTED.streamKey}`,
              stream_key: PLANTED.streamKey,
              created_at: '2026-11-22T09:30:00.000Z',
              disabled: false,
            },
          },
        },
      },
    });
    server = await startHttpServer({
      CLOUDFLARE_BASE_URL: api.baseUrl,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
      REALTIMEKIT_APP_ID: 'app_live',
      REALTIMEKIT_MCP_PLAYBACK_ORIGINS: pagesUrl,
    });
  });
  afterAll(async () => {
    await server?.stop();
    await api?.close();
  });

  it('plays after Play is pressed, and renders hostile names as text', async () => {
    const { page, view } = await openHost(server.url, { headers: { Authorization: `Bearer ${PLANTED.token}` } });
    const csp = await page.evaluate(() => (window as unknown as { host: { csp: string } }).host.csp);
    expect(csp).toContain(
      `media-src 'self' data: https://*.cloudflarestream.com https://videodelivery.net ${pagesUrl}`,
    );
    expect(await view.locator('article.card h2').textContent()).toBe('<img src=x onerror=alert(1)> Launch stream');
    expect(await view.locator('article.card img, article.card script').count()).toBe(0);
    // The id reads left to right: its first character is drawn left of its last, the title's override fenced off.
    const id = view.locator('article.card p.meeting code');
    expect(await id.textContent()).toBe(meeting);
    const [first, last] = await id.evaluate((code) => {
      const text = document.createTreeWalker(code, NodeFilter.SHOW_TEXT).nextNode() as Text;
      return [0, text.length - 1].map((at) => {
        const range = document.createRange();
        range.setStart(text, at);
        range.setEnd(text, at + 1);
        return range.getBoundingClientRect().left;
      });
    });
    expect(first).toBeLessThan(last ?? 0);
    // Nothing is fetched from the playback origin before Play.
    expect(streamRequests).toBe(0);
    await view.locator('button.play').click();
    const video = view.locator('article.card video');
    await expect
      .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime), { timeout: 15_000 })
      .toBeGreaterThan(1);
    await page.screenshot({ path: join(ARTIFACTS, 'live-view-playing.png'), fullPage: true });
    const everything = `${await view.locator('body').textContent()}${await page.content()}`;
    for (const value of PLANTED_VALUES) expect(everything).not.toContain(value);
    expect(offMachine).toEqual([]);
    await page.close();
  });
});
