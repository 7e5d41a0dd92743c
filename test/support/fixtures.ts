// API bodies shaped like ../shared/reference, with secrets planted where the real API can put them.

export const ACCOUNT_ID = '023e105f4ecef8ad9ca31a8372d0c353';
export const APP_ID = 'app_test_01';
export const BASE_URL = 'https://api.cloudflare.test/client/v4';
export const MEETING_ID = '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e';

/** Distinctive values that must never appear in any tool result or log line. */
export const PLANTED = {
  token: 'PLANTED-TOKEN-Sn3lZJTBX6kkg7OdcBUAxOO963GE',
  streamKey: 'PLANTED-STREAM-KEY-4f2a9c1e7b',
  rtmpKey: 'PLANTED-RTMP-KEY-88d1e0c3aa',
  accessKey: 'PLANTED-ACCESS-KEY-AKIAIOSFODNN7',
  secret: 'PLANTED-SECRET-wJalrXUtnFEMIK7MDENG',
  password: 'PLANTED-PASSWORD-correct-horse',
  privateKey: 'PLANTED-PRIVATE-KEY-MIIEvQIBADANBgkqhkiG9w0',
} as const;

export const PLANTED_VALUES: readonly string[] = Object.values(PLANTED);

/** The example meeting from list-meetings.api-reference.txt, verbatim. */
export function referenceMeeting(): Record<string, unknown> {
  return {
    id: '182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e',
    created_at: '2019-12-27T18:11:19.117Z',
    updated_at: '2019-12-27T18:11:19.117Z',
    live_stream_on_start: true,
    persist_chat: true,
    record_on_start: true,
    recording_config: {
      audio_config: { channel: 'mono', codec: 'MP3', export_file: true },
      file_name_prefix: 'file_name_prefix',
      live_streaming_config: { rtmp_url: 'rtmp://a.rtmp.youtube.com/live2' },
      max_seconds: 60,
      realtimekit_bucket_config: { enabled: true },
      storage_config: {
        type: 'aws',
        auth_method: 'KEY',
        bucket: 'bucket',
        host: 'host',
        password: 'password',
        path: 'path',
        port: 0,
        private_key: 'private_key',
        region: 'us-east-1',
        secret: 'secret',
        username: 'username',
      },
      video_config: {
        codec: 'H264',
        export_file: true,
        height: 720,
        watermark: { position: 'left top', size: { height: 1, width: 1 }, url: 'https://example.com' },
        width: 1280,
      },
    },
    session_keep_alive_time_in_secs: 60,
    status: 'ACTIVE',
    summarize_on_end: true,
    title: 'title',
    transcribe_on_end: true,
  };
}

/** A meeting like the reference one, with realistic ids and titles and the secrets planted. */
export function meeting(index: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const base = referenceMeeting();
  const recording = base.recording_config as Record<string, Record<string, unknown>>;
  recording.storage_config = {
    ...recording.storage_config,
    access_key: PLANTED.accessKey,
    secret: PLANTED.secret,
    password: PLANTED.password,
    private_key: PLANTED.privateKey,
  };
  recording.live_streaming_config = { rtmp_url: `rtmp://a.rtmp.youtube.com/live2/${PLANTED.rtmpKey}` };
  const day = String((index % 28) + 1).padStart(2, '0');
  return {
    ...base,
    id: meetingId(index),
    title: `Weekly sync ${index}`,
    status: index % 3 === 0 ? 'INACTIVE' : 'ACTIVE',
    created_at: `2026-10-${day}T09:${String(index % 60).padStart(2, '0')}:07.250Z`,
    updated_at: `2026-10-${day}T10:00:00.000Z`,
    ...overrides,
  };
}

export function meetingId(index: number): string {
  return `8d3f${String(index).padStart(4, '0')}-1c2b-4a5e-9f60-${String(index).padStart(12, '0')}`;
}

export function meetingsPage(
  data: Array<Record<string, unknown>>,
  paging: Record<string, unknown> = { total_count: data.length, start_offset: 1, end_offset: data.length },
): Record<string, unknown> {
  return { success: true, data, paging };
}

export function liveLivestream(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'ls_7f3a91c2',
    created_at: '2026-11-22T09:30:12.000Z',
    updated_at: '2026-11-22T09:31:00.000Z',
    disabled: 'false',
    ingest_server: 'rtmps://live.realtime.cloudflare.test:443/live/',
    meeting_id: MEETING_ID,
    name: 'All-hands',
    playback_url: 'https://watch.realtime.cloudflare.test/ls_7f3a91c2/manifest/video.m3u8',
    status: 'LIVE',
    stream_key: PLANTED.streamKey,
    ...overrides,
  };
}

export { gatewayError, realtimeKitError } from '../../src/demo/sample-api.js';
