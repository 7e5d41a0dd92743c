// Every variable the server reads, in one table: its name, where it applies, whether it is a secret, and one
// line of help. --help, the table in docs/configuration.md and server.json are written from it (`npm run docs`
// writes the last two), and a test fails when a module reads a variable this table does not name. Each is read
// and checked in this folder alone, through readVariable: config.ts for the tools', hosts.ts for the hosts'.
import { DEFAULT_BASE_URL, DEFAULT_MAX_API_REQUESTS, DEFAULT_TIMEOUT_SECONDS } from './config.js';

/** Where a variable applies: the stdio server, the HTTP front door under Node (--http), the Worker. */
export type SettingHost = 'stdio' | 'node' | 'worker';

export interface Setting {
  name: string;
  hosts: ReadonlyArray<SettingHost>;
  /** One line, as --help says it (server.json and the README start it with a capital). */
  help: string;
  /** What the README's table adds to the line. */
  more?: string;
  /** Needed over stdio. */
  required?: boolean;
  secret?: boolean;
  format?: 'string' | 'number';
}

const EVERY_HOST: ReadonlyArray<SettingHost> = ['stdio', 'node', 'worker'];
const HTTP_HOSTS: ReadonlyArray<SettingHost> = ['node', 'worker'];

export const SETTINGS: ReadonlyArray<Setting> = [
  {
    name: 'CLOUDFLARE_API_TOKEN',
    hosts: EVERY_HOST,
    required: true,
    secret: true,
    help: 'an API token with the Realtime or Realtime Admin permission',
    more: 'Never printed, logged or echoed. Over HTTP, the token the server calls with for access-key callers; otherwise each caller sends its own.',
  },
  {
    name: 'CLOUDFLARE_ACCOUNT_ID',
    hosts: EVERY_HOST,
    required: true,
    help: 'the Cloudflare account id',
    more: "32 hex characters, on the dashboard's account home. Over HTTP, without it each caller sends its own in the `cf-account-id` header.",
  },
  {
    name: 'REALTIMEKIT_APP_ID',
    hosts: EVERY_HOST,
    help: 'the default RealtimeKit app; every tool also takes app_id',
    more: "Without it, every call passes `app_id` (over HTTP, or the `X-RealtimeKit-App-Id` header); a call without one answers with the account's apps.",
  },
  {
    name: 'CLOUDFLARE_BASE_URL',
    hosts: EVERY_HOST,
    help: `the API's base URL (default ${DEFAULT_BASE_URL})`,
    more: "The same variable as Cloudflare's SDKs; plain http only to this machine.",
  },
  {
    name: 'REALTIMEKIT_MCP_TIMEOUT_SECONDS',
    hosts: EVERY_HOST,
    format: 'number',
    help: `deadline for one tool call, retries included: 1-300 (default ${DEFAULT_TIMEOUT_SECONDS})`,
  },
  {
    name: 'REALTIMEKIT_MCP_MAX_API_REQUESTS',
    hosts: EVERY_HOST,
    format: 'number',
    help: `most API requests one call makes, retries included: 2-10000 (default ${DEFAULT_MAX_API_REQUESTS})`,
    more: "A small share of the 1,200 per 5 minutes that Cloudflare allows a user (and that the user's own application spends too). A call that would need more says what it left and how to go on. A Worker on Workers Free may make 50 (its `wrangler.jsonc` sets that).",
  },
  {
    name: 'REALTIMEKIT_MCP_REVEAL_STREAM_KEYS',
    hosts: EVERY_HOST,
    help: '1 shows livestream stream keys and whole ingest URLs (withheld by default)',
    more: 'See [Security](security.md).',
  },
  {
    name: 'REALTIMEKIT_MCP_STRUCTURED',
    hosts: EVERY_HOST,
    help: 'off sends the text alone: no structuredContent, no output schemas',
    more: 'For a client that shows structured JSON badly; see [What a model reads](answers.md).',
  },
  {
    name: 'REALTIMEKIT_MCP_VIEW',
    hosts: EVERY_HOST,
    help: 'off stops offering the live view to MCP Apps hosts',
    more: 'See [The live view](live-view.md).',
  },
  {
    name: 'REALTIMEKIT_MCP_PLAYBACK_ORIGINS',
    hosts: EVERY_HOST,
    help: "origins the live view may play from besides Cloudflare Stream's, comma-separated",
    more: '`https://video.example.com`, `https://*.example.com` (http only to this machine).',
  },
  {
    name: 'REALTIMEKIT_MCP_LOG_LEVEL',
    hosts: EVERY_HOST,
    help: 'debug, info (default), warning or error: the least the log on stderr shows',
    more: 'Over HTTP, `warning` silences the [access log](remote.md#operating-it).',
  },
  {
    name: 'REALTIMEKIT_MCP_ACCESS_KEYS',
    hosts: HTTP_HOSTS,
    secret: true,
    help: 'comma-separated keys (32+ characters) callers send as the bearer; the server calls with its own token',
    more: 'See [Who may call](remote.md#who-may-call-and-with-whose-token).',
  },
  {
    name: 'REALTIMEKIT_MCP_ALLOWED_ORIGINS',
    hosts: HTTP_HOSTS,
    help: 'comma-separated browser origins allowed to call (none by default)',
  },
  {
    name: 'REALTIMEKIT_MCP_PUBLIC_URL',
    hosts: ['node'],
    help: 'the https URL clients reach the server at, behind a proxy or beyond loopback',
    more: 'Its metadata names this URL whatever `Host` a request carries, and a loopback listener also answers to its host. Beyond loopback without it, `/.well-known/oauth-protected-resource` answers `404` and a `401` names no metadata, since a `Host` there is whatever a client wrote. (A Worker names the URL Cloudflare routed to it.)',
  },
  {
    name: 'REALTIMEKIT_MCP_SIGN_IN_DEMO',
    hosts: ['worker'],
    help: '1 offers the built-in sample account on the sign-in page (a Worker with OAuth; default off)',
    more: 'So that a person can add the URL to claude.ai or ChatGPT and see answers, and the live view, without a Cloudflare account. Such a grant reads only made-up data.',
  },
  {
    name: 'REALTIMEKIT_MCP_HTTP_REQUEST_TIMEOUT_SECONDS',
    hosts: ['node'],
    format: 'number',
    help: 'time a client may take to send a whole request: 1-600 (default 30)',
    more: 'Headers get at most 10 s of it. A client that trickles or stalls is cut off with `408`; a call already running is not touched, since its request has arrived.',
  },
  {
    name: 'REALTIMEKIT_MCP_HTTP_IDLE_TIMEOUT_SECONDS',
    hosts: ['node'],
    format: 'number',
    help: 'time a kept-alive connection may sit idle between requests: 1-600 (default 5)',
    more: "Behind a load balancer, set it above the balancer's own idle timeout.",
  },
  {
    name: 'REALTIMEKIT_MCP_HTTP_MAX_CONNECTIONS',
    hosts: ['node'],
    format: 'number',
    help: 'open connections at once (default 1024); more are closed as they come',
  },
  {
    name: 'HOST',
    hosts: ['node'],
    help: 'where --http listens, as --host says it (default 127.0.0.1)',
    more: 'For container platforms; beyond loopback, put https in front.',
  },
  {
    name: 'PORT',
    hosts: ['node'],
    format: 'number',
    help: 'the port --http listens on, as --port says it (default 8787; 0 picks a free one)',
  },
];
