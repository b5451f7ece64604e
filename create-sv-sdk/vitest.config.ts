import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'create-sv-sdk',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The integration test installs, builds and starts a scaffolded app: minutes on two cores.
    testTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
