// Spawns the built server over stdio and connects the SDK Client to it, recording raw stdout and stderr.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { RecordingStdioTransport } from './recording-stdio.js';
import type { CallToolResult } from './result.js';

const BIN = fileURLToPath(new URL('../../dist/index.cjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What the bundle is built from: an edit to any of it makes dist/ stale. */
const SOURCES = ['src', 'view', 'scripts/build.mjs', 'package-lock.json'];

let checked: string | undefined;

/**
 * The built server, dist/index.cjs, for the end-to-end suites to spawn; refused when it is missing or older than
 * what it is built from, so that a source edit is never tested against a stale bundle (`npm test` builds first;
 * `npx vitest run` does not).
 */
export function built(): string {
  if (checked) return checked;
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" (npm test does it first)`);
  const bundled = statSync(BIN).mtimeMs;
  const stale = SOURCES.flatMap((path) => files(join(ROOT, path))).filter((file) => statSync(file).mtimeMs > bundled);
  if (stale.length > 0) {
    throw new Error(
      `dist/ is older than ${stale
        .slice(0, 3)
        .map((file) => file.slice(ROOT.length))
        .join(', ')}: run "npm run build" (npm test does it first)`,
    );
  }
  checked = BIN;
  return BIN;
}

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true }).flatMap((entry) => files(join(path, entry.name)));
}

export interface Session {
  client: Client;
  transport: RecordingStdioTransport;
  call(name: string, args?: Record<string, unknown>, options?: { signal?: AbortSignal }): Promise<CallToolResult>;
}

/**
 * The built server over stdio with the SDK Client: by default a 2025-era client (the initialize handshake),
 * or one pinned to the 2026-07-28 revision.
 */
export async function connectSession(
  env: Record<string, string>,
  args: string[] = [],
  revision: '2025-11-25' | '2026-07-28' = '2025-11-25',
): Promise<Session> {
  const transport = new RecordingStdioTransport(process.execPath, [built(), ...args], {
    PATH: process.env.PATH ?? '',
    ...env,
  });
  const client = new Client(
    { name: 'e2e-client', version: '1.0.0' },
    revision === '2026-07-28' ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {},
  );
  await client.connect(transport);
  return {
    client,
    transport,
    call: async (name, args = {}, options = {}) =>
      (await client.callTool({ name, arguments: args }, options)) as CallToolResult,
  };
}

export function text(result: CallToolResult): string {
  return result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
}

/** Polls `condition` every 10 ms; fails after `ms`. For waiting on another process, not for timing it. */
export async function eventually(condition: () => boolean, ms = 5000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The environment of a server configured against a stand-in API at `baseUrl`, for `app`. */
export function standInEnv(baseUrl: string, app: string, token: string, accountId: string): Record<string, string> {
  return {
    CLOUDFLARE_API_TOKEN: token,
    CLOUDFLARE_ACCOUNT_ID: accountId,
    REALTIMEKIT_APP_ID: app,
    CLOUDFLARE_BASE_URL: baseUrl,
  };
}
