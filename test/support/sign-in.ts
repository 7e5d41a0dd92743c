// A person and an OAuth client at the Worker's sign-in, by plain HTTP: register a public client, send the person
// to /authorize with PKCE, fill the forms as a browser would (its cookies kept), and read where they are sent back.
import { createHash, randomBytes } from 'node:crypto';

export interface Pkce {
  verifier: string;
  challenge: string;
}

export function pkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** RFC 7591: a public client (no secret), as claude.ai or an IDE registers. */
export async function register(origin: string, redirectUri: string, name = 'Test Client'): Promise<string> {
  const response = await fetch(`${origin}/oauth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      client_name: name,
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    }),
  });
  const body = (await response.json()) as { client_id?: string };
  if (response.status !== 201 || !body.client_id) throw new Error(`registration failed: ${JSON.stringify(body)}`);
  return body.client_id;
}

export function authorizeUrl(
  origin: string,
  {
    clientId,
    redirectUri,
    challenge,
    state,
  }: { clientId: string; redirectUri: string; challenge: string; state: string },
): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    resource: `${origin}/mcp`,
  });
  return `${origin}/authorize?${query}`;
}

/** A browser's cookies for one site, and the pages it was shown. `send` is how it reaches the site. */
export class Browser {
  readonly cookies = new Map<string, string>();
  readonly pages: string[] = [];
  readonly #send: typeof globalThis.fetch;

  constructor(send: typeof globalThis.fetch = globalThis.fetch) {
    this.#send = send;
  }

  async get(url: string): Promise<Response> {
    return this.#keep(await this.#send(url, { headers: this.#headers(), redirect: 'manual' }));
  }

  /** Posts a form to `url`, as the page's own form does (the same URL, urlencoded). */
  async post(url: string, fields: Record<string, string>): Promise<Response> {
    return this.#keep(
      await this.#send(url, {
        method: 'POST',
        headers: { ...this.#headers(), 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
        redirect: 'manual',
      }),
    );
  }

  /** The body of a page, kept with the others. */
  async page(response: Response): Promise<string> {
    const html = await response.text();
    this.pages.push(html);
    return html;
  }

  #headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    return cookie ? { Cookie: cookie } : {};
  }

  #keep(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const cleared = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
      if (cleared) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(at + 1).trim());
    }
    return response;
  }
}

/** The hidden fields of a sign-in form. */
export function hiddenFields(html: string): { handle: string; sealed: string } {
  const value = (name: string) =>
    new RegExp(`name="${name}" value="([^"]*)"`)
      .exec(html)?.[1]
      ?.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code))) ?? '';
  return { handle: value('handle'), sealed: value('sealed') };
}

/** The values of the app choice's options, `account/app`. */
export function appOptions(html: string): string[] {
  return [...html.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1] ?? '');
}

/**
 * The whole sign-in as a person does it: the first page, the token, the first app offered (or `app`), Allow.
 * Returns where the person is sent back, and the browser.
 */
export async function signInWithToken(
  authorize: string,
  token: string,
  app?: string,
  send: typeof globalThis.fetch = globalThis.fetch,
): Promise<{ location: string; browser: Browser }> {
  const browser = new Browser(send);
  const first = await browser.page(await browser.get(authorize));
  const afterToken = await browser.post(authorize, {
    ...hiddenFields(first),
    step: 'token',
    token,
    decision: 'continue',
  });
  const choice = await browser.page(afterToken);
  if (afterToken.status !== 200) throw new Error(`the token was not taken (${afterToken.status}): ${choice}`);
  const chosen = app ?? appOptions(choice)[0] ?? '';
  const allowed = await browser.post(authorize, {
    ...hiddenFields(choice),
    step: 'choose',
    app: chosen,
    decision: 'allow',
  });
  const location = allowed.headers.get('location');
  if (allowed.status !== 302 || !location)
    throw new Error(`not sent back (${allowed.status}): ${await allowed.text()}`);
  return { location, browser };
}

/** The token endpoint: a code (with its verifier) or a refresh token, for tokens. */
export async function tokenRequest(
  origin: string,
  fields: Record<string, string>,
  send: typeof globalThis.fetch = globalThis.fetch,
): Promise<Response> {
  return send(`${origin}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

/** The code exchanged for tokens at the token endpoint, with its PKCE verifier, as a public client does. */
export async function exchangeCode(
  origin: string,
  { code, redirectUri, clientId, verifier }: { code: string; redirectUri: string; clientId: string; verifier: string },
  send: typeof globalThis.fetch = globalThis.fetch,
): Promise<{ status: number; body: Record<string, string> }> {
  const response = await tokenRequest(
    origin,
    { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: clientId, code_verifier: verifier },
    send,
  );
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

/** One JSON-RPC message to the MCP endpoint with a bearer, as a client sends it. */
export function mcpPost(
  url: string,
  bearer: string,
  message: Record<string, unknown>,
  send: typeof globalThis.fetch = globalThis.fetch,
): Promise<Response> {
  return send(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${bearer}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'Mcp-Protocol-Version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, ...message }),
  });
}

/** tools/call of `name` with `args`. */
export const toolCall = (name: string, args: Record<string, unknown> = {}) => ({
  method: 'tools/call',
  params: { name, arguments: args },
});

/** The token form filled in and sent from `page` (the first page's HTML). */
export function submitToken(browser: Browser, authorize: string, page: string, token: string): Promise<Response> {
  return browser.post(authorize, { ...hiddenFields(page), step: 'token', token, decision: 'continue' });
}
