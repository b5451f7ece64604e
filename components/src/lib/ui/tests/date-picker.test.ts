import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import { page, userEvent } from 'vitest/browser';
import { CalendarDate, getLocalTimeZone, today } from '@internationalized/date';
import DatePicker from '../date-picker/date-picker.svelte';
import DateRangePicker from '../date-range-picker/date-range-picker.svelte';
import { weekdayFormatFor } from '../date-picker/classes.js';
import { loadKitStyles } from './styles.js';

let unload: (() => void) | undefined;
afterEach(() => {
  unload?.();
  unload = undefined;
});

const day = (value: string) => document.querySelector<HTMLElement>(`[data-bits-day][data-value="${value}"]`)!;
const cellOf = (value: string) => day(value).closest<HTMLElement>('[role="gridcell"]')!;

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

  it('uses weekday names that fit the 36 px columns: short in English, narrow in Arabic', async () => {
    expect(weekdayFormatFor('en-US')).toBe('short');
    expect(weekdayFormatFor('ar')).toBe('narrow');
    await render(DatePicker, {
      props: { label: 'تاريخ الانتهاء', locale: 'ar', dir: 'rtl', value: new CalendarDate(2026, 11, 25), open: true },
    });
    const heads = [...document.querySelectorAll('th')].map((th) => th.textContent!.trim());
    expect(heads).toHaveLength(7);
    for (const name of heads) expect([...name].length).toBeLessThanOrEqual(2);
  });

  it('mutes the days of other months without striking them; strikes only unavailable days', async () => {
    unload = loadKitStyles();
    await render(DatePicker, {
      props: {
        label: 'Expires on',
        locale: 'en-US',
        value: new CalendarDate(2026, 11, 25),
        open: true,
        isDateUnavailable: (date) => date.day === 13,
      },
    });
    await expect.poll(() => day('2026-11-25')).toBeTruthy();
    const outside = document.querySelector<HTMLElement>('[data-bits-day][data-outside-month]')!;
    expect(getComputedStyle(outside).textDecorationLine).toBe('none');
    expect(getComputedStyle(outside).opacity).toBe('1');
    expect(getComputedStyle(outside).color).not.toBe(getComputedStyle(day('2026-11-24')).color);
    expect(getComputedStyle(day('2026-11-13')).textDecorationLine).toBe('line-through');
  });

  it('marks today with a dot and bold text, not with the focus outline', async () => {
    unload = loadKitStyles();
    const now = today(getLocalTimeZone());
    await render(DatePicker, { props: { label: 'Day', locale: 'en-US', placeholder: now, open: true } });
    await expect.poll(() => day(now.toString())).toBeTruthy();
    const todayDay = day(now.toString());
    expect(todayDay.hasAttribute('data-today')).toBe(true);
    expect(getComputedStyle(todayDay).fontWeight).toBe('600');
    expect(getComputedStyle(todayDay, '::after').backgroundColor).toBe('rgb(24, 24, 27)');
    // the outline belongs to keyboard focus only
    todayDay.blur();
    expect(getComputedStyle(todayDay).outlineStyle).toBe('none');
  });
});

describe('DateRangePicker', () => {
  it('draws the range as one band with solid ends', async () => {
    unload = loadKitStyles();
    await render(DateRangePicker, {
      props: {
        label: 'Period',
        locale: 'en-US',
        open: true,
        value: { start: new CalendarDate(2026, 11, 3), end: new CalendarDate(2026, 11, 12) },
      },
    });
    await expect.poll(() => day('2026-11-03')).toBeTruthy();
    const accent = 'rgb(244, 244, 245)';
    const primary = 'rgb(24, 24, 27)';
    // the band: every cell from start to end has the accent background, the days inside it none of their own
    for (const value of ['2026-11-03', '2026-11-05', '2026-11-08', '2026-11-12']) {
      expect(getComputedStyle(cellOf(value)).backgroundColor).toBe(accent);
    }
    expect(getComputedStyle(day('2026-11-05')).backgroundColor).toBe('rgba(0, 0, 0, 0)');
    expect(getComputedStyle(cellOf('2026-11-02')).backgroundColor).toBe('rgba(0, 0, 0, 0)');
    // solid ends, rounded on the outside of the band only
    expect(getComputedStyle(day('2026-11-03')).backgroundColor).toBe(primary);
    expect(getComputedStyle(day('2026-11-12')).backgroundColor).toBe(primary);
    const middle = getComputedStyle(cellOf('2026-11-05'));
    expect(middle.borderTopLeftRadius).toBe('0px');
    expect(middle.borderTopRightRadius).toBe('0px');
    expect(getComputedStyle(cellOf('2026-11-03')).borderTopLeftRadius).not.toBe('0px');
    expect(getComputedStyle(cellOf('2026-11-03')).borderTopRightRadius).toBe('0px');
  });
});
