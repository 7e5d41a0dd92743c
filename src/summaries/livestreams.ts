// Pure: a meeting's active livestreams from the API → the structured result and the text a model reads.
import { z } from 'zod';
import type { ActiveLivestreams } from '../api/client.js';
import { largestFitting, MAX_STRUCTURED_STRING } from './budget.js';
import { clip, clipStrings, plural, quote, shortTime, withoutUserinfo } from './text.js';

export const livestreamsOutputSchema = z.object({
  app_id: z.string(),
  meeting_id: z.string(),
  livestreams: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      name: z.string().optional(),
      playback_url: z.string().optional(),
      ingest_server: z.string().optional(),
      disabled: z.boolean().optional(),
      created_at: z.string().optional(),
      updated_at: z.string().optional(),
      /** Only when the operator set REALTIMEKIT_MCP_REVEAL_STREAM_KEYS=1. */
      stream_key: z.string().optional(),
      /** Secret fields present in the API answer and not shown. */
      withheld: z.array(z.string()).optional(),
    }),
  ),
  truncated: z.object({ shown: z.number(), omitted: z.number() }).optional(),
});

export type LivestreamsOutput = z.input<typeof livestreamsOutputSchema>;
type LivestreamOutput = LivestreamsOutput['livestreams'][number];

export interface LivestreamsRequest {
  appId: string;
  meetingId: string;
  revealStreamKeys: boolean;
}

const STREAM_KEY_WITHHELD = '[stream key withheld]';
/** The API documents one livestream per meeting; an answer with thousands is cut here. */
const MAX_LIVESTREAMS = 50;
/** A URL longer than this is not one a model can use; it is cut with a marker. */
const MAX_URL_CHARS = 500;

export function summarizeLivestreams(
  result: ActiveLivestreams,
  request: LivestreamsRequest,
): { structured: LivestreamsOutput; text: string } {
  const livestreams = result.livestreams.map((livestream): LivestreamOutput => {
    const streamKey = livestream.stream_key ?? undefined;
    const reveal = request.revealStreamKeys;
    // A stream key can also sit inside a URL (an ingest URL with the key as its last segment).
    const scrub = (url: string | null | undefined): string | undefined => {
      if (!url) return undefined;
      const clean = withoutUserinfo(url) ?? url;
      return clip(streamKey && !reveal ? clean.split(streamKey).join(STREAM_KEY_WITHHELD) : clean, MAX_URL_CHARS);
    };
    return {
      id: livestream.id,
      status: livestream.status,
      ...(livestream.name && { name: livestream.name }),
      ...(livestream.playback_url && { playback_url: scrub(livestream.playback_url) }),
      ...(livestream.ingest_server && { ingest_server: scrub(livestream.ingest_server) }),
      ...(typeof livestream.disabled === 'boolean' && { disabled: livestream.disabled }),
      ...(livestream.created_at && { created_at: livestream.created_at }),
      ...(livestream.updated_at && { updated_at: livestream.updated_at }),
      ...(streamKey && (reveal ? { stream_key: streamKey } : { withheld: ['stream_key'] })),
    };
  });

  const where = `meeting ${request.meetingId} in app ${request.appId}`;
  if (livestreams.length === 0) {
    const hint = result.notFound
      ? ' The API answers the same (HTTP 404) for a meeting id it does not know; list_meetings shows the ids.'
      : '';
    return {
      structured: { app_id: request.appId, meeting_id: request.meetingId, livestreams },
      text: `No active livestream for ${where}.${hint}`,
    };
  }
  const all = livestreams.slice(0, MAX_LIVESTREAMS).map((livestream) => clipStrings(livestream, MAX_STRUCTURED_STRING));
  return largestFitting(all.length, (shown) => {
    const omitted = livestreams.length - shown;
    const structured: LivestreamsOutput = {
      app_id: request.appId,
      meeting_id: request.meetingId,
      livestreams: all.slice(0, shown),
      ...(omitted > 0 && { truncated: { shown, omitted } }),
    };
    const lines = [`${plural(livestreams.length, 'active livestream')} for ${where}. Times are UTC.`];
    lines.push(...structured.livestreams.map(livestreamLine));
    if (omitted > 0) lines.push(`(${omitted} more not shown: the answer would be too long.)`);
    return { structured, text: lines.join('\n') };
  });
}

function livestreamLine(livestream: LivestreamOutput): string {
  const parts = [livestream.id, livestream.status];
  if (livestream.disabled) parts.push('(disabled)');
  if (livestream.name) parts.push(quote(livestream.name));
  if (livestream.playback_url) parts.push(`watch ${livestream.playback_url}`);
  if (livestream.ingest_server) parts.push(`ingest ${livestream.ingest_server}`);
  if (livestream.created_at) parts.push(`since ${shortTime(livestream.created_at)}`);
  let line = parts.join(' ');
  if (livestream.stream_key) line += `; stream key ${livestream.stream_key}`;
  else if (livestream.withheld) line += '; stream key withheld';
  return line;
}
