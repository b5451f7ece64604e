/**
 * A checkbox (bits-ui): Space toggles, supports `indeterminate`, `name` for forms.
 *
 * @example
 * ```svelte
 * <div class="flex items-center gap-2">
 *   <Checkbox id="remember" name="remember" bind:checked={remember} />
 *   <Label for="remember">Keep me signed in</Label>
 * </div>
 * ```
 */
import Root from './checkbox.svelte';

export type { CheckboxProps } from './checkbox.svelte';
export { Root, Root as Checkbox };
