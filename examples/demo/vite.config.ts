import adapter from '@sveltejs/adapter-node';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    sveltekit({
      adapter: adapter(),
    }),
  ],
  // The kit is TypeScript source in the workspace: let Vite compile it for SSR.
  ssr: { noExternal: ['@sv-sdk/kit'] },
});
