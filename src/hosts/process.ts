// What the Node hosts (stdio and --http) share as processes: the operator's log on stderr, and faults outside any
// request logged rather than fatal. Functions only: nothing happens at import.
import { logLevelOf } from '../config/hosts.js';
import { createStderrLogger, type Logger } from '../lib/log.js';

/** The operator's log, on stderr, at the level REALTIMEKIT_MCP_LOG_LEVEL asks for. */
export function operatorLog(): Logger {
  const { level, problem } = logLevelOf(process.env);
  const stderr = createStderrLogger(level);
  if (problem) stderr.log('warning', problem);
  return stderr;
}

/** A fault outside any request is logged, and the server keeps serving. */
export function logFaults(logger: Logger): void {
  const logFault = (kind: string) => (fault: unknown) =>
    logger.log('error', `${kind}: ${fault instanceof Error ? (fault.stack ?? fault.message) : String(fault)}`);
  process.on('unhandledRejection', logFault('unhandled rejection'));
  process.on('uncaughtException', logFault('uncaught exception'));
}
