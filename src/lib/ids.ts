// The shapes of the identifiers that go into API paths. Anything else is refused before a request is made,
// so a value can never add a path segment, a query string or an encoded traversal.

/** Cloudflare account and RealtimeKit app ids: 1-32 letters, digits, `_` or `-`. */
const TAG = /^[A-Za-z0-9_-]{1,32}$/;
export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A livestream id, whose shape the API does not document: ASCII letters and digits, with _ . : - inside. */
export const LIVESTREAM_ID_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

export function isTag(value: string): boolean {
  return TAG.test(value);
}

export function isUuid(value: string): boolean {
  return UUID_SHAPE.test(value);
}
