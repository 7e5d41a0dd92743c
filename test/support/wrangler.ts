// `wrangler dev` on this machine, offline (no login, no metrics, no request to Cloudflare), for the tests that run
// the built Worker (worker/) under workerd: its wrangler.jsonc, vars given as a deployment would have them. Needs
// the Worker's tooling: npm --prefix worker ci (npm run test:worker).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { eventually } from './session.js';

export const WORKER = fileURLToPath(new URL('../../worker/', import.meta.url));
const WRANGLER = `${WORKER}node_modules/.bin/wrangler`;

export interface Dev {
  /** The MCP endpoint, http://127.0.0.1:PORT/mcp. */
  url: string;
  /** The Worker's origin, http://127.0.0.1:PORT. */
  origin: string;
  output(): string;
  child: ChildProcess;
}

/**
 * `wrangler dev` on a free port with `vars`. `persistTo` keeps its local KV (and other state) in that folder,
 * where a test can read what was stored.
 */
export async function wranglerDev(
  vars: Record<string, string>,
  { persistTo }: { persistTo?: string } = {},
): Promise<Dev> {
  if (!existsSync(WRANGLER)) throw new Error('wrangler is not installed: run "npm --prefix worker ci" first');
  const port = await freePort();
  const { child, output } = wrangler([
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    ...(persistTo ? ['--persist-to', persistTo] : []),
    ...Object.entries(vars).flatMap(([k, v]) => ['--var', `${k}:${v}`]),
  ]);
  await eventually(() => output().includes('Ready on') || child.exitCode !== null, 60_000);
  if (child.exitCode !== null) throw new Error(`wrangler dev did not start:\n${output()}`);
  const origin = `http://127.0.0.1:${port}`;
  return { url: `${origin}/mcp`, origin, output, child };
}

/** wrangler with `args` in worker/, offline, output kept. */
export function wrangler(args: string[]): { child: ChildProcess; output(): string } {
  const child = spawn(WRANGLER, args, {
    cwd: WORKER,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      CI: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  return { child, output: () => output };
}

export async function stop(dev: Dev | undefined): Promise<void> {
  if (!dev || dev.child.exitCode !== null) return;
  const exit = once(dev.child, 'exit');
  dev.child.kill('SIGTERM');
  await exit;
}

/**
 * wrangler dev can restart its Worker just after it says it is ready; a POST in flight then gets a 503 that says
 * so (wrangler resends only GET and HEAD). `fetch` that sends such a request once more, in that case alone.
 */
export function resendingOnRestart(send: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const response = await send(request.clone());
    if (response.status !== 503 || !(await response.clone().text()).includes('restarted mid-request')) return response;
    return send(request);
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
