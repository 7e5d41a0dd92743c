// The Node host's front door under slow, stalled and malformed clients (src/hosts/node-http.ts): raw sockets against
// the built server, as an attacker or a broken client would send them. A request must arrive whole in time
// (a call already running is not touched), idle connections close, connections are capped, and a Host, method
// or target that cannot make a URL gets a 4xx with one clean access-log line.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, PLANTED } from '../../fixtures/api.js';
import { connectHttp, type HttpServerProcess, startHttpServer } from '../support/http-server.js';
import { eventually, text } from '../support/session.js';
import { FAULTY_APPS, type StandIn, startStandIn } from '../support/stand-in-api.js';

let api: StandIn;
beforeAll(async () => {
  api = await startStandIn({ token: PLANTED.token, accountId: ACCOUNT_ID, apps: { app_1: { meetings: [] } } });
});
afterAll(async () => {
  await api?.close();
});

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** A raw connection that records what the server sends and when it closes. */
function open(port: number): Promise<{ socket: Socket; received(): string; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk;
    });
    socket.on('error', () => {});
    const started = Date.now();
    const closed = new Promise<number>((done) => socket.on('close', () => done(Date.now() - started)));
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
    socket.once('error', reject);
  });
}

/** Sends `raw` on a new connection and reads until the server closes it. */
async function exchange(port: number, raw: string): Promise<string> {
  const connection = await open(port);
  connection.socket.write(raw);
  await connection.closed;
  return connection.received();
}

describe('malformed requests', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttpServer({ CLOUDFLARE_BASE_URL: api.baseUrl, CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each([
    ['a Host with a space', 'GET /healthz?access_token=QUERYSECRET HTTP/1.1\r\nHost: a b\r\n', 400],
    ['a Host with a port past 65535', 'GET /healthz?access_token=QUERYSECRET HTTP/1.1\r\nHost: x:99999\r\n', 400],
    ['an unclosed IPv6 Host', 'GET /mcp?access_token=QUERYSECRET HTTP/1.1\r\nHost: [::1\r\n', 400],
    ['a Host with user info', 'POST /mcp?access_token=QUERYSECRET HTTP/1.1\r\nHost: u@h@x\r\n', 400],
    ['TRACE', 'TRACE /mcp?access_token=QUERYSECRET HTTP/1.1\r\nHost: 127.0.0.1\r\n', 405],
    ['an absolute target', 'GET http://evil.example/x?access_token=QUERYSECRET HTTP/1.1\r\nHost: 127.0.0.1\r\n', 400],
    ['a target of *', 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n', 400],
  ])('answers %s with a 4xx and one clean log line', async (_what, head, status) => {
    const before = server.stderr().length;
    const answer = await exchange(portOf(server.url), `${head}Authorization: Bearer HEADERSECRET-0123456789\r\n\r\n`);
    expect(answer).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    await eventually(() => server.stderr().length > before, 2000);
    const log = server.stderr().slice(before);
    expect(log.trim().split('\n')).toHaveLength(1);
    expect(log).toMatch(
      new RegExp(`^realtimekit-mcp info: http time=\\S+ method=\\S+ path=\\S+ status=${status} refused=`),
    );
    for (const leak of ['QUERYSECRET', 'HEADERSECRET', 'evil.example', 'a b', 'u@h', '    at ', 'Error']) {
      expect(log).not.toContain(leak);
    }
  });

  it('keeps serving: a well-formed request after all of them is answered', async () => {
    const session = await connectHttp(server.url, { Authorization: `Bearer ${PLANTED.token}` });
    const result = await session.call('list_meetings', { app_id: 'app_1' });
    expect(result.isError).toBeFalsy();
    await session.close();
    expect(server.stderr()).toMatch(
      /http time=\S+ method=POST path=\/mcp status=200 auth=caller-token rpc=tools\/call tool=list_meetings result=ok ms=\d+ api_requests=1/,
    );
    expect(server.stderr()).not.toContain(PLANTED.token);
  });
});

describe('slow and stalled clients', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttpServer({
      CLOUDFLARE_BASE_URL: api.baseUrl,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
      REALTIMEKIT_MCP_TIMEOUT_SECONDS: '2',
      REALTIMEKIT_MCP_HTTP_REQUEST_TIMEOUT_SECONDS: '1',
      REALTIMEKIT_MCP_HTTP_IDLE_TIMEOUT_SECONDS: '1',
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('cuts a client trickling its body within the request timeout, while a longer call still answers', async () => {
    const session = await connectHttp(server.url, { Authorization: `Bearer ${PLANTED.token}` });
    // A call that runs past the request timeout: the API never answers, so it ends at its own 2 s deadline.
    const call = session.call('list_meetings', { app_id: FAULTY_APPS.hang });
    const trickle = await open(portOf(server.url));
    trickle.socket.write('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n');
    const drip = setInterval(() => trickle.socket.write('x'), 200);
    const closedAfter = await trickle.closed;
    clearInterval(drip);
    expect(closedAfter).toBeLessThan(5000);
    expect(trickle.received()).toMatch(/^HTTP\/1.1 (408|401) /);
    const result = await call;
    expect(text(result)).toMatch(/^Timed out after 2 s while listing meetings/);
    await session.close();
    // One line for the trickling request: its 401 (its body was then drained until cut off), not a second one.
    expect(server.stderr().match(/ http time=\S+ method=POST path=\/mcp status=401 auth=none /g)).toHaveLength(1);
    expect(server.stderr()).not.toMatch(/status=408 refused=timeout auth=none/);
  });

  it('releases 500 half-sent bodies, with a bearer and without, within the request timeout', async () => {
    const port = portOf(server.url);
    const before = server.stderr().length;
    const connections = await Promise.all(Array.from({ length: 500 }, () => open(port)));
    connections.forEach(({ socket }, i) => {
      const bearer = i % 2 === 0 ? `Authorization: Bearer ${PLANTED.token}\r\n` : '';
      socket.write(
        `POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n${bearer}Content-Length: 100000\r\n\r\n${'x'.repeat(50_000)}`,
      );
    });
    const closedAfter = await Promise.all(connections.map(({ closed }) => closed));
    expect(Math.max(...closedAfter)).toBeLessThan(5000);
    // Each request that was let in and then cut off has one line saying so (not a 500, not an error).
    await eventually(
      () =>
        (
          server
            .stderr()
            .slice(before)
            .match(/status=408 refused=timeout auth=caller-token/g) ?? []
        ).length === 250,
      3000,
    );
    // One line a request: the 250 without a bearer were refused (401) before their bodies, and that is their line.
    expect(
      server
        .stderr()
        .slice(before)
        .match(/ status=401 auth=none /g),
    ).toHaveLength(250);
    expect(server.stderr().slice(before)).not.toMatch(/status=408 refused=timeout auth=none/);
    expect(server.stderr().slice(before)).not.toMatch(/ error: | warning: |status=500/);
    // And the server still serves.
    const session = await connectHttp(server.url, { Authorization: `Bearer ${PLANTED.token}` });
    expect((await session.call('list_meetings', { app_id: 'app_1' })).isError).toBeFalsy();
    await session.close();
  });

  it('closes a connection that sends nothing, and a kept-alive one left idle', async () => {
    const silent = await open(portOf(server.url));
    expect(await silent.closed).toBeLessThan(5000);
    const idle = await open(portOf(server.url));
    idle.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await eventually(() => idle.received().includes('"status":"ok"'), 2000);
    expect(await idle.closed).toBeLessThan(5000);
  });
});

describe('the connection cap', () => {
  let server: HttpServerProcess;
  beforeAll(async () => {
    server = await startHttpServer({
      CLOUDFLARE_BASE_URL: api.baseUrl,
      CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
      REALTIMEKIT_MCP_HTTP_MAX_CONNECTIONS: '5',
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('closes connections past the cap at once, and serves again once there is room', async () => {
    const port = portOf(server.url);
    const held = await Promise.all(Array.from({ length: 5 }, () => open(port)));
    for (const { socket } of held) socket.write('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const extra = await open(port);
    expect(await extra.closed).toBeLessThan(1000);
    expect(extra.received()).toBe('');
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map(({ closed }) => closed));
    let answer = '';
    for (let attempt = 0; attempt < 30 && !answer.startsWith('HTTP/1.1 200'); attempt++) {
      answer = await exchange(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      if (!answer.startsWith('HTTP/1.1 200')) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answer).toMatch(/^HTTP\/1.1 200 /);
    expect(server.stderr()).not.toMatch(/error/i);
  });
});

describe('settings', () => {
  it.each([
    ['REALTIMEKIT_MCP_HTTP_REQUEST_TIMEOUT_SECONDS', '0'],
    ['REALTIMEKIT_MCP_HTTP_IDLE_TIMEOUT_SECONDS', 'soon'],
    ['REALTIMEKIT_MCP_HTTP_MAX_CONNECTIONS', '-1'],
  ])('refuses to start with %s=%s, saying why', async (name, value) => {
    const server = await startHttpServer({ [name]: value }).catch((error: Error) => error);
    expect(server).toBeInstanceOf(Error);
    expect(String(server)).toContain(`${name} must be a whole number`);
  });
});
