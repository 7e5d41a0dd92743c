// The HTTP front door: MCP Streamable HTTP at POST /mcp, stateless, as a Web-standard
// `fetch(Request) -> Response` handler, so the same code serves under Node (src/node-http.ts) and on
// Cloudflare Workers (worker/index.ts). In front of the SDK's handler it decides who may call and with whose
// token, and refuses everything else before any server is built or any API request is made:
//   - a browser Origin that is not allowed, or (on a loopback listener) a Host that is not loopback: 403;
//   - a body over 1 MiB: 413; a method other than POST on /mcp: 405;
//   - no usable credentials: 401, with a WWW-Authenticate challenge and a JSON-RPC body saying what to send.
// Behind it every request gets its own server (src/server.ts) with its own configuration: the same tools,
// summaries, deadline and redaction as over stdio.
import {
  type AuthInfo,
  createMcpHandler,
  getOAuthProtectedResourceMetadataUrl,
  validateHostHeader,
} from '@modelcontextprotocol/server';
import type { Clock } from './clock.js';
import { type Config, type ConfigProblem, type Env, loadConfig } from './config.js';
import { isTag } from './ids.js';
import type { LiveViewSource } from './live-view.js';
import { fanOut, type Logger } from './log.js';
import { createServer } from './server.js';
import { NAME, VERSION } from './version.js';

export const MCP_PATH = '/mcp';
export const HEALTH_PATH = '/healthz';
/** The most a request body may be: JSON-RPC messages to this server are a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The request headers a client may use to say which account and app it means (per-request token mode). */
export const ACCOUNT_HEADERS = ['cf-account-id', 'x-cloudflare-account-id'] as const;
export const APP_HEADER = 'x-realtimekit-app-id';

/** The shortest access key accepted: a key is a password that guards a Cloudflare token. */
const MIN_ACCESS_KEY_LENGTH = 32;

/**
 * Who may call, and with whose token:
 * - `caller-token`: each request brings its own Cloudflare API token as the bearer; the server stores none.
 * - `access-key`: each request brings one of REALTIMEKIT_MCP_ACCESS_KEYS; the server calls the API with its own
 *   CLOUDFLARE_API_TOKEN.
 * - `demo`: the built-in sample account, no credentials at all (--demo).
 */
export type AuthMode = 'caller-token' | 'access-key' | 'demo';

export interface HttpSettings {
  mode: AuthMode;
  /** SHA-256 digests of the access keys (access-key mode). */
  accessKeyDigests: Uint8Array[];
  /** Browser origins allowed to call, exactly as `new URL(x).origin` writes them. */
  allowedOrigins: string[];
  /** Settings that cannot work, each a sentence: the Node host refuses to start, the Worker answers 500. */
  fatal: string[];
  /** Settings that work but deserve a word at start-up. */
  warnings: string[];
}

export interface HttpHandlerOptions {
  /** The server's variables: process.env under Node, the Worker's vars and secrets on Workers. */
  env: Env;
  /** Where the operator's log goes; every line is cut of the tokens it could carry. */
  logger: Logger;
  /** --demo: the sample account's configuration, served without credentials. */
  demo?: Config;
  /** The listener is on a loopback address: only loopback Host headers (DNS-rebinding protection). */
  loopback?: boolean;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  /** The live view's HTML, for MCP Apps hosts (src/live-view.ts). */
  liveView?: LiveViewSource;
}

export interface HttpHandler {
  fetch(request: Request): Promise<Response>;
  readonly settings: HttpSettings;
  /** Stops serving: requests in flight are closed. */
  close(): Promise<void>;
}

/** How the variables set up the HTTP front door. Pure; the digests are made by `createHttpHandler`. */
export function httpSettings(
  env: Env,
  { demo = false } = {},
): Omit<HttpSettings, 'accessKeyDigests'> & {
  accessKeys: string[];
} {
  const fatal: string[] = [];
  const warnings: string[] = [];
  const accessKeys = (env.REALTIMEKIT_MCP_ACCESS_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
  const allowedOrigins: string[] = [];
  for (const entry of (env.REALTIMEKIT_MCP_ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim())) {
    if (!entry) continue;
    const origin = URL.canParse(entry) ? new URL(entry).origin : 'null';
    if (origin === 'null')
      fatal.push(
        `REALTIMEKIT_MCP_ALLOWED_ORIGINS has an entry that is not an origin: ${JSON.stringify(entry.slice(0, 80))} (write it like https://app.example.com).`,
      );
    else allowedOrigins.push(origin);
  }
  if (demo) return { mode: 'demo', accessKeys: [], allowedOrigins, fatal, warnings };
  if (accessKeys.length > 0) {
    if (accessKeys.some((key) => key.length < MIN_ACCESS_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key))) {
      fatal.push(
        `REALTIMEKIT_MCP_ACCESS_KEYS: every key must be at least ${MIN_ACCESS_KEY_LENGTH} visible ASCII characters without spaces (for example from \`openssl rand -hex 32\`).`,
      );
    }
    if (!env.CLOUDFLARE_API_TOKEN?.trim()) {
      fatal.push(
        'REALTIMEKIT_MCP_ACCESS_KEYS is set, so callers present an access key and the server calls the API with its own token, but CLOUDFLARE_API_TOKEN is not set.',
      );
    }
    return { mode: 'access-key', accessKeys, allowedOrigins, fatal, warnings };
  }
  if (env.CLOUDFLARE_API_TOKEN?.trim()) {
    warnings.push(
      "CLOUDFLARE_API_TOKEN is set but not used: without REALTIMEKIT_MCP_ACCESS_KEYS every caller sends its own Cloudflare API token as the bearer. Set REALTIMEKIT_MCP_ACCESS_KEYS to let callers use the server's token instead.",
    );
  }
  return { mode: 'caller-token', accessKeys, allowedOrigins, fatal, warnings };
}

export async function createHttpHandler(options: HttpHandlerOptions): Promise<HttpHandler> {
  const { env, logger, demo, loopback = false } = options;
  const { accessKeys, ...rest } = httpSettings(env, { demo: demo !== undefined });
  const settings: HttpSettings = { ...rest, accessKeyDigests: await Promise.all(accessKeys.map(digest)) };
  const base = demo ?? loadConfig(env);
  settings.warnings.push(...base.view.warnings);

  const mcp = createMcpHandler(
    ({ authInfo }) => {
      const config = (authInfo?.extra as { config?: Config } | undefined)?.config;
      // Unreachable: every request reaches the SDK through `serve` below, which always passes a configuration.
      if (!config) throw new Error('a request reached the MCP handler without a configuration');
      // The client closing its HTTP request aborts the call: the SDK closes this request's server, which
      // aborts its handlers' signals (test/e2e/http.test.ts proves it for both eras).
      return createServer({
        config,
        // The caller's token is a secret like the server's: cut from every log line of this request.
        logger: fanOut([logger], [config.apiToken]),
        fetch: options.fetch,
        clock: options.clock,
        liveView: options.liveView,
      });
    },
    { maxRequestBodySize: MAX_BODY_BYTES, onerror: (error) => logger.log('debug', `http: ${error.message}`) },
  );

  const serve = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === HEALTH_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
      return json(200, { status: 'ok', name: NAME, version: VERSION });
    }
    if (url.pathname.startsWith('/.well-known/oauth-protected-resource') && request.method === 'GET') {
      return json(200, resourceMetadata(url));
    }
    if (url.pathname !== MCP_PATH) return json(404, { error: `not found; the MCP endpoint is ${MCP_PATH}` });

    if (loopback) {
      const host = validateHostHeader(request.headers.get('host'), [...LOOPBACK_HOSTNAMES]);
      if (!host.ok) return rpcError(403, `Forbidden: ${host.message}`);
    }
    const origin = request.headers.get('origin');
    if (origin !== null && !originAllowed(origin, settings.allowedOrigins, loopback)) {
      return rpcError(
        403,
        `Forbidden: the origin ${JSON.stringify(origin.slice(0, 100))} may not call this server (REALTIMEKIT_MCP_ALLOWED_ORIGINS).`,
      );
    }
    if (request.method === 'OPTIONS') return preflight(request);
    if (request.method !== 'POST') {
      return rpcError(405, 'Method not allowed: this server is stateless; send each message as a POST.', {
        Allow: 'POST, OPTIONS',
      });
    }
    // What is wrong is the operator's to read (the log says it), not every caller's.
    if (settings.fatal.length > 0) {
      return rpcError(500, "This server is misconfigured and serves no calls; its operator's log says why.");
    }

    const credentials = await authenticate(request, settings, base, url);
    if (credentials instanceof Response) return credentials;

    const declared = Number(request.headers.get('content-length') ?? '0');
    if (declared > MAX_BODY_BYTES) return tooLarge();
    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === undefined) return tooLarge();

    const authInfo: AuthInfo = {
      token: credentials.apiToken ?? '',
      clientId: settings.mode,
      scopes: [],
      extra: { config: credentials },
    };
    // Parsed here, since it is read here: the SDK takes the parsed message and reads no body of its own.
    // A body that is not JSON goes to the SDK as it came, for the JSON-RPC parse error.
    const parsedBody = parseJson(body);
    const forwarded =
      parsedBody === undefined
        ? new Request(request.url, { method: 'POST', headers: request.headers, body, signal: request.signal })
        : request;
    return mcp.fetch(forwarded, { authInfo, ...(parsedBody !== undefined && { parsedBody }) });
  };

  return {
    settings,
    async fetch(request) {
      const response = await serve(request);
      return withCors(response, request.headers.get('origin'), settings.allowedOrigins, loopback);
    },
    close: () => mcp.close(),
  };
}

/**
 * The configuration one request is served with, or the 401 that refuses it. Access-key mode: the bearer must
 * be one of the keys (compared as SHA-256 digests, in constant time), and the server's token is used.
 * Caller-token mode: the bearer is the caller's Cloudflare API token, used for this request alone; the
 * account and app come from the server's variables or else the request's headers.
 */
async function authenticate(
  request: Request,
  settings: HttpSettings,
  base: Config,
  url: URL,
): Promise<Config | Response> {
  if (settings.mode === 'demo') return base;
  const bearer = /^Bearer[ ]+(\S+)[ ]*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (settings.mode === 'access-key') {
    if (bearer === undefined)
      return unauthorized(
        url,
        'Unauthorized: send one of this server\'s access keys as "Authorization: Bearer <key>".',
      );
    const presented = await digest(bearer);
    let matched = false;
    for (const key of settings.accessKeyDigests) matched = equalDigests(presented, key) || matched;
    if (!matched)
      return unauthorized(url, "Unauthorized: the bearer is not one of this server's access keys.", 'invalid_token');
    return base;
  }
  if (bearer === undefined || !/^[\x21-\x7e]+$/.test(bearer)) {
    return unauthorized(
      url,
      'Unauthorized: send your Cloudflare API token (with the Realtime or Realtime Admin permission) as "Authorization: Bearer <token>", and your account id in the cf-account-id header unless the server sets CLOUDFLARE_ACCOUNT_ID.',
    );
  }
  // The server's own token is not used in this mode, so a problem with it is not the caller's.
  const problems: ConfigProblem[] = base.problems.filter((problem) => problem.variable !== 'CLOUDFLARE_API_TOKEN');
  let { accountId, defaultAppId } = base;
  if (accountId === undefined) {
    const header = ACCOUNT_HEADERS.map((name) => request.headers.get(name)?.trim()).find((value) => value);
    if (header !== undefined && isTag(header)) accountId = header;
    else if (header !== undefined) {
      problems.push({
        variable: 'CLOUDFLARE_ACCOUNT_ID',
        message:
          'The cf-account-id header is not an account id (expected up to 32 letters, digits, "_" or "-", like the 32-character id in the Cloudflare dashboard).',
      });
    }
  }
  if (defaultAppId === undefined) {
    const header = request.headers.get(APP_HEADER)?.trim();
    if (header && isTag(header)) defaultAppId = header;
    else if (header) {
      problems.push({
        variable: 'REALTIMEKIT_APP_ID',
        message:
          'The X-RealtimeKit-App-Id header is not an app id (expected up to 32 letters, digits, "_" or "-"): fix it or pass the app_id argument.',
      });
    }
  }
  return { ...base, apiToken: bearer, accountId, defaultAppId, problems, remote: true };
}

/** RFC 9728 protected-resource metadata: what this resource is and how to present a token to it. */
function resourceMetadata(url: URL): Record<string, unknown> {
  return {
    resource: `${url.origin}${MCP_PATH}`,
    bearer_methods_supported: ['header'],
    resource_name: NAME,
    resource_documentation: 'https://github.com/realtimekit-mcp/realtimekit-mcp#remote',
  };
}

function unauthorized(url: URL, message: string, error?: 'invalid_token'): Response {
  const metadata = getOAuthProtectedResourceMetadataUrl(new URL(MCP_PATH, url));
  const challenge = [`Bearer resource_metadata="${metadata}"`, ...(error ? [`error="${error}"`] : [])].join(', ');
  return rpcError(401, message, { 'WWW-Authenticate': challenge });
}

function tooLarge(): Response {
  return rpcError(413, `Payload too large: a request body may be at most ${MAX_BODY_BYTES} bytes.`);
}

/** A refusal as JSON-RPC asks: an error body with no id, under the HTTP status that says why. */
export function rpcError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return json(status, { jsonrpc: '2.0', id: null, error: { code: -32000, message } }, headers);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });
}

/** The body, or undefined once it passes `max` bytes (a chunked body declares no length). */
async function readBody(request: Request, max: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

/** The names a loopback listener answers to, in its Host header, and a local page's Origin. */
const LOOPBACK_HOSTNAMES: ReadonlyArray<string> = ['localhost', '127.0.0.1', '[::1]'];

function isLoopbackOrigin(origin: URL): boolean {
  return LOOPBACK_HOSTNAMES.includes(origin.hostname);
}

function originAllowed(origin: string, allowed: readonly string[], loopback: boolean): boolean {
  if (!URL.canParse(origin)) return false;
  const parsed = new URL(origin);
  return allowed.includes(parsed.origin) || (loopback && isLoopbackOrigin(parsed));
}

const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'Accept',
  'Mcp-Protocol-Version',
  'Mcp-Method',
  'Mcp-Name',
  'Last-Event-ID',
  'cf-account-id',
  'X-Cloudflare-Account-Id',
  'X-RealtimeKit-App-Id',
].join(', ');

function preflight(request: Request): Response {
  return new Response(null, {
    status: 204,
    headers: {
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers': request.headers.get('access-control-request-headers') ?? ALLOWED_HEADERS,
      'Access-Control-Max-Age': '600',
    },
  });
}

/** A browser may read the answer only when its origin is allowed (the same rule that let the request in). */
function withCors(response: Response, origin: string | null, allowed: readonly string[], loopback: boolean): Response {
  if (origin === null || !originAllowed(origin, allowed, loopback)) return response;
  const headers = new Headers(response.headers);
  headers.set('Access-Control-Allow-Origin', origin);
  headers.set('Access-Control-Expose-Headers', 'WWW-Authenticate, Mcp-Session-Id');
  headers.append('Vary', 'Origin');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function digest(value: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
}

/** Digests compared in time that does not depend on where they differ. */
function equalDigests(a: Uint8Array, b: Uint8Array): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.min(a.length, b.length); i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
