// Pure: active livestreams from the API (for one meeting, or swept from an app's active meetings) →
// the structured result and the text a model reads.
import type { Livestream } from '../api/schemas.js';
import { LIVESTREAM_ID_SHAPE, UUID_SHAPE } from '../ids.js';
import { holdsEncoded, replacedInAnyCase } from '../strings.js';
import { largestFitting, MAX_STRUCTURED_STRING } from './budget.js';
import { columnsOf, isoSecond, LIVESTREAM_FIELDS, type RowOf, rowOf } from './fields.js';
import { clipStrings, plural, quote, shortTime, show, urlOf } from './text.js';

/**
 * What structuredContent holds (get_active_livestreams declares it as its output schema): the same fields in
 * every answer, for one meeting or a sweep, with the rows the text's lines carry and the counts to go on from.
 */
export interface LivestreamsAnswer {
  /** What is live, where, and how much of the app was checked. */
  summary: string;
  /** What was withheld or left out, why a sweep stopped, and how to check the rest. */
  notes: string[];
  /** A sweep: the app's active meetings that match its search; null for one meeting. */
  active_meetings: number | null;
  /** Meetings whose livestreams this call read: 1 for one meeting. */
  checked: number;
  /** A sweep: the scan_page to go on from; null when none is left. */
  next_scan_page: number | null;
  columns: string[];
  livestreams: Array<RowOf<typeof LIVESTREAM_FIELDS>>;
}

/** One livestream as the answer tells it, with its meeting; secrets withheld. */
interface LivestreamFacts {
  id: string;
  status: string;
  meeting_id: string;
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
}

/** One livestream as the API gave it, with the meeting it belongs to. */
export interface FoundLivestream {
  meetingId: string;
  meetingTitle?: string;
  livestream: Livestream & { id: string; status: string };
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
}

/** Where a stream key was cut out of a value. No space: it can sit inside a URL, which the text shows raw. */
const STREAM_KEY_WITHHELD = '[stream-key-withheld]';
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
/** What stands for a URL the API sent that does not parse as one: it is not shown, since it could be anything. */
const NOT_A_URL = '(not a URL)';

function describeLivestream(
  { meetingId, meetingTitle, livestream }: FoundLivestream,
  reveal: boolean,
): LivestreamFacts {
  const streamKey = livestream.stream_key ?? undefined;
  const hidden = streamKey && !reveal ? streamKey : undefined;
  // A stream key can also sit inside a URL (an ingest URL with the key as its last segment), or in a name.
  const url = (value: string, schemes: ReadonlySet<string>): string => {
    const href = urlOf(value, schemes);
    if (href === undefined) return NOT_A_URL;
    if (!hidden) return href;
    const { protocol, host } = new URL(href);
    return withoutKey(href, hidden, `${protocol}//${host}/${STREAM_KEY_WITHHELD}`);
  };
  const name = livestream.name && (hidden ? withoutKey(livestream.name, hidden, STREAM_KEY_WITHHELD) : livestream.name);
  return {
    id: livestream.id,
    status: livestream.status,
    meeting_id: meetingId,
    ...(meetingTitle && { meeting_title: meetingTitle }),
    ...(name && { name }),
    ...(livestream.playback_url && { playback_url: url(livestream.playback_url, PLAYBACK_SCHEMES) }),
    ...(livestream.ingest_server && { ingest_server: url(livestream.ingest_server, INGEST_SCHEMES) }),
    ...(typeof livestream.disabled === 'boolean' && { disabled: livestream.disabled }),
    ...(livestream.created_at && { created_at: livestream.created_at }),
    ...(streamKey && (reveal ? { stream_key: streamKey } : { streamKeyWithheld: true })),
  };
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

function statusRank(status: string): number {
  const rank = STATUS_ORDER.indexOf(status);
  return rank === -1 ? STATUS_ORDER.length : rank;
}

export function summarizeLivestreams(request: LivestreamsRequest): { structured: LivestreamsAnswer; text: string } {
  const { single, sweep } = request;
  const all = request.found
    .map((found) => describeLivestream(found, request.revealStreamKeys))
    .sort((a, b) => statusRank(a.status) - statusRank(b.status))
    .slice(0, MAX_LIVESTREAMS)
    .map((livestream) => clipStrings(livestream, MAX_STRUCTURED_STRING));
  const nextScanPage =
    sweep && sweep.lastScanPage * sweep.batchSize < sweep.activeMeetings && !sweep.stoppedBecause
      ? sweep.lastScanPage + 1
      : undefined;

  return largestFitting(all.length, (shown) => {
    const livestreams = all.slice(0, shown);
    const omitted = Math.max(request.received, request.found.length) - shown;
    const { summary, hint } = single ? singleHeader(request, shown) : sweepHeader(request, livestreams);
    const trail = [
      ...(omitted > 0 ? [`(${omitted} more not shown: the answer would be too long.)`] : []),
      ...(sweep ? sweepFooter(sweep, nextScanPage) : []),
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
      active_meetings: sweep ? sweep.activeMeetings : null,
      checked: sweep ? sweep.checked : 1,
      next_scan_page: nextScanPage ?? null,
      columns: columnsOf(LIVESTREAM_FIELDS),
      livestreams: livestreams.map(livestreamRow),
    };
    const lines = [
      [summary, hint, livestreams.length > 0 ? 'Times are UTC.' : undefined].filter(Boolean).join(' '),
      ...livestreams.map((livestream) => livestreamLine(livestream, !single)),
      ...trail,
    ];
    return { structured, text: lines.join('\n') };
  });
}

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
    meeting_id: livestream.meeting_id,
    meeting_title: livestream.meeting_title ?? null,
    playback_url: url(livestream.playback_url),
    ingest_server: url(livestream.ingest_server),
    created_at: isoSecond(livestream.created_at),
    stream_key: livestream.stream_key ?? null,
  });
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
  const byStatus = STATUS_ORDER.concat(livestreams.map((l) => l.status))
    .filter((status, i, all) => all.indexOf(status) === i)
    .map((status) => [status, found.filter((f) => f.livestream.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${show(status, LIVESTREAM_STATUS)}`);
  const meetings = new Set(found.map((f) => f.meetingId)).size;
  return {
    summary: `${plural(found.length, 'active livestream')} (${byStatus.join(', ')}) in ${plural(meetings, 'meeting')} ${where}, from ${checked} checked.`,
  };
}

function sweepFooter(sweep: SweepReport, nextScanPage: number | undefined): string[] {
  const lines: string[] = [];
  if (sweep.failed.length > 0) {
    const list = sweep.failed
      .slice(0, 5)
      .map((failure) => `${show(failure.meetingId, UUID_SHAPE)} (${failure.reason})`);
    const more = sweep.failed.length > 5 ? ` and ${sweep.failed.length - 5} more` : '';
    lines.push(`Could not check ${plural(sweep.failed.length, 'meeting')}: ${list.join(', ')}${more}.`);
  }
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
  if (withMeeting) {
    const title = livestream.meeting_title ? ` ${quote(livestream.meeting_title, 80)}` : ' (untitled)';
    parts.push(`in meeting ${show(livestream.meeting_id, UUID_SHAPE)}${title}`);
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
