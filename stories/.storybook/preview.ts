import type { Preview } from '@storybook/sveltekit';
import ThemeDecorator from './theme-decorator.svelte';
import '../src/app.css';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { matchers: { color: /(background|color)$/i, date: /Date$/i } },
    // The a11y panel shows violations; the catalog test (scripts/axe-stories.mjs) fails on any.
    a11y: { test: 'error' },
  },
  globalTypes: {
    theme: {
      description: 'Colour theme',
      toolbar: { title: 'Theme', icon: 'mirror', items: ['light', 'dark'], dynamicTitle: true },
    },
    dir: {
      description: 'Text direction',
      toolbar: { title: 'Direction', icon: 'transfer', items: ['ltr', 'rtl'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light', dir: 'ltr' },
  decorators: [
    (_story, context) => ({
      Component: ThemeDecorator,
      props: {
        theme: context.parameters.theme ?? context.globals.theme ?? 'light',
        dir: context.parameters.dir ?? context.globals.dir ?? 'ltr',
      },
    }),
  ],
};

export default preview;
