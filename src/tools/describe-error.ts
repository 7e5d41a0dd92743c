// The one place where an API failure becomes words a model can act on.
import type { ApiError } from '../api/errors.js';
import { DEFAULT_BASE_URL } from '../config.js';

/** System errors that mean the API was reached and the connection then broke, not that it was unreachable. */
const LOST_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET']);

export interface ErrorContext {
  /** What the call was doing, as in "while listing meetings". */
  action: string;
  appId: string;
  accountId: string;
  baseUrl: string;
}

export function describeApiError(error: ApiError, context: ErrorContext): string {
  const { details } = error;
  const { action, appId, accountId, baseUrl } = context;
  switch (error.kind) {
    case 'http':
      return describeHttpError(details.status ?? 0, httpDetail(error), details.retryAfterSeconds, context);
    case 'network': {
      const check =
        baseUrl === DEFAULT_BASE_URL
          ? 'Check the network connection of the machine running the server.'
          : `Check the network connection and CLOUDFLARE_BASE_URL (${baseUrl}).`;
      const what = LOST_CONNECTION_CODES.has(details.code ?? '')
        ? `The connection to the RealtimeKit API at ${baseUrl} broke`
        : `Could not reach the RealtimeKit API at ${baseUrl}`;
      return `${what} while ${action} (${details.code ?? 'connection failed'}${tried(error)}). ${check}`;
    }
    case 'timeout':
      return `Timed out after ${Math.round((details.timeoutMs ?? 0) / 1000)} s while ${action}: the RealtimeKit API did not answer in time. Try again in a moment; REALTIMEKIT_MCP_TIMEOUT_SECONDS sets the limit.`;
    case 'aborted':
      return `The request was cancelled while ${action}.`;
    case 'invalid_body':
      return `The RealtimeKit API answered HTTP ${details.status ?? '?'} while ${action}, but ${error.message}${details.contentType ? ` (content-type ${details.contentType})` : ''}, so there is nothing to summarise. This is usually a proxy or an outage in between; try again later.`;
    case 'unexpected_shape':
      return `The RealtimeKit API's answer while ${action} did not have the documented shape (${error.message}), so it was not summarised. Try again; if it persists, the API has changed and this server needs an update.`;
    case 'invalid_request':
      return `Refused before calling the API: the ${details.field ?? 'id'} is not a valid path segment (app ${appId}, account ${accountId}).`;
  }
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

function describeHttpError(
  status: number,
  detail: string,
  retryAfterSeconds: number | undefined,
  { action, appId, accountId }: ErrorContext,
): string {
  if (status === 401 || status === 403) {
    return `The Cloudflare API rejected the token (${detail}) while ${action}. Check that CLOUDFLARE_API_TOKEN is a valid API token with the Realtime or Realtime Admin permission, and that CLOUDFLARE_ACCOUNT_ID (${accountId}) is the account it belongs to.`;
  }
  if (status === 404) {
    return `App ${appId} was not found in account ${accountId} (${detail}). Check the app_id argument or REALTIMEKIT_APP_ID against the RealtimeKit apps in the Cloudflare dashboard.`;
  }
  if (status === 400 || status === 422) {
    return `The RealtimeKit API refused the request while ${action} (${detail}). Change the arguments it names and try again.`;
  }
  if (status === 429) {
    const when = retryAfterSeconds !== undefined ? `in ${retryAfterSeconds} s` : 'in a minute';
    return `The Cloudflare API is rate limiting this token (${detail}) while ${action}. Try again ${when}; the limit is 1,200 requests per 5 minutes per user.`;
  }
  if (status >= 500) {
    return `The RealtimeKit API failed (${detail}) while ${action}. This is a fault on the API side; try again in a minute.`;
  }
  return `The RealtimeKit API answered ${detail} while ${action}.`;
}
