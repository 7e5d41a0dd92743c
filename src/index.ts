#!/usr/bin/env node
// Entry point: the only module with side effects. Reads the command line and the environment, builds the
// server and serves it over stdio until the client closes stdin or the process is told to stop.
import { EXIT_OVERSIZE, EXIT_USAGE, parseCommandLine } from './cli.js';
import { type Config, loadConfig, startupWarning } from './config.js';
import { createStderrLogger, fanOut, type Logger } from './log.js';
import { createServer } from './server.js';
import { StdioTransport } from './stdio.js';

async function serve(demo: boolean): Promise<void> {
  const stderr = createStderrLogger();
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

  const server = createServer({ config, logger });
  let closing = false;
  let exitCode = 0;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    // In-flight calls are abandoned: their client is gone. Exit even if closing stalls.
    setTimeout(() => process.exit(exitCode), 1000).unref();
    Promise.allSettled([server.close(), stopDemo?.()]).finally(() => process.exit(exitCode));
  };
  // The transport closes when a message is over the size limit: stop, and say so in the exit code.
  server.onclose = shutdown;
  // A client that went away closes our stdout too: that is a reason to stop, not to crash.
  process.stdout.on('error', shutdown);
  process.stdin.on('end', shutdown);
  process.stdin.on('close', shutdown);
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // A fault outside any tool call is logged and the server keeps serving the session it is in.
  const logFault = (kind: string) => (fault: unknown) =>
    logger.log('error', `${kind}: ${fault instanceof Error ? (fault.stack ?? fault.message) : String(fault)}`);
  process.on('unhandledRejection', logFault('unhandled rejection'));
  process.on('uncaughtException', logFault('uncaught exception'));

  await server.connect(
    new StdioTransport({
      input: process.stdin,
      output: process.stdout,
      log: (message) => logger.log('warning', message),
      onOversize: () => {
        exitCode = EXIT_OVERSIZE;
      },
    }),
  );
}

const command = parseCommandLine(process.argv.slice(2));
if (command.kind === 'serve') {
  serve(command.demo).catch((error: unknown) => {
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
