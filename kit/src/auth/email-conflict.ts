import type { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { authError, toApiError } from './error-codes.ts';

type AdapterFactory = ReturnType<typeof drizzleAdapter>;

/** PostgreSQL's unique_violation, wherever the driver or Drizzle put it in the cause chain. */
export function isUniqueViolation(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Wraps better-auth's database adapter so a user update that sets an email another account holds (an email change
 * confirmed after that account took the address, an admin's edit) is `AUTH_EMAIL_CHANGE_CONFLICT` 409, not the
 * unique violation's 500. Caught at the write, so no check-then-write race remains.
 */
export function withEmailConflicts(factory: AdapterFactory): AdapterFactory {
  return (options) => {
    const adapter = factory(options);
    const update: typeof adapter.update = async (args) => {
      try {
        return await adapter.update(args);
      } catch (error) {
        const setsEmail = args.model === 'user' && typeof (args.update as { email?: unknown }).email === 'string';
        if (setsEmail && isUniqueViolation(error)) throw toApiError(authError('AUTH_EMAIL_CHANGE_CONFLICT'));
        throw error;
      }
    };
    return { ...adapter, update };
  };
}
