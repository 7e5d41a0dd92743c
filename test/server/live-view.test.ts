// The live view as a server offers it (src/server/live-view.ts): get_active_livestreams names its ui:// resource,
// resources/read serves the built HTML with its CSP, and without a view (or with REALTIMEKIT_MCP_VIEW=off)
// nothing changes for any client. In-process first; then the built server over stdio (both protocol eras)
// and HTTP, with the HTML that `npm run build` made.
import { readFileSync } from 'node:fs';
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, PLANTED, PLANTED_VALUES } from '../../fixtures/api.js';
import { type Env, loadConfig } from '../../src/config/config.js';
import { liveViewFile } from '../../src/hosts/live-view-file.js';
import {
  CLOUDFLARE_PLAYBACK_ORIGINS,
  LIVE_VIEW_URI,
  MCP_APP_MIME_TYPE,
  UI_EXTENSION,
} from '../../src/server/live-view.js';
import { createServer } from '../../src/server/server.js';
import { tools as allTools } from '../../src/tools/index.js';
import { FULL_ENV } from '../support/harness.js';
import { connectHttp, startHttpServer } from '../support/http-server.js';
import { connectSession } from '../support/session.js';

const HTML = '<!doctype html><html><head></head><body>view</body></html>';
const BUILT = new URL('../../dist/live-view.html', import.meta.url);

async function connect(env: Env, liveView: (() => Promise<string>) | null = async () => HTML) {
  const logs: string[] = [];
  const server = createServer({
    config: loadConfig(env),
    logger: { log: (_level, message) => logs.push(message) },
    ...(liveView && { liveView }),
  });
  const client = new Client({ name: 'apps-host', version: '1' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  return { client, close: () => client.close() };
}

describe('in process', () => {
  it('names the view on the tools that render in it only, and declares the extension and resources', async () => {
    const { client, close } = await connect(FULL_ENV);
    const { tools } = await client.listTools();
    const meta = Object.fromEntries(tools.map((tool) => [tool.name, tool._meta]));
    const view = { ui: { resourceUri: LIVE_VIEW_URI }, 'ui/resourceUri': LIVE_VIEW_URI };
    expect(meta).toEqual(Object.fromEntries(allTools.map((tool) => [tool.name, tool.liveView ? view : undefined])));
    expect(meta.get_active_livestreams).toEqual(view);
    expect(client.getServerCapabilities()).toMatchObject({
      resources: {},
      extensions: { [UI_EXTENSION]: { mimeTypes: [MCP_APP_MIME_TYPE] } },
    });
    expect((await client.listResources()).resources).toEqual([expect.objectContaining({ uri: LIVE_VIEW_URI })]);
    expect((await client.listResourceTemplates()).resourceTemplates).toEqual([]);
    await close();
  });

  it('serves the HTML as an MCP App with the playback origins, Cloudflare’s and the operator’s, as its CSP', async () => {
    const { client, close } = await connect({
      ...FULL_ENV,
      REALTIMEKIT_MCP_PLAYBACK_ORIGINS: 'https://video.example.com',
    });
    const { contents } = await client.readResource({ uri: LIVE_VIEW_URI });
    const origins = [...CLOUDFLARE_PLAYBACK_ORIGINS, 'https://video.example.com'];
    expect(contents).toEqual([
      {
        uri: LIVE_VIEW_URI,
        mimeType: 'text/html;profile=mcp-app',
        text: HTML,
        _meta: { ui: { csp: { connectDomains: origins, resourceDomains: origins }, prefersBorder: true } },
      },
    ]);
    await expect(client.readResource({ uri: 'ui://realtimekit-mcp/other' })).rejects.toThrow(
      `No resource "ui://realtimekit-mcp/other": this server has one, ${LIVE_VIEW_URI}.`,
    );
    await close();
  });

  it('offers nothing of the view with REALTIMEKIT_MCP_VIEW=off, or on a host that has no view to serve', async () => {
    for (const [env, liveView] of [
      [{ ...FULL_ENV, REALTIMEKIT_MCP_VIEW: 'off' }, async () => HTML],
      [FULL_ENV, null],
    ] as const) {
      const { client, close } = await connect(env, liveView);
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool._meta)).toEqual(allTools.map(() => undefined));
      expect(client.getServerCapabilities()?.resources).toBeUndefined();
      expect(client.getServerCapabilities()?.extensions).toBeUndefined();
      await expect(client.readResource({ uri: LIVE_VIEW_URI })).rejects.toThrow();
      await close();
    }
  });

  it('answers a view that cannot be read without saying where it lives, and logs why', async () => {
    const logs: string[] = [];
    const server = createServer({
      config: loadConfig(FULL_ENV),
      logger: { log: (_level, message) => logs.push(message) },
      liveView: liveViewFile('/srv/secret-place/dist'),
    });
    const client = new Client({ name: 'apps-host', version: '1' });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(b), client.connect(a)]);
    const refusal = await client.readResource({ uri: LIVE_VIEW_URI }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(refusal).toContain("The live view could not be loaded; the server's log says why.");
    expect(refusal).not.toMatch(/secret-place|ENOENT|live-view\.html/);
    expect(logs.join('\n')).toMatch(/live view: ENOENT.*\/srv\/secret-place\/dist\/live-view\.html/);
    expect((await client.listTools()).tools).toHaveLength(allTools.length);
    await client.close();
  });

  it('reads the file once, and again after a failed read', async () => {
    const missing = liveViewFile('/nonexistent');
    await expect(missing()).rejects.toThrow(/ENOENT/);
    await expect(missing()).rejects.toThrow(/ENOENT/);
    const built = liveViewFile(new URL('../../dist', import.meta.url).pathname);
    const first = built();
    expect(built()).toBe(first);
    expect(await first).toBe(readFileSync(BUILT, 'utf8'));
  });
});

describe('the built view', () => {
  const html = readFileSync(BUILT, 'utf8');

  it('is one self-contained document: no remote script, style, frame or inline handler', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link[^>]*>/i);
    expect(html).not.toMatch(/<iframe/i);
    // An inline handler in the markup (the script's own text is not markup).
    const markup = html.replace(/<script>[\s\S]*<\/script>/, '').replace(/<style>[\s\S]*<\/style>/, '');
    expect(markup).not.toMatch(/\son[a-z]+=/i);
    expect(markup).toContain('<div id="root"></div>');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });
});

describe('the built server', () => {
  const sessions: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of sessions) await close();
  });

  for (const revision of ['2025-11-25', '2026-07-28'] as const) {
    it(`serves the view over stdio (${revision}), and answers get_active_livestreams as before`, async () => {
      const session = await connectSession({}, ['--demo'], revision);
      sessions.push(() => session.client.close());
      const { tools } = await session.client.listTools();
      const tool = tools.find((candidate) => candidate.name === 'get_active_livestreams');
      expect(tool?._meta).toEqual({ ui: { resourceUri: LIVE_VIEW_URI }, 'ui/resourceUri': LIVE_VIEW_URI });
      const { contents } = await session.client.readResource({ uri: LIVE_VIEW_URI });
      expect(contents[0]).toMatchObject({ mimeType: MCP_APP_MIME_TYPE, text: readFileSync(BUILT, 'utf8') });
      const result = await session.call('get_active_livestreams');
      expect(result.structuredContent?.livestreams).toHaveLength(6);
    });
  }

  it('serves it over HTTP with the caller’s token, and no secret is in it', async () => {
    const server = await startHttpServer({ CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID, REALTIMEKIT_APP_ID: 'app_1' });
    sessions.push(() => server.stop());
    const session = await connectHttp(server.url, { Authorization: `Bearer ${PLANTED.token}` });
    sessions.push(() => session.close());
    const { contents } = await session.client.readResource({ uri: LIVE_VIEW_URI });
    const text = (contents[0] as { text: string }).text;
    expect(text).toBe(readFileSync(BUILT, 'utf8'));
    for (const value of PLANTED_VALUES) expect(text + server.stderr()).not.toContain(value);
  });
});
