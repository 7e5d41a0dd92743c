// The stdio transport: one JSON-RPC message a line on stdin, answers on stdout. Unlike the SDK's, it answers
// every request it cannot pass on (not JSON, not JSON-RPC, an odd id or progress token) with the error
// JSON-RPC asks for, instead of leaving the client waiting; and a message over the size limit stops the
// server with a line on stderr saying why, instead of a silent exit.
import {
  type JSONRPCMessage,
  ProtocolErrorCode,
  parseJSONRPCMessage,
  type Transport,
} from '@modelcontextprotocol/server';
import { oneLine } from '../lib/strings.js';

/** The most a single message from the client may be; the SDK's own stdio transport allows the same. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface StdioOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** Told why a message was refused or the transport stopped, for the operator's log. */
  log(message: string): void;
  /** Told when a message over MAX_MESSAGE_BYTES ends the session. */
  onOversize(): void;
  maxMessageBytes?: number;
}

export class StdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #options: StdioOptions;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #closed = false;

  constructor(options: StdioOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    this.#options.input.on('data', this.#onData);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    const { output } = this.#options;
    if (!output.write(`${JSON.stringify(message)}\n`)) await new Promise((resolve) => output.once('drain', resolve));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#options.input.off('data', this.#onData);
    this.#pending = [];
    this.onclose?.();
  }

  readonly #onData = (chunk: Buffer | string): void => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const max = this.#options.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    for (let end = data.indexOf(0x0a); end !== -1 && !this.#closed; end = data.indexOf(0x0a)) {
      if (this.#pendingBytes + end > max) {
        this.#oversize(max);
        return;
      }
      this.#pending.push(data.subarray(0, end));
      const line = Buffer.concat(this.#pending).toString('utf8');
      this.#pending = [];
      this.#pendingBytes = 0;
      data = data.subarray(end + 1);
      this.#handle(line.replace(/\r$/, ''));
    }
    if (this.#closed || data.length === 0) return;
    this.#pending.push(data);
    this.#pendingBytes += data.length;
    if (this.#pendingBytes > max) this.#oversize(max);
  };

  #oversize(max: number): void {
    this.#options.log(`a message from the client passed ${max} bytes, the most this server reads; stopping.`);
    this.#options.onOversize();
    void this.close();
  }

  #handle(line: string): void {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      this.#refuse(null, ProtocolErrorCode.ParseError, 'Parse error: the line is not JSON');
      return;
    }
    let message: JSONRPCMessage;
    try {
      message = parseJSONRPCMessage(json);
    } catch (error) {
      this.#reject(json, (error as { issues?: Array<{ message: string }> }).issues?.[0]);
      return;
    }
    this.onmessage?.(message);
  }

  #reject(json: unknown, issue: { message: string } | undefined): void {
    const why = whyInvalid(json, issue);
    // A notification (no id) gets no answer, as JSON-RPC says: the log says why it was dropped.
    const isNotification = json !== null && typeof json === 'object' && !Array.isArray(json) && !('id' in json);
    if (isNotification) this.#options.log(`dropped a notification that is not valid MCP: ${why}`);
    else this.#refuse(idOf(json), ProtocolErrorCode.InvalidRequest, `Invalid Request: ${why}`);
  }

  #refuse(id: string | number | null, code: ProtocolErrorCode, message: string): void {
    this.#options.log(`answered a message with error ${code}: ${message}`);
    // JSON-RPC answers a request whose id cannot be read with id null; the SDK's types do not allow it.
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}

/**
 * What is wrong with a message that is JSON but not a JSON-RPC message MCP accepts, in a few words; `issue` is
 * the schema's first complaint, for what the checks here do not name.
 */
function whyInvalid(json: unknown, issue: { message: string } | undefined): string {
  if (Array.isArray(json)) return 'batches are not supported; send one message a line';
  if (!json || typeof json !== 'object') return 'a message is a JSON object';
  const message = json as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
  if (message.jsonrpc !== '2.0') return 'jsonrpc must be "2.0"';
  if ('id' in message && idOf(message) === null) return 'id must be a string or an integer';
  if (typeof message.method !== 'string' && !('result' in message) && !('error' in message)) {
    return 'a request needs a method';
  }
  const meta = (message.params as { _meta?: { progressToken?: unknown } } | undefined)?._meta;
  const token = meta?.progressToken;
  if (token !== undefined && typeof token !== 'string' && typeof token !== 'number') {
    return 'params._meta.progressToken must be a string or a number';
  }
  return oneLine(`not a JSON-RPC message MCP accepts${issue ? ` (${issue.message})` : ''}`, 200);
}

/** The id of a request, when it is one JSON-RPC allows (a string or an integer); null otherwise. */
function idOf(json: unknown): string | number | null {
  if (!json || typeof json !== 'object' || !('id' in json)) return null;
  const { id } = json as { id: unknown };
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : null;
}
