import { describe, expect, it } from 'vitest';
import { render } from 'vitest-browser-svelte';
import LineChart from './line-chart.svelte';
import BarChart from './bar-chart.svelte';
import { bandLayout, linearScale, niceTicks } from './scale.js';

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

  it.each([
    ['LineChart', LineChart],
    ['BarChart', BarChart],
  ] as const)('%s without data shows a visible message and no axes', async (_, Chart) => {
    const screen = await render(Chart, { props: { title: 'Sign-ups', series: [] } });
    const empty = screen.getByText('No data to show yet.');
    await expect.element(empty).toBeVisible();
    // No 0–1 plot, no table toggle for a table with no rows.
    expect(screen.container.querySelector('svg[role="img"]')).toBeNull();
    expect(screen.container.querySelector('[data-slot="chart-axes"]')).toBeNull();
    expect(screen.container.querySelector('[data-slot="chart-table"]')).toBeNull();
    expect(screen.container.querySelector('button')).toBeNull();
    // Still a titled figure.
    await expect.element(screen.getByRole('figure', { name: 'Sign-ups' })).toBeInTheDocument();
    // A series with no points is no data either.
    await screen.rerender({ series: [{ name: 'Sign-ups', points: [] }] });
    await expect.element(screen.getByText('No data to show yet.')).toBeVisible();
  });

  it('insets the first and last points from the axes', async () => {
    const screen = await render(LineChart, { props: { title: 'Activity', series: [series[0]!] } });
    const xs = [...screen.container.querySelectorAll('circle')].map((c) => Number(c.getAttribute('cx')));
    // The plot spans the grid lines; three points sit half a band in from either end.
    const grid = screen.container.querySelector('[data-slot="chart-axes"] line')!;
    const [left, right] = [Number(grid.getAttribute('x1')), Number(grid.getAttribute('x2'))];
    const half = (right - left) / 3 / 2;
    expect(half).toBeGreaterThan(50);
    expect(xs[0]).toBeCloseTo(left + half);
    expect(xs.at(-1)).toBeCloseTo(right - half);
    // The first category label sits under its point, clear of the "0" tick label.
    const mon = [...screen.container.querySelectorAll('text')].find((t) => t.textContent === 'Mon')!;
    expect(Number(mon.getAttribute('x'))).toBeCloseTo(xs[0]!);
  });

  it('lays out bands and thins labels that would overlap', () => {
    const { band, center, labelStep } = bandLayout(4, [0, 400]);
    expect(band).toBe(100);
    expect([0, 1, 2, 3].map(center)).toEqual([50, 150, 250, 350]);
    expect(labelStep).toBe(1);
    // 60 categories in 536 units: every 7th label (≥ 56 units apart).
    expect(bandLayout(60, [48, 584]).labelStep).toBe(7);
  });

  it('makes room on the left for long tick labels', async () => {
    const screen = await render(BarChart, {
      props: { title: 'Emails', series: [series[1]!], format: (v: number) => `${v} emails sent` },
    });
    const grid = screen.container.querySelector('[data-slot="chart-axes"] line')!;
    // "35 emails sent" is 14 characters: the plot starts after it instead of under it.
    expect(Number(grid.getAttribute('x1'))).toBeGreaterThanOrEqual(14 * 6.5);
  });
});
