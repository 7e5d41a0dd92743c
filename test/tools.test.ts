// What every client sees of the tools: names, titles, descriptions, annotations and schemas.
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';

let harness: Harness;
let listed: Tool[];
beforeAll(async () => {
  harness = await startHarness({});
  listed = (await harness.client.listTools()).tools;
});
afterAll(async () => {
  await harness.close();
});

/** Keywords some clients reject or mishandle in tool input schemas. */
const UNPORTABLE = new Set(['anyOf', 'oneOf', 'allOf', 'not', '$ref', '$defs', 'definitions', 'format', 'pattern']);

function unportableKeywords(schema: unknown, path = '$'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((item, i) => unportableKeywords(item, `${path}[${i}]`));
  if (!schema || typeof schema !== 'object') return [];
  return Object.entries(schema).flatMap(([key, value]) => {
    // Property names are data, not keywords: a property may be called "format".
    if (key === 'properties' && value && typeof value === 'object') {
      return Object.entries(value).flatMap(([name, child]) => unportableKeywords(child, `${path}.properties.${name}`));
    }
    const here = UNPORTABLE.has(key) ? [`${path}.${key}`] : [];
    return [...here, ...unportableKeywords(value, `${path}.${key}`)];
  });
}

it('lists exactly the two tools, even with no configuration', () => {
  expect(listed.map((tool) => tool.name)).toEqual(['list_meetings', 'get_active_livestreams']);
});

describe.each(['list_meetings', 'get_active_livestreams'])('%s', (name) => {
  const tool = () => listed.find((t) => t.name === name) as Tool;

  it('is annotated as a read-only, idempotent call to an outside API, with a title', () => {
    expect(tool().title).toBeTruthy();
    expect(tool().annotations).toEqual({
      title: tool().title,
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: true,
    });
  });

  it('has a description under 2,048 characters that says when to use it', () => {
    const description = tool().description ?? '';
    expect(description.length).toBeGreaterThan(200);
    expect(description.length).toBeLessThan(2048);
  });

  it('describes every input property', () => {
    const properties = tool().inputSchema.properties ?? {};
    for (const [property, schema] of Object.entries(properties)) {
      expect((schema as { description?: string }).description, property).toBeTruthy();
    }
  });

  it('keeps its input schema portable', () => {
    expect(unportableKeywords(tool().inputSchema)).toEqual([]);
  });

  it('keeps its output schema free of references', () => {
    expect(unportableKeywords(tool().outputSchema).filter((path) => !/\.(format|pattern)$/.test(path))).toEqual([]);
  });

  it('advertises the JSON Schema in its snapshot', async () => {
    const { inputSchema, outputSchema } = tool();
    await expect(`${JSON.stringify({ inputSchema, outputSchema }, null, 2)}\n`).toMatchFileSnapshot(
      `./__snapshots__/${name}.schema.json`,
    );
  });
});

it('answers a call to an unknown tool with a protocol error naming the tools', async () => {
  await expect(harness.client.callTool({ name: 'list_meeting' })).rejects.toThrow(
    'Unknown tool "list_meeting"; the tools are list_meetings, get_active_livestreams.',
  );
  await expect(harness.client.callTool({ name: `x${'y'.repeat(100_000)}` })).rejects.toThrow(/^.{0,300}$/s);
});

it('lists every problem with the arguments at once, naming each argument', async () => {
  const result = await harness.call('list_meetings', { per_page: 0, status: 'LIVE', pageNo: 2 });
  expect(result.content).toEqual([
    {
      type: 'text',
      text: 'Invalid arguments for list_meetings: Invalid option: expected one of "ACTIVE"|"INACTIVE" (status); per_page must be 1-100; Unrecognized key: "pageNo". No request was made.',
    },
  ]);
});

it('finds unportable keywords where they are', () => {
  expect(unportableKeywords({ properties: { format: { type: 'string', format: 'uuid' }, x: { anyOf: [] } } })).toEqual([
    '$.properties.format.format',
    '$.properties.x.anyOf',
  ]);
});
