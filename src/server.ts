// Builds the MCP server: registers every tool and turns tool outcomes into MCP results.
// No I/O of its own: configuration, fetch and logger are passed in, so tests can drive it in-process.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from './config.js';
import type { Logger } from './log.js';
import { tools } from './tools/index.js';
import type { ToolDefinition } from './tools/tool.js';
import { NAME, VERSION } from './version.js';

export interface ServerDeps {
  config: Config;
  fetch?: typeof globalThis.fetch;
  logger: Logger;
}

const INSTRUCTIONS =
  'Read-only access to Cloudflare RealtimeKit. list_meetings finds meetings and their ids; ' +
  'get_active_livestreams tells whether a meeting is livestreaming and where to watch. Secrets are withheld.';

export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: NAME, version: VERSION }, { instructions: INSTRUCTIONS });
  for (const tool of tools) registerTool(server, tool, deps);
  return server;
}

function registerTool(server: McpServer, tool: ToolDefinition, deps: ServerDeps): void {
  const { config, logger } = deps;
  const fetch = deps.fetch ?? globalThis.fetch;
  const userAgent = `${NAME}/${VERSION}`;
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: tool.inputSchema,
      outputSchema: tool.outputSchema,
      annotations: tool.annotations,
    },
    async (args: unknown, extra): Promise<CallToolResult> => {
      try {
        const outcome = await tool.handler(args as never, { config, fetch, userAgent, signal: extra.signal });
        if ('error' in outcome) return { isError: true, content: [{ type: 'text', text: outcome.error }] };
        return {
          content: [{ type: 'text', text: outcome.text }],
          // Parsed, never spread: only the declared fields reach the client.
          structuredContent: tool.outputSchema.parse(outcome.structured),
        };
      } catch (error) {
        // A bug, not an API failure: keep serving, and say so without internals the model cannot use.
        logger.error(`${tool.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return {
          isError: true,
          content: [
            {
              type: 'text',
              text: `${tool.name} failed with an internal error in ${NAME}; the details are in the server's log.`,
            },
          ],
        };
      }
    },
  );
}
