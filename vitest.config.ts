import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // test/sockets.test.ts collects garbage mid-request, as a busy server would.
    execArgv: ['--expose-gc'],
  },
});
