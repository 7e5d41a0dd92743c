// The one error type the API client throws, and the questions callers ask of it. It describes what
// happened in HTTP terms; turning it into words for a model happens in one place, src/tools/failures.ts.

export type ApiErrorKind =
  /** Refused before sending: an id that could not be a path segment. */
  | 'invalid_request'
  /** The API answered with a non-2xx status. */
  | 'http'
  /** The API answered with a redirect, which is not followed: the token goes to CLOUDFLARE_BASE_URL only. */
  | 'redirect'
  /** No answer: DNS, connection refused or reset, TLS. */
  | 'network'
  /** No answer within the request deadline. */
  | 'timeout'
  /** The caller cancelled the request. */
  | 'aborted'
  /** A 2xx body that is not JSON, or larger than the client will read. */
  | 'invalid_body'
  /** The answers to one call passed what a call reads in all (its budget), so the rest was not read. */
  | 'over_budget'
  /**
   * No more requests in this call: the limit this server was given (REALTIMEKIT_MCP_MAX_API_REQUESTS), or the
   * runtime's own, such as a Cloudflare Worker's subrequests per invocation (50 on Workers Free).
   */
  | 'request_limit'
  /** JSON that does not have the documented shape. */
  | 'unexpected_shape';

export interface ApiErrorDetails {
  status?: number;
  statusText?: string;
  /** `error.code` or `errors[].code` from either error envelope. */
  apiCode?: number | string;
  /** The API's own message(s), whitespace-folded and length-capped. */
  apiMessage?: string;
  /** Seconds to wait, from a `Retry-After` header. */
  retryAfterSeconds?: number;
  /** For `unexpected_shape`: where the body was wrong, e.g. `data[3].created_at`. */
  field?: string;
  /** For `network`: the system error code, e.g. `ECONNREFUSED`. */
  code?: string;
  contentType?: string;
  timeoutMs?: number;
  url?: string;
  /** How many requests were made, retries included. */
  attempts?: number;
  /** For `redirect`: where it pointed, as an origin (scheme, host and port) only. */
  location?: string;
  /** For `over_budget`: the bytes one call may read. */
  budgetBytes?: number;
  /** For `request_limit`, when this server set it (REALTIMEKIT_MCP_MAX_API_REQUESTS): the requests a call makes. */
  requestLimit?: number;
  /**
   * For a 404: what the request's path names last, which is what was not found (an app for its lists, a meeting
   * for a path below one, where the app may be unknown too).
   */
  missing?: { what: 'app' | 'meeting'; id: string };
}

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly details: ApiErrorDetails;

  constructor(kind: ApiErrorKind, message: string, details: ApiErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ApiError';
    this.kind = kind;
    this.details = details;
  }
}

function httpStatus(error: unknown): number | undefined {
  return error instanceof ApiError && error.kind === 'http' ? error.details.status : undefined;
}

/** The API refused the token (401, 403): every other request with it would be refused too. */
export function isAuthFailure(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 401 || status === 403;
}

/** The API is rate limiting the token (429): more requests now would be refused too. */
export function isRateLimited(error: unknown): boolean {
  return httpStatus(error) === 429;
}

/** The API answered 404: an unknown app, or a meeting with no active livestream (or an unknown one). */
export function isNotFound(error: unknown): boolean {
  return httpStatus(error) === 404;
}

/** The answers to the call passed what one call may read. */
export function isOverBudget(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'over_budget';
}

/** The call has made the API requests it may (this server's limit, or its host's), so this one was not sent. */
export function isRequestLimited(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'request_limit';
}

/** The call's deadline passed before the API answered. */
export function isTimedOut(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'timeout';
}

/** The request was stopped by its caller: the client cancelled, or the call no longer needs it. */
export function isCancelled(error: unknown): boolean {
  return error instanceof ApiError && error.kind === 'aborted';
}
