// What a Cloudflare API token that a person pastes on the sign-in page can do here: whether Cloudflare accepts it
// (token verification), which accounts it sees (GET /accounts), and in each, which RealtimeKit apps it may read
// (…/realtime/kit/apps, which needs the Realtime permission). Through the API client, like every request to the
// API; the token is never part of a result or a sentence. The words are for the person at the form.
import { type AppsPage, RealtimeKitApi, type TokenStatus } from '../api/client.js';
import { ApiError, isAuthFailure, isRateLimited } from '../api/errors.js';
import { type Clock, startDeadline, systemClock } from '../lib/clock.js';
import { forEachConcurrently } from '../lib/concurrency.js';
import { isTag } from '../lib/ids.js';
import { clip } from '../lib/strings.js';
import { NAME, VERSION } from '../lib/version.js';

/** The accounts whose apps are asked for: each is one request, and a Worker on Workers Free has 50 per request. */
export const MAX_ACCOUNTS_CHECKED = 10;
/** The longest account or app name kept: the page shows less. */
const MAX_NAME = 100;
/** The whole check's time: the person is waiting at the form. */
const CHECK_MS = 15_000;

export interface AccountChoice {
  id: string;
  name?: string;
  apps: Array<{ id: string; name?: string }>;
  /** How many apps the account has, when more than the first page listed. */
  totalApps?: number;
}

export type TokenCheck =
  | {
      ok: true;
      /** Cloudflare's id of the token: an identifier, not the secret (the grant's user id). */
      tokenId: string;
      /** The accounts where the token may read RealtimeKit, each with its apps. */
      accounts: AccountChoice[];
      /** Accounts it sees, but not RealtimeKit in (no Realtime permission there), by name. */
      withoutRealtime: string[];
      /** The accounts were more than the check looked at. */
      moreAccounts: boolean;
    }
  | { ok: false; problem: string };

export interface TokenCheckOptions {
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  signal?: AbortSignal;
}

/** Checks `token` as the sign-in page needs: never throws for anything the API or the network does. */
export async function checkToken(token: string, options: TokenCheckOptions): Promise<TokenCheck> {
  const clock = options.clock ?? systemClock;
  const deadline = startDeadline(CHECK_MS, clock, options.signal);
  const client = (accountId: string) => apiAs(token, accountId, options, clock);
  const request = () => ({ signal: deadline.signal, deadlineAt: deadline.at });
  try {
    // A user token verifies at /user/tokens/verify; an account-owned token is refused there and verifies under
    // its account, which GET /accounts names.
    let status: TokenStatus | undefined = await client('').verifyToken(request()).catch(unlessRefused);
    const { accounts, total } = await client('').listAccounts(request());
    const first = accounts[0];
    if (status === undefined && first) {
      status = await client(first.id).verifyToken(request(), { account: true }).catch(unlessRefused);
    }
    if (status === undefined) return refused();
    if (status.status !== 'active') {
      return {
        ok: false,
        problem: `Cloudflare says this token is ${quoteWord(status.status)}, so it cannot be used. Make a new one (see below) and paste it here.`,
      };
    }
    if (accounts.length === 0) {
      return {
        ok: false,
        problem:
          'This token can see no Cloudflare account. Give it the Realtime permission on the account that has your RealtimeKit apps.',
      };
    }
    const checked = accounts.filter((account) => isTag(account.id)).slice(0, MAX_ACCOUNTS_CHECKED);
    const apps: Array<AppsPage | undefined> = [];
    await forEachConcurrently(checked, 4, deadline.signal, async (account, index) => {
      apps[index] = await client(account.id)
        .listApps(request())
        .catch((error: unknown) => {
          // Refused in this account: the token has no Realtime permission there. Anything else fails the check.
          if (error instanceof ApiError && isAuthFailure(error)) return undefined;
          throw error;
        });
    });
    const choices: AccountChoice[] = [];
    const withoutRealtime: string[] = [];
    checked.forEach((account, index) => {
      const page = apps[index];
      if (!page) withoutRealtime.push(clip(account.name ?? account.id, MAX_NAME));
      else
        choices.push({
          id: account.id,
          ...(account.name && { name: clip(account.name, MAX_NAME) }),
          // Only ids that can be a path segment can be chosen; names are kept short, as the page shows them.
          apps: page.apps
            .filter((app) => isTag(app.id))
            .map((app) => ({ id: app.id, ...(app.name && { name: clip(app.name, MAX_NAME) }) })),
          ...(page.total !== undefined && page.total > page.apps.length && { totalApps: page.total }),
        });
    });
    if (choices.length === 0) {
      return {
        ok: false,
        problem:
          'Cloudflare accepts this token, but it has no Realtime permission on any of its accounts. Edit the token in the Cloudflare dashboard to add "Realtime" (or "Realtime Admin"), or make a new one, and paste it here.',
      };
    }
    if (choices.every((choice) => choice.apps.length === 0)) {
      return {
        ok: false,
        problem:
          'This token can read RealtimeKit, but the account has no RealtimeKit app yet. Create one in the Cloudflare dashboard (Realtime, then RealtimeKit) and try again.',
      };
    }
    return {
      ok: true,
      tokenId: status.id,
      accounts: choices,
      withoutRealtime,
      moreAccounts: (total ?? accounts.length) > checked.length,
    };
  } catch (error) {
    if (error instanceof ApiError && isAuthFailure(error)) return refused();
    return { ok: false, problem: unreachable(error) };
  } finally {
    deadline.end();
  }
}

/** The API client, with the person's token, for one account (or none, for Cloudflare's own paths). */
function apiAs(token: string, accountId: string, { baseUrl, fetch }: TokenCheckOptions, clock: Clock): RealtimeKitApi {
  return new RealtimeKitApi({ baseUrl, accountId, apiToken: token, userAgent: `${NAME}/${VERSION}`, fetch, clock });
}

/** A refusal means "not this way" (the next way is tried); any other failure fails the check. */
function unlessRefused(error: unknown): undefined {
  if (error instanceof ApiError && isAuthFailure(error)) return undefined;
  throw error;
}

function refused(): TokenCheck {
  return {
    ok: false,
    problem:
      'Cloudflare did not accept this token. Check that you pasted the whole API token (not a key id or the Global API Key), and that it has not expired.',
  };
}

function unreachable(error: unknown): string {
  if (error instanceof ApiError && isRateLimited(error)) {
    return 'Cloudflare is rate limiting this token right now. Wait a minute and try again.';
  }
  if (error instanceof ApiError && (error.kind === 'timeout' || error.kind === 'network' || error.kind === 'aborted')) {
    return 'Could not reach Cloudflare to check the token. Try again in a minute.';
  }
  return 'Cloudflare did not answer as expected while checking the token. Try again in a minute.';
}

/** A status word from the API, shown only when it is one. */
function quoteWord(value: string): string {
  return /^[a-z_]{1,20}$/i.test(value) ? `"${value}"` : 'not active';
}

/**
 * Whether Cloudflare still accepts a token given at sign-in, asked when its grant is refreshed (twice a day): `refused`
 * when it is deleted, expired or disabled (the client then signs the person in again), `accepted`, or `unknown`
 * when Cloudflare could not say (a refresh then goes ahead: an outage of Cloudflare's locks no one out).
 */
export async function stillAccepted(
  token: string,
  accountId: string,
  options: TokenCheckOptions,
): Promise<'accepted' | 'refused' | 'unknown'> {
  const clock = options.clock ?? systemClock;
  const deadline = startDeadline(5000, clock, options.signal);
  const api = apiAs(token, accountId, options, clock);
  const request = { signal: deadline.signal, deadlineAt: deadline.at };
  try {
    const status =
      (await api.verifyToken(request).catch(unlessRefused)) ??
      (await api.verifyToken(request, { account: true }).catch(unlessRefused));
    return status?.status === 'active' ? 'accepted' : 'refused';
  } catch {
    return 'unknown';
  } finally {
    deadline.end();
  }
}
