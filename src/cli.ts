// The command line: realtimekit-mcp [--demo | --help | --version]. Pure: argv in, a decision out.
import { parseArgs } from 'node:util';
import { DEFAULT_BASE_URL, DEFAULT_TIMEOUT_SECONDS } from './config.js';
import { tools as allTools } from './tools/index.js';
import type { ToolDefinition } from './tools/tool.js';
import { NAME, VERSION } from './version.js';

export type Command =
  | { kind: 'serve'; demo: boolean }
  | { kind: 'help'; text: string }
  | { kind: 'version'; text: string }
  | { kind: 'usage-error'; text: string };

export const EXIT_USAGE = 2;
/** The client sent a message over the size limit, and the server stopped. */
export const EXIT_OVERSIZE = 3;

/** `--help`: usage, the tools with what each does, the environment and the exit codes. */
export function helpText(tools: ReadonlyArray<ToolDefinition> = allTools): string {
  const width = Math.max(...tools.map((tool) => tool.name.length)) + 3;
  const toolLines = tools.map((tool) => `  ${tool.name.padEnd(width)}${tool.summary}`).join('\n');
  return `${NAME} ${VERSION}: an MCP server for Cloudflare RealtimeKit, over stdio.

Usage:
  ${NAME}             serve over stdio (an MCP client starts this for you)
  ${NAME} --demo      serve a built-in sample account; no credentials needed
  ${NAME} --help      show this help
  ${NAME} --version   print the version

Tools (read-only):
${toolLines}

Environment (set them in the client's configuration for this server):
  CLOUDFLARE_API_TOKEN                required; an API token with the Realtime or Realtime Admin permission
  CLOUDFLARE_ACCOUNT_ID               required; the Cloudflare account id
  REALTIMEKIT_APP_ID                  the default RealtimeKit app; every tool also takes app_id
  CLOUDFLARE_BASE_URL                 the API's base URL (default ${DEFAULT_BASE_URL})
  REALTIMEKIT_MCP_TIMEOUT_SECONDS     deadline for one tool call, retries included: 1-300 (default ${DEFAULT_TIMEOUT_SECONDS})
  REALTIMEKIT_MCP_REVEAL_STREAM_KEYS  1 shows livestream stream keys (withheld by default)
  REALTIMEKIT_MCP_STRUCTURED          off sends the text alone: no structuredContent, no output schemas
With --demo the Cloudflare variables are ignored.

Exit codes:
  0  stopped normally: stdin closed, SIGINT or SIGTERM; or --help, --version
  1  could not start
  2  bad command line
  3  stopped: a message from the client was over 10 MiB
`;
}

export function parseCommandLine(argv: readonly string[]): Command {
  let values: { demo?: boolean; help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        demo: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { kind: 'usage-error', text: `${NAME}: ${reason}\nRun "${NAME} --help" for usage.\n` };
  }
  if (values.help) return { kind: 'help', text: helpText() };
  if (values.version) return { kind: 'version', text: `${VERSION}\n` };
  return { kind: 'serve', demo: values.demo === true };
}
