/**
 * An on/off switch (bits-ui, `role="switch"`); mirrors in right-to-left layouts.
 *
 * @example
 * ```svelte
 * <div class="flex items-center gap-2">
 *   <Switch id="notify" bind:checked={notify} />
 *   <Label for="notify">Email me about new sign-ins</Label>
 * </div>
 * ```
 */
import Root from './switch.svelte';

export type { SwitchProps } from './switch.svelte';
export { Root, Root as Switch };
