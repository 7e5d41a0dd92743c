#!/usr/bin/env node
// Entry point: the only module with side effects. Reads the environment, builds the server and
// serves it over stdio until the client closes stdin or the process is told to stop.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadConfig, startupWarning } from './config.js';
import { createStderrLogger, fanOut } from './log.js';
import { createServer } from './server.js';

const logger = createStderrLogger();
const config = loadConfig(process.env);
const safeLogger = fanOut([logger], [config.apiToken]);
const warning = startupWarning(config);
if (warning) safeLogger.log('warning', warning);

const server = createServer({ config, logger });
const transport = new StdioServerTransport();

let closing = false;
function shutdown(): void {
  if (closing) return;
  closing = true;
  // In-flight calls are abandoned: their client is gone. Exit even if closing stalls.
  setTimeout(() => process.exit(0), 1000).unref();
  server.close().finally(() => process.exit(0));
}

// A client that went away closes our stdout too: that is a reason to stop, not to crash.
process.stdout.on('error', shutdown);
process.stdin.on('end', shutdown);
process.stdin.on('close', shutdown);
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// A fault outside any tool call is logged and the server keeps serving the session it is in.
const logFault = (kind: string) => (fault: unknown) =>
  safeLogger.log('error', `${kind}: ${fault instanceof Error ? (fault.stack ?? fault.message) : String(fault)}`);
process.on('unhandledRejection', logFault('unhandled rejection'));
process.on('uncaughtException', logFault('uncaught exception'));

server.connect(transport).catch(logFault('could not start'));
