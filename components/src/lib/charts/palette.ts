/** Default series colours: the theme's chart tokens with fallbacks that keep 3:1 contrast on light and dark. */
export const chartPalette = [
  'var(--chart-1, #2563eb)',
  'var(--chart-2, #db2777)',
  'var(--chart-3, #059669)',
  'var(--chart-4, #d97706)',
  'var(--chart-5, #7c3aed)',
] as const;

/** Colour of the `index`-th series. */
export const seriesColor = (index: number, color?: string) => color ?? chartPalette[index % chartPalette.length]!;
