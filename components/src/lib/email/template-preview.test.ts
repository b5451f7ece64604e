import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import TemplatePreview, { previewDocument } from './template-preview.svelte';

const html =
  '<html><head><title>Hi</title></head><body><h1>Hello</h1><script>parent.pwned = true</script></body></html>';

describe('TemplatePreview', () => {
  it('renders the email in an iframe with an empty sandbox (no scripts, forms or navigation)', async () => {
    const screen = await render(TemplatePreview, { props: { html } });
    const frame = screen.getByTitle('Email preview').element() as HTMLIFrameElement;
    expect(frame.tagName).toBe('IFRAME');
    expect(frame.hasAttribute('sandbox')).toBe(true);
    expect(frame.getAttribute('sandbox')).toBe('');
    expect(frame.getAttribute('srcdoc')).toContain('<h1>Hello</h1>');
    await new Promise((r) => setTimeout(r, 100));
    expect((window as unknown as { pwned?: boolean }).pwned).toBeUndefined();
  });

  it('switches between desktop and mobile widths and light and dark', async () => {
    const screen = await render(TemplatePreview, { props: { html } });
    const frame = screen.getByTitle('Email preview');
    await expect.element(frame).toHaveAttribute('data-width', 'desktop');
    await expect.element(frame).toHaveStyle({ width: '720px' });
    await screen.getByRole('button', { name: 'Mobile' }).click();
    await expect.element(frame).toHaveAttribute('data-width', 'mobile');
    await expect.element(frame).toHaveStyle({ width: '375px' });
    await expect.element(screen.getByRole('button', { name: 'Mobile' })).toHaveAttribute('aria-pressed', 'true');

    await screen.getByRole('button', { name: 'Dark' }).click();
    await expect.element(frame).toHaveAttribute('data-scheme', 'dark');
    expect(frame.element().getAttribute('srcdoc')).toContain('<meta name="color-scheme" content="dark">');
  });

  it('adds a colour-scheme hint to documents and fragments', () => {
    expect(previewDocument('<p>x</p>', 'light')).toBe(
      '<!doctype html><html><head><meta name="color-scheme" content="light"></head><body><p>x</p></body></html>',
    );
    expect(previewDocument('<html><head lang="en"></head></html>', 'dark')).toContain(
      '<head lang="en"><meta name="color-scheme" content="dark">',
    );
  });

  it('shows a render error instead of the frame', async () => {
    const screen = await render(TemplatePreview, { props: { html, error: 'Unclosed tag <mj-section>' } });
    await expect.poll(() => screen.getByRole('alert').element().textContent).toMatch(/Unclosed tag/);
    expect(screen.container.querySelector('iframe')).toBeNull();
  });
});
