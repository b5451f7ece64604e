import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'sv',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The real `sv` binary, run as a child process per step: seconds each on two cores.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
