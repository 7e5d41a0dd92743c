// Builds the MCP server: tools/list from the tool definitions, tools/call through src/call.ts, and logging.
// No I/O of its own: configuration, fetch, clock and logger are passed in, so tests drive it in-process.
// It uses the SDK's low-level Server rather than McpServer: McpServer converts zod to JSON Schema on every
// tools/list and brings zod-to-json-schema and zod-mini into the bundle; here each tool's JSON Schema is
// made once, and only what clients read is sent (see BENCHMARKS.md: cold start and standing tokens).
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
import { callTool, withNote } from './call.js';
import { type Clock, systemClock } from './clock.js';
import type { Config } from './config.js';
import { fanOut, isAtLeast, type Logger, type LogLevel } from './log.js';
import { unknownToolText } from './tools/failures.js';
import { tools as allTools } from './tools/index.js';
import type { ToolContext, ToolDefinition } from './tools/tool.js';
import { NAME, VERSION } from './version.js';

export interface ServerDeps {
  config: Config;
  /** Where the operator's log goes (stderr in production). */
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  /** The tools to serve; every tool of src/tools/index.ts unless a test brings its own. */
  tools?: ReadonlyArray<ToolDefinition>;
}

/** The first line of every answer in --demo mode, so neither model nor person mistakes it for real data. */
export const DEMO_NOTICE =
  'Demo data: a built-in sample account (realtimekit-mcp --demo), not a real RealtimeKit account.';

/** What the server tells a client about itself at initialize: the tools, a line each. */
export function instructions(tools: ReadonlyArray<ToolDefinition> = allTools): string {
  const each = tools.map((tool) => `${tool.name} ${tool.summary}`).join('; ');
  return `Read-only access to Cloudflare RealtimeKit. ${each}. Secrets are withheld.`;
}

/**
 * The SDK's server validates JSON Schema only to check a client's answer to elicitation, which this
 * server never asks for. Giving it this instead of its default keeps Ajv out of the bundle.
 */
const noElicitation: jsonSchemaValidator = {
  getValidator() {
    throw new Error(`${NAME} does not use elicitation, so it validates no elicitation answers`);
  },
};

export function createServer(deps: ServerDeps): Server {
  const { config, tools = allTools } = deps;
  const server = new Server(
    { name: NAME, version: VERSION },
    {
      instructions: config.demo ? `${instructions(tools)} ${DEMO_NOTICE}` : instructions(tools),
      capabilities: { tools: {}, logging: {} },
      jsonSchemaValidator: noElicitation,
    },
  );
  // Every line, to every destination, without the token: handlers and bugs cannot leak it into a log.
  const logger = fanOut([deps.logger, clientLogger(server)], [config.apiToken]);
  const callDeps = { config, logger, fetch: deps.fetch ?? globalThis.fetch, clock: deps.clock ?? systemClock };
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  let listed: Tool[] | undefined;
  server.setRequestHandler(ListToolsRequestSchema, () => {
    listed ??= describeTools(tools, config);
    return { tools: listed };
  });
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      throw new McpError(ErrorCode.InvalidParams, unknownToolText(request.params.name, [...byName.keys()]));
    }
    const progressToken = request.params._meta?.progressToken;
    const progress: ToolContext['progress'] =
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
    const answer = callTool(tool, request.params.arguments ?? {}, { signal: extra.signal, progress }, callDeps);
    return config.demo ? answer.then(markDemo) : answer;
  });
  return server;
}

/** What tools/list answers: the tools as every client sees them (the README's reference is made from it). */
export function describeTools(
  tools: ReadonlyArray<ToolDefinition> = allTools,
  { structured }: Pick<Config, 'structured'> = { structured: true },
): Tool[] {
  return tools.map((tool) => describeTool(tool, structured));
}

function markDemo(result: CallToolResult): CallToolResult {
  return withNote(result, DEMO_NOTICE, 'first');
}

/**
 * What a client is sent for a tool, every token of it paid in each conversation: no `$schema` keys, and
 * output schemas without `additionalProperties: false` (structuredContent is parsed from the same zod
 * schema, so it never has extra keys). Input schemas stay strict, so a misnamed argument is refused.
 */
function describeTool(tool: ToolDefinition, structured: boolean): Tool {
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
    ...(structured && { outputSchema: jsonSchema(tool.outputSchema, 'output') }),
    annotations: { title: tool.title, ...tool.annotations },
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
