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

/** Milliseconds from spawn until `node -e ""` exits. */
export function bareNode() {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
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
      env: { PATH: process.env.PATH, ...env },
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
