// The fields of each tool's rows, in order: the one list that the summaries fill, the output schemas declare
// (src/tools/tool.ts), the live view reads (view/model.ts) and the README's reference describes. Programs rely
// on them: renaming, reordering or retyping a field is a breaking change (README: Scripts). Plain data, no
// imports: the live view bundles it for the browser.

/** What a cell holds: a string always, or a string, time, number or boolean that may be null. */
export type CellKind = 'string' | 'string or null' | 'time or null' | 'number or null' | 'boolean or null';

export interface Field {
  readonly name: string;
  readonly kind: CellKind;
  /** What the cell holds, for the output schema and the docs. */
  readonly about: string;
}

/** The value of a cell of `kind`: a time is a string, ISO 8601 UTC to the second (`2026-12-06T22:22:05Z`). */
export type Cell<Kind extends CellKind> = Kind extends 'string'
  ? string
  : Kind extends 'boolean or null'
    ? boolean | null
    : Kind extends 'number or null'
      ? number | null
      : string | null;

/** A row as the summaries write it: one value per field, by name. */
export type RowValues<Fields extends readonly Field[]> = {
  [F in Fields[number] as F['name']]: Cell<F['kind']>;
};

/** A row as it is sent: the values in the fields' order. */
export type RowOf<Fields extends readonly Field[]> = {
  -readonly [I in keyof Fields]: Fields[I] extends Field ? Cell<Fields[I]['kind']> : never;
};

/** The option words of `options`, in their order, with the API's name for each. */
export const OPTION_WORDS = {
  record_on_start: 'record',
  live_stream_on_start: 'livestream',
  transcribe_on_end: 'transcript',
  summarize_on_end: 'summary',
  persist_chat: 'chat',
} as const;

const optionList = Object.entries(OPTION_WORDS)
  .map(([name, word]) => `${word} (${name})`)
  .join(', ');

export const MEETING_FIELDS = [
  { name: 'id', kind: 'string', about: 'Meeting id (UUID); get_active_livestreams takes it as meeting_id.' },
  { name: 'title', kind: 'string or null', about: 'Title; null when untitled.' },
  {
    name: 'status',
    kind: 'string or null',
    about: 'ACTIVE (can be joined) or INACTIVE, else as the API sent it; null if it sent none.',
  },
  { name: 'created_at', kind: 'time or null', about: 'Created, ISO 8601 UTC to the second; null if not a time.' },
  {
    name: 'options',
    kind: 'string',
    about: `Options on, space-separated, in this order: ${optionList}; "" for none.`,
  },
] as const satisfies readonly Field[];

/** Added at the end of each row by include_recording_config. */
export const RECORDING_FIELDS = [
  {
    name: 'recording',
    kind: 'string or null',
    about: 'With include_recording_config: the setup in one line, to read (credentials withheld); null if none.',
  },
] as const satisfies readonly Field[];

export const LIVESTREAM_FIELDS = [
  { name: 'id', kind: 'string', about: 'Livestream id.' },
  {
    name: 'status',
    kind: 'string',
    about: 'LIVE, INVOKED (starting), IDLE or ERRORED, else as the API sent it.',
  },
  { name: 'disabled', kind: 'boolean or null', about: 'Whether it is disabled; null if the API did not say.' },
  { name: 'name', kind: 'string or null', about: 'Its name; null when it has none.' },
  {
    name: 'meeting_id',
    kind: 'string or null',
    about: 'The meeting it streams (UUID); null for one that belongs to no meeting (sent from an encoder).',
  },
  {
    name: 'meeting_title',
    kind: 'string or null',
    about: "That meeting's title; null when untitled, or not read (a call with meeting_id).",
  },
  {
    name: 'playback_url',
    kind: 'string or null',
    about: 'Where viewers watch (http or https); null if none or not a URL (a note says which).',
  },
  {
    name: 'ingest_server',
    kind: 'string or null',
    about:
      'Where an encoder sends the stream: its path after /live/, query and user info withheld; null as for playback_url.',
  },
  { name: 'created_at', kind: 'time or null', about: 'Started, ISO 8601 UTC to the second; null if not a time.' },
  {
    name: 'stream_key',
    kind: 'string or null',
    about: 'null (withheld) unless the operator set REALTIMEKIT_MCP_REVEAL_STREAM_KEYS=1.',
  },
  {
    name: 'live_participants',
    kind: 'number or null',
    about: "Participants in its meeting's session now; null when not known (its meeting not in session, or not asked).",
  },
  { name: 'in_session_since', kind: 'time or null', about: "When its meeting's session started; null as above." },
] as const satisfies readonly Field[];

/** The meetings in session now, of an answer for a whole app. */
export const SESSION_FIELDS = [
  { name: 'meeting_id', kind: 'string', about: "Meeting id: a UUID, or an older meeting's room name." },
  { name: 'meeting_title', kind: 'string or null', about: "The meeting's title; null when untitled." },
  { name: 'live_participants', kind: 'number or null', about: 'Participants in it now; null if the API did not say.' },
  { name: 'since', kind: 'time or null', about: 'When its session started; null if not a time.' },
  {
    name: 'livestreaming',
    kind: 'boolean or null',
    about: 'Whether it has an active livestream; null when not asked (scan_page, limits, an older meeting).',
  },
] as const satisfies readonly Field[];

/** The names of `fields`, in order: the answer's `columns`. */
export function columnsOf(fields: readonly Field[]): string[] {
  return fields.map((field) => field.name);
}

/** `values` in the order of `fields`: a row as it is sent. */
export function rowOf<Fields extends readonly Field[]>(fields: Fields, values: RowValues<Fields>): RowOf<Fields> {
  const byName = values as Readonly<Record<string, string | number | boolean | null>>;
  return fields.map((field) => byName[field.name] ?? null) as RowOf<Fields>;
}

/** An ISO 8601 date, or date-time with an optional offset: the times the API writes. */
const ISO_TIME =
  /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})(?:([T ])([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:[.,]\d+)?)?(Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/i;
/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A time from the API, read: the instant, and how a row writes it. */
export interface Time {
  at: Date;
  /** ISO 8601 UTC to the second, the milliseconds cut: `2026-12-06T22:22:05Z`. */
  iso: string;
}

/**
 * A time from the API, or undefined when it is none. Only ISO 8601 is read, and only a real date (Date.parse
 * would take `6 22:22` for the year 2001, and February 30 for March 2); a date-time without an offset is UTC,
 * as the API writes times, whatever the server's time zone. Every meeting's time is read for every answer, so
 * the API's own form (`2026-12-06T22:22:05.117Z`) is written back without a second formatting.
 */
export function readTime(value: string): Time | undefined {
  const iso = ISO_TIME.exec(value);
  if (!iso) return undefined;
  const [, yearText = '', monthText, dayText, separator, hour, , second, zone] = iso;
  const [year, month, day] = [Number(yearText), Number(monthText), Number(dayText)];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : MONTH_DAYS[month - 1];
  if (days === undefined || day < 1 || day > days) return undefined;
  const utc = hour === undefined ? value : zone ? value : `${value}Z`;
  const ms = Date.parse(utc.replace(' ', 'T').replace(',', '.'));
  if (Number.isNaN(ms)) return undefined;
  const at = new Date(ms);
  // Already UTC to the second or finer, as the API writes it: the row's form is its first 19 characters.
  const written = separator === 'T' && zone === 'Z' && second !== undefined && yearText.length === 4;
  return { at, iso: written ? `${value.slice(0, 19)}Z` : `${at.toISOString().slice(0, -5)}Z` };
}

/** The instant a time from the API stands for, or undefined when it is none (readTime). */
export function instant(value: string): Date | undefined {
  return readTime(value)?.at;
}

/** A time from the API as a row holds it, ISO 8601 UTC to the second, or null when it is none. */
export function isoSecond(value: string | null | undefined): string | null {
  return (value && readTime(value)?.iso) || null;
}
