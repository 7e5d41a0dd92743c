import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, loadConfig, missingVariables, startupWarning } from '../../src/config/config.js';

const COMPLETE = {
  CLOUDFLARE_API_TOKEN: 'token-value',
  CLOUDFLARE_ACCOUNT_ID: '023e105f4ecef8ad9ca31a8372d0c353',
  REALTIMEKIT_APP_ID: 'app_1',
};

describe('loadConfig', () => {
  it('reads the documented variables, with the default base URL', () => {
    expect(loadConfig(COMPLETE)).toEqual({
      apiToken: 'token-value',
      accountId: '023e105f4ecef8ad9ca31a8372d0c353',
      defaultAppId: 'app_1',
      baseUrl: DEFAULT_BASE_URL,
      revealStreamKeys: false,
      structured: true,
      timeoutMs: 30_000,
      maxApiRequests: 100,
      demo: false,
      problems: [],
      view: { enabled: true, playbackOrigins: [], warnings: [] },
    });
    expect(startupWarning(loadConfig(COMPLETE))).toBeUndefined();
  });

  it('reads the live view settings: REALTIMEKIT_MCP_VIEW=off, and playback origins as CSP sources', () => {
    expect(loadConfig({ ...COMPLETE, REALTIMEKIT_MCP_VIEW: 'off' }).view.enabled).toBe(false);
    const { view } = loadConfig({
      ...COMPLETE,
      REALTIMEKIT_MCP_PLAYBACK_ORIGINS:
        "https://video.example.com/, https://*.cdn.example.net, http://127.0.0.1:8080, http://video.example.com, https://x.example.com/path, https://a.example.com; script-src *, https://*.com, 'unsafe-inline'",
    });
    expect(view.playbackOrigins).toEqual([
      'https://video.example.com',
      'https://*.cdn.example.net',
      'http://127.0.0.1:8080',
    ]);
    // Every other entry is left out with a word: none can widen the view's CSP beyond an origin.
    expect(view.warnings).toHaveLength(5);
    expect(view.warnings[0]).toContain('"http://video.example.com" is left out');
    expect(view.enabled).toBe(true);
  });

  it('treats empty values, whitespace and unexpanded placeholders as unset', () => {
    const config = loadConfig({
      // The literal a client passes when it cannot expand the placeholder.
      CLOUDFLARE_API_TOKEN: '${CLOUDFLARE_API_TOKEN}',
      CLOUDFLARE_ACCOUNT_ID: '  ',
      REALTIMEKIT_APP_ID: '',
    });
    expect(missingVariables(config)).toEqual(['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_ACCOUNT_ID']);
    expect(config.defaultAppId).toBeUndefined();
  });

  it('trims a pasted token', () => {
    expect(loadConfig({ ...COMPLETE, CLOUDFLARE_API_TOKEN: ' token-value\n' }).apiToken).toBe('token-value');
  });

  it('accepts a base URL with or without a trailing slash', () => {
    expect(loadConfig({ ...COMPLETE, CLOUDFLARE_BASE_URL: 'http://127.0.0.1:8787/client/v4/' }).baseUrl).toBe(
      'http://127.0.0.1:8787/client/v4',
    );
  });

  it.each([
    ['CLOUDFLARE_BASE_URL', 'not a url'],
    ['CLOUDFLARE_BASE_URL', 'file:///etc/passwd'],
    ['CLOUDFLARE_BASE_URL', 'https://user:pass@api.example.test'],
    ['CLOUDFLARE_BASE_URL', 'http://api.example.test/client/v4'],
    ['CLOUDFLARE_BASE_URL', 'http://10.0.0.5:8787/client/v4'],
    ['CLOUDFLARE_BASE_URL', 'https://api.example.test/client/v4?cf=1'],
    ['CLOUDFLARE_BASE_URL', 'https://api.example.test/client/v4#top'],
    ['CLOUDFLARE_API_TOKEN', 'tok en'],
    ['CLOUDFLARE_API_TOKEN', 'tok\nen'],
    ['CLOUDFLARE_API_TOKEN', 'tökén'],
    ['CLOUDFLARE_ACCOUNT_ID', '../../x'],
    ['REALTIMEKIT_APP_ID', 'app/1'],
  ])('reports an unusable %s (%s) as a problem, not as missing', (variable, value) => {
    const config = loadConfig({ ...COMPLETE, [variable]: value });
    expect(config.problems.map((problem) => problem.variable)).toEqual([variable]);
    expect(missingVariables(config)).toEqual([]);
    expect(startupWarning(config)).toContain(`${variable} `);
    if (variable === 'CLOUDFLARE_API_TOKEN') expect(startupWarning(config)).not.toContain(value);
  });

  it('accepts plain http only to this machine, for a stand-in', () => {
    for (const value of ['http://127.0.0.1:8787/client/v4', 'http://localhost:8787', 'http://[::1]:8787/v4']) {
      expect(loadConfig({ ...COMPLETE, CLOUDFLARE_BASE_URL: value }).problems, value).toEqual([]);
    }
  });

  it('reads the call deadline in seconds, within 1-300', () => {
    expect(loadConfig({ REALTIMEKIT_MCP_TIMEOUT_SECONDS: '5' }).timeoutMs).toBe(5000);
    expect(loadConfig({ REALTIMEKIT_MCP_TIMEOUT_SECONDS: '2.5' }).timeoutMs).toBe(2500);
    for (const value of ['0', '301', 'ten', '-5', '1e3']) {
      const config = loadConfig({ REALTIMEKIT_MCP_TIMEOUT_SECONDS: value });
      expect(config.timeoutMs).toBe(30_000);
      expect(config.problems.map((problem) => problem.variable)).toEqual(['REALTIMEKIT_MCP_TIMEOUT_SECONDS']);
    }
  });

  it('reads the most API requests a call makes, 2-10000, 100 by default (a small share of the rate limit)', () => {
    expect(loadConfig({}).maxApiRequests).toBe(100);
    expect(loadConfig({ REALTIMEKIT_MCP_MAX_API_REQUESTS: '50' }).maxApiRequests).toBe(50);
    expect(loadConfig({ REALTIMEKIT_MCP_MAX_API_REQUESTS: '10000' }).maxApiRequests).toBe(10_000);
    for (const value of ['1', '10001', '50.5', 'fifty', '-3']) {
      const config = loadConfig({ REALTIMEKIT_MCP_MAX_API_REQUESTS: value });
      expect(config.maxApiRequests).toBe(100);
      expect(config.problems.map((problem) => problem.variable)).toEqual(['REALTIMEKIT_MCP_MAX_API_REQUESTS']);
    }
  });

  it('leaves structured output on unless it is switched off', () => {
    expect(loadConfig({}).structured).toBe(true);
    for (const value of ['off', 'OFF', '0', 'false', 'no']) {
      expect(loadConfig({ REALTIMEKIT_MCP_STRUCTURED: value }).structured, value).toBe(false);
    }
    for (const value of ['on', '1', 'true', '', '${REALTIMEKIT_MCP_STRUCTURED}']) {
      expect(loadConfig({ REALTIMEKIT_MCP_STRUCTURED: value }).structured, value).toBe(true);
    }
  });

  it('reveals stream keys only for exactly "1"', () => {
    expect(loadConfig({ REALTIMEKIT_MCP_REVEAL_STREAM_KEYS: '1' }).revealStreamKeys).toBe(true);
    for (const value of ['true', 'yes', '0', '']) {
      expect(loadConfig({ REALTIMEKIT_MCP_REVEAL_STREAM_KEYS: value }).revealStreamKeys).toBe(false);
    }
  });
});

describe('startupWarning', () => {
  it('names every missing variable once, never a value', () => {
    expect(startupWarning(loadConfig({}))).toBe(
      'missing CLOUDFLARE_API_TOKEN, CLOUDFLARE_ACCOUNT_ID. REALTIMEKIT_APP_ID is not set either, so every tool call must pass app_id. The server runs, but tool calls answer with an error until this is fixed.',
    );
  });

  it('mentions a missing default app on its own', () => {
    expect(startupWarning(loadConfig({ ...COMPLETE, REALTIMEKIT_APP_ID: undefined }))).toBe(
      'REALTIMEKIT_APP_ID is not set, so every tool call must pass app_id.',
    );
  });
});
