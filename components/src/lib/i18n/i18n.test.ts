import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { configureMessages, createMessages, formatMessage, resetMessages } from './index.js';
import Harness from './i18n.test.svelte';

afterEach(() => resetMessages());

describe('message function', () => {
  it('fills placeholders and leaves unknown ones as written', () => {
    expect(formatMessage('Page {page} of {pages}', { page: 2, pages: 9 })).toBe('Page 2 of 9');
    expect(formatMessage('Hello {name}', {})).toBe('Hello {name}');
    expect(formatMessage(({ count }) => (count === 1 ? 'one item' : `${count} items`), { count: 3 })).toBe('3 items');
  });

  it('uses English defaults, then configureMessages overrides, then the key', () => {
    const m = createMessages({ 'x.title': 'Title', 'x.greeting': 'Hi {name}' });
    expect(m('x.title')).toBe('Title');
    configureMessages({ 'x.greeting': 'Hallo {name}' });
    expect(m('x.greeting', { name: 'Ada' })).toBe('Hallo Ada');
    expect((m as (key: string) => string)('x.missing')).toBe('x.missing');
  });

  it('lets setMessages override for a subtree, nested overrides merging over the parent', async () => {
    configureMessages({ 'ui.dialog.close': 'Global close' });
    const screen = await render(Harness);
    await expect.element(screen.getByTestId('outer')).toHaveTextContent('Schließen|Global close|Loading…');
    await expect.element(screen.getByTestId('inner')).toHaveTextContent('Schließen|Fermer la boîte|Chargement…');
  });
});
