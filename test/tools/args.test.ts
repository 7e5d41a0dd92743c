// Which argument a key a tool does not take was probably meant to be: refused with its name, not guessed at.
import { expect, it } from 'vitest';
import { nearestArgument } from '../../src/tools/args.js';
import { getActiveLivestreams } from '../../src/tools/get-active-livestreams.js';
import { listMeetings } from '../../src/tools/list-meetings.js';

const listing = Object.keys(listMeetings.inputSchema.shape);
const live = Object.keys(getActiveLivestreams.inputSchema.shape);

it.each([
  ['pageNo', listing, 'page_no'],
  ['PAGE_NO', listing, 'page_no'],
  ['page', listing, 'page_no'],
  ['perPage', listing, 'per_page'],
  ['statuss', listing, 'status'],
  ['serach', listing, 'search'],
  ['start', listing, 'start_time'],
  ['end', listing, 'end_time'],
  ['startTime', listing, 'start_time'],
  ['appId', listing, 'app_id'],
  ['app', listing, 'app_id'],
  ['includeRecordingConfig', listing, 'include_recording_config'],
  ['meeting', live, 'meeting_id'],
  ['meetingID', live, 'meeting_id'],
  ['scanPage', live, 'scan_page'],
])('%s is taken for %s', (key, names, meant) => {
  expect(nearestArgument(key, names)).toBe(meant);
});

it.each([
  ['wait_for_previous', listing],
  ['colour', listing],
  ['limit', listing],
  ['q', listing],
  ['id', live],
  ['title', listing],
  ['x'.repeat(100_000), listing],
])('%s is close to no argument', (key, names) => {
  expect(nearestArgument(key, names)).toBeUndefined();
});
