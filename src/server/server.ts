// Builds the MCP server: tools/list from the tool definitions, tools/call through src/server/call.ts, and logging.
// No I/O of its own: configuration, fetch, clock and logger are passed in, so tests drive it in-process.
// It uses the SDK's low-level Server rather than McpServer: McpServer converts zod to JSON Schema on every
// tools/list and brings zod-to-json-schema and zod-mini into the bundle; here each tool's JSON Schema is
// made once, and only what clients read is sent (see BENCHMARKS.md: cold start and standing tokens).
import {
  type CallToolResult,
  type jsonSchemaValidator,
  LOG_LEVEL_META_KEY,
  type LoggingLevel,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ServerCapabilities,
  type ServerContext,
  type Tool,
} from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Config } from '../config/config.js';
import { type Clock, systemClock } from '../lib/clock.js';
import { fanOut, isAtLeast, type Logger, type LogLevel } from '../lib/log.js';
import { NAME, VERSION } from '../lib/version.js';
import { unknownToolText } from '../tools/failures.js';
import { tools as allTools } from '../tools/index.js';
import type { ToolContext, ToolDefinition } from '../tools/tool.js';
import { callTool, withNote } from './call.js';
import {
  LIVE_VIEW_URI,
  type LiveViewSource,
  liveViewContents,
  liveViewResource,
  MCP_APP_MIME_TYPE,
  UI_EXTENSION,
} from './live-view.js';

export interface ServerDeps {
  config: Config;
  /** Where the operator's log goes (stderr in production). */
  logger: Logger;
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  /** The tools to serve; every tool of src/tools/index.ts unless a test brings its own. */
  tools?: ReadonlyArray<ToolDefinition>;
  /**
   * How this host loads the live view's HTML (a file next to the bundle under Node, a module on Workers).
   * Without it, or with REALTIMEKIT_MCP_VIEW=off, no tool names the view and no resource is served.
   */
  liveView?: LiveViewSource;
  /** Told of each tool call's answer, and whether it is a failure: the HTTP hosts' access log reads it. */
  onAnswer?: (tool: string, isError: boolean) => void;
}

/** The first line of every answer from the sample account (--demo, or its grant at the Worker's sign-in), so neither model nor person mistakes it for real data. */
export const DEMO_NOTICE = 'Demo data: the built-in sample account, not a real RealtimeKit account.';

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
  const liveView = config.view.enabled ? deps.liveView : undefined;
  const capabilities: ServerCapabilities = { tools: {}, logging: {} };
  if (liveView) {
    capabilities.resources = {};
    capabilities.extensions = { [UI_EXTENSION]: { mimeTypes: [MCP_APP_MIME_TYPE] } };
  }
  const server = new Server(
    { name: NAME, version: VERSION },
    {
      instructions: config.demo ? `${instructions(tools)} ${DEMO_NOTICE}` : instructions(tools),
      capabilities,
      jsonSchemaValidator: noElicitation,
      // The tools never change while a server runs: a 2026-07-28 client may keep the list for an hour.
      cacheHints: { 'tools/list': { ttlMs: 3_600_000, cacheScope: 'private' } },
    },
  );
  const clock = deps.clock ?? systemClock;
  const fetch = deps.fetch ?? globalThis.fetch;
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  // The level a 2025-era client asked for with logging/setLevel, for the rest of its session (stdio).
  let sessionLevel: LogLevel | undefined;
  server.setRequestHandler('logging/setLevel', async (request) => {
    sessionLevel = toLogLevel(request.params.level);
    return {};
  });
  server.setRequestHandler('tools/list', () => ({
    tools: describeTools(tools, { structured: config.structured, liveView: liveView !== undefined }),
  }));
  if (liveView) {
    // The view is read only when a host asks for it: a start, a tools/list or a call never loads it.
    server.setRequestHandler('resources/list', () => ({ resources: [liveViewResource] }));
    server.setRequestHandler('resources/templates/list', () => ({ resourceTemplates: [] }));
    server.setRequestHandler('resources/read', async (request) => {
      if (request.params.uri !== LIVE_VIEW_URI) {
        throw new ProtocolError(
          ProtocolErrorCode.ResourceNotFound,
          `No resource ${JSON.stringify(request.params.uri.slice(0, 200))}: this server has one, ${LIVE_VIEW_URI}.`,
        );
      }
      let html: string;
      try {
        html = await liveView();
      } catch (error) {
        // Where the file should be is the operator's to read, not a client's: the answer names no path.
        deps.logger.log('error', `live view: ${error instanceof Error ? error.message : String(error)}`);
        throw new ProtocolError(
          ProtocolErrorCode.InternalError,
          "The live view could not be loaded; the server's log says why. The tools answer as before.",
        );
      }
      return liveViewContents(html, config.view.playbackOrigins);
    });
  }
  server.setRequestHandler('tools/call', (request, ctx) => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        unknownToolText(request.params.name, [...byName.keys()]),
      );
    }
    const progressToken = request.params._meta?.progressToken;
    const progress: ToolContext['progress'] =
      progressToken === undefined
        ? () => {}
        : (done, total, message) => {
            ctx.mcpReq
              .notify({ method: 'notifications/progress', params: { progressToken, progress: done, total, message } })
              .catch(() => {});
          };
    // Every line, to every destination, without the token: handlers and bugs cannot leak it into a log.
    const logger = fanOut([deps.logger, clientLogger(ctx, sessionLevel)], [config.apiToken]);
    const answer = callTool(
      tool,
      request.params.arguments ?? {},
      { signal: ctx.mcpReq.signal, progress },
      { config, logger, fetch, clock },
    );
    const answered = config.demo ? answer.then(markDemo) : answer;
    return deps.onAnswer
      ? answered.then((result) => {
          deps.onAnswer?.(tool.name, result.isError === true);
          return result;
        })
      : answered;
  });
  return server;
}

/** What tools/list answers: the tools as every client sees them (the README's reference is made from it). */
export function describeTools(
  tools: ReadonlyArray<ToolDefinition> = allTools,
  { structured = true, liveView = false }: { structured?: boolean; liveView?: boolean } = {},
): Tool[] {
  // Made once per tool set and variant: an HTTP server builds a server for every request, and the answer
  // never changes.
  let described = describedTools.get(tools);
  if (!described) {
    described = new Map();
    describedTools.set(tools, described);
  }
  const variant = `${structured}/${liveView}`;
  let list = described.get(variant);
  if (!list) {
    list = tools.map((tool) => describeTool(tool, structured, liveView));
    described.set(variant, list);
  }
  return list;
}

const describedTools = new WeakMap<ReadonlyArray<ToolDefinition>, Map<string, Tool[]>>();

function markDemo(result: CallToolResult): CallToolResult {
  return withNote(result, DEMO_NOTICE, 'first');
}

/**
 * What a client is sent for a tool, every token of it paid in each conversation: no `$schema` keys, and
 * output schemas without `additionalProperties: false` (structuredContent is parsed from the same zod
 * schema, so it never has extra keys). Input schemas stay strict, so a misnamed argument is refused.
 *
 * A schema without `$schema` is JSON Schema 2020-12 to an MCP client (the SDK's client validates
 * structuredContent so), and draft-07 to older validators. Both read everything here alike but for a row's
 * cells, a tuple: 2020-12 names them in `prefixItems`, and where zod closes the tuple with `items: false`
 * (which draft-07 would read as "no items at all") the row says instead what any cell may hold.
 */
function describeTool(tool: ToolDefinition, structured: boolean, liveView: boolean): Tool {
  const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => {
    const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
      target: io === 'input' ? 'draft-7' : 'draft-2020-12',
      io,
      override: ({ jsonSchema: node }) => {
        if (io === 'output' && node.additionalProperties === false) delete node.additionalProperties;
      },
    });
    return (io === 'output' ? withOpenTuples(rest) : rest) as Tool['inputSchema'];
  };
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: jsonSchema(tool.inputSchema, 'input'),
    ...(structured && { outputSchema: jsonSchema(tool.outputSchema, 'output') }),
    annotations: { title: tool.title, ...tool.annotations },
    // MCP Apps hosts render this tool's results in the view; others ignore _meta, which no model is shown.
    // The flat key is the extension's earlier spelling, still read by some hosts.
    ...(liveView &&
      tool.liveView && { _meta: { ui: { resourceUri: LIVE_VIEW_URI }, 'ui/resourceUri': LIVE_VIEW_URI } }),
  };
}

/** `schema` with every closed tuple (`items: false` after `prefixItems`) saying instead what any cell may hold. */
function withOpenTuples(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withOpenTuples);
  if (!schema || typeof schema !== 'object') return schema;
  const node = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withOpenTuples(value)]));
  if (Array.isArray(node.prefixItems) && node.items === false) {
    const types = node.prefixItems.flatMap((cell: { type?: string | string[] }) => [cell.type ?? []].flat());
    node.items = { type: [...new Set(types)] };
  }
  return node;
}

/**
 * Sends a call's log lines to its client as MCP log messages, on the call's own stream (its SSE stream over
 * HTTP), and only when the client asked: with logging/setLevel earlier in its session, or, on the 2026-07-28
 * revision, with a level in the request itself.
 */
function clientLogger(ctx: ServerContext, sessionLevel: LogLevel | undefined): Logger {
  const requested = (ctx.mcpReq.envelope as Record<string, unknown> | undefined)?.[LOG_LEVEL_META_KEY];
  const threshold = isLoggingLevel(requested) ? toLogLevel(requested) : sessionLevel;
  return {
    log(level, message) {
      if (threshold === undefined || !isAtLeast(level, threshold)) return;
      ctx.mcpReq
        .notify({ method: 'notifications/message', params: { level, logger: NAME, data: message } })
        .catch(() => {});
    },
  };
}

const LOGGING_LEVELS: ReadonlyArray<unknown> = [
  'debug',
  'info',
  'notice',
  'warning',
  'error',
  'critical',
  'alert',
  'emergency',
] satisfies LoggingLevel[];

function isLoggingLevel(value: unknown): value is LoggingLevel {
  return LOGGING_LEVELS.includes(value);
}

/** MCP has eight syslog levels; this server logs at four. */
function toLogLevel(level: LoggingLevel): LogLevel {
  if (level === 'debug' || level === 'info' || level === 'error') return level;
  if (level === 'notice') return 'info';
  if (level === 'warning') return 'warning';
  return 'error';
}
