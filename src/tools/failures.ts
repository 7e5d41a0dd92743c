// Every sentence a model reads when a call fails or comes back short: what happened, and
// what to do about it. Handlers throw; the one catch in src/server/call.ts asks failureText for the words. The
// sweep of get_active_livestreams keeps its own in src/tools/sweep-failures.ts, built on these.
import type { AppsPage } from '../api/client.js';
import { ApiError, isAuthFailure, isNotFound, isRateLimited } from '../api/errors.js';
import { DEFAULT_BASE_URL, NotConfigured, type RemoteCaller } from '../config/config.js';
import { DeadlineExceeded } from '../lib/clock.js';
import { isTag, isUuid } from '../lib/ids.js';
import { NAME } from '../lib/version.js';
import { quote } from '../summaries/text.js';

/** One problem with a call's arguments: zod's issues have this shape, and so do misnamed arguments. */
export interface ArgumentProblem {
  message: string;
  path: readonly PropertyKey[];
}

/** Arguments that do not fit a tool's input schema, each problem naming its argument. */
export class InvalidArguments extends Error {
  constructor(readonly issues: readonly ArgumentProblem[]) {
    super(`invalid arguments: ${issues.length} problem(s)`);
    this.name = 'InvalidArguments';
  }
}

/** The call that failed, for the words: which tool, doing what, against which app and API. */
export interface FailedCall {
  tool: string;
  /** What the call was doing, as in "while listing meetings". */
  action: string;
  /** How the tool's call asks for less (ToolDefinition.narrow). */
  narrow: string;
  /** What the tool adds when the API says 404 (ToolDefinition.notFound). */
  notFound?: string;
  /** Known once the call's app is resolved, which every API request comes after. */
  appId?: string;
  accountId?: string;
  baseUrl: string;
  /**
   * Served over HTTP: the words speak to the caller, about what it sent, and never name the operator's base URL,
   * account, files or variables (stdio's words name them: there the reader's user is the operator).
   */
  remote?: RemoteCaller;
  /** The account's apps, when the call named no app or one the API does not know (src/server/call.ts asks). */
  apps?: AppsPage;
}

/** Who acts on the words: the operator, who sets the server's variables, or a caller over HTTP. */
export type Audience = 'operator' | 'caller';

/** Where a caller over HTTP names the app a call reads. */
const CALLERS_APP = 'the app_id argument (or the X-RealtimeKit-App-Id header)';

/** What a caller over HTTP is told where the fix is the operator's alone. */
const OPERATORS_TO_FIX = "This is for the server's operator to fix; its log says more.";

/** System errors that mean the API was reached and the connection then broke, not that it was unreachable. */
const LOST_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** A failure of the world (arguments, configuration, the API, time), not a bug in this server. */
export function isExpectedFailure(error: unknown): boolean {
  return (
    error instanceof InvalidArguments ||
    error instanceof NotConfigured ||
    error instanceof DeadlineExceeded ||
    error instanceof ApiError
  );
}

/** The words for a call that failed. A bug gets a sentence that points at the server's log, nothing more. */
export function failureText(error: unknown, call: FailedCall): string {
  if (error instanceof InvalidArguments) return invalidArguments(error, call);
  if (error instanceof NotConfigured) {
    const words = error.remote ? notConfiguredRemote(error, error.remote) : notConfigured(error);
    return call.apps ? `${words} ${appsOffered(call.apps)}` : words;
  }
  if (error instanceof DeadlineExceeded) return timedOut(error.ms, call);
  if (error instanceof ApiError) return apiFailure(error, call);
  return `${call.tool} failed with an internal error in ${NAME}; the details are in the server's log.`;
}

/** An argument the tool does not take that looks like one it does: refused rather than guessed at. */
export function misnamedArgument(key: string, meant: string): ArgumentProblem {
  return { message: `Unrecognized key ${quote(key, 40)}: did you mean ${meant}?`, path: [] };
}

/** The note on an answer that was given without arguments the tool does not take. */
export function ignoredArgumentsNote(tool: string, keys: readonly string[]): string {
  const named = keys.slice(0, 5).map((key) => quote(key, 40));
  const more = keys.length > 5 ? ` and ${keys.length - 5} more` : '';
  return `Ignored ${keys.length === 1 ? 'an argument' : 'arguments'} ${tool} does not take: ${named.join(', ')}${more}.`;
}

/** A call to a tool this server does not have: a protocol error, whose message clients relay. */
export function unknownToolText(name: string, tools: readonly string[]): string {
  return `Unknown tool ${quote(name, 80)}; the tools are ${tools.join(', ')}.`;
}

export function cancelledText(call: FailedCall): string {
  return `Cancelled by the client while ${call.action}.`;
}

/** One line per problem, each naming the argument, so a model can correct the call. */
function invalidArguments({ issues }: InvalidArguments, call: FailedCall): string {
  const problems = issues.map((issue) => {
    const at = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
    return at && !issue.message.startsWith(at) ? `${issue.message} (${at})` : issue.message;
  });
  const listed = problems.join('; ');
  return `Invalid arguments for ${call.tool}: ${listed}${/[.?!]$/.test(listed) ? '' : '.'} No request was made.`;
}

function notConfigured({ missing, problems }: NotConfigured): string {
  const sentences = problems.map((problem) => problem.message);
  if (missing.length > 0) {
    const names = missing.map((name) =>
      name === 'REALTIMEKIT_APP_ID' ? `${name} (or pass the app_id argument)` : name,
    );
    sentences.unshift(`Not configured: set ${names.join(' and ')}.`);
  }
  sentences.push(
    "Set them in the env block of this server's entry in the MCP client's configuration, then restart the server.",
  );
  return sentences.join(' ');
}

/**
 * Over HTTP: what the caller sends that the call lacks (an account id, with its own token; an app id), and
 * what is wrong with what it sent. What is wrong in the server's own settings is the operator's, and the words
 * say only that, not which variable or value.
 */
function notConfiguredRemote({ missing, problems }: NotConfigured, remote: RemoteCaller): string {
  const asked = missing.flatMap((name) =>
    name === 'REALTIMEKIT_APP_ID'
      ? [CALLERS_APP]
      : name === 'CLOUDFLARE_ACCOUNT_ID' && remote.token === 'caller'
        ? ['your Cloudflare account id in the cf-account-id header']
        : [],
  );
  const sentences = problems.filter((problem) => problem.fromRequest).map((problem) => problem.message);
  if (asked.length > 0) sentences.unshift(`Not configured: send ${asked.join(' and ')}.`);
  const operators = asked.length < missing.length || problems.some((problem) => !problem.fromRequest);
  if (operators) sentences.push(`This server's own settings are incomplete for this call. ${OPERATORS_TO_FIX}`);
  return sentences.join(' ');
}

/** The apps a call may name, from the account's list: each id (and its name), so the next call can succeed. */
function appsOffered({ apps, total }: AppsPage): string {
  if (apps.length === 0) {
    return 'This token can see no RealtimeKit app in the account: create one in the Cloudflare dashboard (Realtime, then RealtimeKit), or use a token of the account that has it.';
  }
  const listed = apps.map((app) => {
    const id = isTag(app.id) ? app.id : quote(app.id, 40);
    return app.name && app.name !== app.id ? `${id} (${quote(app.name, 60)})` : id;
  });
  const some = total !== undefined && total > apps.length ? `; the first ${apps.length} of ${total}` : '';
  return `Pass one of the account's apps as app_id: ${listed.join(', ')}${some}.`;
}

/** Why a request was not sent: this server's limit, or its host's, not the API's. */
export function requestLimit({ details }: ApiError, audience: Audience): string {
  if (details.requestLimit === undefined) {
    return 'the host running this server allows no more API requests in one call (a Cloudflare Worker on Workers Free allows 50)';
  }
  const limit = `this server makes at most ${details.requestLimit} API requests a call`;
  return audience === 'operator' ? `${limit} (REALTIMEKIT_MCP_MAX_API_REQUESTS)` : limit;
}

function timedOut(ms: number | undefined, { action, remote }: FailedCall): string {
  const limit = remote ? '' : '; REALTIMEKIT_MCP_TIMEOUT_SECONDS sets the limit';
  return `Timed out after ${seconds(ms)} s while ${action}: the RealtimeKit API did not answer in time. Try again in a moment${limit}.`;
}

function apiFailure(error: ApiError, call: FailedCall): string {
  const { details } = error;
  const { action, baseUrl, remote } = call;
  switch (error.kind) {
    case 'http':
      return httpFailure(error, call);
    case 'network': {
      if (remote) {
        const what = LOST_CONNECTION_CODES.has(details.code ?? '')
          ? 'The connection to the RealtimeKit API broke'
          : 'This server could not reach the RealtimeKit API';
        return `${what} while ${action} (${details.code ?? 'connection failed'}${tried(error)}). Try again in a minute; if it persists, it is for the server's operator to fix.`;
      }
      const check =
        baseUrl === DEFAULT_BASE_URL
          ? 'Check the network connection of the machine running the server.'
          : `Check the network connection and CLOUDFLARE_BASE_URL (${baseUrl}).`;
      const what = LOST_CONNECTION_CODES.has(details.code ?? '')
        ? `The connection to the RealtimeKit API at ${baseUrl} broke`
        : `Could not reach the RealtimeKit API at ${baseUrl}`;
      return `${what} while ${action} (${details.code ?? 'connection failed'}${tried(error)}). ${check}`;
    }
    case 'redirect':
      if (remote) {
        return `The RealtimeKit API answered HTTP ${details.status} while ${action}, a redirect, which was not followed: the server sends its token to one address only. ${OPERATORS_TO_FIX}`;
      }
      return `The RealtimeKit API at ${baseUrl} answered HTTP ${details.status} while ${action}, a redirect ${details.location ? `to ${details.location}` : 'to no address it could show'}; it was not followed, since the token is sent to CLOUDFLARE_BASE_URL only. Check CLOUDFLARE_BASE_URL (${baseUrl}): the API is at ${DEFAULT_BASE_URL}.`;
    case 'timeout':
      return timedOut(details.timeoutMs, call);
    case 'aborted':
      return cancelledText(call);
    case 'invalid_body':
      return `The RealtimeKit API answered HTTP ${details.status ?? '?'} while ${action}, but ${error.message}${details.contentType ? ` (content-type ${details.contentType})` : ''}, so there is nothing to summarise. This is usually a proxy or an outage in between; try again later.`;
    case 'over_budget':
      return `The RealtimeKit API's answers while ${action} passed ${mebibytes(details.budgetBytes)}, the most one call reads, so the rest was not read. Narrow the call (${call.narrow}) and try again.`;
    case 'request_limit':
      return `Could not finish ${action}: ${requestLimit(error, audienceOf(call))}, and this call needed more. Narrow the call (${call.narrow}), or run the server where calls may make more (Workers Paid: 10,000).`;
    case 'unexpected_shape':
      return `The RealtimeKit API's answer while ${action} did not have the documented shape (${error.message}), so it was not summarised. Try again; if it persists, the API has changed and this server needs an update.`;
    case 'invalid_request':
      return `Refused before calling the API: the ${details.field ?? 'id'} is not a valid path segment (app ${call.appId ?? '?'}${remote ? '' : `, account ${call.accountId ?? '?'}`}).`;
  }
}

/** Who reads a call's words: a caller over HTTP, or (stdio) the operator. */
export function audienceOf({ remote }: Pick<FailedCall, 'remote'>): Audience {
  return remote ? 'caller' : 'operator';
}

/**
 * A 404, as the API client says what the path named (src/api/errors.ts's `missing`): an unknown app, with the
 * account's apps when they could be listed, or a meeting of the app; anything else in general words. The tool
 * adds its own hint after them (ToolDefinition.notFound).
 */
function notFoundWords(error: ApiError, call: FailedCall, detail: string): string {
  const { action, appId = '?', accountId = '?', remote, apps } = call;
  const { missing } = error.details;
  if (missing?.what === 'meeting') {
    const id = isUuid(missing.id) ? missing.id : quote(missing.id, 80);
    return `Meeting ${id} was not found in app ${appId} (${detail}) while ${action}.`;
  }
  if (missing?.what !== 'app') return `The RealtimeKit API found nothing where ${action} asked (${detail}).`;
  const where = remote ? (remote.sentAccount ? ` in account ${remote.sentAccount}` : '') : ` in account ${accountId}`;
  if (apps) return `App ${appId} was not found${where} (${detail}). ${appsOffered(apps)}`;
  const check = remote ? CALLERS_APP : 'the app_id argument or REALTIMEKIT_APP_ID';
  return `App ${appId} was not found${where} (${detail}). Check ${check} against the RealtimeKit apps in the Cloudflare dashboard.`;
}

function httpFailure(error: ApiError, call: FailedCall): string {
  const { action, accountId = '?', remote } = call;
  const detail = httpDetail(error);
  const { status = 0, retryAfterSeconds } = error.details;
  if (isAuthFailure(error)) {
    if (remote?.token === 'caller') {
      const account = remote.sentAccount
        ? `, and that the account in your cf-account-id header (${remote.sentAccount}) is one it can read`
        : ", and that it can read this server's account";
      return `The Cloudflare API rejected your bearer token (${detail}) while ${action}. Check that it is a valid Cloudflare API token with the Realtime or Realtime Admin permission${account}.`;
    }
    if (remote?.token === 'grant') {
      return `The Cloudflare API rejected the token given when this connection was made (${detail}) while ${action}. It may have been deleted, expired or lost its Realtime permission: disconnect this server in your MCP client and connect again, with a token that has the Realtime or Realtime Admin permission.`;
    }
    if (remote)
      return `The Cloudflare API rejected this server's token (${detail}) while ${action}. ${OPERATORS_TO_FIX}`;
    return `The Cloudflare API rejected the token (${detail}) while ${action}. Check that CLOUDFLARE_API_TOKEN is a valid API token with the Realtime or Realtime Admin permission, and that CLOUDFLARE_ACCOUNT_ID (${accountId}) is the account it belongs to.`;
  }
  if (isNotFound(error)) {
    const words = notFoundWords(error, call, detail);
    return call.notFound ? `${words} ${call.notFound}` : words;
  }
  if (status === 400 || status === 422) {
    return `The RealtimeKit API refused the request while ${action} (${detail}). Change the arguments it names and try again.`;
  }
  if (isRateLimited(error)) {
    return `The Cloudflare API is rate limiting this token (${detail}) while ${action}. Try again ${waitFor(retryAfterSeconds)}; the limit is 1,200 requests per 5 minutes per user.`;
  }
  if (status >= 500) {
    return `The RealtimeKit API failed (${detail}) while ${action}. This is a fault on the API side; try again in a minute.`;
  }
  return `The RealtimeKit API answered ${detail} while ${action}.`;
}

function httpDetail(error: ApiError): string {
  const { status, statusText, apiCode, apiMessage } = error.details;
  let text = `HTTP ${status}`;
  // The gateway's numeric codes (10000 = authentication) help someone searching Cloudflare's docs.
  if (apiCode !== undefined && String(apiCode) !== String(status)) text += `, code ${apiCode}`;
  if (apiMessage) text += `: ${apiMessage}`;
  else if (statusText) text += ` ${statusText}`;
  return text + tried(error);
}

/** Retries happen quietly; the answer says so when they did not help. */
function tried(error: ApiError): string {
  const attempts = error.details.attempts ?? 1;
  return attempts > 1 ? `; tried ${attempts} times` : '';
}

export function seconds(ms: number | undefined): number {
  return (ms ?? 0) / 1000;
}

export function mebibytes(bytes: number | undefined): string {
  return `${Math.round((bytes ?? 0) / 1024 / 1024)} MiB`;
}

export function waitFor(retryAfterSeconds: number | undefined): string {
  return retryAfterSeconds !== undefined ? `in ${retryAfterSeconds} s` : 'in a minute';
}
