// What every client sees of each registered tool (annotations, descriptions, portable schemas and their
// snapshot), and the answers every tool owes before it reaches the API. Nothing here names a tool: a new
// one in src/tools/index.ts gets every check.
import type { Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/tools/index.js';
import { FULL_ENV, type Harness, startHarness, textOf } from '../support/harness.js';
import { useMsw } from '../support/msw.js';
import { TOOL_CONTRACT, unportableKeywords } from '../support/tool-contract.js';

const server = useMsw();
const requests: string[] = [];
server.events.on('request:start', ({ request }) => {
  requests.push(request.url);
});

let unconfigured: Harness;
let configured: Harness;
let listed: Tool[];
beforeAll(async () => {
  unconfigured = await startHarness({});
  configured = await startHarness(FULL_ENV);
  listed = (await unconfigured.client.listTools()).tools;
});
afterAll(async () => {
  await unconfigured.close();
  await configured.close();
});

it('lists every registered tool, in order, even with no configuration', () => {
  expect(listed.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
});

describe.each(tools)('$name', (tool) => {
  const shown = () => listed.find((candidate) => candidate.name === tool.name) as Tool;

  it.each(TOOL_CONTRACT)('%s', (_promise, check) => {
    expect(check(tool, shown())).toEqual([]);
  });

  it('advertises the JSON Schema in its snapshot', async () => {
    const { inputSchema, outputSchema } = shown();
    await expect(`${JSON.stringify({ inputSchema, outputSchema }, null, 2)}\n`).toMatchFileSnapshot(
      `./__snapshots__/${tool.name}.schema.json`,
    );
  });

  it('answers on a server without configuration with every variable to set, and sends nothing', async () => {
    requests.length = 0;
    const result = await unconfigured.call(tool.name, {});
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Not configured: set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID and REALTIMEKIT_APP_ID (or pass the app_id argument). Set them in the env block of this server's entry in the MCP client's configuration, then restart the server.",
    );
    expect(requests).toEqual([]);
  });

  it('refuses an app_id that could change the request path, and sends nothing', async () => {
    requests.length = 0;
    const result = await configured.call(tool.name, { app_id: '../other_account/x' });
    expect(textOf(result)).toBe(
      `Invalid arguments for ${tool.name}: app_id must be a RealtimeKit app id: 1-32 letters, digits, "_" or "-". No request was made.`,
    );
    expect(requests).toEqual([]);
  });

  it('refuses an argument that looks like one of its own, saying which, and sends nothing', async () => {
    requests.length = 0;
    const result = await configured.call(tool.name, { appId: 'app_1' });
    expect(textOf(result)).toBe(
      `Invalid arguments for ${tool.name}: Unrecognized key "appId": did you mean app_id? No request was made.`,
    );
    expect(requests).toEqual([]);
  });
});

it('answers a call to an unknown tool with a protocol error naming the tools', async () => {
  await expect(configured.client.callTool({ name: 'list_meeting' })).rejects.toThrow(
    `Unknown tool "list_meeting"; the tools are ${tools.map((tool) => tool.name).join(', ')}.`,
  );
  await expect(configured.client.callTool({ name: `x${'y'.repeat(100_000)}` })).rejects.toThrow(/^.{0,300}$/s);
});

it('lists every problem with the arguments at once, naming each argument', async () => {
  const result = await configured.call('list_meetings', { per_page: 0, status: 'LIVE', pageNo: 2 });
  expect(result.content).toEqual([
    {
      type: 'text',
      text: 'Invalid arguments for list_meetings: Invalid option: expected one of "ACTIVE"|"INACTIVE" (status); per_page must be 1-100; Unrecognized key "pageNo": did you mean page_no? No request was made.',
    },
  ]);
});

it('finds unportable keywords where they are', () => {
  expect(unportableKeywords({ properties: { format: { type: 'string', format: 'uuid' }, x: { anyOf: [] } } })).toEqual([
    '$.properties.format.format',
    '$.properties.x.anyOf',
  ]);
});
