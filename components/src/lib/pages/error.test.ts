import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import ErrorPage from './error.svelte';

const links = (container: HTMLElement) =>
  [...container.querySelectorAll('main a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);

describe('error page', () => {
  it('words a 404 plainly and leads home, with no reference to quote', async () => {
    const screen = await render(ErrorPage, {
      props: { status: 404, message: 'This page does not exist.', requestId: 'req-404', retryHref: '/x' },
    });
    await expect.element(screen.getByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    await expect.element(screen.getByText('This page does not exist.')).toBeInTheDocument();
    expect(links(screen.container)).toEqual([['Back to the home page', '/']]);
    expect(screen.container.textContent).not.toContain('req-404');
    expect(document.title).toBe('Page not found');
  });

  it('offers sign-in first for 401 and 403', async () => {
    for (const [status, title] of [
      [401, 'Please sign in'],
      [403, 'Not allowed'],
    ] as const) {
      const screen = await render(ErrorPage, {
        props: { status, message: 'Refused.', homeHref: '/app', signInHref: '/login?redirectTo=%2Fadmin' },
      });
      await expect.element(screen.getByRole('heading', { name: title })).toBeInTheDocument();
      expect(links(screen.container)).toEqual([
        ['Sign in', '/login?redirectTo=%2Fadmin'],
        ['Back to the home page', '/app'],
      ]);
      screen.unmount();
    }
  });

  it('hides a fault’s message, shows its reference and offers a full reload', async () => {
    const screen = await render(ErrorPage, {
      props: { status: 500, message: 'db exploded at row 12', requestId: 'req-500', retryHref: '/profile?tab=1' },
    });
    await expect.element(screen.getByRole('heading', { name: 'Something went wrong' })).toBeInTheDocument();
    expect(screen.container.textContent).not.toContain('db exploded');
    await expect.element(screen.getByText('The error was logged. Please try again in a moment.')).toBeInTheDocument();
    await expect.element(screen.getByText('Reference: req-500')).toBeInTheDocument();
    const retry = screen.getByRole('link', { name: 'Try again' });
    await expect.element(retry).toHaveAttribute('href', '/profile?tab=1');
    await expect.element(retry).toHaveAttribute('data-sveltekit-reload');
  });

  it('says a 503 is temporary, with its own message and no reference', async () => {
    const screen = await render(ErrorPage, {
      props: { status: 503, message: 'The service is unavailable. Try again shortly.', requestId: 'req-503' },
    });
    await expect.element(screen.getByRole('heading', { name: 'Temporarily unavailable' })).toBeInTheDocument();
    await expect.element(screen.getByText('The service is unavailable. Try again shortly.')).toBeInTheDocument();
    expect(screen.container.textContent).not.toContain('req-503');
  });

  it('keeps the message of any other refusal under a generic title', async () => {
    const screen = await render(ErrorPage, { props: { status: 429, message: 'Too many attempts.' } });
    await expect.element(screen.getByRole('heading', { name: 'That did not work' })).toBeInTheDocument();
    await expect.element(screen.getByText('Too many attempts.')).toBeInTheDocument();
    await expect.element(screen.getByText('Error 429')).toBeInTheDocument();
  });
});
