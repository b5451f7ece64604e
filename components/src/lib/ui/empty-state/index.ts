/**
 * What to show when a list or search has nothing: icon, title, description and an action.
 *
 * @example
 * ```svelte
 * <EmptyState title="No users yet" description="Invite your team to get started.">
 *   {#snippet action()}<Button>Invite</Button>{/snippet}
 * </EmptyState>
 * ```
 */
import Root from './empty-state.svelte';

export type { EmptyStateProps } from './empty-state.svelte';
export { Root, Root as EmptyState };
