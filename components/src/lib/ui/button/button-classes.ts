/**
 * The classes of {@link Button}'s variants as plain data, shared by `buttonVariants` (tailwind-variants) and by
 * components that need a button's look without a class-merging runtime (the auth forms' submit button). Base,
 * variant and `default` size classes never conflict, so joining them equals what `buttonVariants` returns.
 * Internal.
 */
export const buttonBase = [
  'inline-flex shrink-0 items-center justify-center gap-2 rounded-md text-sm font-medium whitespace-nowrap select-none',
  'transition-colors sv-focus-ring',
  'disabled:pointer-events-none disabled:opacity-60 aria-disabled:pointer-events-none aria-disabled:opacity-60',
  "[&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4",
];

export const buttonVariantClasses = {
  default: 'bg-primary text-primary-foreground hover:bg-primary/90',
  destructive: 'bg-destructive text-destructive-foreground hover:bg-destructive/90',
  outline: 'border border-input bg-background text-foreground hover:bg-accent hover:text-accent-foreground',
  secondary: 'bg-secondary text-secondary-foreground hover:bg-secondary/80',
  ghost: 'text-foreground hover:bg-accent hover:text-accent-foreground',
  link: 'text-foreground underline underline-offset-4 hover:decoration-2',
};

export const buttonSizeClasses = {
  default: 'h-10 px-4 py-2',
  sm: 'h-8 gap-1.5 px-3 text-xs',
  lg: 'h-11 px-6 text-base',
  icon: 'size-10',
  'icon-sm': 'size-8',
  'icon-lg': 'size-11',
};
