/** One data point of a chart series. */
export interface ChartPoint {
  /** Category or x label, shown on the axis and in the table fallback. */
  label: string;
  value: number;
}

/** A named series of points. */
export interface ChartSeries {
  name: string;
  points: ChartPoint[];
  /** CSS colour; defaults to the theme's chart colours. */
  color?: string;
}

/**
 * "Nice" axis ticks from `min` to `max` (about `count` of them, on 1/2/5 × 10ⁿ steps).
 *
 * @example
 * ```ts
 * niceTicks(0, 87, 5); // [0, 20, 40, 60, 80, 100]
 * ```
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) {
    if (min === 0) return [0, 1];
    [min, max] = min > 0 ? [0, min] : [min, 0];
  }
  const rough = (max - min) / Math.max(count, 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  const step = (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= end + step / 2; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/**
 * A linear map from the `domain` to the `range` (e.g. values to pixels).
 *
 * @example
 * ```ts
 * const y = linearScale([0, 100], [200, 0]);
 * y(50); // 100
 * ```
 */
export function linearScale(domain: [number, number], range: [number, number]) {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value: number) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Smallest and largest value over every series (0 always included, for bars and baselines). */
export function seriesExtent(series: ChartSeries[]): [number, number] {
  let min = 0;
  let max = 0;
  for (const s of series)
    for (const p of s.points) {
      if (p.value < min) min = p.value;
      if (p.value > max) max = p.value;
    }
  return [min, max];
}

/** Where a chart's categories sit along the x axis. */
export interface BandLayout {
  /** Width of one category's band. */
  band: number;
  /** Centre of the `index`-th band: points and bar groups sit here. */
  center: (index: number) => number;
  /** Draw every `labelStep`-th axis label so labels never overlap. */
  labelStep: number;
}

/**
 * Splits `[start, end]` into one band per category. Points sit at band centres, so the first and
 * last points are half a band away from the axes instead of on them.
 *
 * @example
 * ```ts
 * const { center, band } = bandLayout(7, [48, 584]);
 * center(0); // 86.3 (half a band, not 48: the first point is off the y axis)
 * ```
 */
export function bandLayout(count: number, [start, end]: [number, number], minLabelGap = 56): BandLayout {
  const band = (end - start) / Math.max(count, 1);
  return {
    band,
    center: (index: number) => start + band * (index + 0.5),
    labelStep: Math.max(1, Math.ceil(minLabelGap / Math.max(band, 1))),
  };
}

/** The category labels of every series, in first-seen order. */
export const seriesLabels = (series: ChartSeries[]): string[] => [
  ...new Set(series.flatMap((s) => s.points.map((p) => p.label))),
];
