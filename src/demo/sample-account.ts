// The built-in sample account that --demo serves: a realistic RealtimeKit app with dozens of meetings
// across statuses and dates, some untitled, several livestreams, and recording configurations that carry
// (fake) credentials and stream keys, which the server must withhold like real ones. Pure and
// deterministic: the same `now` gives the same account.
import type { SampleApiOptions, SampleApp } from './sample-routes.js';

export const DEMO_ACCOUNT_ID = 'demo_account';
export const DEMO_APP_ID = 'demo_app';

/** The fake secrets the sample account carries; no answer may contain any of them. */
export const DEMO_SECRETS = {
  accessKey: 'DEMO-ACCESS-KEY-7Q2W-NOT-REAL',
  secret: 'DEMO-SECRET-h4Xk9-NOT-REAL',
  password: 'DEMO-SFTP-PASSWORD-NOT-REAL',
  privateKey: 'DEMO-PRIVATE-KEY-MIIEvQ-NOT-REAL',
  rtmpKey: 'demo-rtmp-key-x8p3-not-real',
  streamKeys: [
    'demo-stream-key-1a2b-not-real',
    'demo-stream-key-3c4d-not-real',
    'demo-stream-key-5e6f-not-real',
    'demo-stream-key-7a8b-not-real',
    'demo-stream-key-9c0d-not-real',
    'demo-stream-key-e1f2-not-real',
  ],
} as const;

const TITLES = [
  'All-hands',
  'Weekly engineering sync',
  'Design review: onboarding flow',
  'Customer onboarding: Acme Corp',
  'Support office hours',
  'Product launch rehearsal',
  null,
  'Sales pipeline review',
  'Incident retro: checkout latency',
  'Board prep',
  'Hiring panel: backend engineer',
  'Webinar: Getting started with RealtimeKit',
  'Quarterly planning',
  'Team standup',
  'Community livestream',
  null,
  'Partner sync: Globex',
  'Security review',
  '1:1 Maya / Jordan',
  'Marketing campaign kickoff',
  'Data platform deep dive',
  'Town hall Q&A',
  null,
  'Mobile release go/no-go',
];

/** Which meetings (by index) are in progress, and which of those are livestreaming. */
const ACTIVE = new Set([0, 1, 3, 4, 5, 11, 13, 14, 17, 21, 26, 30]);

/** A small seeded generator, so ids look random but never change. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(random: () => number): string {
  const hex = (length: number) => Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

function recordingConfig(index: number): Record<string, unknown> | undefined {
  if (index % 3 === 2) return undefined;
  const base = {
    max_seconds: index % 2 ? 3600 : 7200,
    file_name_prefix: 'demo',
    audio_config: { codec: 'AAC', channel: 'stereo', export_file: index % 4 === 0 },
    video_config: { codec: 'H264', width: 1280, height: 720, export_file: true },
    realtimekit_bucket_config: { enabled: index % 2 === 0 },
    live_streaming_config: { rtmp_url: `rtmp://a.rtmp.youtube.com/live2/${DEMO_SECRETS.rtmpKey}` },
  };
  if (index % 5 === 0) {
    return {
      ...base,
      storage_config: {
        type: 'sftp',
        host: 'recordings.example.com',
        port: 22,
        username: 'recorder',
        auth_method: 'KEY',
        path: '/srv/recordings',
        private_key: DEMO_SECRETS.privateKey,
        password: DEMO_SECRETS.password,
      },
    };
  }
  return {
    ...base,
    storage_config: {
      type: 'aws',
      bucket: 'acme-meeting-recordings',
      region: 'us-east-1',
      path: 'realtimekit/',
      access_key: DEMO_SECRETS.accessKey,
      secret: DEMO_SECRETS.secret,
    },
  };
}

export function sampleAccount(now: number): SampleApp {
  const random = seeded(2026);
  const hour = 3_600_000;
  const meetings = Array.from({ length: 36 }, (_, index) => {
    const title = TITLES[index % TITLES.length];
    // Newest first, about a day and a half apart; the active ones are recent.
    const created = new Date(now - (ACTIVE.has(index) ? index * 2 + 1 : index * 37 + 5) * hour);
    const recording = recordingConfig(index);
    return {
      id: uuid(random),
      created_at: created.toISOString(),
      updated_at: new Date(created.getTime() + 20 * 60_000).toISOString(),
      ...(title !== null && { title: index >= TITLES.length ? `${title} (${index - TITLES.length + 2})` : title }),
      status: ACTIVE.has(index) ? 'ACTIVE' : 'INACTIVE',
      record_on_start: index % 2 === 0,
      live_stream_on_start: index === 0 || index === 14,
      persist_chat: index % 3 === 0,
      transcribe_on_end: index % 4 !== 3,
      summarize_on_end: index % 4 === 0,
      session_keep_alive_time_in_secs: 60,
      ...(recording && { recording_config: recording }),
    };
  });

  const idOf = (index: number) => meetings[index]?.id ?? '';
  const since = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const livestream = (index: number, id: string, fields: Record<string, unknown>) => ({
    id,
    meeting_id: idOf(index),
    created_at: since(40),
    updated_at: since(5),
    disabled: 'false',
    ingest_server: 'rtmps://live.example.com:443/live/',
    playback_url: `https://watch.example.com/${id}/manifest/video.m3u8`,
    ...fields,
  });
  // Sessions in progress now: meetings with people in them, livestreaming or not; one older (v1) room; and
  // sessions that have ended, which a list of LIVE ones leaves out.
  const session = (index: number | string, participants: number, startedMinutesAgo: number, status = 'LIVE') => {
    const meeting = typeof index === 'number' ? meetings[index] : undefined;
    const started = since(startedMinutesAgo);
    return {
      id: `sess_${typeof index === 'number' ? index : index.slice(0, 6)}_${startedMinutesAgo}`,
      associated_id: meeting?.id ?? index,
      meeting_display_name: meeting?.title ?? (typeof index === 'string' ? 'Legacy support room' : null),
      status,
      type: 'meeting',
      live_participants: status === 'LIVE' ? participants : 0,
      max_concurrent_participants: participants + 3,
      minutes_consumed: participants * startedMinutesAgo,
      organization_id: DEMO_APP_ID,
      created_at: started,
      started_at: started,
      updated_at: since(1),
      ...(status === 'ENDED' && { ended_at: since(2) }),
    };
  };
  return {
    meetings,
    sessions: [
      session(0, 48, 42),
      session(14, 23, 41),
      session(11, 31, 45),
      session(1, 7, 20),
      session(5, 4, 16),
      session(13, 6, 9),
      session('mvtzkp-qhdrwa', 2, 30),
      session(3, 5, 180, 'ENDED'),
      session(4, 12, 300, 'ENDED'),
    ],
    // Livestreams sent from an encoder, without a meeting: the API lists them apart.
    independentLivestreams: {
      shape: 'array',
      livestreams: [
        {
          id: 'ls_lobby_cam_2d7e',
          meeting_id: null,
          name: 'Lobby camera',
          status: 'LIVE',
          created_at: since(90),
          updated_at: since(1),
          disabled: false,
          ingest_server: 'rtmps://live.example.com:443/live/',
          playback_url: 'https://watch.example.com/ls_lobby_cam_2d7e/manifest/video.m3u8',
          stream_key: DEMO_SECRETS.streamKeys[4],
        },
        {
          id: 'ls_spare_encoder_77a1',
          meeting_id: null,
          name: 'Spare encoder',
          status: 'IDLE',
          created_at: since(600),
          disabled: false,
          stream_key: DEMO_SECRETS.streamKeys[5],
        },
      ],
    },
    livestreams: {
      [idOf(0)]: livestream(0, 'ls_allhands_5f1c', {
        name: 'All-hands (public stream)',
        status: 'LIVE',
        stream_key: DEMO_SECRETS.streamKeys[0],
      }),
      // Two streams for one meeting: the API documents one object, but the server accepts an array.
      [idOf(14)]: [
        livestream(14, 'ls_community_a7e2', {
          name: 'Community livestream',
          status: 'LIVE',
          stream_key: DEMO_SECRETS.streamKeys[1],
        }),
        livestream(14, 'ls_community_b3d9', {
          name: 'Community livestream (backup)',
          status: 'IDLE',
          disabled: true,
          stream_key: DEMO_SECRETS.streamKeys[2],
        }),
      ],
      [idOf(5)]: livestream(5, 'ls_rehearsal_91aa', { name: null, status: 'IDLE', created_at: since(15) }),
      [idOf(11)]: livestream(11, 'ls_webinar_0c4e', {
        name: 'Getting started webinar',
        status: 'ERRORED',
        // Some encoders are given the key inside the URL: it must be withheld there too.
        ingest_server: `rtmps://live.example.com:443/live/${DEMO_SECRETS.streamKeys[3]}`,
        stream_key: DEMO_SECRETS.streamKeys[3],
      }),
    },
  };
}

/** The sample API serving the sample account, to callers with `token` alone, its times around `now`. */
export function sampleAccountApi(token: string, now: number): SampleApiOptions {
  return { token, accountId: DEMO_ACCOUNT_ID, apps: { [DEMO_APP_ID]: sampleAccount(now) } };
}
