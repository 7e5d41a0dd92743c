// Shared helpers for the benchmarks: plain Node, no test framework. Every figure is a median over
// repeated runs, each measured side by side with its baseline so that noise on a shared machine cancels.
import { spawn } from 'node:child_process';

export const INIT = `${JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
})}\n`;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * The environment both sides of a cold-start pair are spawned with: only PATH and what is given. Node reads
 * some variables at start-up (NODE_EXTRA_CA_CERTS loads a file of certificates: 61 ms instead of 23 ms on
 * these machines), so a pair spawned with different environments measures the environments, not the server.
 */
export function spawnEnv(env = {}) {
  return { PATH: process.env.PATH ?? '', ...env };
}

/** Milliseconds from spawn until `node -e ""` exits, in the same environment as the server it is paired with. */
export function bareNode(env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore', env: spawnEnv(env) });
    child.on('error', reject);
    child.on('exit', () => resolve(Number(process.hrtime.bigint() - started) / 1e6));
  });
}

/** Milliseconds from spawn until the server's first line on stdout (its initialize answer). */
export function serverStart(entry, env = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [entry], {
      stdio: ['pipe', 'pipe', 'ignore'],
      env: spawnEnv(env),
    });
    child.on('error', reject);
    child.stdout.once('data', () => {
      resolve(Number(process.hrtime.bigint() - started) / 1e6);
      child.kill();
    });
    child.stdin.write(INIT);
  });
}

/** Runs `a` and `b` alternately `runs` times (after `warmup` discarded pairs) and returns both series. */
export async function sideBySide(a, b, runs, warmup = 3) {
  const as = [];
  const bs = [];
  for (let i = 0; i < warmup + runs; i++) {
    const [x, y] = i % 2 ? [await b(), await a()].reverse() : [await a(), await b()];
    if (i >= warmup) {
      as.push(x);
      bs.push(y);
    }
  }
  return [as, bs];
}

/**
 * A loopback proxy in front of the stand-in API that behaves like a rate-limited API across a network: each
 * answer after `latencyMs` (give or take half of `jitterMs`), and a `limit` (fixtures/rate-limits.ts; none unless
 * given) over which a request gets 429 with Retry-After in whole seconds, as the Cloudflare API answers. Counts
 * what it was sent.
 */
export async function rateLimitedProxy(target, { latencyMs, jitterMs = 0, limit = () => undefined }) {
  const { createServer } = await import('node:http');
  const counts = { sent: 0, refused: 0 };
  const server = createServer((req, res) => {
    counts.sent += 1;
    const retryAfter = limit();
    const allowed = retryAfter === undefined;
    if (!allowed) counts.refused += 1;
    setTimeout(
      async () => {
        if (!allowed) {
          res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': String(retryAfter) });
          res.end(
            JSON.stringify({
              success: false,
              errors: [{ code: 971, message: 'Please wait and consider throttling your request speed' }],
            }),
          );
          return;
        }
        const upstream = await fetch(`${new URL(target).origin}${req.url}`, {
          headers: { Authorization: req.headers.authorization ?? '' },
        });
        res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('content-type') ?? 'application/json' });
        res.end(await upstream.text());
      },
      latencyMs + (Math.random() - 0.5) * jitterMs,
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { origin } = new URL(target);
  return {
    baseUrl: `http://127.0.0.1:${server.address().port}${target.slice(origin.length)}`,
    counts,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
