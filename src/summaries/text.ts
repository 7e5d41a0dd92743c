// How a value from the API enters the text a model reads. A model trusts the text's shape (one header, one
// line per item), so no value may add, end or reorder a line: every value is shown raw only when it has the
// shape the API documents for it, and otherwise through `quote`, the one escaping path.

import { clip as clipString, UNSAFE } from '../lib/strings.js';
import { instant } from './fields.js';

const MAX_TEXT_VALUE_CHARS = 160;

/** A value in double quotes on one line: JSON's escapes, \u escapes for every unsafe character, cut when long. */
export function quote(value: string, max = MAX_TEXT_VALUE_CHARS): string {
  return JSON.stringify(clip(value, max)).replace(
    UNSAFE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `value` raw when it has the documented shape `shape` (which admits no space or unsafe character), else quoted. */
export function show(value: string, shape: RegExp, max = 80): string {
  return shape.test(value) ? value : quote(value, max);
}

/** Cut to `max` characters (160 unless said) with a marker, never inside a surrogate pair. */
export function clip(value: string, max = MAX_TEXT_VALUE_CHARS): string {
  return clipString(value, max);
}

/** `2019-12-27T18:11:19.117Z` → `2019-12-27 18:11` (UTC, said once per answer); undefined when it is no time. */
export function shortTime(value: string): string | undefined {
  const time = instant(value);
  if (!time) return undefined;
  // Cut at the T, not at a fixed place: a year past 9999 is written +012026.
  const iso = time.toISOString();
  const at = iso.indexOf('T');
  return `${iso.slice(0, at)} ${iso.slice(at + 1, at + 6)}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A URL too long to be of use to a model. */
const MAX_URL_CHARS = 500;

/**
 * A URL as the URL parser writes it (ASCII, every unsafe character percent-encoded) and without user info, when
 * it parses with one of `schemes` and names a host; undefined otherwise, so that a value that is not a URL
 * (`user:pass@host`, `rtmp:/user:pass@host`) is never shown.
 */
export function urlOf(value: string, schemes: ReadonlySet<string>): string | undefined {
  if (!URL.canParse(value)) return undefined;
  const url = new URL(value);
  // A URL with no host is no address: for a scheme the parser does not know (rtmp:), `rtmp:/user:pass@host`
  // and `rtmp:user@host` parse with their user info in the path, where no setter clears it.
  if (!schemes.has(url.protocol) || url.host === '') return undefined;
  url.username = '';
  url.password = '';
  return url.href.length <= MAX_URL_CHARS ? url.href : undefined;
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

/**
 * The host (and port) of a storage endpoint, with whatever else it carries dropped: user info, a path, a SAS
 * signature in the query. Undefined when there is no host to find.
 */
export function hostOf(value: string): string | undefined {
  const candidate = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  if (!URL.canParse(candidate)) return undefined;
  const { host } = new URL(candidate);
  return host || undefined;
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
