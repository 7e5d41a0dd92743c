// Arguments shared by the tools. Validation lives in zod refinements, which run before any request but
// emit no JSON Schema keywords, so the advertised schemas stay portable (no `format`, no `pattern`).
import { z } from 'zod';
import { isTag } from '../lib/ids.js';

export const appIdArgument = z
  .string()
  .refine(isTag, 'app_id must be a RealtimeKit app id: 1-32 letters, digits, "_" or "-"')
  .optional()
  .describe("RealtimeKit app id. Defaults to the server's REALTIMEKIT_APP_ID.");

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** A real calendar date in ISO 8601 form, with or without a time (no offset means UTC). */
export function isIsoTime(value: string): boolean {
  const match = DATE.exec(value) ?? DATE_TIME.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  const isCalendarDate = date.getUTCMonth() === (month ?? 0) - 1 && date.getUTCDate() === day;
  return isCalendarDate && !Number.isNaN(Date.parse(toUtc(value)));
}

/** An optional time argument named `name` (for its error), described by `description`: a date-time, or a whole-day date. */
export function isoTimeArgument(name: string, description: string) {
  return z
    .string()
    .refine(
      isIsoTime,
      `${name} must be an ISO 8601 date-time such as 2026-11-01T09:00:00Z, or a date such as 2026-11-01`,
    )
    .optional()
    .describe(description);
}

function toUtc(value: string): string {
  if (DATE.test(value)) return `${value}T00:00:00Z`;
  return /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
}

/**
 * The exact instant sent to the API. A plain date is the start of that UTC day, or its last millisecond
 * when it ends a range, so `end_time: 2026-11-01` includes the whole day.
 */
export function toApiTime(value: string, edge: 'start' | 'end'): string {
  if (edge === 'end' && DATE.test(value)) return `${value}T23:59:59.999Z`;
  return new Date(Date.parse(toUtc(value))).toISOString();
}

/**
 * For a rule between arguments (a refinement of the whole input): it runs only once each argument is valid
 * on its own, so it never reads a value its own check refused.
 */
export const BETWEEN_VALID_ARGUMENTS = {
  when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0,
};

/** Text matched against meeting titles and ids by the API; sent only as a query value. */
export function searchArgument(description: string) {
  return z
    .string()
    .trim()
    .min(1, 'search must not be empty')
    .max(200, 'search must be at most 200 characters')
    .optional()
    .describe(description);
}

/**
 * The argument `key` was most likely meant to be, or undefined when it is not close to any. Names are compared
 * without case, `_` or `-`: the same (`pageNo`, `meetingId`), a start of at least three letters (`start`,
 * `page`, `meeting`), or at most two edits apart (`statuss`, `serach`).
 */
export function nearestArgument(key: string, names: readonly string[]): string | undefined {
  const bare = (name: string) => name.toLowerCase().replace(/[_-]/g, '');
  const wanted = bare(key);
  if (wanted.length < 2 || wanted.length > 64) return undefined;
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const target = bare(name);
    const distance = wanted.length >= 3 && target.startsWith(wanted) ? 1 : editDistance(wanted, target);
    if (distance <= Math.min(2, target.length - 2) && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
