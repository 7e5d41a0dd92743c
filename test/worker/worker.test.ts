// The Worker (worker/) under workerd, as `wrangler dev` runs it on this machine: the built Worker, its
// wrangler.jsonc, vars given as a deployment would have them, and the SDK Client over Streamable HTTP,
// against the loopback stand-in API. Needs the Worker's tooling: npm --prefix worker ci (npm run test:worker).
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, liveLivestream, MEETING_ID, meeting, PLANTED, PLANTED_VALUES } from '../../fixtures/api.js';
import { tools } from '../../src/tools/index.js';
import { exampleArguments } from '../support/generic-calls.js';
import { connectHttp, post } from '../support/http-server.js';
import { connectSession, eventually, standInEnv, text } from '../support/session.js';
import { type StandIn, startStandIn } from '../support/stand-in-api.js';
import { type Dev, resendingOnRestart, stop, wrangler, wranglerDev } from '../support/wrangler.js';

const APP = 'app_worker';
const ACCESS_KEY = 'rk-worker-access-key-0123456789abcdef0123456789';

let api: StandIn;

const sendOnce = globalThis.fetch;
beforeAll(() => {
  globalThis.fetch = resendingOnRestart(sendOnce);
});
afterAll(() => {
  globalThis.fetch = sendOnce;
});

beforeAll(async () => {
  api = await startStandIn({
    token: PLANTED.token,
    accountId: ACCOUNT_ID,
    apps: {
      // More active meetings than a Worker on Workers Free may ask about in one call.
      app_many: { meetings: Array.from({ length: 70 }, (_, i) => meeting(i + 1, { status: 'ACTIVE' })) },
      [APP]: {
        meetings: Array.from({ length: 12 }, (_, i) => meeting(i + 1, { status: i < 2 ? 'ACTIVE' : 'INACTIVE' })),
        livestreams: { [MEETING_ID]: liveLivestream() },
      },
    },
  });
});
afterAll(async () => {
  await api?.close();
});

describe('the Worker, with each caller bringing its own token', () => {
  let dev: Dev;
  beforeAll(async () => {
    dev = await wranglerDev({ CLOUDFLARE_BASE_URL: api.baseUrl, REALTIMEKIT_APP_ID: APP });
  }, 90_000);
  afterAll(async () => {
    await stop(dev);
    for (const secret of PLANTED_VALUES) expect(dev.output()).not.toContain(secret);
  });

  it('answers both tools as the stdio server does, over both protocol eras', async () => {
    const headers = { Authorization: `Bearer ${PLANTED.token}`, 'cf-account-id': ACCOUNT_ID };
    const legacy = await connectHttp(dev.url, headers);
    const modern = await connectHttp(dev.url, headers, '2026-07-28');
    const stdio = await connectSession(standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID));
    try {
      for (const tool of tools) {
        const [name, args] = [tool.name, exampleArguments(tool)];
        const expected = await stdio.call(name, args);
        expect(expected.isError).toBeFalsy();
        expect(await legacy.call(name, args)).toEqual(expected);
        expect(text(await modern.call(name, args))).toBe(text(expected));
      }
      expect((await legacy.client.listTools()).tools).toEqual((await stdio.client.listTools()).tools);
      // The live view, bundled into the Worker, is the same document the Node host reads from dist/.
      const uri = 'ui://realtimekit-mcp/live-view.html';
      expect((await modern.client.readResource({ uri })).contents).toEqual(
        (await stdio.client.readResource({ uri })).contents,
      );
    } finally {
      await legacy.close();
      await modern.close();
      await stdio.client.close();
    }
  });

  it("sweeps in scan pages that fit Workers Free's 50 subrequests, as its wrangler.jsonc sets", async () => {
    const session = await connectHttp(dev.url, {
      Authorization: `Bearer ${PLANTED.token}`,
      'cf-account-id': ACCOUNT_ID,
    });
    try {
      const before = api.requests.length;
      const result = await session.call('get_active_livestreams', { app_id: 'app_many' });
      expect(api.requests.length - before).toBeLessThanOrEqual(50);
      expect(result.structuredContent?.next_scan_page).toBe(2);
      expect(text(result)).toContain(
        'Only the first 45 active meetings are checked so far: call again with scan_page=2',
      );
    } finally {
      await session.close();
    }
  });

  it('refuses a request without a bearer with 401 before the API', async () => {
    const before = api.requests.length;
    const response = await post(dev.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer resource_metadata="[^"]+\/\.well-known\/oauth-protected-resource\/mcp"$/,
    );
    expect(api.requests.length).toBe(before);
  });

  it('writes one access-log line per request, with the API requests it made and no secret', async () => {
    const session = await connectHttp(dev.url, {
      Authorization: `Bearer ${PLANTED.token}`,
      'cf-account-id': ACCOUNT_ID,
    });
    try {
      const LINE =
        /http time=\S+ method=POST path=\/mcp status=200 auth=caller-token rpc=tools\/call tool=get_active_livestreams result=ok ms=\d+ api_requests=(\d+)/g;
      const logged = () => [...dev.output().matchAll(LINE)];
      const before = { requests: api.requests.length, lines: logged().length };
      await session.call('get_active_livestreams', { meeting_id: MEETING_ID });
      const made = api.requests.length - before.requests;
      await eventually(() => logged().length > before.lines, 5000);
      expect(Number(logged().at(-1)?.[1])).toBe(made);
      expect(dev.output()).toMatch(/http time=\S+ method=POST path=\/mcp status=401 auth=none/);
      // At its own level: wrangler marks what a Worker writes to console.error as [ERROR].
      expect(dev.output()).not.toMatch(/ERROR.*realtimekit-mcp info/);
      for (const secret of [...PLANTED_VALUES, ACCOUNT_ID]) expect(dev.output()).not.toContain(secret);
    } finally {
      await session.close();
    }
  });
});

describe('the Worker, with access keys and its own token (a secret)', () => {
  let dev: Dev;
  beforeAll(async () => {
    dev = await wranglerDev({
      ...standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID),
      REALTIMEKIT_MCP_ACCESS_KEYS: ACCESS_KEY,
    });
  }, 90_000);
  afterAll(async () => {
    await stop(dev);
  });

  it('serves a caller with a key and refuses one without', async () => {
    const before = api.requests.length;
    expect(
      (
        await post(
          dev.url,
          { jsonrpc: '2.0', id: 1, method: 'tools/list' },
          { Authorization: `Bearer ${PLANTED.token}` },
        )
      ).status,
    ).toBe(401);
    expect(api.requests.length).toBe(before);
    const session = await connectHttp(dev.url, { Authorization: `Bearer ${ACCESS_KEY}` });
    try {
      const answer = await session.call('get_active_livestreams', { meeting_id: MEETING_ID });
      expect(answer.isError, text(answer) + dev.output()).toBeFalsy();
      expect(api.requests.at(-1)?.authorization).toBe(`Bearer ${PLANTED.token}`);
      for (const secret of PLANTED_VALUES) expect(JSON.stringify(answer)).not.toContain(secret);
    } finally {
      await session.close();
    }
  });
});

it('builds for upload as `npm run deploy` would, offline (wrangler deploy --dry-run)', async () => {
  const { child, output: read } = wrangler(['deploy', '--dry-run']);
  const [code] = await once(child, 'exit');
  const output = read();
  expect(code, output).toBe(0);
  const gzipKiB = Number(/gzip: ([\d.]+) KiB/.exec(output)?.[1]);
  // Workers' free plan takes 3 MiB gzipped; this Worker is a small fraction of it.
  expect(gzipKiB).toBeGreaterThan(0);
  expect(gzipKiB).toBeLessThan(3 * 1024);
}, 60_000);
