// Pure: active livestreams from the API (for one meeting, or for a whole app: its meetings in session and its
// livestreams without a meeting, or its active meetings swept one by one) → the structured result and the
// text a model reads.
import type { Livestream } from '../api/schemas.js';
import { LIVESTREAM_ID_SHAPE, UUID_SHAPE } from '../lib/ids.js';
import { holdsEncoded, replacedInAnyCase } from '../lib/strings.js';
import { largestFitting, MAX_STRUCTURED_STRING } from './budget.js';
import { columnsOf, isoSecond, LIVESTREAM_FIELDS, type RowOf, rowOf, SESSION_FIELDS } from './fields.js';
import { clip, clipStrings, plural, quote, shortTime, show, urlOf } from './text.js';

/**
 * What structuredContent holds (get_active_livestreams declares it as its output schema): the same fields in
 * every answer, for one meeting or a whole app, with the rows the text's lines carry and the counts to go on.
 */
export interface LivestreamsAnswer {
  /** What is live, where, and how much of the app was checked. */
  summary: string;
  /** What was withheld or left out, why a sweep stopped, and how to check the rest. */
  notes: string[];
  /** A whole app: its meetings in session now (that match the search); null when not known. */
  in_session: number | null;
  /** Participants in those sessions now; null when not known. */
  participants: number | null;
  /** Where the sessions could not be listed: the app's active meetings that were asked instead. */
  active_meetings: number | null;
  /** Meetings whose livestreams this call read: 1 for one meeting. */
  checked: number;
  /** A whole app: the scan_page to go on from; null when none is left. */
  next_scan_page: number | null;
  columns: string[];
  livestreams: Array<RowOf<typeof LIVESTREAM_FIELDS>>;
  session_columns: string[];
  sessions: Array<RowOf<typeof SESSION_FIELDS>>;
}

/** One livestream as the answer tells it, with its meeting and that meeting's session; secrets withheld. */
interface LivestreamFacts {
  id: string;
  status: string;
  /** Absent for a livestream that belongs to no meeting. */
  meeting_id?: string;
  meeting_title?: string;
  name?: string;
  playback_url?: string;
  ingest_server?: string;
  disabled?: boolean;
  created_at?: string;
  /** Only when the operator set REALTIMEKIT_MCP_REVEAL_STREAM_KEYS=1. */
  stream_key?: string;
  /** The API sent a stream key, and it is not shown. */
  streamKeyWithheld?: boolean;
  /** Its meeting's session now, when the answer knows it. */
  session?: { participants?: number; startedAt?: string };
}

/** One livestream as the API gave it, with the meeting it belongs to (none for one sent from an encoder). */
export interface FoundLivestream {
  meetingId?: string;
  meetingTitle?: string;
  livestream: Livestream & { id: string; status: string };
}

/** A meeting in session now, with what its sessions say, and whether it livestreams (once asked). */
export interface InSession {
  meetingId: string;
  title?: string;
  participants?: number;
  startedAt?: string;
  /** Undefined until its livestreams were asked for. */
  livestreaming?: boolean;
}

/** A meeting whose livestreams were asked for, and how many it has. */
export interface CheckedMeeting {
  meetingId: string;
  livestreams: number;
}

/** The app's livestreams that belong to no meeting, as far as one request showed them. */
export interface IndependentReport {
  /** How many the answer lists (LIVE, without a meeting). */
  listed: number;
  /** How many the API sent. */
  received: number;
  /** The API's count of them all, when its answer says. */
  total?: number;
  /** Why they could not be listed, in a few words. */
  failedBecause?: string;
}

/** A whole app, asked through its sessions in progress: what was found, checked and left. */
export interface SessionsReport {
  /** The meetings in session now (that match the search), most participants first. */
  meetings: InSession[];
  /** Sessions in progress listed, of which `meetings` are the meetings (a meeting can have more than one). */
  sessions: number;
  /** Meetings in session whose livestreams can be asked for (today's, with a UUID). */
  askable: number;
  /** Meetings asked, and those this call's scan page held. */
  checked: number;
  inBatch: number;
  scanPage: number;
  /** Meetings in session per scan page: what the call's requests allow. */
  batchSize: number;
  search?: string;
  /** Why the list of sessions is not whole. */
  incomplete?: string;
  /** Why the checks stopped early, as a sentence that says what to do. */
  stoppedBecause?: string;
  failed: Array<{ meetingId: string; reason: string }>;
  independent: IndependentReport;
}

export interface SweepReport {
  /** Active meetings in the app that match the search. */
  activeMeetings: number;
  /** Meetings whose livestreams were asked for in this call (its scan pages). */
  inBatch: number;
  checked: number;
  /** The first scan page of this call, and the last it checked. */
  scanPage: number;
  lastScanPage: number;
  /** About how long the active meetings after lastScanPage would take, at this call's pace. */
  restSeconds?: number;
  /** Meetings per scan page. */
  batchSize: number;
  search?: string;
  /** Why the sweep stopped early, as a sentence that says what to do. */
  stoppedBecause?: string;
  /** Why it did not go on to its next scan page (a limit met listing it), when the pages before were all checked. */
  pausedBecause?: string;
  /** Meetings that could not be checked, with a short reason each. */
  failed: Array<{ meetingId: string; reason: string }>;
  /** Why the app's sessions could not be listed, when this sweep is what the call did instead. */
  fallback?: string;
}

export interface LivestreamsRequest {
  appId: string;
  revealStreamKeys: boolean;
  found: FoundLivestream[];
  /** How many livestreams the API sent, of which `found` are the ones kept. */
  received: number;
  /** Set when one meeting was asked about; `notFound` when the API said 404. */
  single?: { meetingId: string; notFound: boolean };
  sweep?: SweepReport;
  sessions?: SessionsReport;
}

/** Where a stream key was cut out of a value. No space: it can sit inside a URL, which the text shows raw. */
const STREAM_KEY_WITHHELD = '[stream-key-withheld]';
/** The last scan_page get_active_livestreams accepts. */
export const MAX_SCAN_PAGE = 10_000;
/** The most livestreams one answer shows, LIVE first. */
const MAX_LIVESTREAMS = 50;
/** What people ask first: what is on air. */
const STATUS_ORDER = ['LIVE', 'INVOKED', 'IDLE', 'ERRORED'];
/** The statuses the API documents; anything else is shown quoted. */
const LIVESTREAM_STATUS = /^(LIVE|IDLE|ERRORED|INVOKED)$/;
/** A stream key shown by operator's choice, raw only when it looks like one. */
const STREAM_KEY_SHAPE = /^[A-Za-z0-9_-]{1,200}$/;
const PLAYBACK_SCHEMES = new Set(['https:', 'http:']);
const INGEST_SCHEMES = new Set(['rtmps:', 'rtmp:', 'srt:', 'https:', 'http:']);
/** A meeting id as sessions name it: a UUID, or an older (v1) meeting's room name, shown raw; else quoted. */
const SESSION_MEETING_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z]{6}-[a-z]{6})$/i;
/** What stands for a URL the API sent that does not parse as one: it is not shown, since it could be anything. */
const NOT_A_URL = '(not a URL)';
/** The most meetings in session one answer lists, most participants first. */
const MAX_SESSIONS = 50;

function describeLivestream(
  { meetingId, meetingTitle, livestream }: FoundLivestream,
  reveal: boolean,
  keys: readonly string[],
  session: InSession | undefined,
): LivestreamFacts {
  const streamKey = livestream.stream_key ?? undefined;
  // Every stream key the answer knows is cut from every value: a livestream's name or URL can carry its own
  // key or another's (an ingest URL ending in the key of the stream it replaced).
  const cut = (value: string, whenEncoded: string) =>
    keys.reduce((text, key) => withoutKey(text, key, whenEncoded), value);
  let pathWithheld = false;
  const url = (value: string, schemes: ReadonlySet<string>, { secretPath = false } = {}): string => {
    const href = urlOf(value, schemes);
    if (href === undefined) return NOT_A_URL;
    if (reveal) return href;
    const parsed = new URL(href);
    const shown = secretPath ? ingestWithPathWithheld(parsed) : href;
    if (shown !== href) pathWithheld = true;
    return cut(shown, `${parsed.protocol}//${parsed.host}/${STREAM_KEY_WITHHELD}`);
  };
  const name = livestream.name && cut(livestream.name, STREAM_KEY_WITHHELD);
  const title = meetingTitle && cut(meetingTitle, STREAM_KEY_WITHHELD);
  return {
    id: livestream.id,
    status: livestream.status,
    ...(meetingId && { meeting_id: meetingId }),
    ...(title && { meeting_title: title }),
    ...(name && { name }),
    ...(livestream.playback_url && { playback_url: url(livestream.playback_url, PLAYBACK_SCHEMES) }),
    ...(livestream.ingest_server && {
      ingest_server: url(livestream.ingest_server, INGEST_SCHEMES, { secretPath: true }),
    }),
    ...(typeof livestream.disabled === 'boolean' && { disabled: livestream.disabled }),
    ...(livestream.created_at && { created_at: livestream.created_at }),
    ...(reveal && streamKey && { stream_key: streamKey }),
    ...(((!reveal && streamKey) || pathWithheld) && { streamKeyWithheld: true }),
    ...(session && {
      session: {
        ...(session.participants !== undefined && { participants: session.participants }),
        ...(session.startedAt && { startedAt: session.startedAt }),
      },
    }),
  };
}

/**
 * An ingest URL as an encoder's address, with what may be a key withheld whatever its host: everything after
 * the documented `/live/` application (`rtmps://live.cloudflare.com:443/live/<key>`), any other path (a WHIP
 * URL carries its key as a segment), and any query or fragment (an SRT `streamid`).
 */
function ingestWithPathWithheld(url: URL): string {
  if (/^\/?(live\/?)?$/.test(url.pathname) && !url.search && !url.hash) return url.href;
  const app = url.pathname.startsWith('/live/') ? '/live' : '';
  return `${url.protocol}//${url.host}${app}/${STREAM_KEY_WITHHELD}`;
}

/**
 * `value` with `key` cut out, in any case; `whenEncoded` in its place when the key is still there once
 * percent-encoding is undone. Keys shorter than six characters are left alone: cutting them would mangle text.
 */
function withoutKey(value: string, key: string, whenEncoded: string): string {
  if (key.length < 6) return value;
  const cut = replacedInAnyCase(value, key, STREAM_KEY_WITHHELD);
  return holdsEncoded(cut, key) ? whenEncoded : cut;
}

/** The stream keys of every livestream the API sent, longest first, so that a key inside another is not cut first. */
function knownStreamKeys(found: readonly FoundLivestream[]): string[] {
  const keys = new Set(found.flatMap(({ livestream }) => (livestream.stream_key ? [livestream.stream_key] : [])));
  return [...keys].sort((a, b) => b.length - a.length);
}

function statusRank(status: string): number {
  const rank = STATUS_ORDER.indexOf(status);
  return rank === -1 ? STATUS_ORDER.length : rank;
}

export function summarizeLivestreams(request: LivestreamsRequest): { structured: LivestreamsAnswer; text: string } {
  const { single, sweep, sessions } = request;
  const sessionOf = new Map((sessions?.meetings ?? []).map((meeting) => [meeting.meetingId, meeting]));
  const keys = request.revealStreamKeys ? [] : knownStreamKeys(request.found);
  const all = request.found
    .map((found) =>
      describeLivestream(
        found,
        request.revealStreamKeys,
        keys,
        found.meetingId ? sessionOf.get(found.meetingId) : undefined,
      ),
    )
    .sort((a, b) => statusRank(a.status) - statusRank(b.status))
    .slice(0, MAX_LIVESTREAMS)
    .map((livestream) => clipStrings(livestream, MAX_STRUCTURED_STRING));
  const following = sweep
    ? sweep.lastScanPage * sweep.batchSize < sweep.activeMeetings && !sweep.stoppedBecause
      ? sweep.lastScanPage + 1
      : undefined
    : sessions && sessions.scanPage * sessions.batchSize < sessions.askable && !sessions.stoppedBecause
      ? sessions.scanPage + 1
      : undefined;
  // Only a scan_page the tool accepts is offered; past the last one, search is the way on.
  const nextScanPage = following !== undefined && following <= MAX_SCAN_PAGE ? following : undefined;
  const beyondLast = following !== undefined && nextScanPage === undefined ? [beyondLastScanPage()] : [];
  // Meetings in session that no livestream line names: the text lists them apart.
  const streamed = new Set(all.flatMap((livestream) => (livestream.meeting_id ? [livestream.meeting_id] : [])));
  const inSession = (sessions?.meetings ?? []).slice(0, MAX_SESSIONS);
  const quiet = inSession.filter((meeting) => !streamed.has(meeting.meetingId));
  const sessionLines = quiet.length > 0 ? [QUIET_HEADER, ...quiet.map(sessionLine)] : [];

  return largestFitting(all.length, (shown) => {
    const livestreams = all.slice(0, shown);
    const omitted = Math.max(request.received, request.found.length) - shown;
    const { summary, hint } = single
      ? singleHeader(request, shown)
      : sessions
        ? sessionsHeader(request, sessions)
        : sweepHeader(request, livestreams);
    const trail = [
      ...(omitted > 0 ? [`(${omitted} more not shown: the answer would be too long.)`] : []),
      ...(sessions ? sessionsFooter(sessions, nextScanPage) : []),
      ...(sweep ? sweepFooter(sweep, nextScanPage) : []),
      ...beyondLast,
    ];
    const withheld = livestreams
      .filter((livestream) => livestream.streamKeyWithheld)
      .map((livestream) => livestream.id);
    const notes = [
      ...(hint ? [hint] : []),
      ...(withheld.length > 0 ? [streamKeysWithheld(withheld, livestreams.length)] : []),
      ...trail,
    ];
    const notUrls = livestreams
      .filter((livestream) => livestream.playback_url === NOT_A_URL || livestream.ingest_server === NOT_A_URL)
      .map((livestream) => livestream.id);
    const structured: LivestreamsAnswer = {
      summary,
      notes: [
        ...notes,
        ...(notUrls.length > 0 ? [`A URL the API sent is not one, so it is null: for ${notUrls.join(', ')}.`] : []),
      ],
      in_session: sessions ? sessions.meetings.length : null,
      participants: (sessions && participantsIn(sessions.meetings)) ?? null,
      active_meetings: sweep ? sweep.activeMeetings : null,
      checked: single ? 1 : (sweep?.checked ?? sessions?.checked ?? 0),
      next_scan_page: nextScanPage ?? null,
      columns: columnsOf(LIVESTREAM_FIELDS),
      livestreams: livestreams.map(livestreamRow),
      session_columns: columnsOf(SESSION_FIELDS),
      sessions: inSession.map(sessionRow),
    };
    const lines = [
      [summary, hint, livestreams.length > 0 || sessionLines.length > 0 ? 'Times are UTC.' : undefined]
        .filter(Boolean)
        .join(' '),
      ...livestreams.map((livestream) => livestreamLine(livestream, !single)),
      ...sessionLines,
      ...trail,
    ];
    return { structured, text: lines.join('\n') };
  });
}

/** Everyone in these meetings' sessions now, or undefined when the API said of none how many. */
function participantsIn(meetings: readonly InSession[]): number | undefined {
  const known = meetings.flatMap((meeting) => (meeting.participants === undefined ? [] : [meeting.participants]));
  return known.length > 0 ? known.reduce((total, count) => total + count, 0) : undefined;
}

/** The line before the meetings in session that no livestream line names. */
const QUIET_HEADER =
  'Also in session, without an active livestream. Each line: meeting id, title, participants, since.';

function streamKeysWithheld(ids: string[], shown: number): string {
  if (ids.length < shown) return `Stream keys are withheld (for ${ids.join(', ')}).`;
  return shown === 1 ? 'The stream key is withheld.' : 'Stream keys are withheld.';
}

/** A livestream's row of the structured answer: every field, null where there is nothing to say. */
function livestreamRow(livestream: LivestreamFacts): RowOf<typeof LIVESTREAM_FIELDS> {
  const url = (value: string | undefined) => (value === undefined || value === NOT_A_URL ? null : value);
  return rowOf(LIVESTREAM_FIELDS, {
    id: livestream.id,
    status: livestream.status,
    disabled: livestream.disabled ?? null,
    name: livestream.name ?? null,
    meeting_id: livestream.meeting_id ?? null,
    meeting_title: livestream.meeting_title ?? null,
    playback_url: url(livestream.playback_url),
    ingest_server: url(livestream.ingest_server),
    created_at: isoSecond(livestream.created_at),
    stream_key: livestream.stream_key ?? null,
    live_participants: livestream.session?.participants ?? null,
    in_session_since: isoSecond(livestream.session?.startedAt),
  });
}

/** A meeting in session, as a row of the structured answer. */
function sessionRow(meeting: InSession): RowOf<typeof SESSION_FIELDS> {
  return rowOf(SESSION_FIELDS, {
    meeting_id: clip(meeting.meetingId, MAX_STRUCTURED_STRING),
    meeting_title: meeting.title === undefined ? null : clip(meeting.title, MAX_STRUCTURED_STRING),
    live_participants: meeting.participants ?? null,
    since: isoSecond(meeting.startedAt),
    livestreaming: meeting.livestreaming ?? null,
  });
}

/** A meeting in session that no livestream line names: id, title, participants, since. */
function sessionLine(meeting: InSession): string {
  const parts = [
    show(meeting.meetingId, SESSION_MEETING_ID),
    meeting.title ? quote(meeting.title, 80) : '(untitled)',
    meeting.participants === undefined ? '(participants unknown)' : String(meeting.participants),
    meeting.startedAt ? (shortTime(meeting.startedAt) ?? quote(meeting.startedAt, 40)) : '(start unknown)',
  ];
  if (meeting.livestreaming === undefined) parts.push('(not checked)');
  return parts.join(' ');
}

/** The header of a one-meeting answer, and the hint when the API's 404 may mean a wrong id. */
function singleHeader({ appId, single, found }: LivestreamsRequest, shown: number): { summary: string; hint?: string } {
  const where = `meeting ${single?.meetingId} in app ${appId}`;
  if (shown === 0 && found.length === 0) {
    return {
      summary: `No active livestream for ${where}.`,
      ...(single?.notFound && {
        hint: 'The API answers the same (HTTP 404) for a meeting id it does not know; list_meetings shows the ids.',
      }),
    };
  }
  return { summary: `${plural(found.length, 'active livestream')} for ${where}.` };
}

/** How many livestreams, by status, LIVE first: `3 active livestreams (2 LIVE, 1 IDLE)`. */
function countByStatus(found: LivestreamsRequest['found'], shownStatuses: readonly string[]): string {
  const byStatus = STATUS_ORDER.concat(shownStatuses)
    .filter((status, i, all) => all.indexOf(status) === i)
    .map((status) => [status, found.filter((f) => f.livestream.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${show(status, LIVESTREAM_STATUS)}`);
  return `${plural(found.length, 'active livestream')} (${byStatus.join(', ')})`;
}

/** The header of an answer for a whole app, asked through its sessions in progress. */
function sessionsHeader(
  { appId, found }: LivestreamsRequest,
  sessions: SessionsReport,
): { summary: string; hint?: string } {
  const where = `in app ${appId}${sessions.search ? ` (search ${quote(sessions.search, 80)})` : ''}`;
  const count = found.length === 0 ? 'No active livestream' : countByStatus(found, []);
  const independent = found.filter((f) => !f.meetingId).length;
  const { meetings } = sessions;
  let inSession: string;
  if (meetings.length === 0) {
    inSession = 'no meeting is in session now';
  } else {
    const participants = participantsIn(meetings);
    const people = participants === undefined ? '' : ` (${plural(participants, 'participant')})`;
    const streaming = meetings.filter((meeting) => meeting.livestreaming).length;
    const of = sessions.checked < meetings.length ? ` of the ${sessions.checked} checked` : '';
    inSession = `${plural(meetings.length, 'meeting')} in session now${people}, ${streaming}${of} livestreaming`;
  }
  const alone = independent > 0 ? `; ${plural(independent, 'livestream')} without a meeting` : '';
  return { summary: `${count} ${where}: ${inSession}${alone}.` };
}

function sweepHeader(
  { appId, sweep, found }: LivestreamsRequest,
  livestreams: LivestreamFacts[],
): { summary: string; hint?: string } {
  const where = `in app ${appId}${sweep?.search ? ` (search ${quote(sweep.search, 80)})` : ''}`;
  const checked = `${sweep?.checked} of the ${plural(sweep?.activeMeetings ?? 0, 'active meeting')}`;
  if (sweep?.activeMeetings === 0) {
    return { summary: `Nothing is livestreaming ${where}: there are no active meetings.` };
  }
  if (sweep && sweep.inBatch === 0) {
    const last = Math.ceil(sweep.activeMeetings / sweep.batchSize);
    return {
      summary: `No active meetings on scan_page ${sweep.scanPage} ${where}: ${sweep.activeMeetings} in all, ${sweep.batchSize} per scan page, so the last is scan_page=${last}.`,
    };
  }
  if (found.length === 0) {
    return { summary: `Nothing is livestreaming ${where}: no active livestream in ${checked} checked.` };
  }
  const meetings = new Set(found.map((f) => f.meetingId)).size;
  return {
    summary: `${countByStatus(
      found,
      livestreams.map((l) => l.status),
    )} in ${plural(meetings, 'meeting')} ${where}, from ${checked} checked.`,
  };
}

/** What the checks of meetings in session left: failures, a stop, the pages after, and the independent list. */
function sessionsFooter(sessions: SessionsReport, nextScanPage: number | undefined): string[] {
  const lines: string[] = [];
  if (sessions.incomplete) lines.push(sessions.incomplete);
  const older = sessions.meetings.length - sessions.askable;
  if (older > 0) {
    lines.push(
      `${plural(older, 'meeting')} in session ${older === 1 ? 'is an older (v1) one' : 'are older (v1) ones'}, whose livestreams cannot be asked for by id.`,
    );
  }
  if (sessions.inBatch === 0 && sessions.askable > 0) {
    const last = Math.ceil(sessions.askable / sessions.batchSize);
    lines.push(
      `No meetings in session on scan_page ${sessions.scanPage}: ${sessions.askable} in all, ${sessions.batchSize} per scan page, so the last is scan_page=${last}.`,
    );
  }
  lines.push(...failures(sessions.failed));
  if (sessions.stoppedBecause) lines.push(sessions.stoppedBecause);
  if (nextScanPage !== undefined) {
    const done = sessions.scanPage * sessions.batchSize;
    lines.push(
      `Checked the first ${done} of the ${sessions.askable} meetings in session, as many as one call's API requests allow: call again with scan_page=${nextScanPage} for the other ${sessions.askable - done}.`,
    );
  }
  const { independent } = sessions;
  if (independent.failedBecause) {
    lines.push(`Livestreams without a meeting could not be listed (${independent.failedBecause}).`);
  } else if (independent.total === undefined) {
    lines.push(
      `(The API did not say how many livestreams without a meeting there are: ${independent.received === 0 ? 'it sent none' : `this lists the ${independent.received} it sent`}.)`,
    );
  } else if (independent.total > independent.received) {
    lines.push(
      `The API sent ${independent.received} of its ${independent.total} livestreams without a meeting; the others are not shown.`,
    );
  }
  return lines;
}

function beyondLastScanPage(): string {
  return `The rest lies beyond scan_page ${MAX_SCAN_PAGE}, the last one a call can ask for: narrow with search to check it.`;
}

/** Meetings that could not be checked, five named. */
function failures(failed: ReadonlyArray<{ meetingId: string; reason: string }>): string[] {
  if (failed.length === 0) return [];
  const list = failed.slice(0, 5).map((failure) => `${show(failure.meetingId, UUID_SHAPE)} (${failure.reason})`);
  const more = failed.length > 5 ? ` and ${failed.length - 5} more` : '';
  return [`Could not check ${plural(failed.length, 'meeting')}: ${list.join(', ')}${more}.`];
}

function sweepFooter(sweep: SweepReport, nextScanPage: number | undefined): string[] {
  const lines: string[] = [];
  if (sweep.fallback) {
    lines.push(
      `The app's sessions could not be listed (${sweep.fallback}), so this asked its active meetings one by one instead: a request for each.`,
    );
  }
  lines.push(...failures(sweep.failed));
  if (sweep.stoppedBecause) lines.push(sweep.stoppedBecause);
  if (sweep.pausedBecause) lines.push(sweep.pausedBecause);
  if (nextScanPage !== undefined) {
    const rest = sweep.activeMeetings - sweep.lastScanPage * sweep.batchSize;
    const time =
      sweep.restSeconds !== undefined && sweep.restSeconds > 0
        ? ` The other ${rest} would take about ${sweep.restSeconds} s at this call's pace.`
        : '';
    lines.push(
      `Only the first ${sweep.lastScanPage * sweep.batchSize} active meetings are checked so far: call again with scan_page=${nextScanPage} to go on, or narrow with search.${time}`,
    );
  }
  return lines;
}

function livestreamLine(livestream: LivestreamFacts, withMeeting: boolean): string {
  const parts = [show(livestream.id, LIVESTREAM_ID_SHAPE), show(livestream.status, LIVESTREAM_STATUS)];
  if (livestream.disabled) parts.push('(disabled)');
  if (livestream.name) parts.push(quote(livestream.name));
  if (withMeeting && livestream.meeting_id) {
    const title = livestream.meeting_title ? ` ${quote(livestream.meeting_title, 80)}` : ' (untitled)';
    parts.push(`in meeting ${show(livestream.meeting_id, UUID_SHAPE)}${title}`);
    if (livestream.session) parts.push(sessionWords(livestream.session));
  } else if (withMeeting) {
    parts.push('(no meeting)');
  }
  if (livestream.playback_url) parts.push(`watch ${livestream.playback_url}`);
  if (livestream.ingest_server) parts.push(`ingest ${livestream.ingest_server}`);
  if (livestream.created_at) {
    parts.push(`since ${shortTime(livestream.created_at) ?? quote(livestream.created_at, 40)}`);
  }
  let line = parts.join(' ');
  if (livestream.stream_key) line += `; stream key ${show(livestream.stream_key, STREAM_KEY_SHAPE)}`;
  else if (livestream.streamKeyWithheld) line += '; stream key withheld';
  return line;
}

/** Its meeting's session, in parentheses: `(40 in session since 2026-12-07 09:28)`. */
function sessionWords({ participants, startedAt }: NonNullable<LivestreamFacts['session']>): string {
  const who = participants === undefined ? 'in session' : `${participants} in session`;
  const when = startedAt ? shortTime(startedAt) : undefined;
  return `(${who}${when ? ` since ${when}` : ''})`;
}
