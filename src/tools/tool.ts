// What a tool is: its contract with the model (name, description, schemas, annotations) and a handler
// that turns validated arguments into an outcome. src/server.ts turns outcomes into MCP results.
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import { RealtimeKitApi, type RequestOptions } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import type { Clock } from '../clock.js';
import { type Config, missingVariables } from '../config.js';
import { describeApiError } from './describe-error.js';

export type ToolOutcome<Structured> = { structured: Structured; text: string } | { error: string };

export interface ToolContext {
  config: Config;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  userAgent: string;
  /** Cancellation by the client and the call's deadline, for every request the call makes. */
  request: Required<RequestOptions>;
  /** Notes for the operator's log (never the model's answer). */
  log(message: string): void;
  /** Tells the client how far a long call has got; does nothing unless it asked (a progress token). */
  progress(done: number, total: number, message: string): void;
}

export interface ToolDefinition<Input extends z.ZodObject = z.ZodObject, Output extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  inputSchema: Input;
  outputSchema: Output;
  annotations: ToolAnnotations;
  handler(args: z.output<Input>, context: ToolContext): Promise<ToolOutcome<z.input<Output>>>;
}

export function defineTool<Input extends z.ZodObject, Output extends z.ZodObject>(
  tool: ToolDefinition<Input, Output>,
): ToolDefinition<Input, Output> {
  return tool;
}

/** Both tools only read: say so, so clients can run them without asking. */
export const READ_ONLY_API_TOOL: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};

/**
 * Resolves the app and credentials for a call, runs `call` with an API client, and turns any API failure
 * into an error outcome with the words from describeApiError.
 */
export async function withApi<Structured>(
  context: ToolContext,
  appIdArgument: string | undefined,
  action: string,
  call: (api: RealtimeKitApi, appId: string) => Promise<ToolOutcome<Structured>>,
): Promise<ToolOutcome<Structured>> {
  const { config } = context;
  const usesDefaultApp = appIdArgument === undefined;
  const appId = appIdArgument ?? config.defaultAppId;
  // An unusable REALTIMEKIT_APP_ID only matters when the call falls back to it.
  const problems = config.problems.filter((problem) => usesDefaultApp || problem.variable !== 'REALTIMEKIT_APP_ID');
  const missing = missingVariables(config);
  if (appId === undefined && !problems.some((problem) => problem.variable === 'REALTIMEKIT_APP_ID')) {
    missing.push('REALTIMEKIT_APP_ID (or pass the app_id argument)');
  }
  if (!config.apiToken || !config.accountId || appId === undefined || problems.length > 0) {
    const sentences = problems.map((problem) => problem.message);
    if (missing.length > 0) sentences.unshift(`Not configured: set ${missing.join(' and ')}.`);
    sentences.push(
      "Set them in the env block of this server's entry in the MCP client's configuration, then restart the server.",
    );
    return { error: sentences.join(' ') };
  }

  const api = new RealtimeKitApi({
    baseUrl: config.baseUrl,
    accountId: config.accountId,
    apiToken: config.apiToken,
    userAgent: context.userAgent,
    fetch: context.fetch,
    clock: context.clock,
    onRetry: ({ attempt, delayMs, error }) =>
      context.log(`${action}: attempt ${attempt} failed (${error.message}); retrying in ${delayMs} ms`),
  });
  try {
    return await call(api, appId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return {
      error: describeApiError(error, { action, appId, accountId: config.accountId, baseUrl: config.baseUrl }),
    };
  }
}
