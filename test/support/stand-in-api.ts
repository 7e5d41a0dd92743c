// A loopback HTTP stand-in of the two RealtimeKit endpoints, following ../shared/reference: the success
// shape, both error envelopes, 404 for "no active livestream", and secrets planted where the API puts them.
// A spawned server process cannot see msw, so end-to-end tests point CLOUDFLARE_BASE_URL here.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayError, realtimeKitError } from './fixtures.js';

export interface StandInApp {
  meetings: Array<Record<string, unknown>>;
  /** Active livestream data by meeting id: one object, or an array. */
  livestreams?: Record<string, unknown>;
}

/** A fault the stand-in answers one request with: a status, a connection reset, or a 429 asking to wait N s. */
export type Fault = '503' | '502' | 'reset' | `429:${number}`;

export interface StandInOptions {
  token: string;
  accountId: string;
  apps: Record<string, StandInApp>;
  /** Per app, faults answered in order, one per request, before the app answers normally. */
  faults?: Record<string, Fault[]>;
}

/** App ids with a fixed misbehaviour, for error paths. */
export const FAULTY_APPS = {
  forbidden: 'app_forbidden', // 403, Cloudflare gateway envelope
  badGateway: 'app_bad_gateway', // 502 with an HTML body, as from a proxy
  notJson: 'app_not_json', // 200 with an HTML body
  hang: 'app_hang', // never answers; the stand-in records when the caller gives up
} as const;

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
}

export interface StandIn {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests to the hanging app that are still open. */
  hanging(): number;
  /** Paths of requests whose caller closed the connection before any answer. */
  abandoned: string[];
  close(): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const requests: RecordedRequest[] = [];
  const abandoned: string[] = [];
  const faults = Object.fromEntries(Object.entries(options.faults ?? {}).map(([app, list]) => [app, [...list]]));
  let hanging = 0;
  const server = createServer((request, response) => {
    const url = request.url ?? '';
    requests.push({ method: request.method ?? '', url, authorization: request.headers.authorization });
    response.on('close', () => {
      if (!response.writableFinished) abandoned.push(url);
    });
    const appId = /\/realtime\/kit\/([^/]+)\//.exec(url)?.[1] ?? '';
    if (appId === FAULTY_APPS.hang) {
      hanging += 1;
      response.on('close', () => {
        hanging -= 1;
      });
      return;
    }
    const fault = faults[appId]?.shift();
    if (fault === 'reset') return request.socket.destroy();
    if (fault?.startsWith('429:')) {
      const body = gatewayError(971, 'Please wait and consider throttling your request speed');
      return send(response, json(429, body), { 'Retry-After': fault.slice(4) });
    }
    if (fault) return send(response, { status: Number(fault), html: `<html>${fault}</html>` });
    send(response, route(options, request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    requests,
    hanging: () => hanging,
    abandoned,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

type Reply = { status: number; json: unknown } | { status: number; html: string };

function json(status: number, body: unknown): Reply {
  return { status, json: body };
}

function route(options: StandInOptions, request: IncomingMessage): Reply {
  const url = new URL(request.url ?? '/', 'http://stand-in');
  if (request.method !== 'GET') return json(405, gatewayError(10405, 'Method not allowed'));
  if (request.headers.authorization !== `Bearer ${options.token}`) {
    return json(401, gatewayError(10000, 'Authentication error'));
  }
  const match =
    /^\/client\/v4\/accounts\/([^/]+)\/realtime\/kit\/([^/]+)\/meetings(?:\/([^/]+)\/active-livestream)?$/.exec(
      url.pathname,
    );
  if (!match) return json(404, gatewayError(7003, 'Could not route to the requested path'));
  const [, accountId, appId = '', meetingId] = match;
  if (accountId !== options.accountId) return json(403, gatewayError(10000, 'Authentication error'));

  if (appId === FAULTY_APPS.forbidden) return json(403, gatewayError(10000, 'Authentication error'));
  if (appId === FAULTY_APPS.badGateway) return { status: 502, html: '<html><h1>502 Bad Gateway</h1></html>' };
  if (appId === FAULTY_APPS.notJson) return { status: 200, html: '<html>Scheduled maintenance</html>' };
  const app = options.apps[appId];
  if (!app) return json(404, realtimeKitError(404, 'Error: resource not found'));

  if (meetingId !== undefined) {
    if (!UUID.test(meetingId)) return json(400, realtimeKitError(400, 'BAD_REQUEST: "id" must be a valid GUID'));
    const data = app.livestreams?.[meetingId.toLowerCase()];
    if (data === undefined) return json(404, realtimeKitError(404, 'Error: resource not found'));
    return json(200, { success: true, data });
  }
  return json(200, listMeetings(app, url.searchParams));
}

function send(response: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void {
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

function listMeetings(app: StandInApp, query: URLSearchParams): Record<string, unknown> {
  const status = query.get('status');
  const search = query.get('search')?.toLowerCase();
  const from = query.has('start_time') ? Date.parse(query.get('start_time') ?? '') : Number.NEGATIVE_INFINITY;
  const to = query.has('end_time') ? Date.parse(query.get('end_time') ?? '') : Number.POSITIVE_INFINITY;
  const matching = app.meetings.filter((meeting) => {
    const created = Date.parse(String(meeting.created_at));
    const title = typeof meeting.title === 'string' ? meeting.title.toLowerCase() : '';
    return (
      (!status || meeting.status === status) &&
      (!search || title.includes(search) || meeting.id === search) &&
      created >= from &&
      created <= to
    );
  });
  const pageNo = Math.max(1, Number(query.get('page_no') ?? 1));
  const perPage = Math.max(1, Number(query.get('per_page') ?? 20));
  const start = (pageNo - 1) * perPage;
  const data = matching.slice(start, start + perPage);
  return {
    data,
    paging: { end_offset: start + data.length, start_offset: start + 1, total_count: matching.length },
    success: true,
  };
}
