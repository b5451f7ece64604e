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
