/**
 * Page navigation (bits-ui Pagination) for offset paging: previous/next, page numbers with
 * ellipses, the current page marked `aria-current="page"`; arrows mirror in RTL. (Cursor-paged
 * tables use the DataTable's own previous/next.)
 *
 * @example
 * ```svelte
 * <Pagination count={total} perPage={25} bind:page onPageChange={load} />
 * ```
 */
import Root from './pagination.svelte';

export type { PaginationProps } from './pagination.svelte';
export { Root, Root as Pagination };
