import { expect, it } from 'vitest';
import { livestreamSchema, meetingSchema } from '../../src/api/schemas.js';
import { sampleAccount } from '../../src/demo/sample-account.js';
import { isUuid } from '../../src/lib/ids.js';

const NOW = Date.parse('2026-11-22T10:00:00Z');

it('is the same account for the same moment', () => {
  expect(sampleAccount(NOW)).toEqual(sampleAccount(NOW));
});

it('has the shape the API documents, so the demo exercises the real parsing', () => {
  const { meetings, livestreams = {} } = sampleAccount(NOW);
  for (const meeting of meetings) expect(meetingSchema.safeParse(meeting).success).toBe(true);
  for (const data of Object.values(livestreams)) {
    for (const livestream of [data].flat()) expect(livestreamSchema.safeParse(livestream).success).toBe(true);
  }
});

it('is realistic: dozens of meetings with unique UUIDs, across statuses and dates, some untitled', () => {
  const { meetings, livestreams = {} } = sampleAccount(NOW);
  const ids = meetings.map((meeting) => String(meeting.id));
  expect(meetings.length).toBeGreaterThanOrEqual(30);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.every(isUuid)).toBe(true);
  expect(meetings.filter((meeting) => meeting.status === 'ACTIVE').length).toBeGreaterThanOrEqual(10);
  expect(meetings.filter((meeting) => meeting.title === undefined).length).toBeGreaterThanOrEqual(3);
  const created = meetings.map((meeting) => Date.parse(String(meeting.created_at)));
  expect(Math.max(...created) - Math.min(...created)).toBeGreaterThan(30 * 24 * 3_600_000);
  expect(created.every((time) => time < NOW)).toBe(true);
  // Livestreams belong to active meetings of the account.
  for (const meetingId of Object.keys(livestreams)) {
    expect(meetings.find((meeting) => meeting.id === meetingId)?.status).toBe('ACTIVE');
  }
});
