// The token a person pastes at the sign-in page, checked with Cloudflare as the API answers (msw at the HTTP
// boundary): the choices it allows, or one sentence for the person that never holds the token.
import { delay, HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_ID, BASE_URL, gatewayError, PLANTED } from '../../fixtures/api.js';
import { checkToken, MAX_ACCOUNTS_CHECKED, type TokenCheck } from '../../src/sign-in/token-check.js';
import { useMsw } from '../support/msw.js';

const server = useMsw();
const TOKEN_ID = 'ed17574386854bf78a67040be0a770b0';
const envelope = (result: unknown, extra: Record<string, unknown> = {}) => ({
  success: true,
  errors: [],
  messages: [],
  result,
  ...extra,
});
const apps = (list: Array<{ id: string; name?: string }>, total = list.length) => ({
  success: true,
  data: list.map((app) => ({ ...app, created_at: '2026-01-05T10:00:00.000Z' })),
  paging: { total_count: total, start_offset: 1, end_offset: list.length },
});
const refused = () => HttpResponse.json(gatewayError(1000, 'Invalid API Token'), { status: 401 });

/** Cloudflare as it answers a user token that can see `accounts`, each with its apps (undefined: 403). */
function cloudflare(accounts: Array<{ id: string; name: string; apps?: Array<{ id: string; name?: string }> }>) {
  server.use(
    http.get(`${BASE_URL}/user/tokens/verify`, () => HttpResponse.json(envelope({ id: TOKEN_ID, status: 'active' }))),
    http.get(`${BASE_URL}/accounts`, () =>
      HttpResponse.json(
        envelope(
          accounts.map(({ id, name }) => ({ id, name })),
          { result_info: { total_count: accounts.length } },
        ),
      ),
    ),
    http.get(`${BASE_URL}/accounts/:account/realtime/kit/apps`, ({ params }) => {
      const account = accounts.find((candidate) => candidate.id === params.account);
      return account?.apps
        ? HttpResponse.json(apps(account.apps))
        : HttpResponse.json(gatewayError(10000, 'Authentication error'), { status: 403 });
    }),
  );
}

const check = (token = PLANTED.token) => checkToken(token, { baseUrl: BASE_URL });

function problem(result: TokenCheck): string {
  expect(result.ok).toBe(false);
  const sentence = result.ok ? '' : result.problem;
  expect(sentence).not.toContain(PLANTED.token);
  return sentence;
}

describe('a token Cloudflare accepts', () => {
  it('offers the accounts where it reads RealtimeKit, with their apps, and names those where it does not', async () => {
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => seen.push(request.headers.get('authorization') ?? ''));
    cloudflare([
      { id: ACCOUNT_ID, name: 'Acme Video', apps: [{ id: 'app_a', name: 'Town halls' }, { id: 'app_b' }] },
      { id: 'b'.repeat(32), name: 'Personal' },
    ]);
    expect(await check()).toEqual({
      ok: true,
      tokenId: TOKEN_ID,
      accounts: [{ id: ACCOUNT_ID, name: 'Acme Video', apps: [{ id: 'app_a', name: 'Town halls' }, { id: 'app_b' }] }],
      withoutRealtime: ['Personal'],
      moreAccounts: false,
    });
    // Token verification, the accounts, and each account's apps: the token in the Authorization header alone.
    expect(seen).toEqual(Array(4).fill(`Bearer ${PLANTED.token}`));
  });

  it('looks at no more than MAX_ACCOUNTS_CHECKED accounts, and says there are more', async () => {
    const many = Array.from({ length: MAX_ACCOUNTS_CHECKED + 3 }, (_, i) => ({
      id: `acct${String(i).padStart(28, '0')}`,
      name: `Account ${i}`,
      apps: [{ id: `app_${i}` }],
    }));
    let asked = 0;
    cloudflare(many);
    server.events.on('request:start', ({ request }) => {
      if (request.url.endsWith('/realtime/kit/apps?page_no=1&per_page=20')) asked += 1;
    });
    const result = await check();
    expect(result.ok && result.accounts.length).toBe(MAX_ACCOUNTS_CHECKED);
    expect(result.ok && result.moreAccounts).toBe(true);
    expect(asked).toBe(MAX_ACCOUNTS_CHECKED);
  });

  it('verifies an account-owned token under its account, where /user/tokens/verify refuses it', async () => {
    cloudflare([{ id: ACCOUNT_ID, name: 'Acme Video', apps: [{ id: 'app_a' }] }]);
    server.use(
      http.get(`${BASE_URL}/user/tokens/verify`, refused),
      http.get(`${BASE_URL}/accounts/${ACCOUNT_ID}/tokens/verify`, () =>
        HttpResponse.json(envelope({ id: 'acct-token-id', status: 'active' })),
      ),
    );
    const result = await check();
    expect(result.ok && result.tokenId).toBe('acct-token-id');
  });
});

describe('a token that will not do, in one sentence each', () => {
  it('one Cloudflare refuses', async () => {
    server.use(http.get(`${BASE_URL}/user/tokens/verify`, refused), http.get(`${BASE_URL}/accounts`, refused));
    expect(problem(await check())).toBe(
      'Cloudflare did not accept this token. Check that you pasted the whole API token (not a key id or the Global API Key), and that it has not expired.',
    );
  });

  it('one that is disabled or expired', async () => {
    cloudflare([{ id: ACCOUNT_ID, name: 'Acme Video', apps: [{ id: 'app_a' }] }]);
    server.use(
      http.get(`${BASE_URL}/user/tokens/verify`, () =>
        HttpResponse.json(envelope({ id: TOKEN_ID, status: 'disabled' })),
      ),
    );
    expect(problem(await check())).toContain('Cloudflare says this token is "disabled"');
  });

  it('one without the Realtime permission anywhere', async () => {
    cloudflare([{ id: ACCOUNT_ID, name: 'Acme Video' }]);
    expect(problem(await check())).toContain('it has no Realtime permission on any of its accounts');
  });

  it('one whose account has no app yet', async () => {
    cloudflare([{ id: ACCOUNT_ID, name: 'Acme Video', apps: [] }]);
    expect(problem(await check())).toContain('the account has no RealtimeKit app yet');
  });

  it('one that sees no account', async () => {
    cloudflare([]);
    expect(problem(await check())).toContain('This token can see no Cloudflare account.');
  });

  it('when Cloudflare cannot be reached, or rate limits', async () => {
    server.use(http.get(`${BASE_URL}/user/tokens/verify`, () => HttpResponse.error()));
    expect(problem(await check())).toBe('Could not reach Cloudflare to check the token. Try again in a minute.');
    server.use(
      http.get(`${BASE_URL}/user/tokens/verify`, () =>
        HttpResponse.json(gatewayError(971, 'Please wait'), { status: 429, headers: { 'Retry-After': '30' } }),
      ),
    );
    expect(problem(await check())).toContain('rate limiting');
  });

  it('when the person leaves: the check stops with the request', async () => {
    cloudflare([{ id: ACCOUNT_ID, name: 'Acme Video', apps: [{ id: 'app_a' }] }]);
    server.use(
      http.get(`${BASE_URL}/user/tokens/verify`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const left = new AbortController();
    const pending = checkToken(PLANTED.token, { baseUrl: BASE_URL, signal: left.signal });
    left.abort();
    expect((await pending).ok).toBe(false);
  });
});
