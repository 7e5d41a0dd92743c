// What the RealtimeKit API answers, as tolerant zod schemas: unknown fields are dropped, documented
// type quirks (numbers as strings, `disabled` as a string, `null` for absent) are accepted, and the
// storage credentials are reduced to the names of those present, so their values never leave this layer.
import { z } from 'zod';

/** A finite number, or a string holding one (the SDKs type paging as floats; some proxies stringify). */
const looseNumber = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^-?\d+(\.\d+)?$/, 'expected a number')
      .transform(Number),
  ])
  .refine(Number.isFinite, 'not a finite number');

/** A count of things: never negative, never past what a number holds exactly. */
const looseCount = looseNumber.refine((n) => n >= 0 && n <= Number.MAX_SAFE_INTEGER, 'not a count');

const looseBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

const TRUE_WORDS = new Set(['true', '1', 'yes', 'disabled']);
const FALSE_WORDS = new Set(['false', '0', 'no', '', 'enabled']);

/** `disabled` is typed string in the SDKs and sent as boolean in the schema's examples. */
const disabledFlag = z.union([z.boolean(), z.string()]).transform((value) => {
  if (typeof value === 'boolean') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return undefined;
});

const optionalString = z.string().nullish();

export const STORAGE_CREDENTIAL_FIELDS = ['access_key', 'secret', 'password', 'private_key'] as const;

const storageConfig = z
  .object({
    type: optionalString,
    bucket: optionalString,
    region: optionalString,
    path: optionalString,
    host: optionalString,
    port: looseNumber.nullish(),
    auth_method: optionalString,
    access_key: z.unknown().optional(),
    secret: z.unknown().optional(),
    password: z.unknown().optional(),
    private_key: z.unknown().optional(),
  })
  .transform(({ access_key, secret, password, private_key, ...rest }) => {
    const given = { access_key, secret, password, private_key };
    const credentials = STORAGE_CREDENTIAL_FIELDS.filter((name) => given[name] !== undefined && given[name] !== null);
    return { ...rest, credentials };
  });

const recordingConfig = z.object({
  max_seconds: looseNumber.nullish(),
  file_name_prefix: optionalString,
  audio_config: z
    .object({ codec: optionalString, channel: optionalString, export_file: looseBoolean.nullish() })
    .nullish(),
  video_config: z
    .object({
      codec: optionalString,
      width: looseNumber.nullish(),
      height: looseNumber.nullish(),
      export_file: looseBoolean.nullish(),
      watermark: z.object({ url: optionalString, position: optionalString }).nullish(),
    })
    .nullish(),
  realtimekit_bucket_config: z.object({ enabled: looseBoolean.nullish() }).nullish(),
  storage_config: storageConfig.nullish(),
  live_streaming_config: z.object({ rtmp_url: optionalString }).nullish(),
});

export const meetingSchema = z.object({
  id: z.string().min(1),
  created_at: z.string().min(1),
  updated_at: optionalString,
  title: optionalString,
  status: optionalString,
  record_on_start: looseBoolean.nullish(),
  live_stream_on_start: looseBoolean.nullish(),
  persist_chat: looseBoolean.nullish(),
  transcribe_on_end: looseBoolean.nullish(),
  summarize_on_end: looseBoolean.nullish(),
  session_keep_alive_time_in_secs: looseNumber.nullish(),
  recording_config: recordingConfig.nullish(),
});

export const meetingsResponseSchema = z.object({
  data: z.array(meetingSchema),
  paging: z.object({
    total_count: looseCount,
    start_offset: looseNumber.nullish(),
    end_offset: looseNumber.nullish(),
  }),
});

export const livestreamSchema = z.object({
  id: optionalString,
  status: optionalString,
  name: optionalString,
  meeting_id: optionalString,
  playback_url: optionalString,
  ingest_server: optionalString,
  stream_key: optionalString,
  disabled: disabledFlag.nullish(),
  created_at: optionalString,
  updated_at: optionalString,
});

/** `data` is documented as one object; accept an array too, and null or absent for "none". */
export const activeLivestreamResponseSchema = z.object({
  data: z.union([livestreamSchema, z.array(livestreamSchema)]).nullish(),
});

/** `paging`, wherever it is: read when it can be, since only its total says a list is complete. */
export const pagingSchema = z.object({ total_count: looseCount.nullish() }).nullish().catch(undefined);

/** A session: a meeting's time in use. Only what the answer tells is kept; the SDK marks more required. */
export const sessionSchema = z.object({
  id: optionalString,
  /** The meeting's id: a UUID for today's meetings, a room name (`abcdef-ghijkl`) for v1 ones. */
  associated_id: optionalString,
  meeting_display_name: optionalString,
  status: optionalString,
  live_participants: looseCount.nullish(),
  started_at: optionalString,
  created_at: optionalString,
});

/** `GET …/sessions`: the array is `data.sessions`, and `paging` sits beside `data`. */
export const sessionsResponseSchema = z.object({
  data: z.object({ sessions: z.array(sessionSchema) }),
  paging: pagingSchema,
});

/** `GET …/realtime/kit/apps`: the account's apps. */
export const appsResponseSchema = z.object({
  data: z.array(z.object({ id: z.string().min(1), name: optionalString, created_at: optionalString })),
  paging: pagingSchema,
});

/** Cloudflare's own envelope (`result`), for the token check a person's sign-in makes. */
export const tokenVerifyResponseSchema = z.object({
  result: z.object({ id: z.string().min(1), status: z.string().min(1) }),
});

/** GET /accounts: `result_info` is Cloudflare's paging, beside `result`. */
export const accountsResponseSchema = z.object({
  result: z.array(z.object({ id: z.string().min(1), name: optionalString })),
  result_info: pagingSchema,
});

export type Meeting = z.output<typeof meetingSchema>;
export type Session = z.output<typeof sessionSchema>;
export type RecordingConfig = NonNullable<Meeting['recording_config']>;
export type MeetingsPage = z.output<typeof meetingsResponseSchema>;
export type Livestream = z.output<typeof livestreamSchema>;
