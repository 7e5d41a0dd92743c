// The command line: realtimekit-mcp [--demo] [--http [--host H] [--port N]] | --help | --version. Pure: argv
// and the environment in, a decision out.
import { parseArgs } from 'node:util';
import { listenVariables } from '../config/hosts.js';
import { SETTINGS, type Setting } from '../config/settings.js';
import { NAME, VERSION } from '../lib/version.js';
import { tools as allTools } from '../tools/index.js';
import type { ToolDefinition } from '../tools/tool.js';

/** Where the HTTP front door listens (--http). */
export interface Listen {
  host: string;
  port: number;
}

export const DEFAULT_HTTP_HOST = '127.0.0.1';
export const DEFAULT_HTTP_PORT = 8787;

export type Command =
  | { kind: 'serve'; demo: boolean; http?: Listen }
  | { kind: 'help'; text: string }
  | { kind: 'version'; text: string }
  | { kind: 'usage-error'; text: string };

export const EXIT_USAGE = 2;
/** The client sent a message over the size limit, and the server stopped. */
export const EXIT_OVERSIZE = 3;

/** The variables `which` selects, a line each, from the table of settings. */
function variables(which: (setting: Setting) => boolean): string {
  const chosen = SETTINGS.filter(which);
  const width = Math.max(...chosen.map((setting) => setting.name.length)) + 2;
  return chosen
    .map((setting) => `  ${setting.name.padEnd(width)}${setting.required ? 'required; ' : ''}${setting.help}`)
    .join('\n');
}

/** `--help`: usage, the tools with what each does, the environment and the exit codes. */
export function helpText(tools: ReadonlyArray<ToolDefinition> = allTools): string {
  const width = Math.max(...tools.map((tool) => tool.name.length)) + 3;
  const toolLines = tools.map((tool) => `  ${tool.name.padEnd(width)}${tool.summary}`).join('\n');
  return `${NAME} ${VERSION}: an MCP server for Cloudflare RealtimeKit, over stdio or HTTP.

Usage:
  ${NAME}             serve over stdio (an MCP client starts this for you)
  ${NAME} --demo      serve a built-in sample account; no credentials needed
  ${NAME} --http      serve MCP over HTTP at http://${DEFAULT_HTTP_HOST}:${DEFAULT_HTTP_PORT}/mcp (stateless)
      --host H        listen on H instead (also HOST); beyond loopback, put https in front
      --port N        listen on port N instead (also PORT; 0 picks a free one)
  ${NAME} --help      show this help
  ${NAME} --version   print the version

Tools (read-only):
${toolLines}

Environment (set them in the client's configuration for this server):
${variables((setting) => setting.hosts.includes('stdio'))}
With --demo the Cloudflare variables are ignored.

Over HTTP (--http), each caller sends its own Cloudflare API token as "Authorization: Bearer <token>",
and its account in the cf-account-id header unless CLOUDFLARE_ACCOUNT_ID is set; or, with access keys,
the server calls with its own token. Besides the variables above:
${variables((setting) => !setting.hosts.includes('stdio') && setting.hosts.includes('node'))}
Each request writes one access-log line at info; REALTIMEKIT_MCP_LOG_LEVEL=warning silences it.

Exit codes:
  0  stopped normally: stdin closed, SIGINT or SIGTERM; or --help, --version
  1  could not start (over HTTP: the port is taken, or the settings cannot work)
  2  bad command line
  3  stopped: a message from the client was over 10 MiB
`;
}

export function parseCommandLine(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): Command {
  let values: { demo?: boolean; help?: boolean; version?: boolean; http?: boolean; host?: string; port?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        demo: { type: 'boolean' },
        http: { type: 'boolean' },
        host: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
    return usageError(reason);
  }
  if (values.help) return { kind: 'help', text: helpText() };
  if (values.version) return { kind: 'version', text: `${VERSION}\n` };
  const demo = values.demo === true;
  if (!values.http) {
    if (values.host !== undefined || values.port !== undefined) return usageError('--host and --port go with --http');
    return { kind: 'serve', demo };
  }
  const fromEnv = listenVariables(env);
  const host = values.host ?? fromEnv.host ?? DEFAULT_HTTP_HOST;
  const rawPort = values.port ?? fromEnv.port ?? String(DEFAULT_HTTP_PORT);
  const port = Number(rawPort);
  if (!/^\d{1,5}$/.test(rawPort) || port > 65535) {
    return usageError(`the port must be a number from 0 to 65535, not ${JSON.stringify(rawPort.slice(0, 20))}`);
  }
  if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(host)) return usageError(`the host must be a name or an IP address`);
  return { kind: 'serve', demo, http: { host, port } };
}

function usageError(reason: string): Command {
  return { kind: 'usage-error', text: `${NAME}: ${reason}\nRun "${NAME} --help" for usage.\n` };
}
