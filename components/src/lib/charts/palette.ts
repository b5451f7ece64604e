/** Default series colours: the theme's chart tokens with fallbacks that keep 3:1 contrast on light and dark. */
export const chartPalette = [
  'var(--sv-chart-1, #2563eb)',
  'var(--sv-chart-2, #db2777)',
  'var(--sv-chart-3, #059669)',
  'var(--sv-chart-4, #d97706)',
  'var(--sv-chart-5, #7c3aed)',
] as const;

/** Colour of the `index`-th series. */
export const seriesColor = (index: number, color?: string) => color ?? chartPalette[index % chartPalette.length]!;
