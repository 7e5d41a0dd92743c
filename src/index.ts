#!/usr/bin/env node
// Entry point: the only module with side effects. Reads the command line and the environment and runs a host:
// stdio (src/hosts/stdio-host.ts) until the client closes stdin or the process is told to stop, or with --http,
// the Node HTTP host (src/hosts/http-host.ts) until SIGINT or SIGTERM; or prints help, the version or a usage error.

import { EXIT_USAGE, parseCommandLine } from './hosts/cli.js';
import { runHttp } from './hosts/http-host.js';
import { runStdio } from './hosts/stdio-host.js';

const command = parseCommandLine(process.argv.slice(2), process.env);
if (command.kind === 'serve') {
  (command.http ? runHttp(command.demo, command.http) : runStdio(command.demo)).catch((error: unknown) => {
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
