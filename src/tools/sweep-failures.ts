// The words of get_active_livestreams's sweep, which lives with the tool: why it paused or stopped part-way,
// why the app's sessions could not be read (so that it asks the active meetings instead), and a few words for a
// meeting it could not check. Built on the shared words of src/tools/failures.ts.
import { ApiError, isOverBudget, isRequestLimited, isTimedOut } from '../api/errors.js';
import { type Audience, mebibytes, requestLimit, seconds, waitFor } from './failures.js';

/** Why a sweep did not go on to its next scan page: a limit met while listing it, after the pages before. */
export function sweepPaused(error: ApiError, audience: Audience): string {
  const why = isTimedOut(error)
    ? `the call ran out of time (${seconds(error.details.timeoutMs)} s)`
    : isOverBudget(error)
      ? `the API's answers passed ${mebibytes(error.details.budgetBytes)}, the most one call reads`
      : isRequestLimited(error)
        ? requestLimit(error, audience)
        : `the API is rate limiting this token (HTTP 429); wait ${waitFor(error.details.retryAfterSeconds).replace(/^in /, '')} first`;
  return `The next scan page was not listed: ${why}.`;
}

/** Why a sweep of active meetings stopped part-way (its deadline, a rate limit, its budget), and how to get the rest. */
export function sweepStopped(
  error: ApiError,
  checked: number,
  inBatch: number,
  audience: Audience,
  meetings = 'active meetings',
): string {
  const progress = `Stopped after checking ${checked} of these ${inBatch} ${meetings}`;
  if (isTimedOut(error)) {
    return `${progress}: the call ran out of time (${seconds(error.details.timeoutMs)} s). Call again, or narrow with search, to check the rest.`;
  }
  if (isRequestLimited(error)) {
    return `${progress}: ${requestLimit(error, audience)}. Narrow with search to check the rest, or run the server where calls may make more (Workers Paid: 10,000).`;
  }
  if (isOverBudget(error)) {
    return `${progress}: the API's answers passed ${mebibytes(error.details.budgetBytes)}, the most one call reads. Narrow with search to check the rest.`;
  }
  return `${progress}: the API is rate limiting this token (HTTP 429). Call again ${waitFor(error.details.retryAfterSeconds)} with the same arguments to check the rest.`;
}

/**
 * Why the app's sessions could not be read, so that the call falls back to asking its active meetings, or
 * undefined when the failure is one every other request would meet too (a rejected token, a rate limit, the
 * deadline): those end the call as they end any other. A 404 also comes for an app that does not exist: the
 * fallback's own first request then says so.
 */
export function sessionsUnavailable(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const { status } = error.details;
  if (error.kind === 'http' && (status === 404 || status === 405 || status === 501)) return `HTTP ${status}`;
  if (error.kind === 'unexpected_shape') return `an answer not of the documented shape, ${error.message}`;
  if (error.kind === 'invalid_body') return `an answer that ${error.message.replace(/^the body /, '')}`;
  return undefined;
}

/** A few words for why one meeting of a sweep could not be checked. */
export function shortReason(error: ApiError): string {
  if (error.kind === 'http') return `HTTP ${error.details.status}`;
  if (error.kind === 'network') return error.details.code ?? 'connection failed';
  return error.kind.replace('_', ' ');
}
