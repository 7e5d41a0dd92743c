// npm run test:conformance, second part: the official conformance suite's authorization-server scenarios
// (0.2.0-alpha.12; 0.1.16, the latest release, tests only clients' authorization) against the Worker's
// sign-in under `wrangler dev`, offline. The suite asks a person to sign in at the URL it prints; here a script
// does what the person would, on the sign-in page with the built-in sample account (REALTIMEKIT_MCP_SIGN_IN_DEMO),
// so no Cloudflare API is needed. Exits non-zero when a scenario fails.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const worker = fileURLToPath(new URL('../worker/', import.meta.url));

const port = await freePort();
const callbackPort = await freePort();
const state = mkdtempSync(join(tmpdir(), 'rtk-conformance-'));
const dev = spawn(
  `${worker}node_modules/.bin/wrangler`,
  [
    'dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--persist-to',
    state,
    '--var',
    'REALTIMEKIT_MCP_SIGN_IN_DEMO:1',
  ],
  {
    cwd: worker,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
      WRANGLER_HIDE_BANNER: 'true',
      CI: 'true',
    },
  },
);
let log = '';
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${log}`)), 60_000);
  const read = (chunk) => {
    log += chunk;
    if (log.includes('Ready on')) {
      clearTimeout(timer);
      resolve();
    }
  };
  dev.stdout.on('data', read);
  dev.stderr.on('data', read);
  dev.on('exit', () => reject(new Error(`wrangler dev exited:\n${log}`)));
});
const origin = `http://127.0.0.1:${port}`;

let failed = 0;
try {
  // A public client, registered as an MCP host registers itself, with the suite's callback.
  const registered = await fetch(`${origin}/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: 'MCP conformance suite',
      redirect_uris: [`http://127.0.0.1:${callbackPort}/callback`],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  const { client_id: clientId } = await registered.json();
  if (!clientId) throw new Error(`registration failed: HTTP ${registered.status}`);

  {
    // Every authorization-server scenario in one run: the code grant reads the metadata the first one fetched.
    const suite = spawn(
      `${here}node_modules/.bin/node`,
      [
        `${here}node_modules/conformance-next/dist/index.js`,
        'authorization',
        '--url',
        origin,
        '--client-id',
        clientId,
        '--resource',
        `${origin}/mcp`,
        '--port',
        String(callbackPort),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const signedIn = [];
    createInterface({ input: suite.stdout }).on('line', (line) => {
      process.stdout.write(`${line}\n`);
      // The URL the suite asks a person to open.
      if (line.startsWith(`${origin}/authorize?`)) signedIn.push(signIn(line));
    });
    const [code] = await once(suite, 'exit');
    await Promise.all(signedIn);
    if (code !== 0) failed += 1;
  }
} finally {
  dev.kill('SIGTERM');
  await once(dev, 'exit');
  rmSync(state, { recursive: true, force: true });
}
process.exit(failed === 0 ? 0 : 1);

/** What the person does: open the page, choose the sample account, and follow the redirect to the callback. */
async function signIn(url) {
  const page = await fetch(url, { redirect: 'manual' });
  const cookie = page.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const html = await page.text();
  const field = (name) =>
    (new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '').replace(/&#(\d+);/g, (_, c) =>
      String.fromCharCode(Number(c)),
    );
  const chosen = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ handle: field('handle'), sealed: field('sealed'), step: 'demo', decision: 'demo' }),
  });
  const location = chosen.headers.get('location');
  if (chosen.status !== 302 || !location) throw new Error(`the sign-in did not send back: HTTP ${chosen.status}`);
  await fetch(location);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => (free ? resolve(free) : reject(new Error('no port'))));
    });
  });
}
