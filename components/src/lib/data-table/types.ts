import type { Snippet } from 'svelte';

/** One sort criterion, as sent to the server. */
export interface DataTableSort {
  /** Column id. */
  id: string;
  desc: boolean;
}

/** Context handed to a column's `cell` snippet. */
export interface DataTableCellContext<T> {
  row: T;
  value: unknown;
  /** Row id from `getRowId`. */
  id: string;
}

/**
 * A column of a {@link DataTable}.
 *
 * @example
 * ```ts
 * const columns: DataTableColumn<User>[] = [
 *   { id: 'email', header: 'Email', accessor: 'email', sortable: true },
 *   { id: 'createdAt', header: 'Created', accessor: (u) => u.createdAt.toLocaleDateString() }
 * ];
 * ```
 */
export interface DataTableColumn<T> {
  /** Stable id: used for sorting, visibility and as the server's sort key. */
  id: string;
  /** Header text (also the name in the column-visibility menu). */
  header: string;
  /** Property name or function giving the cell value. @default row[id] */
  accessor?: keyof T | ((row: T) => unknown);
  /** Custom cell rendering; the default prints the value as text. */
  cell?: Snippet<[DataTableCellContext<T>]>;
  /** The server can sort by this column. @default false */
  sortable?: boolean;
  /** The user may hide this column. @default true */
  hideable?: boolean;
  /** Text alignment (logical: `end` is right in LTR, left in RTL). @default 'start' */
  align?: 'start' | 'end' | 'center';
  /** Extra classes for this column's header and cells. */
  class?: string;
}

/** Cursor pagination info supplied by the server with each page. */
export interface DataTablePageInfo {
  /** Cursor of the next page; `null`/absent when this is the last page. */
  nextCursor?: string | null;
  /** Cursor of the previous page; `null`/absent when this is the first page. */
  prevCursor?: string | null;
  /** Total number of matching rows, when the server knows it. */
  totalCount?: number;
  /** 0-based index of the first row of this page in the whole result, when known. */
  offset?: number;
}

/** Emitted when the user asks for another page. */
export interface DataTablePageRequest {
  direction: 'next' | 'prev';
  cursor: string;
}

/** Context handed to the `bulkActions` snippet. */
export interface DataTableBulkContext {
  selectedIds: string[];
  /** Clears the selection. */
  clear: () => void;
}
