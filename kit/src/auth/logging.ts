import type { BetterAuthOptions } from 'better-auth';
import { isAPIError } from 'better-auth/api';
import { scrubQueryParams, serializeError } from '../core/log-errors.ts';
import type { Logger } from '../core/logger.ts';

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * better-auth's lines caused by a client, not by a fault: logged below `error` (and `warn`). Anything not listed
 * keeps better-auth's level.
 */
const CLIENT_LINES: readonly (readonly [RegExp, Level])[] = [
  // Wrong credentials, unknown accounts, bad or expired OAuth round trips: every day, answered with a 4xx.
  [
    /^(User not found|Password not found|Invalid password|Reset Password: User not found|Email is the same|Invalid id token|Code not found|State not found|No callback URL found|INVALID_CALLBACK_REQUEST)\b/,
    'debug',
  ],
  // Sign-up or email change to an address that exists: our `user.existing_signup` event carries it.
  [/^(Sign-up|Change email) attempt for existing email/, 'debug'],
  // Requests refused by the origin/CSRF checks: worth seeing, not a failure of the server.
  [/^(Invalid origin|Invalid [A-Za-z]*URL|Blocked cross-site navigation)/, 'warn'],
];

/** Keys whose values never reach a line, whatever their depth (our pino redaction only knows fixed paths). */
const SECRET_KEY =
  /passw|secret|token|cookie|authori[sz]ation|otp|hash|credential|signature|private|api-?key|^code$|^key$/i;
const REDACTED = '[redacted]';

/**
 * Secrets written inside text: `name=value` pairs (query strings, cookies), JSON members, HTTP credentials, and the
 * parameters of a failed query (Drizzle's `Failed query: …\nparams: …`).
 */
export function scrubText(text: string): string {
  return scrubQueryParams(text)
    .replace(
      /\b([\w.-]*(?:token|secret|passw(?:or)?d|code|otp|key|signature|cookie)[\w.-]*)=([^&\s;,'"]+)/gi,
      `$1=${REDACTED}`,
    )
    .replace(/("[\w.-]*(?:token|secret|passw(?:or)?d|otp|cookie|key)[\w.-]*"\s*:\s*)"[^"]*"/gi, `$1"${REDACTED}"`)
    .replace(/\b(Bearer|Basic)\s+[\w~+/.=-]+/gi, `$1 ${REDACTED}`);
}

/** A copy of a log argument safe to write: secret keys dropped at any depth, text scrubbed, errors reduced. */
export function scrubValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= 4) return '[object]';
  if (value instanceof Error) {
    // Only what helps to read the line: an error may carry a request (headers, cookies) or a response body. Message
    // and stack as the logger's serializer writes them: a failed query by its shape, without its parameters.
    const safe = serializeError(value) as {
      type: string;
      message: string;
      stack?: string;
      code?: unknown;
      query?: string;
    };
    const out: Record<string, unknown> = { type: safe.type, message: scrubText(safe.message) };
    if (safe.stack) out.stack = scrubText(safe.stack);
    if (safe.query) out.query = safe.query;
    const extra = value as Error & { status?: unknown; statusCode?: unknown; code?: unknown; cause?: unknown };
    for (const key of ['status', 'statusCode', 'code'] as const) {
      if (typeof extra[key] === 'string' || typeof extra[key] === 'number') out[key] = extra[key];
    }
    // An API error's code (INVALID_EMAIL_OR_PASSWORD, RATE_LIMITED…) is in its body; a failed query's, in its cause.
    const body = (value as { body?: { code?: unknown } }).body;
    if (out.code === undefined && typeof body?.code === 'string') out.code = body.code;
    if (out.code === undefined && typeof safe.code === 'string') out.code = safe.code;
    if (extra.cause !== undefined) out.cause = scrubValue(extra.cause, depth + 1);
    return out;
  }
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => scrubValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value).slice(0, 50)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : scrubValue(item, depth + 1);
  }
  return out;
}

/**
 * What goes under `err` (pino's error serializer copies every enumerable property, so never the error itself): an
 * Error with the scrubbed message, stack and cause, and the status and code only.
 */
function safeError(error: Error): Error {
  const scrubbed = scrubValue(error) as Record<string, unknown>;
  const copy = new Error(String(scrubbed.message));
  // Not enumerable, as on any error: the serializer reads it for `type` and copies enumerable properties.
  Object.defineProperty(copy, 'name', { value: String(scrubbed.type), enumerable: false, configurable: true });
  copy.stack = typeof scrubbed.stack === 'string' ? scrubbed.stack : copy.stack;
  for (const key of ['status', 'statusCode', 'code', 'query', 'cause'] as const) {
    if (scrubbed[key] !== undefined) Object.assign(copy, { [key]: scrubbed[key] });
  }
  return copy;
}

/** Fields of a line about an error: status and code of an answer to the client, the whole (scrubbed) error of a fault. */
function errorFields(error: unknown): Record<string, unknown> {
  if (isAPIError(error) && error.statusCode < 500) {
    const code = (error.body as { code?: unknown } | undefined)?.code;
    return { status: error.statusCode, ...(typeof code === 'string' ? { code } : {}) };
  }
  return error instanceof Error ? { err: safeError(error) } : {};
}

function levelOf(level: Level, message: string, args: readonly unknown[]): Level {
  for (const [pattern, client] of CLIENT_LINES) if (pattern.test(message)) return client;
  // An API error below 500 is an answer to the client (validation, credentials, rate limit), not a fault.
  const apiError = args.find(isAPIError);
  if (apiError && apiError.statusCode < 500) return apiError.statusCode === 429 ? 'info' : 'debug';
  return level;
}

/** better-auth's level from ours, so it does not even format what we would drop. */
function betterAuthLevel(logger: Logger): Level {
  for (const level of ['debug', 'info', 'warn'] as const) if (logger.isLevelEnabled(level)) return level;
  return 'error';
}

/** The level of a line about an error answer: 429 at info, other 4xx at debug (answers to clients), 5xx at error. */
export function answerLevel(status: number): Level {
  return status >= 500 ? 'error' : status === 429 ? 'info' : 'debug';
}

/**
 * better-auth's `logger` and `onAPIError` options on our logger (`component: 'better-auth'`): JSON lines with the
 * request id like every other, expected client errors (wrong credentials, validation, rate limits) at `debug`/`info`,
 * faults at `error`. Messages and arguments are scrubbed of tokens, passwords and cookies before they are written.
 *
 * `onAPIError.throw`: an error that reaches better-auth's router is thrown to the caller of `handler` instead of
 * being handed to `onAPIError.onError`. An API error (a 429 of a before hook, an origin refusal) is then still
 * answered by better-call, and our handler (`handler.ts`) logs the answer; any other error (a database failure)
 * reaches our handler, which logs it through this logger's serializer and answers `INTERNAL_ERROR`. With `onError`
 * instead, better-call printed such an error after it with `console.error('# SERVER_ERROR: ', error)`, the failed
 * query's parameters (emails, session tokens) included. Without either, better-auth writes every API error it
 * answers as ERROR through its global logger, which outside an endpoint's context is `console`.
 */
export function betterAuthLogging(
  parent: Logger,
): Required<Pick<BetterAuthOptions, 'logger'>> & { onAPIError: { throw: true } } {
  const logger = parent.child({ component: 'better-auth' });
  const write = (level: Level, message: string, args: readonly unknown[]) => {
    const target = levelOf(level, message, args);
    if (!logger.isLevelEnabled(target)) return;
    const error = args.find((arg) => arg instanceof Error);
    const rest = args.filter((arg) => arg !== error);
    logger[target](
      {
        ...errorFields(error),
        ...(rest.length > 0 ? { args: rest.map((arg) => scrubValue(arg)) } : {}),
      },
      scrubText(message),
    );
  };
  return {
    logger: {
      level: betterAuthLevel(logger),
      disableColors: true,
      log(level, message, ...args: unknown[]) {
        write(level, typeof message === 'string' ? message : String(message), args);
      },
    },
    onAPIError: { throw: true },
  };
}
