import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import Harness from './form-field.test.svelte';

describe('FormField', () => {
  it('labels the control and describes it with the description', async () => {
    const screen = await render(Harness);
    const input = screen.getByRole('textbox', { name: /Email/ });
    await expect.element(input).toHaveAccessibleDescription('We never share it.');
    await expect.element(input).toBeRequired();
    await expect.element(input).not.toHaveAttribute('aria-invalid');
  });

  it('marks the control invalid, links the error and announces it when it appears', async () => {
    const screen = await render(Harness, { props: { error: null } });
    const input = screen.getByRole('textbox', { name: /Email/ });
    const field = input.element().closest('[data-slot="form-field"]')!;
    const live = field.querySelector('[data-slot="form-field-error"]')!;
    expect(live.getAttribute('aria-live')).toBe('polite');
    expect(live.textContent?.trim()).toBe('');

    await screen.rerender({ error: 'Enter a valid email address.' });
    await expect.element(input).toHaveAttribute('aria-invalid', 'true');
    await expect.element(input).toHaveAttribute('aria-errormessage', live.id);
    await expect.element(input).toHaveAccessibleDescription(/We never share it\..*Enter a valid email address\./);
    // the live region existed before the error, so its new text is announced
    expect(live.textContent).toContain('Enter a valid email address.');
  });

  it('hands the wiring to a custom control through the snippet argument', async () => {
    const screen = await render(Harness);
    const custom = screen.getByTestId('custom');
    await expect.element(custom).toHaveAccessibleName('Custom control');
    expect(custom.element().id).toMatch(/control$/);
  });
});
