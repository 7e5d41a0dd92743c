// One tool call, from the client's arguments to the result it gets: the arguments checked, the app and
// credentials resolved, an API client handed to the handler, a deadline over the whole call, and one catch
// that turns every failure into words (src/tools/failures.ts). The same for every tool and every host.
import type { CallToolResult } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { type AppsPage, RealtimeKitApi } from '../api/client.js';
import { ApiError, isNotFound } from '../api/errors.js';
import { Pacer } from '../api/pacing.js';
import { type Config, callTarget, NotConfigured } from '../config/config.js';
import { type Clock, type Deadline, DeadlineExceeded, startDeadline, WORK_DONE } from '../lib/clock.js';
import type { Logger } from '../lib/log.js';
import { redactor, withStringsRedacted } from '../lib/strings.js';
import { NAME, VERSION } from '../lib/version.js';
import { nearestArgument } from '../tools/args.js';
import {
  type ArgumentProblem,
  audienceOf,
  cancelledText,
  type FailedCall,
  failureText,
  InvalidArguments,
  ignoredArgumentsNote,
  isExpectedFailure,
  misnamedArgument,
} from '../tools/failures.js';
import type { ToolContext, ToolDefinition } from '../tools/tool.js';

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

/** The API client a call's requests go through, with these credentials. */
function apiClient(
  config: Config,
  credentials: { apiToken: string; accountId: string },
  { fetch, clock }: Pick<CallDeps, 'fetch' | 'clock'>,
): RealtimeKitApi {
  return new RealtimeKitApi({ baseUrl: config.baseUrl, ...credentials, userAgent: `${NAME}/${VERSION}`, fetch, clock });
}

/**
 * The account's apps, for a call that was given no app id, or one the API does not know, so that its answer can
 * name the ones there are and the next call succeed. Undefined for any other failure, or when the list cannot
 * be had within a few seconds (the failure is then worded as before).
 */
async function appsToOffer(
  error: unknown,
  { config, fetch, clock }: Pick<CallDeps, 'config' | 'fetch' | 'clock'>,
  cancelled: AbortSignal,
): Promise<AppsPage | undefined> {
  const noApp =
    error instanceof NotConfigured &&
    error.problems.length === 0 &&
    error.missing.length === 1 &&
    error.missing[0] === 'REALTIMEKIT_APP_ID';
  const unknownApp = error instanceof ApiError && isNotFound(error) && error.details.missing?.what === 'app';
  if (!(noApp || unknownApp) || !config.apiToken || !config.accountId) return undefined;
  const api = apiClient(config, { apiToken: config.apiToken, accountId: config.accountId }, { fetch, clock });
  const deadline = startDeadline(Math.min(APPS_LOOKUP_MS, config.timeoutMs), clock, cancelled);
  try {
    return await api.listApps({ signal: deadline.signal, deadlineAt: deadline.at });
  } catch {
    return undefined;
  } finally {
    deadline.end();
  }
}

/** A handler gets this long past the deadline to answer with its own words before the call answers for it. */
const DEADLINE_GRACE_MS = 1000;

/**
 * What one call may read from the API in all, its answers together: a sweep's fifty answers, each allowed up
 * to the 8 MiB a single answer may be, would otherwise take gigabytes and the CPU time to parse them.
 */
const CALL_READ_BYTES = 16 * 1024 * 1024;

/** How long a failed call may spend asking which apps the account has, so that it can name them. */
const APPS_LOOKUP_MS = 5000;

/** Arguments some clients add to every tool for their own use (Gemini CLI's scheduling flag): dropped unread. */
const CLIENT_ARGUMENTS = new Set(['wait_for_previous']);

export async function callTool(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  request: CallRequest,
  deps: CallDeps,
): Promise<CallToolResult> {
  // The last line of defence: whatever went wrong upstream, no answer carries the token.
  return withoutSecret(await answer(tool, args, request, deps), deps.config.apiToken);
}

async function answer(
  tool: ToolDefinition,
  args: Record<string, unknown>,
  { signal: cancelled, progress }: CallRequest,
  { config, logger, fetch, clock }: CallDeps,
): Promise<CallToolResult> {
  const failed: FailedCall = {
    tool: tool.name,
    action: tool.action,
    narrow: tool.narrow,
    ...(tool.notFound && { notFound: tool.notFound }),
    baseUrl: config.baseUrl,
    ...(config.remote && { remote: config.remote }),
  };
  let deadline: Deadline | undefined;
  const graceOver = new AbortController();
  try {
    const { parsed, ignored } = checkArguments(tool, args);
    const target = callTarget(config, parsed.app_id);
    failed.appId = target.appId;
    failed.accountId = target.accountId;
    const api = apiClient(config, target, { fetch, clock });
    deadline = startDeadline(config.timeoutMs, clock, cancelled);
    const answer = await Promise.race([
      tool.handler(parsed, {
        api,
        appId: target.appId,
        request: {
          signal: deadline.signal,
          deadlineAt: deadline.at,
          budget: { bytes: CALL_READ_BYTES, bytesLeft: CALL_READ_BYTES },
          requests: { limit: config.maxApiRequests, left: config.maxApiRequests },
          // The call's requests share a pace: once the API refuses one, the rest go at the rate it allows.
          pacer: new Pacer(clock),
          onRetry: ({ attempt, delayMs, error }) =>
            logger.log(
              'info',
              `${tool.name}: ${tool.action}: attempt ${attempt} failed (${error.message}); retrying in ${delayMs} ms`,
            ),
        },
        revealStreamKeys: config.revealStreamKeys,
        audience: audienceOf(failed),
        progress,
        now: () => clock.now(),
      }),
      // Whatever the handler does, the call ends soon after its deadline.
      clock
        .sleep(config.timeoutMs + DEADLINE_GRACE_MS, AbortSignal.any([graceOver.signal, cancelled]))
        .then((): never => {
          throw new DeadlineExceeded(config.timeoutMs);
        }),
    ]);
    const result: CallToolResult = {
      content: [{ type: 'text', text: answer.text }],
      // Parsed, never spread: only the declared fields reach the client.
      ...(config.structured && { structuredContent: tool.outputSchema.parse(answer.structured) }),
    };
    return ignored.length > 0 ? withNote(result, ignoredArgumentsNote(tool.name, ignored), 'last') : result;
  } catch (error) {
    if (cancelled.aborted) return failure(cancelledText(failed));
    const apps = await appsToOffer(error, { config, fetch, clock }, cancelled);
    const text = failureText(error, { ...failed, ...(apps && { apps }) });
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

/**
 * The arguments a tool takes, checked. A key it does not take is refused when it looks like one it does
 * (`pageNo` for `page_no`: the caller meant something, and a default in its place would answer a question
 * nobody asked); any other is ignored, and the answer says so, because some clients add keys of their own.
 */
function checkArguments(
  tool: ToolDefinition,
  args: Record<string, unknown>,
): { parsed: z.output<ToolDefinition['inputSchema']>; ignored: string[] } {
  const names = Object.keys(tool.inputSchema.shape);
  const ignored: string[] = [];
  const misnamed: ArgumentProblem[] = [];
  for (const key of Object.keys(args)) {
    if (names.includes(key) || CLIENT_ARGUMENTS.has(key)) continue;
    const meant = nearestArgument(key, names);
    if (meant) misnamed.push(misnamedArgument(key, meant));
    else ignored.push(key);
  }
  const parsed = tool.inputSchema.safeParse(
    Object.fromEntries(Object.entries(args).filter(([key]) => names.includes(key))),
  );
  const problems = [...(parsed.success ? [] : parsed.error.issues), ...misnamed];
  if (!parsed.success || problems.length > 0) throw new InvalidArguments(problems);
  return { parsed: parsed.data, ignored };
}

/**
 * `result` with `secret` cut out of every string in it, text and structured alike: the last line of defence,
 * since the API client already cut it out of everything the API sent, before any of it was formatted.
 */
function withoutSecret(result: CallToolResult, secret: string | undefined): CallToolResult {
  return withStringsRedacted(result, redactor(secret));
}

/** `result` with one more note, in its text (a line) and in its structured answer's notes. */
export function withNote(result: CallToolResult, note: string, where: 'first' | 'last'): CallToolResult {
  const content = result.content.map((block) =>
    block.type === 'text'
      ? { ...block, text: where === 'first' ? `${note}\n${block.text}` : `${block.text}\n${note}` }
      : block,
  );
  const structured = result.structuredContent as Record<string, unknown> | undefined;
  if (!structured) return { ...result, content };
  const notes = Array.isArray(structured.notes) ? structured.notes : [];
  return {
    ...result,
    content,
    structuredContent: { ...structured, notes: where === 'first' ? [note, ...notes] : [...notes, note] },
  };
}
