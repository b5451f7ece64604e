/**
 * A pulsing placeholder (no pulse with reduced motion). Pair a group of skeletons with a
 * `Spinner` or an `aria-busy` container so screen readers know content is loading.
 *
 * @example
 * ```svelte
 * <div aria-busy="true"><Skeleton class="h-4 w-48" /></div>
 * ```
 */
import Root from './skeleton.svelte';

export { Root, Root as Skeleton };
