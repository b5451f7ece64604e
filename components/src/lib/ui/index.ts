/**
 * All ui primitives under their prefixed names. For the short part names use the folder entry:
 * `import * as Dialog from '@sv-sdk/components/ui/dialog'` then `<Dialog.Root>`.
 *
 * @example
 * ```svelte
 * <script>
 *   import { Button, Card, CardContent } from '@sv-sdk/components/ui';
 * </script>
 * ```
 */
export { uiMessages, type UiMessageKey } from './messages.js';
export { Button, buttonVariants, type ButtonProps, type ButtonSize, type ButtonVariant } from './button/index.js';
export { Spinner, spinnerVariants, type SpinnerProps, type SpinnerSize } from './spinner/index.js';
