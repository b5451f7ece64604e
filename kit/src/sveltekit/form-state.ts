// The shape auth form actions return and `@sv-sdk/components`' auth forms display (types only, browser-safe).

/** An error as the server sends it (`{ error: { code, message, details?, requestId } }`). */
export interface AuthFormError {
  /** Stable error code, e.g. `AUTH_INVALID_CREDENTIALS`. */
  code: string;
  message?: string;
  details?: { fieldErrors?: Record<string, string | string[] | undefined> } & Record<string, unknown>;
  requestId?: string;
}

/** What an auth form action returns (with `fail(status, state)` on error); the page passes it to the form. */
export interface AuthFormState {
  error?: AuthFormError | null;
  /** Errors by field name: error codes or ready messages. */
  fieldErrors?: Record<string, string | string[] | undefined>;
  /** Values to put back in the fields (never passwords). */
  values?: Record<string, string | undefined>;
  success?: boolean;
}

/** What the two-factor enrolment actions return: the enrolment to show, then the backup codes once. */
export interface TwoFactorFormState extends AuthFormState {
  /** Present while enrolling: the `otpauth://` URI for authenticator apps and its secret to type by hand. */
  enrolment?: { totpUri: string; secret?: string } | null;
  /** The backup codes, returned once, right after the first code was verified. */
  backupCodes?: string[] | null;
}
