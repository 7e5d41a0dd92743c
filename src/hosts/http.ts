// The HTTP front door: MCP Streamable HTTP at POST /mcp, stateless, as a Web-standard
// `fetch(Request) -> Response` handler, so the same code serves under Node (src/hosts/node-http.ts) and on
// Cloudflare Workers (worker/index.ts). In front of the SDK's handler it decides who may call and with whose
// token, and refuses everything else before any server is built or any API request is made:
//   - (on a loopback listener) a Host that is not loopback nor the public URL's, for every path: 403;
//   - a browser Origin that is not allowed: 403;
//   - a body over 1 MiB: 413; a method other than POST on /mcp: 405;
//   - no usable credentials: 401, with a WWW-Authenticate challenge and a JSON-RPC body saying what to send.
// With a sign-in (the Worker's OAuth authorization server, src/sign-in/), its paths go to it after the Host
// check, its metadata is named in the resource's, and a bearer it issued is served with that grant's token,
// account and app; every other bearer is judged as without it.
// Behind it every request gets its own server (src/server/server.ts) with its own configuration: the same tools,
// summaries, deadline and redaction as over stdio. Every request ends in one access-log line (src/hosts/access-log.ts).
import {
  type AuthInfo,
  createMcpHandler,
  getOAuthProtectedResourceMetadataUrl,
  validateHostHeader,
} from '@modelcontextprotocol/server';
import { type Config, type ConfigProblem, type Env, loadConfig } from '../config/config.js';
import { type HttpVariables, httpSettings, MCP_PATH } from '../config/hosts.js';
import { readBody } from '../lib/body.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { isTag } from '../lib/ids.js';
import { fanOut, type Logger } from '../lib/log.js';
import { faultLine } from '../lib/strings.js';
import { NAME, VERSION } from '../lib/version.js';
import type { LiveViewSource } from '../server/live-view.js';
import { createServer } from '../server/server.js';
import { tools } from '../tools/index.js';
import { type AccessRecord, accessLine, accessRecord, describeMessage } from './access-log.js';

export { MCP_PATH } from '../config/hosts.js';
export const HEALTH_PATH = '/healthz';
/** RFC 9728: where a client finds this resource's metadata (with the resource's path appended, or not). */
const METADATA_PATHS = ['/.well-known/oauth-protected-resource', `/.well-known/oauth-protected-resource${MCP_PATH}`];
/** The paths the access log names; any other is logged as `(other)`. */
const SERVED_PATHS: ReadonlySet<string> = new Set([MCP_PATH, HEALTH_PATH, ...METADATA_PATHS]);
const TOOL_NAMES: ReadonlySet<string> = new Set(tools.map((tool) => tool.name));
/** The most a request body may be: JSON-RPC messages to this server are a few hundred bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The request headers a client may use to say which account and app it means (per-request token mode). */
export const ACCOUNT_HEADERS = ['cf-account-id', 'x-cloudflare-account-id'] as const;
export const APP_HEADER = 'x-realtimekit-app-id';

export type { AuthMode } from '../config/hosts.js';

export interface HttpSettings extends Omit<HttpVariables, 'accessKeys'> {
  /** SHA-256 digests of the access keys (access-key mode). */
  accessKeyDigests: Uint8Array[];
}

/** What a sign-in grant lets a request call the API as: the person's token, account and app. */
export interface GrantedCaller {
  apiToken: string;
  accountId: string;
  appId?: string;
  /** A grant of the built-in sample account: its API, answered in place of the network. */
  sample?: { baseUrl: string; fetch: typeof globalThis.fetch };
}

/**
 * An authorization server in front of this resource: the Worker's sign-in (src/sign-in/), where a person gives
 * a token once and an MCP client gets a token of its own. The front door routes its paths to it (after the Host
 * check, with the access log), names it in the resource's metadata, and asks it about each bearer first.
 */
export interface SignIn {
  /** Its paths: the authorization endpoint, the token and registration endpoints, its metadata. */
  readonly paths: ReadonlySet<string>;
  /** Answers a request on one of its paths, for this server at `origin`. */
  fetch(request: Request, origin: string): Promise<Response>;
  /** Its issuer, which the resource's metadata names, for this server at `origin`. */
  issuer(origin: string): string;
  /**
   * What a bearer in its tokens' shape may do at `resource`; null when it does not honour it (unknown, expired,
   * revoked, issued for another resource).
   */
  grant(bearer: string, resource: string): Promise<GrantedCaller | null>;
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
  /**
   * The platform delivers only requests for the operator's own hostnames (Cloudflare Workers routes by
   * hostname), so a request's URL names this server. Elsewhere beyond loopback, a Host is whatever a client
   * wrote, and the metadata names this server only from REALTIMEKIT_MCP_PUBLIC_URL.
   */
  routed?: boolean;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  /** The live view's HTML, for MCP Apps hosts (src/server/live-view.ts). */
  liveView?: LiveViewSource;
  /** A sign-in (OAuth) that issues this server's own tokens (the Worker's, with its KV), made for this configuration. */
  signIn?: (config: Config) => SignIn;
}

export interface HttpHandler {
  fetch(request: Request): Promise<Response>;
  readonly settings: HttpSettings;
  /** The configuration every request starts from (the server's variables, or --demo's). */
  readonly config: Config;
  /** Stops serving: requests in flight are closed. */
  close(): Promise<void>;
}

export async function createHttpHandler(options: HttpHandlerOptions): Promise<HttpHandler> {
  const { env, logger, demo, loopback = false, routed = false } = options;
  const clock = options.clock ?? systemClock;
  const { accessKeys, ...rest } = httpSettings(env, { demo: demo !== undefined });
  const settings: HttpSettings = { ...rest, accessKeyDigests: await Promise.all(accessKeys.map(digest)) };
  const base = demo ?? loadConfig(env);
  const signIn = options.signIn?.(base);
  const servedPaths: ReadonlySet<string> = new Set([...SERVED_PATHS, ...(signIn?.paths ?? [])]);
  settings.warnings.push(...operatorWarnings(settings, base, { loopback, routed }));
  /** Where this server is, as its metadata names it: configured, or from a request whose Host was checked. */
  const originOf = (url: URL): string | undefined =>
    settings.publicOrigin ?? (loopback || routed ? url.origin : undefined);
  const allowedHosts = [...LOOPBACK_HOSTNAMES, ...(settings.publicOrigin ? [new URL(settings.publicOrigin).host] : [])];

  const mcp = createMcpHandler(
    ({ authInfo }) => {
      const extra = (authInfo?.extra ?? {}) as {
        config?: Config;
        record?: AccessRecord;
        fetch?: typeof globalThis.fetch;
      };
      const { config, record } = extra;
      // Unreachable: every request reaches the SDK through `serve` below, which always passes a configuration.
      if (!config || !record) throw new Error('a request reached the MCP handler without a configuration');
      // A sample-account grant's API answers in place of the network.
      const fetch = extra.fetch ?? options.fetch;
      // The client closing its HTTP request aborts the call: the SDK closes this request's server, which
      // aborts its handlers' signals (test/e2e/http.test.ts proves it for both eras).
      return createServer({
        config,
        // The caller's token is a secret like the server's: cut from every log line of this request.
        logger: fanOut([logger], [config.apiToken]),
        // Counted for the access log: what this request spent of the account's rate limit.
        fetch: (input, init) => {
          record.apiRequests += 1;
          return (fetch ?? globalThis.fetch)(input, init);
        },
        clock: options.clock,
        liveView: options.liveView,
        onAnswer: (_tool, isError) => {
          record.result = isError ? 'error' : 'ok';
        },
      });
    },
    { maxRequestBodySize: MAX_BODY_BYTES, onerror: (error) => logger.log('debug', `http: ${error.message}`) },
  );

  const serve = async (request: Request, record: AccessRecord): Promise<Response> => {
    const url = new URL(request.url);
    // The Host first, whatever the path: a page on a rebinding domain learns nothing here, not even health.
    if (loopback) {
      const host = validateHostHeader(request.headers.get('host') ?? url.host, allowedHosts);
      if (!host.ok) {
        record.refused = 'host';
        return rpcError(403, 'Forbidden: this server answers only to the host names it serves.');
      }
    }
    if (url.pathname === HEALTH_PATH && (request.method === 'GET' || request.method === 'HEAD')) {
      return json(200, { status: 'ok', name: NAME, version: VERSION });
    }
    if (METADATA_PATHS.includes(url.pathname) && request.method === 'GET') {
      const origin = originOf(url);
      return origin ? json(200, resourceMetadata(origin, signIn?.issuer(origin))) : json(404, { error: 'not found' });
    }
    if (signIn?.paths.has(url.pathname)) {
      const origin = originOf(url);
      return origin ? signIn.fetch(request, origin) : json(404, { error: 'not found' });
    }
    if (url.pathname !== MCP_PATH) return json(404, { error: `not found; the MCP endpoint is ${MCP_PATH}` });

    const origin = request.headers.get('origin');
    if (origin !== null && !originAllowed(origin, settings.allowedOrigins, loopback)) {
      record.refused = 'origin';
      return rpcError(403, `Forbidden: the origin ${JSON.stringify(origin.slice(0, 100))} may not call this server.`);
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

    const challenge = originOf(url);
    const granted = await fromSignIn(request, signIn, settings, base, challenge);
    if (granted instanceof Response) return granted;
    const credentials =
      granted?.config ?? (await authenticate(request, settings, base, challenge, signIn !== undefined));
    if (credentials instanceof Response) return credentials;
    record.auth = granted ? 'sign-in' : settings.mode;

    const body = await readBody(request, MAX_BODY_BYTES);
    if (body === undefined) return tooLarge();

    const authInfo: AuthInfo = {
      token: credentials.apiToken ?? '',
      clientId: settings.mode,
      scopes: [],
      extra: { config: credentials, record, fetch: granted?.fetch },
    };
    // Parsed here, since it is read here: the SDK takes the parsed message and reads no body of its own.
    // A body that is not JSON goes to the SDK as it came, for the JSON-RPC parse error.
    const parsedBody = parseJson(body);
    Object.assign(record, describeMessage(parsedBody, TOOL_NAMES));
    const forwarded =
      parsedBody === undefined
        ? new Request(request.url, { method: 'POST', headers: request.headers, body, signal: request.signal })
        : request;
    return mcp.fetch(forwarded, { authInfo, ...(parsedBody !== undefined && { parsedBody }) });
  };

  return {
    settings,
    config: base,
    async fetch(request) {
      const started = clock.now();
      const record = accessRecord(request.method, pathOf(request.url), servedPaths);
      let response: Response;
      try {
        response = await serve(request, record);
      } catch (error) {
        if (request.signal.aborted) {
          // The client left while its request was read, or its host cut it off for sending too slowly: the
          // client's doing, not a bug.
          const slow = (request.signal.reason as { name?: string } | undefined)?.name === 'TimeoutError';
          if (slow) record.refused = 'timeout';
          else record.clientClosed = true;
          response = slow
            ? rpcError(408, 'Request timeout: the request did not arrive whole in time.')
            : rpcError(400, 'The client closed the request.');
        } else {
          // A bug: the operator gets its name and message (clipped, one line) and, at debug, its stack.
          logger.log('error', `http: ${faultLine(error)}`);
          logger.log('debug', `http: ${error instanceof Error ? (error.stack ?? '') : ''}`);
          response = rpcError(500, "Internal error; the server's log says more.");
        }
      }
      record.status = response.status;
      const answered = withCors(response, request.headers.get('origin'), settings.allowedOrigins, loopback);
      return whenWritten(answered, (clientClosed) => {
        // A request cut off for coming too slowly is not also a client that left.
        if (record.refused !== 'timeout') record.clientClosed ||= clientClosed;
        const { level, line } = accessLine(record, new Date(started), clock.now() - started);
        logger.log(level, line);
      });
    },
    close: () => mcp.close(),
  };
}

/**
 * The access-log line of a request a host refused before the handler saw it: a Host, method or target no URL
 * can be built from, or a request that broke HTTP or came too slowly (Node refuses those itself).
 */
export function logRefusal(logger: Logger, method: string, target: string, status: number, why: string): void {
  const path = target.startsWith('/') ? (target.split('?')[0] ?? '') : '';
  const { level, line } = accessLine(
    { ...accessRecord(method, path, SERVED_PATHS), status, refused: why },
    new Date(),
    0,
  );
  logger.log(level, line);
}

/** What an operator should hear at start-up about settings that work, but not as they may expect. */
function operatorWarnings(
  settings: Omit<HttpSettings, 'accessKeyDigests'>,
  base: Config,
  { loopback, routed }: { loopback: boolean; routed: boolean },
): string[] {
  const warnings = [...base.view.warnings];
  // A caller is told only that the server's settings are at fault: the operator reads which, here.
  for (const problem of base.problems) {
    if (settings.mode !== 'caller-token' || problem.variable !== 'CLOUDFLARE_API_TOKEN') warnings.push(problem.message);
  }
  if (
    settings.mode === 'access-key' &&
    !base.accountId &&
    !base.problems.some((p) => p.variable === 'CLOUDFLARE_ACCOUNT_ID')
  ) {
    warnings.push('CLOUDFLARE_ACCOUNT_ID is not set, so calls with an access key fail until it is.');
  }
  if (!loopback && !routed && !settings.publicOrigin) {
    warnings.push(
      'REALTIMEKIT_MCP_PUBLIC_URL is not set, so /.well-known/oauth-protected-resource answers 404 and a 401 names no metadata: beyond loopback a Host header is whatever a client wrote. Set it to the URL clients use, like https://mcp.example.com.',
    );
  }
  return warnings;
}

/** The path of a request's URL, without its query; empty when the URL does not parse. */
function pathOf(url: string): string {
  return URL.canParse(url) ? new URL(url).pathname : '';
}

/**
 * The response, and `done` once its body is written whole (false) or the client has left first (true): the
 * access log's time is the whole answer's, a streamed one included.
 */
function whenWritten(response: Response, done: (clientClosed: boolean) => void): Response {
  if (!response.body) {
    done(false);
    return response;
  }
  const reader = response.body.getReader();
  let finished = false;
  const finish = (clientClosed: boolean) => {
    if (finished) return;
    finished = true;
    done(clientClosed);
  };
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { done: end, value } = await reader.read();
          if (end) {
            controller.close();
            finish(false);
          } else controller.enqueue(value);
        } catch (error) {
          controller.error(error);
          finish(true);
        }
      },
      async cancel(reason) {
        finish(true);
        await reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** What a grant says for this request: the server's own settings of them are not this caller's concern. */
const GRANTED_VARIABLES: ReadonlySet<string> = new Set([
  'CLOUDFLARE_API_TOKEN',
  'CLOUDFLARE_ACCOUNT_ID',
  'REALTIMEKIT_APP_ID',
]);

/** A bearer in the shape of the sign-in's own tokens (`{user}:{grant}:{secret}`): never sent on to Cloudflare. */
const ISSUED_TOKEN = /^[^:\s]+(?::[^:\s]+)*:[\w-]{16}:[\w-]{32}$/;

/**
 * A request whose bearer the sign-in issued: the grant's configuration (and, for the sample account, the API
 * that answers it), or the 401 for a token it issued and no longer honours. Undefined for every other bearer,
 * which the server's own mode then judges. A bearer in the issued shape that the sign-in does not honour is
 * never sent to Cloudflare as the caller's own token; only an access key, compared here, may have that shape.
 */
async function fromSignIn(
  request: Request,
  signIn: SignIn | undefined,
  settings: HttpSettings,
  base: Config,
  origin: string | undefined,
): Promise<{ config: Config; fetch?: typeof globalThis.fetch } | Response | undefined> {
  if (!signIn || !origin || settings.mode === 'demo') return undefined;
  const bearer = bearerOf(request);
  if (bearer === undefined || !ISSUED_TOKEN.test(bearer)) return undefined;
  const grant = await signIn.grant(bearer, new URL(MCP_PATH, origin).href);
  if (grant === null && settings.mode === 'access-key') return undefined;
  if (grant === null) {
    return unauthorized(
      origin,
      'Unauthorized: this token has expired or was revoked. Your MCP client signs in again from this challenge.',
      'invalid_token',
    );
  }
  const config: Config = {
    ...base,
    apiToken: grant.apiToken,
    accountId: grant.accountId,
    defaultAppId: grant.appId,
    problems: base.problems.filter((problem) => !GRANTED_VARIABLES.has(problem.variable)),
    remote: { token: 'grant' },
    ...(grant.sample && { baseUrl: grant.sample.baseUrl, demo: true }),
  };
  return grant.sample ? { config, fetch: grant.sample.fetch } : { config };
}

function bearerOf(request: Request): string | undefined {
  return /^Bearer[ ]+(\S+)[ ]*$/i.exec(request.headers.get('authorization') ?? '')?.[1];
}

/**
 * The configuration one request is served with, or the 401 that refuses it. Access-key mode: the bearer must
 * be one of the keys (compared as SHA-256 digests, in constant time), and the server's token is used.
 * Caller-token mode: the bearer is the caller's Cloudflare API token, used for this request alone; the
 * account comes from the server's variables or else the request's header. In both, the app comes from the
 * server's variables or else the request's header (and a call's app_id argument overrides either).
 */
async function authenticate(
  request: Request,
  settings: HttpSettings,
  base: Config,
  origin: string | undefined,
  signIn: boolean,
): Promise<Config | Response> {
  if (settings.mode === 'demo') return { ...base, remote: { token: 'server' } };
  const bearer = bearerOf(request);
  // With a sign-in, a client without a credential is first of all told to sign in (the challenge leads there).
  const orSignIn = signIn ? 'sign in (your MCP client starts it from this challenge), or ' : '';
  if (settings.mode === 'access-key') {
    if (bearer === undefined)
      return unauthorized(
        origin,
        `Unauthorized: ${orSignIn}send one of this server's access keys as "Authorization: Bearer <key>".`,
      );
    const presented = await digest(bearer);
    let matched = false;
    for (const key of settings.accessKeyDigests) matched = equalDigests(presented, key) || matched;
    if (!matched)
      return unauthorized(origin, "Unauthorized: the bearer is not one of this server's access keys.", 'invalid_token');
    return withRequestedApp(request, { ...base, remote: { token: 'server' } });
  }
  if (bearer === undefined || !/^[\x21-\x7e]+$/.test(bearer)) {
    const account = base.accountId === undefined ? ', and your account id in the cf-account-id header' : '';
    return unauthorized(
      origin,
      `Unauthorized: ${orSignIn}send your Cloudflare API token (with the Realtime or Realtime Admin permission) as "Authorization: Bearer <token>"${account}.`,
    );
  }
  // The server's own token is not used in this mode, so a problem with it is not the caller's.
  const problems: ConfigProblem[] = base.problems.filter((problem) => problem.variable !== 'CLOUDFLARE_API_TOKEN');
  let { accountId } = base;
  let sentAccount: string | undefined;
  if (accountId === undefined) {
    const header = ACCOUNT_HEADERS.map((name) => request.headers.get(name)?.trim()).find((value) => value);
    if (header !== undefined && isTag(header)) accountId = sentAccount = header;
    else if (header !== undefined) {
      problems.push({
        variable: 'CLOUDFLARE_ACCOUNT_ID',
        fromRequest: true,
        message:
          'The cf-account-id header is not an account id (expected up to 32 letters, digits, "_" or "-", like the 32-character id in the Cloudflare dashboard).',
      });
    }
  }
  return withRequestedApp(request, {
    ...base,
    apiToken: bearer,
    accountId,
    problems,
    remote: { token: 'caller', ...(sentAccount && { sentAccount }) },
  });
}

/** The app the request's header names, where the server sets none. */
function withRequestedApp(request: Request, config: Config): Config {
  const header = request.headers.get(APP_HEADER)?.trim();
  if (config.defaultAppId !== undefined || !header) return config;
  if (isTag(header)) return { ...config, defaultAppId: header };
  const problem: ConfigProblem = {
    variable: 'REALTIMEKIT_APP_ID',
    fromRequest: true,
    message:
      'The X-RealtimeKit-App-Id header is not an app id (expected up to 32 letters, digits, "_" or "-"): fix it or pass the app_id argument.',
  };
  return { ...config, problems: [...config.problems, problem] };
}

/** RFC 9728 protected-resource metadata: what this resource is and how to present a token to it. */
function resourceMetadata(origin: string, issuer: string | undefined): Record<string, unknown> {
  return {
    resource: `${origin}${MCP_PATH}`,
    ...(issuer && { authorization_servers: [issuer] }),
    bearer_methods_supported: ['header'],
    resource_name: NAME,
    resource_documentation: 'https://github.com/realtimekit-mcp/realtimekit-mcp#remote',
  };
}

/** A 401 with a Bearer challenge; it points at the metadata only where this server knows its own origin. */
function unauthorized(origin: string | undefined, message: string, error?: 'invalid_token'): Response {
  const challenge = [
    origin
      ? `Bearer resource_metadata="${getOAuthProtectedResourceMetadataUrl(new URL(MCP_PATH, origin))}"`
      : `Bearer realm="${NAME}"`,
    ...(error ? [`error="${error}"`] : []),
  ].join(', ');
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
