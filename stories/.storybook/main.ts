import type { StorybookConfig } from '@storybook/sveltekit';

// SB_ONLY=ui (a folder under src/) limits the catalog while working on one area.
const only = process.env.SB_ONLY;

const config: StorybookConfig = {
  stories: only
    ? ['../src/docs/*.mdx', `../src/${only}/**/*.stories.@(ts|svelte)`]
    : ['../src/**/*.mdx', '../src/**/*.stories.@(ts|svelte)'],
  addons: ['@storybook/addon-svelte-csf', '@storybook/addon-docs', '@storybook/addon-a11y'],
  framework: { name: '@storybook/sveltekit', options: {} },
  core: { disableTelemetry: true },
};

export default config;
