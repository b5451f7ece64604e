import { DrizzleQueryError } from 'drizzle-orm';
import { isSDKError, sdkError, type SDKError } from '../core/errors.ts';

/** Node and postgres-js error codes that mean "the connection failed", not "the query was wrong". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);

const SQLSTATE = /^[0-9A-Z]{5}$/;

function codeOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('code' in value)) return undefined;
  return typeof value.code === 'string' ? value.code : undefined;
}

/**
 * The PostgreSQL SQLSTATE of an error (e.g. `23505` for a unique violation), looking through `cause` chains, so it
 * works on raw driver errors, Drizzle's `DrizzleQueryError` and our wrapped `DATABASE_ERROR` alike.
 * @example if (sqlStateOf(error) === '23505') throw sdkError('CONFLICT')
 */
export function sqlStateOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    const code = codeOf(current);
    if (code !== undefined && SQLSTATE.test(code)) return code;
    if (isSDKError(current) && typeof current.details?.sqlState === 'string') return current.details.sqlState;
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return undefined;
}

/** True for errors raised by the database or its connection (as opposed to errors of the caller's own code). */
export function isDriverError(error: unknown): boolean {
  if (error instanceof DrizzleQueryError) return true;
  const code = codeOf(error);
  return code !== undefined && (SQLSTATE.test(code) || CONNECTION_CODES.has(code));
}

/**
 * SQLSTATEs that mean the server cannot serve now rather than that the query was wrong: connection exceptions (class
 * 08), admin/crash shutdown and "starting up" (57P01–57P03), too many connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

/**
 * True when an error (anywhere in its `cause` chain) says the database could not be reached or is going away: the
 * request should be answered 503, not 500, whatever a later availability probe says (the server may be back by then).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const code = codeOf(current);
    if (code !== undefined && (CONNECTION_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    if (isSDKError(current) && typeof current.details?.sqlState === 'string') {
      if (UNAVAILABLE_SQLSTATE.test(current.details.sqlState)) return true;
    }
    current = 'cause' in current ? current.cause : undefined;
  }
  return false;
}

/**
 * Wraps a driver error as `SDKError('DATABASE_ERROR')` with the original as `cause`; anything else (an `SDKError`, an
 * error thrown by the caller's own callback) is returned unchanged. The message names the operation and SQLSTATE
 * only: never SQL parameters or the connection string.
 */
export function toDatabaseError(error: unknown, operation: string): unknown {
  if (isSDKError(error) || !isDriverError(error)) return error;
  const sqlState = sqlStateOf(error);
  const connectionCode = sqlState === undefined ? codeOf(error) : undefined;
  return sdkError('DATABASE_ERROR', {
    message: `[sv-sdk] [db] ${operation} failed${sqlState ? ` (SQLSTATE ${sqlState})` : connectionCode ? ` (${connectionCode})` : ''}.`,
    details: sqlState ? { sqlState } : undefined,
    // Drizzle's DrizzleQueryError puts the SQL *and its parameters* (password hashes, tokens…) in its message, and
    // loggers print causes: keep the driver's own error instead.
    cause: error instanceof DrizzleQueryError && error.cause !== undefined ? error.cause : error,
  });
}

/** The error thrown when a closed database is used. */
export function closedDatabaseError(): SDKError {
  return sdkError('DATABASE_ERROR', { message: '[sv-sdk] [db] The database is closed.' });
}
