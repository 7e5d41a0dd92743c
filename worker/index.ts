// The Cloudflare Workers host of the HTTP front door: the same handler as `realtimekit-mcp --http`
// (src/hosts/http.ts), configured from the Worker's vars and secrets, which use the stdio server's variable names
// (`wrangler secret put CLOUDFLARE_API_TOKEN`). Stateless: any isolate answers any request, and Cloudflare's
// runtime does the scaling. With a KV namespace bound as OAUTH_KV it is also its own OAuth authorization server
// (src/sign-in/), so that claude.ai, ChatGPT and other MCP hosts connect by URL and a person signs in once.
// Built by `npm run build` into worker/dist/index.js; deployed with wrangler.
import { preloadSchemas } from '@modelcontextprotocol/server';
import liveViewHtml from '../dist/live-view.html';
import type { Env } from '../src/config/config.js';
import { logLevelOf, signInSettings } from '../src/config/hosts.js';
import { createHttpHandler, type HttpHandler } from '../src/hosts/http.js';
import { createStderrLogger, type LogLevel } from '../src/lib/log.js';
import { createSignIn, type KvNamespace } from '../src/sign-in/sign-in.js';

// An isolate starts once and serves many requests: build the SDK's protocol schemas while it warms up,
// not in the first request.
preloadSchemas();

let handler: Promise<HttpHandler> | undefined;

/** The Worker's vars and secrets that are strings: the server's variables. */
function variables(env: Record<string, unknown>): Env {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * Workers Logs (and `wrangler tail`) show what a Worker writes to the console, at REALTIMEKIT_MCP_LOG_LEVEL, each line
 * at its own level (console.log, warn or error), so that an access-log line is not filed as an error.
 * The limits a socket needs against slow clients (time to send a request, idle connections, a connection cap)
 * are Cloudflare's edge's, not this Worker's: the edge terminates every connection, and a Worker waiting on a
 * slow body holds no socket of its own and spends no CPU time.
 */
function start(bindings: Record<string, unknown>): Promise<HttpHandler> {
  const env = variables(bindings);
  const { level, problem } = logLevelOf(env);
  const logger = createStderrLogger(level, (line, at) => CONSOLE[at](line.trimEnd()));
  if (problem) logger.log('warning', problem);
  const kv = bindings.OAUTH_KV;
  const signIn = isKv(kv)
    ? ({ baseUrl }: { baseUrl: string }) =>
        createSignIn({ env: { OAUTH_KV: kv }, baseUrl, logger, sample: signInSettings(env).demo })
    : undefined;
  // Cloudflare routes only the Worker's own hostnames to it, so a request's URL names this Worker.
  return createHttpHandler({ env, logger, routed: true, liveView: async () => liveViewHtml, signIn }).then((ready) => {
    for (const warning of ready.settings.warnings) logger.log('warning', warning);
    for (const fatal of ready.settings.fatal) logger.log('error', fatal);
    return ready;
  });
}

/** Where each level's lines go in Workers Logs. */
const CONSOLE: Record<LogLevel, (line: string) => void> = {
  debug: (line) => console.debug(line),
  info: (line) => console.log(line),
  warning: (line) => console.warn(line),
  error: (line) => console.error(line),
};

/** A KV namespace binding (wrangler.jsonc's kv_namespaces), as the sign-in needs it. */
function isKv(value: unknown): value is KvNamespace {
  const kv = value as Partial<KvNamespace> | undefined;
  return typeof kv?.get === 'function' && typeof kv.put === 'function' && typeof kv.list === 'function';
}

export default {
  async fetch(request: Request, env: Record<string, unknown>): Promise<Response> {
    handler ??= start(env);
    return (await handler).fetch(request);
  },
};
