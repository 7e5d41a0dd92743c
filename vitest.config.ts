import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The Worker's tests need its tooling (npm --prefix worker ci): npm run test:worker.
    exclude: process.env.WORKER_TESTS ? [] : ['test/worker/**'],
    testTimeout: 20_000,
    // test/sockets.test.ts collects garbage mid-request, as a busy server would.
    execArgv: ['--expose-gc'],
  },
});
