// Turns the process environment into the server's configuration. Pure: reads only the object it is given.
import { isTag } from '../lib/ids.js';
import { playbackOrigin } from '../server/live-view.js';

export const DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4';
export const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMEOUT_SECONDS = 300;
/** A sweep needs a listing and a check; Workers Paid allows 10,000 subrequests. */
const MIN_API_REQUESTS = 2;
const MAX_API_REQUESTS = 10_000;
/**
 * The most API requests one call makes unless the operator says otherwise: a small share of the 1,200 per 5
 * minutes that Cloudflare allows a user, which the user's own application spends too. "What is live?" through
 * the app's sessions costs a request per meeting in session and two more, so this is rarely met.
 */
export const DEFAULT_MAX_API_REQUESTS = 100;

export interface Config {
  apiToken?: string;
  accountId?: string;
  defaultAppId?: string;
  baseUrl: string;
  revealStreamKeys: boolean;
  /**
   * Send structuredContent and advertise output schemas (REALTIMEKIT_MCP_STRUCTURED, on unless "off"). Off
   * is for clients that show the structured JSON badly: they fall back to the text.
   */
  structured: boolean;
  /** Deadline for a whole tool call, retries included. */
  timeoutMs: number;
  /**
   * The most API requests one call makes, retries included (REALTIMEKIT_MCP_MAX_API_REQUESTS, 100 by default): a
   * share of the account's rate limit, or a host's own limit, such as a Cloudflare Worker's subrequests per
   * invocation (50 on Workers Free). A sweep sizes its scan pages to fit, and says how to go on.
   */
  maxApiRequests: number;
  /** Serving the built-in sample account (--demo): every answer says so. */
  demo: boolean;
  /** Settings that are present but unusable, with a sentence each (never quoting the token). */
  problems: ConfigProblem[];
  /**
   * Served over HTTP (src/hosts/http.ts): a failure speaks to the caller, who can change only what it sends (its
   * bearer, headers, arguments), never naming the operator's variables, base URL, account or files.
   */
  remote?: RemoteCaller;
  /** The live view for MCP Apps hosts (src/server/live-view.ts). */
  view: ViewSettings;
}

export interface ViewSettings {
  /** Offered to hosts (REALTIMEKIT_MCP_VIEW, on unless "off"). */
  enabled: boolean;
  /** Where its player may load streams from besides Cloudflare's (REALTIMEKIT_MCP_PLAYBACK_ORIGINS). */
  playbackOrigins: string[];
  /** Entries that were left out, a sentence each: the view works without them, so they are only warnings. */
  warnings: string[];
}

export interface ConfigProblem {
  variable: string;
  message: string;
  /** Found in what an HTTP caller sent (a header), not in the server's variables: the caller's to fix. */
  fromRequest?: boolean;
}

/** Who calls over HTTP, as a failure's words need to know it. */
export interface RemoteCaller {
  /**
   * Whose Cloudflare API token calls the API: the caller's own bearer, the one a person gave when signing in
   * (a sign-in grant, on the Worker), or the server's (access keys, --demo).
   */
  token: 'caller' | 'grant' | 'server';
  /** The account id the caller sent (cf-account-id), which its own errors may name; unset when the server pins one. */
  sentAccount?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * A variable's value, trimmed: how every module reads the server's variables. Empty values and placeholders a
 * client failed to expand (`${CLOUDFLARE_API_TOKEN}`) count as unset: both are what a half-filled client
 * configuration passes.
 */
export function readVariable(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  if (!value || /^\$\{[^}]*\}$/.test(value)) return undefined;
  return value;
}

/** A comma-separated variable's entries, trimmed, empty ones left out. */
export function readList(env: Env, name: string): string[] {
  return (readVariable(env, name) ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

/**
 * A whole-number variable from `min` to `max`: its value, or `fallback` when unset, or when it is not one (with
 * the sentence that says so, naming `unit` and adding `note` to the default).
 */
export function readWholeNumber(
  env: Env,
  name: string,
  { fallback, min, max, unit, note }: { fallback: number; min: number; max: number; unit?: string; note?: string },
): { value: number; problem?: string } {
  const raw = readVariable(env, name);
  if (raw === undefined) return { value: fallback };
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value >= min && value <= max) return { value };
  const of = unit ? ` of ${unit}` : '';
  return {
    value: fallback,
    problem: `${name} must be a whole number${of} from ${min} to ${max} (default ${fallback}${note ? `; ${note}` : ''}).`,
  };
}

export function loadConfig(env: Env): Config {
  const problems: ConfigProblem[] = [];

  const accountId = readVariable(env, 'CLOUDFLARE_ACCOUNT_ID');
  if (accountId !== undefined && !isTag(accountId)) {
    problems.push({
      variable: 'CLOUDFLARE_ACCOUNT_ID',
      message:
        'CLOUDFLARE_ACCOUNT_ID is not an account id (expected up to 32 letters, digits, "_" or "-", like the 32-character id in the Cloudflare dashboard).',
    });
  }

  const defaultAppId = readVariable(env, 'REALTIMEKIT_APP_ID');
  if (defaultAppId !== undefined && !isTag(defaultAppId)) {
    problems.push({
      variable: 'REALTIMEKIT_APP_ID',
      message:
        'REALTIMEKIT_APP_ID is not an app id (expected up to 32 letters, digits, "_" or "-"): fix it or pass the app_id argument.',
    });
  }

  let baseUrl = DEFAULT_BASE_URL;
  const rawBaseUrl = readVariable(env, 'CLOUDFLARE_BASE_URL');
  if (rawBaseUrl !== undefined) {
    const problem = baseUrlProblem(rawBaseUrl);
    if (problem) problems.push({ variable: 'CLOUDFLARE_BASE_URL', message: problem });
    else {
      const parsed = new URL(rawBaseUrl);
      baseUrl = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
    }
  }

  const apiToken = readVariable(env, 'CLOUDFLARE_API_TOKEN');
  if (apiToken !== undefined && !HEADER_SAFE.test(apiToken)) {
    problems.push({
      variable: 'CLOUDFLARE_API_TOKEN',
      message:
        'CLOUDFLARE_API_TOKEN has characters an HTTP header cannot carry (a space, a line break or a letter outside ASCII, often from copying it): paste it again.',
    });
  }

  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  const rawTimeout = readVariable(env, 'REALTIMEKIT_MCP_TIMEOUT_SECONDS');
  if (rawTimeout !== undefined) {
    const seconds = Number(rawTimeout);
    if (/^\d+(\.\d+)?$/.test(rawTimeout) && seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS) timeoutSeconds = seconds;
    else {
      problems.push({
        variable: 'REALTIMEKIT_MCP_TIMEOUT_SECONDS',
        message: `REALTIMEKIT_MCP_TIMEOUT_SECONDS must be a number of seconds from 1 to ${MAX_TIMEOUT_SECONDS} (default ${DEFAULT_TIMEOUT_SECONDS}).`,
      });
    }
  }

  const { value: maxApiRequests, problem: maxProblem } = readWholeNumber(env, 'REALTIMEKIT_MCP_MAX_API_REQUESTS', {
    fallback: DEFAULT_MAX_API_REQUESTS,
    min: MIN_API_REQUESTS,
    max: MAX_API_REQUESTS,
    note: '50 for a Worker on Workers Free',
  });
  if (maxProblem) problems.push({ variable: 'REALTIMEKIT_MCP_MAX_API_REQUESTS', message: maxProblem });

  return {
    apiToken,
    accountId: accountId !== undefined && isTag(accountId) ? accountId : undefined,
    defaultAppId: defaultAppId !== undefined && isTag(defaultAppId) ? defaultAppId : undefined,
    baseUrl,
    revealStreamKeys: readVariable(env, 'REALTIMEKIT_MCP_REVEAL_STREAM_KEYS') === '1',
    structured: isOn(env, 'REALTIMEKIT_MCP_STRUCTURED'),
    timeoutMs: timeoutSeconds * 1000,
    maxApiRequests,
    demo: false,
    problems,
    view: viewSettings(env),
  };
}

export function viewSettings(env: Env): ViewSettings {
  const playbackOrigins: string[] = [];
  const warnings: string[] = [];
  for (const entry of readList(env, 'REALTIMEKIT_MCP_PLAYBACK_ORIGINS')) {
    const origin = playbackOrigin(entry, isLoopback);
    if (origin) playbackOrigins.push(origin);
    else {
      warnings.push(
        `REALTIMEKIT_MCP_PLAYBACK_ORIGINS: ${JSON.stringify(entry.slice(0, 80))} is left out; write an https origin such as https://video.example.com or https://*.example.com (http only to this machine).`,
      );
    }
  }
  return { enabled: isOn(env, 'REALTIMEKIT_MCP_VIEW'), playbackOrigins, warnings };
}

/** A switch that is on unless set to off (or 0, false, no). */
function isOn(env: Env, name: string): boolean {
  return !/^(off|0|false|no)$/i.test(readVariable(env, name) ?? '');
}

/** What an API token may hold to travel in an Authorization header: visible ASCII, no spaces. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/**
 * Why CLOUDFLARE_BASE_URL cannot be used, or undefined when it can: an http(s) URL without credentials, a
 * query or a fragment, and plain http only to this machine, since the token would cross the network in clear.
 */
function baseUrlProblem(value: string): string | undefined {
  const parsed = URL.canParse(value) ? new URL(value) : undefined;
  if (!parsed || !['https:', 'http:'].includes(parsed.protocol) || parsed.username || parsed.password) {
    return `CLOUDFLARE_BASE_URL is not an http(s) URL without credentials (the default is ${DEFAULT_BASE_URL}).`;
  }
  if (parsed.search || parsed.hash) {
    return `CLOUDFLARE_BASE_URL has a query or a fragment, which would be lost: paths are added to it (the default is ${DEFAULT_BASE_URL}).`;
  }
  if (parsed.protocol === 'http:' && !isLoopback(parsed.hostname)) {
    return `CLOUDFLARE_BASE_URL uses http:// to ${parsed.hostname}, which is not this machine, so the API token would cross the network unencrypted: use https:// (http:// is for a stand-in on this machine).`;
  }
  return undefined;
}

/** This machine: localhost, IPv6 ::1 (bracketed, as a URL writes it, or bare, as --host takes it), or 127/8. */
export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    hostname === '::1' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** The required variables that are unset; one that is set but unusable is a problem, not missing. */
export function missingVariables(config: Config): string[] {
  const invalid = new Set(config.problems.map((problem) => problem.variable));
  const missing: string[] = [];
  if (!config.apiToken) missing.push('CLOUDFLARE_API_TOKEN');
  if (!config.accountId && !invalid.has('CLOUDFLARE_ACCOUNT_ID')) missing.push('CLOUDFLARE_ACCOUNT_ID');
  return missing;
}

/** What a call needs to reach the API: credentials, and the app it reads. */
export interface CallTarget {
  apiToken: string;
  accountId: string;
  appId: string;
}

/** A call the configuration cannot serve, with everything it lacks; src/tools/failures.ts words it. */
export class NotConfigured extends Error {
  constructor(
    /** Required variables that are unset (REALTIMEKIT_APP_ID when the call passed no app_id either). */
    readonly missing: string[],
    /** Settings that are present but unusable. */
    readonly problems: ConfigProblem[],
    /** Served over HTTP: the caller sends what it can (headers, arguments); the rest is the operator's. */
    readonly remote?: RemoteCaller,
  ) {
    super(`not configured: ${[...missing, ...problems.map((problem) => problem.variable)].join(', ')}`);
    this.name = 'NotConfigured';
  }
}

/**
 * The credentials and app for one call: its `app_id` argument, else REALTIMEKIT_APP_ID. Throws NotConfigured
 * naming everything missing or unusable at once; an unusable REALTIMEKIT_APP_ID counts only when the call
 * falls back to it.
 */
export function callTarget(config: Config, appIdArgument: string | undefined): CallTarget {
  const appId = appIdArgument ?? config.defaultAppId;
  const problems = config.problems.filter(
    (problem) => appIdArgument === undefined || problem.variable !== 'REALTIMEKIT_APP_ID',
  );
  const missing = missingVariables(config);
  if (appId === undefined && !problems.some((problem) => problem.variable === 'REALTIMEKIT_APP_ID')) {
    missing.push('REALTIMEKIT_APP_ID');
  }
  if (!config.apiToken || !config.accountId || appId === undefined || problems.length > 0) {
    throw new NotConfigured(missing, problems, config.remote);
  }
  return { apiToken: config.apiToken, accountId: config.accountId, appId };
}

/** The sentence the server warns with at start-up, or undefined when it is ready to call the API. */
export function startupWarning(config: Config): string | undefined {
  const missing = missingVariables(config);
  const lines = config.problems.map((problem) => problem.message);
  if (missing.length > 0) lines.unshift(`missing ${missing.join(', ')}.`);
  if (lines.length === 0) {
    return config.defaultAppId ? undefined : 'REALTIMEKIT_APP_ID is not set, so every tool call must pass app_id.';
  }
  if (!config.defaultAppId && !config.problems.some((problem) => problem.variable === 'REALTIMEKIT_APP_ID')) {
    lines.push('REALTIMEKIT_APP_ID is not set either, so every tool call must pass app_id.');
  }
  return `${lines.join(' ')} The server runs, but tool calls answer with an error until this is fixed.`;
}
