/**
 * DataTable: a server-driven table (sorting, filtering, cursor pagination, selection with bulk
 * actions, column visibility, keyboard navigation). Renders only the page it is given.
 *
 * @example
 * ```svelte
 * <DataTable.Root label="Users" rows={page.rows} {columns} getRowId={(u) => u.id}
 *   pageInfo={page.pageInfo} onPageChange={({ cursor }) => goto(`?cursor=${cursor}`)}
 *   onSortChange={(sort) => load({ sort })} />
 * ```
 */
import Root from './data-table.svelte';

export { nextGridPosition, type GridPosition, type GridBounds, type GridKeyOptions } from './grid-navigation.js';
export { dataTableMessages, type DataTableMessageKey } from './messages.js';
export type { DataTableProps } from './data-table.svelte';
export type * from './types.js';
export { Root, Root as DataTable };
