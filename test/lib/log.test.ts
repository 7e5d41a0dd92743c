// Logs reach the operator on stderr and, only once the client asks with logging/setLevel, the client too;
// the token is cut out of every line wherever it goes.
import { HttpResponse, http } from 'msw';
import { afterEach, expect, it } from 'vitest';
import { meeting, meetingsPage, PLANTED } from '../../fixtures/api.js';
import { logLevelOf } from '../../src/config/hosts.js';
import { createStderrLogger, fanOut } from '../../src/lib/log.js';
import { type Harness, startHarness } from '../support/harness.js';
import { APP_URL, useMsw } from '../support/msw.js';

const server = useMsw();
const MEETINGS_URL = `${APP_URL}/meetings`;

let harness: Harness;
afterEach(async () => {
  await harness.close();
});

/** One 503, then a page: the retry is logged at info. */
function flakyOnce() {
  let requests = 0;
  server.use(
    http.get(MEETINGS_URL, () => {
      requests += 1;
      return requests === 1 ? new HttpResponse('busy', { status: 503 }) : HttpResponse.json(meetingsPage([meeting(1)]));
    }),
  );
}

async function withClientLog(level?: 'info' | 'error') {
  harness = await startHarness();
  const received: string[] = [];
  harness.client.setNotificationHandler('notifications/message', (notification) => {
    received.push(`${notification.params.level}: ${String(notification.params.data)}`);
  });
  if (level) await harness.client.setLoggingLevel(level);
  flakyOnce();
  await harness.call('list_meetings');
  return received;
}

it('sends nothing to a client that did not ask', async () => {
  expect(await withClientLog()).toEqual([]);
  expect(harness.logs.some((line) => line.includes('retrying in'))).toBe(true);
});

it('sends log lines at or above the level the client asked for', async () => {
  const received = await withClientLog('info');
  expect(received).toHaveLength(1);
  expect(received[0]).toMatch(
    /^info: list_meetings: listing meetings: attempt 1 failed \(HTTP 503\); retrying in \d+ ms$/,
  );
});

it('filters lines below the level the client asked for', async () => {
  expect(await withClientLog('error')).toEqual([]);
});

it('cuts the token out of every line, for every destination', () => {
  const lines: string[] = [];
  const logger = fanOut([createStderrLogger('debug', (line) => lines.push(line))], [PLANTED.token, undefined, '']);
  logger.log('error', `request with Bearer ${PLANTED.token} failed; again ${PLANTED.token}`);
  logger.log('error', `a proxy echoed ${PLANTED.token.toLowerCase()} and ${PLANTED.token.toUpperCase()}`);
  expect(lines).toEqual([
    'realtimekit-mcp error: request with Bearer [redacted] failed; again [redacted]\n',
    'realtimekit-mcp error: a proxy echoed [redacted] and [redacted]\n',
  ]);
});

it('writes to stderr at or above its threshold', () => {
  const lines: string[] = [];
  const logger = createStderrLogger('warning', (line) => lines.push(line));
  logger.log('info', 'quiet');
  logger.log('warning', 'loud');
  expect(lines).toEqual(['realtimekit-mcp warning: loud\n']);
});

it('reads REALTIMEKIT_MCP_LOG_LEVEL, and says so when it is no level', () => {
  expect(logLevelOf({})).toEqual({ level: 'info' });
  expect(logLevelOf({ REALTIMEKIT_MCP_LOG_LEVEL: ' Warning ' })).toEqual({ level: 'warning' });
  expect(logLevelOf({ REALTIMEKIT_MCP_LOG_LEVEL: 'loud' })).toEqual({
    level: 'info',
    problem: 'REALTIMEKIT_MCP_LOG_LEVEL must be one of debug, info, warning, error; logging at info.',
  });
});
