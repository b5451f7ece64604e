import { clsx, type ClassValue as ClsxClassValue } from 'clsx';
import type { ClassValue as SvelteClassValue } from 'svelte/elements';

/**
 * Joins class names like `cn` (utils.ts) but without resolving conflicts, so it needs no Tailwind class tables at
 * runtime (tailwind-merge is most of a small page's component JS). For classes that never conflict, e.g. the auth
 * screens, whose `class` prop is added to their root as is. A module of its own because bundlers split chunks by
 * module: beside `cn` in one module, a page importing only `cx` loaded tailwind-merge as soon as another page used
 * `cn` (the sign-in page did, once the demo's home page used the kit's Button).
 *
 * @example
 * ```ts
 * cx('flex gap-2', isActive && 'bg-accent', ['mt-4']); // 'flex gap-2 bg-accent mt-4'
 * ```
 */
export function cx(...inputs: (SvelteClassValue | ClsxClassValue)[]): string {
  return clsx(inputs as ClsxClassValue[]);
}
