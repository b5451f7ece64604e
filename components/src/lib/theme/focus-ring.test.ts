import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { userEvent } from 'vitest/browser';
import { loadKitStyles } from '../ui/tests/styles.js';
import Harness from './focus-ring.test.svelte';

let unload: (() => void) | undefined;
afterEach(() => {
  unload?.();
  document.documentElement.removeAttribute('data-sv-theme');
});

/** The outline of the focused element, as the keyboard user sees it. */
function ring() {
  const style = getComputedStyle(document.activeElement!);
  return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor} ${style.outlineOffset}`;
}

describe('focus ring', () => {
  it('is the same --sv-ring outline on every focusable part, light and dark', async () => {
    unload = loadKitStyles();
    const screen = await render(Harness);
    const names: string[] = [];
    // Tab through link, button, input, checkbox, switch, radio, tab, plain link in sv-sdk markup
    for (let i = 0; i < 8; i++) {
      await userEvent.tab();
      names.push(document.activeElement?.getAttribute('data-testid') ?? document.activeElement!.tagName);
      // parts with transition-colors fade the outline colour in: wait for the end value
      await expect.poll(ring).toBe('solid 2px rgb(37, 99, 235) 2px');
    }
    expect(names).toEqual(['link', 'button', 'input', 'checkbox', 'switch', 'radio', 'tab', 'plain']);

    document.documentElement.setAttribute('data-sv-theme', 'dark');
    await expect.poll(ring).toBe('solid 2px rgb(96, 165, 250) 2px');
    void screen;
  });

  it('shows no ring on a pointer click', async () => {
    unload = loadKitStyles();
    const screen = await render(Harness);
    await userEvent.click(screen.getByTestId('button'));
    expect(getComputedStyle(document.activeElement!).outlineStyle).toBe('none');
  });
});
