import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import precompiled from './precompiled.css?inline';
import Button from '../ui/button/button.svelte';

let style: HTMLStyleElement | undefined;
afterEach(() => {
  style?.remove();
  document.body.querySelectorAll('[data-host]').forEach((node) => node.remove());
  document.documentElement.removeAttribute('data-sv-theme');
});

function load() {
  style = document.createElement('style');
  style.textContent = precompiled;
  document.head.append(style);
}

describe('precompiled stylesheet (apps without Tailwind)', () => {
  it('is layered and scoped, with no preflight', () => {
    expect(precompiled).toContain('@layer sv-sdk');
    expect(precompiled).toMatch(/@scope\s*\(:has\(/);
    // no global reset of the host page
    expect(precompiled).not.toMatch(/(^|[}\s])html\s*,\s*:host\s*\{[^}]*line-height/);
  });

  it('styles sv-sdk components but never a host element that uses the same class names', async () => {
    load();
    const host = document.createElement('div');
    host.setAttribute('data-host', '');
    host.innerHTML = '<div class="hidden flex bg-primary rounded-md" id="host-el">host</div>';
    document.body.append(host);
    // the host element is a sibling of the component: same parent, must stay unstyled
    const screen = await render(Button, { props: { class: 'hidden' }, target: host });
    const hostEl = document.getElementById('host-el')!;
    expect(getComputedStyle(hostEl).display).toBe('block');
    expect(getComputedStyle(hostEl).backgroundColor).toBe('rgba(0, 0, 0, 0)');
    const button = host.querySelector('[data-slot="button"]')!;
    expect(button).not.toBeNull();
    expect(getComputedStyle(button).display).toBe('none');
    void screen;
  });

  it('gives components the token colours, following data-sv-theme', async () => {
    load();
    const screen = await render(Button, { props: {} });
    const button = screen.container.querySelector('[data-slot="button"]')!;
    expect(getComputedStyle(button).backgroundColor).toBe('rgb(24, 24, 27)');
    document.documentElement.setAttribute('data-sv-theme', 'dark');
    // the button animates its colours (transition-colors): wait for the end value
    await expect.poll(() => getComputedStyle(button).backgroundColor).toBe('rgb(250, 250, 250)');
  });

  it('loses to the host app’s own unlayered CSS', async () => {
    load();
    const own = document.createElement('style');
    own.setAttribute('data-host', '');
    own.textContent = '[data-slot="button"].brand { background-color: rgb(1, 2, 3); }';
    document.head.append(own);
    const screen = await render(Button, { props: { class: 'brand' } });
    const button = screen.container.querySelector('[data-slot="button"]')!;
    expect(getComputedStyle(button).backgroundColor).toBe('rgb(1, 2, 3)');
    own.remove();
  });
});
