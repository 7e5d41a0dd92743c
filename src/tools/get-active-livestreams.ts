// Tool: get_active_livestreams — is a meeting being livestreamed now, and where do viewers watch it?
// Without a meeting id it answers "what is live right now?" for the whole app in one call, at the API's own
// cost: it lists the sessions in progress, asks only their meetings for livestreams, and lists the app's
// livestreams that belong to no meeting. Where the sessions cannot be listed, it asks the active meetings.
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
import { forEachConcurrently } from '../lib/concurrency.js';
import { isUuid } from '../lib/ids.js';
import { LIVESTREAM_FIELDS, SESSION_FIELDS } from '../summaries/fields.js';
import {
  type CheckedMeeting,
  type FoundLivestream,
  type IndependentReport,
  type InSession,
  MAX_SCAN_PAGE,
  type SessionsReport,
  type SweepReport,
  summarizeLivestreams,
} from '../summaries/livestreams.js';
import { appIdArgument, BETWEEN_VALID_ARGUMENTS, searchArgument } from './args.js';
import { sessionsUnavailable, shortReason, sweepPaused, sweepStopped } from './sweep-failures.js';
import { answerSchema, defineTool, READ_ONLY_API_TOOL, type ToolContext } from './tool.js';

/** Active meetings per scan page of the fallback scan: what one listing brings, and the unit scan_page counts in. */
const SWEEP_BATCH = 50;
/** Sessions asked for per page: the most the reference suggests sending. */
const SESSIONS_PER_PAGE = 100;
/** Pages of sessions one call lists at most: 2,000 sessions in progress. */
const MAX_SESSION_PAGES = 20;
/** Meetings in session one call asks for livestreams at most, when its requests allow. */
const MAX_SESSION_CHECKS = 100;

/**
 * A scan page's size, for a call whose requests are limited (REALTIMEKIT_MCP_MAX_API_REQUESTS): a listing and a
 * check per meeting must fit, with a retry in hand for each check in flight. 45 for a Worker on Workers Free.
 */
function scanPageSize(requestLimit: number | undefined): number {
  if (requestLimit === undefined) return SWEEP_BATCH;
  return Math.max(1, Math.min(SWEEP_BATCH, requestLimit - 1 - SWEEP_CONCURRENCY));
}
/** Scan pages one call checks at most, when its deadline, requests and the API's rate allow: 500 meetings. */
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
  narrow: 'search, or a meeting_id',
  description: [
    'What is livestreaming right now in a Cloudflare RealtimeKit app, and where viewers watch it.',
    'Without meeting_id it finds the meetings in session now (with their participants), checks those for',
    'livestreams, and lists livestreams that belong to no meeting; search narrows, scan_page continues.',
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
        .describe('One meeting to check. Omit to check the meetings in session.'),
      app_id: appIdArgument,
      search: searchArgument('Without meeting_id: only meetings whose title or id matches.'),
      scan_page: z
        .number()
        .int('scan_page must be a whole number')
        .min(1, 'scan_page starts at 1')
        .max(MAX_SCAN_PAGE, `scan_page must be at most ${MAX_SCAN_PAGE}`)
        .default(1)
        .describe('Without meeting_id: the page of meetings to check from, when one call could not check all.'),
    })
    .refine((args) => args.meeting_id === undefined || (args.search === undefined && args.scan_page === 1), {
      message: 'search and scan_page are for checking the whole app: leave them out with meeting_id',
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
      in_session: z
        .number()
        .nullable()
        .describe('Without meeting_id: meetings in session now (that match search); null if not known.'),
      participants: z.number().nullable().describe('Participants in those sessions now; null if not known.'),
      active_meetings: z
        .number()
        .nullable()
        .describe("Only when the sessions could not be listed: the app's active meetings asked instead."),
      checked: z.number().describe('Meetings whose livestreams this call read.'),
      next_scan_page: z
        .number()
        .nullable()
        .describe('Without meeting_id: call again with this scan_page to check the rest; null when none is left.'),
    },
    LIVESTREAM_FIELDS,
    [],
    {
      columns: 'session_columns' as const,
      rows: 'sessions' as const,
      about: 'Without meeting_id: one row per meeting in session now, most participants first.',
      cells: SESSION_FIELDS,
    },
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
    let inSession: Awaited<ReturnType<typeof liveSessions>>;
    try {
      inSession = await liveSessions(args.search, context);
    } catch (error) {
      const why = sessionsUnavailable(error);
      if (why === undefined) throw error;
      const { found, received, sweep } = await sweepActiveMeetings(args.search, args.scan_page, context);
      return summarizeLivestreams({ appId, revealStreamKeys, found, received, sweep: { ...sweep, fallback: why } });
    }
    const { found, received, sessions } = await checkSessions(inSession, args.search, args.scan_page, context);
    return summarizeLivestreams({ appId, revealStreamKeys, found, received, sessions });
  },
});

/**
 * The app's meetings in session now (that match `search`), each once, most participants first: every page of
 * its LIVE sessions. A page after the first that cannot be listed (a limit met) keeps what came before, and says
 * why the list is not whole.
 */
async function liveSessions(
  search: string | undefined,
  { api, appId, request, audience }: ToolContext,
): Promise<{ meetings: InSession[]; sessions: number; incomplete?: string }> {
  const byMeeting = new Map<string, InSession>();
  let sessions = 0;
  let incomplete: string | undefined;
  for (let page = 1; ; page++) {
    let listed: Awaited<ReturnType<typeof api.listLiveSessions>>;
    try {
      listed = await api.listLiveSessions(
        appId,
        { page_no: page, per_page: SESSIONS_PER_PAGE, ...(search !== undefined && { search }) },
        request,
      );
    } catch (error) {
      if (page === 1 || !stopsTheSweep(error)) throw error;
      incomplete = `Only the first ${sessions} sessions in progress were listed: ${sweepPaused(error, audience).replace(/^The next scan page was not listed: /, '')}`;
      break;
    }
    for (const session of listed.sessions) {
      sessions += 1;
      const meetingId = session.associated_id?.toLowerCase();
      if (!meetingId) continue;
      const known = byMeeting.get(meetingId);
      const participants = session.live_participants ?? undefined;
      const startedAt = session.started_at ?? session.created_at ?? undefined;
      if (!known) {
        byMeeting.set(meetingId, {
          meetingId,
          ...(session.meeting_display_name && { title: session.meeting_display_name }),
          ...(participants !== undefined && { participants }),
          ...(startedAt && { startedAt }),
        });
        continue;
      }
      // A meeting with more than one session in progress (its breakout rooms): all its participants, its first start.
      if (participants !== undefined) known.participants = (known.participants ?? 0) + participants;
      if (startedAt && (!known.startedAt || startedAt < known.startedAt)) known.startedAt = startedAt;
    }
    const total = listed.total ?? Number.POSITIVE_INFINITY;
    if (listed.received < SESSIONS_PER_PAGE || page * SESSIONS_PER_PAGE >= total) break;
    if (page === MAX_SESSION_PAGES) {
      incomplete = `Only the first ${sessions} sessions in progress were listed (${MAX_SESSION_PAGES} pages); narrow with search for the others.`;
      break;
    }
  }
  const meetings = [...byMeeting.values()].sort(
    (a, b) => (b.participants ?? -1) - (a.participants ?? -1) || (a.startedAt ?? '').localeCompare(b.startedAt ?? ''),
  );
  return { meetings, sessions, ...(incomplete && { incomplete }) };
}

/**
 * Asks the meetings in session for their livestreams, a scan page of them (as many as the call's requests
 * allow) from `scanPage` on, and lists the app's livestreams that belong to no meeting, at the same time.
 */
async function checkSessions(
  inSession: Awaited<ReturnType<typeof liveSessions>>,
  search: string | undefined,
  scanPage: number,
  context: ToolContext,
): Promise<{ found: FoundLivestream[]; received: number; sessions: SessionsReport }> {
  const { request } = context;
  // Meetings of today's kind: an older (v1) meeting's room name is no id the livestream endpoint takes.
  const askable = inSession.meetings.filter((meeting) => isUuid(meeting.meetingId));
  const left = request.requests?.left ?? Number.POSITIVE_INFINITY;
  const size = Math.max(1, Math.min(MAX_SESSION_CHECKS, left - 1 - SWEEP_CONCURRENCY));
  const batch = askable.slice((scanPage - 1) * size, scanPage * size);
  const [independent, checks] = await Promise.all([
    independentLivestreams(context),
    checkMeetings(
      batch.map((meeting) => ({ id: meeting.meetingId, ...(meeting.title && { title: meeting.title }) })),
      context,
      'meetings in session',
    ),
  ]);
  const livestreaming = new Map(checks.checked.map((meeting) => [meeting.meetingId, meeting.livestreams > 0]));
  const sessions: SessionsReport = {
    meetings: inSession.meetings.map((meeting) => {
      const known = livestreaming.get(meeting.meetingId);
      return known === undefined ? meeting : { ...meeting, livestreaming: known };
    }),
    sessions: inSession.sessions,
    askable: askable.length,
    checked: checks.checked.length,
    inBatch: batch.length,
    scanPage,
    batchSize: size,
    failed: checks.failed,
    independent: independent.report,
    ...(search !== undefined && { search }),
    ...(inSession.incomplete && { incomplete: inSession.incomplete }),
    ...(checks.stoppedBecause && { stoppedBecause: checks.stoppedBecause }),
  };
  return {
    found: [...checks.found, ...independent.found],
    received: checks.received + independent.found.length,
    sessions,
  };
}

/**
 * The app's LIVE livestreams that belong to no meeting (started from an encoder): one request. A failure other
 * than a rejected token is said in a note; the meetings' livestreams are the answer still.
 */
async function independentLivestreams({
  api,
  appId,
  request,
}: ToolContext): Promise<{ found: FoundLivestream[]; report: IndependentReport }> {
  try {
    const listed = await api.listIndependentLivestreams(appId, request);
    const found = listed.livestreams
      .filter((livestream) => !livestream.meeting_id)
      .map((livestream) => ({ livestream }));
    return {
      found,
      report: {
        listed: found.length,
        received: listed.received,
        ...(listed.total !== undefined && { total: listed.total }),
      },
    };
  } catch (error) {
    if (!(error instanceof ApiError) || isAuthFailure(error) || (isCancelled(error) && request.signal.aborted)) {
      throw error;
    }
    return { found: [], report: { listed: 0, received: 0, failedBecause: shortReason(error) } };
  }
}

/**
 * Checks the app's active meetings from `scanPage` on, a scan page (50, or fewer where the call's requests are
 * limited) at a time, for as many scan pages as the call's deadline, requests and the API's rate allow: the next
 * starts only when, at the pace of those before, it would end with a fifth of the call's time to spare. Says how
 * long the rest would take at that pace. The way to what is live where the app's sessions cannot be listed.
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
  const lastPage = Math.min(scanPage + MAX_SCAN_PAGES_PER_CALL - 1, MAX_SCAN_PAGE);
  for (let page = scanPage; page <= lastPage; page++) {
    let batch: Awaited<ReturnType<typeof sweepScanPage>>;
    try {
      batch = await sweepScanPage(search, page, size, context, sweep);
    } catch (error) {
      // Listing a later scan page hit a limit: what the pages before found is still the answer, and the
      // next call goes on from this page.
      if (!sweep || !stopsTheSweep(error)) throw error;
      sweep.pausedBecause = sweepPaused(error, context.audience);
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
 * Lists one scan page of active meetings and asks each for its livestreams, adding to the report of the scan
 * pages before it in the call.
 */
async function sweepScanPage(
  search: string | undefined,
  scanPage: number,
  size: number,
  context: ToolContext,
  before: SweepReport | undefined,
): Promise<{ found: FoundLivestream[]; received: number; sweep: SweepReport }> {
  const { api, appId, request } = context;
  const page = await api.listMeetings(
    appId,
    { status: 'ACTIVE', page_no: scanPage, per_page: size, ...(search !== undefined && { search }) },
    request,
    { recordingConfig: false },
  );
  const meetings = page.data.slice(0, size);
  const inBatch = (before?.inBatch ?? 0) + meetings.length;
  const checks = await checkMeetings(
    meetings.map((meeting) => ({ id: meeting.id, ...(meeting.title && { title: meeting.title }) })),
    context,
    'active meetings',
    { checked: before?.checked ?? 0, inBatch },
  );
  const sweep: SweepReport = {
    activeMeetings: Math.max(Math.floor(page.paging.total_count), meetings.length),
    inBatch,
    checked: (before?.checked ?? 0) + checks.checked.length,
    scanPage: before?.scanPage ?? scanPage,
    lastScanPage: scanPage,
    batchSize: size,
    ...(search !== undefined && { search }),
    failed: [...(before?.failed ?? []), ...checks.failed],
    ...(checks.stoppedBecause && { stoppedBecause: checks.stoppedBecause }),
  };
  return { found: checks.found, received: checks.received, sweep };
}

/**
 * Asks each meeting for its livestreams, a few at a time. A rate limit, the deadline or a budget part-way gives
 * a partial answer that says so; a rejected token fails the whole call. `before` counts the meetings of the
 * call's earlier scan pages, for the progress and the words of a stop.
 */
async function checkMeetings(
  meetings: ReadonlyArray<{ id: string; title?: string }>,
  { api, appId, request, progress, audience }: ToolContext,
  what: string,
  before: { checked: number; inBatch: number } = { checked: 0, inBatch: meetings.length },
): Promise<{
  found: FoundLivestream[];
  received: number;
  checked: CheckedMeeting[];
  failed: Array<{ meetingId: string; reason: string }>;
  stoppedBecause?: string;
}> {
  // At most 10 livestreams per meeting (the client cuts the rest): all kept, so the answer can put every LIVE
  // one first, whichever meeting answers last.
  const found: FoundLivestream[][] = meetings.map(() => []);
  const checked: CheckedMeeting[] = [];
  const failed: Array<{ meetingId: string; reason: string }> = [];
  // What stopped the checks early; said once they have ended, with the count of what was checked by then.
  let stoppedBy: ApiError | undefined;
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
      checked.push({ meetingId: meeting.id, livestreams: result.livestreams.length });
      const done = before.checked + checked.length;
      progress(done, before.inBatch, `checked ${done} of ${before.inBatch} ${what}`);
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
      failed.push({ meetingId: meeting.id, reason: shortReason(error) });
    }
  });
  const stopped = stoppedBy && sweepStopped(stoppedBy, before.checked + checked.length, before.inBatch, audience, what);
  return { found: found.flat(), received, checked, failed, ...(stopped && { stoppedBecause: stopped }) };
}

/** A failure that every further request of the call would meet too: the sweep stops and answers what it has. */
function stopsTheSweep(error: unknown): error is ApiError {
  return isRateLimited(error) || isTimedOut(error) || isOverBudget(error) || isRequestLimited(error);
}
