// mcp.json is the configuration a client (Claude Code's .mcp.json format) launches: prove that it does,
// with the SDK's own stdio client transport, expanding ${VAR} and ${VAR:-default} as clients do.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ACCOUNT_ID, MEETING_ID, meeting, PLANTED } from '../../fixtures/api.js';
import type { CallToolResult } from '../support/result.js';
import { type StandIn, startStandIn } from '../support/stand-in-api.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface ServerEntry {
  command: string;
  args: string[];
  env: Record<string, string>;
}

function expand(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::-([^}]*))?\}/g, (_match, name: string, fallback?: string) => {
    const set = env[name];
    if (set !== undefined && set !== '') return set;
    if (fallback !== undefined) return fallback;
    throw new Error(`mcp.json needs ${name}`);
  });
}

let api: StandIn;
beforeAll(async () => {
  api = await startStandIn({
    token: PLANTED.token,
    accountId: ACCOUNT_ID,
    apps: { app_cfg: { meetings: [meeting(1)] } },
  });
});
afterAll(async () => {
  await api.close();
});

it('declares one stdio server with every configuration variable', () => {
  const config = JSON.parse(readFileSync(`${ROOT}/mcp.json`, 'utf8'));
  const entries = Object.values(config.mcpServers) as ServerEntry[];
  expect(entries).toHaveLength(1);
  expect(Object.keys(entries[0]?.env ?? {}).sort()).toEqual([
    'CLOUDFLARE_ACCOUNT_ID',
    'CLOUDFLARE_API_TOKEN',
    'CLOUDFLARE_BASE_URL',
    'REALTIMEKIT_APP_ID',
  ]);
  // Placeholders only: never a literal credential in a file people commit.
  for (const value of Object.values(entries[0]?.env ?? {})) expect(value).toMatch(/^\$\{[A-Z_]+(:-[^}]*)?\}$/);
});

it('launches the server, which answers a tool call', async () => {
  const { mcpServers } = JSON.parse(readFileSync(`${ROOT}/mcp.json`, 'utf8'));
  const entry = Object.values(mcpServers)[0] as ServerEntry;
  const userEnv = {
    CLOUDFLARE_API_TOKEN: PLANTED.token,
    CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
    REALTIMEKIT_APP_ID: 'app_cfg',
    CLOUDFLARE_BASE_URL: api.baseUrl,
  };
  const env = Object.fromEntries(Object.entries(entry.env).map(([name, value]) => [name, expand(value, userEnv)]));
  const transport = new StdioClientTransport({
    command: entry.command === 'node' ? process.execPath : entry.command,
    args: entry.args,
    env,
    cwd: ROOT,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'mcp-json-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    const meetings = (await client.callTool({ name: 'list_meetings' })) as CallToolResult;
    expect(meetings.isError).toBeFalsy();
    expect(meetings.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('"Weekly sync 1"') });
    const live = (await client.callTool({
      name: 'get_active_livestreams',
      arguments: { meeting_id: MEETING_ID },
    })) as CallToolResult;
    expect(live.content[0]).toMatchObject({ text: expect.stringContaining('No active livestream') });
  } finally {
    await client.close();
  }
});

it('falls back to the public API when CLOUDFLARE_BASE_URL is unset', () => {
  const { mcpServers } = JSON.parse(readFileSync(`${ROOT}/mcp.json`, 'utf8'));
  const entry = Object.values(mcpServers)[0] as ServerEntry;
  expect(expand(entry.env.CLOUDFLARE_BASE_URL ?? '', {})).toBe('https://api.cloudflare.com/client/v4');
  expect(expand(entry.env.REALTIMEKIT_APP_ID ?? '', {})).toBe('');
});
