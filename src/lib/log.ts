// The operator's log: every line to stderr (stdout is the stdio server's protocol channel; a Worker's stderr is
// Workers Logs), from the level REALTIMEKIT_MCP_LOG_LEVEL sets. A client that asks with logging/setLevel also
// gets its call's lines as MCP log messages (src/server/server.ts). Secrets are cut out of every line (fanOut).
import { redactor } from './strings.js';

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

export interface Logger {
  log(level: LogLevel, message: string): void;
}

export const SEVERITY: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3 };

export function isAtLeast(level: LogLevel, threshold: LogLevel): boolean {
  return SEVERITY[level] >= SEVERITY[threshold];
}

export function createStderrLogger(
  threshold: LogLevel = 'info',
  write: (line: string, level: LogLevel) => void = (line) => process.stderr.write(line),
): Logger {
  return {
    log(level, message) {
      if (isAtLeast(level, threshold)) write(`realtimekit-mcp ${level}: ${message}\n`, level);
    },
  };
}

/** Every logger the server writes to, with each secret replaced before any of them sees the line. */
export function fanOut(loggers: Logger[], secrets: ReadonlyArray<string | undefined>): Logger {
  const cut = secrets.map((secret) => redactor(secret));
  return {
    log(level, message) {
      // As answers are: in any case and however encoded, since a proxy that echoes the token may change it.
      const clean = cut.reduce((text, redact) => redact(text), message);
      for (const logger of loggers) logger.log(level, clean);
    },
  };
}
