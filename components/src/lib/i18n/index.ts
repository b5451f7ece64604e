import { getContext, hasContext, setContext } from 'svelte';

/** Values substituted into `{name}` placeholders of a message. */
export type MessageParams = Record<string, string | number>;

/** A message: a template with `{name}` placeholders, or a function for plurals and the like. */
export type Message = string | ((params: MessageParams) => string);

/** Overrides of any message key, e.g. a translation. Keys not given keep their English default. */
export type MessageOverrides = Record<string, Message | undefined>;

/** Looks a message up by key and fills its placeholders. */
export type MessageFunction<K extends string = string> = (key: K, params?: MessageParams) => string;

const CONTEXT_KEY = Symbol.for('@sv-sdk/components/messages');
type Source = () => MessageOverrides;

let globalOverrides: MessageOverrides = {};

/**
 * Fills `{name}` placeholders of a template from `params`; unknown placeholders stay as written.
 *
 * @example
 * ```ts
 * formatMessage('Page {page} of {pages}', { page: 2, pages: 9 }); // 'Page 2 of 9'
 * ```
 */
export function formatMessage(message: Message, params: MessageParams = {}): string {
  if (typeof message === 'function') return message(params);
  return message.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/**
 * Overrides messages for the whole app (module level, works outside components too).
 * Later calls merge over earlier ones.
 *
 * @example
 * ```ts
 * configureMessages({ 'ui.dialog.close': 'Schließen', 'auth.login.title': 'Anmelden' });
 * ```
 */
export function configureMessages(overrides: MessageOverrides): void {
  globalOverrides = { ...globalOverrides, ...overrides };
}

/** Clears what {@link configureMessages} set (for tests). */
export function resetMessages(): void {
  globalOverrides = {};
}

/**
 * Overrides messages for this component and its descendants. Call during component
 * initialisation (e.g. in the root layout). Pass a function to follow reactive state such as
 * the current locale. Nested calls merge over their parent's overrides.
 *
 * @example
 * ```svelte
 * <script>
 *   import { setMessages } from '@sv-sdk/components/i18n';
 *   import de from './messages/de.js';
 *   setMessages(() => (locale.current === 'de' ? de : {}));
 * </script>
 * ```
 */
export function setMessages(overrides: MessageOverrides | (() => MessageOverrides)): void {
  const parent = hasContext(CONTEXT_KEY) ? getContext<Source>(CONTEXT_KEY) : undefined;
  const own: Source = typeof overrides === 'function' ? overrides : () => overrides;
  setContext<Source>(CONTEXT_KEY, () => ({ ...parent?.(), ...own() }));
}

/**
 * Returns the message function of a component, with `defaults` (English) as the fallback of
 * every key. Call during component initialisation. Lookup order: overrides from
 * {@link setMessages}, then {@link configureMessages}, then `defaults`, then the key itself.
 *
 * @example
 * ```svelte
 * <script>
 *   const m = useMessages({ 'ui.pagination.label': 'Pagination' });
 * </script>
 * <nav aria-label={m('ui.pagination.label')}>…</nav>
 * ```
 */
export function useMessages<const T extends Record<string, Message>>(
  defaults: T,
): MessageFunction<Extract<keyof T, string>> {
  const source = hasContext(CONTEXT_KEY) ? getContext<Source>(CONTEXT_KEY) : undefined;
  return (key, params) => {
    const message = source?.()[key] ?? globalOverrides[key] ?? defaults[key] ?? key;
    return formatMessage(message, params);
  };
}

/**
 * Creates a message function outside components (no context): overrides from
 * {@link configureMessages}, then `defaults`.
 *
 * @example
 * ```ts
 * const m = createMessages(uiMessages);
 * m('ui.toast.region'); // 'Notifications'
 * ```
 */
export function createMessages<const T extends Record<string, Message>>(
  defaults: T,
): MessageFunction<Extract<keyof T, string>> {
  return (key, params) => formatMessage(globalOverrides[key] ?? defaults[key] ?? key, params);
}
