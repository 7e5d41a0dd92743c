// Pure: a page of meetings from the API → the structured result and the text a model reads.
import type { MeetingsPageRead } from '../api/client.js';
import type { Meeting, RecordingConfig } from '../api/schemas.js';
import { UUID_SHAPE } from '../lib/ids.js';
import { largestFitting, MAX_STRUCTURED_STRING } from './budget.js';
import { columnsOf, MEETING_FIELDS, OPTION_WORDS, RECORDING_FIELDS, type RowOf, readTime, rowOf } from './fields.js';
import { clip, hostOf, quote, shortTime, show, urlOf, withPathWithheld } from './text.js';

export type Feature = (typeof FEATURES)[number];

/** The most page_no and per_page list_meetings takes: a next page is never one it would refuse. */
export const MAX_PAGE_NO = 100_000;
export const MAX_PER_PAGE = 100;

/** The statuses the API documents for a meeting; anything else is shown quoted. */
const MEETING_STATUS = /^(ACTIVE|INACTIVE)$/;
/** A codec, channel layout, storage type or region: a short code (MP3, H264, stereo, aws, us-east-1). */
const CODE = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,31}$/;
/** Where a recording may be streamed to, as the API documents live_streaming_config.rtmp_url. */
const RTMP_SCHEMES: ReadonlySet<string> = new Set(['rtmp:', 'rtmps:']);
/** A watermark position: one or two words (left top). */
const POSITION = /^[a-z]{1,16}( [a-z]{1,16})?$/;

/** The options a meeting can have on, as the API names them. */
export const FEATURES = [
  'record_on_start',
  'live_stream_on_start',
  'transcribe_on_end',
  'summarize_on_end',
  'persist_chat',
] as const satisfies ReadonlyArray<keyof Meeting>;

/** How the options every meeting on a page shares read, in the note that says so once. */
const FEATURE_WORDS: Record<Feature, string> = {
  record_on_start: 'record on start',
  live_stream_on_start: 'livestream on start',
  transcribe_on_end: 'transcribe on end',
  summarize_on_end: 'summarize on end',
  persist_chat: 'chat persisted',
};

/** How the options column reads in the text's header, its words explained (the rows' words: OPTION_WORDS). */
const OPTIONS = 'options (record livestream from start, transcript summary after, chat kept)';

/**
 * The details a recording summary is written from: credentials never enter it, only their names, and an RTMP
 * URL's path (where a stream key sits) only by the operator's choice (REALTIMEKIT_MCP_REVEAL_STREAM_KEYS).
 */
interface RecordingDetails {
  max_seconds?: number;
  file_name_prefix?: string;
  audio?: { codec?: string; channel?: string; export_file?: boolean };
  video?: { codec?: string; width?: number; height?: number; export_file?: boolean; watermark_position?: string };
  realtimekit_bucket?: boolean;
  storage?: {
    type?: string;
    bucket?: string;
    region?: string;
    path?: string;
    host?: string;
    port?: number;
    auth_method?: string;
  };
  rtmp_url?: string;
  withheld?: string[];
}

/** A meeting's row: its fields (src/summaries/fields.ts), and its recording with include_recording_config. */
export type MeetingRow = RowOf<typeof MEETING_FIELDS> | [...RowOf<typeof MEETING_FIELDS>, string | null];

/**
 * What structuredContent holds for a page of meetings (list_meetings declares it as its output schema): the
 * same fields in every answer, rows that carry every fact of their meeting, and numbers to page on. What the
 * text says once for the page (a shared status, options or date) the rows repeat, so notes leave it out.
 */
export interface MeetingsAnswer {
  /** Which meetings these are, of how many, with which filters, and the next page to ask for. */
  summary: string;
  /** What the answer left out, and why; the rows say what the meetings share. */
  notes: string[];
  /** Meetings that match the filters, in all. */
  total: number;
  page_no: number;
  per_page: number;
  /** The page that follows the last row shown, with its size; both null when none is left. */
  next_page_no: number | null;
  next_per_page: number | null;
  columns: string[];
  meetings: MeetingRow[];
}

/** One meeting, as the answer tells it: secrets reduced to the names of what was withheld. */
interface MeetingFacts {
  id: string;
  title?: string;
  status?: string;
  created_at: string;
  /** When it was created, read once, and as a row writes it: undefined when created_at is no time. */
  created?: Date;
  createdIso?: string;
  features: Feature[];
  /** The recording configuration's one-line summary, with include_recording_config. */
  recording?: string;
}

export interface MeetingsRequest {
  appId: string;
  page_no: number;
  per_page: number;
  /** Filters as sent to the API, repeated in the header so the model knows what it is looking at. */
  filters: { status?: string; search?: string; start_time?: string; end_time?: string };
  includeRecording: boolean;
  revealStreamKeys: boolean;
}

export function summarizeMeetings(
  page: MeetingsPageRead,
  request: MeetingsRequest,
): { structured: MeetingsAnswer; text: string } {
  const { page_no, per_page } = request;
  const total = Math.max(0, Math.floor(page.paging.total_count));
  // Never more than asked for, whatever the API sends.
  const all = page.data.slice(0, per_page).map((meeting) => meetingFacts(meeting, request));
  const before = (page_no - 1) * per_page;

  const render = (shown: number): { structured: MeetingsAnswer; text: string } => {
    const meetings = all.slice(0, shown);
    const shared = sharedByAll(meetings);
    // Where the next call picks up: after the last row shown, so a program that follows it gets every meeting once.
    const next =
      shown < all.length
        ? pageStartingAt(before + shown, Math.max(1, shown))
        : page_no * per_page < total
          ? { page_no: page_no + 1, per_page }
          : undefined;
    const summary = header(meetings.length, total, next, request);
    // The text puts the output limit's note before the lines, and the API's excess after them.
    const rest = next
      ? `the rest follow from page_no=${next.page_no} with per_page=${next.per_page}`
      : 'no page starts after them';
    const cut =
      shown < all.length
        ? [
            `Output limit: only the first ${shown} of the ${all.length} meetings on this page fit in one answer; ${rest}${request.includeRecording ? ' (or ask without include_recording_config)' : ''}.`,
          ]
        : [];
    const trail =
      page.received > per_page
        ? [`(The API sent ${page.received} meetings for per_page=${per_page}; only the first ${per_page} are shown.)`]
        : [];
    const notes = [...cut, ...trail];
    // Said once in the text; in the structured answer every row says it.
    const sharedSentences: string[] = [];
    if (shared.status) sharedSentences.push(`All ${meetings.length} are ${show(shared.status, MEETING_STATUS)}.`);
    if (shared.features.length > 0) {
      sharedSentences.push(`All ${meetings.length} have: ${featureWords(shared.features)}.`);
    }
    if (shared.recording) sharedSentences.push(`All ${meetings.length} have recording: ${shared.recording}.`);
    const fields = request.includeRecording ? [...MEETING_FIELDS, ...RECORDING_FIELDS] : MEETING_FIELDS;
    const structured: MeetingsAnswer = {
      summary,
      notes,
      total,
      page_no,
      per_page,
      next_page_no: next?.page_no ?? null,
      next_per_page: next?.per_page ?? null,
      columns: columnsOf(fields),
      meetings: meetings.map((meeting) => meetingRow(meeting, request.includeRecording)),
    };
    const lines = [
      meetings.length > 0 ? `${summary} Each line: ${textColumns(meetings, shared).join(', ')}.` : summary,
      ...cut,
      ...sharedSentences,
      ...meetings.map((meeting) => meetingLine(meeting, shared)),
      ...trail,
    ];
    return { structured, text: lines.join('\n') };
  };
  const fitted = largestFitting(all.length, render);
  const fits = fitted.structured.meetings.length;
  if (fits === all.length) return fitted;
  // Cut by the output limit: end the answer where the next page can be a large one.
  const shown = resumeAfter(before, fits);
  return shown === fits ? fitted : render(shown);
}

/**
 * How many of the `fits` meetings that fit in the answer to show, after `before` on earlier pages, so that the
 * page after them is large: the next page must start right after the last row shown, and only a per_page that
 * divides that offset can start a page there (after 101 meetings, only per_page=1 can). A few rows fewer now
 * (at most a quarter) can keep the pages after it large: the largest next page wins, then the most rows.
 */
export function resumeAfter(before: number, fits: number): number {
  let best = { shown: fits, size: 0 };
  for (let shown = fits; shown >= Math.max(1, Math.ceil((fits * 3) / 4)); shown--) {
    const size = pageStartingAt(before + shown, shown)?.per_page ?? 0;
    if (size > best.size) best = { shown, size };
  }
  return best.shown;
}

/**
 * The page that starts at `offset` (meetings before it), as page_no and per_page: the largest per_page up to
 * `most` that ends a page there, within what list_meetings takes. Undefined when none is (past ten million
 * meetings, with page_no at its limit).
 */
export function pageStartingAt(offset: number, most: number): { page_no: number; per_page: number } | undefined {
  for (let size = Math.min(most, MAX_PER_PAGE); size >= 1; size--) {
    if (offset % size === 0 && offset / size + 1 <= MAX_PAGE_NO) return { page_no: offset / size + 1, per_page: size };
  }
  return undefined;
}

/** A meeting's row of the structured answer: every field, whatever the other meetings share. */
function meetingRow(meeting: MeetingFacts, withRecording: boolean): MeetingRow {
  const cell = (value: string) => clip(value, MAX_STRUCTURED_STRING);
  const row = rowOf(MEETING_FIELDS, {
    id: cell(meeting.id),
    title: meeting.title === undefined ? null : cell(meeting.title),
    status: meeting.status === undefined ? null : cell(meeting.status),
    created_at: meeting.createdIso ?? null,
    options: optionWords(meeting.features),
  });
  return withRecording ? [...row, meeting.recording === undefined ? null : cell(meeting.recording)] : row;
}

interface Shared {
  /** The status, when every meeting on the page has the same one. */
  status?: string;
  /** The year (UTC) every meeting on the page was created in, when they share one. */
  year?: number;
  /** The month (UTC, 0 for January) two or more meetings on the page were all created in, with their year. */
  month?: number;
  /** The day of the month they were all created on, with their month. */
  day?: number;
  features: Feature[];
  /** The recording summary text, when every meeting on the page has the same one. */
  recording?: string;
}

/**
 * What every meeting on the page has in common, which the text says once instead of on each line (apps
 * usually share one configuration, and repeating it would be most of the tokens). The structured rows, a
 * contract for programs, say all of it on every row.
 */
function sharedByAll(meetings: MeetingFacts[]): Shared {
  const dates = meetings.map((meeting) => meeting.created ?? new Date(Number.NaN));
  // A time that is none has the year NaN, which equals nothing: then no part of the date is shared.
  const year = theOnly(dates.map((date) => date.getUTCFullYear()));
  if (meetings.length < 2) return { features: [], ...(year && { year }) };
  const month = year ? theOnly(dates.map((date) => date.getUTCMonth())) : undefined;
  const day = month === undefined ? undefined : theOnly(dates.map((date) => date.getUTCDate()));
  const [first] = meetings;
  const status =
    first?.status && meetings.every((meeting) => meeting.status === first.status) ? first.status : undefined;
  const features = FEATURES.filter((name) => meetings.every((meeting) => meeting.features.includes(name)));
  const recordings = new Set(meetings.map((meeting) => meeting.recording ?? ''));
  const [recording] = recordings;
  return {
    features,
    ...(status && { status }),
    ...(year && { year }),
    ...(month !== undefined && { month }),
    ...(day !== undefined && { day }),
    ...(recordings.size === 1 && recording && { recording }),
  };
}

function header(
  shown: number,
  total: number,
  next: { page_no: number; per_page: number } | undefined,
  request: MeetingsRequest,
): string {
  const { appId, page_no, per_page } = request;
  const where = `in app ${appId}${describeFilters(request.filters)}`;
  if (shown === 0) {
    if (total === 0) return `No meetings ${where}.`;
    const lastPage = Math.ceil(total / per_page);
    return `No meetings on page ${page_no} ${where}: ${total} in all, ${per_page} per page, so the last page is page_no=${lastPage}.`;
  }
  if (page_no === 1 && shown === total)
    return `${total === 1 ? 'The only meeting' : `All ${total} meetings`} ${where}.`;
  const first = (page_no - 1) * per_page + 1;
  const more = next
    ? `; next: page_no=${next.page_no}${next.per_page === per_page ? '' : ` with per_page=${next.per_page}`}`
    : '';
  return `Showing meetings ${first}-${first + shown - 1} of ${total} ${where}${more}.`;
}

function describeFilters(filters: MeetingsRequest['filters']): string {
  const parts: string[] = [];
  if (filters.status) parts.push(`status ${filters.status}`);
  if (filters.search) parts.push(`search ${quote(filters.search, 80)}`);
  const { start_time: from, end_time: to } = filters;
  if (from && to) parts.push(`from ${from} to ${to}`);
  else if (from) parts.push(`from ${from}`);
  else if (to) parts.push(`until ${to}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function meetingFacts(meeting: Meeting, request: MeetingsRequest): MeetingFacts {
  const details =
    request.includeRecording && meeting.recording_config
      ? recordingDetails(meeting.recording_config, request.revealStreamKeys)
      : undefined;
  return {
    id: meeting.id,
    ...(meeting.title && { title: meeting.title }),
    ...(meeting.status && { status: meeting.status }),
    created_at: meeting.created_at,
    ...whenCreated(meeting.created_at),
    features: FEATURES.filter((name) => meeting[name] === true),
    ...(details && { recording: recordingText(details) }),
  };
}

type WithoutNull<T> = { [K in keyof T]: Exclude<T[K], null> };

/** Drops the keys whose value is null or undefined, and the object itself when nothing is left. */
function compact<T extends Record<string, unknown>>(value: T): WithoutNull<T> | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
  return entries.length > 0 ? (Object.fromEntries(entries) as WithoutNull<T>) : undefined;
}

function recordingDetails(config: RecordingConfig, revealStreamKeys: boolean): RecordingDetails | undefined {
  const withheld: string[] = [];
  const storage = config.storage_config;
  if (storage) withheld.push(...storage.credentials.map((name) => `storage_config.${name}`));
  // A host can carry credentials too (user:pass@host, or a SAS signature in a query): only host and port are shown.
  const host = storage?.host ? (hostOf(storage.host) ?? '(not a host)') : undefined;
  if (storage?.host && host?.toLowerCase() !== storage.host.toLowerCase()) withheld.push('storage_config.host details');

  let rtmpUrl: string | undefined;
  const rawRtmp = config.live_streaming_config?.rtmp_url;
  if (rawRtmp) {
    // Shown whole only by the operator's choice, and never with user info: that is a password, not a key.
    const whole = revealStreamKeys ? urlOf(rawRtmp, RTMP_SCHEMES) : undefined;
    if (whole !== undefined) {
      rtmpUrl = whole;
      const { username, password } = new URL(rawRtmp);
      if (username || password) withheld.push('live_streaming_config.rtmp_url user info');
    } else {
      const shown = withPathWithheld(rawRtmp);
      rtmpUrl = shown.url;
      if (shown.withheld) withheld.push('live_streaming_config.rtmp_url path');
    }
  }

  const audio = config.audio_config;
  const video = config.video_config;
  return compact({
    max_seconds: config.max_seconds,
    file_name_prefix: config.file_name_prefix,
    audio: audio
      ? compact({
          codec: audio.codec && show(audio.codec, CODE),
          channel: audio.channel && show(audio.channel, CODE),
          export_file: audio.export_file,
        })
      : undefined,
    video: video
      ? compact({
          codec: video.codec && show(video.codec, CODE),
          width: video.width,
          height: video.height,
          export_file: video.export_file,
          watermark_position: video.watermark
            ? video.watermark.position
              ? show(video.watermark.position, POSITION)
              : 'set'
            : undefined,
        })
      : undefined,
    realtimekit_bucket: config.realtimekit_bucket_config?.enabled,
    storage: storage
      ? compact({
          type: storage.type && show(storage.type, CODE),
          bucket: storage.bucket,
          region: storage.region && show(storage.region, CODE),
          path: storage.path,
          host,
          port: storage.port,
          auth_method: storage.auth_method,
        })
      : undefined,
    rtmp_url: rtmpUrl,
    withheld: withheld.length > 0 ? withheld : undefined,
  });
}

function featureWords(features: readonly Feature[]): string {
  return features.map((name) => FEATURE_WORDS[name]).join(', ');
}

/** Options as a row and a line say them: a word each, in their fixed order (OPTION_WORDS). */
function optionWords(features: readonly Feature[]): string {
  return FEATURES.filter((name) => features.includes(name))
    .map((name) => OPTION_WORDS[name])
    .join(' ');
}

/** The header's "Each line:" columns: what each line says, which leaves out what all the lines share. */
function textColumns(meetings: MeetingFacts[], shared: Shared): string[] {
  const ownFeatures = meetings.some((meeting) => meeting.features.some((name) => !shared.features.includes(name)));
  return [
    'id',
    'title',
    ...(shared.status ? [] : ['status']),
    createdColumn(shared),
    ...(ownFeatures ? [OPTIONS] : []),
  ];
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The value every item has, when they all have the same one. */
function theOnly<T>(values: readonly T[]): T | undefined {
  const [first] = values;
  return values.every((value) => value === first) ? first : undefined;
}

/** The created column's name: it says the date, or the part of it, that every time on the page leaves out. */
function createdColumn({ year, month, day }: Shared): string {
  if (!year) return 'created (UTC)';
  if (month === undefined) return `created (UTC, ${year})`;
  if (day === undefined) return `created (UTC, day of ${MONTHS[month]} ${year})`;
  return `created (UTC, time on ${MONTHS[month]} ${day} ${year})`;
}

/**
 * When a meeting was created, UTC, to the minute, less what the column's name says once for the page (a token
 * or more a line): `09:07` when its meetings share a day, `2 09:07` a month, `Oct 2 09:07` a year, and
 * `2026-10-02 09:07` otherwise; undefined when it is no time.
 */
function createdWhen({ created_at, created }: MeetingFacts, { year, month, day }: Shared): string | undefined {
  if (!created) return undefined;
  if (!year) return shortTime(created_at);
  const time = `${twoDigits(created.getUTCHours())}:${twoDigits(created.getUTCMinutes())}`;
  if (day !== undefined) return time;
  return month === undefined
    ? `${MONTHS[created.getUTCMonth()]} ${created.getUTCDate()} ${time}`
    : `${created.getUTCDate()} ${time}`;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** `created_at` read as a time, once per meeting, or nothing when it is none. */
function whenCreated(value: string): { created?: Date; createdIso?: string } {
  const time = readTime(value);
  return time ? { created: time.at, createdIso: time.iso } : {};
}

function meetingLine(meeting: MeetingFacts, shared: Shared): string {
  const status = shared.status ? [] : [meeting.status ? show(meeting.status, MEETING_STATUS) : '(status unknown)'];
  let line = [
    show(meeting.id, UUID_SHAPE),
    meeting.title ? quote(meeting.title) : '(untitled)',
    ...status,
    createdWhen(meeting, shared) ?? quote(meeting.created_at, 40),
  ].join(' ');
  const own = meeting.features.filter((name) => !shared.features.includes(name));
  // The options are words of a fixed set after the time: they need no separator (a token a line).
  if (own.length > 0) line += ` ${optionWords(own)}`;
  if (meeting.recording && !shared.recording) line += `; recording: ${meeting.recording}`;
  return line;
}

function recordingText(recording: RecordingDetails): string {
  const parts: string[] = [];
  if (recording.max_seconds !== undefined) parts.push(`max ${recording.max_seconds}s`);
  const { audio, video, storage } = recording;
  if (audio) parts.push(`audio ${joinDefined(audio.codec, audio.channel, audio.export_file && '+file') || 'default'}`);
  if (video) {
    const size = video.width && video.height ? `${video.width}x${video.height}` : undefined;
    const watermark = video.watermark_position && `watermark ${video.watermark_position}`;
    parts.push(`video ${joinDefined(video.codec, size, video.export_file && '+file', watermark) || 'default'}`);
  }
  if (recording.file_name_prefix) parts.push(`prefix ${quote(recording.file_name_prefix, 60)}`);
  if (recording.realtimekit_bucket !== undefined) {
    parts.push(recording.realtimekit_bucket ? 'RealtimeKit bucket on' : 'RealtimeKit bucket off');
  }
  if (storage) {
    const port = storage.port && !/:\d+$/.test(storage.host ?? '') ? `:${storage.port}` : '';
    const place = storage.host ? `host ${storage.host}${port}` : undefined;
    parts.push(
      `storage ${joinDefined(
        storage.type,
        storage.bucket && `bucket ${quote(storage.bucket, 60)}`,
        storage.region,
        storage.path && `path ${quote(storage.path, 60)}`,
        place,
      )}`,
    );
  }
  if (recording.rtmp_url) parts.push(`RTMP ${recording.rtmp_url}`);
  if (recording.withheld) {
    parts.push(`withheld: ${recording.withheld.map((name) => name.replace(/^[a-z_]+_config\./, '')).join(', ')}`);
  }
  return parts.join(', ');
}

function joinDefined(...values: Array<string | false | undefined>): string {
  return values.filter((value): value is string => typeof value === 'string' && value !== '').join(' ');
}
