// The stdio host: the server over stdin and stdout until the client closes stdin or the process is told to stop.
// Called by src/index.ts; it installs its signal handlers only when it runs.
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { type Config, loadConfig, startupWarning } from '../config/config.js';
import { fanOut, type Logger } from '../lib/log.js';
import { createServer } from '../server/server.js';
import { EXIT_OVERSIZE } from './cli.js';
import { liveViewFile } from './live-view-file.js';
import { logFaults, operatorLog } from './process.js';
import { StdioTransport } from './stdio.js';

export async function runStdio(demo: boolean): Promise<void> {
  const stderr = operatorLog();
  let config: Config = loadConfig(process.env);
  let stopDemo: (() => Promise<void>) | undefined;
  if (demo) {
    // Loaded only for --demo: a plain start never evaluates the sample account.
    const { startDemo } = await import('../demo/index.js');
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
