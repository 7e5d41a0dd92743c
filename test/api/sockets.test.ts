// Cancelling a call, or its deadline, closes the HTTP socket even when it comes mid-body and after a garbage
// collection (on Node 20, fetch's own link from the signal to the body can be collected: with redirect
// 'error' it is, with 'manual' it is not today, and undici's internals move). Real sockets here, not msw: a
// loopback server that sends headers and the start of a body, then waits.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ACCOUNT_ID, APP_ID, PLANTED } from '../../fixtures/api.js';
import { RealtimeKitApi } from '../../src/api/client.js';
import { startDeadline, systemClock } from '../../src/lib/clock.js';
import { failure } from '../support/api-failure.js';
import { eventually } from '../support/session.js';

declare const gc: () => void;

let server: Server;
let port: number;
let api: RealtimeKitApi;
const sockets = { started: 0, closed: 0 };
beforeEach(async () => {
  sockets.started = 0;
  sockets.closed = 0;
  server = createServer((request, response) => {
    sockets.started += 1;
    request.socket.on('close', () => {
      sockets.closed += 1;
    });
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.write('{"success":true,"data":[');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  api = clientWith(globalThis.fetch);
});

function clientWith(fetch: typeof globalThis.fetch): RealtimeKitApi {
  return new RealtimeKitApi({
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    accountId: ACCOUNT_ID,
    apiToken: PLANTED.token,
    userAgent: 'realtimekit-mcp/test',
    fetch,
  });
}

/** A fetch whose signal reaches the request only until the headers arrive: the link a collection can break. */
const fetchThatForgetsTheSignal: typeof globalThis.fetch = async (input, init) => {
  const controller = new AbortController();
  const forward = () => controller.abort(init?.signal?.reason);
  init?.signal?.addEventListener('abort', forward, { once: true });
  try {
    return await globalThis.fetch(input, { ...init, signal: controller.signal });
  } finally {
    init?.signal?.removeEventListener('abort', forward);
  }
};
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Lets the client receive the headers and start reading the body, then collects garbage, several times. */
async function collectMidBody() {
  await eventually(() => sockets.started === 1);
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc();
  }
}

it('closes the socket when the call is cancelled mid-body, after a garbage collection', async () => {
  const controller = new AbortController();
  const call = failure(
    api.listMeetings(APP_ID, { page_no: 1, per_page: 20 }, { signal: controller.signal, deadlineAt: Infinity }),
  );
  await collectMidBody();
  controller.abort('the user pressed stop');
  expect((await call).kind).toBe('aborted');
  await eventually(() => sockets.closed === 1, 2000);
});

it('closes the socket when the deadline comes mid-body, after a garbage collection', async () => {
  const deadline = startDeadline(400, systemClock);
  const call = failure(
    api.listMeetings(APP_ID, { page_no: 1, per_page: 20 }, { signal: deadline.signal, deadlineAt: deadline.at }),
  );
  await collectMidBody();
  expect((await call).kind).toBe('timeout');
  await eventually(() => sockets.closed === 1, 2000);
  deadline.end();
});

it('closes the socket when the call is cancelled mid-body, even if fetch no longer links the signal to the body', async () => {
  const controller = new AbortController();
  const call = failure(
    clientWith(fetchThatForgetsTheSignal).listMeetings(
      APP_ID,
      { page_no: 1, per_page: 20 },
      { signal: controller.signal, deadlineAt: Infinity },
    ),
  );
  await eventually(() => sockets.started === 1);
  await new Promise((resolve) => setTimeout(resolve, 50));
  controller.abort('the user pressed stop');
  expect((await call).kind).toBe('aborted');
  await eventually(() => sockets.closed === 1, 2000);
});
