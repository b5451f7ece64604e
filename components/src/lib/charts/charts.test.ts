import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import LineChart from './line-chart.svelte';
import BarChart from './bar-chart.svelte';
import { linearScale, niceTicks } from './scale.js';

const series = [
  {
    name: 'Sign-ups',
    points: [
      { label: 'Mon', value: 4 },
      { label: 'Tue', value: 9 },
      { label: 'Wed', value: 7 },
    ],
  },
  {
    name: 'Logins',
    points: [
      { label: 'Mon', value: 20 },
      { label: 'Tue', value: 31 },
      { label: 'Wed', value: 25 },
    ],
  },
];

describe('charts', () => {
  it('LineChart is an image with a title and description, and has a data table equivalent', async () => {
    const screen = await render(LineChart, { props: { title: 'Activity this week', series } });
    const img = screen.getByRole('img', { name: 'Activity this week' });
    await expect.element(img).toBeInTheDocument();
    await expect.element(img).toHaveAccessibleDescription('2 series, 6 points, from 4 to 31.');
    expect(img.element().querySelectorAll('path')).toHaveLength(2);

    const table = screen.getByRole('table', { name: 'Activity this week' });
    await expect.element(table).toBeInTheDocument();
    await expect.element(screen.getByRole('columnheader', { name: 'Logins' })).toBeInTheDocument();
    await expect.element(screen.getByRole('rowheader', { name: 'Tue' })).toBeInTheDocument();
    const cells = [...table.element().querySelectorAll('tbody tr:nth-child(2) td')].map((td) => td.textContent);
    expect(cells).toEqual(['9', '31']);
    // Visually hidden until toggled, but present for assistive technology.
    expect(table.element().parentElement!.classList.contains('sr-only')).toBe(true);
    const toggle = screen.getByRole('button', { name: 'Show data table' });
    await expect.element(toggle).toHaveAttribute('aria-expanded', 'false');
    await toggle.click();
    expect(table.element().parentElement!.classList.contains('sr-only')).toBe(false);
    await expect
      .element(screen.getByRole('button', { name: 'Hide data table' }))
      .toHaveAttribute('aria-expanded', 'true');
  });

  it('BarChart draws one bar per point and formats values in the table', async () => {
    const screen = await render(BarChart, {
      props: {
        title: 'Emails',
        series: [series[0]!],
        format: (v: number) => `${v} sent`,
        table: 'visible',
        description: 'Emails per day',
      },
    });
    const img = screen.getByRole('img', { name: 'Emails' });
    await expect.element(img).toHaveAccessibleDescription('Emails per day');
    expect(img.element().querySelectorAll('rect')).toHaveLength(3);
    expect(screen.container.querySelector('button')).toBeNull();
    await expect.element(screen.getByRole('cell', { name: '9 sent' })).toBeInTheDocument();
  });

  it('computes nice ticks and linear scales', () => {
    expect(niceTicks(0, 87, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
    expect(niceTicks(-3, 12, 5)).toEqual([-5, 0, 5, 10, 15]);
    const y = linearScale([0, 100], [200, 0]);
    expect(y(50)).toBe(100);
    expect(y(100)).toBe(0);
  });
});
