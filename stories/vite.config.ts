import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig } from 'vite';

// Storybook (@storybook/sveltekit) builds the stories with this Vite config: SvelteKit 3 takes its
// options here (no svelte.config.js), Tailwind 4 generates the component classes.
export default defineConfig({
  plugins: [tailwindcss(), sveltekit({})],
});
