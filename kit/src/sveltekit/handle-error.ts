import { ERROR_CODES, isSDKError, type ErrorCode } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import type { SDK } from '../core/sdk.ts';
import type { SDKSource } from './handle.ts';
import { svSdkLocals } from './locals.ts';

/** What sv-sdk's `handleError` answers: SvelteKit's `App.Error` with the stable code and the request id. */
export interface SvSdkAppError {
  status?: number;
  message: string;
  code: string;
  requestId?: string;
}

/** The part of SvelteKit 3's `handleError` input this reads (`kind`: app, framework, validation, unknown). */
export interface CaughtErrorInput {
  kind: 'app' | 'framework' | 'validation' | 'unknown';
  error: unknown;
  event: { locals: object; url: URL; request: Request };
}

/** Stable codes and plain messages for what SvelteKit itself answers (404 of an unknown route, 405…). */
const BY_STATUS: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'VALIDATION_FAILED', message: ERROR_CODES.VALIDATION_FAILED.message },
  401: { code: 'UNAUTHENTICATED', message: ERROR_CODES.UNAUTHENTICATED.message },
  403: { code: 'PERMISSION_DENIED', message: ERROR_CODES.PERMISSION_DENIED.message },
  404: { code: 'NOT_FOUND', message: 'This page does not exist.' },
  405: { code: 'METHOD_NOT_ALLOWED', message: 'This method is not allowed here.' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: ERROR_CODES.PAYLOAD_TOO_LARGE.message },
  429: { code: 'RATE_LIMITED', message: ERROR_CODES.RATE_LIMITED.message },
};

/**
 * Classifies one caught error (pure): expected outcomes (4xx from `error()`, SvelteKit's 404s, an `SDKError` below
 * 500) keep their status with a stable code and are logged at debug/info; anything else is an internal error,
 * answered without internals and logged at error level with the request id.
 */
export function describeCaughtError(input: Pick<CaughtErrorInput, 'kind' | 'error'>): {
  body: Omit<SvSdkAppError, 'requestId'>;
  level: 'debug' | 'info' | 'error';
} {
  const { kind, error } = input;
  if (kind === 'app' || kind === 'framework' || kind === 'validation') {
    const caught = (error ?? {}) as { status?: number; message?: string; code?: unknown };
    const status = typeof caught.status === 'number' ? caught.status : 500;
    const known = BY_STATUS[status];
    const code =
      typeof caught.code === 'string'
        ? caught.code
        : (known?.code ?? (status < 500 ? 'BAD_REQUEST' : 'INTERNAL_ERROR'));
    // SvelteKit's own texts ("Not Found") become ours; an app's message thrown with error() is kept.
    const message = kind === 'app' && caught.message ? caught.message : (known?.message ?? caught.message ?? '');
    if (status < 500) return { body: { status, code, message }, level: status === 429 ? 'info' : 'debug' };
    return { body: { status, code, message: ERROR_CODES.INTERNAL_ERROR.message }, level: 'error' };
  }
  if (isSDKError(error) && error.status < 500) {
    return { body: { status: error.status, code: error.code, message: error.message }, level: 'info' };
  }
  return {
    body: { status: 500, code: 'INTERNAL_ERROR', message: ERROR_CODES.INTERNAL_ERROR.message },
    level: 'error',
  };
}

/**
 * sv-sdk's SvelteKit `handleError` (SvelteKit 3 calls it for every error, expected or not): 401/403/404/429 are
 * answered with their own code and message and logged at debug/info; only real faults are logged as errors, with
 * the request id, and answered as `INTERNAL_ERROR` without internals.
 * @example
 * // src/hooks.server.ts
 * export const handleError = svSdkHandleError({ sdk: getSDK });
 */
export function svSdkHandleError(options: { sdk: SDKSource }) {
  let logger: Logger | undefined;
  const loggerOf = async (): Promise<Logger | undefined> => {
    if (logger) return logger;
    const source = options.sdk;
    const sdk: SDK | undefined = await Promise.resolve(typeof source === 'function' ? source() : source).catch(
      () => undefined,
    );
    logger = sdk?.logger.child({ module: 'sveltekit' });
    return logger;
  };
  return async (input: CaughtErrorInput): Promise<SvSdkAppError> => {
    const requestId = svSdkLocals(input.event.locals).requestId as string | undefined;
    const { body, level } = describeCaughtError(input);
    const log = await loggerOf();
    const where = {
      path: input.event.url.pathname,
      method: input.event.request.method,
      status: body.status,
      requestId,
    };
    if (level === 'error') log?.error({ ...where, err: input.error }, 'unhandled error');
    else log?.[level]({ ...where, code: body.code }, 'request refused');
    return { ...body, ...(requestId ? { requestId } : {}) };
  };
}
