// The server a user might write, or pick, instead: the MCP SDK's McpServer with two tools that return the
// RealtimeKit API's JSON as it comes, run from source like most servers are. Built for npm run bench's side-by-
// side table only (same SDK, same API, same machine); never shipped.
import { McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { z } from 'zod';

const base = process.env.CLOUDFLARE_BASE_URL ?? 'https://api.cloudflare.com/client/v4';
const headers = { Authorization: `Bearer ${process.env.CLOUDFLARE_API_TOKEN}` };
const appUrl = (appId) =>
  `${base}/accounts/${process.env.CLOUDFLARE_ACCOUNT_ID}/realtime/kit/${appId ?? process.env.REALTIMEKIT_APP_ID}`;
const raw = async (url) => ({ content: [{ type: 'text', text: await (await fetch(url, { headers })).text() }] });

serveStdio(() => {
  const server = new McpServer({ name: 'naive-realtimekit', version: '0.0.0' });
  server.registerTool(
    'list_meetings',
    {
      description: 'List the meetings of a RealtimeKit app.',
      inputSchema: z.object({
        app_id: z.string().optional(),
        page_no: z.number().int().optional(),
        per_page: z.number().int().optional(),
        status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
        search: z.string().optional(),
      }),
    },
    ({ app_id, ...query }) =>
      raw(`${appUrl(app_id)}/meetings?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]))}`),
  );
  server.registerTool(
    'get_active_livestreams',
    {
      description: 'Get the active livestream of a RealtimeKit meeting.',
      inputSchema: z.object({ app_id: z.string().optional(), meeting_id: z.string() }),
    },
    ({ app_id, meeting_id }) => raw(`${appUrl(app_id)}/meetings/${meeting_id}/active-livestream`),
  );
  return server;
});
