// Spawns the built server with --http on a free port and connects SDK Clients to it over Streamable HTTP,
// recording stderr. This is what a user's remote MCP client does.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { CallToolResult } from './result.js';
import { built, eventually } from './session.js';

export interface HttpServerProcess {
  /** The MCP endpoint, http://127.0.0.1:PORT/mcp. */
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export async function startHttpServer(env: Record<string, string>, args: string[] = []): Promise<HttpServerProcess> {
  const child = spawn(process.execPath, [built(), '--http', '--port', '0', ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  await eventually(() => exited || /serving MCP at (\S+)/.test(stderr), 10_000);
  const url = /serving MCP at (\S+)/.exec(stderr)?.[1];
  if (!url) throw new Error(`the server did not start: ${stderr}`);
  return {
    url,
    child,
    stderr: () => stderr + (stdout ? `\n[stdout] ${stdout}` : ''),
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exit = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exit;
      return code as number | null;
    },
  };
}

export interface HttpSession {
  client: Client;
  call(name: string, args?: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * An SDK Client over Streamable HTTP, sending `headers` with every request: by default a 2025-era client
 * (the initialize handshake), or one pinned to the stateless 2026-07-28 revision.
 */
export async function connectHttp(
  url: string,
  headers: Record<string, string> = {},
  revision: '2025-11-25' | '2026-07-28' = '2025-11-25',
): Promise<HttpSession> {
  const client = new Client(
    { name: 'http-e2e', version: '1.0.0' },
    revision === '2026-07-28' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return {
    client,
    call: async (name, args = {}, options = {}) =>
      (await client.callTool({ name, arguments: args }, options)) as CallToolResult,
    close: () => client.close(),
  };
}

/** A raw POST of one JSON-RPC message, for what an SDK client would never send. */
export function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'Mcp-Protocol-Version': '2025-11-25',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
