// npm run demo: a short scripted session against `realtimekit-mcp --demo`, the built-in sample account,
// through the MCP SDK's Client over stdio, exactly as an MCP client talks to the server. No account or
// credentials needed. It prints what a model would see.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';

const server = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));
const transport = new StdioClientTransport({ command: process.execPath, args: [server, '--demo'], stderr: 'inherit' });
const client = new Client({ name: 'realtimekit-mcp-demo', version: '1.0.0' });

const rule = (title) => console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 72 - title.length))}`);

async function call(name, args) {
  rule(`${name} ${JSON.stringify(args)}`);
  const result = await client.callTool({ name, arguments: args });
  for (const block of result.content) if (block.type === 'text') console.log(block.text);
  if (result.isError) process.exitCode = 1;
  return result;
}

await client.connect(transport);
try {
  const { name, version } = client.getServerVersion() ?? {};
  rule(`connected to ${name} ${version} over stdio; tools/list`);
  const { tools } = await client.listTools();
  for (const tool of tools) console.log(`${tool.name}: ${tool.title}`);

  await call('list_meetings', { status: 'ACTIVE', per_page: 8 });
  const live = await call('get_active_livestreams', {});
  // MCP Apps hosts (Claude, ChatGPT, VS Code, ...) show this answer in the live view the tool names.
  const uri = tools.find((tool) => tool.name === 'get_active_livestreams')?._meta?.ui?.resourceUri;
  if (uri) {
    rule(`resources/read ${uri}`);
    const [view] = (await client.readResource({ uri })).contents;
    const origins = view._meta?.ui?.csp?.connectDomains ?? [];
    console.log(
      `The live view: ${view.mimeType}, ${Math.round(view.text.length / 1024)} KB, self-contained; players may load from ${origins.join(', ')}.`,
    );
    const cards = live.structuredContent?.livestreams?.length ?? 0;
    console.log(
      `An MCP Apps host renders the answer above in it: ${cards} cards, LIVE first with a player each, and a Refresh button. Other clients show the text.`,
    );
  }
  const [first] = (await client.callTool({ name: 'list_meetings', arguments: { search: 'all-hands', per_page: 1 } }))
    .structuredContent.meetings;
  await call('get_active_livestreams', { meeting_id: first.id });
  await call('list_meetings', { per_page: 500 });
  console.log('\nThat last one was a bad argument on purpose: refused with a clear message, no request made.');
  process.exitCode = 0;
} finally {
  await client.close();
}
