/**
 * A text link with a visible focus ring; `external` opens a new tab and announces it.
 *
 * @example
 * ```svelte
 * <Link href="/reset-password">Forgot your password?</Link>
 * <Link href="https://example.com/docs" external>Documentation</Link>
 * ```
 */
import Root from './link.svelte';

export { linkVariants, type LinkProps, type LinkVariant } from './link.svelte';
export { Root, Root as Link };
