// The Node host of the HTTP front door (realtimekit-mcp --http): a node:http server that turns each request
// into a Web-standard Request for src/http.ts and streams its Response back. It adds what only a process
// has: a listening socket, the client's disconnect as an abort, and a graceful stop (requests in flight
// finish within the call deadline, new ones are refused).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Listen } from './cli.js';
import { type Config, type Env, isLoopback } from './config.js';
import { createHttpHandler, MCP_PATH, rpcError } from './http.js';
import type { LiveViewSource } from './live-view.js';
import type { Logger } from './log.js';

export interface NodeHttpOptions {
  listen: Listen;
  env: Env;
  logger: Logger;
  /** --demo: the sample account's configuration. */
  demo?: Config;
  fetch?: typeof globalThis.fetch;
  /** The live view's HTML, for MCP Apps hosts. */
  liveView?: LiveViewSource;
}

export interface NodeHttpServer {
  /** The URL of the MCP endpoint, with the port actually bound. */
  url: string;
  /** Refuses new requests, lets those in flight finish (at most `graceMs`), then closes. */
  stop(graceMs: number): Promise<void>;
}

/** Why the server cannot start: its settings cannot work, or the address cannot be bound. */
export class CannotListen extends Error {
  override name = 'CannotListen';
}

export async function startHttpServer(options: NodeHttpOptions): Promise<NodeHttpServer> {
  const { listen, logger } = options;
  const loopback = isLoopback(listen.host);
  const handler = await createHttpHandler({
    env: options.env,
    logger,
    demo: options.demo,
    loopback,
    fetch: options.fetch,
    liveView: options.liveView,
  });
  if (handler.settings.fatal.length > 0) throw new CannotListen(handler.settings.fatal.join(' '));
  for (const warning of handler.settings.warnings) logger.log('warning', warning);
  if (!loopback) {
    logger.log(
      'warning',
      `listening on ${listen.host}, beyond this machine: put https in front of it, since bearers cross the network.`,
    );
  }

  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    if (stopping) {
      void write(res, rpcError(503, 'The server is stopping.', { Connection: 'close', 'Retry-After': '1' }));
      return;
    }
    const done = serve(handler.fetch, req, res, listen).catch((error: unknown) => {
      logger.log('error', `http: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  });
  // A slow client cannot hold a socket for ever; a call itself is bounded by its own deadline.
  server.headersTimeout = 20_000;
  server.requestTimeout = 0;

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new CannotListen(`cannot listen on ${listen.host}:${listen.port}: ${error.code ?? error.message}`)),
    );
    server.listen(listen.port, listen.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = listen.host.includes(':') && !listen.host.startsWith('[') ? `[${listen.host}]` : listen.host;
  const url = `http://${host}:${port}${MCP_PATH}`;

  return {
    url,
    async stop(graceMs) {
      if (stopping) return;
      stopping = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => setTimeout(resolve, graceMs).unref()),
      ]);
      await handler.close().catch(() => {});
      server.closeAllConnections();
      await closed;
    },
  };
}

/** One request: node:http in, a Web Request to the handler, its Response streamed back. */
async function serve(
  fetch: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  listen: Listen,
): Promise<void> {
  // The client going away (closing the request before the answer is written) aborts the call behind it.
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort(new Error('the client closed the request'));
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  const request = new Request(`http://${req.headers.host ?? `${listen.host}:${listen.port}`}${req.url ?? '/'}`, {
    method: req.method,
    headers,
    body: hasBody ? lazyBody(req) : undefined,
    signal: gone.signal,
    ...(hasBody && { duplex: 'half' }),
  } as RequestInit);
  await write(res, await fetch(request), gone.signal);
}

/** A Web Response written to node:http, streamed; `gone` stops it when the client has left. */
async function write(res: ServerResponse, response: Response, gone?: AbortSignal): Promise<void> {
  const headerList = [...response.headers].flat();
  if (response.statusText) res.writeHead(response.status, response.statusText, headerList);
  else res.writeHead(response.status, headerList);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  gone?.addEventListener('abort', () => void reader.cancel().catch(() => {}), { once: true });
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done || gone?.aborted) break;
    if (!res.write(value)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}

/**
 * The request body as a Web stream that starts reading only when read: a request refused on its headers
 * (401, 413) leaves the body to node:http, which discards it and keeps the connection, so the client reads
 * the refusal instead of a reset.
 */
function lazyBody(req: IncomingMessage): ReadableStream<Uint8Array> {
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        reader ??= (Readable.toWeb(req) as ReadableStream<Uint8Array>).getReader();
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        await reader?.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
