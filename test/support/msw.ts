// msw at the HTTP boundary: any request a test did not expect fails that test.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { ACCOUNT_ID, BASE_URL } from '../../fixtures/api.js';

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
