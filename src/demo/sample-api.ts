// A loopback HTTP server for the sample API (sample-routes.ts): --demo serves a sample account with it, so the
// demo runs the real HTTP client end to end, and the tests build their fault-injecting stand-in on it.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Reply, route, type SampleApiOptions } from './sample-routes.js';

export * from './sample-routes.js';

export function send(response: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  if ('html' in reply) {
    response.writeHead(reply.status, { 'Content-Type': 'text/html', ...headers });
    response.end(reply.html);
    return;
  }
  const text = JSON.stringify(reply.json);
  response.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export interface RunningApi {
  /** Where to point CLOUDFLARE_BASE_URL. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves `options` on 127.0.0.1 at a free port; nothing else can reach it. */
export async function startSampleApi(options: SampleApiOptions): Promise<RunningApi> {
  const server = createServer((request, response) => {
    send(response, route(options, request.method ?? '', request.url ?? '/', request.headers.authorization));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  // The demo's own process is its only client: never keep the server alive on the API's account.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
