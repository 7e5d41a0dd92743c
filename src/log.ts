// Logging for a stdio server: stdout is the protocol channel, so every line goes to stderr.
export interface Logger {
  warn(message: string): void;
  error(message: string): void;
}

export function createStderrLogger(write: (line: string) => void = (line) => process.stderr.write(line)): Logger {
  const log = (level: string, message: string) => write(`realtimekit-mcp ${level}: ${message}\n`);
  return {
    warn: (message) => log('warn', message),
    error: (message) => log('error', message),
  };
}
