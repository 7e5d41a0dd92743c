// The hosts' variables, read and checked: the HTTP front door's (who may call, from where, at which public URL),
// the Node host's socket limits and address, and the log level of every host. With config.ts, the only modules
// that read the server's variables (a test checks), each through readVariable, each named in settings.ts.
import type { LogLevel } from '../lib/log.js';
import { SEVERITY } from '../lib/log.js';
import { type Env, isLoopback, readList, readVariable, readWholeNumber } from './config.js';

/** Where the MCP endpoint is, on every HTTP host. */
export const MCP_PATH = '/mcp';

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

/** What the variables say of the HTTP front door, checked. */
export interface HttpVariables {
  mode: AuthMode;
  /** The access keys (access-key mode); the front door keeps only their digests. */
  accessKeys: string[];
  /** Browser origins allowed to call, exactly as `new URL(x).origin` writes them. */
  allowedOrigins: string[];
  /**
   * The origin clients reach this server at (REALTIMEKIT_MCP_PUBLIC_URL), as `new URL(x).origin` writes it: the
   * resource its metadata names, whatever Host a request carries, and a Host a loopback listener also answers.
   */
  publicOrigin?: string;
  /** Settings that cannot work, each a sentence: the Node host refuses to start, the Worker answers 500. */
  fatal: string[];
  /** Settings that work but deserve a word at start-up. */
  warnings: string[];
}

/** How the variables set up the HTTP front door. Pure; the digests are made by `createHttpHandler`. */
export function httpSettings(env: Env, { demo = false } = {}): HttpVariables {
  const fatal: string[] = [];
  const warnings: string[] = [];
  const accessKeys = readList(env, 'REALTIMEKIT_MCP_ACCESS_KEYS');
  const allowedOrigins: string[] = [];
  for (const entry of readList(env, 'REALTIMEKIT_MCP_ALLOWED_ORIGINS')) {
    const origin = URL.canParse(entry) ? new URL(entry).origin : 'null';
    if (origin === 'null')
      fatal.push(
        `REALTIMEKIT_MCP_ALLOWED_ORIGINS has an entry that is not an origin: ${JSON.stringify(entry.slice(0, 80))} (write it like https://app.example.com).`,
      );
    else allowedOrigins.push(origin);
  }
  const publicOrigin = publicOriginOf(readVariable(env, 'REALTIMEKIT_MCP_PUBLIC_URL'), fatal);
  const common = { allowedOrigins, fatal, warnings, ...(publicOrigin && { publicOrigin }) };
  if (demo) return { mode: 'demo', accessKeys: [], ...common };
  if (accessKeys.length > 0) {
    if (accessKeys.some((key) => key.length < MIN_ACCESS_KEY_LENGTH || !/^[\x21-\x7e]+$/.test(key))) {
      fatal.push(
        `REALTIMEKIT_MCP_ACCESS_KEYS: every key must be at least ${MIN_ACCESS_KEY_LENGTH} visible ASCII characters without spaces (for example from \`openssl rand -hex 32\`).`,
      );
    }
    if (!readVariable(env, 'CLOUDFLARE_API_TOKEN')) {
      fatal.push(
        'REALTIMEKIT_MCP_ACCESS_KEYS is set, so callers present an access key and the server calls the API with its own token, but CLOUDFLARE_API_TOKEN is not set.',
      );
    }
    return { mode: 'access-key', accessKeys, ...common };
  }
  if (readVariable(env, 'CLOUDFLARE_API_TOKEN')) {
    warnings.push(
      "CLOUDFLARE_API_TOKEN is set but not used: without REALTIMEKIT_MCP_ACCESS_KEYS every caller sends its own Cloudflare API token as the bearer. Set REALTIMEKIT_MCP_ACCESS_KEYS to let callers use the server's token instead.",
    );
  }
  return { mode: 'caller-token', accessKeys, ...common };
}

/** REALTIMEKIT_MCP_PUBLIC_URL as an origin, or undefined (unset, or unusable: then a sentence in `fatal`). */
function publicOriginOf(value: string | undefined, fatal: string[]): string | undefined {
  if (!value) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  const bare =
    url && !url.username && !url.password && !url.search && !url.hash && ['/', MCP_PATH].includes(url.pathname);
  const secure = url?.protocol === 'https:' || (url?.protocol === 'http:' && isLoopback(url.hostname));
  if (url && bare && secure) return url.origin;
  fatal.push(
    `REALTIMEKIT_MCP_PUBLIC_URL must be the https URL clients reach this server at, like https://mcp.example.com or https://mcp.example.com${MCP_PATH} (http only to this machine), with no query or credentials.`,
  );
  return undefined;
}

/** Where `--http` listens when the command line does not say: HOST and PORT, for container platforms. */
export function listenVariables(env: Env): { host?: string; port?: string } {
  const host = readVariable(env, 'HOST');
  const port = readVariable(env, 'PORT');
  return { ...(host && { host }), ...(port && { port }) };
}

/** How long a client may take to send a whole request, headers and body (REALTIMEKIT_MCP_HTTP_REQUEST_TIMEOUT_SECONDS). */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
/** How long a kept-alive connection may sit idle between requests (REALTIMEKIT_MCP_HTTP_IDLE_TIMEOUT_SECONDS). */
export const DEFAULT_IDLE_TIMEOUT_SECONDS = 5;
/** Open connections at once; more are closed as they come (REALTIMEKIT_MCP_HTTP_MAX_CONNECTIONS). */
export const DEFAULT_MAX_CONNECTIONS = 1024;
/** The most time headers may take, within the request's. */
const MAX_HEADERS_TIMEOUT_MS = 10_000;
/** A socket with no traffic this long after the call deadline has a client that stopped reading: closed. */
const SILENT_SOCKET_MARGIN_MS = 15_000;

/** The Node host's socket limits, from the server's variables. */
export interface SocketLimits {
  requestTimeoutMs: number;
  headersTimeoutMs: number;
  idleTimeoutMs: number;
  maxConnections: number;
  /** No byte either way this long: the client is gone or stopped reading. Past the longest call. */
  silentSocketMs: number;
}

/** The limits, or the sentences saying which variables cannot be used. */
export function socketLimits(env: Env, callDeadlineMs: number): { limits: SocketLimits; problems: string[] } {
  const problems: string[] = [];
  const number = (name: string, fallback: number, min: number, max: number, unit: string): number => {
    const { value, problem } = readWholeNumber(env, name, { fallback, min, max, unit });
    if (problem) problems.push(problem);
    return value;
  };
  const requestTimeoutMs =
    number('REALTIMEKIT_MCP_HTTP_REQUEST_TIMEOUT_SECONDS', DEFAULT_REQUEST_TIMEOUT_SECONDS, 1, 600, 'seconds') * 1000;
  const limits: SocketLimits = {
    requestTimeoutMs,
    headersTimeoutMs: Math.min(requestTimeoutMs, MAX_HEADERS_TIMEOUT_MS),
    idleTimeoutMs:
      number('REALTIMEKIT_MCP_HTTP_IDLE_TIMEOUT_SECONDS', DEFAULT_IDLE_TIMEOUT_SECONDS, 1, 600, 'seconds') * 1000,
    maxConnections: number(
      'REALTIMEKIT_MCP_HTTP_MAX_CONNECTIONS',
      DEFAULT_MAX_CONNECTIONS,
      1,
      1_000_000,
      'connections',
    ),
    silentSocketMs: callDeadlineMs + SILENT_SOCKET_MARGIN_MS,
  };
  return { limits, problems };
}

/**
 * REALTIMEKIT_MCP_LOG_LEVEL: the least severe line the operator's log shows, info unless set (the HTTP hosts'
 * access log is at info: warning silences it). A value that is no level leaves info, with a sentence saying so.
 */
export function logLevelOf(env: Env): { level: LogLevel; problem?: string } {
  const value = readVariable(env, 'REALTIMEKIT_MCP_LOG_LEVEL')?.toLowerCase();
  if (!value) return { level: 'info' };
  if (value in SEVERITY) return { level: value as LogLevel };
  return {
    level: 'info',
    problem: `REALTIMEKIT_MCP_LOG_LEVEL must be one of ${Object.keys(SEVERITY).join(', ')}; logging at info.`,
  };
}

/** What the variables say of the Worker's sign-in (OAuth), which its OAUTH_KV binding turns on. */
export interface SignInVariables {
  /** The sign-in page offers the built-in sample account (REALTIMEKIT_MCP_SIGN_IN_DEMO=1). */
  demo: boolean;
}

export function signInSettings(env: Env): SignInVariables {
  return { demo: readVariable(env, 'REALTIMEKIT_MCP_SIGN_IN_DEMO') === '1' };
}
