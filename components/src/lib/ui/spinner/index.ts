/**
 * An indeterminate progress indicator (`role="status"` with a name, or decorative).
 *
 * @example
 * ```svelte
 * <Spinner label="Loading users" />
 * ```
 */
import Root from './spinner.svelte';

export { spinnerVariants, type SpinnerProps, type SpinnerSize } from './spinner.svelte';
export { Root, Root as Spinner };
