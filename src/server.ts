// Builds the MCP server: registers every tool and turns tool outcomes into MCP results.
// No I/O of its own: configuration, fetch, clock and logger are passed in, so tests drive it in-process.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { type CallToolResult, type LoggingLevel, SetLevelRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { type Clock, DeadlineExceeded, startDeadline, systemClock } from './clock.js';
import type { Config } from './config.js';
import { fanOut, isAtLeast, type Logger, type LogLevel } from './log.js';
import { tools } from './tools/index.js';
import type { ToolDefinition, ToolOutcome } from './tools/tool.js';
import { NAME, VERSION } from './version.js';

export interface ServerDeps {
  config: Config;
  /** Where the operator's log goes (stderr in production). */
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
}

const INSTRUCTIONS =
  'Read-only access to Cloudflare RealtimeKit. list_meetings finds meetings and their ids; ' +
  'get_active_livestreams tells whether a meeting is livestreaming and where to watch. Secrets are withheld.';

/** A handler gets this long past the deadline to answer with its own words before the server does. */
const DEADLINE_GRACE_MS = 1000;

export function createServer(deps: ServerDeps): McpServer {
  const server = new McpServer(
    { name: NAME, version: VERSION },
    { instructions: INSTRUCTIONS, capabilities: { logging: {} } },
  );
  const logger = fanOut([deps.logger, clientLogger(server)], [deps.config.apiToken]);
  for (const tool of tools) registerTool(server, tool, { ...deps, logger });
  return server;
}

/** Sends log lines to the client as MCP log messages, only once it has asked for them with logging/setLevel. */
function clientLogger(server: McpServer): Logger {
  let threshold: LogLevel | undefined;
  server.server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    threshold = toLogLevel(request.params.level);
    return {};
  });
  return {
    log(level, message) {
      if (threshold === undefined || !isAtLeast(level, threshold) || !server.isConnected()) return;
      server.server.sendLoggingMessage({ level, logger: NAME, data: message }).catch(() => {});
    },
  };
}

/** MCP has eight syslog levels; this server logs at four. */
function toLogLevel(level: LoggingLevel): LogLevel {
  if (level === 'debug' || level === 'info' || level === 'error') return level;
  if (level === 'notice') return 'info';
  if (level === 'warning') return 'warning';
  return 'error';
}

function registerTool(server: McpServer, tool: ToolDefinition, deps: ServerDeps): void {
  const { config, logger } = deps;
  const fetch = deps.fetch ?? globalThis.fetch;
  const clock = deps.clock ?? systemClock;
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
      const deadline = startDeadline(config.timeoutMs, clock, extra.signal);
      const stopGrace = new AbortController();
      try {
        const outcome = await Promise.race([
          tool.handler(args as never, {
            config,
            fetch,
            clock,
            userAgent,
            request: { signal: deadline.signal, deadlineAt: deadline.at },
            log: (message) => logger.log('info', `${tool.name}: ${message}`),
          }),
          // Whatever the handler does, the call ends soon after its deadline with words a model can use.
          clock
            .sleep(config.timeoutMs + DEADLINE_GRACE_MS, AbortSignal.any([stopGrace.signal, extra.signal]))
            .then((): ToolOutcome<never> => ({ error: timedOut(tool.name, config.timeoutMs) })),
        ]);
        if ('error' in outcome) {
          if (deadline.signal.reason instanceof DeadlineExceeded)
            logger.log('warning', `${tool.name}: ${outcome.error}`);
          return { isError: true, content: [{ type: 'text', text: outcome.error }] };
        }
        return {
          content: [{ type: 'text', text: outcome.text }],
          // Parsed, never spread: only the declared fields reach the client.
          structuredContent: tool.outputSchema.parse(outcome.structured),
        };
      } catch (error) {
        if (extra.signal.aborted)
          return { isError: true, content: [{ type: 'text', text: 'Cancelled by the client.' }] };
        // A bug, not an API failure: keep serving, and say so without internals the model cannot use.
        logger.log(
          'error',
          `${tool.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        return {
          isError: true,
          content: [
            {
              type: 'text',
              text: `${tool.name} failed with an internal error in ${NAME}; the details are in the server's log.`,
            },
          ],
        };
      } finally {
        deadline.clear();
        stopGrace.abort();
      }
    },
  );
}

function timedOut(toolName: string, timeoutMs: number): string {
  return `${toolName} timed out after ${timeoutMs / 1000} s: the RealtimeKit API did not answer in time. Try again in a moment; REALTIMEKIT_MCP_TIMEOUT_SECONDS sets the limit.`;
}
