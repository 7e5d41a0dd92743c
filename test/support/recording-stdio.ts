// A client-side stdio transport that spawns the server and keeps every raw stdout line and all of stderr,
// so a test can check that stdout carried nothing but JSON-RPC. Framing uses the SDK's own helpers.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import type { JSONRPCMessage, Transport } from '@modelcontextprotocol/client';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/client';

export class RecordingStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly stdoutLines: string[] = [];
  stderr = '';
  child?: ChildProcessWithoutNullStreams;
  readonly exited: Promise<number | null>;
  #resolveExit!: (code: number | null) => void;
  #partial = '';
  readonly #buffer = new ReadBuffer();

  constructor(
    private readonly command: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
  ) {
    this.exited = new Promise((resolve) => {
      this.#resolveExit = resolve;
    });
  }

  async start(): Promise<void> {
    const child = spawn(this.command, this.args, { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    child.on('exit', (code) => {
      this.#resolveExit(code);
      this.onclose?.();
    });
    child.on('error', (error) => this.onerror?.(error));
    child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      const text = this.#partial + chunk.toString('utf8');
      const lines = text.split('\n');
      this.#partial = lines.pop() ?? '';
      this.stdoutLines.push(...lines);
      this.#buffer.append(chunk);
      for (let message = this.#buffer.readMessage(); message; message = this.#buffer.readMessage()) {
        this.onmessage?.(message);
      }
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.child?.stdin.write(serializeMessage(message));
  }

  /** Ends stdin, as a client does when it disconnects, and waits for the exit code. */
  async closeStdin(): Promise<number | null> {
    this.child?.stdin.end();
    return this.exited;
  }

  async close(): Promise<void> {
    this.child?.stdin.end();
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }

  /** Anything on stdout that was not a complete line (the server's last write must end in a newline). */
  get trailingStdout(): string {
    return this.#partial;
  }
}
