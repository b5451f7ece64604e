import { clsx, type ClassValue as ClsxClassValue } from 'clsx';
import { twMerge } from 'tailwind-merge';
import type { ClassValue as SvelteClassValue } from 'svelte/elements';

/** A class value as Svelte's `class` attribute accepts it (string, array, object, falsy). */
export type ClassValue = SvelteClassValue | ClsxClassValue;

/**
 * Joins class names and resolves conflicting Tailwind classes (the last one wins), so a `class`
 * passed to a component overrides its defaults.
 *
 * @example
 * ```ts
 * cn('px-2 py-1', isActive && 'bg-accent', 'px-4'); // 'py-1 bg-accent px-4'
 * ```
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs as ClsxClassValue[]));
}

export { cx } from './cx.js';

/**
 * Adds a bindable `ref` to the props of an element.
 *
 * @example
 * ```ts
 * type Props = WithElementRef<HTMLButtonAttributes>;
 * ```
 */
export type WithElementRef<T, U extends HTMLElement = HTMLElement> = T & { ref?: U | null };

/** Removes `child` (bits-ui's render delegation) from a primitive's props. */
export type WithoutChild<T> = T extends { child?: unknown } ? Omit<T, 'child'> : T;
/** Removes `children` from a component's props. */
export type WithoutChildren<T> = T extends { children?: unknown } ? Omit<T, 'children'> : T;
/** Removes both `child` and `children`. */
export type WithoutChildrenOrChild<T> = WithoutChildren<WithoutChild<T>>;

/**
 * The text direction of the page (or of `node`), for floating content that bits-ui portals out
 * of the tree and would otherwise lay out left-to-right. `'ltr'` outside the browser.
 *
 * @example
 * ```svelte
 * <PopoverPrimitive.Content dir={dir ?? getDirection()} />
 * ```
 */
export function getDirection(node?: Element | null): 'ltr' | 'rtl' {
  if (typeof document === 'undefined') return 'ltr';
  return getComputedStyle(node ?? document.documentElement).direction === 'rtl' ? 'rtl' : 'ltr';
}
