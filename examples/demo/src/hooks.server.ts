import { randomUUID } from 'node:crypto';
import { runWithRequestContext, toHttpResponse } from '@sv-sdk/kit';
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { getSDK } from '#lib/server/sdk.ts';

// Start the SDK with the server, not on the first request, so a bad configuration fails at start-up.
const sdkReady = getSDK();

export const handle: Handle = async ({ event, resolve }) => {
  const requestId = event.request.headers.get('x-request-id')?.slice(0, 128) || randomUUID();
  event.locals.requestId = requestId;
  event.locals.sdk = await sdkReady;
  return runWithRequestContext({ requestId }, async () => {
    const response = await resolve(event);
    response.headers.set('x-request-id', requestId);
    return response;
  });
};

export const handleError: HandleServerError = async ({ error, event }) => {
  const sdk = await sdkReady.catch(() => undefined);
  sdk?.logger.error({ err: error, path: event.url.pathname, requestId: event.locals.requestId }, 'unhandled error');
  const body = (await toHttpResponse(error, event.locals.requestId).json()) as {
    error: { code: string; message: string };
  };
  return { message: body.error.message, code: body.error.code, requestId: event.locals.requestId };
};
