import { error, redirect } from '@sveltejs/kit';
import { svSdkLocals, type RequestSession, type SessionUser } from './locals.ts';

/** What the guards read from a SvelteKit `RequestEvent` (any `load`, action or endpoint event fits). */
export interface GuardEvent {
  locals: object;
  url: URL;
  request: Request;
  /** SvelteKit's flag for the `__data.json` request of a client-side navigation. */
  isDataRequest?: boolean;
}

export interface GuardOptions {
  /** The sign-in page that unauthenticated page requests are sent to. @default '/login' */
  loginPath?: string;
}

export interface AuthenticatedRequest {
  user: SessionUser;
  session: RequestSession;
}

/**
 * A navigation gets a redirect to sign in: a page GET for HTML, or the data request of a client-side navigation
 * (SvelteKit's client follows a redirect from it, so a link in a tab whose session ended leads to sign-in rather
 * than to an error). Anything else (API, form post) gets a 401/403.
 */
function wantsPage(event: GuardEvent): boolean {
  if (event.request.method !== 'GET') return false;
  return event.isDataRequest === true || (event.request.headers.get('accept') ?? '').includes('text/html');
}

// The app's App.Error decides which extra properties `error()` accepts; sv-sdk always adds its stable `code`
// (declare `code?: string` on App.Error to read it in the error page).
const errorWithCode = error as unknown as (status: number, message: string, properties: { code: string }) => never;

function deny(status: 401 | 403 | 503, code: string, message: string): never {
  return errorWithCode(status, message, { code });
}

/**
 * The signed-in user, or: a redirect to the sign-in page (page requests, with `redirectTo` so the user comes back)
 * or a 401 `AUTH_UNAUTHENTICATED` (endpoints, actions, data requests). Call it in every `load`, action and endpoint
 * that needs a user — a layout's check does not protect its children's data requests.
 * @example
 * export const load = (event) => { const { user } = requireUser(event); return { name: user.name }; };
 */
export function requireUser(event: GuardEvent, options: GuardOptions = {}): AuthenticatedRequest {
  const locals = svSdkLocals(event.locals);
  if (locals.user && locals.session) return { user: locals.user, session: locals.session };
  // The session could not be checked (database away): neither "signed out" nor a redirect to sign in.
  if (locals.sessionUnavailable)
    deny(503, 'SERVICE_UNAVAILABLE', 'The service is temporarily unavailable. Please try again in a moment.');
  if (wantsPage(event)) {
    const back = event.url.pathname + event.url.search;
    const reason = locals.sessionEnded ? '&reason=session-ended' : '';
    redirect(303, `${options.loginPath ?? '/login'}?redirectTo=${encodeURIComponent(back)}${reason}`);
  }
  deny(401, 'AUTH_UNAUTHENTICATED', 'Sign in to continue.');
}

/**
 * Like `requireUser`, and the user's email must be verified: otherwise page requests go to `/verify-email` and
 * other requests get a 403 `AUTH_EMAIL_NOT_VERIFIED`.
 */
export function requireVerified(
  event: GuardEvent,
  options: GuardOptions & { verifyPath?: string } = {},
): AuthenticatedRequest {
  const authenticated = requireUser(event, options);
  if (authenticated.user.emailVerified) return authenticated;
  if (wantsPage(event)) redirect(303, options.verifyPath ?? '/verify-email');
  deny(403, 'AUTH_EMAIL_NOT_VERIFIED', 'Verify your email address to continue.');
}
