import { describe, expect, it } from 'vitest';
import { isSDKError, SDKError, sdkError, statusOf, toHttpResponse } from './errors.ts';

describe('errors', () => {
  it('gives known codes their status and message', () => {
    const error = sdkError('RATE_LIMITED', { headers: { 'retry-after': '30' } });
    expect(error).toBeInstanceOf(SDKError);
    expect(error.status).toBe(429);
    expect(error.message).toBe('Too many requests. Try again later.');
    expect(isSDKError(error, 'RATE_LIMITED')).toBe(true);
    expect(isSDKError(error, 'NOT_FOUND')).toBe(false);
  });

  it('accepts domain codes with their own status', () => {
    const error = sdkError('AUTH_EMAIL_NOT_VERIFIED', { status: 403, message: 'Verify your email first.' });
    expect(statusOf(error)).toBe(403);
  });

  it('answers an SDKError with its code, details, headers and the request id', async () => {
    const response = toHttpResponse(
      sdkError('VALIDATION_FAILED', { details: { field: 'email' }, headers: { 'x-a': '1' } }),
      'req-1',
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('x-a')).toBe('1');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The request is not valid.',
        details: { field: 'email' },
        requestId: 'req-1',
      },
    });
  });

  it('answers unknown errors as 500 without internals', async () => {
    const response = toHttpResponse(new Error('connect ECONNREFUSED 10.0.0.3:5432 password=hunter2'), 'req-2');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('ECONNREFUSED');
    expect(JSON.parse(text)).toEqual({
      error: { code: 'INTERNAL_ERROR', message: 'Something went wrong.', requestId: 'req-2' },
    });
  });
});
