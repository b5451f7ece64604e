import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page, userEvent } from 'vitest/browser';
import Harness from './controls.test.svelte';
import { THEME_STORAGE_KEY } from '../theme-switcher/theme.js';
import '../../theme/tokens.css';

afterEach(() => {
  document.documentElement.removeAttribute('data-sv-theme');
  localStorage.removeItem(THEME_STORAGE_KEY);
});

describe('Button', () => {
  it('ignores clicks while loading but stays focusable and says it is busy', async () => {
    const onclick = vi.fn();
    const screen = await render(Harness, { props: { onclick, loading: true } });
    const button = screen.getByRole('button', { name: 'Save' });
    await expect.element(button).toHaveAttribute('aria-busy', 'true');
    await expect.element(button).toHaveAttribute('aria-disabled', 'true');
    expect((button.element() as HTMLButtonElement).disabled).toBe(false);
    (button.element() as HTMLButtonElement).click();
    expect(onclick).not.toHaveBeenCalled();
    await screen.rerender({ loading: false });
    await userEvent.click(button);
    expect(onclick).toHaveBeenCalledOnce();
  });

  it('renders a disabled link without href, out of the tab order', async () => {
    const screen = await render(Harness);
    const link = screen.getByRole('link', { name: 'Disabled link' });
    await expect.element(link).toHaveAttribute('aria-disabled', 'true');
    expect(link.element().hasAttribute('href')).toBe(false);
    expect(link.element().getAttribute('tabindex')).toBe('-1');
  });
});

describe('Tabs', () => {
  it('moves between tabs with the arrow keys', async () => {
    const screen = await render(Harness);
    const profile = screen.getByRole('tab', { name: 'Profile' });
    await userEvent.click(profile);
    await userEvent.keyboard('{ArrowRight}');
    const security = screen.getByRole('tab', { name: 'Security' });
    await expect.poll(() => document.activeElement).toBe(security.element());
    await expect.element(security).toHaveAttribute('aria-selected', 'true');
    await expect.element(screen.getByRole('tabpanel')).toHaveTextContent('Security panel');
  });
});

describe('Select', () => {
  it('is wired by its FormField and chosen with the keyboard', async () => {
    const screen = await render(Harness);
    const trigger = screen.getByRole('combobox', { name: 'Role' });
    await expect.element(trigger).toHaveAttribute('aria-invalid', 'true');
    await expect.element(trigger).toHaveAccessibleDescription(/Choose a role/);
    trigger.element().focus();
    await userEvent.keyboard('{Enter}');
    await expect.element(page.getByRole('listbox')).toBeVisible();
    await userEvent.keyboard('{ArrowDown}{Enter}');
    await expect.element(screen.getByTestId('role')).toHaveTextContent('user');
    await expect.element(trigger).not.toHaveAttribute('aria-invalid');
  });
});

describe('ThemeSwitcher', () => {
  it('applies and stores the choice; system removes the override', async () => {
    const screen = await render(Harness);
    await userEvent.click(screen.getByRole('radio', { name: 'Dark' }));
    expect(document.documentElement.getAttribute('data-sv-theme')).toBe('dark');
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('dark');
    expect(getComputedStyle(document.documentElement).getPropertyValue('--sv-background').trim()).toBe('#09090b');
    await userEvent.click(screen.getByRole('radio', { name: 'System' }));
    expect(document.documentElement.hasAttribute('data-sv-theme')).toBe(false);
    expect(localStorage.getItem(THEME_STORAGE_KEY)).toBe('system');
  });
});
