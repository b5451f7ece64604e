/**
 * A form label (bits-ui Label). Prefer {@link FormField}, which also wires description and error.
 *
 * @example
 * ```svelte
 * <Label for="terms">I accept the terms</Label>
 * ```
 */
import Root from './label.svelte';

export type { LabelProps } from './label.svelte';
export { Root, Root as Label };
