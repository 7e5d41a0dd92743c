// A minimal MCP Apps host, for the browser test: an MCP client over Streamable HTTP to the server under test,
// and the ext-apps AppBridge rendering the tool's UI resource in a sandboxed iframe under the CSP the
// extension's specification tells hosts to build from the resource's metadata (nothing looser). The test reads
// what happened from window.host.

import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { AppBridge, getToolUiResourceUri, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';

interface HostRecord {
  ready: boolean;
  error?: string;
  toolCalls: Array<Record<string, unknown>>;
  /** What the view told the model through ui/update-model-context, in order. */
  contexts: string[];
  csp?: string;
  sizes: Array<{ width?: number; height?: number }>;
}
const record: HostRecord = { ready: false, toolCalls: [], contexts: [], sizes: [] };
(window as unknown as { host: HostRecord }).host = record;

const params = new URLSearchParams(location.search);
const headers = JSON.parse(params.get('headers') ?? '{}') as Record<string, string>;
const theme = params.get('theme') === 'dark' ? 'dark' : 'light';
const args = JSON.parse(params.get('args') ?? '{}') as Record<string, unknown>;

/** The CSP of the specification's example host construction, from the resource's `_meta.ui.csp`. */
function policy(csp: { connectDomains?: string[]; resourceDomains?: string[] } = {}): string {
  const resources = (csp.resourceDomains ?? []).join(' ');
  const connect = (csp.connectDomains ?? []).join(' ');
  return [
    "default-src 'none'",
    `script-src 'self' 'unsafe-inline' ${resources}`,
    `style-src 'self' 'unsafe-inline' ${resources}`,
    `connect-src 'self' ${connect}`,
    `img-src 'self' data: ${resources}`,
    `font-src 'self' ${resources}`,
    `media-src 'self' data: ${resources}`,
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
  ].join('; ');
}

async function main(): Promise<void> {
  const client = new Client(
    { name: 'browser-test-host', version: '1' },
    { capabilities: { extensions: { 'io.modelcontextprotocol/ui': { mimeTypes: ['text/html;profile=mcp-app'] } } } },
  );
  await client.connect(
    new StreamableHTTPClientTransport(new URL(params.get('mcp') ?? ''), { requestInit: { headers } }),
  );
  const { tools } = await client.listTools();
  const tool = tools.find((candidate) => candidate.name === 'get_active_livestreams');
  const uri = tool && getToolUiResourceUri(tool);
  if (!tool || !uri) throw new Error('get_active_livestreams names no UI resource');
  const [content] = (await client.readResource({ uri })).contents;
  if (content?.mimeType !== 'text/html;profile=mcp-app' || !('text' in content)) {
    throw new Error('the UI resource is not an MCP App');
  }
  const meta = content._meta as
    | { ui?: { csp?: { connectDomains?: string[]; resourceDomains?: string[] } } }
    | undefined;
  record.csp = policy(meta?.ui?.csp);

  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.title = 'Live view';
  iframe.srcdoc = content.text.replace(
    '<head>',
    `<head><meta http-equiv="Content-Security-Policy" content="${record.csp}">`,
  );
  document.getElementById('view')?.append(iframe);

  // No client for the bridge to forward to by itself: the view's calls go through the handler below.
  const bridge = new AppBridge(
    null,
    { name: 'browser-test-host', version: '1' },
    { openLinks: {}, serverTools: {}, updateModelContext: { text: {} } },
    { hostContext: { theme, locale: 'en-GB', timeZone: 'Europe/Berlin', displayMode: 'inline' } },
  );
  bridge.onsizechange = ({ width, height }) => {
    record.sizes.push({ width, height });
    if (height !== undefined) iframe.style.height = `${height}px`;
  };
  // Every call the view makes goes to the server, and is recorded for the test.
  bridge.oncalltool = async (request) => {
    record.toolCalls.push({ name: request.name, arguments: request.arguments ?? {} });
    return client.callTool(request);
  };
  bridge.onupdatemodelcontext = async ({ content }) => {
    for (const block of content ?? []) if (block.type === 'text') record.contexts.push(block.text);
    return {};
  };
  const initialized = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  // Listening before the view loads: its first message, ui/initialize, comes as soon as its script runs.
  const contentWindow = iframe.contentWindow;
  if (!contentWindow) throw new Error('the iframe has no window');
  await bridge.connect(new PostMessageTransport(contentWindow, contentWindow));
  await initialized;
  await bridge.sendToolInput({ arguments: args });
  const result = await client.callTool({ name: 'get_active_livestreams', arguments: args });
  await bridge.sendToolResult(result);
  record.ready = true;
}

main().catch((error: unknown) => {
  record.error = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
});
