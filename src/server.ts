// Builds the MCP server: answers tools/list from the tool definitions and runs tools/call through them.
// No I/O of its own: configuration, fetch, clock and logger are passed in, so tests drive it in-process.
// It uses the SDK's low-level Server rather than McpServer: McpServer converts zod to JSON Schema on
// every tools/list and brings zod-to-json-schema and zod-mini into the bundle; here each tool's JSON
// Schema is made once, and only what clients read is sent (issue 4: cold start and standing tokens).
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  type LoggingLevel,
  McpError,
  SetLevelRequestSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { z } from 'zod';
import { type Clock, DeadlineExceeded, startDeadline, systemClock, WORK_DONE } from './clock.js';
import type { Config } from './config.js';
import { fanOut, isAtLeast, type Logger, type LogLevel } from './log.js';
import { quote } from './summaries/text.js';
import { tools } from './tools/index.js';
import type { ToolContext, ToolDefinition, ToolOutcome } from './tools/tool.js';
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
  'get_active_livestreams tells what is livestreaming and where to watch. Secrets are withheld.';

/** The first line of every answer in --demo mode, so neither model nor person mistakes it for real data. */
export const DEMO_NOTICE =
  'Demo data: a built-in sample account (realtimekit-mcp --demo), not a real RealtimeKit account.';

/**
 * The SDK's server validates JSON Schema only to check a client's answer to elicitation, which this
 * server never asks for. Giving it this instead of its default keeps Ajv out of the bundle (issue 4).
 */
const noElicitation: jsonSchemaValidator = {
  getValidator() {
    throw new Error(`${NAME} does not use elicitation, so it validates no elicitation answers`);
  },
};

/** A handler gets this long past the deadline to answer with its own words before the server does. */
const DEADLINE_GRACE_MS = 1000;

export function createServer(deps: ServerDeps): Server {
  const server = new Server(
    { name: NAME, version: VERSION },
    {
      instructions: deps.config.demo ? `${INSTRUCTIONS} ${DEMO_NOTICE}` : INSTRUCTIONS,
      capabilities: { tools: {}, logging: {} },
      jsonSchemaValidator: noElicitation,
    },
  );
  const logger = fanOut([deps.logger, clientLogger(server)], [deps.config.apiToken]);
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  let listed: Tool[] | undefined;
  server.setRequestHandler(ListToolsRequestSchema, () => {
    listed ??= describeTools();
    return { tools: listed };
  });
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool ${quote(request.params.name, 80)}; the tools are ${[...byName.keys()].join(', ')}.`,
      );
    }
    const progressToken = request.params._meta?.progressToken;
    const progress: Progress =
      progressToken === undefined
        ? () => {}
        : (done, total, message) => {
            extra
              .sendNotification({
                method: 'notifications/progress',
                params: { progressToken, progress: done, total, message },
              })
              .catch(() => {});
          };
    const answer = callTool(tool, request.params.arguments ?? {}, extra.signal, progress, { ...deps, logger });
    return deps.config.demo ? answer.then(markDemo) : answer;
  });
  return server;
}

/** What tools/list answers: the tools as every client sees them (the README's reference is made from it). */
export function describeTools(): Tool[] {
  return tools.map(describeTool);
}

function markDemo(result: CallToolResult): CallToolResult {
  const content = result.content.map((block) =>
    block.type === 'text' ? { ...block, text: `${DEMO_NOTICE}\n${block.text}` } : block,
  );
  return { ...result, content };
}

/**
 * What a client is sent for a tool, every token of it paid in each conversation: no `$schema` keys, and
 * output schemas without `additionalProperties: false` (structuredContent is parsed from the same zod
 * schema, so it never has extra keys). Input schemas stay strict, so a misnamed argument is refused.
 */
function describeTool(tool: ToolDefinition): Tool {
  const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
      target: 'draft-7',
      io,
      override: ({ jsonSchema: node }) => {
        if (io === 'output' && node.additionalProperties === false) delete node.additionalProperties;
      },
    });
    return rest as Tool['inputSchema'];
  };
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.inputSchema, 'input'),
    outputSchema: jsonSchema(tool.outputSchema, 'output'),
    annotations: tool.annotations,
  };
}

/** Sends log lines to the client as MCP log messages, only once it has asked for them with logging/setLevel. */
function clientLogger(server: Server): Logger {
  let threshold: LogLevel | undefined;
  server.setRequestHandler(SetLevelRequestSchema, async (request) => {
    threshold = toLogLevel(request.params.level);
    return {};
  });
  return {
    log(level, message) {
      if (threshold === undefined || !isAtLeast(level, threshold) || !server.transport) return;
      server.sendLoggingMessage({ level, logger: NAME, data: message }).catch(() => {});
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

type Progress = ToolContext['progress'];

/** Runs one call: arguments checked against the input schema, a deadline, and every failure in words. */
async function callTool(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  cancelled: AbortSignal,
  progress: Progress,
  deps: ServerDeps,
): Promise<CallToolResult> {
  const { config, logger } = deps;
  const parsed = tool.inputSchema.safeParse(args);
  if (!parsed.success) {
    return { isError: true, content: [{ type: 'text', text: invalidArguments(tool.name, parsed.error) }] };
  }
  const clock = deps.clock ?? systemClock;
  const deadline = startDeadline(config.timeoutMs, clock, cancelled);
  const stopGrace = new AbortController();
  try {
    const outcome = await Promise.race([
      tool.handler(parsed.data, {
        config,
        fetch: deps.fetch ?? globalThis.fetch,
        clock,
        userAgent: `${NAME}/${VERSION}`,
        request: { signal: deadline.signal, deadlineAt: deadline.at },
        log: (message) => logger.log('info', `${tool.name}: ${message}`),
        progress,
      }),
      // Whatever the handler does, the call ends soon after its deadline with words a model can use.
      clock
        .sleep(config.timeoutMs + DEADLINE_GRACE_MS, AbortSignal.any([stopGrace.signal, cancelled]))
        .then((): ToolOutcome<never> => ({ error: timedOut(tool.name, config.timeoutMs) })),
    ]);
    if ('error' in outcome) {
      if (deadline.signal.reason instanceof DeadlineExceeded) logger.log('warning', `${tool.name}: ${outcome.error}`);
      return { isError: true, content: [{ type: 'text', text: outcome.error }] };
    }
    return {
      content: [{ type: 'text', text: outcome.text }],
      // Parsed, never spread: only the declared fields reach the client.
      structuredContent: tool.outputSchema.parse(outcome.structured),
    };
  } catch (error) {
    if (cancelled.aborted) return { isError: true, content: [{ type: 'text', text: 'Cancelled by the client.' }] };
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
    stopGrace.abort(WORK_DONE);
  }
}

/** One line per problem, each naming the argument, so a model can correct the call. */
function invalidArguments(toolName: string, error: z.ZodError): string {
  const problems = error.issues.map((issue) => {
    const at = issue.path.length > 0 ? issue.path.map(String).join('.') : undefined;
    return at && !issue.message.startsWith(at) ? `${issue.message} (${at})` : issue.message;
  });
  return `Invalid arguments for ${toolName}: ${problems.join('; ')}. No request was made.`;
}

function timedOut(toolName: string, timeoutMs: number): string {
  return `${toolName} timed out after ${timeoutMs / 1000} s: the RealtimeKit API did not answer in time. Try again in a moment; REALTIMEKIT_MCP_TIMEOUT_SECONDS sets the limit.`;
}
