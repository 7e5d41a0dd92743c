// npm run test:conformance (from the repository root): starts the built server with --demo --http on a free
// port, runs the official MCP conformance suite against it under Node 22 (the `node` package here), and
// exits with the suite's verdict against expected-failures.yaml.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const server = spawn(
  process.execPath,
  [fileURLToPath(new URL('../dist/index.cjs', import.meta.url)), '--demo', '--http', '--port', '0'],
  {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH },
  },
);
let log = '';
const url = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`the server did not start:\n${log}`)), 10_000);
  server.stderr.on('data', (chunk) => {
    log += chunk;
    const found = /serving MCP at (\S+)/.exec(log)?.[1];
    if (found) {
      clearTimeout(timer);
      resolve(found);
    }
  });
  server.on('exit', () => reject(new Error(`the server exited:\n${log}`)));
});

const suite = spawn(
  `${here}node_modules/.bin/node`,
  [
    `${here}node_modules/@modelcontextprotocol/conformance/dist/index.js`,
    'server',
    '--url',
    url,
    '--suite',
    'all',
    '--expected-failures',
    `${here}expected-failures.yaml`,
  ],
  { stdio: 'inherit', env: { ...process.env, PATH: `${here}node_modules/.bin:${process.env.PATH}` } },
);
const [code] = await once(suite, 'exit');
server.kill('SIGTERM');
await once(server, 'exit');
process.exit(code ?? 1);
