import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'vite-plugin',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    environment: 'node',
    // Real `vite build`s of a SvelteKit app: seconds each on two cores.
    testTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
