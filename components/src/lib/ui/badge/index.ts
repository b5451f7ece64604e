/**
 * A short status label. Variants: default, secondary, destructive, success, warning, outline.
 *
 * @example
 * ```svelte
 * <Badge variant="success">Verified</Badge>
 * ```
 */
import Root from './badge.svelte';

export { badgeVariants, type BadgeProps, type BadgeVariant } from './badge.svelte';
export { Root, Root as Badge };
