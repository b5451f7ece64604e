/**
 * Toasts: a queue (at most `max` visible, the rest wait), auto-close paused on hover and focus,
 * a dismiss button, an optional action, and announcements through persistent `aria-live`
 * regions (errors assertive, others polite). Mount one `<Toaster />` (e.g. in the root layout)
 * and call `toast()` anywhere in the browser.
 *
 * @example
 * ```svelte
 * <Toaster />
 * <Button onclick={() => toast.success('Saved')}>Save</Button>
 * ```
 */
import Toaster from './toaster.svelte';

export type { ToasterProps } from './toaster.svelte';
export {
  ToastQueue,
  toast,
  toasts,
  type ToastItem,
  type ToastOptions,
  type ToastVariant,
} from './toast-queue.svelte.js';
export { Toaster, Toaster as Root };
