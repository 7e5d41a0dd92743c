// msw at the HTTP boundary: any request a test did not expect fails that test.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ACCOUNT_ID, BASE_URL, meeting, meetingsPage, PLANTED } from '../../fixtures/api.js';
import { route, type SampleApp } from '../../src/demo/sample-api.js';

export const mswServer = setupServer();

/** Any app of the test account, as an msw path: `${APP_URL}/meetings` answers every app's meetings. */
export const APP_URL = `${BASE_URL}/accounts/${ACCOUNT_ID}/realtime/kit/:appId`;

export function useMsw(): typeof mswServer {
  beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    mswServer.resetHandlers();
    // A test that counts requests listens for them: its counter ends with it.
    mswServer.events.removeAllListeners();
  });
  afterAll(() => mswServer.close());
  return mswServer;
}

/**
 * Answers every request under BASE_URL as the API does for `apps` of the test account (the sample API's router:
 * filters, paging, sessions, both error envelopes), and tells `seen` of each request first.
 */
export function serveApps(
  server: typeof mswServer,
  apps: Record<string, SampleApp>,
  seen: (url: URL) => void = () => {},
): void {
  server.use(
    http.get(`${BASE_URL}/*`, ({ request }) => {
      seen(new URL(request.url));
      const reply = route(
        { token: PLANTED.token, accountId: ACCOUNT_ID, apps },
        'GET',
        request.url,
        request.headers.get('authorization') ?? undefined,
      );
      return 'json' in reply
        ? HttpResponse.json(reply.json as Record<string, unknown>, { status: reply.status })
        : new HttpResponse(reply.html, { status: reply.status });
    }),
  );
}

/** Records every meetings request's Authorization and app, and answers each with one meeting. */
export function recordMeetingsRequests(server: typeof mswServer): Array<{ authorization: string | null; app: string }> {
  const seen: Array<{ authorization: string | null; app: string }> = [];
  server.use(
    http.get(`${APP_URL}/meetings`, ({ request, params }) => {
      seen.push({ authorization: request.headers.get('authorization'), app: String(params.appId) });
      return HttpResponse.json(meetingsPage([meeting(1)]));
    }),
  );
  return seen;
}
