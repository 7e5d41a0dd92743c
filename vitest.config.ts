import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Worker's tests need its tooling (npm --prefix worker ci): npm run test:worker.
    // The browser tests need Chromium (apt-get install chromium): npm run test:browser.
    exclude: [
      ...(process.env.WORKER_TESTS ? [] : ['test/worker/**']),
      ...(process.env.BROWSER_TESTS ? [] : ['test/browser/**']),
    ],
    testTimeout: 20_000,
    // test/api/sockets.test.ts collects garbage mid-request, as a busy server would.
    execArgv: ['--expose-gc'],
  },
});
