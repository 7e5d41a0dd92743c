#!/usr/bin/env node
// Entry point: the only module with side effects. Reads the environment, builds the server and
// serves it over stdio until the client closes stdin or the process is told to stop.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfig, startupWarning } from './config.js';
import { createStderrLogger } from './log.js';
import { createServer } from './server.js';

const logger = createStderrLogger();
const config = loadConfig(process.env);
const warning = startupWarning(config);
if (warning) logger.warn(warning);

const server = createServer({ config, logger });
const transport = new StdioServerTransport();

let closing = false;
function shutdown(): void {
  if (closing) return;
  closing = true;
  server.close().finally(() => process.exit(0));
}

// A client that went away closes our stdout too: that is a reason to stop, not to crash.
process.stdout.on('error', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
process.on('unhandledRejection', (reason) => {
  logger.error(`unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});

await server.connect(transport);
