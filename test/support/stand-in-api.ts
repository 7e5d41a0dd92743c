// The API stand-in for end-to-end tests: the sample API of src/demo (the documented shapes, both error
// envelopes, filters and paging) plus faults to inject: apps that misbehave, a per-app queue of failures,
// and an app whose requests hang while it records when the caller gives up. A spawned server process
// cannot see msw, so end-to-end tests point CLOUDFLARE_BASE_URL here.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gatewayError, route, type SampleApiOptions, type SampleApp, send } from '../../src/demo/sample-api.js';

export type StandInApp = SampleApp;

/** A fault the stand-in answers one request with: a status, a connection reset, or a 429 asking to wait N s. */
export type Fault = '503' | '502' | 'reset' | `429:${number}`;

export interface StandInOptions extends SampleApiOptions {
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
      return send(response, { status: 429, json: body }, { 'Retry-After': fault.slice(4) });
    }
    if (fault) return send(response, { status: Number(fault), html: `<html>${fault}</html>` });
    send(response, faultyAppReply(appId) ?? route(options, request.method ?? '', url, request.headers.authorization));
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

/** The fixed misbehaviour of the FAULTY_APPS, or undefined for any other app. */
function faultyAppReply(appId: string) {
  if (appId === FAULTY_APPS.forbidden) return { status: 403, json: gatewayError(10000, 'Authentication error') };
  if (appId === FAULTY_APPS.badGateway) return { status: 502, html: '<html><h1>502 Bad Gateway</h1></html>' };
  if (appId === FAULTY_APPS.notJson) return { status: 200, html: '<html>Scheduled maintenance</html>' };
  return undefined;
}
