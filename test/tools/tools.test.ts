// What every client sees of each registered tool (annotations, descriptions, portable schemas and their
// snapshot), and the answers every tool owes before it reaches the API. Nothing here names a tool: a new
// one in src/tools/index.ts gets every check.
import type { Tool } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/tools/index.js';
import { genericCallChecks } from '../support/generic-calls.js';
import { FULL_ENV, type Harness, startHarness } from '../support/harness.js';
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

  genericCallChecks(tool, { unconfigured: () => unconfigured, configured: () => configured, requests });
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
