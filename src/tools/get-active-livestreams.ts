// Tool: get_active_livestreams — is a meeting being livestreamed now, and where do viewers watch it?
// Without a meeting id it sweeps the app's active meetings: "what is live right now?" in one call.
import { z } from 'zod';
import {
  ApiError,
  isAuthFailure,
  isCancelled,
  isOverBudget,
  isRateLimited,
  isRequestLimited,
  isTimedOut,
} from '../api/errors.js';
import { forEachConcurrently } from '../concurrency.js';
import { isUuid } from '../ids.js';
import { LIVESTREAM_FIELDS } from '../summaries/fields.js';
import { type FoundLivestream, type SweepReport, summarizeLivestreams } from '../summaries/livestreams.js';
import { appIdArgument, BETWEEN_VALID_ARGUMENTS, searchArgument } from './args.js';
import { shortReason, sweepPaused, sweepStopped } from './failures.js';
import { answerSchema, defineTool, READ_ONLY_API_TOOL, type ToolContext } from './tool.js';

/** Active meetings per scan page: what one listing brings, and the unit scan_page counts in. */
const SWEEP_BATCH = 50;

/**
 * A scan page's size, for a call whose requests are limited (REALTIMEKIT_MCP_MAX_API_REQUESTS): a listing and a
 * check per meeting must fit, with a retry in hand for each check in flight. 45 for a Worker on Workers Free.
 */
function scanPageSize(requestLimit: number | undefined): number {
  if (requestLimit === undefined) return SWEEP_BATCH;
  return Math.max(1, Math.min(SWEEP_BATCH, requestLimit - 1 - SWEEP_CONCURRENCY));
}
/** Scan pages one call checks at most, when its deadline and the API's rate allow: 500 meetings. */
const MAX_SCAN_PAGES_PER_CALL = 10;
/** Time a call keeps in hand for its answer: the next scan page starts only if it should end before this. */
const ANSWER_RESERVE_SHARE = 0.2;
/** Livestream requests in flight at once: quick sweeps, well inside 1,200 requests / 5 min. */
const SWEEP_CONCURRENCY = 4;

export const getActiveLivestreams = defineTool({
  name: 'get_active_livestreams',
  title: 'Get active RealtimeKit livestreams',
  summary: 'tells what is livestreaming now, in an app or one meeting, and where to watch',
  action: 'fetching active livestreams',
  description: [
    'What is livestreaming right now in a Cloudflare RealtimeKit app, and where viewers watch it.',
    "Without meeting_id it checks the app's active meetings, a scan page (50) or more per call as time allows (search narrows, scan_page continues).",
    'With meeting_id (a UUID from list_meetings) it checks that meeting.',
    'Each line: livestream id, status (LIVE, IDLE, ERRORED, INVOKED), name, meeting, playback URL, ingest',
    'server, start time. None found is an answer, not an error. Stream keys are withheld.',
  ].join(' '),
  inputSchema: z
    .strictObject({
      meeting_id: z
        .string()
        .refine(
          isUuid,
          'meeting_id must be a meeting UUID such as 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e (list_meetings shows them)',
        )
        .optional()
        .describe('One meeting to check. Omit to check the active meetings.'),
      app_id: appIdArgument,
      search: searchArgument('Without meeting_id: only meetings whose title or id matches.'),
      scan_page: z
        .number()
        .int('scan_page must be a whole number')
        .min(1, 'scan_page starts at 1')
        .max(10_000, 'scan_page must be at most 10000')
        .default(1)
        .describe('Without meeting_id: the scan page of active meetings to start from (1: the first).'),
    })
    .refine((args) => args.meeting_id === undefined || (args.search === undefined && args.scan_page === 1), {
      message: 'search and scan_page are for checking all active meetings: leave them out with meeting_id',
      ...BETWEEN_VALID_ARGUMENTS,
    }),
  outputSchema: answerSchema(
    'livestreams',
    {
      summary: 'What is live, where, and how much of the app was checked.',
      notes: 'What was withheld or left out, and how to check the rest.',
      rows: 'One row per livestream, LIVE first, its cells in the order of columns.',
    },
    {
      active_meetings: z
        .number()
        .nullable()
        .describe("Without meeting_id: the app's active meetings (that match search); null with meeting_id."),
      checked: z.number().describe('Meetings whose livestreams this call read.'),
      next_scan_page: z
        .number()
        .nullable()
        .describe('Without meeting_id: call again with this scan_page to check the rest; null when none is left.'),
    },
    LIVESTREAM_FIELDS,
  ),
  annotations: READ_ONLY_API_TOOL,
  liveView: true,

  async handler(args, context) {
    const { api, appId, request, revealStreamKeys } = context;
    if (args.meeting_id !== undefined) {
      const meetingId = args.meeting_id.toLowerCase();
      const { livestreams, received, notFound } = await api.getActiveLivestreams(appId, meetingId, request);
      const found = livestreams.map((livestream) => ({ meetingId, livestream }));
      return summarizeLivestreams({ appId, revealStreamKeys, found, received, single: { meetingId, notFound } });
    }
    const { found, received, sweep } = await sweepActiveMeetings(args.search, args.scan_page, context);
    return summarizeLivestreams({ appId, revealStreamKeys, found, received, sweep });
  },
});

/**
 * Checks the app's active meetings from `scanPage` on, a scan page (50, or fewer where the call's requests are
 * limited) at a time, for as many scan pages as the call's deadline, requests and the API's rate allow: the next starts only when, at the pace of those before, it
 * would end with a fifth of the call's time to spare. Says how long the rest would take at that pace.
 */
async function sweepActiveMeetings(
  search: string | undefined,
  scanPage: number,
  context: ToolContext,
): Promise<{ found: FoundLivestream[]; received: number; sweep: SweepReport }> {
  const { now, request } = context;
  const size = scanPageSize(request.requests?.limit);
  const began = now();
  const reserveMs = Math.max(0, request.deadlineAt - began) * ANSWER_RESERVE_SHARE;
  const found: FoundLivestream[] = [];
  let received = 0;
  let sweep: SweepReport | undefined;
  for (let page = scanPage; page < scanPage + MAX_SCAN_PAGES_PER_CALL; page++) {
    let batch: Awaited<ReturnType<typeof sweepScanPage>>;
    try {
      batch = await sweepScanPage(search, page, size, context, sweep);
    } catch (error) {
      // Listing a later scan page hit a limit: what the pages before found is still the answer, and the
      // next call goes on from this page.
      if (!sweep || !stopsTheSweep(error)) throw error;
      sweep.pausedBecause = sweepPaused(error);
      break;
    }
    found.push(...batch.found);
    received += batch.received;
    sweep = batch.sweep;
    const left = sweep.activeMeetings - page * size;
    if (sweep.stoppedBecause || sweep.inBatch === 0 || left <= 0) break;
    const perMeetingMs = (now() - began) / sweep.inBatch;
    sweep.restSeconds = Math.ceil((perMeetingMs * left) / 1000);
    if (now() + perMeetingMs * Math.min(left, size) > request.deadlineAt - reserveMs) break;
    // Another scan page only when its listing and every check fit in the requests the call has left.
    if (request.requests && request.requests.left < 1 + Math.min(left, size)) break;
  }
  return { found, received, sweep: sweep as SweepReport };
}

/**
 * Lists one scan page of active meetings and asks each for its livestreams, a few at a time, adding to the
 * report of the scan pages before it in the call. A rate limit or the deadline part-way gives a partial
 * answer that says so; a rejected token fails the whole call.
 */
async function sweepScanPage(
  search: string | undefined,
  scanPage: number,
  size: number,
  { api, appId, request, progress }: ToolContext,
  before: SweepReport | undefined,
): Promise<{ found: FoundLivestream[]; received: number; sweep: SweepReport }> {
  const page = await api.listMeetings(
    appId,
    { status: 'ACTIVE', page_no: scanPage, per_page: size, ...(search !== undefined && { search }) },
    request,
    { recordingConfig: false },
  );
  const meetings = page.data.slice(0, size);
  const sweep: SweepReport = {
    activeMeetings: Math.max(Math.floor(page.paging.total_count), meetings.length),
    inBatch: (before?.inBatch ?? 0) + meetings.length,
    checked: before?.checked ?? 0,
    scanPage: before?.scanPage ?? scanPage,
    lastScanPage: scanPage,
    batchSize: size,
    ...(search !== undefined && { search }),
    failed: [...(before?.failed ?? [])],
  };
  const found: FoundLivestream[][] = meetings.map(() => []);
  // What stopped the sweep early; said once it has ended, with the count of what it checked by then.
  let stoppedBy: ApiError | undefined;
  // At most 10 livestreams per meeting (the client cuts the rest) and 50 meetings: 500 at most, all kept so the
  // answer can put every LIVE one first, whichever meeting answers last.
  let received = 0;

  await forEachConcurrently(meetings, SWEEP_CONCURRENCY, request.signal, async (meeting, index, pool) => {
    try {
      const result = await api.getActiveLivestreams(appId, meeting.id, { ...request, signal: pool.signal });
      received += result.received;
      found[index] = result.livestreams.map((livestream) => ({
        meetingId: meeting.id,
        ...(meeting.title && { meetingTitle: meeting.title }),
        livestream,
      }));
      sweep.checked += 1;
      progress(sweep.checked, sweep.inBatch, `checked ${sweep.checked} of ${sweep.inBatch} active meetings`);
    } catch (error) {
      // A rejected token, a cancelled call or a bug: the rest cannot do better, so the whole call fails.
      if (!(error instanceof ApiError) || isAuthFailure(error)) throw error;
      if (isCancelled(error)) {
        // Stopped because another check hit a limit: this meeting simply stays unchecked.
        if (pool.stopped) return;
        throw error;
      }
      // A rate limit, the deadline or a budget: the rest would fail too, so answer with what was found.
      if (stopsTheSweep(error)) {
        stoppedBy ??= error;
        // Past the host's request limit, the checks already sent were let through: let them bring their answers.
        if (isRequestLimited(error)) pool.finish();
        else pool.stop();
        return;
      }
      sweep.failed.push({ meetingId: meeting.id, reason: shortReason(error) });
    }
  });
  if (stoppedBy) sweep.stoppedBecause = sweepStopped(stoppedBy, sweep.checked, sweep.inBatch);
  return { found: found.flat(), received, sweep };
}

/** A failure that every further request of the call would meet too: the sweep stops and answers what it has. */
function stopsTheSweep(error: unknown): error is ApiError {
  return isRateLimited(error) || isTimedOut(error) || isOverBudget(error) || isRequestLimited(error);
}
