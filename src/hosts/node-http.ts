// The Node host of the HTTP front door (realtimekit-mcp --http): a node:http server that turns each request
// into a Web-standard Request for src/hosts/http.ts and streams its Response back. It adds what only a process
// has: a listening socket, the client's disconnect as an abort, a graceful stop (requests in flight finish
// within the call deadline, new ones are refused), and the limits a socket needs against slow or malformed
// clients: a request must arrive whole in time, idle connections close, connections are capped, and a Host,
// method or target that cannot make a URL is refused with a 4xx before anything is built from it.
// (On Cloudflare Workers the edge does all of this, so worker/index.ts has none of it.)
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { type Config, type Env, isLoopback } from '../config/config.js';
import { socketLimits } from '../config/hosts.js';
import type { Logger } from '../lib/log.js';
import { faultLine } from '../lib/strings.js';
import type { LiveViewSource } from '../server/live-view.js';
import type { Listen } from './cli.js';
import { createHttpHandler, logRefusal, MCP_PATH, rpcError } from './http.js';

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
  /** The longest a call may take: its deadline, which a graceful stop waits for. */
  callDeadlineMs: number;
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
  const { limits, problems } = socketLimits(options.env, handler.config.timeoutMs);
  const fatal = [...handler.settings.fatal, ...problems];
  if (fatal.length > 0) throw new CannotListen(fatal.join(' '));
  for (const warning of handler.settings.warnings) logger.log('warning', warning);
  if (!loopback) {
    logger.log(
      'warning',
      `listening on ${listen.host}, beyond this machine: put https in front of it, since bearers cross the network.`,
    );
  }

  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  /** The request each socket is serving now, to abort when Node cuts the socket off (the request came too slowly). */
  const serving = new Map<Socket, AbortController>();
  /** Sockets whose request was answered (a 401, a 413) before its body came whole: Node drains the rest. */
  const draining = new WeakSet<Socket>();
  const server = createServer(
    {
      requestTimeout: limits.requestTimeoutMs,
      headersTimeout: limits.headersTimeoutMs,
      keepAliveTimeout: limits.idleTimeoutMs,
      // How often Node looks for requests past their time: a stalled one is cut within a second of it.
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
    (req, res) => {
      if (stopping) {
        void write(res, rpcError(503, 'The server is stopping.', { Connection: 'close', 'Retry-After': '1' }));
        return;
      }
      const refusal = malformed(req);
      if (refusal) {
        logRefusal(logger, req.method ?? '', req.url ?? '', refusal.status, refusal.why);
        void write(res, rpcError(refusal.status, refusal.message, { Connection: 'close', ...refusal.headers }));
        return;
      }
      const gone = new AbortController();
      serving.set(req.socket, gone);
      const done = serve(handler.fetch, req, res, gone).catch((error: unknown) => {
        // Writing the answer failed (the handler answers its own faults): its name and message, on one line.
        logger.log('error', `http: ${faultLine(error)}`);
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
      inFlight.add(done);
      void done.finally(() => {
        inFlight.delete(done);
        if (serving.get(req.socket) === gone) serving.delete(req.socket);
        if (!req.complete) {
          draining.add(req.socket);
          req.once('end', () => draining.delete(req.socket));
        }
      });
    },
  );
  // The time limits cut a client that sends too slowly or not at all (requestTimeout: the whole request, headers
  // and body; a call already running is not touched, since its request has arrived); an idle kept-alive
  // connection closes; a socket silent past the longest call closes; and connections are capped.
  server.maxConnections = limits.maxConnections;
  server.setTimeout(limits.silentSocketMs);
  // What Node refuses itself (a request that broke HTTP, or came too slowly): the usual status, one log line.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // The client hung up before a request was whole: nobody to answer, nothing to log.
    if (error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? 400;
    // A request being served is told why it ends, and its own access line says so; any other gets one here.
    // A request answered before its body came, then cut off while Node drained it, has its line already.
    const request = serving.get(socket);
    if (request)
      request.abort(status === 408 ? new DOMException('the request came too slowly', 'TimeoutError') : error);
    else if (draining.has(socket))
      logger.log('debug', 'http: a client stopped sending a body it had been answered for');
    else logRefusal(logger, '', '', status, status === 408 ? 'timeout' : 'malformed');
    const answered = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
    if (!socket.writable || answered) {
      socket.destroy();
      return;
    }
    // Written whole, then closed: a client that keeps its side open does not keep the socket.
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`, () =>
      socket.destroy(),
    );
  });

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
    callDeadlineMs: handler.config.timeoutMs,
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

/** Node's codes for requests it refuses itself, and the status each gets. */
const CLIENT_ERROR_STATUS: Record<string, number> = {
  ERR_HTTP_REQUEST_TIMEOUT: 408,
  HPE_HEADER_OVERFLOW: 431,
};

/** The methods a URL may be built for; the handler answers each (405 for all but POST and OPTIONS on /mcp). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);
/** A Host header: a name, an IPv4 address or a bracketed IPv6 address, and an optional port. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*\.?|\[[0-9A-Fa-f:.]{2,45}\])(?::(\d{1,5}))?$/;
/** A request target in origin form: a path, and a query; nothing a URL would read as a host or a scheme. */
const TARGET = /^\/(?!\/)[\x21-\x7e]*$/;

interface Refusal {
  status: number;
  why: 'method' | 'host' | 'target';
  message: string;
  headers?: Record<string, string>;
}

/** Why a request cannot become a URL (its method, Host or target), or undefined when it can. */
function malformed(req: IncomingMessage): Refusal | undefined {
  if (!METHODS.has(req.method ?? '')) {
    return {
      status: 405,
      why: 'method',
      message: 'Method not allowed: this server is stateless; send each message as a POST.',
      headers: { Allow: 'POST, OPTIONS' },
    };
  }
  const host = req.headers.host ?? '';
  const port = HOST.exec(host)?.[1];
  if (!HOST.test(host) || (port !== undefined && Number(port) > 65_535) || !URL.canParse(`http://${host}/`)) {
    return { status: 400, why: 'host', message: 'Bad request: the Host header is not a host name and port.' };
  }
  const target = req.url ?? '';
  if (!TARGET.test(target) || !URL.canParse(`http://${host}${target}`)) {
    return { status: 400, why: 'target', message: 'Bad request: the request target is not a path.' };
  }
  return undefined;
}

/** One request: node:http in, a Web Request to the handler, its Response streamed back. */
async function serve(
  fetch: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  gone: AbortController,
): Promise<void> {
  // The client going away (closing the request before the answer is written) aborts the call behind it.
  res.on('close', () => {
    if (!res.writableFinished) gone.abort(new Error('the client closed the request'));
  });
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  // `malformed` has checked both: the URL parses, and its host is the Host header.
  const request = new Request(`http://${req.headers.host}${req.url}`, {
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
  const stop = () => void reader.cancel().catch(() => {});
  if (gone?.aborted) stop();
  else gone?.addEventListener('abort', stop, { once: true });
  for (;;) {
    const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (done) break;
    if (gone?.aborted) {
      stop();
      break;
    }
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
