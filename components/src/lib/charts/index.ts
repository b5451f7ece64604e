/**
 * Simple SVG charts for dashboards, each with `role="img"`, a title and description, and an
 * accessible data-table equivalent (visually hidden or behind a toggle).
 *
 * @example
 * ```svelte
 * <LineChart title="Sign-ups" series={[{ name: 'Sign-ups', points }]} />
 * ```
 */
import Line from './line-chart.svelte';
import Bar from './bar-chart.svelte';

export { chartMessages } from './messages.js';
export { chartPalette, seriesColor } from './palette.js';
export {
  bandLayout,
  linearScale,
  niceTicks,
  seriesExtent,
  seriesLabels,
  type BandLayout,
  type ChartPoint,
  type ChartSeries,
} from './scale.js';
export type { ChartProps, ChartTableMode, ChartPlotContext } from './chart-frame.svelte';
export { Line, Bar, Line as LineChart, Bar as BarChart };
