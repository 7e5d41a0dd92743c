// Pure: active livestreams from the API (for one meeting, or swept from an app's active meetings) →
// the structured result and the text a model reads.
import type { Livestream } from '../api/schemas.js';
import { largestFitting, MAX_STRUCTURED_STRING } from './budget.js';
import { clip, clipStrings, plural, quote, shortTime, withoutUserinfo } from './text.js';

/** What structuredContent holds (get_active_livestreams declares it as its output schema). */
export interface LivestreamsOutput {
  app_id: string;
  /** Set when one meeting was asked about. */
  meeting_id?: string;
  livestreams: LivestreamOutput[];
  /** A sweep of the app's active meetings: how far it got. */
  scan?: { active_meetings: number; checked: number; not_checked: number; next_scan_page?: number };
  /** Livestreams left out because the answer would be too long. */
  omitted?: number;
}

export interface LivestreamOutput {
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
  /** Secret fields present in the API answer and not shown. */
  withheld?: string[];
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
  /** Meetings whose livestreams were asked for in this call (this scan page). */
  inBatch: number;
  checked: number;
  scanPage: number;
  /** Meetings per scan page. */
  batchSize: number;
  search?: string;
  /** Why the sweep stopped early, as a sentence that says what to do. */
  stoppedBecause?: string;
  /** Meetings that could not be checked, with a short reason each. */
  failed: Array<{ meetingId: string; reason: string }>;
}

export interface LivestreamsRequest {
  appId: string;
  revealStreamKeys: boolean;
  found: FoundLivestream[];
  /** Set when one meeting was asked about; `notFound` when the API said 404. */
  single?: { meetingId: string; notFound: boolean };
  sweep?: SweepReport;
}

const STREAM_KEY_WITHHELD = '[stream key withheld]';
/** The API documents one livestream per meeting; an answer with thousands is cut here. */
const MAX_LIVESTREAMS = 50;
/** A URL longer than this is not one a model can use; it is cut with a marker. */
const MAX_URL_CHARS = 500;
/** What people ask first: what is on air. */
const STATUS_ORDER = ['LIVE', 'INVOKED', 'IDLE', 'ERRORED'];

function describeLivestream(
  { meetingId, meetingTitle, livestream }: FoundLivestream,
  reveal: boolean,
): LivestreamOutput {
  const streamKey = livestream.stream_key ?? undefined;
  // A stream key can also sit inside a URL (an ingest URL with the key as its last segment).
  const scrub = (url: string): string => {
    const clean = withoutUserinfo(url) ?? url;
    return clip(streamKey && !reveal ? clean.split(streamKey).join(STREAM_KEY_WITHHELD) : clean, MAX_URL_CHARS);
  };
  return {
    id: livestream.id,
    status: livestream.status,
    meeting_id: meetingId,
    ...(meetingTitle && { meeting_title: meetingTitle }),
    ...(livestream.name && { name: livestream.name }),
    ...(livestream.playback_url && { playback_url: scrub(livestream.playback_url) }),
    ...(livestream.ingest_server && { ingest_server: scrub(livestream.ingest_server) }),
    ...(typeof livestream.disabled === 'boolean' && { disabled: livestream.disabled }),
    ...(livestream.created_at && { created_at: livestream.created_at }),
    ...(streamKey && (reveal ? { stream_key: streamKey } : { withheld: ['stream_key'] })),
  };
}

function statusRank(status: string): number {
  const rank = STATUS_ORDER.indexOf(status);
  return rank === -1 ? STATUS_ORDER.length : rank;
}

export function summarizeLivestreams(request: LivestreamsRequest): { structured: LivestreamsOutput; text: string } {
  const { appId, single, sweep } = request;
  const all = request.found
    .map((found) => describeLivestream(found, request.revealStreamKeys))
    .sort((a, b) => statusRank(a.status) - statusRank(b.status))
    .slice(0, MAX_LIVESTREAMS)
    .map((livestream) => clipStrings(livestream, MAX_STRUCTURED_STRING));
  const scan = sweep && {
    active_meetings: sweep.activeMeetings,
    checked: sweep.checked,
    not_checked: sweep.activeMeetings - (sweep.scanPage - 1) * sweep.batchSize - sweep.checked,
    ...(sweep.scanPage * sweep.batchSize < sweep.activeMeetings &&
      !sweep.stoppedBecause && { next_scan_page: sweep.scanPage + 1 }),
  };

  return largestFitting(all.length, (shown) => {
    const omitted = request.found.length - shown;
    const structured: LivestreamsOutput = {
      app_id: appId,
      ...(single && { meeting_id: single.meetingId }),
      livestreams: all.slice(0, shown),
      ...(scan && { scan }),
      ...(omitted > 0 && { omitted }),
    };
    const lines = single ? singleHeader(request, shown) : sweepHeader(request, structured.livestreams);
    lines.push(...structured.livestreams.map((livestream) => livestreamLine(livestream, !single)));
    if (omitted > 0) lines.push(`(${omitted} more not shown: the answer would be too long.)`);
    if (sweep) lines.push(...sweepFooter(sweep, scan?.next_scan_page));
    return { structured, text: lines.join('\n') };
  });
}

function singleHeader({ appId, single, found }: LivestreamsRequest, shown: number): string[] {
  const where = `meeting ${single?.meetingId} in app ${appId}`;
  if (shown === 0 && found.length === 0) {
    const hint = single?.notFound
      ? ' The API answers the same (HTTP 404) for a meeting id it does not know; list_meetings shows the ids.'
      : '';
    return [`No active livestream for ${where}.${hint}`];
  }
  return [`${plural(found.length, 'active livestream')} for ${where}. Times are UTC.`];
}

function sweepHeader({ appId, sweep, found }: LivestreamsRequest, livestreams: LivestreamOutput[]): string[] {
  const where = `in app ${appId}${sweep?.search ? ` (search ${quote(sweep.search, 80)})` : ''}`;
  const checked = `${sweep?.checked} of the ${plural(sweep?.activeMeetings ?? 0, 'active meeting')}`;
  if (sweep?.activeMeetings === 0) return [`Nothing is livestreaming ${where}: there are no active meetings.`];
  if (found.length === 0) return [`Nothing is livestreaming ${where}: no active livestream in ${checked} checked.`];
  const byStatus = STATUS_ORDER.concat(livestreams.map((l) => l.status))
    .filter((status, i, all) => all.indexOf(status) === i)
    .map((status) => [status, found.filter((f) => f.livestream.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  const meetings = new Set(found.map((f) => f.meetingId)).size;
  return [
    `${plural(found.length, 'active livestream')} (${byStatus.join(', ')}) in ${plural(meetings, 'meeting')} ${where}, from ${checked} checked. Times are UTC.`,
  ];
}

function sweepFooter(sweep: SweepReport, nextScanPage: number | undefined): string[] {
  const lines: string[] = [];
  if (sweep.failed.length > 0) {
    const list = sweep.failed.slice(0, 5).map((failure) => `${failure.meetingId} (${failure.reason})`);
    const more = sweep.failed.length > 5 ? ` and ${sweep.failed.length - 5} more` : '';
    lines.push(`Could not check ${plural(sweep.failed.length, 'meeting')}: ${list.join(', ')}${more}.`);
  }
  if (sweep.stoppedBecause) lines.push(sweep.stoppedBecause);
  if (nextScanPage !== undefined) {
    lines.push(
      `Only the first ${sweep.scanPage * sweep.batchSize} active meetings are checked so far: call again with scan_page=${nextScanPage} for the next ${sweep.batchSize}, or narrow with search.`,
    );
  }
  return lines;
}

function livestreamLine(livestream: LivestreamOutput, withMeeting: boolean): string {
  const parts = [livestream.id, livestream.status];
  if (livestream.disabled) parts.push('(disabled)');
  if (livestream.name) parts.push(quote(livestream.name));
  if (withMeeting) {
    const title = livestream.meeting_title ? ` ${quote(livestream.meeting_title, 80)}` : ' (untitled)';
    parts.push(`in meeting ${livestream.meeting_id}${title}`);
  }
  if (livestream.playback_url) parts.push(`watch ${livestream.playback_url}`);
  if (livestream.ingest_server) parts.push(`ingest ${livestream.ingest_server}`);
  if (livestream.created_at) parts.push(`since ${shortTime(livestream.created_at)}`);
  let line = parts.join(' ');
  if (livestream.stream_key) line += `; stream key ${livestream.stream_key}`;
  else if (livestream.withheld) line += '; stream key withheld';
  return line;
}
