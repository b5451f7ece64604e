import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page, userEvent } from 'vitest/browser';
import { CalendarDate } from '@internationalized/date';
import DatePicker from '../date-picker/date-picker.svelte';

describe('DatePicker', () => {
  it('is a labelled group of segments typed from the keyboard, submitted as an ISO date', async () => {
    const screen = await render(DatePicker, { props: { label: 'Expires on', name: 'expiresAt', locale: 'en-US' } });
    const group = screen.getByRole('group', { name: 'Expires on' });
    await expect.element(group).toBeVisible();
    const month = screen.getByRole('spinbutton', { name: /month/i });
    (month.element() as HTMLElement).focus();
    await userEvent.keyboard('11252026');
    const hidden = screen.container.querySelector('input[name="expiresAt"]') as HTMLInputElement;
    await expect.poll(() => hidden.value).toBe('2026-11-25');
  });

  it('opens the calendar from its button and moves by day with the arrow keys', async () => {
    const screen = await render(DatePicker, {
      props: { label: 'Expires on', name: 'expiresAt', locale: 'en-US', value: new CalendarDate(2026, 11, 25) },
    });
    await userEvent.click(screen.getByRole('button', { name: 'Choose a date' }));
    const grid = page.getByRole('grid');
    await expect.element(grid).toBeVisible();
    await expect.poll(() => document.activeElement?.textContent?.trim()).toBe('25');
    await userEvent.keyboard('{ArrowRight}{Enter}');
    const hidden = screen.container.querySelector('input[name="expiresAt"]') as HTMLInputElement;
    await expect.poll(() => hidden.value).toBe('2026-11-26');
  });

  it('links and announces its error', async () => {
    const screen = await render(DatePicker, {
      props: { label: 'Expires on', error: 'The date must be in the future.' },
    });
    const group = screen.getByRole('group', { name: 'Expires on' });
    await expect.element(group).toHaveAttribute('aria-invalid', 'true');
    await expect.element(group).toHaveAccessibleDescription('The date must be in the future.');
  });
});
