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

/** A fault for the operator's log without its stack: its name and message, on one line, clipped. */
export function faultLine(fault: unknown, max = 300): string {
  return oneLine(fault instanceof Error ? `${fault.name}: ${fault.message}` : String(fault), max);
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

/**
 * What cuts `secret` out of a string: every occurrence, in any case and however often it was percent-encoded (as
 * a proxy writes a token into a URL); a value that held it only encoded comes back decoded, with it cut out.
 * A secret shorter than 8 characters (or none) is left alone: cutting it would mangle text, and no token is
 * that short. The search is built once, for the many strings of an answer.
 */
export function redactor(secret: string | undefined, replacement = '[redacted]'): (value: string) => string {
  if (!secret || secret.length < 8) return (value) => value;
  const pattern = new RegExp(escapedForRegExp(secret), 'gi');
  const lower = secret.toLowerCase();
  return (value) => {
    // Too short to hold it, in any case or encoding: most of what an answer holds (ids, codes, statuses).
    if (value.length < secret.length) return value;
    const cut = value.toLowerCase().includes(lower) ? value.replace(pattern, replacement) : value;
    return cut.includes('%') ? (decodedToShow(cut, lower)?.replace(pattern, replacement) ?? cut) : cut;
  };
}

/** Whether `value` holds `secret` in any case once percent-decoded, however often it was encoded. */
export function holdsEncoded(value: string, secret: string): boolean {
  return decodedToShow(value, secret.toLowerCase()) !== undefined;
}

/** `value` percent-decoded until it shows `lower` (encoded once, or again by a second proxy), or undefined. */
function decodedToShow(value: string, lower: string): string | undefined {
  let decoded = value;
  for (let round = 0; round < 3 && decoded.includes('%'); round++) {
    const next = percentDecoded(decoded);
    if (next === decoded) return undefined;
    if (next.toLowerCase().includes(lower)) return next;
    decoded = next;
  }
  return undefined;
}

/** `value` with every string in it (at any depth, in arrays and plain objects) passed through `redact`. */
export function withStringsRedacted<T>(value: T, redact: (value: string) => string): T {
  // Copied only where something changed: an answer that holds no secret is returned as it was.
  const walk = (item: unknown): unknown => {
    if (typeof item === 'string') return redact(item);
    if (Array.isArray(item)) {
      const walked = item.map(walk);
      return walked.some((inner, at) => inner !== item[at]) ? walked : item;
    }
    if (item && typeof item === 'object') {
      let copy: Record<string, unknown> | undefined;
      for (const [key, inner] of Object.entries(item)) {
        const walked = walk(inner);
        if (walked === inner) continue;
        copy ??= { ...item };
        // Defined, not assigned: a key named __proto__ stays a key.
        Object.defineProperty(copy, key, { value: walked, enumerable: true, writable: true, configurable: true });
      }
      return copy ?? item;
    }
    return item;
  };
  return walk(value) as T;
}

/** `value` with every occurrence of `text` (taken literally, in any case) replaced by `replacement`. */
export function replacedInAnyCase(value: string, text: string, replacement: string): string {
  return value.replace(new RegExp(escapedForRegExp(text), 'gi'), replacement);
}

function escapedForRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `value` with each run of percent-escapes decoded where it is valid UTF-8, and left as it was where not. */
function percentDecoded(value: string): string {
  return value.replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
