// HTTP client for the two RealtimeKit endpoints this server reads. It knows HTTP and the API's shapes,
// nothing about MCP: it returns parsed data or throws an ApiError. Every call is an idempotent GET, so
// it retries what is worth retrying, within the caller's deadline, and stops the moment it is cancelled.
import type { z } from 'zod';
import { type Clock, DeadlineExceeded, systemClock } from '../lib/clock.js';
import { isTag, isUuid } from '../lib/ids.js';
import { oneLine, redactor, withStringsRedacted } from '../lib/strings.js';
import { ApiError, isNotFound, isRateLimited } from './errors.js';
import type { Pacer } from './pacing.js';
import {
  accountsResponseSchema,
  activeLivestreamResponseSchema,
  appsResponseSchema,
  type Livestream,
  livestreamSchema,
  type MeetingsPage,
  meetingsResponseSchema,
  pagingSchema,
  type Session,
  sessionsResponseSchema,
  tokenVerifyResponseSchema,
} from './schemas.js';

export interface ApiClientOptions {
  baseUrl: string;
  accountId: string;
  apiToken: string;
  userAgent: string;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  /** Bodies larger than this are refused rather than buffered. */
  maxBodyBytes?: number;
}

/** What every request carries from the call that makes it. */
export interface RequestOptions {
  /** Stops the request: the client cancelled, the call is over, or its deadline (a DeadlineExceeded reason). */
  signal: AbortSignal;
  /** Epoch ms: no retry wait is started that would end after it. */
  deadlineAt: number;
  /** Told about each retry, for the operator's log. */
  onRetry?: (retry: { attempt: number; delayMs: number; error: ApiError }) => void;
  /** What the call may still read, shared by its requests: a sweep's many answers are bounded together. */
  budget?: ReadBudget;
  /** Spaces the requests out once the API says it is over its rate limit (src/api/pacing.ts). */
  pacer?: Pacer;
  /** What the call may still send, retries included, when the host limits it (REALTIMEKIT_MCP_MAX_API_REQUESTS). */
  requests?: RequestBudget;
}

export interface RequestBudget {
  /** The requests the call may make in all. */
  readonly limit: number;
  /** What is left of them. */
  left: number;
}

export interface ReadBudget {
  /** The bytes the call may read in all. */
  readonly bytes: number;
  /** What is left of them. */
  bytesLeft: number;
}

/** A page of meetings, cut to what was asked for before it was validated. */
export type MeetingsPageRead = MeetingsPage & {
  /** How many meetings the API sent, which can be more than were asked for (and were validated). */
  received: number;
};

export interface ListMeetingsQuery {
  page_no: number;
  per_page: number;
  status?: 'ACTIVE' | 'INACTIVE';
  search?: string;
  start_time?: string;
  end_time?: string;
}

export interface ActiveLivestreams {
  /** At most MAX_LIVESTREAMS_PER_MEETING of them. */
  livestreams: Array<Livestream & { id: string; status: string }>;
  /** How many the API sent. */
  received: number;
  /** Set when the API said 404, which it also says for a meeting id it does not know. */
  notFound: boolean;
}

/** A page of the app's sessions in progress, cut to what was asked for before it was validated. */
export interface LiveSessionsPage {
  sessions: Session[];
  /** The API's count of them all, when it says. */
  total?: number;
  /** How many sessions the API sent on this page. */
  received: number;
}

/** The account's apps, the first page of them. */
export interface AppsPage {
  apps: Array<{ id: string; name?: string }>;
  /** The API's count of them all, when it says. */
  total?: number;
}

export interface TokenStatus {
  id: string;
  /** `active`, or why the token may not be used (`disabled`, `expired`). */
  status: string;
}

export interface AccountsPage {
  accounts: Array<{ id: string; name?: string }>;
  /** How many the token can see, when the API says. */
  total?: number;
}

/** The app's livestreams that belong to no meeting, as far as the API's answer shows them. */
export interface IndependentLivestreams {
  livestreams: Array<Livestream & { id: string; status: string }>;
  /** How many the API sent. */
  received: number;
  /** The API's count of them all, when its answer says; without it, the list may not be all. */
  total?: number;
}

const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
const MAX_RELAYED_CHARS = 300;
const MAX_API_CODE_CHARS = 40;
const MAX_CONTENT_TYPE_CHARS = 100;
/** Retries after the first attempt, for answers worth retrying. */
const RETRIES = 2;
/** A 429 asking to wait longer than this is answered at once, not waited out. */
const MAX_RETRY_AFTER_SECONDS = 10;
const BACKOFF_BASE_MS = 300;
const BACKOFF_MAX_MS = 3000;
const RETRIABLE_STATUSES = new Set([502, 503, 504]);
/** The API documents one livestream per meeting: more than this are not validated or kept. */
const MAX_LIVESTREAMS_PER_MEETING = 10;
/** Apps asked for when a call needs to say which exist. */
const APPS_PER_PAGE = 20;
/** Accounts asked for when a person signs in with a token (GET /accounts). */
const ACCOUNTS_PER_PAGE = 50;

/** Where a path is: under an app, the account's RealtimeKit (`…/realtime/kit/apps`), or the API's root. */
type PathScope = 'app' | 'account' | 'cloudflare';
/** Livestreams without a meeting asked for in one request, and the most kept. */
const INDEPENDENT_LIVESTREAMS_PER_PAGE = 50;

export class RealtimeKitApi {
  readonly #options: ApiClientOptions;
  readonly #clock: Clock;
  readonly #fetch: typeof globalThis.fetch;
  /** Cuts the token out of a string, wherever the API, a gateway or a proxy echoed it, in any case or encoding. */
  readonly #redact: (value: string) => string;

  constructor(options: ApiClientOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#redact = redactor(options.apiToken);
    // Called unbound: workerd's fetch refuses any `this` but the global (an "Illegal invocation").
    const fetch = options.fetch ?? globalThis.fetch;
    this.#fetch = (input, init) => fetch(input, init);
  }

  /**
   * GET /accounts/{account_id}/realtime/kit/{app_id}/meetings. Without `recordingConfig`, the meetings' recording
   * configurations are left unread: not validated, not kept, so a call that shows none neither pays for them
   * nor fails on one of a shape it would not have shown.
   */
  async listMeetings(
    appId: string,
    query: ListMeetingsQuery,
    options: RequestOptions,
    { recordingConfig = true }: { recordingConfig?: boolean } = {},
  ): Promise<MeetingsPageRead> {
    const params = new URLSearchParams({ page_no: String(query.page_no), per_page: String(query.per_page) });
    for (const name of ['status', 'search', 'start_time', 'end_time'] as const) {
      const value = query[name];
      if (value !== undefined) params.set(name, value);
    }
    const cut = withListCut(await this.#get([appId, 'meetings'], params, options), ['data'], query.per_page);
    const body = recordingConfig ? cut.body : withoutRecordingConfigs(cut.body);
    return { ...this.#withoutToken(parseShape(meetingsResponseSchema, body)), received: cut.received };
  }

  /** GET /accounts/{account_id}/realtime/kit/{app_id}/meetings/{meeting_id}/active-livestream */
  async getActiveLivestreams(appId: string, meetingId: string, options: RequestOptions): Promise<ActiveLivestreams> {
    if (!isUuid(meetingId)) throw new ApiError('invalid_request', 'meeting_id is not a UUID', { field: 'meeting_id' });
    let body: unknown;
    try {
      body = await this.#get([appId, 'meetings', meetingId, 'active-livestream'], undefined, options);
    } catch (error) {
      if (isNotFound(error)) return { livestreams: [], received: 0, notFound: true };
      throw error;
    }
    const cut = withListCut(body, ['data'], MAX_LIVESTREAMS_PER_MEETING);
    const { data } = this.#withoutToken(parseShape(activeLivestreamResponseSchema, cut.body));
    const items = data === undefined || data === null ? [] : Array.isArray(data) ? data : [data];
    const livestreams: ActiveLivestreams['livestreams'] = [];
    items.forEach((item, index) => {
      // `{}` or an object of nulls is how "nothing active" can look in a 200.
      if (Object.values(item).every((value) => value === undefined || value === null)) return;
      const at = Array.isArray(data) ? `data[${index}]` : 'data';
      if (!item.id) throw shapeError(`${at}.id`, 'missing');
      if (!item.status) throw shapeError(`${at}.status`, 'missing');
      livestreams.push({ ...item, id: item.id, status: item.status });
    });
    return { livestreams, received: Array.isArray(data) ? cut.received : livestreams.length, notFound: false };
  }

  /**
   * GET /accounts/{account_id}/realtime/kit/{app_id}/sessions?status=LIVE: a page of the sessions in progress,
   * each with its meeting and how many are in it. Sessions the API says are not LIVE are left out, should it
   * ignore the filter.
   */
  async listLiveSessions(
    appId: string,
    query: { page_no: number; per_page: number; search?: string },
    options: RequestOptions,
  ): Promise<LiveSessionsPage> {
    const params = new URLSearchParams({
      status: 'LIVE',
      page_no: String(query.page_no),
      per_page: String(query.per_page),
    });
    if (query.search !== undefined) params.set('search', query.search);
    const body = await this.#get([appId, 'sessions'], params, options);
    const cut = withListCut(body, ['data', 'sessions'], query.per_page);
    const { data, paging } = this.#withoutToken(parseShape(sessionsResponseSchema, cut.body));
    const sessions = data.sessions.filter((session) => !session.status || session.status.toUpperCase() === 'LIVE');
    const total = paging?.total_count ?? undefined;
    return { sessions, received: cut.received, ...(total !== undefined && total !== null && { total }) };
  }

  /**
   * GET /accounts/{account_id}/realtime/kit/{app_id}/livestreams?status=LIVE&exclude_meetings=true: the app's
   * livestreams that belong to no meeting (started from an encoder). The reference types `data` as one
   * livestream with `paging` inside it, which cannot be a whole list: an array in `data`, an array under a key
   * of `data`, and one object are all read, with the count from whichever `paging` the body has.
   */
  async listIndependentLivestreams(appId: string, options: RequestOptions): Promise<IndependentLivestreams> {
    const params = new URLSearchParams({
      status: 'LIVE',
      exclude_meetings: 'true',
      page_no: '1',
      per_page: String(INDEPENDENT_LIVESTREAMS_PER_PAGE),
    });
    const body = await this.#get([appId, 'livestreams'], params, options);
    const { items, at, total } = livestreamList(body);
    const livestreams: IndependentLivestreams['livestreams'] = [];
    items.slice(0, INDEPENDENT_LIVESTREAMS_PER_PAGE).forEach((raw, index) => {
      const item = this.#withoutToken(parseShape(livestreamSchema, raw, `${at}[${index}]`));
      if (Object.values(item).every((value) => value === undefined || value === null)) return;
      if (!item.id) throw shapeError(`${at}[${index}].id`, 'missing');
      if (!item.status) throw shapeError(`${at}[${index}].status`, 'missing');
      livestreams.push({ ...item, id: item.id, status: item.status });
    });
    return { livestreams, received: items.length, ...(total !== undefined && { total }) };
  }

  /**
   * GET /accounts/{account_id}/realtime/kit/apps: the first page of the account's apps, for a call that was
   * given no app id, or one the API does not know, to say which there are.
   */
  async listApps(options: RequestOptions): Promise<AppsPage> {
    const params = new URLSearchParams({ page_no: '1', per_page: String(APPS_PER_PAGE) });
    const cut = withListCut(await this.#get(['apps'], params, options, { scope: 'account' }), ['data'], APPS_PER_PAGE);
    const { data, paging } = this.#withoutToken(parseShape(appsResponseSchema, cut.body));
    const total = paging?.total_count ?? undefined;
    return {
      apps: data.map((app) => ({ id: app.id, ...(app.name && { name: app.name }) })),
      ...(total !== undefined && total !== null && { total }),
    };
  }

  /**
   * GET /user/tokens/verify, or with `account`, /accounts/{account_id}/tokens/verify (an account-owned token):
   * the token's id and status (`active` when it may be used).
   */
  async verifyToken(options: RequestOptions, { account = false } = {}): Promise<TokenStatus> {
    const segments = account ? ['accounts', this.#options.accountId, 'tokens', 'verify'] : ['user', 'tokens', 'verify'];
    if (account && !isTag(this.#options.accountId)) {
      throw new ApiError('invalid_request', 'account id is not a path segment', { field: 'account_id' });
    }
    const { result } = this.#withoutToken(
      parseShape(tokenVerifyResponseSchema, await this.#get(segments, undefined, options, { scope: 'cloudflare' })),
    );
    return { id: result.id, status: result.status };
  }

  /** GET /accounts: the accounts the token can see, the first page of ACCOUNTS_PER_PAGE. */
  async listAccounts(options: RequestOptions): Promise<AccountsPage> {
    const params = new URLSearchParams({ page: '1', per_page: String(ACCOUNTS_PER_PAGE) });
    const cut = withListCut(
      await this.#get(['accounts'], params, options, { scope: 'cloudflare' }),
      ['result'],
      ACCOUNTS_PER_PAGE,
    );
    const { result, result_info } = this.#withoutToken(parseShape(accountsResponseSchema, cut.body));
    const total = result_info?.total_count ?? undefined;
    return {
      accounts: result.map((account) => ({ id: account.id, ...(account.name && { name: account.name }) })),
      ...(total !== undefined && total !== null && { total }),
    };
  }

  /**
   * An answer with the token cut out of every string, before anything formats, quotes, parses or clips one
   * (after which a scrub of the result could no longer find it): cut to what is used and validated, so small.
   */
  #withoutToken<T>(parsed: T): T {
    return withStringsRedacted(parsed, this.#redact);
  }

  /** One GET with retries: the JSON body of a 2xx, or the ApiError of the last attempt. */
  async #get(
    segments: string[],
    params: URLSearchParams | undefined,
    options: RequestOptions,
    { scope = 'app' }: { scope?: PathScope } = {},
  ): Promise<unknown> {
    const url = this.#url(segments, params, scope);
    const { signal, deadlineAt } = options;
    for (let attempt = 1; ; attempt++) {
      if (options.requests) {
        // Refused here rather than by the host, so that the call can say which limit it met.
        if (options.requests.left <= 0) {
          throw new ApiError('request_limit', 'this call has made the requests it may', {
            url,
            requestLimit: options.requests.limit,
          });
        }
        options.requests.left -= 1;
      }
      if (options.pacer) {
        try {
          await options.pacer.turn(signal);
        } catch (reason) {
          throw abortError(signal, reason, url) ?? reason;
        }
      }
      try {
        try {
          return await this.#attempt(url, signal, options.budget, options.pacer);
        } finally {
          options.pacer?.finished();
        }
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        error.details.attempts = attempt;
        if (scope === 'app' && isNotFound(error)) error.details.missing = missingAt(segments);
        const delayMs = attempt <= RETRIES ? retryDelay(error, attempt) : undefined;
        // No retry the call has no request left for: it fails as it did, not as the limit.
        const noneLeft = options.requests !== undefined && options.requests.left <= 0;
        if (delayMs === undefined || noneLeft || this.#clock.now() + delayMs >= deadlineAt) throw error;
        options.onRetry?.({ attempt, delayMs, error });
        try {
          await this.#clock.sleep(delayMs, signal);
        } catch (reason) {
          throw abortError(signal, reason, url) ?? error;
        }
      }
    }
  }

  /** The URL of `segments` under the app (they start with its id), the account's RealtimeKit, or the API's root. */
  #url(segments: string[], params: URLSearchParams | undefined, scope: PathScope): string {
    const { baseUrl, accountId } = this.#options;
    const [appId] = segments;
    // Defence in depth: tools validate ids first, but nothing reaches a path without passing here.
    if (scope !== 'cloudflare' && !isTag(accountId))
      throw new ApiError('invalid_request', 'account id is not a path segment', { field: 'account_id' });
    if (scope === 'app' && (appId === undefined || !isTag(appId))) {
      throw new ApiError('invalid_request', 'app id is not a path segment', { field: 'app_id' });
    }
    const under = scope === 'cloudflare' ? [] : ['accounts', accountId, 'realtime', 'kit'];
    const path = [...under, ...segments].map(encodeURIComponent).join('/');
    const query = params && params.size > 0 ? `?${params}` : '';
    return `${baseUrl}/${path}${query}`;
  }

  async #attempt(
    url: string,
    signal: AbortSignal,
    budget: ReadBudget | undefined,
    pacer: Pacer | undefined,
  ): Promise<unknown> {
    const { apiToken, userAgent } = this.#options;
    const redact = this.#redact;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method: 'GET',
        headers: { Authorization: `Bearer ${apiToken}`, Accept: 'application/json', 'User-Agent': userAgent },
        signal,
        // Never followed: the token must not go anywhere but CLOUDFLARE_BASE_URL. (workerd refuses 'error'.)
        redirect: 'manual',
      });
    } catch (error) {
      throw abortError(signal, error, url) ?? networkError(error, url);
    }

    const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'), this.#clock.now());
    pacer?.observe({
      status: response.status,
      retryAfterSeconds,
      policy: response.headers.get('ratelimit-policy'),
      limit: response.headers.get('ratelimit'),
    });
    if (response.status >= 300 && response.status < 400) {
      // Its body is of no use: not read, so it costs neither time nor the call's budget.
      discardBody(response);
      throw new ApiError('redirect', `HTTP ${response.status} redirect`, {
        status: response.status,
        location: originOf(response.headers.get('location'), url, redact),
        url,
      });
    }
    let text: string;
    try {
      text = await this.#readBody(response, url, signal, budget);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw abortError(signal, error, url) ?? networkError(error, url);
    }

    const rawContentType = response.headers.get('content-type');
    const contentType = rawContentType ? relayed(rawContentType, redact, MAX_CONTENT_TYPE_CHARS) : undefined;
    const json = tryParseJson(text);
    if (!response.ok) {
      const envelope = readErrorEnvelope(json, redact);
      throw new ApiError('http', `HTTP ${response.status}`, {
        status: response.status,
        statusText: response.statusText ? relayed(response.statusText, redact) : undefined,
        retryAfterSeconds,
        contentType,
        url,
        ...envelope,
      });
    }
    if (json === undefined) {
      throw new ApiError('invalid_body', 'the body is not JSON', { status: response.status, contentType, url });
    }
    return json;
  }

  async #readBody(
    response: Response,
    url: string,
    signal: AbortSignal,
    budget: ReadBudget | undefined,
  ): Promise<string> {
    const maxBodyBytes = this.#options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    const declared = Number(response.headers.get('content-length'));
    const tooLarge = () =>
      new ApiError('invalid_body', `the body is larger than ${maxBodyBytes} bytes`, {
        status: response.status,
        url,
      });
    if (!response.body) return '';
    const overBudget = () =>
      new ApiError('over_budget', `the answers to this call passed ${budget?.bytes} bytes`, {
        status: response.status,
        url,
        budgetBytes: budget?.bytes,
      });
    if (declared > maxBodyBytes) {
      discardBody(response);
      throw tooLarge();
    }
    if (budget && declared > budget.bytesLeft) {
      discardBody(response);
      budget.bytesLeft = 0;
      throw overBudget();
    }
    const reader = response.body.getReader();
    // fetch links the signal to the body itself, but on Node 20 a garbage collection can break that link
    // (undici), leaving a cancelled call's socket open: the signal cancels the reader here too.
    // Not awaited: a peer that stalls must not keep us waiting for a body we have already refused.
    const stop = () => {
      reader.cancel().catch(() => {});
    };
    signal.addEventListener('abort', stop, { once: true });
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (signal.aborted) throw abortError(signal, signal.reason, url);
        if (done) break;
        size += value.byteLength;
        if (size > maxBodyBytes) {
          stop();
          throw tooLarge();
        }
        if (budget) {
          budget.bytesLeft -= value.byteLength;
          if (budget.bytesLeft < 0) {
            stop();
            throw overBudget();
          }
        }
        chunks.push(value);
      }
    } finally {
      signal.removeEventListener('abort', stop);
    }
    return Buffer.concat(chunks, size).toString('utf8');
  }
}

/** How long to wait before retrying after `error`, or undefined when it is not worth retrying. */
function retryDelay(error: ApiError, attempt: number): number | undefined {
  const { status, retryAfterSeconds } = error.details;
  if (isRateLimited(error)) {
    if (retryAfterSeconds === undefined) return backoff(attempt);
    return retryAfterSeconds <= MAX_RETRY_AFTER_SECONDS ? retryAfterSeconds * 1000 : undefined;
  }
  if (error.kind === 'http' && status !== undefined && RETRIABLE_STATUSES.has(status)) {
    const asked = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : 0;
    return asked > MAX_RETRY_AFTER_SECONDS * 1000 ? undefined : Math.max(asked, backoff(attempt));
  }
  if (error.kind === 'network') return backoff(attempt);
  return undefined;
}

/** Exponential, with "equal jitter": half fixed, half random, so retries from many callers spread out. */
function backoff(attempt: number): number {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.random());
}

/** The origin (scheme, host, port) a redirect points to, or undefined when it points nowhere one can read. */
function originOf(location: string | null, url: string, redact: (value: string) => string): string | undefined {
  // Without the token before it is parsed: the URL parser can split an echoed token, and leave half in a host.
  const cleaned = location && redact(location);
  if (!cleaned || !URL.canParse(cleaned, url)) return undefined;
  const { protocol, host } = new URL(cleaned, url);
  return host ? `${protocol}//${host}` : undefined;
}

/** Lets go of a body that will not be read; not awaited, so a peer that stalls cannot hold the call. */
function discardBody(response: Response): void {
  response.body?.cancel().catch(() => {});
}

/**
 * `body` with the array at `path` (`data`, or `data.sessions`) cut to `max` items, so that no more is validated
 * than can be used, and how many items there were. A body without an array there is as it was.
 */
/** What an app-scoped path names last: the meeting below the app, or else the app. */
function missingAt([appId = '', collection, id]: string[]): NonNullable<ApiError['details']['missing']> {
  return collection === 'meetings' && id !== undefined ? { what: 'meeting', id } : { what: 'app', id: appId };
}

function withListCut(body: unknown, path: readonly string[], max: number): { body: unknown; received: number } {
  // body, then each object along the path, the array last.
  const along: unknown[] = [body];
  for (const key of path) {
    const parent = along.at(-1);
    along.push(parent && typeof parent === 'object' ? (parent as Record<string, unknown>)[key] : undefined);
  }
  const list = along.at(-1);
  if (!Array.isArray(list)) return { body, received: 0 };
  if (list.length <= max) return { body, received: list.length };
  let cut: unknown = list.slice(0, max);
  for (let i = path.length - 1; i >= 0; i--) cut = { ...(along[i] as object), [path[i] as string]: cut };
  return { body: cut, received: list.length };
}

/**
 * The livestreams of a list answer however it is shaped (see listIndependentLivestreams): where they are (for
 * the words of a shape error), and the count of them all when a `paging` says it. `data` null or absent is none.
 */
function livestreamList(body: unknown): { items: unknown[]; at: string; total?: number } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw shapeError('(body)', 'not an object');
  const { data, paging } = body as { data?: unknown; paging?: unknown };
  // The first paging that says a count, read as every paging is (numbers may come as strings).
  const totalOf = (...candidates: unknown[]) =>
    candidates
      .map((candidate) => pagingSchema.parse(candidate)?.total_count)
      .find((count) => typeof count === 'number');
  const found = (items: unknown[], at: string, total: number | undefined) =>
    total === undefined ? { items, at } : { items, at, total };
  if (data === undefined || data === null) return found([], 'data', totalOf(paging));
  if (Array.isArray(data)) return found(data, 'data', totalOf(paging));
  if (typeof data !== 'object') throw shapeError('data', 'not an object or an array');
  const lists = Object.entries(data).filter(([, value]) => Array.isArray(value)) as Array<[string, unknown[]]>;
  const [list] = lists;
  if (lists.length === 1 && list)
    return found(list[1], `data.${list[0]}`, totalOf((data as { paging?: unknown }).paging, paging));
  if (lists.length > 1) throw shapeError('data', `more than one list (${lists.map(([key]) => key).join(', ')})`);
  // The documented shape: one livestream, with the paging of the list inside it.
  const { paging: inner, ...one } = data as { paging?: unknown };
  const empty = Object.values(one).every((value) => value === undefined || value === null);
  return found(empty ? [] : [one], 'data', totalOf(inner, paging));
}

/** `body` with each meeting's `recording_config` left out (of a copy), when it has a `data` array of objects. */
function withoutRecordingConfigs(body: unknown): unknown {
  const data = body && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) return body;
  const meetings = data.map((item) => {
    if (!item || typeof item !== 'object' || !('recording_config' in item)) return item;
    const { recording_config: _left, ...rest } = item as Record<string, unknown>;
    return rest;
  });
  return { ...(body as object), data: meetings };
}

/** An ApiError for a request stopped by its signal: a timeout when the deadline fired, else a cancellation. */
function abortError(signal: AbortSignal, cause: unknown, url: string): ApiError | undefined {
  if (!signal.aborted) return undefined;
  const reason: unknown = signal.reason;
  if (reason instanceof DeadlineExceeded) {
    return new ApiError('timeout', reason.message, { url, timeoutMs: reason.ms }, { cause });
  }
  return new ApiError('aborted', 'request cancelled', { url }, { cause });
}

function tryParseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A system error code (ECONNREFUSED, UND_ERR_SOCKET); anything else is not relayed. */
const SYSTEM_ERROR = /^[A-Z][A-Z0-9_]{1,39}$/;

/** How workerd refuses a fetch past the plan's subrequests per invocation (50 on Workers Free). */
const SUBREQUEST_LIMIT = /too many subrequests/i;

function networkError(error: unknown, url: string): ApiError {
  const said = [error, error instanceof Error ? error.cause : undefined].some(
    (item) => item instanceof Error && SUBREQUEST_LIMIT.test(item.message),
  );
  // Not a network fault and not worth a retry: every further request in this call is refused the same way.
  if (said) return new ApiError('request_limit', 'the runtime refused another request in this call', { url });
  // undici reports "fetch failed" and puts the system error (ECONNREFUSED, ENOTFOUND, ...) in `cause`.
  const cause = error instanceof Error ? error.cause : undefined;
  const code =
    cause &&
    typeof cause === 'object' &&
    'code' in cause &&
    typeof cause.code === 'string' &&
    SYSTEM_ERROR.test(cause.code)
      ? cause.code
      : undefined;
  return new ApiError('network', code ?? 'request failed', { code, url }, { cause: error });
}

/** Reads both error envelopes: RealtimeKit's `{ error: { code, message } }` and Cloudflare's `{ errors: [...] }`. */
function readErrorEnvelope(
  json: unknown,
  redact: (value: string) => string,
): { apiCode?: number | string; apiMessage?: string } {
  if (!json || typeof json !== 'object') return {};
  const entries: Array<{ code?: unknown; message?: unknown }> = [];
  const body = json as { error?: unknown; errors?: unknown; message?: unknown };
  if (body.error && typeof body.error === 'object') entries.push(body.error as { code?: unknown; message?: unknown });
  else if (typeof body.error === 'string') entries.push({ message: body.error });
  if (Array.isArray(body.errors)) {
    for (const entry of body.errors) {
      if (entry && typeof entry === 'object') entries.push(entry as { code?: unknown; message?: unknown });
      else if (typeof entry === 'string') entries.push({ message: entry });
    }
  }
  if (entries.length === 0 && typeof body.message === 'string') entries.push({ message: body.message });

  const code = entries
    .map((entry) => entry.code)
    .find((value): value is number | string => typeof value === 'number' || typeof value === 'string');
  const messages = entries
    .map((entry) => entry.message)
    .filter((message): message is string => typeof message === 'string' && message.trim() !== '');
  return {
    apiCode: typeof code === 'string' ? relayed(code, redact, MAX_API_CODE_CHARS) : code,
    apiMessage: messages.length > 0 ? relayed(messages.join('; '), redact) : undefined,
  };
}

/**
 * Every string the HTTP layer passes on (the API's messages and codes, a reason phrase, a content type) is
 * relayed to a model: without the token, wherever a gateway or proxy echoed it; on one line; and capped.
 */
function relayed(value: string, redact: (value: string) => string, max = MAX_RELAYED_CHARS): string {
  return oneLine(redact(value), max);
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function shapeError(field: string, problem: string): ApiError {
  return new ApiError('unexpected_shape', `${field}: ${problem}`, { field });
}

function parseShape<T extends z.ZodType>(schema: T, body: unknown, at?: string): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const path = issue ? formatPath(issue.path) : '(body)';
  const field = at === undefined ? path : path === '(body)' ? at : `${at}.${path}`;
  const problem = issue
    ? issue.message
        .replace(/^Invalid input: /, '')
        .replace(/^expected (.+), received undefined$/, 'missing (expected $1)')
    : 'invalid';
  throw shapeError(field, problem);
}

function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(body)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}
