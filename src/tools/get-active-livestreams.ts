// Tool: get_active_livestreams — is a meeting being livestreamed now, and where do viewers watch it?
// Without a meeting id it sweeps the app's active meetings: "what is live right now?" in one call.
import { z } from 'zod';
import type { RealtimeKitApi, RequestOptions } from '../api/client.js';
import { ApiError } from '../api/errors.js';
import { isUuid } from '../ids.js';
import {
  type FoundLivestream,
  livestreamsOutputSchema,
  type SweepReport,
  summarizeLivestreams,
} from '../summaries/livestreams.js';
import { appIdArgument, searchArgument } from './args.js';
import { defineTool, READ_ONLY_API_TOOL, type ToolContext, withApi } from './tool.js';

/** Active meetings checked per call; the rest are a scan_page away. */
const SWEEP_BATCH = 50;
/** Livestream requests in flight at once: quick sweeps, well inside 1,200 requests / 5 min. */
const SWEEP_CONCURRENCY = 4;

export const getActiveLivestreams = defineTool({
  name: 'get_active_livestreams',
  title: 'Get active RealtimeKit livestreams',
  description: [
    'What is livestreaming right now in a Cloudflare RealtimeKit app, and where viewers watch it.',
    "Without meeting_id it checks the app's active meetings (50 per call; search narrows, scan_page continues).",
    'With meeting_id (a UUID from list_meetings) it checks that meeting.',
    'Each line: livestream id, status (LIVE, IDLE, ERRORED, INVOKED), name, meeting, playback URL, ingest',
    'server, start time. None found is an answer, not an error. Stream keys are withheld.',
  ].join(' '),
  inputSchema: z.strictObject({
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
  }),
  outputSchema: livestreamsOutputSchema,
  annotations: { title: 'Get active RealtimeKit livestreams', ...READ_ONLY_API_TOOL },

  async handler(args, context) {
    if (args.meeting_id !== undefined && (args.search !== undefined || args.scan_page !== 1)) {
      return { error: 'search and scan_page are for checking all active meetings; leave them out with meeting_id.' };
    }
    const { revealStreamKeys } = context.config;
    return withApi(context, args.app_id, 'fetching active livestreams', async (api, appId) => {
      if (args.meeting_id !== undefined) {
        const meetingId = args.meeting_id.toLowerCase();
        const result = await api.getActiveLivestreams(appId, meetingId, context.request);
        const found = result.livestreams.map((livestream) => ({ meetingId, livestream }));
        return summarizeLivestreams({
          appId,
          revealStreamKeys,
          found,
          single: { meetingId, notFound: result.notFound },
        });
      }
      const { found, sweep } = await sweepActiveMeetings(api, appId, args.search, args.scan_page, context);
      return summarizeLivestreams({ appId, revealStreamKeys, found, sweep });
    });
  },
});

/**
 * Lists one batch of active meetings and asks each for its livestreams, a few at a time. A rate limit or
 * the deadline part-way gives a partial answer that says so; a rejected token fails the whole call.
 */
async function sweepActiveMeetings(
  api: RealtimeKitApi,
  appId: string,
  search: string | undefined,
  scanPage: number,
  context: ToolContext,
): Promise<{ found: FoundLivestream[]; sweep: SweepReport }> {
  const page = await api.listMeetings(
    appId,
    { status: 'ACTIVE', page_no: scanPage, per_page: SWEEP_BATCH, ...(search !== undefined && { search }) },
    context.request,
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
  // Stops new checks, not the ones in flight: a 429 means the rest would be refused too.
  const stop = new AbortController();
  const request: RequestOptions = {
    ...context.request,
    signal: AbortSignal.any([context.request.signal, stop.signal]),
  };
  let next = 0;

  const worker = async () => {
    while (next < meetings.length && !stop.signal.aborted) {
      const index = next++;
      const meeting = meetings[index];
      if (!meeting) continue;
      try {
        const result = await api.getActiveLivestreams(appId, meeting.id, request);
        found[index] = result.livestreams.map((livestream) => ({
          meetingId: meeting.id,
          ...(meeting.title && { meetingTitle: meeting.title }),
          livestream,
        }));
        sweep.checked += 1;
        context.progress(
          sweep.checked,
          meetings.length,
          `checked ${sweep.checked} of ${meetings.length} active meetings`,
        );
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        // Stopped by another check's 429 or the deadline: this meeting simply stays unchecked.
        if (error.kind === 'aborted' && stop.signal.aborted) return;
        const { status } = error.details;
        // The client cancelled, or the token is refused: the rest cannot do better.
        if (error.kind === 'aborted' || (error.kind === 'http' && (status === 401 || status === 403))) throw error;
        if (error.kind === 'timeout' || (error.kind === 'http' && status === 429)) {
          sweep.stoppedBecause ??= stoppedSentence(error, sweep, context);
          stop.abort('sweep stopped');
          return;
        }
        sweep.failed.push({ meetingId: meeting.id, reason: shortReason(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(SWEEP_CONCURRENCY, meetings.length) }, worker));
  return { found: found.flat(), sweep };
}

function stoppedSentence(error: ApiError, sweep: SweepReport, context: ToolContext): string {
  const progress = `Stopped after checking ${sweep.checked} of these ${sweep.inBatch} active meetings`;
  if (error.kind === 'timeout') {
    return `${progress}: the call ran out of time (${context.config.timeoutMs / 1000} s). Call again, or narrow with search, to check the rest.`;
  }
  const wait = error.details.retryAfterSeconds;
  return `${progress}: the API is rate limiting this token (HTTP 429). Call again${wait !== undefined ? ` in ${wait} s` : ' in a minute'} with the same arguments to check the rest.`;
}

function shortReason(error: ApiError): string {
  if (error.kind === 'http') return `HTTP ${error.details.status}`;
  if (error.kind === 'network') return error.details.code ?? 'connection failed';
  return error.kind.replace('_', ' ');
}
