// What an API client call failed with: its ApiError, or a test failure if it did not fail that way.
import { ApiError } from '../../src/api/errors.js';

export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}
