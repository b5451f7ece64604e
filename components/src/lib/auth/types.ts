/** An error as the server sends it (`{ error: { code, message, details?, requestId } }`). */
export interface AuthFormError {
  /** Stable error code, e.g. `AUTH_INVALID_CREDENTIALS`. Shown as a human message. */
  code: string;
  /** Server message; shown only when the code has no message of its own. */
  message?: string;
  details?: { fieldErrors?: Record<string, string | string[] | undefined> } & Record<string, unknown>;
  requestId?: string;
}

/**
 * What a form action (or a callback) returns to an auth form: a SvelteKit action can return it
 * as-is with `fail(400, state)`, and the page passes `form` to the component.
 *
 * @example
 * ```ts
 * return fail(400, { error: { code: 'AUTH_INVALID_CREDENTIALS' }, values: { email } });
 * ```
 */
export interface AuthFormState {
  error?: AuthFormError | null;
  /** Errors by field name: error codes (`AUTH_PASSWORD_TOO_WEAK`) or ready messages. */
  fieldErrors?: Record<string, string | string[] | undefined>;
  /** Values to put back in the fields (never passwords). */
  values?: Record<string, string | undefined>;
  /** The action succeeded (e.g. "reset link sent", "profile saved"). */
  success?: boolean;
}

/**
 * Submit handler for callback mode: when given, the form does not navigate; it calls this with
 * the form data and shows the returned state. Without it, the form posts to `action`.
 */
export type AuthSubmitHandler = (data: FormData) => Promise<AuthFormState | void> | AuthFormState | void;

/** One signed-in session, for {@link SessionsList}. */
export interface AuthSession {
  id: string;
  /** Browser / OS description or raw user agent. */
  userAgent?: string | null;
  ipAddress?: string | null;
  createdAt?: Date | string;
  lastActiveAt?: Date | string;
  /** The session of this request. */
  current?: boolean;
}
