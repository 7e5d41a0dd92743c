// One tool call, from the client's arguments to the result it gets: the arguments checked, the app and
// credentials resolved, an API client handed to the handler, a deadline over the whole call, and one catch
// that turns every failure into words (src/tools/failures.ts). The same for every tool and every host.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { RealtimeKitApi } from './api/client.js';
import { type Clock, type Deadline, DeadlineExceeded, startDeadline, WORK_DONE } from './clock.js';
import { type Config, callTarget } from './config.js';
import type { Logger } from './log.js';
import { cancelledText, type FailedCall, failureText, InvalidArguments, isExpectedFailure } from './tools/failures.js';
import type { ToolContext, ToolDefinition } from './tools/tool.js';
import { NAME, VERSION } from './version.js';

export interface CallDeps {
  config: Config;
  /** The operator's log; secrets are already cut out of every line. */
  logger: Logger;
  fetch: typeof globalThis.fetch;
  clock: Clock;
}

export interface CallRequest {
  /** The client's cancellation. */
  signal: AbortSignal;
  progress: ToolContext['progress'];
}

/** A handler gets this long past the deadline to answer with its own words before the call answers for it. */
const DEADLINE_GRACE_MS = 1000;

export async function callTool(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  { signal: cancelled, progress }: CallRequest,
  { config, logger, fetch, clock }: CallDeps,
): Promise<CallToolResult> {
  const failed: FailedCall = { tool: tool.name, action: tool.action, baseUrl: config.baseUrl };
  let deadline: Deadline | undefined;
  const graceOver = new AbortController();
  try {
    const parsed = tool.inputSchema.safeParse(args);
    if (!parsed.success) throw new InvalidArguments(parsed.error.issues);
    const target = callTarget(config, parsed.data.app_id);
    failed.appId = target.appId;
    failed.accountId = target.accountId;
    const api = new RealtimeKitApi({
      baseUrl: config.baseUrl,
      ...target,
      userAgent: `${NAME}/${VERSION}`,
      fetch,
      clock,
    });
    deadline = startDeadline(config.timeoutMs, clock, cancelled);
    const answer = await Promise.race([
      tool.handler(parsed.data, {
        api,
        appId: target.appId,
        request: {
          signal: deadline.signal,
          deadlineAt: deadline.at,
          onRetry: ({ attempt, delayMs, error }) =>
            logger.log(
              'info',
              `${tool.name}: ${tool.action}: attempt ${attempt} failed (${error.message}); retrying in ${delayMs} ms`,
            ),
        },
        revealStreamKeys: config.revealStreamKeys,
        progress,
      }),
      // Whatever the handler does, the call ends soon after its deadline.
      clock
        .sleep(config.timeoutMs + DEADLINE_GRACE_MS, AbortSignal.any([graceOver.signal, cancelled]))
        .then((): never => {
          throw new DeadlineExceeded(config.timeoutMs);
        }),
    ]);
    return {
      content: [{ type: 'text', text: answer.text }],
      // Parsed, never spread: only the declared fields reach the client.
      structuredContent: tool.outputSchema.parse(answer.structured),
    };
  } catch (error) {
    if (cancelled.aborted) return failure(cancelledText(failed));
    const text = failureText(error, failed);
    if (!isExpectedFailure(error)) {
      // A bug, not a failure of the world: keep serving, and keep the details for the operator.
      logger.log(
        'error',
        `${tool.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    } else if (deadline?.signal.reason instanceof DeadlineExceeded) {
      logger.log('warning', `${tool.name}: ${text}`);
    }
    return failure(text);
  } finally {
    // The call is answered: stop the timers, and any work of the handler's still running.
    deadline?.end();
    graceOver.abort(WORK_DONE);
  }
}

function failure(text: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text }] };
}
