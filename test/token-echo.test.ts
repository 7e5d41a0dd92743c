// An API, gateway or proxy that echoes the token wherever it can: into any string field of either endpoint's
// answer, an error envelope, a reason phrase, a content type or a redirect, whole or inside other text, in any
// case, percent-encoded once or twice (as a URL carries it), and with the characters JSON or a URL parser
// rewrite. Nothing of it reaches an answer or a log line: not the token, and not a piece of it long enough to
// matter (a clipped value once kept 40 of its 42 characters, since the last scrub looks for the whole token).
import fc from 'fast-check';
import { HttpResponse, http } from 'msw';
import { afterEach, expect, it } from 'vitest';
import { ACCOUNT_ID, APP_ID, BASE_URL, MEETING_ID } from '../fixtures/api.js';
import { type Harness, startHarness, textOf } from './support/harness.js';
import { useMsw } from './support/msw.js';

const server = useMsw();
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A piece of the token this long, anywhere in any output, counts as a leak. */
const PIECE = 12;

/** Tokens as an Authorization header carries them: visible ASCII, no spaces; some shaped like Cloudflare's. */
const tokenArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{40}$/),
  fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)),
    minLength: 24,
    maxLength: 48,
  }),
);

type Form = 'raw' | 'lower' | 'upper' | 'encoded' | 'every byte encoded' | 'encoded twice';
const forms: Form[] = ['raw', 'lower', 'upper', 'encoded', 'every byte encoded', 'encoded twice'];

function inForm(token: string, form: Form): string {
  const everyByte = [...Buffer.from(token)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  switch (form) {
    case 'raw':
      return token;
    case 'lower':
      return token.toLowerCase();
    case 'upper':
      return token.toUpperCase();
    case 'encoded':
      return encodeURIComponent(token);
    case 'every byte encoded':
      return everyByte;
    case 'encoded twice':
      return everyByte.replace(/%/g, '%25');
  }
}

/** Where the echo goes: each a string the API, a gateway or a proxy controls. */
const PLACES = [
  'meeting.id',
  'meeting.title',
  'meeting.status',
  'meeting.created_at',
  'recording.file_name_prefix',
  'recording.audio_codec',
  'recording.watermark_position',
  'recording.storage_host',
  'recording.storage_bucket',
  'recording.storage_path',
  'recording.rtmp_url',
  'livestream.id',
  'livestream.name',
  'livestream.status',
  'livestream.created_at',
  'livestream.playback_url',
  'livestream.ingest_server',
  'error.code',
  'error.message',
  'gateway.message',
  'reason phrase',
  'content type',
  'redirect',
] as const;
type Place = (typeof PLACES)[number];

function meetingWith(place: Place, echo: string): Record<string, unknown> {
  const value = (at: Place, normal: string) => (place === at ? echo : normal);
  return {
    id: value('meeting.id', MEETING_ID),
    title: value('meeting.title', 'All-hands'),
    status: value('meeting.status', 'ACTIVE'),
    created_at: value('meeting.created_at', '2026-11-22T09:30:00.000Z'),
    record_on_start: true,
    recording_config: {
      file_name_prefix: value('recording.file_name_prefix', 'rec'),
      audio_config: { codec: value('recording.audio_codec', 'AAC') },
      video_config: { watermark: { position: value('recording.watermark_position', 'left top') } },
      storage_config: {
        type: 'aws',
        host: value('recording.storage_host', 'storage.example'),
        bucket: value('recording.storage_bucket', 'recordings'),
        path: value('recording.storage_path', 'meetings'),
      },
      live_streaming_config: { rtmp_url: value('recording.rtmp_url', 'rtmp://live.example/app') },
    },
  };
}

function livestreamWith(place: Place, echo: string): Record<string, unknown> {
  const value = (at: Place, normal: string) => (place === at ? echo : normal);
  return {
    id: value('livestream.id', 'ls_1'),
    name: value('livestream.name', 'Town hall'),
    status: value('livestream.status', 'LIVE'),
    meeting_id: MEETING_ID,
    created_at: value('livestream.created_at', '2026-11-22T09:31:00.000Z'),
    playback_url: value('livestream.playback_url', 'https://watch.example/ls_1/video.m3u8'),
    ingest_server: value('livestream.ingest_server', 'rtmps://ingest.example:443/live/'),
    stream_key: 'stream-key-0123456789',
  };
}

function answerWith(place: Place, echo: string, livestreams: boolean): Response {
  if (place === 'error.code' || place === 'error.message') {
    const error = place === 'error.code' ? { code: echo, message: 'Unauthorized' } : { code: 401, message: echo };
    return HttpResponse.json({ success: false, error }, { status: 401 });
  }
  if (place === 'gateway.message') {
    return HttpResponse.json({ success: false, errors: [{ code: 10000, message: echo }] }, { status: 403 });
  }
  if (place === 'reason phrase') return new HttpResponse('<html>busy</html>', { status: 502, statusText: echo });
  if (place === 'content type') return new HttpResponse('busy', { status: 200, headers: { 'Content-Type': echo } });
  if (place === 'redirect') return new HttpResponse(null, { status: 302, headers: { Location: echo } });
  if (livestreams) return HttpResponse.json({ success: true, data: [livestreamWith(place, echo)] });
  return HttpResponse.json({ success: true, data: [meetingWith(place, echo)], paging: { total_count: 1 } });
}

/** `value` with each valid run of percent-escapes decoded (the test's own, not the server's). */
function percentDecoded(value: string): string {
  return value.replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** Every way an output could still hold the token: as sent, with JSON's escapes undone, percent-decoded. */
function views(output: string): string[] {
  const unescaped = output.replace(/\\(["\\/])/g, '$1');
  return [output, unescaped, percentDecoded(unescaped), percentDecoded(percentDecoded(unescaped))].map((view) =>
    view.toLowerCase(),
  );
}

function pieces(token: string): string[] {
  const lower = token.toLowerCase();
  return Array.from({ length: lower.length - PIECE + 1 }, (_, at) => lower.slice(at, at + PIECE));
}

it('no echo of the token, or of a piece of it, reaches an answer or a log line', async () => {
  await fc.assert(
    fc.asyncProperty(
      tokenArb,
      fc.constantFrom(...forms),
      fc.constantFrom(...PLACES),
      fc.constantFrom('', 'x', 'https://', 'https://a.example/?t=', 'Bearer ', 'ls_'),
      fc.constantFrom('', '.evil.example/', '/m.m3u8', ' (echoed)'),
      async (token, form, place, before, after) => {
        harness = await startHarness({
          CLOUDFLARE_API_TOKEN: token,
          CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
          REALTIMEKIT_APP_ID: APP_ID,
          CLOUDFLARE_BASE_URL: BASE_URL,
        });
        const echo = `${before}${inForm(token, form)}${after}`;
        server.use(
          http.get(`${BASE_URL}/*`, ({ request }) =>
            answerWith(place, echo, request.url.endsWith('/active-livestream')),
          ),
        );
        const outputs: string[] = [];
        for (const [name, args] of [
          ['list_meetings', { include_recording_config: true }],
          ['get_active_livestreams', { meeting_id: MEETING_ID }],
          ['get_active_livestreams', {}],
        ] as const) {
          const result = await harness.call(name, args);
          outputs.push(textOf(result), JSON.stringify(result.structuredContent ?? null));
        }
        outputs.push(...harness.logs);
        const leaks = outputs.flatMap(views).flatMap((view) => pieces(token).filter((piece) => view.includes(piece)));
        expect(leaks, `${place}, ${form}: ${JSON.stringify(echo)}`).toEqual([]);
        await harness.close();
        harness = undefined;
      },
    ),
    { numRuns: 150 },
  );
});
