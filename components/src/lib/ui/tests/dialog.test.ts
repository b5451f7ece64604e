import { describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page, userEvent } from 'vitest/browser';
import Harness from './dialog.test.svelte';

describe('Dialog', () => {
  it('traps focus inside, closes with Escape and returns focus to the trigger', async () => {
    const screen = await render(Harness);
    const trigger = screen.getByRole('button', { name: 'Edit profile' });
    await userEvent.click(trigger);
    const dialog = page.getByRole('dialog', { name: 'Edit profile' });
    await expect.element(dialog).toBeVisible();
    await expect.element(dialog).toHaveAccessibleDescription('Change your name.');

    // Tab many times: focus never leaves the dialog
    for (let i = 0; i < 6; i++) {
      await userEvent.tab();
      expect(dialog.element().contains(document.activeElement)).toBe(true);
    }
    await userEvent.tab({ shift: true });
    expect(dialog.element().contains(document.activeElement)).toBe(true);

    await userEvent.keyboard('{Escape}');
    await expect.element(dialog).not.toBeInTheDocument();
    await expect.poll(() => document.activeElement).toBe(trigger.element());
  });

  it('has a labelled close button', async () => {
    const screen = await render(Harness);
    await userEvent.click(screen.getByRole('button', { name: 'Edit profile' }));
    await userEvent.click(page.getByRole('button', { name: 'Close dialog' }));
    await expect.element(page.getByRole('dialog')).not.toBeInTheDocument();
  });
});

describe('ConfirmDialog', () => {
  it('is an alertdialog that waits for onConfirm, then closes', async () => {
    let resolve!: () => void;
    const onConfirm = vi.fn(() => new Promise<void>((r) => (resolve = r)));
    const screen = await render(Harness, { props: { onConfirm } });
    await userEvent.click(screen.getByRole('button', { name: 'Delete user' }));
    const dialog = page.getByRole('alertdialog', { name: 'Delete user?' });
    await expect.element(dialog).toBeVisible();
    const confirm = page.getByRole('button', { name: 'Delete' });
    await userEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledOnce();
    await expect.element(confirm).toHaveAttribute('aria-busy', 'true');
    await expect.element(screen.getByTestId('confirm-state')).toHaveTextContent('open');
    resolve();
    await expect.element(screen.getByTestId('confirm-state')).toHaveTextContent('closed');
  });

  it('cancels with Escape without confirming', async () => {
    const onConfirm = vi.fn();
    const screen = await render(Harness, { props: { onConfirm } });
    await userEvent.click(screen.getByRole('button', { name: 'Delete user' }));
    await expect.element(page.getByRole('alertdialog')).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(screen.getByTestId('confirm-state')).toHaveTextContent('closed');
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it('opens on Cancel, the least destructive action, with a visible focus ring', async () => {
    const screen = await render(Harness);
    await userEvent.click(screen.getByRole('button', { name: 'Delete user' }));
    const cancel = page.getByRole('button', { name: 'Cancel' });
    await expect.poll(() => document.activeElement).toBe(cancel.element());
    expect(cancel.element().matches(':focus-visible')).toBe(true);
    // Enter right after opening cancels: it never confirms by accident
    await userEvent.keyboard('{Enter}');
    await expect.element(screen.getByTestId('confirm-state')).toHaveTextContent('closed');
  });
});
