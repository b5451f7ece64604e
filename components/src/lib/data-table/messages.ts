import type { MessageParams } from '../i18n/index.js';

/**
 * English defaults of every string the DataTable shows. Override any of them through the
 * package's message function (see the i18n docs); `{name}` placeholders are filled in.
 */
export const dataTableMessages = {
  'dataTable.search': 'Search',
  'dataTable.searchPlaceholder': 'Search…',
  'dataTable.columns': 'Columns',
  'dataTable.toggleColumns': 'Show or hide columns',
  'dataTable.selectAll': 'Select all rows on this page',
  'dataTable.selectRow': 'Select row',
  'dataTable.selectedCount': '{count} selected',
  'dataTable.clearSelection': 'Clear selection',
  'dataTable.bulkActions': 'Bulk actions',
  'dataTable.loading': 'Loading…',
  'dataTable.empty': 'No results.',
  'dataTable.sortAscending': 'sorted ascending',
  'dataTable.sortDescending': 'sorted descending',
  'dataTable.sortBy': 'Sort by {column}',
  'dataTable.pagination': 'Pagination',
  'dataTable.previousPage': 'Previous page',
  'dataTable.nextPage': 'Next page',
  'dataTable.rowsPerPage': 'Rows per page',
  'dataTable.range': 'Rows {from}–{to} of {total}',
  'dataTable.rangeNoTotal': 'Rows {from}–{to}',
  'dataTable.rowCount': ({ count }: MessageParams) =>
    Number(count) === 1 ? '1 row on this page' : `${count} rows on this page`,
  'dataTable.details': 'Details',
  'dataTable.showDetails': 'Show details',
  'dataTable.hideDetails': 'Hide details',
} as const;

export type DataTableMessageKey = keyof typeof dataTableMessages;
