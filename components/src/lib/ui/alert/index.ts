/**
 * A message box: default, info, success, warning, destructive; `role="alert"` for destructive
 * (announced at once), `role="status"` otherwise, or none with `live="none"`.
 *
 * @example
 * ```svelte
 * <Alert variant="destructive" title="Sign-in failed">The email or password is incorrect.</Alert>
 * ```
 */
import Root from './alert.svelte';

export { alertVariants, type AlertProps, type AlertVariant } from './alert.svelte';
export { Root, Root as Alert };
