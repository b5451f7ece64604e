import { databaseUnavailableError, isSDKError, sdkError, toHttpResponse } from '../core/errors.ts';
import { createLogThrottle } from '../core/log-throttle.ts';
import { isDatabaseUnavailable } from '../db/errors.ts';
import type { Logger } from '../core/logger.ts';
import { getRequestContext } from '../core/request-context.ts';
import { fromBody } from './error-codes.ts';
import { answerLevel, scrubText } from './logging.ts';

export interface WrapHandlerOptions {
  /** `db.available()`: consulted on 401 and 5xx answers only. */
  databaseAvailable?: () => Promise<boolean>;
}

/** Largest request body /api/auth accepts (credentials and profile fields are tiny). */
export const MAX_AUTH_BODY_BYTES = 64 * 1024;

/**
 * Reads at most `limit` bytes of a body; undefined when it is longer (without reading the rest).
 */
async function readLimited(request: Request, limit: number): Promise<Uint8Array | undefined> {
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** What a client learns of an error thrown out of better-auth: an `SDKError`'s code, never the internals of a fault. */
function publicError(error: unknown): unknown {
  if (!isSDKError(error)) return sdkError('INTERNAL_ERROR');
  // A DATABASE_ERROR's own message names the operation and SQLSTATE: the client gets the code's usual text.
  return error.status < 500 ? error : sdkError(error.code, { status: error.status, headers: error.headers });
}

/**
 * Wraps better-auth's handler: refuses bodies over 64 KiB (413 PAYLOAD_TOO_LARGE) before better-auth reads them,
 * and rewrites every JSON error answer into `{ error: { code, message, details?, requestId } }` with our codes,
 * keeping its headers (`Set-Cookie`, `Retry-After`). Redirects and successful answers pass through untouched.
 * Every error answer is logged (`component: 'better-auth'`, by `answerLevel`: 429 info, other 4xx debug, 5xx error);
 * an error better-auth throws (it is configured to, see `betterAuthLogging`: a database failure) is logged with the
 * error and answered `INTERNAL_ERROR`.
 */
export function wrapHandler(
  handler: (request: Request) => Promise<Response>,
  logger: Logger,
  options: WrapHandlerOptions = {},
) {
  const answers = logger.child({ component: 'better-auth' });
  const unavailable = createLogThrottle(logger);
  const databaseDown = async (): Promise<boolean> =>
    options.databaseAvailable ? !(await options.databaseAvailable()) : false;
  return async function handle(request: Request): Promise<Response> {
    const requestId = getRequestContext()?.requestId;
    let forwarded = request;
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const declared = Number(request.headers.get('content-length') ?? '0');
        if (declared > MAX_AUTH_BODY_BYTES) return toHttpResponse(sdkError('PAYLOAD_TOO_LARGE'), requestId);
        const body = await readLimited(request, MAX_AUTH_BODY_BYTES);
        if (body === undefined) return toHttpResponse(sdkError('PAYLOAD_TOO_LARGE'), requestId);
        forwarded = new Request(request.url, {
          method: request.method,
          headers: request.headers,
          body: body.byteLength > 0 ? (body as NonNullable<RequestInit['body']>) : null,
          signal: request.signal,
        });
      }
      const response = await handler(forwarded);
      if (response.status < 400) return response;
      // better-auth answers 401 when it could not read the session (it swallows the database error) and 500 when a
      // query failed: with the database away, neither is true. The client must keep its session and retry.
      if ((response.status === 401 || response.status >= 500) && (await databaseDown()))
        return toHttpResponse(databaseUnavailableError(), requestId);
      return await rewriteError(response, requestId, answers);
    } catch (error) {
      if (isDatabaseUnavailable(error) || (await databaseDown())) {
        // Every request fails while the database is away: one line per 10 s (with the count left out), not one each.
        unavailable.log('database', 'warn', { err: error }, 'auth request failed: the database is unavailable (503)');
        return toHttpResponse(databaseUnavailableError(), requestId);
      }
      logger.error({ err: error }, 'auth handler failed');
      return toHttpResponse(publicError(error), requestId);
    }
  };
}

async function rewriteError(response: Response, requestId: string | undefined, logger: Logger): Promise<Response> {
  let body: { code?: unknown; message?: unknown; details?: unknown } | undefined;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      body = (await response.clone().json()) as typeof body;
    } catch {
      body = undefined;
    }
  }
  const headers: Record<string, string> = {};
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter) headers['Retry-After'] = retryAfter;
  const error = fromBody(response.status, body, headers);
  const level = answerLevel(response.status);
  if (logger.isLevelEnabled(level)) {
    const code = typeof body?.code === 'string' ? { code: body.code } : {};
    const message = typeof body?.message === 'string' ? ` ${scrubText(body.message)}` : '';
    logger[level]({ status: response.status, ...code }, `${response.status}${message}`);
  }
  const rewritten = toHttpResponse(error, requestId);
  // Keep better-auth's cookies (a cleared session cookie on a failed call must still reach the browser).
  for (const cookie of response.headers.getSetCookie()) rewritten.headers.append('set-cookie', cookie);
  return rewritten;
}
