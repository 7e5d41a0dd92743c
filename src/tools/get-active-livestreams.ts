// Tool: get_active_livestreams — is a meeting being livestreamed now, and where do viewers watch it?
import { z } from 'zod';
import { isUuid } from '../ids.js';
import { livestreamsOutputSchema, summarizeLivestreams } from '../summaries/livestreams.js';
import { appIdArgument } from './args.js';
import { defineTool, READ_ONLY_API_TOOL, withApi } from './tool.js';

export const getActiveLivestreams = defineTool({
  name: 'get_active_livestreams',
  title: 'Get active RealtimeKit livestreams',
  description: [
    'Check whether a Cloudflare RealtimeKit meeting is being livestreamed right now, and where viewers watch it.',
    'Needs the meeting id (a UUID; list_meetings shows them, and status ACTIVE finds meetings in progress).',
    'Each line gives the livestream id, its status (LIVE, IDLE, ERRORED or INVOKED), name, the playback URL',
    'for viewers, the RTMP ingest server and when it started. An empty list means nothing is live for that',
    'meeting: that is an answer, not an error. Stream keys are withheld.',
  ].join(' '),
  inputSchema: z.strictObject({
    meeting_id: z
      .string()
      .refine(
        isUuid,
        'meeting_id must be a meeting UUID such as 182bd5e5-6e1a-4fe4-a799-aa6d9a6ab26e (list_meetings shows them)',
      )
      .describe("The meeting's id, a UUID."),
    app_id: appIdArgument,
  }),
  outputSchema: livestreamsOutputSchema,
  annotations: { title: 'Get active RealtimeKit livestreams', ...READ_ONLY_API_TOOL },

  async handler(args, context) {
    const meetingId = args.meeting_id.toLowerCase();
    return withApi(context, args.app_id, 'fetching active livestreams', async (api, appId) => {
      const result = await api.getActiveLivestreams(appId, meetingId, context.request);
      return summarizeLivestreams(result, { appId, meetingId, revealStreamKeys: context.config.revealStreamKeys });
    });
  },
});
