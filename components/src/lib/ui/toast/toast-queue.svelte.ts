/** How a toast looks and how urgently it is announced (`error` is assertive, the rest polite). */
export type ToastVariant = 'default' | 'success' | 'info' | 'warning' | 'error';

/** What to show in a toast. */
export interface ToastOptions {
  title: string;
  description?: string;
  /** @default 'default' */
  variant?: ToastVariant;
  /** Milliseconds before it closes by itself; 0 keeps it until dismissed. @default 5000 (errors 0) */
  duration?: number;
  /** One action button, e.g. Undo. */
  action?: { label: string; onClick: () => void };
}

/** A toast in the queue. */
export interface ToastItem extends ToastOptions {
  readonly id: number;
  variant: ToastVariant;
  duration: number;
}

/**
 * A queue of toasts: at most `max` are visible, the rest wait and appear as earlier ones close.
 * A `<Toaster>` renders a queue (by default the shared {@link toasts}).
 *
 * @example
 * ```ts
 * const queue = new ToastQueue({ max: 1 });
 * queue.add({ title: 'Saved', variant: 'success' });
 * ```
 */
export class ToastQueue {
  items: ToastItem[] = $state([]);
  readonly max: number;
  #nextId = 1;

  constructor(options: { max?: number } = {}) {
    this.max = options.max ?? 3;
  }

  /** Toasts on screen. */
  get visible(): ToastItem[] {
    return this.items.slice(0, this.max);
  }

  /** Toasts waiting for room. */
  get waiting(): ToastItem[] {
    return this.items.slice(this.max);
  }

  /** Queues a toast and returns its id. */
  add(options: ToastOptions): number {
    const variant = options.variant ?? 'default';
    const id = this.#nextId++;
    this.items.push({ ...options, id, variant, duration: options.duration ?? (variant === 'error' ? 0 : 5000) });
    return id;
  }

  /** Removes a toast (visible or waiting). */
  dismiss(id: number): void {
    this.items = this.items.filter((item) => item.id !== id);
  }

  /** Removes every toast. */
  clear(): void {
    this.items = [];
  }
}

/** The shared queue used by {@link toast} and by `<Toaster>` when no queue is given. */
export const toasts = new ToastQueue();

type Shortcut = (title: string, options?: Omit<ToastOptions, 'title' | 'variant'>) => number;

/**
 * Shows a toast through the shared queue.
 *
 * @example
 * ```ts
 * toast('Invitation sent');
 * toast.success('Profile saved');
 * toast.error('Could not save', { description: 'Check your connection and try again.' });
 * ```
 */
export const toast: ((title: string, options?: Omit<ToastOptions, 'title'>) => number) & {
  success: Shortcut;
  info: Shortcut;
  warning: Shortcut;
  error: Shortcut;
  dismiss: (id: number) => void;
} = Object.assign((title: string, options: Omit<ToastOptions, 'title'> = {}) => toasts.add({ ...options, title }), {
  success: ((title, options) => toasts.add({ ...options, title, variant: 'success' })) as Shortcut,
  info: ((title, options) => toasts.add({ ...options, title, variant: 'info' })) as Shortcut,
  warning: ((title, options) => toasts.add({ ...options, title, variant: 'warning' })) as Shortcut,
  error: ((title, options) => toasts.add({ ...options, title, variant: 'error' })) as Shortcut,
  dismiss: (id: number) => toasts.dismiss(id),
});
