import { defineConfig } from 'vitest/config';

// Unit tests of the app's own code (the sv-sdk configuration, your plugins). They run without SvelteKit.
export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
  },
});
