/** A cell position inside a data grid: `row` 0 is the header row. */
export interface GridPosition {
  row: number;
  col: number;
}

/** Size of the navigable grid (header row included in `rows`). */
export interface GridBounds {
  rows: number;
  cols: number;
}

/** Options that change how a key moves the active cell. */
export interface GridKeyOptions {
  /** Ctrl (or Cmd) held: Home/End go to the first/last cell of the grid. */
  ctrl?: boolean;
  /** Right-to-left layout: ArrowLeft moves to the next column. @default false */
  rtl?: boolean;
  /** Rows moved by PageUp/PageDown. @default 10 */
  pageStep?: number;
}

const clamp = (n: number, min: number, max: number) => Math.min(Math.max(n, min), max);

/**
 * Next active cell for a key press, following the WAI-ARIA grid pattern.
 * Returns `null` when the key is not a navigation key (let the event through).
 *
 * @example
 * ```ts
 * nextGridPosition('ArrowDown', { row: 0, col: 1 }, { rows: 11, cols: 4 }); // { row: 1, col: 1 }
 * ```
 */
export function nextGridPosition(
  key: string,
  pos: GridPosition,
  bounds: GridBounds,
  options: GridKeyOptions = {},
): GridPosition | null {
  const lastRow = Math.max(bounds.rows - 1, 0);
  const lastCol = Math.max(bounds.cols - 1, 0);
  const step = options.pageStep ?? 10;
  const forward = options.rtl ? -1 : 1;
  let { row, col } = pos;
  switch (key) {
    case 'ArrowDown':
      row += 1;
      break;
    case 'ArrowUp':
      row -= 1;
      break;
    case 'ArrowRight':
      col += forward;
      break;
    case 'ArrowLeft':
      col -= forward;
      break;
    case 'Home':
      col = 0;
      if (options.ctrl) row = 0;
      break;
    case 'End':
      col = lastCol;
      if (options.ctrl) row = lastRow;
      break;
    case 'PageDown':
      row += step;
      break;
    case 'PageUp':
      row -= step;
      break;
    default:
      return null;
  }
  return { row: clamp(row, 0, lastRow), col: clamp(col, 0, lastCol) };
}
