import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { userEvent } from 'vitest/browser';
import PasswordInput from '../password-input/password-input.svelte';

describe('PasswordInput', () => {
  it('shows and hides the password with a pressed toggle that keeps focus', async () => {
    const screen = await render(PasswordInput, { props: { 'aria-label': 'Password', value: 'correct horse' } });
    const input = screen.getByLabelText('Password', { exact: true });
    const toggle = screen.getByRole('button', { name: 'Show password' });
    await expect.element(input).toHaveAttribute('type', 'password');
    await expect.element(toggle).toHaveAttribute('aria-pressed', 'false');
    await expect.element(toggle).toHaveAttribute('aria-controls', input.element().id);

    await userEvent.click(toggle);
    await expect.element(input).toHaveAttribute('type', 'text');
    await expect.element(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(document.activeElement).toBe(toggle.element());

    await userEvent.keyboard('{Enter}');
    await expect.element(input).toHaveAttribute('type', 'password');
    await expect.element(input).toHaveValue('correct horse');
  });

  it('shows the strength given as a score, announced and linked to the input', async () => {
    const screen = await render(PasswordInput, { props: { 'aria-label': 'New password', strength: 1 } });
    const input = screen.getByLabelText('New password', { exact: true });
    await expect.element(input).toHaveAccessibleDescription('Password strength: weak');
    await screen.rerender({ strength: 4 });
    await expect.element(input).toHaveAccessibleDescription('Password strength: very strong');
    const meter = screen.container.querySelector('[data-score]')!;
    expect(meter.getAttribute('aria-live')).toBe('polite');
    expect(meter.getAttribute('data-score')).toBe('4');
  });

  it('has no meter without a score', async () => {
    const screen = await render(PasswordInput, { props: { 'aria-label': 'Password' } });
    expect(screen.container.querySelector('[data-slot="password-strength"]')).toBeNull();
  });

  it('tells neighbouring scores apart: filled segments, colour and text', async () => {
    const screen = await render(PasswordInput, { props: { 'aria-label': 'New password', strength: 0 } });
    const look = () => {
      const bars = [...screen.container.querySelectorAll('[data-slot="password-strength"] span')];
      const filled = bars.filter((bar) => bar.hasAttribute('data-filled'));
      const text = screen.container.querySelector('[data-score]')!;
      return {
        filled: filled.length,
        colour: filled[0]?.className,
        text: text.textContent!.trim(),
        textClass: text.className,
      };
    };
    const looks = [];
    for (const strength of [0, 1, 2, 3, 4]) {
      await screen.rerender({ strength });
      looks.push(look());
    }
    expect(looks.map((l) => l.filled)).toEqual([1, 2, 3, 4, 5]);
    expect(looks[0]!.colour).not.toBe(looks[1]!.colour);
    expect(looks[0]!.textClass).not.toBe(looks[1]!.textClass);
    expect(looks[0]!.text).toBe('Password strength: very weak');
    expect(looks[1]!.text).toBe('Password strength: weak');
  });
});
