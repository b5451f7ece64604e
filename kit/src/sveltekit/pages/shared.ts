import { authActions } from '../auth-actions.ts';

/** The form actions every packaged auth page uses (the default routes: `DEFAULT_AUTH_ROUTES`). */
export const auth = authActions();

/** What a packaged page's `load` reads of SvelteKit's `RequestEvent` (any page server load event fits). */
export interface PageEvent {
  url: URL;
  locals: object;
  request: Request;
  isDataRequest?: boolean;
}

/** A query parameter that is an error code (`AUTH_TOKEN_EXPIRED`…), shown through its message; anything else, null. */
export function errorCodeParam(url: URL, name = 'error'): string | null {
  const value = url.searchParams.get(name);
  return value && /^[A-Z][A-Z0-9_]{2,63}$/.test(value) ? value : null;
}
