// The Worker's sign-in: an OAuth 2.1 authorization server (@cloudflare/workers-oauth-provider, on Workers KV)
// for this MCP server as its one protected resource, so that claude.ai, ChatGPT and every MCP host that speaks
// MCP authorization can connect by URL. It serves RFC 8414 metadata, dynamic client registration, Client ID
// Metadata Documents, the token endpoint (PKCE S256 only, refresh, revocation) and the authorization endpoint's
// pages (authorize.ts). The front door (src/hosts/http.ts) routes its paths here and asks it about each bearer;
// a grant's token, account and app then serve the call, through the same tools and answers as every caller's.
import { OAuthAuthorizationServer, OAuthError } from '@cloudflare/workers-oauth-provider';
import { MCP_PATH } from '../config/hosts.js';
import { DEMO_ACCOUNT_ID, DEMO_APP_ID, sampleAccountApi } from '../demo/sample-account.js';
import { sampleFetch } from '../demo/sample-routes.js';
import type { GrantedCaller, SignIn } from '../hosts/http.js';
import { type Clock, systemClock } from '../lib/clock.js';
import type { Logger } from '../lib/log.js';
import { authorize, type GrantProps } from './authorize.js';
import { stillAccepted } from './token-check.js';

export const AUTHORIZE_PATH = '/authorize';
export const TOKEN_PATH = '/oauth/token';
export const REGISTER_PATH = '/oauth/register';
/** RFC 8414: the issuer is the origin, so its metadata is here. */
export const AUTHORIZATION_METADATA_PATH = '/.well-known/oauth-authorization-server';

/** The Workers KV namespace the provider keeps clients, grants and token hashes in. */
export interface KvNamespace {
  get(key: string, options?: unknown): Promise<unknown>;
  put(key: string, value: string, options?: unknown): Promise<void>;
  delete(key: string): Promise<void>;
  list(options?: unknown): Promise<unknown>;
}

export interface SignInEnv {
  OAUTH_KV: KvNamespace;
}

export interface SignInOptions {
  /** The Worker's bindings: OAUTH_KV above all. */
  env: SignInEnv;
  /** CLOUDFLARE_BASE_URL: where a person's token is checked. */
  baseUrl: string;
  logger: Logger;
  /** REALTIMEKIT_MCP_SIGN_IN_DEMO: the page offers the built-in sample account. */
  sample: boolean;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

/**
 * An access token lives 12 hours; its grant (refreshed) 30 days, the provider's default. Every request reads the
 * token's record in KV, so revoking a grant ends its tokens at once whatever their lifetime; what the lifetime
 * sets is how often a client refreshes, and each refresh writes twice to KV (Workers Free allows 1,000 writes a
 * day): about 4 writes a day for each connected client, where an hour's lifetime would cost 48.
 */
const ACCESS_TOKEN_SECONDS = 12 * 3600;
/** Origins this Worker answers at, each its own issuer: its workers.dev name and custom domains. */
const MAX_ORIGINS = 16;

/** A Worker has no ExecutionContext to give the provider's authorization-server role, which uses none. */
const NO_CONTEXT = { waitUntil() {}, passThroughOnException() {}, props: {} };

export function createSignIn(options: SignInOptions): SignIn {
  const { env, logger } = options;
  const clock = options.clock ?? systemClock;
  const servers = new Map<string, OAuthAuthorizationServer<SignInEnv>>();
  const serverAt = (origin: string) => {
    let server = servers.get(origin);
    if (!server) {
      if (servers.size >= MAX_ORIGINS) servers.clear();
      server = new OAuthAuthorizationServer<SignInEnv>({
        issuer: origin,
        resources: [`${origin}${MCP_PATH}`],
        authorizeEndpoint: AUTHORIZE_PATH,
        tokenEndpoint: TOKEN_PATH,
        clientRegistrationEndpoint: REGISTER_PATH,
        clientIdMetadataDocumentEnabled: true,
        // Native apps' own schemes, for Cursor's callback; authorize.ts lets through only the ones it names.
        allowPrivateUseRedirectUris: true,
        accessTokenTTL: ACCESS_TOKEN_SECONDS,
        // At each refresh (twice a day, as access tokens expire), a grant whose Cloudflare token Cloudflare no longer
        // accepts ends: the client is told invalid_grant and signs the person in again, rather than keep a
        // connection whose every call fails. The provider revokes the grant, and its tokens, on invalid_grant.
        tokenExchangeCallback: async ({ grantType, props }) => {
          const grant = props as GrantProps;
          if (grantType !== 'refresh_token' || grant.kind !== 'cloudflare') return undefined;
          const verdict = await stillAccepted(grant.token, grant.accountId, {
            baseUrl: options.baseUrl,
            fetch: options.fetch,
            clock,
          });
          if (verdict === 'refused') {
            logger.log('info', 'sign-in: a grant ended at refresh: Cloudflare no longer accepts its token');
            throw new OAuthError('invalid_grant', {
              description: 'The Cloudflare API token given at sign-in is no longer accepted. Sign in again.',
            });
          }
          return undefined;
        },
        // What the provider refuses, for the operator: its check's name, never a token or a body.
        onError: ({ code, status, internal }) => {
          logger.log(status >= 500 ? 'error' : 'info', `sign-in: ${code} (${internal.category}/${internal.reason})`);
        },
      });
      servers.set(origin, server);
    }
    return server;
  };
  return {
    paths: new Set([AUTHORIZE_PATH, TOKEN_PATH, REGISTER_PATH, AUTHORIZATION_METADATA_PATH]),
    issuer: (origin) => origin,
    fetch(request, origin) {
      const server = serverAt(origin);
      if (new URL(request.url).pathname !== AUTHORIZE_PATH) {
        return server.fetch(request, env, NO_CONTEXT as unknown as Parameters<typeof server.fetch>[2]);
      }
      return authorize(request, {
        helpers: server.getOAuthApi(env),
        baseUrl: options.baseUrl,
        fetch: options.fetch,
        clock,
        logger,
        sample: options.sample,
      });
    },
    async grant(bearer, resource) {
      const validated = await serverAt(new URL(resource).origin).validateToken<GrantProps>(resource, bearer, env);
      if (!validated) return null;
      // A sample-account grant ends when the operator turns the sample account off.
      if (validated.props.kind === 'sample' && !options.sample) return null;
      return granted(validated.props, clock);
    },
  };
}

/** What a grant's props let a request do. */
function granted(props: GrantProps, clock: Clock): GrantedCaller | null {
  if (props.kind === 'sample') {
    const token = crypto.randomUUID();
    return {
      apiToken: token,
      accountId: DEMO_ACCOUNT_ID,
      appId: DEMO_APP_ID,
      sample: {
        // Never reached: the sample API answers in place of the network.
        baseUrl: 'https://sample-account.invalid/client/v4',
        fetch: sampleFetch(sampleAccountApi(token, clock.now())),
      },
    };
  }
  if (props.kind === 'cloudflare') return { apiToken: props.token, accountId: props.accountId, appId: props.appId };
  return null;
}
