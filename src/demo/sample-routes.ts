// A loopback HTTP server that answers the two RealtimeKit endpoints this server reads, with the API's
// documented shapes: success bodies, both error envelopes, 404 for "no active livestream", filtering by
// status, search and time, and paging. --demo serves a sample account with it, so the demo runs the real
// HTTP client end to end; the tests build their fault-injecting stand-in on the same router.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  apps: Record<string, SampleApp>;
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

/** The reply the API gives to one request. Pure: the same request always gets the same reply. */
export function route(options: SampleApiOptions, method: string, url: string, authorization?: string): Reply {
  const { pathname, searchParams } = new URL(url, 'http://sample-api');
  if (method !== 'GET') return json(405, gatewayError(10405, 'Method not allowed'));
  if (authorization !== `Bearer ${options.token}`) return json(401, gatewayError(10000, 'Authentication error'));
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

export function send(response: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
  if ('html' in reply) {
    response.writeHead(reply.status, { 'Content-Type': 'text/html', ...headers });
    response.end(reply.html);
    return;
  }
  const text = JSON.stringify(reply.json);
  response.writeHead(reply.status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export interface RunningApi {
  /** Where to point CLOUDFLARE_BASE_URL. */
  baseUrl: string;
  close(): Promise<void>;
}

/** Serves `options` on 127.0.0.1 at a free port; nothing else can reach it. */
export async function startSampleApi(options: SampleApiOptions): Promise<RunningApi> {
  const server = createServer((request, response) => {
    send(response, route(options, request.method ?? '', request.url ?? '/', request.headers.authorization));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  // The demo's own process is its only client: never keep the server alive on the API's account.
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
