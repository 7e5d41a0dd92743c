// The string rules every layer shares: which characters may never reach a model's text raw, and how a string
// is cut to a length without breaking a character in two.

/**
 * Characters that never reach the text raw: C0 and C1 controls (CR, LF, the ESC of ANSI sequences, NEL), the
 * line and paragraph separators, and the bidirectional formatting characters that reorder what a reader sees.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for.
export const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** A surrogate without its pair: strict clients (Python's) reject a whole message that carries one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Cut to `max` characters with a marker, never inside a surrogate pair; lone surrogates become U+FFFD. */
export function clip(value: string, max: number): string {
  if (value.length <= max) return value.replace(LONE_SURROGATE, '\ufffd');
  const end = /[\ud800-\udbff]/.test(value.charAt(max - 1)) ? max - 1 : max;
  return `${value.slice(0, end).replace(LONE_SURROGATE, '\ufffd')}…[+${value.length - end} chars]`;
}

/** `value` on one line: every run of white space or unsafe characters becomes one space; then clipped. */
export function oneLine(value: string, max: number): string {
  return clip(
    value
      .replace(/[\s\u0085]+/g, ' ')
      .replace(UNSAFE, ' ')
      .replace(/ {2,}/g, ' ')
      .trim(),
    max,
  );
}

/** `value` with every occurrence of `secret` replaced, in any case; a secret shorter than 8 characters is left. */
export function redacted(value: string, secret: string | undefined, replacement = '[redacted]'): string {
  if (!secret || secret.length < 8) return value;
  return replacedInAnyCase(value, secret, replacement);
}

/** `value` with every occurrence of `text` (taken literally, in any case) replaced by `replacement`. */
export function replacedInAnyCase(value: string, text: string, replacement: string): string {
  return value.replace(new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi'), replacement);
}
