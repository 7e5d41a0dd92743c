// Drives the real server in-process with the SDK Client over an in-memory transport, the way a client
// does over stdio: schemas, validation and output checks all run as in production.
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { ACCOUNT_ID, APP_ID, BASE_URL, PLANTED } from '../../fixtures/api.js';
import { type Env, loadConfig } from '../../src/config/config.js';
import { createServer } from '../../src/server/server.js';
import type { ToolDefinition } from '../../src/tools/tool.js';
import { FakeClock } from './fake-clock.js';
import type { CallToolResult } from './result.js';

export const FULL_ENV: Env = {
  CLOUDFLARE_API_TOKEN: PLANTED.token,
  CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
  REALTIMEKIT_APP_ID: APP_ID,
  CLOUDFLARE_BASE_URL: BASE_URL,
};

export interface Harness {
  client: Client;
  logs: string[];
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * Runs on a FakeClock unless given another: retry waits and deadlines never cost real time in tests. Serves
 * the server's own tools unless given others, and fetches with the global fetch (msw's) unless given another.
 */
export async function startHarness(
  env: Env = FULL_ENV,
  clock: FakeClock = new FakeClock(),
  tools?: ReadonlyArray<ToolDefinition>,
  fetch?: typeof globalThis.fetch,
): Promise<Harness> {
  const logs: string[] = [];
  const logger = { log: (level: string, message: string) => logs.push(`${level}: ${message}`) };
  const server = createServer({
    config: loadConfig(env),
    logger,
    clock,
    ...(tools && { tools }),
    ...(fetch && { fetch }),
  });
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    logs,
    call: async (name, args = {}) => (await clock.settle(client.callTool({ name, arguments: args }))) as CallToolResult,
    close: async () => {
      await client.close();
      await server.close();
    },
  };
}

/**
 * A harness on the default server, started before the file's tests (or before each, with `each`) and closed
 * after them, as useMsw does for msw. Its calls reach the harness of the moment.
 */
export function useHarness({ each = false } = {}): Harness {
  let current: Harness | undefined;
  (each ? beforeEach : beforeAll)(async () => {
    current = await startHarness();
  });
  (each ? afterEach : afterAll)(async () => {
    await current?.close();
    current = undefined;
  });
  const started = (): Harness => {
    if (!current) throw new Error('useHarness: the harness is only running while tests run');
    return current;
  };
  return {
    get client() {
      return started().client;
    },
    get logs() {
      return started().logs;
    },
    call: (name, args) => started().call(name, args),
    close: () => started().close(),
  };
}

/** The one text block a model reads. */
export function textOf(result: CallToolResult): string {
  if (result.content.length !== 1) throw new Error(`expected one content block, got ${result.content.length}`);
  const [block] = result.content;
  if (block?.type !== 'text') throw new Error(`expected a text block, got ${block?.type}`);
  return block.text;
}
