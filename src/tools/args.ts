// Arguments shared by the tools. Validation lives in zod refinements, which run before any request but
// emit no JSON Schema keywords, so the advertised schemas stay portable (no `format`, no `pattern`).
import { z } from 'zod';
import { isTag } from '../ids.js';

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

/** `isoTimeArgument('start_time', 'start')` — a date-time, or a whole-day date. */
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
