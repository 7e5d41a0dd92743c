// --demo: the sample account served by a loopback sample API in this process, and the configuration that
// points the real HTTP client at it. The Cloudflare variables are ignored, so no real account is touched.
import { randomUUID } from 'node:crypto';
import { type Config, type Env, loadConfig } from '../config/config.js';
import { DEMO_ACCOUNT_ID, DEMO_APP_ID, sampleAccountApi } from './sample-account.js';
import { startSampleApi } from './sample-api.js';

export interface Demo {
  config: Config;
  close(): Promise<void>;
}

export async function startDemo(env: Env, now: number): Promise<Demo> {
  // A fresh token per process: only this process can call its sample API.
  const token = randomUUID();
  const api = await startSampleApi(sampleAccountApi(token, now));
  const { timeoutMs, structured, view, maxApiRequests } = loadConfig(env);
  return {
    config: {
      apiToken: token,
      accountId: DEMO_ACCOUNT_ID,
      defaultAppId: DEMO_APP_ID,
      baseUrl: api.baseUrl,
      revealStreamKeys: false,
      structured,
      timeoutMs,
      maxApiRequests,
      problems: [],
      demo: true,
      view,
    },
    close: api.close,
  };
}
