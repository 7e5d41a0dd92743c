// Tool: get_active_livestreams — is a meeting being livestreamed now, and where do viewers watch it?
// Without a meeting id it sweeps the app's active meetings: "what is live right now?" in one call.
import { z } from 'zod';
import { ApiError, isAuthFailure, isCancelled, isOverBudget, isRateLimited, isTimedOut } from '../api/errors.js';
import { forEachConcurrently } from '../concurrency.js';
import { isUuid } from '../ids.js';
import { type FoundLivestream, type SweepReport, summarizeLivestreams } from '../summaries/livestreams.js';
import { appIdArgument, BETWEEN_VALID_ARGUMENTS, searchArgument } from './args.js';
import { shortReason, sweepStopped } from './failures.js';
import { answerSchema, defineTool, READ_ONLY_API_TOOL, type ToolContext } from './tool.js';

/** Active meetings checked per call; the rest are a scan_page away. */
const SWEEP_BATCH = 50;
/** Livestream requests in flight at once: quick sweeps, well inside 1,200 requests / 5 min. */
const SWEEP_CONCURRENCY = 4;

export const getActiveLivestreams = defineTool({
  name: 'get_active_livestreams',
  title: 'Get active RealtimeKit livestreams',
  summary: 'tells what is livestreaming now, in an app or one meeting, and where to watch',
  action: 'fetching active livestreams',
  description: [
    'What is livestreaming right now in a Cloudflare RealtimeKit app, and where viewers watch it.',
    "Without meeting_id it checks the app's active meetings (50 per call; search narrows, scan_page continues).",
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
        .describe('Without meeting_id: which 50 active meetings to check.'),
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
      rows: 'One row per livestream, LIVE first, cells named by columns.',
    },
    { next_scan_page: z.number().optional() },
  ),
  annotations: READ_ONLY_API_TOOL,

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
 * Lists one batch of active meetings and asks each for its livestreams, a few at a time. A rate limit or
 * the deadline part-way gives a partial answer that says so; a rejected token fails the whole call.
 */
async function sweepActiveMeetings(
  search: string | undefined,
  scanPage: number,
  { api, appId, request, progress }: ToolContext,
): Promise<{ found: FoundLivestream[]; received: number; sweep: SweepReport }> {
  const page = await api.listMeetings(
    appId,
    { status: 'ACTIVE', page_no: scanPage, per_page: SWEEP_BATCH, ...(search !== undefined && { search }) },
    request,
  );
  const meetings = page.data.slice(0, SWEEP_BATCH);
  const sweep: SweepReport = {
    activeMeetings: Math.max(Math.floor(page.paging.total_count), meetings.length),
    inBatch: meetings.length,
    checked: 0,
    scanPage,
    batchSize: SWEEP_BATCH,
    ...(search !== undefined && { search }),
    failed: [],
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
      progress(sweep.checked, meetings.length, `checked ${sweep.checked} of ${meetings.length} active meetings`);
    } catch (error) {
      // A rejected token, a cancelled call or a bug: the rest cannot do better, so the whole call fails.
      if (!(error instanceof ApiError) || isAuthFailure(error)) throw error;
      if (isCancelled(error)) {
        // Stopped because another check hit a limit: this meeting simply stays unchecked.
        if (pool.stopped) return;
        throw error;
      }
      // A rate limit or the deadline: the rest would fail too, so answer with what was found.
      if (isRateLimited(error) || isTimedOut(error) || isOverBudget(error)) {
        stoppedBy ??= error;
        pool.stop();
        return;
      }
      sweep.failed.push({ meetingId: meeting.id, reason: shortReason(error) });
    }
  });
  if (stoppedBy) sweep.stoppedBecause = sweepStopped(stoppedBy, sweep.checked, sweep.inBatch);
  return { found: found.flat(), received, sweep };
}
