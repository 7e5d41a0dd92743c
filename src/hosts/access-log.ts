// The HTTP hosts' access log: one line per request, at info level (a server error at warning), for the operator
// to see callers refused, calls failed and calls slow. Pure. A line holds only what the server chose or
// counted: the method and path when they are ones it serves, the JSON-RPC method's name, a tool's name when
// it is one of the tools, the status, the time taken, the API requests made and the auth mode. Never a header,
// a query string, a bearer, an argument value or anything else a caller wrote.
import type { LogLevel } from '../lib/log.js';

export interface AccessRecord {
  method: string;
  path: string;
  /** The HTTP status answered. */
  status?: number;
  /** The JSON-RPC method of the request's message, or `batch`. */
  rpc?: string;
  /** For tools/call: the tool, when it is one of this server's. */
  tool?: string;
  /** For tools/call: whether the tool answered or failed (a failure is still HTTP 200). */
  result?: 'ok' | 'error';
  /** Requests this request made to the RealtimeKit API, retries included. */
  apiRequests: number;
  /** Which credentials answered: the caller's token, an access key, the demo account; none when refused first. */
  auth?: string;
  /** Why a request was refused before any credential was looked at: a malformed Host, method or target. */
  refused?: string;
  /** The client left before the answer was written whole. */
  clientClosed?: boolean;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);
/** A JSON-RPC method name as MCP writes them (`tools/call`, `notifications/initialized`). */
const RPC_METHOD = /^[a-z][A-Za-z_]{0,30}(\/[a-z][A-Za-z_]{0,30}){0,2}$/;

/** A new record for a request: its method and path only when they are ones this log may name. */
export function accessRecord(method: string, pathname: string, paths: ReadonlySet<string>): AccessRecord {
  return {
    method: METHODS.has(method) ? method : '(other)',
    path: paths.has(pathname) ? pathname : '(other)',
    apiRequests: 0,
  };
}

/** The JSON-RPC method and tool a request's message names, as far as this log may name them. */
export function describeMessage(message: unknown, tools: ReadonlySet<string>): Pick<AccessRecord, 'rpc' | 'tool'> {
  if (Array.isArray(message)) return { rpc: 'batch' };
  if (!message || typeof message !== 'object') return { rpc: '(not JSON-RPC)' };
  const { method, params } = message as { method?: unknown; params?: { name?: unknown } };
  if (typeof method !== 'string') return { rpc: method === undefined ? '(response)' : '(other)' };
  const rpc = RPC_METHOD.test(method) ? method : '(other)';
  if (method !== 'tools/call') return { rpc };
  const name = params?.name;
  return { rpc, tool: typeof name === 'string' && tools.has(name) ? name : '(unknown)' };
}

/** The line, and its level: a server error is a warning, everything else information. */
export function accessLine(record: AccessRecord, at: Date, ms: number): { level: LogLevel; line: string } {
  const fields: Array<[string, string | number | undefined]> = [
    ['time', at.toISOString()],
    ['method', record.method],
    ['path', record.path],
    ['status', record.status],
    ['refused', record.refused],
    ['auth', record.auth ?? 'none'],
    ['rpc', record.rpc],
    ['tool', record.tool],
    ['result', record.result],
    ['ms', Math.round(ms)],
    ['api_requests', record.apiRequests],
    ['client_closed', record.clientClosed ? 'yes' : undefined],
  ];
  const line = fields
    .filter((field): field is [string, string | number] => field[1] !== undefined)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  return { level: (record.status ?? 500) >= 500 ? 'warning' : 'info', line: `http ${line}` };
}
