#!/usr/bin/env node
// Entry point: the only module with side effects. Reads the command line and the environment, builds the
// server and serves it over stdio until the client closes stdin or the process is told to stop; or, with
// --http, serves MCP over HTTP (src/hosts/node-http.ts) until SIGINT or SIGTERM.

import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { type Config, loadConfig, startupWarning } from './config/config.js';
import { EXIT_OVERSIZE, EXIT_USAGE, type Listen, parseCommandLine } from './hosts/cli.js';
import { liveViewFile } from './hosts/live-view-file.js';
import { StdioTransport } from './hosts/stdio.js';
import { createStderrLogger, fanOut, type Logger, logLevelOf } from './lib/log.js';
import { createServer } from './server/server.js';

/** The operator's log, on stderr, at the level REALTIMEKIT_MCP_LOG_LEVEL asks for. */
function operatorLog(): Logger {
  const { level, problem } = logLevelOf(process.env);
  const stderr = createStderrLogger(level);
  if (problem) stderr.log('warning', problem);
  return stderr;
}

async function serve(demo: boolean): Promise<void> {
  const stderr = operatorLog();
  let config: Config = loadConfig(process.env);
  let stopDemo: (() => Promise<void>) | undefined;
  if (demo) {
    // Loaded only for --demo: a plain start never evaluates the sample account.
    const { startDemo } = await import('./demo/index.js');
    const started = await startDemo(process.env, Date.now());
    config = started.config;
    stopDemo = started.close;
  }
  const logger: Logger = fanOut([stderr], [config.apiToken]);
  const warning = demo ? undefined : startupWarning(config);
  if (warning) logger.log('warning', warning);
  for (const line of config.view.warnings) logger.log('warning', line);
  const liveView = liveViewFile();

  let closing = false;
  let exitCode = 0;
  // Serves both protocol eras: the client's first message picks one, and one server is built for it.
  const connection = serveStdio(() => createServer({ config, logger, liveView }), {
    transport: new StdioTransport({
      input: process.stdin,
      output: process.stdout,
      log: (message) => logger.log('warning', message),
      // A message over the size limit ends the session: stop, and say so in the exit code.
      onOversize: () => {
        exitCode = EXIT_OVERSIZE;
        shutdown();
      },
    }),
    onerror: (error) => logger.log('debug', `stdio: ${error.message}`),
  });
  const shutdown = () => {
    if (closing) return;
    closing = true;
    // In-flight calls are abandoned: their client is gone. Exit even if closing stalls.
    setTimeout(() => process.exit(exitCode), 1000).unref();
    Promise.allSettled([connection.close(), stopDemo?.()]).finally(() => process.exit(exitCode));
  };
  // A client that went away closes our stdout too: that is a reason to stop, not to crash.
  process.stdout.on('error', shutdown);
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // A fault outside any tool call is logged and the server keeps serving the session it is in.
  logFaults(logger);
}

async function serveHttp(demo: boolean, listen: Listen): Promise<void> {
  const stderr = operatorLog();
  const started = demo ? await (await import('./demo/index.js')).startDemo(process.env, Date.now()) : undefined;
  const { startHttpServer } = await import('./hosts/node-http.js');
  const server = await startHttpServer({
    listen,
    env: process.env,
    logger: stderr,
    demo: started?.config,
    liveView: liveViewFile(),
  });
  stderr.log('info', `serving MCP at ${server.url}${demo ? ' (demo account, no credentials needed)' : ''}`);
  const { timeoutMs } = started?.config ?? loadConfig(process.env);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stderr.log('info', 'stopping: requests in flight may finish, new ones are refused');
    // Calls in flight have their deadline, and a second to answer after it.
    const graceMs = timeoutMs + 1000;
    setTimeout(() => process.exit(0), graceMs + 1000).unref();
    void Promise.allSettled([server.stop(graceMs), started?.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  logFaults(stderr);
}

/** A fault outside any request is logged, and the server keeps serving. */
function logFaults(logger: Logger): void {
  const logFault = (kind: string) => (fault: unknown) =>
    logger.log('error', `${kind}: ${fault instanceof Error ? (fault.stack ?? fault.message) : String(fault)}`);
  process.on('unhandledRejection', logFault('unhandled rejection'));
  process.on('uncaughtException', logFault('uncaught exception'));
}

const command = parseCommandLine(process.argv.slice(2), process.env);
if (command.kind === 'serve') {
  (command.http ? serveHttp(command.demo, command.http) : serve(command.demo)).catch((error: unknown) => {
    process.stderr.write(
      `realtimekit-mcp: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
} else if (command.kind === 'usage-error') {
  process.stderr.write(command.text);
  process.exitCode = EXIT_USAGE;
} else {
  process.stdout.write(command.text);
}
