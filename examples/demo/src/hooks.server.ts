import { toHttpResponse } from '@sv-sdk/kit';
import { svSdkHandle } from '@sv-sdk/kit/sveltekit';
import type { Handle, HandleServerError } from '@sveltejs/kit/hooks';
import { getSDK } from '#lib/server/sdk.ts';

// Start the SDK with the server, not on the first request, so a bad configuration fails at start-up.
const sdkReady = getSDK();

export const handle: Handle = svSdkHandle({ sdk: sdkReady });

export const handleError: HandleServerError = async ({ error, event }) => {
  const sdk = await sdkReady.catch(() => undefined);
  sdk?.logger.error({ err: error, path: event.url.pathname, requestId: event.locals.requestId }, 'unhandled error');
  const body = (await toHttpResponse(error, event.locals.requestId).json()) as {
    error: { code: string; message: string };
  };
  return { message: body.error.message, code: body.error.code, requestId: event.locals.requestId };
};
