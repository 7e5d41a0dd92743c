// Tool: list_meetings — one page of an app's meetings, filtered, as one line per meeting.
import { z } from 'zod';
import { MEETING_FIELDS, RECORDING_FIELDS } from '../summaries/fields.js';
import { MAX_PAGE_NO, MAX_PER_PAGE, summarizeMeetings } from '../summaries/meetings.js';
import { appIdArgument, BETWEEN_VALID_ARGUMENTS, isoTimeArgument, searchArgument, toApiTime } from './args.js';
import { answerSchema, defineTool, READ_ONLY_API_TOOL } from './tool.js';

export const listMeetings = defineTool({
  name: 'list_meetings',
  title: 'List RealtimeKit meetings',
  summary: 'finds meetings by title, id, status or creation time, and their ids',
  action: 'listing meetings',
  narrow: 'search, status, a time range, a smaller per_page, or no include_recording_config',
  description: [
    "List a Cloudflare RealtimeKit app's meetings, a page at a time: find a meeting by title or id (search),",
    'see which are ACTIVE or INACTIVE (status), narrow by creation time (start_time, end_time), or get the',
    'meeting id that get_active_livestreams takes. Each line gives id, title, status, creation time (UTC) and',
    'the options on (recording, livestream, transcripts, summaries, chat); the first line gives the count and',
    'the next page_no. include_recording_config adds each recording setup, with credentials withheld.',
  ].join(' '),
  inputSchema: z
    .strictObject({
      app_id: appIdArgument,
      status: z.enum(['ACTIVE', 'INACTIVE']).optional().describe('Only meetings with this status.'),
      search: searchArgument('Text to match against meeting titles and ids.'),
      start_time: isoTimeArgument('start_time', 'Start of the time range: ISO 8601 date-time or YYYY-MM-DD (UTC).'),
      end_time: isoTimeArgument(
        'end_time',
        'End of the time range: ISO 8601 date-time or YYYY-MM-DD (whole day, UTC).',
      ),
      page_no: z
        .number()
        .int('page_no must be a whole number')
        .min(1, 'page_no starts at 1')
        .max(MAX_PAGE_NO, `page_no must be at most ${MAX_PAGE_NO}`)
        .default(1)
        .describe('Page to return, from 1.'),
      per_page: z
        .number()
        .int('per_page must be a whole number')
        .min(1, `per_page must be 1-${MAX_PER_PAGE}`)
        .max(MAX_PER_PAGE, `per_page must be 1-${MAX_PER_PAGE}`)
        .default(20)
        .describe('Meetings per page, 1-100.'),
      include_recording_config: z
        .boolean()
        .default(false)
        .describe("Add a compact summary of each meeting's recording configuration."),
    })
    .superRefine(({ start_time, end_time }, context) => {
      const [from, to] = [start_time && toApiTime(start_time, 'start'), end_time && toApiTime(end_time, 'end')];
      if (from && to && from > to) {
        context.addIssue({
          code: 'custom',
          message: `start_time (${from}) is after end_time (${to}): swap them or widen the range`,
        });
      }
    }, BETWEEN_VALID_ARGUMENTS),
  outputSchema: answerSchema(
    'meetings',
    {
      summary: 'Which meetings, of how many, with which filters, and the next page.',
      notes: 'What was left out, and why.',
      rows: 'One row per meeting, its cells in the order of columns.',
    },
    {
      total: z.number().describe('Meetings that match the filters, in all.'),
      page_no: z.number().describe('This page, as asked for.'),
      per_page: z.number().describe('Meetings per page, as asked for.'),
      next_page_no: z
        .number()
        .nullable()
        .describe(
          'Call again with this page_no and next_per_page to get the meetings after the last row; null at the end.',
        ),
      next_per_page: z
        .number()
        .nullable()
        .describe('per_page for that call: the same, or fewer when the output limit cut this page.'),
    },
    MEETING_FIELDS,
    RECORDING_FIELDS,
  ),
  annotations: READ_ONLY_API_TOOL,

  async handler(args, { api, appId, request, revealStreamKeys }) {
    const filters = {
      status: args.status,
      search: args.search,
      start_time: args.start_time && toApiTime(args.start_time, 'start'),
      end_time: args.end_time && toApiTime(args.end_time, 'end'),
    };
    const page = await api.listMeetings(
      appId,
      { page_no: args.page_no, per_page: args.per_page, ...filters },
      request,
      { recordingConfig: args.include_recording_config },
    );
    return summarizeMeetings(page, {
      appId,
      page_no: args.page_no,
      per_page: args.per_page,
      filters,
      includeRecording: args.include_recording_config,
      revealStreamKeys,
    });
  },
});
