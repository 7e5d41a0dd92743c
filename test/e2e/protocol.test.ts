// The built server over stdio, spoken to in raw JSON-RPC as a broken or hostile client would: every request
// gets an answer, even one it cannot read, and a message over the size limit ends the session with a reason.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { built, eventually } from '../support/session.js';

let child: ChildProcessWithoutNullStreams;
let replies: Array<{ id: unknown; result?: unknown; error?: { code: number; message: string } }>;
let stderr: string;
let exited: Promise<number | null>;

function start(): void {
  child = spawn(process.execPath, [built(), '--demo'], { stdio: ['pipe', 'pipe', 'pipe'] });
  replies = [];
  stderr = '';
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    replies.push(...lines.map((line) => JSON.parse(line)));
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  exited = new Promise((resolve) => child.on('exit', resolve));
  // Writing to a server that stopped reading fails with EPIPE: that is this test's business, not an error.
  child.stdin.on('error', () => {});
  send({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
}

function send(message: unknown): void {
  child.stdin.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
}

afterEach(() => {
  child.kill();
});

it.each([
  ['a line that is not JSON', 'this is not JSON', null, -32700, 'Parse error: the line is not JSON'],
  [
    'a batch',
    [{ jsonrpc: '2.0', id: 1, method: 'tools/list' }],
    null,
    -32600,
    'Invalid Request: batches are not supported; send one message a line',
  ],
  [
    'an object id',
    { jsonrpc: '2.0', id: { x: 1 }, method: 'tools/list' },
    null,
    -32600,
    'Invalid Request: id must be a string or an integer',
  ],
  [
    'a fractional id',
    { jsonrpc: '2.0', id: 1.5, method: 'tools/list' },
    null,
    -32600,
    'Invalid Request: id must be a string or an integer',
  ],
  ['no jsonrpc version', { id: 7, method: 'tools/list' }, 7, -32600, 'Invalid Request: jsonrpc must be "2.0"'],
  [
    'an object for a progress token',
    {
      jsonrpc: '2.0',
      id: 'call-1',
      method: 'tools/call',
      params: { name: 'list_meetings', _meta: { progressToken: { a: 1 } } },
    },
    'call-1',
    -32600,
    'Invalid Request: params._meta.progressToken must be a string or a number',
  ],
  [
    'a request without a method',
    { jsonrpc: '2.0', id: 8, params: {} },
    8,
    -32600,
    'Invalid Request: a request needs a method',
  ],
])('answers %s with a JSON-RPC error, and keeps serving', async (_name, message, id, code, text) => {
  start();
  send(message);
  send({ jsonrpc: '2.0', id: 99, method: 'tools/list' });
  await eventually(() => replies.some((reply) => reply.id === 99));
  expect(replies.filter((reply) => reply.id !== 0 && reply.id !== 99)).toEqual([
    { jsonrpc: '2.0', id, error: { code, message: text } },
  ]);
});

it('answers nothing to a notification it cannot read, and says so on stderr', async () => {
  start();
  send({ jsonrpc: '1.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 99, method: 'tools/list' });
  await eventually(() => replies.some((reply) => reply.id === 99));
  expect(replies.map((reply) => reply.id)).toEqual([0, 99]);
  expect(stderr).toContain('dropped a notification that is not valid MCP: jsonrpc must be "2.0"');
});

it('stops with exit code 3 and a line on stderr when a message passes 10 MiB', async () => {
  start();
  await eventually(() => replies.length === 1);
  child.stdin.write(`{"jsonrpc":"2.0","id":5,"method":"tools/list","params":{"x":"${'a'.repeat(11 * 1024 * 1024)}`);
  expect(await exited).toBe(3);
  expect(stderr).toBe(
    'realtimekit-mcp warning: a message from the client passed 10485760 bytes, the most this server reads; stopping.\n',
  );
});
