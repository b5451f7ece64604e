import { createTV, type VariantProps } from 'tailwind-variants/lite';
import { twMerge } from 'tailwind-merge';

/**
 * `tv()` of tailwind-variants (lite entry) with tailwind-merge resolving conflicts between base,
 * variant and `class` classes. The lite entry plus tailwind-merge is about half the size of the
 * default entry, which bundles its own merge tables.
 *
 * @example
 * ```ts
 * export const badgeVariants = tv({ base: 'rounded-md px-2', variants: { size: { lg: 'px-4' } } });
 * ```
 */
export const tv = createTV({ twMerge });

export type { VariantProps };
