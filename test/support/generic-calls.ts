// The answers every tool owes before it reaches the API, whatever it is: checked for each registered tool
// (test/tools/tools.test.ts) and for the throwaway tools of test/tools/adding-a-tool.test.ts. A tool with required
// arguments gives them as its `example`, and every call here starts from it.
import { expect, it } from 'vitest';
import type { ToolDefinition } from '../../src/tools/tool.js';
import { type Harness, textOf } from './harness.js';

export interface GenericCallServers {
  /** A server started with no variables at all. */
  unconfigured(): Harness;
  /** A server with every variable set. */
  configured(): Harness;
  /** The URLs of the API requests made since the test began. */
  requests: string[];
}

/** A fresh copy of the arguments a tool is called with when a test needs a call of each: its `example`, or none. */
export function exampleArguments(tool: ToolDefinition): Record<string, unknown> {
  return { ...(tool.example ?? {}) } as Record<string, unknown>;
}

export function genericCallChecks(tool: ToolDefinition, servers: GenericCallServers): void {
  const example = () => exampleArguments(tool);

  it('answers on a server without configuration with every variable to set, and sends nothing', async () => {
    servers.requests.length = 0;
    const result = await servers.unconfigured().call(tool.name, example());
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "Not configured: set CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID and REALTIMEKIT_APP_ID (or pass the app_id argument). Set them in the env block of this server's entry in the MCP client's configuration, then restart the server.",
    );
    expect(servers.requests).toEqual([]);
  });

  it('refuses an app_id that could change the request path, and sends nothing', async () => {
    servers.requests.length = 0;
    const result = await servers.configured().call(tool.name, { ...example(), app_id: '../other_account/x' });
    expect(textOf(result)).toBe(
      `Invalid arguments for ${tool.name}: app_id must be a RealtimeKit app id: 1-32 letters, digits, "_" or "-". No request was made.`,
    );
    expect(servers.requests).toEqual([]);
  });

  it('refuses an argument that looks like one of its own, saying which, and sends nothing', async () => {
    servers.requests.length = 0;
    const result = await servers.configured().call(tool.name, { ...example(), appId: 'app_1' });
    expect(textOf(result)).toBe(
      `Invalid arguments for ${tool.name}: Unrecognized key "appId": did you mean app_id? No request was made.`,
    );
    expect(servers.requests).toEqual([]);
  });
}
