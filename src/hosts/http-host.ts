// The Node HTTP host's process: src/hosts/node-http.ts's server on the --http address until SIGINT or SIGTERM,
// then a graceful stop. Called by src/index.ts; it installs its signal handlers only when it runs.
import type { Listen } from './cli.js';
import { liveViewFile } from './live-view-file.js';
import { logFaults, operatorLog } from './process.js';

export async function runHttp(demo: boolean, listen: Listen): Promise<void> {
  const stderr = operatorLog();
  const started = demo ? await (await import('../demo/index.js')).startDemo(process.env, Date.now()) : undefined;
  const { startHttpServer } = await import('./node-http.js');
  const server = await startHttpServer({
    listen,
    env: process.env,
    logger: stderr,
    demo: started?.config,
    liveView: liveViewFile(),
  });
  stderr.log('info', `serving MCP at ${server.url}${demo ? ' (demo account, no credentials needed)' : ''}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    stderr.log('info', 'stopping: requests in flight may finish, new ones are refused');
    // Calls in flight have their deadline, and a second to answer after it.
    const graceMs = server.callDeadlineMs + 1000;
    setTimeout(() => process.exit(0), graceMs + 1000).unref();
    void Promise.allSettled([server.stop(graceMs), started?.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  logFaults(stderr);
}
