// Every fault the API can throw at a call, for each tool: what the server does (retry or not, how long
// it waits) and exactly what the model is told. Time is a FakeClock, so waits cost nothing.
import { delay, HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewayError, liveLivestream, MEETING_ID, meeting, meetingsPage, realtimeKitError } from '../fixtures/api.js';
import { FakeClock } from './support/fake-clock.js';
import { FULL_ENV, type Harness, startHarness, textOf } from './support/harness.js';
import { APP_URL, useMsw } from './support/msw.js';

const server = useMsw();

interface ToolCase {
  name: string;
  args: Record<string, unknown>;
  path: string;
  ok: () => Response;
  /** The start of the successful answer's text. */
  okText: string;
  action: string;
}

const TOOLS: ToolCase[] = [
  {
    name: 'list_meetings',
    args: {},
    path: `${APP_URL}/meetings`,
    ok: () => HttpResponse.json(meetingsPage([meeting(1)])),
    okText: 'The only meeting in app app_test_01.',
    action: 'listing meetings',
  },
  {
    name: 'get_active_livestreams',
    args: { meeting_id: MEETING_ID },
    path: `${APP_URL}/meetings/:meetingId/active-livestream`,
    ok: () => HttpResponse.json({ data: liveLivestream() }),
    okText: '1 active livestream for meeting',
    action: 'fetching active livestreams',
  },
];

const json =
  (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  () =>
    HttpResponse.json(body, { status, headers });
const tooMany = (retryAfter?: string) =>
  json(429, gatewayError(971, 'Please wait and consider throttling your request speed'), {
    ...(retryAfter !== undefined && { 'Retry-After': retryAfter }),
  });
const html = (status: number, statusText: string) => () =>
  new HttpResponse('<html><body>upstream error</body></html>', {
    status,
    statusText,
    headers: { 'Content-Type': 'text/html' },
  });
const reset = () => HttpResponse.error();
const hang = async () => {
  await delay('infinite');
  return HttpResponse.json({});
};

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Serves `answers` in order (the last one repeats) and runs the call on a fake clock. */
async function run(tool: ToolCase, answers: Array<() => Response | Promise<Response>>, env = FULL_ENV) {
  const clock = new FakeClock();
  let requests = 0;
  server.use(
    http.get(tool.path, () => {
      const answer = answers[Math.min(requests, answers.length - 1)] as () => Response | Promise<Response>;
      requests += 1;
      return answer();
    }),
  );
  harness = await startHarness(env, clock);
  const result = await harness.call(tool.name, tool.args);
  const retryWaits = harness.logs
    .map((line) => /retrying in (\d+) ms/.exec(line)?.[1])
    .filter((ms): ms is string => ms !== undefined)
    .map(Number);
  return { result, text: textOf(result), requests: () => requests, retryWaits, clock, logs: harness.logs };
}

describe.each(TOOLS)('$name', (tool) => {
  describe('retried, then answered', () => {
    it.each([
      ['429 with Retry-After: 2', [tooMany('2'), tool.ok], [2000]],
      ['429 with Retry-After as an HTTP date 3 s ahead', [tooMany('Sun, 22 Nov 2026 10:00:03 GMT'), tool.ok], [3000]],
      ['503 with Retry-After: 5', [json(503, realtimeKitError(503, 'busy'), { 'Retry-After': '5' }), tool.ok], [5000]],
    ])('%s waits exactly as asked', async (_fault, answers, waits) => {
      const outcome = await run(tool, answers);
      expect(outcome.result.isError).toBeFalsy();
      expect(outcome.text).toContain(tool.okText);
      expect(outcome.requests()).toBe(2);
      expect(outcome.retryWaits).toEqual(waits);
    });

    it.each([
      ['429 without Retry-After', [tooMany(), tool.ok]],
      ['502 from a proxy', [html(502, 'Bad Gateway'), tool.ok]],
      ['503', [html(503, 'Service Unavailable'), tool.ok]],
      ['504', [html(504, 'Gateway Timeout'), tool.ok]],
      ['a connection reset', [reset, tool.ok]],
      ['two failures in a row', [html(503, 'Service Unavailable'), reset, tool.ok]],
    ])('%s backs off with jitter', async (_fault, answers) => {
      const outcome = await run(tool, answers);
      expect(outcome.result.isError).toBeFalsy();
      expect(outcome.text).toContain(tool.okText);
      expect(outcome.requests()).toBe(answers.length);
      // Equal jitter: attempt n waits between half and all of min(3000, 300 * 2^(n-1)) ms.
      outcome.retryWaits.forEach((ms, i) => {
        const ceiling = Math.min(3000, 300 * 2 ** i);
        expect(ms).toBeGreaterThanOrEqual(ceiling / 2);
        expect(ms).toBeLessThanOrEqual(ceiling);
      });
      expect(outcome.retryWaits).toHaveLength(answers.length - 1);
    });
  });

  describe('answered with an error the model can act on', () => {
    it('429 asking for longer than 10 s is not waited out', async () => {
      const outcome = await run(tool, [tooMany('60')]);
      expect(outcome.requests()).toBe(1);
      expect(outcome.retryWaits).toEqual([]);
      expect(outcome.text).toBe(
        `The Cloudflare API is rate limiting this token (HTTP 429, code 971: Please wait and consider throttling your request speed) while ${tool.action}. Try again in 60 s; the limit is 1,200 requests per 5 minutes per user.`,
      );
    });

    it('429 until the retries are spent says when to try again', async () => {
      const outcome = await run(tool, [tooMany('1')]);
      expect(outcome.requests()).toBe(3);
      expect(outcome.retryWaits).toEqual([1000, 1000]);
      expect(outcome.text).toContain(
        '(HTTP 429, code 971: Please wait and consider throttling your request speed; tried 3 times)',
      );
      expect(outcome.text).toContain('Try again in 1 s;');
    });

    it('a 429 wait that would pass the deadline is not started', async () => {
      const outcome = await run(tool, [tooMany('8'), tool.ok], { ...FULL_ENV, REALTIMEKIT_MCP_TIMEOUT_SECONDS: '5' });
      expect(outcome.requests()).toBe(1);
      expect(outcome.text).toContain('Try again in 8 s;');
    });

    it('503 on every attempt gives up after three', async () => {
      const outcome = await run(tool, [html(503, 'Service Unavailable')]);
      expect(outcome.requests()).toBe(3);
      expect(outcome.result.isError).toBe(true);
      expect(outcome.text).toBe(
        `The RealtimeKit API failed (HTTP 503 Service Unavailable; tried 3 times) while ${tool.action}. This is a fault on the API side; try again in a minute.`,
      );
    });

    it('connection failures on every attempt give up after three', async () => {
      const outcome = await run(tool, [reset]);
      expect(outcome.requests()).toBe(3);
      expect(outcome.text).toMatch(/^Could not reach the RealtimeKit API at .* \(connection failed; tried 3 times\)\./);
    });

    it.each([
      [
        '500',
        json(500, realtimeKitError(500, 'Internal server error')),
        'The RealtimeKit API failed (HTTP 500: Internal server error)',
      ],
      ['400', json(400, realtimeKitError(400, 'BAD_REQUEST: bad')), 'refused the request'],
      ['401', json(401, gatewayError(10000, 'Authentication error')), 'rejected the token (HTTP 401'],
      ['403', json(403, gatewayError(10000, 'Authentication error')), 'rejected the token (HTTP 403'],
      ['422', json(422, realtimeKitError(422, 'Unprocessable')), 'refused the request'],
      ['a 200 that is not JSON', html(200, 'OK'), 'the body is not JSON'],
      ['a 200 with the wrong shape', json(200, { data: 'nope', paging: 'nope' }), 'did not have the documented shape'],
    ])('%s is not retried', async (_fault, answer, text) => {
      const outcome = await run(tool, [answer, tool.ok]);
      expect(outcome.requests()).toBe(1);
      expect(outcome.result.isError).toBe(true);
      expect(outcome.text).toContain(text);
    });

    it('an API that never answers times out at the deadline', async () => {
      const outcome = await run(tool, [hang]);
      expect(outcome.requests()).toBe(1);
      expect(outcome.text).toBe(
        `Timed out after 30 s while ${tool.action}: the RealtimeKit API did not answer in time. Try again in a moment; REALTIMEKIT_MCP_TIMEOUT_SECONDS sets the limit.`,
      );
      expect(outcome.clock.pending).toEqual([]);
    });

    it('the deadline covers retries too', async () => {
      const outcome = await run(tool, [html(503, 'Service Unavailable'), hang], {
        ...FULL_ENV,
        REALTIMEKIT_MCP_TIMEOUT_SECONDS: '2',
      });
      expect(outcome.requests()).toBe(2);
      expect(outcome.text).toContain('Timed out after 2 s');
    });
  });

  it('a cancelled call stops its pending retry wait and makes no further request', async () => {
    const clock = new FakeClock();
    let requests = 0;
    server.use(
      http.get(tool.path, () => {
        requests += 1;
        return html(503, 'Service Unavailable')();
      }),
    );
    harness = await startHarness(FULL_ENV, clock);
    const controller = new AbortController();
    const call = harness.client.callTool(
      { name: tool.name, arguments: tool.args },
      {
        signal: controller.signal,
      },
    );
    call.catch(() => {});
    // Let the first attempt fail and the retry wait begin.
    while (requests === 0 || clock.pending.length < 3) await new Promise((resolve) => setImmediate(resolve));
    controller.abort('user pressed stop');
    await expect(call).rejects.toThrow();
    for (let i = 0; i < 50; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(clock.pending).toEqual([]);
    expect(requests).toBe(1);
    // A cancellation is the client's choice, not a fault: the log has the retry, and nothing at warning or error.
    expect(harness.logs.filter((line) => !line.startsWith('info: '))).toEqual([]);
  });
});

it('logs each retry and the final failure, never the token', async () => {
  const outcome = await run(TOOLS[0] as ToolCase, [html(503, 'Service Unavailable')]);
  expect(outcome.logs.filter((line) => line.includes('retrying in'))).toHaveLength(2);
  expect(outcome.logs.join('\n')).not.toContain(FULL_ENV.CLOUDFLARE_API_TOKEN);
});
