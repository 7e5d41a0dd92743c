// npm run demo: a short scripted session against `realtimekit-mcp --demo`, the built-in sample account,
// through the MCP SDK's Client over stdio, exactly as an MCP client talks to the server. No account or
// credentials needed. It prints what a model would see, and checks each answer says what it announces:
// a wrong answer ends the demo with exit code 1, so CI runs it as a test of the first thing a user sees.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const server = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));
const transport = new StdioClientTransport({ command: process.execPath, args: [server, '--demo'], stderr: 'inherit' });
const client = new Client({ name: 'realtimekit-mcp-demo', version: '1.0.0' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const rule = (title) => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`);
const problems = [];
/** Notes a problem (printed at the end, and the exit code) unless `ok`. */
function check(ok, problem) {
  if (!ok) problems.push(problem);
}

/** The rows of a structured answer as objects, by its own column names. */
function rows(result, key) {
  const columnsKey = key === 'sessions' ? 'session_columns' : 'columns';
  const { [columnsKey]: columns = [], [key]: table = [] } = result.structuredContent ?? {};
  return table.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]])));
}

/** Calls a tool, prints the text a model reads, and checks it answered, unless `refused` is expected. */
async function call(name, args, { refused = false } = {}) {
  rule(`${name} ${JSON.stringify(args)}`);
  const result = await client.callTool({ name, arguments: args });
  for (const block of result.content) if (block.type === 'text') console.log(block.text);
  const said = `${name} ${JSON.stringify(args)}`;
  check(Boolean(result.isError) === refused, `${said}: ${refused ? 'was not refused' : 'answered with an error'}`);
  if (!refused) check(result.structuredContent !== undefined, `${said}: no structuredContent`);
  return result;
}

await client.connect(transport);
try {
  const { name, version } = client.getServerVersion() ?? {};
  rule(`connected to ${name} ${version} over stdio; tools/list`);
  const { tools } = await client.listTools();
  for (const tool of tools) console.log(`${tool.name}: ${tool.title}`);
  check(tools.length === 2, `tools/list: ${tools.length} tools, not 2`);

  const active = await call('list_meetings', { status: 'ACTIVE', per_page: 8 });
  const page = rows(active, 'meetings');
  check(page.length === 8, `list_meetings: ${page.length} meetings, not the 8 asked for`);
  check(
    page.every((meeting) => meeting.status === 'ACTIVE' && UUID.test(meeting.id)),
    'list_meetings: a row that is not an ACTIVE meeting with a UUID',
  );
  check(active.structuredContent?.next_page_no === 2, 'list_meetings: no next page to ask for');

  const live = await call('get_active_livestreams', {});
  const streams = rows(live, 'livestreams');
  check(
    streams.some((stream) => stream.status === 'LIVE'),
    'get_active_livestreams: nothing LIVE in a demo account that streams',
  );
  // It asked only the meetings in session, and says who is in them.
  const { in_session: inSession, participants } = live.structuredContent ?? {};
  check(inSession > 0 && participants > 0, 'get_active_livestreams: no meeting in session, though some are');
  check(rows(live, 'sessions').length === inSession, 'get_active_livestreams: the meetings in session are not listed');
  // MCP Apps hosts (Claude, ChatGPT, VS Code, ...) show this answer in the live view the tool names.
  const uri = tools.find((tool) => tool.name === 'get_active_livestreams')?._meta?.ui?.resourceUri;
  check(uri !== undefined, 'get_active_livestreams names no live view');
  if (uri) {
    rule(`resources/read ${uri}`);
    const [view] = (await client.readResource({ uri })).contents;
    const origins = view._meta?.ui?.csp?.connectDomains ?? [];
    console.log(
      `The live view: ${view.mimeType}, ${Math.round(view.text.length / 1024)} KB, self-contained; players may load from ${origins.join(', ')}.`,
    );
    console.log(
      `An MCP Apps host renders the answer above in it: ${streams.length} cards, LIVE first with a player each, and a Refresh button. Other clients show the text.`,
    );
    check(view.mimeType === 'text/html;profile=mcp-app' && view.text.length > 1000, 'the live view is not served');
  }

  // One meeting, by the id list_meetings gives: the program's way to read a row is by its column name.
  const found = await client.callTool({ name: 'list_meetings', arguments: { search: 'all-hands', per_page: 1 } });
  const [meeting] = rows(found, 'meetings');
  check(UUID.test(meeting?.id ?? ''), 'list_meetings {"search":"all-hands"}: no meeting id');
  if (meeting) {
    const one = await call('get_active_livestreams', { meeting_id: meeting.id });
    const its = rows(one, 'livestreams');
    check(its.length > 0, `get_active_livestreams for "${meeting.title}": no livestream, though it is live`);
    check(
      its.every((stream) => stream.meeting_id === meeting.id),
      'get_active_livestreams: a livestream of another meeting',
    );
  }

  await call('list_meetings', { per_page: 500 }, { refused: true });
  console.log('\nThat last one was a bad argument on purpose: refused with a clear message, no request made.');
} finally {
  await client.close();
}

if (problems.length > 0) {
  console.error(`\nThe demo did not show what it should:\n${problems.map((problem) => `- ${problem}`).join('\n')}`);
  process.exitCode = 1;
}
