// The fields of each tool's rows as programs rely on them, spelled out once for the tests: a change to the
// server's field list (src/summaries/fields.ts) fails the tests that compare with these, as it would break a
// program (README: Scripts).

export const MEETING_COLUMNS = ['id', 'title', 'status', 'created_at', 'options'];
export const MEETING_COLUMNS_WITH_RECORDING = [...MEETING_COLUMNS, 'recording'];
export const LIVESTREAM_COLUMNS = [
  'id',
  'status',
  'disabled',
  'name',
  'meeting_id',
  'meeting_title',
  'playback_url',
  'ingest_server',
  'created_at',
  'stream_key',
  'live_participants',
  'in_session_since',
];
export const SESSION_COLUMNS = ['meeting_id', 'meeting_title', 'live_participants', 'since', 'livestreaming'];
