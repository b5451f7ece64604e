import { sdkError, toHttpResponse } from '../core/errors.ts';
import type { Logger } from '../core/logger.ts';
import { getRequestContext } from '../core/request-context.ts';
import { fromBody } from './error-codes.ts';

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

/**
 * Wraps better-auth's handler: refuses bodies over 64 KiB (413 PAYLOAD_TOO_LARGE) before better-auth reads them,
 * and rewrites every JSON error answer into `{ error: { code, message, details?, requestId } }` with our codes,
 * keeping its headers (`Set-Cookie`, `Retry-After`). Redirects and successful answers pass through untouched.
 */
export function wrapHandler(handler: (request: Request) => Promise<Response>, logger: Logger) {
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
      return await rewriteError(response, requestId, logger);
    } catch (error) {
      logger.error({ err: error }, 'auth handler failed');
      return toHttpResponse(error, requestId);
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
  if (error.code === 'INTERNAL_ERROR') logger.error({ status: response.status, body }, 'better-auth answered an error');
  const rewritten = toHttpResponse(error, requestId);
  // Keep better-auth's cookies (a cleared session cookie on a failed call must still reach the browser).
  for (const cookie of response.headers.getSetCookie()) rewritten.headers.append('set-cookie', cookie);
  return rewritten;
}
