import { describe, expect, it } from 'vitest';
import { sdkError } from '../core/errors.ts';
import { createLogger } from '../core/logger.ts';
import { describeCaughtError, svSdkHandleError } from './handle-error.ts';

describe('handleError', () => {
  it('answers expected outcomes with their own code and message, at debug/info level', () => {
    expect(describeCaughtError({ kind: 'framework', error: { status: 404, message: 'Not Found' } })).toEqual({
      body: { status: 404, code: 'NOT_FOUND', message: 'This page does not exist.' },
      level: 'debug',
    });
    // requireUser's error(401, 'Sign in to continue.', { code }) keeps its code and message.
    expect(
      describeCaughtError({
        kind: 'app',
        error: { status: 401, message: 'Sign in to continue.', code: 'AUTH_UNAUTHENTICATED' },
      }),
    ).toEqual({ body: { status: 401, code: 'AUTH_UNAUTHENTICATED', message: 'Sign in to continue.' }, level: 'debug' });
    expect(describeCaughtError({ kind: 'app', error: { status: 403, message: 'No.' } }).body.code).toBe(
      'PERMISSION_DENIED',
    );
    expect(
      describeCaughtError({ kind: 'framework', error: { status: 405, message: 'Method Not Allowed' } }).body,
    ).toEqual({ status: 405, code: 'METHOD_NOT_ALLOWED', message: 'This method is not allowed here.' });
    expect(describeCaughtError({ kind: 'unknown', error: sdkError('RATE_LIMITED') })).toMatchObject({
      body: { status: 429, code: 'RATE_LIMITED' },
      level: 'info',
    });
  });

  it('answers a fault as INTERNAL_ERROR without internals, at error level', () => {
    const fault = describeCaughtError({ kind: 'unknown', error: new Error('connection to db-7.internal refused') });
    expect(fault).toEqual({
      body: { status: 500, code: 'INTERNAL_ERROR', message: 'Something went wrong.' },
      level: 'error',
    });
    expect(describeCaughtError({ kind: 'app', error: { status: 503, message: 'db-7 down' } }).body.message).toBe(
      'Something went wrong.',
    );
  });

  it('logs a 404 at debug and a fault at error, both with the request id', async () => {
    const lines: { level: number; msg: string; requestId?: string; status?: number }[] = [];
    const logger = createLogger({
      level: 'debug',
      pretty: false,
      name: 'test',
      destination: { write: (line: string) => void lines.push(JSON.parse(line)) },
    });
    const handleError = svSdkHandleError({ sdk: { logger } as never });
    const event = {
      locals: { requestId: 'req-1' },
      url: new URL('http://x/missing'),
      request: new Request('http://x/missing'),
    };
    const missing = await handleError({ kind: 'framework', error: { status: 404, message: 'Not Found' }, event });
    expect(missing).toMatchObject({ code: 'NOT_FOUND', requestId: 'req-1' });
    await handleError({ kind: 'unknown', error: new Error('boom'), event });
    expect(lines.map((line) => [line.level, line.msg, line.requestId, line.status])).toEqual([
      [20, 'request refused', 'req-1', 404],
      [50, 'unhandled error', 'req-1', 500],
    ]);
  });
});
