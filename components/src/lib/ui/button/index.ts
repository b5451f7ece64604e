/**
 * A button, or a link styled as one when `href` is given. Variants: default, destructive,
 * outline, secondary, ghost, link; sizes: default, sm, lg, icon, icon-sm, icon-lg.
 *
 * @example
 * ```svelte
 * <Button variant="outline" onclick={save} loading={saving}>Save</Button>
 * <Button href="/signup">Create an account</Button>
 * ```
 */
import Root from './button.svelte';

export { buttonVariants, type ButtonProps, type ButtonSize, type ButtonVariant } from './button.svelte';
export { Root, Root as Button };
