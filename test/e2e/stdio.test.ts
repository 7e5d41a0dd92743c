// End to end: the built bin, spawned over stdio and driven by the SDK Client, against the loopback
// stand-in of the API. This is what a user's MCP client does.

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
import { MEETING_COLUMNS } from '../support/contract.js';
import type { RecordingStdioTransport } from '../support/recording-stdio.js';
import type { CallToolResult } from '../support/result.js';
import { connectSession as connect, type Session, standInEnv, text } from '../support/session.js';
import { FAULTY_APPS, type StandIn, startStandIn } from '../support/stand-in-api.js';

const APP = 'app_e2e';

let api: StandIn;
beforeAll(async () => {
  api = await startStandIn({
    token: PLANTED.token,
    accountId: ACCOUNT_ID,
    apps: {
      [APP]: {
        meetings: Array.from({ length: 45 }, (_, i) => meeting(i + 1)),
        livestreams: {
          [MEETING_ID]: liveLivestream(),
          [meetingId(2)]: [liveLivestream({ id: 'ls_2', status: 'IDLE' })],
        },
      },
    },
  });
});
afterAll(async () => {
  await api.close();
});

function expectOnlyJsonRpcOnStdout(transport: RecordingStdioTransport): void {
  expect(transport.stdoutLines.length).toBeGreaterThan(0);
  for (const line of transport.stdoutLines) {
    expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
  }
  expect(transport.trailingStdout).toBe('');
}

function expectNoSecrets(session: Session, results: CallToolResult[]): void {
  const everything = JSON.stringify(results) + session.transport.stdoutLines.join('\n') + session.transport.stderr;
  for (const secret of PLANTED_VALUES) expect(everything).not.toContain(secret);
}

describe('a configured server', () => {
  let session: Session;
  const results: CallToolResult[] = [];
  beforeAll(async () => {
    session = await connect(standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID));
  });
  afterAll(async () => {
    await session.transport.close();
  });
  const call = async (name: string, args?: Record<string, unknown>) => {
    const result = await session.call(name, args);
    results.push(result);
    return result;
  };

  it('introduces itself and lists every tool with its schemas', async () => {
    expect(session.client.getServerVersion()).toMatchObject({ name: 'realtimekit-mcp' });
    const { tools: listed } = await session.client.listTools();
    expect(listed.map((tool) => [tool.name, Boolean(tool.inputSchema), Boolean(tool.outputSchema)])).toEqual(
      tools.map((tool) => [tool.name, true, true]),
    );
  });

  it('lists active meetings page by page', async () => {
    const first = await call('list_meetings', { status: 'ACTIVE', per_page: 10 });
    expect(first.isError).toBeFalsy();
    expect(text(first).split('\n')[0]).toBe(
      'Showing meetings 1-10 of 30 in app app_e2e (status ACTIVE); next: page_no=2. Each line: id, title, created (UTC, day of Oct 2026).',
    );
    expect(text(first).split('\n')[1]).toBe('All 10 are ACTIVE.');
    expect(first.structuredContent).toMatchObject({
      summary: 'Showing meetings 1-10 of 30 in app app_e2e (status ACTIVE); next: page_no=2.',
      notes: [],
      total: 30,
      page_no: 1,
      per_page: 10,
      next_page_no: 2,
      next_per_page: 10,
      columns: MEETING_COLUMNS,
    });
    // What the text says once, every row says: a program reads each row alone.
    const [row] = (first.structuredContent?.meetings ?? []) as unknown[][];
    expect(row?.slice(2)).toEqual([
      'ACTIVE',
      expect.stringMatching(/^2026-10-\d\dT09:\d\d:07Z$/),
      'record livestream transcript summary chat',
    ]);
    const last = await call('list_meetings', { status: 'ACTIVE', per_page: 10, page_no: 3 });
    expect(text(last).split('\n')[0]).toBe(
      'Showing meetings 21-30 of 30 in app app_e2e (status ACTIVE). Each line: id, title, created (UTC, day of Oct 2026).',
    );
  });

  it('finds a meeting by title, with its recording config and no secrets', async () => {
    const result = await call('list_meetings', { search: 'Weekly sync 42', include_recording_config: true });
    expect(text(result)).toContain(`${meetingId(42)} "Weekly sync 42" INACTIVE Oct 15 09:42`);
    expect(text(result)).toContain('withheld: access_key, secret, password, private_key, rtmp_url path');
  });

  it('tells where a live stream can be watched', async () => {
    const result = await call('get_active_livestreams', { meeting_id: MEETING_ID });
    expect(text(result)).toContain('ls_7f3a91c2 LIVE "All-hands" watch https://');
    expect(text(result)).toContain('stream key withheld');
    const array = await call('get_active_livestreams', { meeting_id: meetingId(2) });
    expect(text(array)).toContain('ls_2 IDLE');
  });

  it('answers "nothing live" for a meeting without a livestream', async () => {
    const result = await call('get_active_livestreams', { meeting_id: meetingId(3) });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent?.livestreams).toEqual([]);
  });

  const rejected = (action: string) =>
    `The Cloudflare API rejected the token (HTTP 403, code 10000: Authentication error) while ${action}. Check that CLOUDFLARE_API_TOKEN is a valid API token with the Realtime or Realtime Admin permission, and that CLOUDFLARE_ACCOUNT_ID (${ACCOUNT_ID}) is the account it belongs to.`;
  it.each([
    [
      { app_id: 'no_such_app' },
      `App no_such_app was not found in account ${ACCOUNT_ID} (HTTP 404: Error: resource not found). Pass one of the account's apps as app_id: app_e2e.`,
    ],
    [{ app_id: FAULTY_APPS.forbidden }, rejected('listing meetings')],
    [
      { app_id: FAULTY_APPS.badGateway },
      'The RealtimeKit API failed (HTTP 502 Bad Gateway; tried 3 times) while listing meetings. This is a fault on the API side; try again in a minute.',
    ],
    [
      { app_id: FAULTY_APPS.notJson },
      'The RealtimeKit API answered HTTP 200 while listing meetings, but the body is not JSON (content-type text/html), so there is nothing to summarise. This is usually a proxy or an outage in between; try again later.',
    ],
    [{ per_page: 1000 }, 'Invalid arguments for list_meetings: per_page must be 1-100. No request was made.'],
  ])('answers %j with an actionable error and keeps serving', async (args, message) => {
    const result = await call('list_meetings', args);
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(message);
    expect((await call('list_meetings', { per_page: 1 })).isError).toBeFalsy();
  });

  it("answers a call with Gemini CLI's wait_for_previous exactly as one without it", async () => {
    const plain = await call('list_meetings', { per_page: 2 });
    const withFlag = await call('list_meetings', { per_page: 2, wait_for_previous: true });
    expect(withFlag).toEqual(plain);
    expect(withFlag.isError).toBeFalsy();
  });

  it('answers despite an argument it does not take, and says it ignored it', async () => {
    const result = await call('get_active_livestreams', { meeting_id: MEETING_ID, priority: 'high' });
    expect(text(result).split('\n').at(-1)).toBe(
      'Ignored an argument get_active_livestreams does not take: "priority".',
    );
    expect(result.structuredContent?.notes).toContain(
      'Ignored an argument get_active_livestreams does not take: "priority".',
    );
  });

  it('never sent a request for an invalid argument, and sent the token only as a bearer header', async () => {
    await call('get_active_livestreams', { meeting_id: '../../../apps' });
    expect(api.requests.some((request) => request.url.includes('..'))).toBe(false);
    expect(api.requests.every((request) => request.authorization === `Bearer ${PLANTED.token}`)).toBe(true);
    expect(api.requests.some((request) => request.url.includes(PLANTED.token))).toBe(false);
  });

  it('wrote only JSON-RPC to stdout and no secret anywhere', () => {
    expectOnlyJsonRpcOnStdout(session.transport);
    expectNoSecrets(session, results);
  });

  it('exits cleanly when the client closes stdin', async () => {
    expect(await session.transport.closeStdin()).toBe(0);
  });
});

describe('a server without configuration', () => {
  it('starts, lists its tools, warns once and answers calls with what is missing', async () => {
    const session = await connect({});
    const { tools: listed } = await session.client.listTools();
    expect(listed).toHaveLength(tools.length);
    const result = await session.call('list_meetings');
    expect(result.isError).toBe(true);
    expect(text(result)).toBe(
      "Not configured: set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID and REALTIMEKIT_APP_ID (or pass the app_id argument). Set them in the env block of this server's entry in the MCP client's configuration, then restart the server.",
    );
    expect(await session.transport.closeStdin()).toBe(0);
    expect(session.transport.stderr.match(/missing CLOUDFLARE_API_TOKEN/g)).toHaveLength(1);
    expectOnlyJsonRpcOnStdout(session.transport);
  });
});

describe('a server with a rejected token', () => {
  it('says the token was rejected, and never prints it', async () => {
    const wrong = 'WRONG-TOKEN-value-never-printed';
    const session = await connect({
      CLOUDFLARE_API_TOKEN: wrong,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
      REALTIMEKIT_APP_ID: APP,
      CLOUDFLARE_BASE_URL: api.baseUrl,
    });
    const result = await session.call('get_active_livestreams', { meeting_id: MEETING_ID });
    await session.transport.close();
    expect(text(result)).toBe(
      `The Cloudflare API rejected the token (HTTP 401, code 10000: Authentication error) while fetching active livestreams. Check that CLOUDFLARE_API_TOKEN is a valid API token with the Realtime or Realtime Admin permission, and that CLOUDFLARE_ACCOUNT_ID (${ACCOUNT_ID}) is the account it belongs to.`,
    );
    expect(JSON.stringify(result) + session.transport.stdoutLines.join('') + session.transport.stderr).not.toContain(
      wrong,
    );
  });
});

describe('a server with REALTIMEKIT_MCP_STRUCTURED=off', () => {
  it('advertises no output schemas and answers with the text alone, the same text', async () => {
    const env = standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID);
    const textOnly = await connect({ ...env, REALTIMEKIT_MCP_STRUCTURED: 'off' });
    const both = await connect(env);
    const { tools: listed } = await textOnly.client.listTools();
    expect(listed.map((tool) => tool.outputSchema)).toEqual(tools.map(() => undefined));
    const args = { status: 'ACTIVE', per_page: 5 };
    const [bare, full] = [await textOnly.call('list_meetings', args), await both.call('list_meetings', args)];
    await Promise.all([textOnly.transport.close(), both.transport.close()]);
    expect(bare).toEqual({ content: full.content });
  });
});

describe('a server whose API is unreachable', () => {
  it('reports the connection failure and the base URL to check', async () => {
    const closed = await startStandIn({ token: 'x', accountId: ACCOUNT_ID, apps: {} });
    await closed.close();
    const session = await connect(standInEnv(closed.baseUrl, APP, PLANTED.token, ACCOUNT_ID));
    const result = await session.call('list_meetings');
    await session.transport.close();
    expect(text(result)).toBe(
      `Could not reach the RealtimeKit API at ${closed.baseUrl} while listing meetings (ECONNREFUSED; tried 3 times). Check the network connection and CLOUDFLARE_BASE_URL (${closed.baseUrl}).`,
    );
  });
});

it('serves a client of the 2026-07-28 revision the same tools and answers', async () => {
  const env = standInEnv(api.baseUrl, APP, PLANTED.token, ACCOUNT_ID);
  const modern = await connect(env, [], '2026-07-28');
  const legacy = await connect(env);
  try {
    expect((await modern.client.listTools()).tools).toEqual((await legacy.client.listTools()).tools);
    for (const [name, args] of [
      ['list_meetings', { per_page: 3 }],
      ['get_active_livestreams', { meeting_id: MEETING_ID }],
    ] as const) {
      const { content, structuredContent, isError } = await modern.call(name, args);
      expect(isError).toBeFalsy();
      // The 2026-07-28 revision adds its own result _meta; what the model reads is the same.
      expect({ content, structuredContent }).toEqual(await legacy.call(name, args));
    }
    expectOnlyJsonRpcOnStdout(modern.transport);
  } finally {
    await modern.client.close();
    await legacy.client.close();
  }
});
