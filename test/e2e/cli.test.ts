// The command line and --demo, end to end: the built bin, as a person or a client runs it.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLANTED } from '../../fixtures/api.js';
import { DEMO_SECRETS } from '../../src/demo/sample-account.js';
import { VERSION } from '../../src/lib/version.js';
import { DEMO_NOTICE } from '../../src/server/server.js';
import { MEETING_COLUMNS } from '../support/contract.js';
import { missingFromStructured } from '../support/guidance.js';
import type { CallToolResult } from '../support/result.js';
import { built, connectSession, type Session, text } from '../support/session.js';

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [built(), ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('command line', () => {
  it('--help prints usage, every variable and the exit codes', async () => {
    const { code, stdout, stderr } = await run('--help');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(
      /^realtimekit-mcp \d+\.\d+\.\d+: an MCP server for Cloudflare RealtimeKit, over stdio or HTTP\./,
    );
    for (const fragment of [
      '--demo',
      '--http',
      '--host H',
      '--port N',
      'REALTIMEKIT_MCP_ACCESS_KEYS',
      'REALTIMEKIT_MCP_ALLOWED_ORIGINS',
      'CLOUDFLARE_API_TOKEN',
      'REALTIMEKIT_MCP_TIMEOUT_SECONDS',
      'Exit codes:',
      '2  bad command line',
    ]) {
      expect(stdout).toContain(fragment);
    }
    expect((await run('-h')).stdout).toBe(stdout);
  });

  it('--version prints the version', async () => {
    expect(await run('--version')).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it.each([
    ['--bogus'],
    ['serve'],
    ['--demo=yes'],
    ['--port', '8080'],
    ['--http', '--port', '70000'],
    ['--http', '--port', 'http'],
  ])('%s is a usage error: exit 2, a message on stderr', async (...args) => {
    const { code, stdout, stderr } = await run(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^realtimekit-mcp: .+\nRun "realtimekit-mcp --help" for usage\.\n$/);
  });
});

describe('--demo', () => {
  let session: Session;
  const results: CallToolResult[] = [];
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const result = await session.call(name, args);
    results.push(result);
    return result;
  };
  beforeAll(async () => {
    // Real-looking Cloudflare settings must be ignored: the demo never touches a real account.
    session = await connectSession(
      {
        CLOUDFLARE_API_TOKEN: PLANTED.token,
        CLOUDFLARE_ACCOUNT_ID: 'real_account',
        CLOUDFLARE_BASE_URL: 'https://api.cloudflare.com/client/v4',
      },
      ['--demo'],
    );
  });
  afterAll(async () => {
    await session.transport.close();
  });

  it('says in its instructions that it serves demo data', () => {
    expect(session.client.getInstructions()).toContain(DEMO_NOTICE);
  });

  it('lists meetings of the sample account: dozens, active and inactive, some untitled', async () => {
    const all = await call('list_meetings', { per_page: 100 });
    expect(text(all).split('\n')[0]).toBe(DEMO_NOTICE);
    expect(all.structuredContent?.summary).toBe('All 36 meetings in app demo_app.');
    expect(all.structuredContent?.columns).toEqual(MEETING_COLUMNS);
    const meetings = all.structuredContent?.meetings as Array<Array<string | null>>;
    expect(new Set(meetings.map((row) => row[2]))).toEqual(new Set(['ACTIVE', 'INACTIVE']));
    expect(meetings.some((row) => row[1] === null)).toBe(true);
    expect(text(all)).toContain('(untitled)');
  });

  it('answers "what is live?" in one call', async () => {
    const live = await call('get_active_livestreams');
    expect(text(live).split('\n')[0]).toBe(DEMO_NOTICE);
    // Clients that show the model only structuredContent must say it is demo data too, and all else the text says.
    expect(live.structuredContent?.notes).toEqual([
      DEMO_NOTICE,
      'Stream keys are withheld (for ls_allhands_5f1c, ls_community_a7e2, ls_lobby_cam_2d7e, ls_community_b3d9, ls_webinar_0c4e).',
      '1 meeting in session is an older (v1) one, whose livestreams cannot be asked for by id.',
    ]);
    expect(missingFromStructured(live)).toEqual([]);
    // Through the sessions in progress: the meetings in session, with their participants, and an encoder's stream.
    expect(text(live)).toContain(
      '6 active livestreams (3 LIVE, 2 IDLE, 1 ERRORED) in app demo_app: 7 meetings in session now (121 participants), 4 of the 6 checked livestreaming; 1 livestream without a meeting.',
    );
    expect(text(live)).toMatch(
      /ls_allhands_5f1c LIVE "All-hands \(public stream\)" in meeting \S+ "All-hands" \(48 in session since /,
    );
    expect(text(live)).toContain('ls_lobby_cam_2d7e LIVE "Lobby camera" (no meeting) watch');
    expect(live.structuredContent).toMatchObject({
      in_session: 7,
      participants: 121,
      checked: 6,
      next_scan_page: null,
    });
  });

  it('marks errors as demo data too', async () => {
    const refused = await call('list_meetings', { per_page: 0 });
    expect(refused.isError).toBe(true);
    expect(text(refused).split('\n')[0]).toBe(DEMO_NOTICE);
  });

  it('withholds every secret the sample account carries', async () => {
    await call('list_meetings', { per_page: 100, include_recording_config: true });
    const everything = JSON.stringify(results) + session.transport.stdoutLines.join('\n') + session.transport.stderr;
    const secrets = [
      DEMO_SECRETS.accessKey,
      DEMO_SECRETS.secret,
      DEMO_SECRETS.password,
      DEMO_SECRETS.privateKey,
      DEMO_SECRETS.rtmpKey,
      ...DEMO_SECRETS.streamKeys,
      PLANTED.token,
    ];
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(everything).toContain('withheld: access_key, secret, rtmp_url path');
  });
});
