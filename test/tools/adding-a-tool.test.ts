// A third tool, written as a newcomer would (a defineTool like src/tools/list-meetings.ts, here inline) and
// served beside the real ones. Everything that lists tools lists it, every contract check runs on it (and
// each finds what it is for), and every promise of a call holds for it without a line naming it: the
// arguments, the configuration, the words of a failure, retries, the deadline and a clean log.
import type { Tool } from '@modelcontextprotocol/client';
import { HttpResponse, http } from 'msw';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ACCOUNT_ID, gatewayError, MEETING_ID, meetingsPage, PLANTED } from '../../fixtures/api.js';
import { manifestTools, toolReference } from '../../scripts/tool-docs.js';
import { helpText } from '../../src/hosts/cli.js';
import { isUuid } from '../../src/lib/ids.js';
import { describeTools, instructions } from '../../src/server/server.js';
import { appIdArgument } from '../../src/tools/args.js';
import { tools } from '../../src/tools/index.js';
import { defineTool, READ_ONLY_API_TOOL, type ToolDefinition } from '../../src/tools/tool.js';
import { FakeClock } from '../support/fake-clock.js';
import { genericCallChecks } from '../support/generic-calls.js';
import { FULL_ENV, type Harness, startHarness, textOf } from '../support/harness.js';
import { APP_URL, serveApps, useMsw } from '../support/msw.js';
import { TOOL_CONTRACT } from '../support/tool-contract.js';

const server = useMsw();
const MEETINGS_URL = `${APP_URL}/meetings`;

const countMeetings = defineTool({
  name: 'fixture_count_meetings',
  title: 'Count RealtimeKit meetings',
  summary: "counts an app's meetings, by status",
  action: 'counting meetings',
  narrow: 'status',
  description: [
    "Count a Cloudflare RealtimeKit app's meetings, all of them or only those ACTIVE or INACTIVE (status),",
    'without listing them: one request, one number. Use list_meetings to see the meetings themselves, their',
    'ids and titles, a page at a time.',
  ].join(' '),
  inputSchema: z.strictObject({
    app_id: appIdArgument,
    status: z.enum(['ACTIVE', 'INACTIVE']).optional().describe('Only meetings with this status.'),
  }),
  outputSchema: z.object({ summary: z.string(), notes: z.array(z.string()), count: z.number() }),
  annotations: READ_ONLY_API_TOOL,

  async handler(args, { api, appId, request }) {
    const filter = args.status && { status: args.status };
    const page = await api.listMeetings(appId, { page_no: 1, per_page: 1, ...filter }, request);
    const count = page.paging.total_count;
    const summary = `${count} meetings in app ${appId}.`;
    return { structured: { summary, notes: [], count }, text: summary };
  },
});

/** Another tool, whose handler never answers and ignores its signal: the call must answer for it. */
const stall = defineTool({
  ...countMeetings,
  name: 'stall',
  handler: () => new Promise<never>(() => {}),
});

/** Another, whose handler has a bug that puts the token into an error message. */
const leak = defineTool({
  ...countMeetings,
  name: 'leak',
  handler: async () => {
    throw new Error(`upstream refused "Bearer ${PLANTED.token}"`);
  },
});

/** Another, whose handler returns more than its output schema declares (the way spreading an API object would). */
const overshare = defineTool({
  ...countMeetings,
  name: 'overshare',
  handler: async (_args, { appId }) => {
    const structured = {
      summary: `1 meeting in app ${appId}.`,
      notes: [],
      count: 1,
      stream_key: 'sk_live_not_declared',
    };
    return { structured, text: '1 meeting.' };
  },
});

/** Another, whose handler has a bug that puts the token into its answer, in any case. */
const echo = defineTool({
  ...countMeetings,
  name: 'echo',
  handler: async () => {
    const summary = `Authorization: Bearer ${PLANTED.token.toUpperCase()}`;
    return { structured: { summary, notes: [`token ${PLANTED.token}`], count: 1 }, text: summary };
  },
});

const served = [...tools, countMeetings, stall, leak, overshare, echo] as ReadonlyArray<ToolDefinition>;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function serve(env = FULL_ENV, clock = new FakeClock()): Promise<Harness> {
  harness = await startHarness(env, clock, served);
  return harness;
}

describe('everything that lists tools lists it', () => {
  it('tools/list, with its schemas', async () => {
    const { tools: listed } = await (await serve()).client.listTools();
    expect(listed.map((tool) => tool.name)).toEqual([
      ...tools.map((tool) => tool.name),
      'fixture_count_meetings',
      'stall',
      'leak',
      'overshare',
      'echo',
    ]);
    expect(listed.find((tool) => tool.name === 'fixture_count_meetings')?.inputSchema).toEqual({
      type: 'object',
      properties: {
        app_id: { type: 'string', description: "RealtimeKit app id. Defaults to the server's REALTIMEKIT_APP_ID." },
        status: { type: 'string', enum: ['ACTIVE', 'INACTIVE'], description: 'Only meetings with this status.' },
      },
      additionalProperties: false,
    });
  });

  it('--help, the instructions, the README reference and the extension manifest', () => {
    const withIt = [...tools, countMeetings] as ReadonlyArray<ToolDefinition>;
    expect(helpText(withIt)).toContain("\n  fixture_count_meetings   counts an app's meetings, by status\n");
    expect(instructions(withIt)).toContain(
      "; fixture_count_meetings counts an app's meetings, by status. Secrets are withheld.",
    );
    expect(toolReference(withIt)).toContain('## `fixture_count_meetings`: Count RealtimeKit meetings');
    expect(manifestTools(withIt).at(-1)).toEqual({
      name: 'fixture_count_meetings',
      description: "Counts an app's meetings, by status.",
    });
  });
});

describe('every contract check', () => {
  const [listed] = describeTools([countMeetings]) as [Tool];

  it.each(TOOL_CONTRACT)('passes it: %s', (_promise, check) => {
    expect(check(countMeetings, listed)).toEqual([]);
  });

  it('finds what it is for in a tool that breaks all of them', () => {
    const broken = {
      ...countMeetings,
      summary: 'Counts meetings.',
      action: 'counts',
      description: 'Counts meetings.',
      inputSchema: z.strictObject({ status: z.string().regex(/^[A-Z]+$/) }),
      outputSchema: z.object({
        count: z.union([z.number(), z.object({ estimate: z.number() })]),
        estimate: z.number().optional(),
      }),
      annotations: { readOnlyHint: true },
    } as unknown as ToolDefinition;
    const [shown] = describeTools([broken]) as [Tool];
    for (const [promise, check] of TOOL_CONTRACT) expect(check(broken, shown), promise).not.toEqual([]);
  });
});

describe('every promise of a call holds for it', () => {
  it('answers from the API', async () => {
    server.use(http.get(MEETINGS_URL, () => HttpResponse.json(meetingsPage([], { total_count: 41 }))));
    const result = await (await serve()).call('fixture_count_meetings', { status: 'ACTIVE' });
    expect(result).toEqual({
      content: [{ type: 'text', text: '41 meetings in app app_test_01.' }],
      structuredContent: { summary: '41 meetings in app app_test_01.', notes: [], count: 41 },
    });
  });

  it('refuses bad arguments, and names what is missing, before any request', async () => {
    expect(textOf(await (await serve()).call('fixture_count_meetings', { status: 'LIVE' }))).toBe(
      'Invalid arguments for fixture_count_meetings: Invalid option: expected one of "ACTIVE"|"INACTIVE" (status). No request was made.',
    );
    expect(textOf(await (await serve({})).call('fixture_count_meetings'))).toMatch(
      /^Not configured: set CLOUDFLARE_API_TOKEN /,
    );
  });

  it('says what failed while doing what, after retrying what is worth retrying', async () => {
    let requests = 0;
    server.use(
      http.get(MEETINGS_URL, () => {
        requests += 1;
        return requests === 1
          ? new HttpResponse('busy', { status: 503 })
          : HttpResponse.json(gatewayError(10000, 'Authentication error'), { status: 403 });
      }),
    );
    const served = await serve();
    expect(textOf(await served.call('fixture_count_meetings'))).toBe(
      `The Cloudflare API rejected the token (HTTP 403, code 10000: Authentication error; tried 2 times) while counting meetings. Check that CLOUDFLARE_API_TOKEN is a valid API token with the Realtime or Realtime Admin permission, and that CLOUDFLARE_ACCOUNT_ID (${ACCOUNT_ID}) is the account it belongs to.`,
    );
    expect(served.logs).toEqual([
      expect.stringMatching(
        /^info: fixture_count_meetings: counting meetings: attempt 1 failed \(HTTP 503\); retrying in \d+ ms$/,
      ),
    ]);
  });

  it('sends only the fields its output schema declares, whatever the handler returns', async () => {
    const result = await (await serve()).call('overshare');
    expect(result.structuredContent).toEqual({ summary: '1 meeting in app app_test_01.', notes: [], count: 1 });
    expect(JSON.stringify(result)).not.toContain('sk_live_not_declared');
  });

  it('never answers with the token, whatever the handler returns', async () => {
    const result = await (await serve()).call('echo');
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Authorization: Bearer [redacted]' }],
      structuredContent: { summary: 'Authorization: Bearer [redacted]', notes: ['token [redacted]'], count: 1 },
    });
  });

  it('answers at the deadline, plus a second of grace, for a handler that never does', async () => {
    const clock = new FakeClock();
    const served = await serve({ ...FULL_ENV, REALTIMEKIT_MCP_TIMEOUT_SECONDS: '5' }, clock);
    const started = clock.now();
    const result = await served.call('stall');
    expect(clock.now() - started).toBe(6000);
    const text =
      'Timed out after 5 s while counting meetings: the RealtimeKit API did not answer in time. Try again in a moment; REALTIMEKIT_MCP_TIMEOUT_SECONDS sets the limit.';
    expect(result).toEqual({ isError: true, content: [{ type: 'text', text }] });
    expect(served.logs).toEqual([`warning: stall: ${text}`]);
    expect(clock.pending).toEqual([]);
  });

  it('answers a bug without its internals, and cuts the token out of the log line, wherever it goes', async () => {
    const served = await serve();
    const sentToClient: string[] = [];
    served.client.setNotificationHandler('notifications/message', (notification) => {
      sentToClient.push(String(notification.params.data));
    });
    await served.client.setLoggingLevel('error');
    const result = await served.call('leak');
    expect(textOf(result)).toBe(
      "leak failed with an internal error in realtimekit-mcp; the details are in the server's log.",
    );
    for (const lines of [served.logs, sentToClient]) {
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/leak failed: Error: upstream refused "Bearer \[redacted\]"\n {4}at /);
      expect(lines[0]).not.toContain(PLANTED.token);
    }
  });
});

/**
 * A tool with a required argument, its own words for a meeting it cannot find, and its own hint after the
 * server's words for a 404 (an unknown app here): what a realistic get_meeting would be.
 */
const findMeeting = defineTool({
  name: 'fixture_find_meeting',
  title: 'Find a RealtimeKit meeting',
  summary: 'finds one meeting by its id',
  action: 'finding a meeting',
  narrow: 'a meeting_id',
  notFound: 'fixture_find_meeting looks in one app: pass the app_id the meeting belongs to.',
  example: { meeting_id: MEETING_ID },
  description: [
    'Find one meeting of a Cloudflare RealtimeKit app by its id (a UUID), and say whether it is there and its',
    'status. Use list_meetings to find ids and titles, a page at a time; this tool answers for one meeting,',
    'in the app app_id names or the default app.',
  ].join(' '),
  inputSchema: z.strictObject({
    app_id: appIdArgument,
    meeting_id: z.string().refine(isUuid, 'meeting_id must be a meeting UUID').describe('The meeting to find.'),
  }),
  outputSchema: z.object({ summary: z.string(), notes: z.array(z.string()), found: z.boolean() }),
  annotations: READ_ONLY_API_TOOL,

  async handler(args, { api, appId, request }) {
    const page = await api.listMeetings(appId, { page_no: 1, per_page: 1, search: args.meeting_id }, request, {
      recordingConfig: false,
    });
    const meeting = page.data.find((candidate) => candidate.id === args.meeting_id);
    const summary = meeting
      ? `Meeting ${meeting.id} in app ${appId}: ${meeting.status ?? 'no status'}.`
      : `No meeting ${args.meeting_id} in app ${appId}: list_meetings shows the ones there are.`;
    return { structured: { summary, notes: [], found: meeting !== undefined }, text: summary };
  },
});

describe('a tool with a required argument and its own words for what is not found', () => {
  const requests: string[] = [];
  let unconfigured: Harness;
  let configured: Harness;
  beforeAll(async () => {
    server.events.on('request:start', ({ request }) => {
      requests.push(request.url);
    });
    unconfigured = await startHarness({}, new FakeClock(), [...tools, findMeeting]);
    configured = await startHarness(FULL_ENV, new FakeClock(), [...tools, findMeeting]);
  });
  afterAll(async () => {
    await unconfigured.close();
    await configured.close();
  });

  it('passes every contract check', () => {
    const [listed] = describeTools([findMeeting]) as [Tool];
    for (const [promise, check] of TOOL_CONTRACT) expect(check(findMeeting, listed), promise).toEqual([]);
  });

  genericCallChecks(findMeeting, { unconfigured: () => unconfigured, configured: () => configured, requests });

  it('says in its own words that a meeting is not there', async () => {
    server.use(http.get(MEETINGS_URL, () => HttpResponse.json(meetingsPage([]))));
    const result = await configured.call('fixture_find_meeting', { meeting_id: MEETING_ID });
    expect(textOf(result)).toBe(`No meeting ${MEETING_ID} in app app_test_01: list_meetings shows the ones there are.`);
  });

  it("adds its own hint to the server's words for a 404, which say what was not found", async () => {
    serveApps(server, { app_events: { name: 'Events', meetings: [] } });
    const result = await configured.call('fixture_find_meeting', { meeting_id: MEETING_ID, app_id: 'app_typo' });
    expect(textOf(result)).toBe(
      `App app_typo was not found in account ${ACCOUNT_ID} (HTTP 404: Error: resource not found). Pass one of the account's apps as app_id: app_events ("Events"). fixture_find_meeting looks in one app: pass the app_id the meeting belongs to.`,
    );
  });
});
