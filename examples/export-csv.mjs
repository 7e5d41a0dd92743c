// Exports every meeting of a RealtimeKit app to CSV through realtimekit-mcp, as a program uses it: it calls
// list_meetings and follows the paging numbers of its structuredContent until there is no next page, writing
// each row's fields as they come (created_at is ISO 8601 UTC to the second). README: Scripts.
//
//   node examples/export-csv.mjs > meetings.csv                          # npx -y realtimekit-mcp, your env
//   node examples/export-csv.mjs node dist/index.cjs --demo > demo.csv   # the built-in sample account
//
// The server gets this process's environment (CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID, REALTIMEKIT_APP_ID).
// APP_ID picks another app; PER_PAGE sets the page size (100 unless set).
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const [command, ...args] = process.argv.length > 2 ? process.argv.slice(2) : ['npx', '-y', 'realtimekit-mcp'];
const client = new Client({ name: 'export-csv', version: '1.0.0' });
await client.connect(new StdioClientTransport({ command, args, env: process.env, stderr: 'inherit' }));

/** A CSV cell: quoted when it must be, and never a formula a spreadsheet would run (a title is anyone's text). */
function csv(value) {
  if (value === null) return '';
  const text = /^[=+\-@\t\r]/.test(String(value)) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const app = process.env.APP_ID ? { app_id: process.env.APP_ID } : {};
let page = { page_no: 1, per_page: Number(process.env.PER_PAGE ?? 100) };
try {
  for (let first = true; page; first = false) {
    const result = await client.callTool({ name: 'list_meetings', arguments: { ...app, ...page } });
    if (result.isError) throw new Error(result.content.map((block) => block.text).join('\n'));
    const { columns, meetings, next_page_no, next_per_page } = result.structuredContent;
    if (first) console.log(columns.join(','));
    for (const row of meetings) console.log(row.map(csv).join(','));
    // Where the next page starts: after the last row of this one, even when the answer had to leave rows out.
    page = next_page_no === null ? undefined : { page_no: next_page_no, per_page: next_per_page };
  }
} finally {
  await client.close();
}
