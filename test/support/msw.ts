// msw at the HTTP boundary: any request a test did not expect fails that test.
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

export const mswServer = setupServer();

export function useMsw(): typeof mswServer {
  beforeAll(() => mswServer.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => mswServer.resetHandlers());
  afterAll(() => mswServer.close());
  return mswServer;
}
