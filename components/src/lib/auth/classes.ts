/**
 * Class strings the auth screens share, as plain data: they are rendered natively (no class-merging runtime on the
 * sign-in page), and every screen looks the same. Internal.
 */

/** A text link inside a form or a card footer. */
export const authLinkClass = 'text-foreground rounded-sm font-medium underline underline-offset-4 sv-focus-ring';

/** A native checkbox ("Keep me signed in", "Trust this device"): the theme's colour, the kit's focus ring. */
export const authCheckboxClass = 'accent-primary size-4 shrink-0 rounded-sm sv-focus-ring';
