import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { userEvent } from 'vitest/browser';
import { ToastQueue } from '../toast/toast-queue.svelte.js';
import Toaster from '../toast/toaster.svelte';
import { loadKitStyles } from './styles.js';

describe('ToastQueue', () => {
  it('shows at most `max` toasts; the others wait their turn', () => {
    const queue = new ToastQueue({ max: 2 });
    const ids = ['one', 'two', 'three'].map((title) => queue.add({ title }));
    expect(queue.visible.map((t) => t.title)).toEqual(['one', 'two']);
    expect(queue.waiting.map((t) => t.title)).toEqual(['three']);
    queue.dismiss(ids[0]!);
    expect(queue.visible.map((t) => t.title)).toEqual(['two', 'three']);
  });

  it('keeps errors until dismissed by default', () => {
    const queue = new ToastQueue();
    queue.add({ title: 'Saved', variant: 'success' });
    queue.add({ title: 'Failed', variant: 'error' });
    expect(queue.items.map((t) => t.duration)).toEqual([5000, 0]);
  });
});

describe('Toaster', () => {
  it('announces through persistent live regions: polite for info, assertive for errors', async () => {
    const queue = new ToastQueue();
    const screen = await render(Toaster, { props: { queue } });
    const region = screen.getByRole('region', { name: 'Notifications' });
    const polite = region.element().querySelector('[aria-live="polite"]')!;
    const assertive = region.element().querySelector('[aria-live="assertive"]')!;
    expect(polite.textContent).toBe('');

    queue.add({ title: 'Profile saved', description: 'Your changes are live.' });
    await expect.poll(() => polite.textContent).toBe('Profile saved. Your changes are live.');
    expect(assertive.textContent).toBe('');

    queue.add({ title: 'Could not delete', variant: 'error' });
    await expect.poll(() => assertive.textContent).toBe('Could not delete');
    await expect.element(screen.getByText('Could not delete', { exact: true }).last()).toBeVisible();
  });

  it('closes by itself after its duration, and with the dismiss button', async () => {
    const queue = new ToastQueue();
    const screen = await render(Toaster, { props: { queue } });
    queue.add({ title: 'Quick', duration: 100 });
    queue.add({ title: 'Sticky', duration: 0 });
    await expect.poll(() => queue.items.map((t) => t.title), { timeout: 2000 }).toEqual(['Sticky']);
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss notification' }));
    expect(queue.items).toEqual([]);
  });

  it('runs the action and closes', async () => {
    const queue = new ToastQueue();
    let undone = false;
    const screen = await render(Toaster, { props: { queue } });
    queue.add({ title: 'User deleted', action: { label: 'Undo', onClick: () => (undone = true) } });
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(undone).toBe(true);
    expect(queue.items).toEqual([]);
  });

  it('starts every title at the same x, with or without an icon', async () => {
    const unload = loadKitStyles();
    const queue = new ToastQueue({ max: 3 });
    const screen = await render(Toaster, { props: { queue } });
    queue.add({ title: 'Plain', duration: 0 });
    queue.add({ title: 'Saved', variant: 'success', duration: 0 });
    queue.add({ title: 'Failed', variant: 'error', duration: 0 });
    const left = (text: string) =>
      screen.getByText(text, { exact: true }).last().element().getBoundingClientRect().left;
    await expect.poll(() => left('Plain')).toBeGreaterThan(0);
    expect(left('Saved')).toBe(left('Plain'));
    expect(left('Failed')).toBe(left('Plain'));
    unload();
  });
});
