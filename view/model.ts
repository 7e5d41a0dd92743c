// Pure: what get_active_livestreams answered (its structuredContent, or only its text) → what the view shows.
// The answer comes through the host, so nothing in it is trusted: anything of the wrong shape is shown as the
// text it came with, and only the fields the view shows are read (never ingest servers or stream keys), by
// the names the server writes them under (src/summaries/fields.ts).
import { instant, type LIVESTREAM_FIELDS } from '../src/summaries/fields.js';

/** What the view shows for one livestream. */
export interface Card {
  id: string;
  /** LIVE, IDLE, ERRORED or INVOKED; anything else is shown as it is, as text, with a neutral badge. */
  status: string;
  disabled: boolean;
  name?: string;
  meetingId?: string;
  meetingTitle?: string;
  /** An http(s) URL the player may load; absent when the API sent none or something else. */
  playbackUrl?: string;
  /** When it started (its created_at). */
  since?: Date;
  /** How many are in its meeting's session now, and since when, when the answer says. */
  participants?: number;
  inSessionSince?: Date;
}

export type Model =
  | { kind: 'waiting' }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'error'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'answer'; summary: string; notes: string[]; cards: Card[]; nextScanPage?: number };

export const STATUSES = ['LIVE', 'INVOKED', 'IDLE', 'ERRORED'] as const;

/** The fields a card shows: a field the server renames fails to compile here, not silently in a host. */
type Shown = Extract<
  (typeof LIVESTREAM_FIELDS)[number]['name'],
  | 'id'
  | 'status'
  | 'disabled'
  | 'name'
  | 'meeting_id'
  | 'meeting_title'
  | 'playback_url'
  | 'created_at'
  | 'live_participants'
  | 'in_session_since'
>;

/** The most cards the view shows: the server sends at most 50. */
const MAX_CARDS = 50;

/** A tool result, as the host hands it over (CallToolResult, unchecked). */
export function modelFrom(result: unknown): Model {
  const record = isRecord(result) ? result : {};
  const text = textOf(record.content);
  if (record.isError === true) return { kind: 'error', text: text || 'The tool answered with an error.' };
  const structured = record.structuredContent;
  if (!isRecord(structured) || typeof structured.summary !== 'string' || !Array.isArray(structured.livestreams)) {
    return { kind: 'text', text: text || 'The answer had no content.' };
  }
  const columns = stringArray(structured.columns) ?? [];
  const at = (row: unknown[], field: Shown) => row[columns.indexOf(field)];
  const cell = (row: unknown[], field: Shown) => {
    const value = at(row, field);
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const cards: Card[] = [];
  for (const row of structured.livestreams.slice(0, MAX_CARDS)) {
    const id = Array.isArray(row) ? cell(row, 'id') : undefined;
    if (!Array.isArray(row) || !id) continue;
    const playback = cell(row, 'playback_url');
    const since = cell(row, 'created_at');
    const sessionSince = cell(row, 'in_session_since');
    const participants = at(row, 'live_participants');
    cards.push({
      id,
      status: cell(row, 'status') ?? 'UNKNOWN',
      disabled: at(row, 'disabled') === true,
      ...optional('name', cell(row, 'name')),
      ...optional('meetingId', cell(row, 'meeting_id')),
      ...optional('meetingTitle', cell(row, 'meeting_title')),
      ...optional('playbackUrl', playback && playableUrl(playback)),
      ...optional('since', since ? instant(since) : undefined),
      ...optional(
        'participants',
        typeof participants === 'number' && Number.isSafeInteger(participants) && participants >= 0
          ? participants
          : undefined,
      ),
      ...optional('inSessionSince', sessionSince ? instant(sessionSince) : undefined),
    });
  }
  cards.sort((a, b) => rank(a.status) - rank(b.status));
  const next = structured.next_scan_page;
  return {
    kind: 'answer',
    summary: structured.summary,
    notes: stringArray(structured.notes) ?? [],
    cards,
    ...(typeof next === 'number' && Number.isInteger(next) && next > 1 && { nextScanPage: next }),
  };
}

/** Bounds what the view tells the model: the server's own answer is bounded too, but this comes through a host. */
const MAX_CONTEXT_CHARS = 20_000;

/**
 * What the model is told (ui/update-model-context) after the user refreshed the view or asked for the next scan
 * page: the answer it has not seen, in the text it reads anyway, so its next turn is about what is on screen.
 */
export function modelContextFrom(result: unknown, args: Record<string, unknown>, at: Date): string {
  const record = isRecord(result) ? result : {};
  const text = textOf(record.content) || 'The answer had no text.';
  const call = `get_active_livestreams ${JSON.stringify(args)}`;
  const what = record.isError === true ? `it answered with an error` : `it answered`;
  const context = `From the live view, the user called ${call} at ${at.toISOString()}; ${what}:\n${text}`;
  if (context.length <= MAX_CONTEXT_CHARS) return context;
  // Never between the two halves of a surrogate pair: strict hosts refuse a lone one.
  const end = /[\ud800-\udbff]/.test(context.charAt(MAX_CONTEXT_CHARS - 1)) ? MAX_CONTEXT_CHARS - 1 : MAX_CONTEXT_CHARS;
  return `${context.slice(0, end)}…`;
}

function rank(status: string): number {
  const index = (STATUSES as ReadonlyArray<string>).indexOf(status);
  return index === -1 ? STATUSES.length : index;
}

/** An http(s) URL as the URL parser writes it, without user info; undefined otherwise. */
export function playableUrl(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return undefined;
  return url.href;
}

function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .filter((block): block is { type: 'text'; text: string } => isRecord(block) && typeof block.text === 'string')
    .map((block) => block.text)
    .join('\n');
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
