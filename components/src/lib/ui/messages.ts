/**
 * English defaults of every string of the ui primitives but the password field's (`passwordMessages`, apart so the
 * sign-in page does not share a chunk with every page that uses a primitive). Override any key with
 * `setMessages`/`configureMessages` from `@sv-sdk/components/i18n`.
 */
export const uiMessages = {
  'ui.loading': 'Loading…',
  'ui.close': 'Close',
  'ui.dialog.close': 'Close dialog',
  'ui.confirm.confirm': 'Confirm',
  'ui.confirm.cancel': 'Cancel',
  'ui.drawer.close': 'Close panel',
  'ui.toast.region': 'Notifications',
  'ui.toast.dismiss': 'Dismiss notification',
  'ui.field.required': 'required',
  'ui.field.error': 'Error:',
  'ui.select.placeholder': 'Select an option',
  'ui.combobox.placeholder': 'Search…',
  'ui.combobox.empty': 'No results',
  'ui.pagination.label': 'Pagination',
  'ui.pagination.previous': 'Previous',
  'ui.pagination.next': 'Next',
  'ui.pagination.previousPage': 'Go to previous page',
  'ui.pagination.nextPage': 'Go to next page',
  'ui.pagination.page': 'Page {page}',
  'ui.pagination.more': 'More pages',
  'ui.breadcrumbs.label': 'Breadcrumb',
  'ui.avatar.fallback': 'Avatar of {name}',
  'ui.date.open': 'Choose a date',
  'ui.date.previousMonth': 'Previous month',
  'ui.date.nextMonth': 'Next month',
  'ui.date.start': 'Start date',
  'ui.date.end': 'End date',
  'ui.theme.label': 'Colour theme',
  'ui.theme.light': 'Light',
  'ui.theme.dark': 'Dark',
  'ui.theme.system': 'System',
  'ui.metric.up': 'up {value}',
  'ui.metric.down': 'down {value}',
  'ui.link.external': '(opens in a new tab)',
} as const;

/** A key of {@link uiMessages}. */
export type UiMessageKey = keyof typeof uiMessages;
