/**
 * English defaults of the error page's strings (`@sv-sdk/components/pages/error`); override any key like the others.
 * A module of its own: SvelteKit loads the root error page with every page, so it carries only these strings.
 */
export const errorPageMessages = {
  'page.error.401': 'Please sign in',
  'page.error.403': 'Not allowed',
  'page.error.404': 'Page not found',
  'page.error.503': 'Temporarily unavailable',
  'page.error.client': 'That did not work',
  'page.error.server': 'Something went wrong',
  'page.error.serverMessage': 'The error was logged. Please try again in a moment.',
  'page.error.status': 'Error {status}',
  'page.error.home': 'Back to the home page',
  'page.error.signIn': 'Sign in',
  'page.error.retry': 'Try again',
} as const;
