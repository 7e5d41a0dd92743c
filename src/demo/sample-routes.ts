// The sample API's router: the RealtimeKit endpoints this server reads, and the Cloudflare ones a person's
// sign-in checks a token with, with the API's documented shapes: success bodies, both error envelopes, 404 for
// "no active livestream", filtering by status, search and time, and paging. Pure, so it serves both as a
// loopback HTTP server (sample-api.ts: --demo, and the tests' stand-in) and in place of `fetch` (the Worker's
// demo sign-in, where no server can listen).
import { isUuid } from '../lib/ids.js';

export interface SampleApp {
  /** As the account's list of apps names it (its id, unless said). */
  name?: string;
  meetings: Array<Record<string, unknown>>;
  /** Active livestream data by meeting id (lower case): one object, or an array. */
  livestreams?: Record<string, unknown>;
  /** The app's sessions, LIVE and ENDED: `…/sessions` filters and pages them. Absent: the path is 404. */
  sessions?: Array<Record<string, unknown>>;
  /**
   * The app's livestreams that belong to no meeting, and how `…/livestreams` lists them: `array` (`data` an
   * array, `paging` beside it) or `documented` (as the reference types it: `data` one livestream, with the
   * list's `paging` inside it). Absent: the path is 404.
   */
  independentLivestreams?: { shape: 'array' | 'documented'; livestreams: Array<Record<string, unknown>> };
}

export interface SampleApiOptions {
  token: string;
  accountId: string;
  /** As GET /accounts names the account. */
  accountName?: string;
  apps: Record<string, SampleApp>;
  /** Tokens Cloudflare accepts that lack the Realtime permission: they see the account, and 403 in RealtimeKit. */
  tokensWithoutRealtime?: string[];
}

export type Reply = { status: number; json: unknown } | { status: number; html: string };

/** RealtimeKit's own error envelope. */
export function realtimeKitError(code: number, message: string): Record<string, unknown> {
  return { success: false, error: { code, message } };
}

/** The Cloudflare gateway's error envelope (bad or under-scoped tokens, routing). */
export function gatewayError(code: number, message: string): Record<string, unknown> {
  return { success: false, errors: [{ code, message }], messages: [], result: null };
}

const json = (status: number, body: unknown): Reply => ({ status, json: body });
const PATH = /^\/client\/v4\/accounts\/([^/]+)\/realtime\/kit\/([^/]+)\/meetings(?:\/([^/]+)\/active-livestream)?$/;
const APP_LIST = /^\/client\/v4\/accounts\/([^/]+)\/realtime\/kit\/([^/]+)\/(sessions|livestreams)$/;
const ACCOUNT_APPS = /^\/client\/v4\/accounts\/([^/]+)\/realtime\/kit\/apps$/;
const TOKEN_VERIFY = /^\/client\/v4\/(?:user|accounts\/([^/]+))\/tokens\/verify$/;

/** The reply the API gives to one request. Pure: the same request always gets the same reply. */
export function route(options: SampleApiOptions, method: string, url: string, authorization?: string): Reply {
  const { pathname, searchParams } = new URL(url, 'http://sample-api');
  if (method !== 'GET') return json(405, gatewayError(10405, 'Method not allowed'));
  const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  const realtime = token === options.token;
  const known = realtime || (token !== undefined && options.tokensWithoutRealtime?.includes(token));
  const verify = TOKEN_VERIFY.exec(pathname);
  if (verify) {
    if (!known || (verify[1] !== undefined && verify[1] !== options.accountId)) {
      return json(401, gatewayError(1000, 'Invalid API Token'));
    }
    return cloudflare({ id: tokenId(token ?? ''), status: 'active' });
  }
  if (!known) return json(401, gatewayError(10000, 'Authentication error'));
  if (pathname === '/client/v4/accounts') {
    const result = [{ id: options.accountId, name: options.accountName ?? 'Sample account', type: 'standard' }];
    return cloudflare(result, { page: 1, per_page: 50, count: 1, total_count: 1 });
  }
  if (!realtime) return json(403, gatewayError(10000, 'Authentication error'));
  const apps = ACCOUNT_APPS.exec(pathname);
  if (apps) return appsOf(options, apps[1] ?? '', searchParams);
  const list = APP_LIST.exec(pathname);
  if (list) return appList(options, list[1] ?? '', list[2] ?? '', list[3] ?? '', searchParams);
  const match = PATH.exec(pathname);
  if (!match) return json(404, gatewayError(7003, 'Could not route to the requested path'));
  const [, accountId, appId = '', meetingId] = match;
  if (accountId !== options.accountId) return json(403, gatewayError(10000, 'Authentication error'));
  const app = options.apps[appId];
  if (!app) return json(404, realtimeKitError(404, 'Error: resource not found'));
  if (meetingId === undefined) return json(200, listMeetings(app, searchParams));
  if (!isUuid(meetingId)) return json(400, realtimeKitError(400, 'BAD_REQUEST: "id" must be a valid GUID'));
  const data = app.livestreams?.[meetingId.toLowerCase()];
  if (data === undefined) return json(404, realtimeKitError(404, 'Error: resource not found'));
  return json(200, { success: true, data });
}

/** Cloudflare's own success envelope. */
function cloudflare(result: unknown, resultInfo?: Record<string, number>): Reply {
  return json(200, { success: true, errors: [], messages: [], result, ...(resultInfo && { result_info: resultInfo }) });
}

/** A token's id, as Cloudflare names tokens: 32 hex characters, the same for the same token, and not the token. */
function tokenId(token: string): string {
  let id = '';
  for (let seed = 0; id.length < 32; seed++) {
    // FNV-1a, seeded: enough to tell sample tokens apart.
    let hash = 0x811c9dc5 ^ seed;
    for (let i = 0; i < token.length; i++) hash = Math.imul(hash ^ token.charCodeAt(i), 0x01000193);
    id += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return id;
}

/**
 * The sample API in place of `fetch`: a request never leaves the process. For a host where no server can listen
 * (workerd). `baseUrl` is any URL its requests are addressed to; only the path and query are read.
 */
export function sampleFetch(options: SampleApiOptions): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const reply = route(
      options,
      request.method,
      new URL(request.url).pathname + new URL(request.url).search,
      request.headers.get('authorization') ?? undefined,
    );
    return 'html' in reply
      ? new Response(reply.html, { status: reply.status, headers: { 'Content-Type': 'text/html' } })
      : Response.json(reply.json, { status: reply.status });
  };
}

const NO_ROUTE = json(404, gatewayError(7003, 'Could not route to the requested path'));

/** `…/realtime/kit/apps`: the account's apps, searched by name and paged. */
function appsOf(options: SampleApiOptions, accountId: string, query: URLSearchParams): Reply {
  if (accountId !== options.accountId) return json(403, gatewayError(10000, 'Authentication error'));
  const search = query.get('search')?.toLowerCase();
  const all = Object.entries(options.apps)
    .map(([id, app]) => ({ id, name: app.name ?? id, created_at: '2026-01-05T10:00:00.000Z' }))
    .filter((app) => !search || app.name.toLowerCase().includes(search));
  const { start, perPage } = paging(query);
  const data = all.slice(start, start + perPage);
  return json(200, {
    success: true,
    data,
    paging: { total_count: all.length, start_offset: start + 1, end_offset: start + data.length },
  });
}

/** `…/sessions` and `…/livestreams` of an app: filtered by status (and search), paged. */
function appList(
  options: SampleApiOptions,
  accountId: string,
  appId: string,
  what: string,
  query: URLSearchParams,
): Reply {
  if (accountId !== options.accountId) return json(403, gatewayError(10000, 'Authentication error'));
  const app = options.apps[appId];
  if (!app) return json(404, realtimeKitError(404, 'Error: resource not found'));
  const status = query.get('status');
  const { start, perPage } = paging(query);
  if (what === 'sessions') {
    if (!app.sessions) return NO_ROUTE;
    const search = query.get('search')?.toLowerCase();
    const matching = app.sessions.filter(
      (session) =>
        (!status || session.status === status) &&
        (!search ||
          [session.meeting_display_name, session.associated_id, session.id].some(
            (value) => typeof value === 'string' && value.toLowerCase().includes(search),
          )),
    );
    const sessions = matching.slice(start, start + perPage);
    return json(200, {
      success: true,
      data: { sessions },
      paging: { total_count: matching.length, start_offset: start + 1, end_offset: start + sessions.length },
    });
  }
  if (!app.independentLivestreams) return NO_ROUTE;
  const { shape, livestreams } = app.independentLivestreams;
  const matching = livestreams.filter((livestream) => !status || livestream.status === status);
  const page = matching.slice(start, start + perPage);
  const counts = { total_count: matching.length, start_offset: start + 1, end_offset: start + page.length };
  if (shape === 'array') return json(200, { success: true, data: page, paging: counts });
  return json(200, { success: true, data: { ...(page[0] ?? {}), paging: counts } });
}

function paging(query: URLSearchParams): { start: number; perPage: number } {
  const pageNo = Math.max(1, Number(query.get('page_no') ?? 1));
  const perPage = Math.max(1, Number(query.get('per_page') ?? 20));
  return { start: (pageNo - 1) * perPage, perPage };
}

function listMeetings(app: SampleApp, query: URLSearchParams): Record<string, unknown> {
  const status = query.get('status');
  const search = query.get('search')?.toLowerCase();
  const from = query.has('start_time') ? Date.parse(query.get('start_time') ?? '') : undefined;
  const to = query.has('end_time') ? Date.parse(query.get('end_time') ?? '') : undefined;
  const matching = app.meetings.filter((meeting) => {
    const created = Date.parse(String(meeting.created_at));
    const title = typeof meeting.title === 'string' ? meeting.title.toLowerCase() : '';
    return (
      (!status || meeting.status === status) &&
      (!search || title.includes(search) || meeting.id === search) &&
      // Only a time range leaves out a meeting whose created_at is no time.
      (from === undefined || created >= from) &&
      (to === undefined || created <= to)
    );
  });
  const { start, perPage } = paging(query);
  const data = matching.slice(start, start + perPage);
  return {
    data,
    paging: { end_offset: start + data.length, start_offset: start + 1, total_count: matching.length },
    success: true,
  };
}
