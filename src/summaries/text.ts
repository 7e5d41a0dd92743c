// Small pure helpers for writing compact, single-line text for a model.

const MAX_TEXT_VALUE_CHARS = 160;

/** A value in double quotes on one line (newlines and quotes escaped), cut with a marker when long. */
export function quote(value: string, max = MAX_TEXT_VALUE_CHARS): string {
  return JSON.stringify(clip(value, max));
}

export function clip(value: string, max = MAX_TEXT_VALUE_CHARS): string {
  if (value.length <= max) return value;
  return `${value.slice(0, max)}…[+${value.length - max} chars]`;
}

/** `2019-12-27T18:11:19.117Z` → `2019-12-27 18:11` (UTC, said once per answer): minutes cost fewer tokens. */
export function shortTime(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return clip(value, 40);
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A URL with any `user:password@` removed; undefined when it is not a URL at all. */
export function withoutUserinfo(value: string): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  url.username = '';
  url.password = '';
  return url.href;
}

/**
 * Keeps only scheme and host of a URL whose path, query or fragment may carry a key
 * (`rtmp://a.rtmp.youtube.com/live2/<stream key>` → `rtmp://a.rtmp.youtube.com/…`).
 */
export function withPathWithheld(value: string): { url: string; withheld: boolean } {
  if (!URL.canParse(value)) return { url: '[not a URL; withheld]', withheld: true };
  const url = new URL(value);
  const origin = `${url.protocol}//${url.host}`;
  const hasMore = (url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '';
  const hadUserinfo = url.username !== '' || url.password !== '';
  return { url: hasMore ? `${origin}/…` : origin, withheld: hasMore || hadUserinfo };
}

/** Every string in a JSON-like value cut to `max` characters with a marker; the value is not changed. */
export function clipStrings<T>(value: T, max: number): T {
  if (typeof value === 'string') return clip(value, max) as T;
  if (Array.isArray(value)) return value.map((item) => clipStrings(item, max)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clipStrings(item, max)])) as T;
  }
  return value;
}
