import { sdkError, type SDKError, type SDKErrorOptions } from '../core/errors.ts';

/**
 * Error codes of the security layer, as data: an HTTP status and a human message each. The core's codes it also
 * throws (`RATE_LIMITED`, `CSRF_FAILED`, `CONFIG_INVALID`) live in `core/errors.ts`.
 * @example if (isSDKError(error, 'AUTH_PASSWORD_BREACHED')) showHint(SECURITY_ERROR_CODES.AUTH_PASSWORD_BREACHED.message)
 */
export const SECURITY_ERROR_CODES = {
  AUTH_PASSWORD_TOO_WEAK: { status: 400, message: 'The password does not meet the password policy.' },
  AUTH_PASSWORD_BREACHED: { status: 400, message: 'The password appears in lists of leaked passwords.' },
  EMAIL_INVALID: { status: 400, message: 'The email address is not valid.' },
  HTML_TOO_LARGE: { status: 413, message: 'The text is too long.' },
  FIELD_ENCRYPTION_DISABLED: { status: 500, message: 'Field encryption is not configured: set FIELD_ENCRYPTION_KEY.' },
  FIELD_INDEX_DISABLED: { status: 500, message: 'The blind index is not configured: set FIELD_INDEX_KEY.' },
  FIELD_ENCRYPTION_MALFORMED: { status: 500, message: 'An encrypted value is malformed.' },
  FIELD_ENCRYPTION_UNKNOWN_KEY: { status: 500, message: 'An encrypted value names a key that is not configured.' },
  FIELD_DECRYPTION_FAILED: { status: 500, message: 'An encrypted value could not be decrypted.' },
} as const satisfies Record<Uppercase<string>, { status: number; message: string }>;

export type SecurityErrorCode = keyof typeof SECURITY_ERROR_CODES;

/**
 * Creates an `SDKError` with one of the security layer's codes, its status and default message.
 * @example throw securityError('EMAIL_INVALID', { details: { reason: 'missing @' } })
 */
export function securityError(code: SecurityErrorCode, options: SDKErrorOptions = {}): SDKError {
  const known = SECURITY_ERROR_CODES[code];
  return sdkError(code, { status: known.status, message: known.message, ...options });
}
