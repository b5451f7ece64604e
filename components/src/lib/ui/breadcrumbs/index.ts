/**
 * A breadcrumb trail (`nav` + ordered list, the last item `aria-current="page"`; the separator
 * mirrors in right-to-left layouts).
 *
 * @example
 * ```svelte
 * <Breadcrumbs items={[{ label: 'Admin', href: '/admin' }, { label: 'Users', href: '/admin/users' }, { label: 'Ada' }]} />
 * ```
 */
import Root from './breadcrumbs.svelte';

export type { BreadcrumbItem, BreadcrumbsProps } from './breadcrumbs.svelte';
export { Root, Root as Breadcrumbs };
