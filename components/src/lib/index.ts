/**
 * `@sv-sdk/components`: the ui primitives, the message function and `cn`. Screens live in
 * subpaths: `@sv-sdk/components/auth`, `/admin`, `/data-table`, `/email`, `/charts`.
 *
 * @example
 * ```svelte
 * <script>
 *   import '@sv-sdk/components/styles.css'; // or the Tailwind entry, see the README
 *   import { Button } from '@sv-sdk/components';
 * </script>
 * <Button>Save</Button>
 * ```
 */
export * from './ui/index.js';
export { cn, getDirection, type ClassValue, type WithElementRef } from './utils.js';
export {
  configureMessages,
  createMessages,
  formatMessage,
  resetMessages,
  setMessages,
  useMessages,
  type Message,
  type MessageFunction,
  type MessageOverrides,
  type MessageParams,
} from './i18n/index.js';
