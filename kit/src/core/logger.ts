import pino, { type DestinationStream, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';
import { scrubQueryParams, serializeError } from './log-errors.ts';
import { getRequestContext } from './request-context.ts';

export type Logger = PinoLogger;
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Keys whose values never reach a log line, at the top level and one or two levels down. */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'currentPassword',
  'passwordHash',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'apiKey',
  'authorization',
  'cookie',
  'set-cookie',
  'sessionToken',
  'DATABASE_URL',
  'REDIS_URL',
  'BETTER_AUTH_SECRET',
  'FIELD_ENCRYPTION_KEY',
  'FIELD_ENCRYPTION_KEYS_OLD',
  'FIELD_INDEX_KEY',
  'SMTP_URL',
  'AWS_SECRET_ACCESS_KEY',
  'BREVO_API_KEY',
  'clientSecret',
  'privateKey',
];

/** pino redact paths: each key at the top level and up to two levels down (`*.key`, `*.*.key`). */
export const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  const plain = /^[A-Za-z_$][\w$]*$/.test(key);
  const segment = plain ? `.${key}` : `["${key}"]`;
  return [plain ? key : segment, `*${segment}`, `*.*${segment}`];
});

/** The message pino writes for a line logged without one: the error's (`logger.error(error)`, `{ err }`). */
function impliedMessage(arg: unknown): string | undefined {
  if (arg instanceof Error) return arg.message;
  if (typeof arg !== 'object' || arg === null || 'msg' in arg) return undefined;
  const err = (arg as { err?: unknown }).err;
  return err instanceof Error ? err.message : undefined;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Pretty, coloured lines for people; otherwise one JSON object a line. */
  pretty?: boolean;
  name?: string;
  /** Where lines go (tests pass a stream to read them back). */
  destination?: DestinationStream;
}

/**
 * The logger of the SDK: pino with secrets redacted, errors serialized without query parameters
 * ({@link serializeError}) and the current request id on every line.
 * @example const logger = createLogger({ level: 'info', pretty: false })
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const config: pino.LoggerOptions = {
    name: options.name ?? 'sv-sdk',
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    mixin() {
      const context = getRequestContext();
      return context ? { requestId: context.requestId, ...(context.userId ? { userId: context.userId } : {}) } : {};
    },
    // Database errors by query shape and code, never their parameters (log-errors.ts).
    serializers: { err: serializeError, error: serializeError },
    hooks: {
      // A message that copied a failed query's text (`${error.message}`) loses its parameters too, and so does the
      // message pino takes from the error of `logger.error(error)` or `logger.error({ err })`.
      logMethod(args, method) {
        const inputs = args as unknown[];
        for (let i = 0; i < inputs.length; i++) {
          const arg = inputs[i];
          if (typeof arg === 'string' && arg.includes('Failed query: ')) inputs[i] = scrubQueryParams(arg);
        }
        if (inputs.length === 1) {
          const message = impliedMessage(inputs[0]);
          if (message?.includes('Failed query: ')) inputs.push(scrubQueryParams(message));
        }
        return method.apply(this, args);
      },
    },
  };
  if (options.destination) return pino(config, options.destination);
  if (options.pretty) {
    // A stream in this thread rather than a transport: a transport resolves 'pino-pretty' from the caller's
    // location, which fails inside bundlers (Vite's SSR module runner).
    return pino(config, pretty({ colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname', sync: true }));
  }
  return pino(config);
}
