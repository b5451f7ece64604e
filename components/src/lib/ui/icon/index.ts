/**
 * The small set of stroke icons the primitives use (decorative: `aria-hidden`).
 *
 * @example
 * ```svelte
 * <Icon name="check" class="size-4" />
 * ```
 */
import Root from './icon.svelte';

export { iconPaths, type IconName, type IconProps } from './icon.svelte';
export { Root, Root as Icon };
