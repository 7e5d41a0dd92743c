import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The sign-in's provider imports workerd's module; the tests that run it in Node get a stand-in.
    alias: { 'cloudflare:workers': fileURLToPath(new URL('./test/support/cloudflare-workers.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The Worker's tests need its tooling (npm --prefix worker ci): npm run test:worker.
    // The browser tests need Chromium (apt-get install chromium): npm run test:browser.
    exclude: [
      ...(process.env.WORKER_TESTS ? [] : ['test/worker/**']),
      ...(process.env.BROWSER_TESTS ? [] : ['test/browser/**']),
    ],
    // Through vite, so that the alias above reaches its import.
    server: { deps: { inline: ['@cloudflare/workers-oauth-provider'] } },
    testTimeout: 20_000,
    // test/api/sockets.test.ts collects garbage mid-request, as a busy server would.
    execArgv: ['--expose-gc'],
  },
});
