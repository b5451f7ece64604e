import { describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page, userEvent } from 'vitest/browser';
import Harness from './menus.test.svelte';

describe('DropdownMenu', () => {
  it('opens from the keyboard, moves with arrows, selects with Enter and returns focus', async () => {
    const onSelect = vi.fn();
    const screen = await render(Harness, { props: { onSelect } });
    const trigger = screen.getByRole('button', { name: 'Actions' });
    trigger.element().focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('menu')).toBeVisible();
    await expect.poll(() => document.activeElement?.textContent?.trim()).toBe('Edit');
    await userEvent.keyboard('{ArrowDown}');
    await expect.poll(() => document.activeElement?.textContent?.trim()).toBe('Archive');
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith('archive');
    await expect.element(page.getByRole('menu')).not.toBeInTheDocument();
    await expect.poll(() => document.activeElement).toBe(trigger.element());
  });

  it('closes with Escape without selecting', async () => {
    const onSelect = vi.fn();
    const screen = await render(Harness, { props: { onSelect } });
    await userEvent.click(screen.getByRole('button', { name: 'Actions' }));
    await expect.element(page.getByRole('menu')).toBeVisible();
    await userEvent.keyboard('{Escape}');
    await expect.element(page.getByRole('menu')).not.toBeInTheDocument();
    expect(onSelect).not.toHaveBeenCalled();
  });
});

describe('Tooltip', () => {
  it('shows on keyboard focus and describes its trigger', async () => {
    const screen = await render(Harness);
    // reach it with Tab (keyboard focus), from the control before it
    (screen.getByRole('button', { name: 'Actions' }).element() as HTMLElement).focus();
    await userEvent.tab();
    const trigger = screen.getByRole('button', { name: 'Export' });
    expect(document.activeElement).toBe(trigger.element());
    await expect.poll(() => trigger.element().getAttribute('data-state')).toMatch(/open/);
    await expect.element(trigger).toHaveAccessibleDescription('Download as CSV');
    await userEvent.keyboard('{Escape}');
    await expect.element(trigger).toHaveAttribute('data-state', 'closed');
  });
});

describe('Checkbox and RadioGroup', () => {
  it('toggles the checkbox with Space and its label', async () => {
    const screen = await render(Harness);
    const checkbox = screen.getByRole('checkbox', { name: 'Remember me' });
    checkbox.element().focus();
    await userEvent.keyboard(' ');
    await expect.element(checkbox).toHaveAttribute('aria-checked', 'true');
    await expect.element(screen.getByTestId('checked')).toHaveTextContent('true');
    await userEvent.click(screen.getByText('Remember me'));
    await expect.element(checkbox).toHaveAttribute('aria-checked', 'false');
  });

  it('moves the radio choice with the arrow keys (one tab stop)', async () => {
    const screen = await render(Harness);
    const free = screen.getByRole('radio', { name: 'Free' });
    free.element().focus();
    await userEvent.keyboard('{ArrowDown}');
    await expect.element(screen.getByRole('radio', { name: 'Team' })).toHaveAttribute('aria-checked', 'true');
    await expect.element(screen.getByTestId('plan')).toHaveTextContent('team');
    const tabbable = screen.container.querySelectorAll('[role="radio"]:not([tabindex="-1"])');
    expect(tabbable.length).toBe(1);
  });
});
