/**
 * "Are you sure?" as an alert dialog (bits-ui AlertDialog): focus is trapped, Escape cancels,
 * `onConfirm` may return a promise (busy confirm button until it settles, then it closes).
 *
 * @example
 * ```svelte
 * <ConfirmDialog title="Delete this user?" description="This cannot be undone." destructive
 *   confirmLabel="Delete" onConfirm={() => deleteUser(id)}>
 *   {#snippet trigger({ props })}<Button variant="destructive" {...props}>Delete</Button>{/snippet}
 * </ConfirmDialog>
 * ```
 */
import Root from './confirm-dialog.svelte';

export type { ConfirmDialogProps } from './confirm-dialog.svelte';
export { Root, Root as ConfirmDialog };
