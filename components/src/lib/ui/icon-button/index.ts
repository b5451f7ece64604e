/**
 * A button showing only an icon, with a required accessible `label` (also its tooltip title).
 *
 * @example
 * ```svelte
 * <IconButton label="Delete user" variant="ghost" onclick={remove}><Icon name="x" /></IconButton>
 * ```
 */
import Root from './icon-button.svelte';

export type { IconButtonProps } from './icon-button.svelte';
export { Root, Root as IconButton };
