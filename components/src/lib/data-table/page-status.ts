import type { DataTablePageInfo } from './types.js';

/**
 * What the table says about the page it shows:
 * - `loading`: a request is in flight and no rows are shown yet (skeleton rows, no count);
 * - `empty`: the server returned nothing (empty state, no range text);
 * - `range`: rows `from`–`to` (1-based) of `total` when the server gave an offset;
 * - `count`: only the number of rows on this page is known.
 */
export type DataTablePageStatus =
  | { kind: 'loading' }
  | { kind: 'empty' }
  | { kind: 'range'; from: number; to: number; total?: number }
  | { kind: 'count'; count: number };

/**
 * Status of the current page. While a next page loads the current rows stay (dimmed), so their range
 * still describes what is on screen.
 *
 * @example
 * ```ts
 * pageStatus(25, { offset: 50, totalCount: 1000 }, false); // { kind: 'range', from: 51, to: 75, total: 1000 }
 * pageStatus(0, { offset: 0, totalCount: 0 }, false); // { kind: 'empty' }
 * ```
 */
export function pageStatus(
  rowCount: number,
  pageInfo: DataTablePageInfo | undefined,
  loading: boolean,
): DataTablePageStatus {
  if (rowCount === 0) return loading ? { kind: 'loading' } : { kind: 'empty' };
  if (pageInfo?.offset === undefined) return { kind: 'count', count: rowCount };
  const from = pageInfo.offset + 1;
  return { kind: 'range', from, to: pageInfo.offset + rowCount, total: pageInfo.totalCount };
}

/**
 * The page sizes offered: the given choices plus the current size when it is not one of them, in
 * ascending order, so the selector always shows the size the rows were fetched with.
 *
 * @example
 * ```ts
 * pageSizeChoices([10, 25, 50], 5); // [5, 10, 25, 50]
 * ```
 */
export function pageSizeChoices(options: readonly number[], current: number): number[] {
  return [...new Set([...options, current])].sort((a, b) => a - b);
}

/**
 * Number of skeleton rows shown while the first page loads: the expected page, capped so a large
 * page size does not fill the screen with placeholders.
 */
export function skeletonRowCount(pageSize: number, max = 10): number {
  return Math.max(1, Math.min(pageSize, max));
}
