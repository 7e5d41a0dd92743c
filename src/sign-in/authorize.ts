// The authorization endpoint's pages: an MCP client sends a person here; the person pastes a Cloudflare API token,
// which is checked with Cloudflare, picks the account and app, and allows; the client is sent back with a code.
// The provider (@cloudflare/workers-oauth-provider) validates the request, binds each form to the browser that
// opened it (its consent handle and cookie: no cross-site form can post here), and stores the grant, whose props
// (token, account, app) it encrypts with a key only the issued token unwraps. Between the forms the token travels
// sealed (seal.ts), so no page, URL, log line or stored value holds it in the clear.
import { AuthorizationError, CimdFetchError, type OAuthHelpers } from '@cloudflare/workers-oauth-provider';
import { readBody } from '../lib/body.js';
import type { Clock } from '../lib/clock.js';
import { isTag } from '../lib/ids.js';
import type { Logger } from '../lib/log.js';
import { faultLine } from '../lib/strings.js';
import { APP_FIELD, type ClientShown, choicePage, endPage, pagePolicy, TOKEN_FIELD, tokenPage } from './pages.js';
import { clearedCookie, keyCookie, seal, unseal } from './seal.js';
import { type AccountChoice, checkToken } from './token-check.js';

/** What a grant holds, encrypted by the provider: whose token calls the API, in which account, for which app. */
export type GrantProps =
  | { kind: 'cloudflare'; token: string; accountId: string; appId: string }
  /** The built-in sample account (REALTIMEKIT_MCP_SIGN_IN_DEMO): no token of anyone's. */
  | { kind: 'sample' };

/**
 * The callbacks in a native app's own URI scheme (RFC 8252) that a sign-in may send a code to: Cursor's, which it
 * uses in its authorization requests (it registers its https and loopback ones too). Every other redirect must
 * be https, or http to this computer. A code sent to a private scheme is safe only with PKCE, which every public
 * client here must use; the list stays exact so that no other app can claim a scheme of its own.
 */
export const NATIVE_CALLBACKS: ReadonlySet<string> = new Set(['cursor://anysphere.cursor-mcp/oauth/callback']);

/** The grant's user id for the sample account; a Cloudflare grant's is the token's id (not the token). */
export const SAMPLE_USER = 'sample-account';

export interface AuthorizeOptions {
  helpers: OAuthHelpers;
  /** CLOUDFLARE_BASE_URL: where tokens are checked. */
  baseUrl: string;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  logger: Logger;
  /** The page offers the sample account. */
  sample: boolean;
}

/** What the pages carry between forms, sealed: the client shown, then the token and what it may choose. */
interface Carried {
  client: ClientShown;
  /** The redirect's origin, which the pages' form-action allows (the last form is redirected there). */
  redirectOrigin?: string;
  token?: string;
  tokenId?: string;
  accounts?: AccountChoice[];
  withoutRealtime?: string[];
  moreAccounts?: boolean;
}

/**
 * The most a sign-in form may be: a token, an app and two hidden fields, the sealed one holding up to
 * MAX_ACCOUNTS_CHECKED accounts of 20 apps with their names.
 */
const MAX_FORM_BYTES = 256 * 1024;

export async function authorize(request: Request, options: AuthorizeOptions): Promise<Response> {
  try {
    return await answer(request, options);
  } catch (error) {
    // A bug or an outage (KV), not the person's doing: a page for them, the details for the operator.
    options.logger.log('error', `sign-in: ${faultLine(error)}`);
    return html(
      500,
      endPage(
        'Something went wrong',
        "This server could not go on with the sign-in. Try again in a minute; its operator's log says more.",
      ),
    );
  }
}

async function answer(request: Request, options: AuthorizeOptions): Promise<Response> {
  try {
    if (request.method === 'GET') return await begin(request, options);
    if (request.method === 'POST') return await submit(request, options);
    return new Response(null, { status: 405, headers: { Allow: 'GET, POST' } });
  } catch (error) {
    if (error instanceof AuthorizationError && error.redirectTo) return redirect(error.redirectTo);
    if (error instanceof AuthorizationError) {
      return html(
        400,
        endPage('This sign-in cannot go on', `${error.description} Go back to your app and connect again.`),
      );
    }
    if (error instanceof CimdFetchError) {
      options.logger.log('warning', `sign-in: a client's metadata document could not be used (${error.reason})`);
      return html(
        400,
        endPage(
          'This app could not be verified',
          'Its description could not be fetched or was not valid, so this server cannot tell where it would send you. Try again later.',
        ),
      );
    }
    throw error;
  }
}

/** GET: the request checked by the provider, then the first form. */
async function begin(request: Request, options: AuthorizeOptions): Promise<Response> {
  const { helpers } = options;
  const asked = new URL(request.url).searchParams.get('redirect_uri') ?? '';
  if (URL.canParse(asked) && !/^https?:$/.test(new URL(asked).protocol) && !NATIVE_CALLBACKS.has(asked)) {
    // Not sent back: an app's own scheme this server does not know could be any app's.
    return html(
      400,
      endPage(
        'This app cannot sign in here',
        'It asks to be sent back to an address in its own scheme, which this server sends codes to only for apps it knows. Connect from a browser-based or desktop client that uses an https or local address.',
      ),
    );
  }
  const authRequest = await helpers.parseAuthRequest(request);
  const details = await helpers.describeConsent(authRequest);
  const consent = await helpers.beginConsent(authRequest);
  const client: ClientShown = {
    name: details.clientName,
    ...(details.clientDomain && { domain: details.clientDomain }),
    // A native app's callback shown whole: its "host" (anysphere.cursor-mcp) would name no place a person knows.
    redirectHost: /^https?:/.test(details.redirectUri) ? details.redirectHost : details.redirectUri,
    redirectIsLoopback: details.redirectIsLoopback,
  };
  const redirectOrigin = webOrigin(details.redirectUri);
  const carried: Carried = { client, ...(redirectOrigin && { redirectOrigin }) };
  const sealed = await seal(carried);
  const headers = consent.headers;
  headers.append('Set-Cookie', keyCookie(sealed.cookie.name, sealed.cookie.value));
  return html(
    200,
    tokenPage(client, { handle: consent.handle, sealed: sealed.sealed }, { demo: options.sample }),
    headers,
    redirectOrigin,
  );
}

/** POST: one of the forms. */
async function submit(request: Request, options: AuthorizeOptions): Promise<Response> {
  const { helpers } = options;
  const body = await readBody(request, MAX_FORM_BYTES);
  if (body === undefined) return html(413, endPage('This form is too large', 'Go back to your app and connect again.'));
  // The pages' forms post urlencoded (a browser's default): read as such, whatever else a sender claims.
  const form = new URLSearchParams(new TextDecoder().decode(body));
  const field = (name: string) => form.get(name) ?? '';
  const handle = field('handle');
  const sealedText = field('sealed');
  const carried = (await unseal(sealedText, request.headers.get('cookie'))) as Carried | undefined;
  if (!handle || !carried) {
    return html(
      400,
      endPage(
        'This sign-in page has expired',
        'It was open too long, already used, or opened in another browser. Go back to your app and connect again.',
      ),
    );
  }
  const state = { handle, sealed: sealedText };
  const done = clearedCookie(sealedText);
  const { client, redirectOrigin } = carried;

  if (field('decision') === 'deny') {
    const denied = await helpers.denyConsent(request, handle);
    if (done) denied.headers.append('Set-Cookie', done);
    return new Response(null, { status: 302, headers: denied.headers });
  }

  const step = field('step');
  if (step === 'demo' && options.sample) {
    const approved = await helpers.approveConsent(request, handle);
    const props: GrantProps = { kind: 'sample' };
    const { redirectTo } = await helpers.completeAuthorization({
      request: approved.request,
      userId: SAMPLE_USER,
      metadata: {},
      scope: approved.request.scope,
      props,
    });
    return sentBack(approved.headers, redirectTo, done);
  }

  if (step === 'token') {
    const token = field(TOKEN_FIELD).trim();
    const again = (problem: string) =>
      html(400, tokenPage(client, state, { problem, demo: options.sample }), undefined, redirectOrigin);
    if (!token) return again('Paste your Cloudflare API token first.');
    if (!/^[\x21-\x7e]{20,400}$/.test(token)) {
      return again('That is not an API token: a token is one word of letters, digits, "-" and "_", with no spaces.');
    }
    const check = await checkToken(token, {
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      clock: options.clock,
      signal: request.signal,
    });
    if (!check.ok) return again(check.problem);
    const next = await seal({
      client,
      ...(redirectOrigin && { redirectOrigin }),
      token,
      tokenId: check.tokenId,
      accounts: check.accounts,
      withoutRealtime: check.withoutRealtime,
      moreAccounts: check.moreAccounts,
    } satisfies Carried);
    const headers = new Headers();
    headers.append('Set-Cookie', keyCookie(next.cookie.name, next.cookie.value));
    if (done) headers.append('Set-Cookie', done);
    const page = choicePage(client, { handle, sealed: next.sealed }, check.accounts, {
      withoutRealtime: check.withoutRealtime,
      moreAccounts: check.moreAccounts,
    });
    return html(200, page, headers, redirectOrigin);
  }

  if (step === 'choose' && carried.token && carried.tokenId && carried.accounts) {
    const [accountId = '', appId = ''] = field(APP_FIELD).split('/');
    const account = carried.accounts.find((choice) => choice.id === accountId);
    if (!account?.apps.some((app) => app.id === appId) || !isTag(accountId) || !isTag(appId)) {
      const page = choicePage(client, state, carried.accounts, {
        withoutRealtime: carried.withoutRealtime ?? [],
        moreAccounts: carried.moreAccounts ?? false,
        problem: 'Choose one of the apps listed.',
      });
      return html(400, page, undefined, redirectOrigin);
    }
    const approved = await helpers.approveConsent(request, handle);
    const props: GrantProps = { kind: 'cloudflare', token: carried.token, accountId, appId };
    const { redirectTo } = await helpers.completeAuthorization({
      request: approved.request,
      // Cloudflare's id of the token: the same token signing in again replaces its earlier grant for this client.
      // Encoded, since the provider's keys use ":" to separate their parts.
      userId: encodeURIComponent(carried.tokenId),
      metadata: {},
      scope: approved.request.scope,
      props,
    });
    // Which account and app is the person's business; the operator's log learns only that a grant was made.
    options.logger.log('info', 'sign-in: a grant was issued');
    return sentBack(approved.headers, redirectTo, done);
  }
  return html(400, endPage("This form is not one of this page's", 'Go back to your app and connect again.'));
}

function sentBack(headers: Headers, redirectTo: string, cleared: string | undefined): Response {
  headers.set('Location', redirectTo);
  if (cleared) headers.append('Set-Cookie', cleared);
  headers.set('Cache-Control', 'no-store');
  return new Response(null, { status: 302, headers });
}

function redirect(location: string): Response {
  return new Response(null, { status: 302, headers: { Location: location, 'Cache-Control': 'no-store' } });
}

/** A page, never cached or framed, under a policy that allows no script. */
function html(status: number, body: string, headers = new Headers(), redirectOrigin?: string): Response {
  headers.set('Content-Type', 'text/html; charset=utf-8');
  headers.set('Cache-Control', 'no-store');
  headers.set('Content-Security-Policy', pagePolicy(redirectOrigin));
  headers.set('X-Frame-Options', 'DENY');
  headers.set('Referrer-Policy', 'no-referrer');
  headers.set('X-Content-Type-Options', 'nosniff');
  return new Response(body, { status, headers });
}

/** Where the pages' last form may be sent on to, for their form-action: an http(s) origin, or a native app's scheme. */
function webOrigin(uri: string): string | undefined {
  if (!URL.canParse(uri)) return undefined;
  const url = new URL(uri);
  if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
  return NATIVE_CALLBACKS.has(uri) ? url.protocol : undefined;
}
